"""The outcome state machine: ship, measure, review, then close. Pure: every transition takes `now`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from problemframe.actions import (
    Action,
    Close,
    PostComment,
    RecordMeasurement,
    RecordReview,
    Reopen,
    ScheduleOutcome,
    SetLabels,
    Transition,
)
from problemframe.commands import OUTCOME_SUBCOMMANDS, MeasureCommand, OutcomeCommand
from problemframe.events import CloseReason, Permission, TicketRef
from problemframe.model import SuccessMetric
from problemframe.policy import Policy
from problemframe.render_outcome import NAME_LIMIT, TEXT_LIMIT, measured_how, render_results, style_for
from problemframe.verdict import Verdict, VerdictResult, fmt, verdict

MANUAL_SOURCE = "manual"
WRITERS = frozenset({Permission.WRITE, Permission.ADMIN})


class OutcomeState(StrEnum):
    """Where a framed ticket is in its life after shipping."""

    FRAMED = "framed"
    PENDING = "pending"
    REVIEW = "review"
    REVIEWED = "reviewed"
    SKIPPED = "skipped"
    CLOSED = "closed"


OPEN_STATES = frozenset({OutcomeState.PENDING, OutcomeState.REVIEW})
FINAL_STATES = frozenset({OutcomeState.REVIEWED, OutcomeState.SKIPPED, OutcomeState.CLOSED})


class Measurement(BaseModel):
    """One observed value; `value` is None when measuring failed and `note` says why."""

    model_config = ConfigDict(frozen=True)

    value: float | None
    source: str
    note: str = ""
    by: str | None = None
    measured_at: dt.datetime


class Observation(BaseModel):
    """What a metric source returned when the window ended."""

    model_config = ConfigDict(frozen=True)

    value: float
    source: str = Field(description="The source name from policy, or 'manual'.")
    query: str = ""
    measured_at: dt.datetime
    note: str = ""


class OutcomeRecord(BaseModel):
    """Everything known about one ticket's outcome."""

    model_config = ConfigDict(frozen=True)

    ref: TicketRef
    state: OutcomeState = OutcomeState.FRAMED
    shipped_at: dt.datetime | None = None
    due_at: dt.datetime | None = None
    metric: SuccessMetric
    measurements: tuple[Measurement, ...] = ()
    suggested: Verdict | None = Field(default=None, description="The verdict the latest measurement suggests.")
    verdict: Verdict | None = None
    review_note: str = ""
    reviewed_by: str | None = None
    reviewed_at: dt.datetime | None = None
    skip_reason: str | None = None

    def latest_value(self) -> float | None:
        """Return the most recent successfully measured value."""
        for measurement in reversed(self.measurements):
            if measurement.value is not None:
                return measurement.value
        return None

    def is_due(self, now: dt.datetime) -> bool:
        """Return whether the window has ended and no measurement has moved the record on."""
        return self.state is OutcomeState.PENDING and self.due_at is not None and self.due_at <= now


def _aware(now: dt.datetime) -> dt.datetime:
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return now


def _labels(ref: TicketRef, policy: Policy, *wanted: str) -> SetLabels:
    names = (*(state.value for state in OPEN_STATES), *(v.value for v in Verdict))
    managed = frozenset(policy.labels.outcome(name) for name in names)
    return SetLabels(ref=ref, wanted=frozenset(policy.labels.outcome(w) for w in wanted), managed=managed)


def _close(ref: TicketRef, policy: Policy) -> Action:
    if ref.tracker == "jira":
        return Transition(ref=ref, status=policy.outcome.done_status)
    return Close(ref=ref, reason=CloseReason.COMPLETED)


def _reopen(ref: TicketRef, policy: Policy) -> Action:
    if ref.tracker == "jira" and policy.outcome.review_status:
        return Transition(ref=ref, status=policy.outcome.review_status)
    return Reopen(ref=ref)


def due_date(metric: SuccessMetric, *, policy: Policy, shipped_at: dt.datetime) -> dt.datetime:
    """Return when the metric is due: the end of `window_until`, else shipping plus the window in days."""
    if metric.window_until is not None:
        end = dt.datetime.combine(metric.window_until + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC)
        return max(end, shipped_at)
    days = metric.window_days if metric.window_days is not None else policy.outcome.default_window_days
    return shipped_at + dt.timedelta(days=days)


def new_record(ref: TicketRef, metric: SuccessMetric) -> OutcomeRecord:
    """Return the record of a framed ticket that has not shipped."""
    return OutcomeRecord(ref=ref, metric=metric)


def on_closed(
    record: OutcomeRecord | None,
    *,
    frame_complete: bool,
    metric: SuccessMetric | None,
    close_reason: CloseReason | None,
    policy: Policy,
    now: dt.datetime,
    ref: TicketRef,
) -> tuple[OutcomeRecord | None, list[Action]]:
    """Handle a ticket being closed: closing a complete, un-reviewed ticket as completed starts its window."""
    _aware(now)
    # GitHub leaves state_reason empty on older closes; its default reason is "completed".
    completed = close_reason in (None, CloseReason.COMPLETED)
    if record is not None and record.state in {OutcomeState.REVIEWED, OutcomeState.SKIPPED}:
        return record, []
    if not completed:
        if record is None or record.state is OutcomeState.CLOSED:
            return record, []
        # Not planned after all: stop measuring, and drop the outcome label if one is showing.
        stopped = record.model_copy(update={"state": OutcomeState.CLOSED})
        return stopped, [_labels(ref, policy)] if record.state in OPEN_STATES else []
    if not policy.outcome.gate:
        return record, []
    if record is not None and record.state in OPEN_STATES:
        note = "This ticket waits for its outcome review, so it stays open."
        if record.state is OutcomeState.PENDING and record.due_at is not None:
            note += f" The measurement is due {record.due_at:%Y-%m-%d}."
        return record, [
            _reopen(ref, policy),
            _labels(ref, policy, record.state.value),
            PostComment(ref=ref, body=f"{note}\n\n{help_text(record)}"),
        ]
    if not frame_complete or metric is None:
        return record, []
    due = due_date(metric, policy=policy, shipped_at=now)
    started = OutcomeRecord(
        ref=ref,
        state=OutcomeState.PENDING,
        shipped_at=now,
        due_at=due,
        metric=metric,
        measurements=record.measurements if record is not None else (),
    )
    return started, [
        _reopen(ref, policy),
        _labels(ref, policy, OutcomeState.PENDING.value),
        ScheduleOutcome(ref=ref, due=due, shipped_at=now),
    ]


def _to_review(
    record: OutcomeRecord, new: Measurement | None, *, policy: Policy, how: str, failure: str | None = None
) -> tuple[OutcomeRecord, list[Action]]:
    measurements = record.measurements + ((new,) if new is not None else ())
    moved = record.model_copy(update={"measurements": measurements, "state": OutcomeState.REVIEW})
    observed = moved.latest_value()
    if observed is None and failure is not None:
        result = VerdictResult(verdict=Verdict.INCONCLUSIVE, explanation=f"Measuring failed: {failure}")
    else:
        result = verdict(moved.metric, observed, partial_share=policy.outcome.partial_share)
    moved = moved.model_copy(update={"suggested": result.verdict})
    actions: list[Action] = []
    if new is not None:
        actions.append(
            RecordMeasurement(
                ref=record.ref, value=new.value, source=new.source, note=new.note, by=new.by,
                measured_at=new.measured_at,
            )
        )
    # Idempotent writes first: if the tracker fails midway, a retry cannot post the comment twice.
    actions += [
        _labels(record.ref, policy, OutcomeState.REVIEW.value),
        PostComment(ref=record.ref, body=render_results(moved, result, measured_how=how)),
    ]
    return moved, actions


def on_due(
    record: OutcomeRecord, observation: Observation | None, error: str | None, *, policy: Policy, now: dt.datetime
) -> tuple[OutcomeRecord, list[Action]]:
    """Handle the end of the window: store what was measured, post the results, and ask for a review."""
    _aware(now)
    if record.state is not OutcomeState.PENDING:
        return record, []
    if observation is not None:
        new = Measurement(
            value=observation.value, source=observation.source, note=observation.note,
            measured_at=observation.measured_at,
        )
        how = f"{observation.source}: {observation.query}" if observation.query else observation.source
        return _to_review(record, new, policy=policy, how=how)
    if error is not None:
        source = (record.metric.source or MANUAL_SOURCE).strip()
        new = Measurement(value=None, source=source, note=error, measured_at=now)
        return _to_review(record, new, policy=policy, how=source, failure=error)
    how = "values recorded with /measure" if record.latest_value() is not None else measured_how(record)
    return _to_review(record, None, policy=policy, how=how)


def help_text(record: OutcomeRecord) -> str:
    """List the outcome commands, in the ticket's markup."""
    style = style_for(record)
    return "\n".join([
        "Outcome commands (people with write access):",
        "",
        f"{style.bullet}{style.code('/measure <number> [note]')}: record an observed value of the success metric",
        f"{style.bullet}{style.code('/outcome met|partial|missed|inconclusive [note]')}: record the outcome review"
        " and close the ticket",
        f"{style.bullet}{style.code('/outcome skip <reason>')}: close without an outcome review",
    ])


def _quote(record: OutcomeRecord, text: str) -> str:
    return style_for(record).escape(text, NAME_LIMIT)


def _note(record: OutcomeRecord, text: str) -> str:
    return style_for(record).escape(text, TEXT_LIMIT)


def _reply(record: OutcomeRecord, body: str) -> list[Action]:
    return [PostComment(ref=record.ref, body=body)]


def _measure(
    record: OutcomeRecord, command: MeasureCommand, *, actor: str, now: dt.datetime, policy: Policy
) -> tuple[OutcomeRecord, list[Action]]:
    if command.value is None:
        code = style_for(record).code
        usage = f"{code('/measure')} needs a number first, e.g. {code('/measure 1,234 from the weekly dashboard')}."
        return record, _reply(record, f"{usage} Not recorded: {_quote(record, command.line)}")
    note = " ".join(part for part in (command.unit and f"unit: {command.unit}", command.note) if part)
    new = Measurement(value=command.value, source=MANUAL_SOURCE, note=note, by=actor, measured_at=now)
    if record.state in OPEN_STATES:
        return _to_review(record, new, policy=policy, how=f"/measure by {actor}")
    stored = record.model_copy(update={"measurements": (*record.measurements, new)})
    recorded = RecordMeasurement(
        ref=record.ref, value=new.value, source=new.source, note=new.note, by=actor, measured_at=now
    )
    shown = fmt(command.value, record.metric.unit)
    if record.state is OutcomeState.FRAMED:
        text = f"Recorded {shown}. The measurement window starts when this ticket is closed as completed."
    else:
        text = f"Recorded {shown}; the outcome is already {record.state.value}, so nothing else changes."
    return stored, [recorded, *_reply(record, text)]


def _review(
    record: OutcomeRecord, command: OutcomeCommand, *, actor: str, now: dt.datetime, policy: Policy
) -> tuple[OutcomeRecord, list[Action]]:
    if record.state in FINAL_STATES:
        already = f" ({record.verdict.value})" if record.verdict is not None else ""
        return record, _reply(record, f"The outcome is already {record.state.value}{already}; nothing changed.")
    who = _quote(record, actor)
    code = style_for(record).code
    if command.subcommand == "skip":
        if not command.note:
            example = code("/outcome skip metric retired")
            return record, _reply(record, f"{code('/outcome skip')} needs a reason, e.g. {example}.")
        done = record.model_copy(
            update={"state": OutcomeState.SKIPPED, "skip_reason": command.note, "reviewed_by": actor,
                    "reviewed_at": now}
        )
        return done, [
            RecordReview(ref=record.ref, verdict="skip", note=command.note, by=actor, reviewed_at=now),
            _labels(record.ref, policy),
            _close(record.ref, policy),
            PostComment(
                ref=record.ref, body=f"Closed without an outcome review by {who}: {_note(record, command.note)}"
            ),
        ]
    if record.state is OutcomeState.FRAMED:
        text = (
            "There is no outcome to review yet: close this ticket as completed to start the measurement window,"
            f" or use {code('/outcome skip <reason>')}."
        )
        return record, _reply(record, text)
    given = Verdict(command.subcommand)
    done = record.model_copy(
        update={"state": OutcomeState.REVIEWED, "verdict": given, "review_note": command.note,
                "reviewed_by": actor, "reviewed_at": now}
    )
    text = f"Outcome review recorded by {who}: **{given.value}**."
    if record.suggested is not None and record.suggested is not given:
        text += f" (The measurement suggested {record.suggested.value}.)"
    if command.note:
        text += f"\n\nNote: {_note(record, command.note)}"
    return done, [
        RecordReview(ref=record.ref, verdict=given.value, note=command.note, by=actor, reviewed_at=now),
        _labels(record.ref, policy, given.value),
        _close(record.ref, policy),
        PostComment(ref=record.ref, body=text),
    ]


def on_command(
    record: OutcomeRecord,
    command: MeasureCommand | OutcomeCommand,
    *,
    permission: Permission,
    actor: str,
    now: dt.datetime,
    policy: Policy,
) -> tuple[OutcomeRecord, list[Action]]:
    """Handle one slash command; people without write access get a polite refusal and nothing changes."""
    _aware(now)
    if permission not in WRITERS:
        text = (
            f"Sorry, only people with write access can use outcome commands;"
            f" this was not applied: {_quote(record, command.line)}"
        )
        return record, _reply(record, text)
    if isinstance(command, MeasureCommand):
        return _measure(record, command, actor=actor, now=now, policy=policy)
    if command.subcommand not in OUTCOME_SUBCOMMANDS:
        unknown = f"Unknown outcome command: {_quote(record, command.line)}\n\n" if command.subcommand else ""
        return record, _reply(record, unknown + help_text(record))
    return _review(record, command, actor=actor, now=now, policy=policy)


def on_commands(
    record: OutcomeRecord,
    commands: Iterable[MeasureCommand | OutcomeCommand],
    *,
    permission: Permission,
    actor: str,
    now: dt.datetime,
    policy: Policy,
) -> tuple[OutcomeRecord, list[Action]]:
    """Apply several commands from one comment in order, collecting their actions."""
    actions: list[Action] = []
    for command in commands:
        record, more = on_command(record, command, permission=permission, actor=actor, now=now, policy=policy)
        actions += more
    return record, actions
