"""decide(): what the service does about each event, judged by the actions it returns."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from problemframe.actions import Close, Reopen, ScheduleOutcome, SetField, SetLabels, UpsertComment
from problemframe.decide import decide, merge_labels
from problemframe.events import (
    CloseReason,
    Comment,
    EventKind,
    Permission,
    Ticket,
    TicketEvent,
    TicketRef,
    TicketState,
)
from problemframe.outcome import OutcomeState
from problemframe.policy import Policy, load_policy

FIXTURES = Path(__file__).parent.parent / "fixtures" / "check"
COMPLETE = (FIXTURES / "complete.md").read_text()
REF = TicketRef(tracker="github", container="acme/exports", key="42")
NOW = dt.datetime(2026, 11, 29, 12, 0, tzinfo=dt.UTC)
BOT = "problemframe[bot]"


def event(kind: EventKind, body: str = COMPLETE, **changes: object) -> TicketEvent:
    ticket = Ticket(ref=changes.pop("ref", REF), title="Exports time out", body=body,
                    state=changes.pop("state", TicketState.OPEN),
                    close_reason=changes.pop("close_reason", None),
                    labels=changes.pop("labels", frozenset()))
    return TicketEvent(kind=kind, ticket=ticket, actor=str(changes.pop("actor", "octocat")), **changes)  # type: ignore[arg-type]


def labels_of(actions: tuple[object, ...]) -> SetLabels:
    (labels,) = [a for a in actions if isinstance(a, SetLabels)]
    return labels


def test_empty_issue_gets_needs_framing_and_a_checklist() -> None:
    decision = decide(event(EventKind.OPENED, body=""), policy=Policy(), now=NOW, service_login=BOT)
    labels = labels_of(decision.actions)
    assert labels.wanted == {"needs-framing", "evidence-none"}
    (comment,) = [a for a in decision.actions if isinstance(a, UpsertComment)]
    assert comment.body.startswith("<!-- problemframe -->")
    assert "Problem statement" in comment.body


def test_complete_issue_is_labelled_by_evidence_without_needs_framing() -> None:
    decision = decide(event(EventKind.EDITED), policy=Policy(), now=NOW, service_login=BOT)
    labels = labels_of(decision.actions)
    assert labels.wanted == {"evidence-strong"}
    assert "needs-framing" in labels.managed
    score = [a for a in decision.actions if isinstance(a, SetField) and a.name == "Evidence score"]
    assert score and isinstance(score[0].value, float) and score[0].value >= 65


def test_own_events_and_skipped_labels_cause_nothing() -> None:
    assert decide(event(EventKind.EDITED, actor=BOT), policy=Policy(), now=NOW, service_login=BOT).actions == ()
    chore = event(EventKind.OPENED, body="", labels=frozenset({"chore"}))
    assert decide(chore, policy=Policy(), now=NOW, service_login=BOT).actions == ()
    off = load_policy({"enabled": False})
    assert decide(event(EventKind.OPENED, body=""), policy=off, now=NOW, service_login=BOT).actions == ()


def test_a_skip_label_is_matched_regardless_of_case_as_kinds_are() -> None:
    for label in ("Chore", "DEPENDENCIES"):
        skipped = event(EventKind.OPENED, body="", labels=frozenset({label}))
        assert decide(skipped, policy=Policy(), now=NOW, service_login=BOT).actions == ()
    assert Policy().framing.skip_label({"bug", "Chore"}) == "Chore"
    assert Policy().framing.skip_label({"bug"}) is None


def test_a_label_is_read_past_its_prefix_emoji_and_separators() -> None:
    framing = Policy().framing
    for label in ("kind:bug", "Type: Bug", "type/bug", "🐛 bug", ":bug: Bug", "T-Bug"):
        assert framing.kind_of({label}, None) == "bug", label
    assert framing.kind_of({"bug-report-template-docs"}, None) is None
    assert framing.kind_of({"area/bugs"}, None) is None
    assert framing.skip_label({"type: chore"}) == "type: chore"


def test_closing_a_complete_issue_reopens_it_with_outcome_pending() -> None:
    closed = event(EventKind.CLOSED, state=TicketState.CLOSED, close_reason=CloseReason.COMPLETED)
    decision = decide(closed, policy=Policy(), now=NOW, service_login=BOT)
    assert any(isinstance(a, Reopen) for a in decision.actions)
    (schedule,) = [a for a in decision.actions if isinstance(a, ScheduleOutcome)]
    assert schedule.due == NOW + dt.timedelta(days=30)
    labels = labels_of(decision.actions)
    assert labels.wanted == {"evidence-strong", "outcome-pending"}
    (comment,) = [a for a in decision.actions if isinstance(a, UpsertComment)]
    assert "2026-12-29" in comment.body
    assert decision.outcome is not None and decision.outcome.state is OutcomeState.PENDING


def test_closing_as_not_planned_or_incomplete_passes_through() -> None:
    not_planned = event(EventKind.CLOSED, state=TicketState.CLOSED, close_reason=CloseReason.NOT_PLANNED)
    assert decide(not_planned, policy=Policy(), now=NOW, service_login=BOT).actions == ()
    empty = event(EventKind.CLOSED, body="", state=TicketState.CLOSED, close_reason=CloseReason.COMPLETED)
    assert decide(empty, policy=Policy(), now=NOW, service_login=BOT).actions == ()


def test_outcome_command_by_a_maintainer_closes_after_review() -> None:
    closed = event(EventKind.CLOSED, state=TicketState.CLOSED, close_reason=CloseReason.COMPLETED)
    pending = decide(closed, policy=Policy(), now=NOW, service_login=BOT).outcome
    said = Comment(id="9", body="/outcome met exports doubled", author="maria",
                   author_permission=Permission.WRITE)
    later = NOW + dt.timedelta(days=31)
    decision = decide(event(EventKind.COMMENTED, comment=said), policy=Policy(), now=later, service_login=BOT,
                      outcome=pending)
    assert any(isinstance(a, Close) for a in decision.actions)
    assert labels_of(decision.actions).wanted == {"evidence-strong", "outcome-met"}
    assert decision.outcome is not None and decision.outcome.verdict is not None
    assert decision.outcome.reviewed_by == "maria"


def test_outcome_command_without_write_access_changes_nothing() -> None:
    said = Comment(id="9", body="/outcome met", author="drive-by", author_permission=Permission.READ)
    decision = decide(event(EventKind.COMMENTED, comment=said), policy=Policy(), now=NOW, service_login=BOT)
    assert not any(isinstance(a, (Close, SetLabels)) for a in decision.actions)
    assert decision.outcome is None


def test_plain_comment_causes_nothing() -> None:
    said = Comment(id="9", body="Looks good to me", author="maria", author_permission=Permission.WRITE)
    assert decide(event(EventKind.COMMENTED, comment=said), policy=Policy(), now=NOW,
                  service_login=BOT).actions == ()


def test_merge_labels_lets_later_actions_win_on_what_they_manage() -> None:
    first = SetLabels(ref=REF, wanted=frozenset({"evidence-weak", "outcome-pending"}),
                      managed=frozenset({"evidence-weak", "evidence-strong"}))
    second = SetLabels(ref=REF, wanted=frozenset({"outcome-review"}),
                       managed=frozenset({"outcome-pending", "outcome-review"}))
    (merged,) = merge_labels([first, second])
    assert isinstance(merged, SetLabels)
    assert merged.wanted == {"evidence-weak", "outcome-review"}


def test_votes_on_the_ticket_count_as_demand_and_a_bug_label_drops_the_metric() -> None:
    from problemframe.decide import assess

    ticket = event(EventKind.OPENED, body="### Problem statement\n\nSince 2.14 admins cannot export invoices over "
                   "10k rows; the export times out and they rebuild reports by hand.", labels=frozenset({"bug"}))
    voted = ticket.ticket.model_copy(update={"votes": 34})
    assessment = assess(voted, policy=Policy(), today=NOW.date())
    assert assessment.frame.kind == "bug" and assessment.frame.complete
    assert [item.count for item in assessment.frame.evidence] == [34]
    assert any("34" in line.reason for line in assessment.score.breakdown)


def test_an_issue_titled_as_upkeep_is_told_it_reads_as_routine_work() -> None:
    body = ("The managed offering stops patching 14 next year, so the audit flags it.\n\n"
            "- [ ] Snapshot\n- [ ] Upgrade staging\n- [ ] Upgrade prod in the window\n")
    ticket = Ticket(ref=REF, title="chore: upgrade the ledger to PostgreSQL 17", body=body, state=TicketState.OPEN)
    plain = Ticket(ref=REF, title="Ledger database patching", body=body, state=TicketState.OPEN)

    def comment_of(ticket: Ticket) -> str:
        decision = decide(TicketEvent(kind=EventKind.OPENED, ticket=ticket, actor="octocat"), policy=Policy(),
                          now=NOW, service_login=BOT)
        (comment,) = [a for a in decision.actions if isinstance(a, UpsertComment)]
        return comment.body

    assert "reads as routine work" in comment_of(ticket) and "'chore' label" in comment_of(ticket)
    assert "reads as routine work" not in comment_of(plain)
