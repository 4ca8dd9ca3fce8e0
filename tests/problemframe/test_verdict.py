"""Verdicts against baseline and target, in both directions, and at the edges."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from problemframe.model import Direction, SuccessMetric
from problemframe.verdict import Verdict, change_percent, verdict


def metric(baseline: float | None, target: float | None, direction: Direction | None = None) -> SuccessMetric:
    return SuccessMetric(name="exports", baseline=baseline, target=target, direction=direction)


@pytest.mark.parametrize(
    ("observed", "expected"),
    [(200, Verdict.MET), (250, Verdict.MET), (150, Verdict.PARTIAL), (180, Verdict.PARTIAL),
     (149, Verdict.MISSED), (100, Verdict.MISSED), (90, Verdict.MISSED)],
)
def test_increase_metric(observed: float, expected: Verdict) -> None:
    result = verdict(metric(100, 200, Direction.INCREASE), observed, partial_share=0.5)
    assert result.verdict is expected


@pytest.mark.parametrize(
    ("observed", "expected"),
    [(2.0, Verdict.MET), (1.5, Verdict.MET), (3.0, Verdict.PARTIAL), (3.5, Verdict.MISSED), (4.5, Verdict.MISSED)],
)
def test_decrease_metric(observed: float, expected: Verdict) -> None:
    result = verdict(metric(4.0, 2.0, Direction.DECREASE), observed, partial_share=0.5)
    assert result.verdict is expected


def test_decrease_reports_progress_and_change() -> None:
    result = verdict(metric(40, 20, Direction.DECREASE), 30, partial_share=0.5)
    assert result.progress_share == pytest.approx(0.5)
    assert result.change_pct == pytest.approx(-25.0)
    assert result.verdict is Verdict.PARTIAL
    assert "50%" in result.explanation


def test_wrong_way_is_missed_and_says_so() -> None:
    result = verdict(metric(40, 20, Direction.DECREASE), 45, partial_share=0.5)
    assert result.verdict is Verdict.MISSED
    assert result.progress_share is not None and result.progress_share < 0
    assert "wrong way" in result.explanation


def test_direction_is_inferred_when_not_stated() -> None:
    assert verdict(metric(40, 20), 19, partial_share=0.5).verdict is Verdict.MET
    assert verdict(metric(20, 40), 19, partial_share=0.5).verdict is Verdict.MISSED


def test_target_already_met_at_baseline_must_hold() -> None:
    held = verdict(metric(120, 100, Direction.INCREASE), 110, partial_share=0.5)
    assert held.verdict is Verdict.MET
    assert "already met at baseline" in held.explanation
    assert held.progress_share is None
    slipped = verdict(metric(120, 100, Direction.INCREASE), 95, partial_share=0.5)
    assert slipped.verdict is Verdict.MISSED
    assert "no longer meets" in slipped.explanation


def test_target_equal_to_baseline_without_direction_is_inconclusive() -> None:
    result = verdict(metric(5, 5), 6, partial_share=0.5)
    assert result.verdict is Verdict.INCONCLUSIVE
    assert "direction" in result.explanation


@pytest.mark.parametrize("observed", [None, math.nan, math.inf])
def test_no_usable_data_is_inconclusive(observed: float | None) -> None:
    result = verdict(metric(1, 2, Direction.INCREASE), observed, partial_share=0.5)
    assert result.verdict is Verdict.INCONCLUSIVE
    assert result.change_pct is None


@pytest.mark.parametrize(("baseline", "target", "missing"), [(None, 2, "baseline"), (1, None, "target"),
                                                            (None, None, "baseline and target")])
def test_metric_without_baseline_or_target_is_inconclusive(
    baseline: float | None, target: float | None, missing: str
) -> None:
    result = verdict(metric(baseline, target, Direction.INCREASE), 3, partial_share=0.5)
    assert result.verdict is Verdict.INCONCLUSIVE
    assert f"no {missing}" in result.explanation


def test_baseline_zero_leaves_change_undefined_but_still_judges() -> None:
    result = verdict(metric(0, 10, Direction.INCREASE), 6, partial_share=0.5)
    assert result.change_pct is None
    assert result.verdict is Verdict.PARTIAL
    assert result.progress_share == pytest.approx(0.6)


def test_negative_values() -> None:
    # Net churn from -10 to a target of -2: -4 covers three quarters of the way.
    result = verdict(metric(-10, -2, Direction.INCREASE), -4, partial_share=0.5)
    assert result.verdict is Verdict.PARTIAL
    assert result.progress_share == pytest.approx(0.75)
    assert result.change_pct == pytest.approx(60.0)


def test_float_noise_at_the_target_counts_as_met() -> None:
    assert verdict(metric(0.0, 0.3, Direction.INCREASE), 0.1 + 0.2, partial_share=0.5).verdict is Verdict.MET


def test_partial_share_is_respected() -> None:
    strict = verdict(metric(0, 100, Direction.INCREASE), 60, partial_share=0.75)
    assert strict.verdict is Verdict.MISSED
    assert "only 60%" in strict.explanation


def test_change_percent_uses_the_size_of_the_baseline() -> None:
    assert change_percent(-10, -5) == pytest.approx(50.0)
    assert change_percent(0, 5) is None


finite = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False)


@given(baseline=finite, target=finite, observed=finite, direction=st.sampled_from(list(Direction)),
       share=st.floats(min_value=0.01, max_value=1.0))
def test_flipping_direction_and_negating_values_gives_the_same_verdict(
    baseline: float, target: float, observed: float, direction: Direction, share: float
) -> None:
    flipped = Direction.DECREASE if direction is Direction.INCREASE else Direction.INCREASE
    a = verdict(metric(baseline, target, direction), observed, partial_share=share)
    b = verdict(metric(-baseline, -target, flipped), -observed, partial_share=share)
    assert a.verdict is b.verdict
    assert a.progress_share == b.progress_share
    if a.change_pct is None:
        assert b.change_pct is None
    else:
        assert b.change_pct == -a.change_pct


@given(baseline=finite, target=finite, observed=finite, share=st.floats(min_value=0.01, max_value=1.0))
def test_reaching_the_target_is_always_met(baseline: float, target: float, observed: float, share: float) -> None:
    direction = Direction.INCREASE if observed >= target else Direction.DECREASE
    assert verdict(metric(baseline, target, direction), observed, partial_share=share).verdict is Verdict.MET
