"""Judge an observed value of a success metric against its baseline and target."""

from __future__ import annotations

import math
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from problemframe.model import Direction, SuccessMetric
from problemframe.numbers import figure, percent


class Verdict(StrEnum):
    """How the change did against its success metric."""

    MET = "met"
    PARTIAL = "partial"
    MISSED = "missed"
    INCONCLUSIVE = "inconclusive"


class VerdictResult(BaseModel):
    """A verdict with the numbers behind it and a sentence a person can check."""

    model_config = ConfigDict(frozen=True)

    verdict: Verdict
    change_pct: float | None = None
    progress_share: float | None = None
    explanation: str


def fmt(value: float | None, unit: str | None = None) -> str:
    """Format a metric value compactly, with its unit when known."""
    if value is None:
        return "n/a"
    text = figure(value)
    if not unit:
        return text
    return f"{text}{unit}" if unit in {"%", "s", "ms", "h", "d", "x"} else f"{text} {unit}"


def direction_of(metric: SuccessMetric) -> Direction | None:
    """Return the metric's direction, inferring it from baseline and target when not stated."""
    if metric.direction is not None:
        return metric.direction
    if metric.baseline is None or metric.target is None or metric.target == metric.baseline:
        return None
    return Direction.INCREASE if metric.target > metric.baseline else Direction.DECREASE


def change_percent(baseline: float, observed: float) -> float | None:
    """Return the change from baseline in percent of its size, or None when the baseline is 0."""
    if baseline == 0:
        return None
    return (observed - baseline) / abs(baseline) * 100


def _reaches(observed: float, target: float, sign: int) -> bool:
    # A tolerance keeps values that print equal to the target (0.1 + 0.2 vs 0.3) from missing it.
    if math.isclose(observed, target, rel_tol=1e-9, abs_tol=1e-12):
        return True
    return sign * (observed - target) > 0


def verdict(metric: SuccessMetric, observed: float | None, *, partial_share: float) -> VerdictResult:
    """Judge `observed` against the metric: met, partial (moved at least `partial_share` of the gap), or missed."""
    unit = metric.unit
    if observed is None:
        return VerdictResult(verdict=Verdict.INCONCLUSIVE, explanation="No measurement is available.")
    if not math.isfinite(observed):
        explanation = f"The observed value {observed} is not a finite number."
        return VerdictResult(verdict=Verdict.INCONCLUSIVE, explanation=explanation)
    if metric.baseline is None or metric.target is None:
        missing = " and ".join(
            name for name, value in (("baseline", metric.baseline), ("target", metric.target)) if value is None
        )
        return VerdictResult(
            verdict=Verdict.INCONCLUSIVE,
            explanation=f"Observed {fmt(observed, unit)}, but the metric has no {missing} to judge it against.",
        )
    baseline, target = metric.baseline, metric.target
    change = change_percent(baseline, observed)
    direction = direction_of(metric)
    if direction is None:
        return VerdictResult(
            verdict=Verdict.INCONCLUSIVE,
            change_pct=change,
            explanation=(
                f"Observed {fmt(observed, unit)}; the target equals the baseline ({fmt(target, unit)}) and no"
                " direction is stated, so there is no way to tell better from worse."
            ),
        )
    sign = 1 if direction is Direction.INCREASE else -1
    gap = sign * (target - baseline)
    if gap <= 0:
        return _held_line(baseline, target, observed, sign=sign, unit=unit, change=change)
    progress = sign * (observed - baseline) / gap
    result, summary = _judge_progress(baseline, target, observed, progress, sign=sign, unit=unit,
                                      partial_share=partial_share)
    return VerdictResult(
        verdict=result,
        change_pct=change,
        progress_share=progress,
        explanation=f"Observed {fmt(observed, unit)} {summary}.",
    )


def _wanted(sign: int) -> str:
    return "at least" if sign > 0 else "at most"


def _held_line(
    baseline: float, target: float, observed: float, *, sign: int, unit: str | None, change: float | None
) -> VerdictResult:
    """Judge a metric whose baseline already satisfied the target: the change only had to hold the line."""
    held = _reaches(observed, target, sign)
    return VerdictResult(
        verdict=Verdict.MET if held else Verdict.MISSED,
        change_pct=change,
        explanation=(
            f"The target ({_wanted(sign)} {fmt(target, unit)}) was already met at baseline ({fmt(baseline, unit)});"
            f" observed {fmt(observed, unit)} {'still meets' if held else 'no longer meets'} it."
        ),
    )


def _judge_progress(
    baseline: float, target: float, observed: float, progress: float, *, sign: int, unit: str | None,
    partial_share: float,
) -> tuple[Verdict, str]:
    """Return the verdict on how far the value moved from baseline towards target, and how to say it."""
    wanted = _wanted(sign)
    if _reaches(observed, target, sign):
        return Verdict.MET, f"reaches the target ({wanted} {fmt(target, unit)})"
    if progress >= partial_share:
        return Verdict.PARTIAL, (
            f"covers {percent(progress)} of the way from baseline {fmt(baseline, unit)} to target {fmt(target, unit)}"
            f" (partial from {percent(partial_share)})"
        )
    if progress > 0:
        return Verdict.MISSED, (
            f"covers only {percent(progress)} of the way from baseline {fmt(baseline, unit)} to target"
            f" {fmt(target, unit)} (partial from {percent(partial_share)})"
        )
    moved = "did not move from" if observed == baseline else "moved the wrong way from"
    return Verdict.MISSED, f"{moved} baseline {fmt(baseline, unit)} (target {wanted} {fmt(target, unit)})"
