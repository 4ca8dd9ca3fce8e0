"""Which project item values a decision's actions imply."""

from __future__ import annotations

import datetime as dt

from problemframe.actions import PostComment, ScheduleOutcome, SetField, SetLabels
from problemframe.events import TicketRef
from problemframe.outcome_actions import outcome_labels
from problemframe.policy import Labels, Policy
from problemframe.projects import FIELDS, KEEP, ItemFields, item_fields, missing_options

REF = TicketRef(tracker="github", container="acme/widgets", key="3")
OTHER = TicketRef(tracker="github", container="acme/widgets", key="4")


def test_a_framing_update_sets_score_and_tier_and_leaves_the_outcome_alone() -> None:
    found = item_fields(
        [SetField(ref=REF, name="Evidence score", value=42.0), SetField(ref=REF, name="Evidence strength",
                                                                         value="moderate")],
        labels=Labels(),
    )
    assert found == {REF: ItemFields(score=42.0, evidence="moderate")}
    assert found[REF].by_field() == {"Evidence score": 42.0, "Evidence": "moderate"}


def test_shipping_sets_the_outcome_and_its_due_date() -> None:
    due = dt.datetime(2027, 1, 31, 23, tzinfo=dt.UTC)
    found = item_fields(
        [SetField(ref=REF, name="Evidence score", value=10.0), SetField(ref=REF, name="Outcome", value="pending"),
         ScheduleOutcome(ref=REF, due=due, shipped_at=due)],
        labels=Labels(),
    )
    assert found[REF].outcome == "pending"
    assert found[REF].outcome_due == dt.date(2027, 1, 31)


def test_outcome_labels_alone_move_the_outcome_and_keep_the_rest() -> None:
    found = item_fields([outcome_labels(REF, Policy(), "review")], labels=Labels())
    assert found == {REF: ItemFields(outcome="review")}
    assert found[REF].by_field() == {"Outcome": "review"}


def test_custom_outcome_label_names_are_understood() -> None:
    labels = Labels(outcome_prefix="result/")
    policy = Policy(labels=labels)
    assert item_fields([outcome_labels(REF, policy, "met")], labels=labels)[REF].outcome == "met"


def test_stopping_the_loop_empties_outcome_and_due() -> None:
    found = item_fields([outcome_labels(REF, Policy())], labels=Labels())
    assert found == {REF: ItemFields(outcome=None, outcome_due=None)}


def test_framed_closed_and_unknown_outcomes_are_no_option() -> None:
    for value in ("framed", "closed", "reviewed"):
        found = item_fields([SetField(ref=REF, name="Outcome", value=value)], labels=Labels())
        assert found[REF].outcome is None


def test_actions_that_do_not_frame_or_move_a_ticket_leave_its_item_alone() -> None:
    found = item_fields(
        [PostComment(ref=REF, body="thanks"),
         SetLabels(ref=OTHER, wanted=frozenset({"needs-framing"}), managed=frozenset({"needs-framing"}))],
        labels=Labels(),
    )
    assert found == {}
    assert ItemFields().by_field() == {}
    assert ItemFields(score=KEEP, evidence="weak").by_field() == {"Evidence": "weak"}


def test_missing_options_compare_names_without_case() -> None:
    evidence = next(spec for spec in FIELDS if spec.name == "Evidence")
    assert [o.name for o in missing_options(evidence, {"None": "a", "WEAK": "b"})] == ["moderate", "strong"]


def test_a_decision_without_needs_framing_judges_the_ticket_complete() -> None:
    from problemframe.framed import judged_complete

    managed = frozenset({"needs-framing", "evidence-none", "evidence-strong"})
    complete = SetLabels(ref=REF, wanted=frozenset({"evidence-strong"}), managed=managed)
    incomplete = SetLabels(ref=OTHER, wanted=frozenset({"needs-framing", "evidence-none"}), managed=managed)
    outcome_only = outcome_labels(REF, Policy(), "review")
    assert judged_complete([complete, incomplete], labels=Labels()) == {REF}
    assert judged_complete([outcome_only], labels=Labels()) == frozenset()
