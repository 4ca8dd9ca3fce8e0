"""The outcome timeline as plain data with an injected clock: closing starts the window, then the due date comes."""

from __future__ import annotations

import datetime as dt

import pytest

from problemframe.actions import Close, PostComment, Reopen, ScheduleOutcome, SetLabels, Transition
from problemframe.commands import MeasureCommand
from problemframe.events import CloseReason, Permission
from problemframe.outcome import (
    Observation,
    OutcomeRecord,
    OutcomeState,
    due_date,
    new_record,
    on_closed,
    on_command,
    on_due,
)
from problemframe.policy import Outcome, Policy
from problemframe.verdict import Verdict
from tests.problemframe.outcome_support import JIRA, METRIC, NOW, POLICY, REF, close, command, comments, labels, pending


def test_closing_a_complete_ticket_as_completed_starts_the_window() -> None:
    record, actions = close(None)
    due = NOW + dt.timedelta(days=14)
    assert record is not None
    assert (record.state, record.shipped_at, record.due_at, record.metric) == (OutcomeState.PENDING, NOW, due, METRIC)
    assert actions[0] == Reopen(ref=REF)
    assert labels(actions) == {"outcome-pending"}
    assert ScheduleOutcome(ref=REF, due=due, shipped_at=NOW) in actions


def test_github_close_without_a_reason_counts_as_completed() -> None:
    record, _ = close(None, reason=None)
    assert record is not None and record.state is OutcomeState.PENDING


def test_a_framed_record_keeps_its_earlier_measurements_when_it_ships() -> None:
    framed, _ = on_command(new_record(REF, METRIC), MeasureCommand(line="/measure 98", value=98),
                           permission=Permission.WRITE, actor="bob", now=NOW - dt.timedelta(days=3), policy=POLICY)
    assert framed.state is OutcomeState.FRAMED and len(framed.measurements) == 1
    record, _ = close(framed)
    assert record is not None and record.state is OutcomeState.PENDING and len(record.measurements) == 1


@pytest.mark.parametrize("reason", [CloseReason.NOT_PLANNED, CloseReason.DUPLICATE])
def test_not_planned_and_duplicate_pass_through(reason: CloseReason) -> None:
    assert close(None, reason=reason) == (None, [])


def test_not_planned_while_pending_stops_the_measurement_and_drops_the_label() -> None:
    record, actions = close(pending(), reason=CloseReason.NOT_PLANNED)
    assert labels(actions) == frozenset() and len(actions) == 1
    assert record is not None and record.state is OutcomeState.CLOSED and not record.is_due(NOW + dt.timedelta(days=99))
    assert close(record, reason=CloseReason.DUPLICATE) == (record, [])
    framed = new_record(REF, METRIC)
    stopped, quiet = close(framed, reason=CloseReason.NOT_PLANNED)
    assert quiet == [] and stopped is not None and stopped.state is OutcomeState.CLOSED


def test_completed_after_not_planned_starts_the_window() -> None:
    stopped, _ = close(pending(), reason=CloseReason.NOT_PLANNED)
    later = NOW + dt.timedelta(days=40)
    record, actions = on_closed(stopped, frame_complete=True, metric=METRIC, close_reason=CloseReason.COMPLETED,
                                policy=POLICY, now=later, ref=REF)
    assert record is not None and record.state is OutcomeState.PENDING and record.due_at == later + dt.timedelta(14)
    assert ScheduleOutcome(ref=REF, due=later + dt.timedelta(days=14), shipped_at=later) in actions


def test_incomplete_frame_or_gate_off_passes_through() -> None:
    assert close(None, complete=False) == (None, [])
    assert close(None, policy=Policy(outcome=Outcome(gate=False))) == (None, [])


def test_reviewed_ticket_passes_through() -> None:
    reviewed, _ = command(pending(), "/outcome met")
    assert close(reviewed) == (reviewed, [])
    skipped, _ = command(pending(), "/outcome skip metric retired")
    assert close(skipped) == (skipped, [])


def test_closing_again_while_pending_reopens_and_explains() -> None:
    record = pending()
    again, actions = close(record)
    assert again == record
    assert actions[0] == Reopen(ref=REF)
    assert labels(actions) == {"outcome-pending"}
    assert not any(isinstance(a, ScheduleOutcome) for a in actions)
    [text] = comments(actions)
    assert "2026-03-15" in text and "/outcome skip" in text
    in_review, _ = command(record, "/measure 120", at=NOW + dt.timedelta(days=15))
    _, again_actions = close(in_review)
    assert labels(again_actions) == {"outcome-review"} and "due" not in comments(again_actions)[0]


def test_jira_uses_the_configured_statuses() -> None:
    policy = Policy(outcome=Outcome(review_status="Outcome pending", done_status="Closed"))
    record, actions = close(None, ref=JIRA, policy=policy)
    assert actions[0] == Transition(ref=JIRA, status="Outcome pending")
    assert record is not None
    _, done = command(record, "/outcome missed", policy=policy)
    assert Transition(ref=JIRA, status="Closed") in done and not any(isinstance(a, Close) for a in done)
    _, plain = close(None, ref=JIRA)
    assert plain[0] == Reopen(ref=JIRA)


def test_due_date_from_window_until_and_default() -> None:
    until = METRIC.model_copy(update={"window_until": dt.date(2026, 4, 1)})
    assert due_date(until, policy=POLICY, shipped_at=NOW) == dt.datetime(2026, 4, 2, tzinfo=dt.UTC)
    past = METRIC.model_copy(update={"window_until": dt.date(2026, 1, 1)})
    assert due_date(past, policy=POLICY, shipped_at=NOW) == NOW
    no_window = METRIC.model_copy(update={"window_days": None})
    assert due_date(no_window, policy=POLICY, shipped_at=NOW) == NOW + dt.timedelta(days=30)


def test_is_due_only_after_the_window() -> None:
    record = pending()
    assert not record.is_due(NOW + dt.timedelta(days=13))
    assert record.is_due(NOW + dt.timedelta(days=14))


def test_on_due_with_an_observation_posts_results_and_asks_for_review() -> None:
    later = NOW + dt.timedelta(days=14)
    observation = Observation(value=180, source="prod", query="sum(x)", measured_at=later)
    record, actions = on_due(pending(), observation, None, policy=POLICY, now=later)
    assert record.state is OutcomeState.REVIEW and record.suggested is Verdict.PARTIAL
    assert record.measurements[-1].value == 180 and record.measurements[-1].source == "prod"
    assert record.measurements[-1].measured_at == later
    assert labels(actions) == {"outcome-review"}
    [text] = comments(actions)
    assert "partial" in text and "180" in text and "+80.0%" in text and "/outcome met|partial" in text
    assert isinstance(actions[-1], PostComment)


def test_on_due_with_an_error_is_inconclusive_and_keeps_the_reason() -> None:
    later = NOW + dt.timedelta(days=14)
    record, actions = on_due(pending(), None, "prometheus 'prod': HTTP 503 after 3 attempts", policy=POLICY,
                             now=later)
    assert record.state is OutcomeState.REVIEW and record.suggested is Verdict.INCONCLUSIVE
    assert record.measurements[-1].value is None and "HTTP 503" in record.measurements[-1].note
    [text] = comments(actions)
    assert "inconclusive" in text and "HTTP 503" in text


def manual_pending() -> OutcomeRecord:
    manual = METRIC.model_copy(update={"source": None})
    record, _ = on_closed(None, frame_complete=True, metric=manual, close_reason=CloseReason.COMPLETED,
                          policy=POLICY, now=NOW, ref=REF)
    assert record is not None
    return record


def test_a_manual_metric_nobody_measured_gets_a_results_comment_asking_and_stays_pending() -> None:
    due = NOW + dt.timedelta(days=14)
    asked, actions = on_due(manual_pending(), None, "nobody has reported a value yet", policy=POLICY, now=due,
                            manual=True)
    assert (asked.state, asked.asked_at, asked.suggested) == (OutcomeState.PENDING, due, None)
    assert not asked.is_due(due + dt.timedelta(days=1))
    assert not any(isinstance(a, SetLabels) for a in actions)
    [text] = comments(actions)
    assert text.startswith("### Outcome results: weekly exports")
    assert "- **Observed:** n/a" in text.splitlines() and "`/measure <number> [note]`" in text
    assert "`/outcome inconclusive [note]`" in text
    # The scheduler does not ask twice.
    assert on_due(asked, None, "again", policy=POLICY, now=due + dt.timedelta(days=1), manual=True) == (asked, [])
    # The value comes: the results are posted at once and the ticket moves to review.
    record, moved = command(asked, "/measure 150", at=due + dt.timedelta(days=2))
    assert record.state is OutcomeState.REVIEW and record.suggested is Verdict.PARTIAL
    assert labels(moved) == {"outcome-review"} and "Suggested verdict: partial" in comments(moved)[0]


def test_asked_and_unmeasurable_is_reviewed_inconclusive_without_counting_as_early() -> None:
    due = NOW + dt.timedelta(days=14)
    asked, _ = on_due(manual_pending(), None, None, policy=POLICY, now=due, manual=True)
    record, actions = command(asked, "/outcome inconclusive dashboard was retired", at=due + dt.timedelta(days=1))
    assert record.state is OutcomeState.REVIEWED and record.verdict is Verdict.INCONCLUSIVE
    assert not record.reviewed_early and "before the window ended" not in comments(actions)[0]


def test_on_due_for_a_manual_metric_uses_the_latest_measure() -> None:
    record, _ = command(manual_pending(), "/measure 190", at=NOW + dt.timedelta(days=3))
    due = NOW + dt.timedelta(days=14)
    observation = Observation(value=190, source="manual", measured_at=due)
    moved, actions = on_due(record, observation, None, policy=POLICY, now=due, manual=True)
    assert moved.state is OutcomeState.REVIEW and moved.suggested is Verdict.PARTIAL
    assert "- **Observed:** 190" in comments(actions)[0].splitlines()


def test_on_due_ignores_records_that_moved_on() -> None:
    reviewed, _ = command(pending(), "/outcome met")
    assert on_due(reviewed, None, "x", policy=POLICY, now=NOW) == (reviewed, [])
