"""Suggest evidence weights that better predict a met target, from reviewed outcomes. Pure: nothing is changed.

Each ticket's score is split into its signal groups (customers, kinds of source, links, revenue, quotes, recency,
figures) by scoring it with one group's points at a time. A logistic regression with non-negative coefficients
(Newton's method, a small ridge for stability) then weighs the groups against "met" versus "partial or missed";
the weights are rescaled so suggested scores sit on the same 0-100 scale as today's. How well each score ranks the
met tickets first is the AUC (0.5 is chance), in sample and on held-out folds.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict, Field

from problemframe.evidence import score_evidence
from problemframe.model import Evidence
from problemframe.policy import EvidenceWeights, Tiers

MIN_REVIEWED = 30
FOLDS = 5
RIDGE = 1e-3
GROUPS: dict[str, tuple[str, ...]] = {
    "customers": ("per_customer", "max_customer_points", "customers_on_record", "customer_with_data"),
    "source kinds": ("per_source_kind", "max_source_kind_points"),
    "links": ("linked_item", "max_link_points", "first_hand"),  # a first-hand report is its own source
    "revenue": ("revenue_points_per_decade", "max_revenue_points"),
    "quotes": ("quote", "max_quote_points"),
    "recency": ("recent_points",),
    "figures": ("figure_points_per_decade", "max_figure_points", "counted_figure", "linked_data"),
}
# The "max" fields cap a group; the others earn its points. Both scale together so a group keeps its shape.


def signal_points(
    items: Sequence[Evidence], *, weights: EvidenceWeights, tiers: Tiers, today: dt.date
) -> dict[str, float]:
    """Return the points each signal group earns on its own under `weights`."""
    points: dict[str, float] = {}
    every_field = [name for fields in GROUPS.values() for name in fields]
    for group, fields in GROUPS.items():
        alone = weights.model_copy(update={name: 0.0 for name in every_field if name not in fields})
        points[group] = float(score_evidence(items, weights=alone, tiers=tiers, today=today).score)
    return points


class WeightAdvice(BaseModel):
    """Suggested weights and how much better they rank met tickets; `reason` says why there is none."""

    model_config = ConfigDict(frozen=True)

    reviewed: int = Field(description="Reviewed outcomes with a verdict of met, partial or missed.")
    needed: int = MIN_REVIEWED
    reason: str | None = None
    current_auc: float | None = None
    suggested_auc: float | None = None
    held_out_auc: float | None = Field(default=None, description="AUC of weights fitted without the ticket.")
    multipliers: dict[str, float] = Field(default_factory=dict, description="Signal group -> factor on its weights.")
    weights: dict[str, float] = Field(default_factory=dict, description="Suggested evidence.weights values.")


def auc(scores: Sequence[float], met: Sequence[bool]) -> float | None:
    """Return the chance a met ticket scores above one that was not (ties count half); None without both.

    Computed from ranks (Mann-Whitney U), so it takes n log n rather than one comparison per pair.
    """
    positives = sum(1 for m in met if m)
    negatives = len(met) - positives
    if not positives or not negatives:
        return None
    order = sorted(range(len(scores)), key=lambda i: scores[i])
    rank_sum = 0.0
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and scores[order[end + 1]] == scores[order[start]]:
            end += 1
        average_rank = (start + end) / 2 + 1
        rank_sum += average_rank * sum(1 for i in order[start:end + 1] if met[i])
        start = end + 1
    return (rank_sum - positives * (positives + 1) / 2) / (positives * negatives)


def _solve(matrix: list[list[float]], vector: list[float]) -> list[float]:
    """Solve a small linear system by Gaussian elimination with partial pivoting."""
    size = len(vector)
    rows = [[*matrix[i], vector[i]] for i in range(size)]
    for col in range(size):
        pivot = max(range(col, size), key=lambda r: abs(rows[r][col]))
        rows[col], rows[pivot] = rows[pivot], rows[col]
        if abs(rows[col][col]) < 1e-12:
            continue
        for r in range(size):
            if r != col:
                factor = rows[r][col] / rows[col][col]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[col], strict=True)]
    return [rows[i][size] / rows[i][i] if abs(rows[i][i]) >= 1e-12 else 0.0 for i in range(size)]


def _logistic(
    x: Sequence[Sequence[float]], y: Sequence[float], active: Sequence[int]
) -> tuple[dict[int, float], float]:
    """Fit intercept + coefficients of the active columns by Newton's method with a small ridge."""
    size = len(active) + 1
    beta = [0.0] * size
    for _ in range(30):
        gradient = [0.0] * size
        hessian = [[0.0] * size for _ in range(size)]
        for row, target in zip(x, y, strict=True):
            features = [1.0, *(row[j] for j in active)]
            z = sum(b * f for b, f in zip(beta, features, strict=True))
            p = 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))
            weight = p * (1 - p)
            for i in range(size):
                gradient[i] += (p - target) * features[i]
                for j in range(size):
                    hessian[i][j] += weight * features[i] * features[j]
        for i in range(1, size):
            gradient[i] += RIDGE * len(y) * beta[i]
            hessian[i][i] += RIDGE * len(y)
        step = _solve(hessian, gradient)
        beta = [b - s for b, s in zip(beta, step, strict=True)]
        if max(abs(s) for s in step) < 1e-8:
            break
    return {column: beta[i + 1] for i, column in enumerate(active)}, beta[0]


def fit_multipliers(x: Sequence[Sequence[float]], met: Sequence[bool], totals: Sequence[float]) -> list[float]:
    """Return one non-negative factor per group, scaled so mean suggested score equals mean `totals`."""
    y = [1.0 if m else 0.0 for m in met]
    active = list(range(len(x[0])))
    coefficients: dict[int, float] = {}
    while active:
        coefficients, _ = _logistic(x, y, active)
        negative = [j for j in active if coefficients[j] < 0]
        if not negative:
            break
        active = [j for j in active if j not in negative]
    raw = [max(coefficients.get(j, 0.0), 0.0) for j in range(len(x[0]))]
    fitted = sum(sum(r * v * 100 for r, v in zip(raw, row, strict=True)) for row in x)
    scale = sum(totals) / fitted if fitted > 0 else 0.0
    return [r * scale for r in raw]


def suggested_score(points: Sequence[float], multipliers: Sequence[float]) -> float:
    """Return the score a ticket would have with the multipliers applied to its groups' points."""
    return min(100.0, sum(p * m for p, m in zip(points, multipliers, strict=True)))


def advise(
    points: Sequence[dict[str, float]], scores: Sequence[float], met: Sequence[bool], *, weights: EvidenceWeights
) -> WeightAdvice:
    """Suggest weights from reviewed tickets: their groups' points, today's scores and whether each met its target."""
    reviewed = len(met)
    if reviewed < MIN_REVIEWED:
        return WeightAdvice(reviewed=reviewed, reason=f"{reviewed} reviewed outcomes; {MIN_REVIEWED} are needed")
    current = auc(scores, met)
    if current is None:
        return WeightAdvice(reviewed=reviewed, reason="every reviewed outcome has the same verdict")
    groups = list(GROUPS)
    x = [[row.get(g, 0.0) / 100.0 for g in groups] for row in points]
    multipliers = fit_multipliers(x, met, scores)
    suggested = auc([suggested_score([r * 100 for r in row], multipliers) for row in x], met)
    held_out: list[float] = [0.0] * reviewed
    for fold in range(FOLDS):
        train = [i for i in range(reviewed) if i % FOLDS != fold]
        if len({met[i] for i in train}) < 2:
            continue
        fitted = fit_multipliers([x[i] for i in train], [met[i] for i in train], [scores[i] for i in train])
        for i in range(fold, reviewed, FOLDS):
            held_out[i] = suggested_score([v * 100 for v in x[i]], fitted)
    suggested_weights = {
        name: round(getattr(weights, name) * multipliers[index], 1)
        for index, group in enumerate(groups)
        for name in GROUPS[group]
    }
    return WeightAdvice(
        reviewed=reviewed, current_auc=round(current, 3), suggested_auc=round(suggested or 0.5, 3),
        held_out_auc=round(auc(held_out, met) or 0.5, 3),
        multipliers={group: round(m, 2) for group, m in zip(groups, multipliers, strict=True)},
        weights=suggested_weights,
    )
