"""Decide what to do about one tracker event: event + stored outcome + policy + now -> actions. No I/O."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

from pydantic import BaseModel, ConfigDict

from problemframe.actions import Action, SetField, SetLabels, UpsertComment
from problemframe.commands import parse_commands
from problemframe.events import EventKind, Ticket, TicketEvent
from problemframe.evidence import EvidenceScore, Tier, score_evidence
from problemframe.loop import cited_customers
from problemframe.model import ProblemFrame, SuccessMetric
from problemframe.outcome import (
    FINAL_STATES,
    Observation,
    OutcomeRecord,
    OutcomeState,
    new_record,
    on_closed,
    on_commands,
    on_due,
)
from problemframe.parse import parse_ticket
from problemframe.policy import Policy
from problemframe.render import render_checklist, render_notices
from problemframe.render_markup import tracker_syntax
from problemframe.render_outcome import render_outcome_section
from problemframe.searches import saved_searches

FRAMING_EVENTS = frozenset(
    {EventKind.OPENED, EventKind.EDITED, EventKind.REOPENED, EventKind.LABELED, EventKind.UNLABELED}
)

EVIDENCE_SCORE_FIELD = "Evidence score"
EVIDENCE_STRENGTH_FIELD = "Evidence strength"
OUTCOME_FIELD = "Outcome"


class Assessment(BaseModel):
    """A ticket's frame and evidence score, judged at one moment."""

    model_config = ConfigDict(frozen=True)

    frame: ProblemFrame
    score: EvidenceScore


class Decision(BaseModel):
    """The actions to carry out, in order, and the outcome record to keep (None: keep what is stored)."""

    model_config = ConfigDict(frozen=True)

    actions: tuple[Action, ...] = ()
    outcome: OutcomeRecord | None = None


def assess(ticket: Ticket, *, policy: Policy, today: dt.date) -> Assessment:
    """Parse and score a ticket's frame."""
    frame = parse_ticket(
        ticket.body, fields=ticket.fields, framing=policy.framing, today=today, labels=ticket.labels,
        issue_type=ticket.issue_type, votes=ticket.votes, title=ticket.title,
    )
    score = score_evidence(frame.evidence, weights=policy.evidence.weights, tiers=policy.evidence.tiers, today=today)
    return Assessment(frame=frame, score=score)


def managed_labels(policy: Policy) -> frozenset[str]:
    """Return the framing labels the service owns under this policy (outcome labels are the outcome's)."""
    labels = policy.labels
    return frozenset({labels.needs_framing, *(labels.evidence(tier.value) for tier in Tier)})


def framing_labels(assessment: Assessment, *, policy: Policy) -> frozenset[str]:
    """Return the framing labels a ticket should carry."""
    wanted = {policy.labels.evidence(assessment.score.tier.value)}
    if not assessment.frame.complete:
        wanted.add(policy.labels.needs_framing)
    return frozenset(wanted)


def is_exempt(ticket: Ticket, *, policy: Policy) -> bool:
    """Return whether the policy leaves this ticket alone."""
    return not policy.enabled or policy.framing.skip_label(ticket.labels) is not None


def is_own_event(event: TicketEvent, *, service_login: str) -> bool:
    """Return whether the service itself caused the event (never answer our own writes)."""
    return event.actor is not None and event.actor.casefold() == service_login.casefold()


def framing_actions(
    ticket: Ticket,
    assessment: Assessment,
    *,
    policy: Policy,
    outcome: OutcomeRecord | None = None,
    searches: Mapping[str, str] | None = None,
    notices: Sequence[str] = (),
) -> list[Action]:
    """Return the labels, fields and sticky comment that show a ticket's frame (and its outcome, if shipped)."""
    ref = ticket.ref
    if searches is None:
        searches = saved_searches(ticket, policy=policy)
    shows_outcome = outcome is not None and outcome.state is not OutcomeState.FRAMED
    extra = [render_outcome_section(outcome)] if outcome is not None and shows_outcome else []
    if notices:
        extra.append(render_notices(notices, wiki=ref.tracker == "jira"))
    comment = render_checklist(
        assessment.frame, assessment.score, policy=policy, searches=searches, extra_sections=extra,
        syntax=tracker_syntax(ref.tracker),
    )
    actions: list[Action] = [
        SetLabels(ref=ref, wanted=framing_labels(assessment, policy=policy), managed=managed_labels(policy)),
        SetField(ref=ref, name=EVIDENCE_SCORE_FIELD, value=float(assessment.score.score)),
        SetField(ref=ref, name=EVIDENCE_STRENGTH_FIELD, value=assessment.score.tier.value),
    ]
    if outcome is not None and shows_outcome:
        actions.append(SetField(ref=ref, name=OUTCOME_FIELD, value=outcome_field_value(outcome)))
    actions.append(UpsertComment(ref=ref, body=comment))
    return actions


def outcome_field_value(record: OutcomeRecord) -> str | None:
    """Return the Jira Outcome option for a record: its state, its verdict once reviewed, or empty when stopped."""
    if record.state is OutcomeState.REVIEWED and record.verdict is not None:
        return record.verdict.value
    if record.state is OutcomeState.CLOSED:
        return None
    return record.state.value


def merge_labels(actions: Iterable[Action]) -> list[Action]:
    """Fold every SetLabels into the first one's place, later actions winning on the labels they manage."""
    result: list[Action] = []
    slot: int | None = None
    for action in actions:
        if not isinstance(action, SetLabels):
            result.append(action)
        elif slot is None:
            slot = len(result)
            result.append(action)
        else:
            merged = result[slot]
            assert isinstance(merged, SetLabels)
            kept = {label for label in merged.wanted if label not in action.managed}
            result[slot] = SetLabels(
                ref=merged.ref, wanted=frozenset(kept | action.wanted), managed=merged.managed | action.managed
            )
    return result


def with_customers(record: OutcomeRecord | None, assessment: Assessment) -> OutcomeRecord | None:
    """Return the record citing the customers the ticket names now, while its outcome is still open."""
    if record is None or record.state in FINAL_STATES:
        return record
    customers = cited_customers(assessment.frame.evidence)
    return record if customers == record.customers else record.model_copy(update={"customers": customers})


def _closed(event: TicketEvent, assessment: Assessment, *, policy: Policy, now: dt.datetime,
            outcome: OutcomeRecord | None, searches: Mapping[str, str] | None, notices: Sequence[str]) -> Decision:
    ticket = event.ticket
    record, actions = on_closed(
        outcome, frame_complete=assessment.frame.complete, metric=assessment.frame.metric,
        close_reason=ticket.close_reason, policy=policy, now=now, ref=ticket.ref,
    )
    record = with_customers(record, assessment)
    if not actions:
        return Decision(outcome=record)
    shown = framing_actions(ticket, assessment, policy=policy, outcome=record, searches=searches, notices=notices)
    return Decision(actions=tuple(merge_labels([*shown, *actions])), outcome=record)


def _commented(event: TicketEvent, assessment: Assessment, *, policy: Policy, now: dt.datetime,
               outcome: OutcomeRecord | None, searches: Mapping[str, str] | None, notices: Sequence[str]) -> Decision:
    comment = event.comment
    if comment is None:
        return Decision()
    commands = parse_commands(comment.body)
    if not commands:
        return Decision()
    ticket = event.ticket
    record = with_customers(outcome, assessment) or new_record(ticket.ref, assessment.frame.metric or SuccessMetric())
    record, actions = on_commands(
        record, commands, permission=comment.author_permission, actor=comment.author, now=now, policy=policy
    )
    if record == (outcome or new_record(ticket.ref, record.metric)):
        return Decision(actions=tuple(actions), outcome=outcome)
    shown = framing_actions(ticket, assessment, policy=policy, outcome=record, searches=searches, notices=notices)
    return Decision(actions=tuple(merge_labels([*shown, *actions])), outcome=record)


def decide(
    event: TicketEvent,
    *,
    policy: Policy,
    now: dt.datetime,
    service_login: str,
    outcome: OutcomeRecord | None = None,
    searches: Mapping[str, str] | None = None,
    notices: Sequence[str] = (),
) -> Decision:
    """Return what the service should do about one event; `notices` are shown to people in the sticky comment."""
    ticket = event.ticket
    if is_own_event(event, service_login=service_login) or is_exempt(ticket, policy=policy):
        return Decision()
    if event.kind in (EventKind.COMMENTED, EventKind.COMMENT_EDITED) and event.comment is None:
        return Decision()
    assessment = assess(ticket, policy=policy, today=now.date())
    if event.kind is EventKind.CLOSED:
        return _closed(event, assessment, policy=policy, now=now, outcome=outcome, searches=searches, notices=notices)
    if event.kind is EventKind.COMMENTED:
        return _commented(
            event, assessment, policy=policy, now=now, outcome=outcome, searches=searches, notices=notices
        )
    if event.kind not in FRAMING_EVENTS or ticket.state.value == "closed":
        return Decision()
    actions = framing_actions(ticket, assessment, policy=policy, outcome=outcome, searches=searches, notices=notices)
    return Decision(actions=tuple(merge_labels(actions)))


def decide_due(
    ticket: Ticket,
    record: OutcomeRecord,
    observation: Observation | None,
    error: str | None,
    *,
    manual: bool,
    policy: Policy,
    now: dt.datetime,
    notices: Sequence[str] = (),
) -> Decision:
    """Return what the end of a ticket's window calls for: the results (or a request for a value) and the comment."""
    assessment = assess(ticket, policy=policy, today=now.date())
    current = with_customers(record, assessment) or record
    moved, actions = on_due(current, observation, error, policy=policy, now=now, manual=manual)
    if not actions:
        return Decision(outcome=record)
    shown = framing_actions(ticket, assessment, policy=policy, outcome=moved, notices=notices)
    return Decision(actions=tuple(merge_labels([*shown, *actions])), outcome=moved)
