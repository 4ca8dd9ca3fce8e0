"""Outcome commands as plain data, clock injected: /measure, /outcome with a verdict or skip, and who may use them."""

from __future__ import annotations

import datetime as dt

import pytest

from problemframe.actions import Close, PostComment, Reopen, SetLabels
from problemframe.commands import OutcomeCommand, parse_commands
from problemframe.events import CloseReason, Permission
from problemframe.outcome import OutcomeState, new_record, on_command, on_commands
from problemframe.verdict import Verdict
from tests.problemframe.outcome_support import JIRA, METRIC, NOW, POLICY, REF, close, command, comments, labels, pending


def test_measure_before_the_due_date_records_progress_and_stays_pending() -> None:
    record, actions = command(pending(), "/measure 210 from the dashboard", at=NOW + dt.timedelta(days=2))
    assert record.state is OutcomeState.PENDING and record.suggested is None
    assert record.measurements[-1].by == "alice" and record.measurements[-1].source == "manual"
    assert record.latest_value() == 210
    # The record keeps the value; the sticky comment shows it, and nothing else is written.
    assert actions == []


def test_measure_after_the_due_date_posts_the_results_at_once() -> None:
    record, actions = command(pending(), "/measure 210 from the dashboard", at=NOW + dt.timedelta(days=15))
    assert record.state is OutcomeState.REVIEW and record.suggested is Verdict.MET
    assert labels(actions) == {"outcome-review"}
    assert "Suggested verdict: met" in comments(actions)[0]


def test_a_verdict_while_pending_is_an_early_review() -> None:
    progress, _ = command(pending(), "/measure 150", at=NOW + dt.timedelta(days=2))
    record, actions = command(progress, "/outcome met customers moved", at=NOW + dt.timedelta(days=3))
    assert record.state is OutcomeState.REVIEWED and record.verdict is Verdict.MET and record.reviewed_early
    assert (record.review_note, record.reviewed_by, record.reviewed_at) == (
        "customers moved", "alice", NOW + dt.timedelta(days=3)
    )
    assert labels(actions) == {"outcome-met"} and Close(ref=REF, reason=CloseReason.COMPLETED) in actions
    [text] = comments(actions)
    assert "Outcome review recorded by alice: **met**, reviewed before the window ended (it ends 2026-03-15)." in text


def test_measure_after_review_is_recorded_without_reopening_anything() -> None:
    reviewed, _ = command(pending(), "/outcome met")
    record, actions = command(reviewed, "/measure 250")
    assert record.state is OutcomeState.REVIEWED and record.latest_value() == 250
    assert not any(isinstance(a, SetLabels | Close | Reopen) for a in actions)


def test_measure_without_a_number_replies_with_usage() -> None:
    record = pending()
    same, actions = command(record, "/measure lots")
    assert same == record
    assert "needs a number" in comments(actions)[0]


@pytest.mark.parametrize("verdict", ["met", "partial", "missed", "inconclusive"])
def test_outcome_verdict_records_review_labels_and_closes(verdict: str) -> None:
    measured, _ = command(pending(), "/measure 150", at=NOW + dt.timedelta(days=14))
    record, actions = command(measured, f"/outcome {verdict} good enough @team", at=NOW + dt.timedelta(days=20))
    assert record.state is OutcomeState.REVIEWED and record.verdict == verdict
    assert (record.reviewed_by, record.reviewed_at) == ("alice", NOW + dt.timedelta(days=20))
    assert record.review_note == "good enough @team"
    assert labels(actions) == {f"outcome-{verdict}"}
    assert Close(ref=REF, reason=CloseReason.COMPLETED) in actions
    assert isinstance(actions[-1], PostComment)
    [text] = comments(actions)
    assert "@team" not in text
    assert ("suggested partial" in text) is (verdict != "partial")


def test_replies_on_jira_use_wiki_markup() -> None:
    started, _ = close(None, ref=JIRA)
    assert started is not None
    measured, _ = command(started, "/measure 150", at=NOW + dt.timedelta(days=14))
    _, actions = command(measured, "/outcome met shipped @team", at=NOW + dt.timedelta(days=20))
    [text] = comments(actions)
    assert "*met*" in text and "**" not in text
    assert "Outcome review recorded by alice: *met*." in text
    _, usage = command(started, "/measure lots")
    assert "{{/measure}}" in comments(usage)[0] and "`" not in comments(usage)[0]
    _, helped = command(started, "/outcome great")
    assert "* {{/outcome skip <reason>}}" in comments(helped)[0] and "`" not in comments(helped)[0]
    _, github = command(command(pending(), "/measure 150")[0], "/outcome met", at=NOW + dt.timedelta(days=14))
    assert "Outcome review recorded by alice: **met**." in comments(github)[0]


def test_skip_needs_a_reason() -> None:
    record = pending()
    same, actions = command(record, "/outcome skip")
    assert same == record and "needs a reason" in comments(actions)[0]


def test_skip_closes_and_records_who_and_why() -> None:
    record, actions = command(pending(), "/outcome skip metric was retired")
    assert record.state is OutcomeState.SKIPPED
    assert (record.skip_reason, record.reviewed_by) == ("metric was retired", "alice")
    assert labels(actions) == frozenset()
    assert Close(ref=REF) in actions and isinstance(actions[-1], PostComment)


@pytest.mark.parametrize("permission", [Permission.NONE, Permission.READ])
def test_commands_without_write_access_are_refused(permission: Permission) -> None:
    record = pending()
    for body in ["/measure 5", "/outcome met", "/outcome skip because"]:
        same, actions = command(record, body, permission=permission)
        assert same == record
        [reply] = actions
        assert isinstance(reply, PostComment) and "write access" in reply.body


def test_admin_may_review() -> None:
    record, _ = command(pending(), "/outcome missed", permission=Permission.ADMIN)
    assert record.state is OutcomeState.REVIEWED


def test_unknown_subcommand_gets_help() -> None:
    record = pending()
    same, actions = command(record, "/outcome great")
    assert same == record
    text = comments(actions)[0]
    assert "Unknown" in text and "/outcome skip <reason>" in text
    _, bare = command(record, "/outcome")
    assert comments(bare)[0].startswith("Outcome commands")


def test_review_before_shipping_is_refused_but_skip_is_allowed() -> None:
    framed = new_record(REF, METRIC)
    same, actions = command(framed, "/outcome met")
    assert same == framed and "no outcome to review yet" in comments(actions)[0]
    skipped, _ = command(framed, "/outcome skip not measurable")
    assert skipped.state is OutcomeState.SKIPPED


def test_second_review_is_refused() -> None:
    reviewed, _ = command(pending(), "/outcome met")
    same, actions = command(reviewed, "/outcome missed")
    assert same == reviewed and "already reviewed (met)" in comments(actions)[0]


def test_on_commands_applies_in_order() -> None:
    commands = parse_commands("/measure 205\n/outcome met nice")
    record, actions = on_commands(pending(), commands, permission=Permission.WRITE, actor="alice", now=NOW,
                                  policy=POLICY)
    assert record.state is OutcomeState.REVIEWED and record.latest_value() == 205
    assert any(isinstance(a, Close) for a in actions)


def test_naive_clock_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        on_command(pending(), OutcomeCommand(line="/outcome met", subcommand="met"), permission=Permission.WRITE,
                   actor="a", now=NOW.replace(tzinfo=None), policy=POLICY)
