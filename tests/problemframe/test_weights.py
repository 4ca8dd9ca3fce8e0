"""Suggested evidence weights: better at ranking met tickets first, or a reason why there are none."""

from __future__ import annotations

import datetime as dt
import random

from hypothesis import given
from hypothesis import strategies as st

from problemframe.model import Evidence
from problemframe.policy import EvidenceWeights, Tiers
from problemframe.weights import GROUPS, MIN_REVIEWED, advise, auc, signal_points


def test_auc_counts_pairs_where_met_ranks_higher_and_ties_as_half() -> None:
    assert auc([3, 2, 1], [True, False, False]) == 1.0
    assert auc([1, 2, 3], [True, False, False]) == 0.0
    assert auc([2, 2], [True, False]) == 0.5
    assert auc([1, 2], [True, True]) is None


@given(st.lists(st.tuples(st.integers(0, 5), st.booleans()), min_size=2, max_size=40))
def test_auc_from_ranks_equals_the_pairwise_definition(pairs: list[tuple[int, bool]]) -> None:
    scores, met = [float(s) for s, _ in pairs], [m for _, m in pairs]
    positives = [s for s, m in zip(scores, met, strict=True) if m]
    negatives = [s for s, m in zip(scores, met, strict=True) if not m]
    found = auc(scores, met)
    if not positives or not negatives:
        assert found is None
        return
    pairwise = sum(1.0 if p > n else 0.5 if p == n else 0.0 for p in positives for n in negatives)
    assert found is not None and abs(found - pairwise / (len(positives) * len(negatives))) < 1e-12


def test_signal_points_split_the_score_into_its_groups() -> None:
    items = [Evidence(customer="Acme Corp", url="https://support.example.com/t/1", quote="Exports fail")]
    points = signal_points(items, weights=EvidenceWeights(), tiers=Tiers(), today=dt.date(2026, 12, 1))
    assert set(points) == set(GROUPS)
    assert points["customers"] == 12 and points["links"] == 2 and points["quotes"] == 3
    assert points["revenue"] == 0


def test_weights_that_follow_what_met_rank_it_better_than_todays() -> None:
    rng = random.Random(7)
    points, scores, met = [], [], []
    for _ in range(200):
        row = {group: float(rng.choice([0, 6, 12, 18])) for group in GROUPS}
        row["customers"] = float(rng.choice([0, 12, 24, 36, 48]))
        points.append(row)
        scores.append(min(100.0, sum(row.values())))
        met.append(rng.random() < 0.15 + row["customers"] / 60)

    advice = advise(points, scores, met, weights=EvidenceWeights())

    assert advice.reason is None and advice.current_auc is not None and advice.suggested_auc is not None
    assert advice.suggested_auc > advice.current_auc
    assert advice.held_out_auc is not None and advice.held_out_auc > advice.current_auc
    assert advice.multipliers["customers"] == max(advice.multipliers.values())
    assert advice.weights["per_customer"] > EvidenceWeights().per_customer


def test_fewer_than_thirty_reviewed_outcomes_give_a_reason_not_weights() -> None:
    few = MIN_REVIEWED - 1
    advice = advise([dict.fromkeys(GROUPS, 0.0)] * few, [0.0] * few, [True, False] * (few // 2) + [True],
                    weights=EvidenceWeights())
    assert advice.weights == {} and advice.reason == f"{few} reviewed outcomes; {MIN_REVIEWED} are needed"


def test_one_verdict_only_gives_a_reason() -> None:
    advice = advise([dict.fromkeys(GROUPS, 1.0)] * 40, [1.0] * 40, [True] * 40, weights=EvidenceWeights())
    assert advice.reason == "every reviewed outcome has the same verdict"
