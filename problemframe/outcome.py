"""The outcome state machine: ship, measure, review, then close. Pure: every transition takes `now`."""

from __future__ import annotations

import datetime as dt

from problemframe.actions import Action, PostComment, ScheduleOutcome
from problemframe.events import CloseReason, TicketRef
from problemframe.model import SuccessMetric
from problemframe.outcome_actions import outcome_labels, reopen_ticket, to_review
from problemframe.outcome_commands import WRITERS, help_text, on_command, on_commands
from problemframe.outcome_record import (
    FINAL_STATES,
    MANUAL_SOURCE,
    OPEN_STATES,
    Measurement,
    Observation,
    OutcomeRecord,
    OutcomeState,
    aware,
)
from problemframe.policy import Policy
from problemframe.render_outcome import measured_how, render_ask

__all__ = [
    "FINAL_STATES",
    "MANUAL_SOURCE",
    "OPEN_STATES",
    "WRITERS",
    "Measurement",
    "Observation",
    "OutcomeRecord",
    "OutcomeState",
    "due_date",
    "help_text",
    "new_record",
    "on_closed",
    "on_command",
    "on_commands",
    "on_due",
]


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
    aware(now)
    # GitHub leaves state_reason empty on older closes; its default reason is "completed".
    completed = close_reason in (None, CloseReason.COMPLETED)
    if record is not None and record.state in {OutcomeState.REVIEWED, OutcomeState.SKIPPED}:
        return record, []
    if not completed:
        if record is None or record.state is OutcomeState.CLOSED:
            return record, []
        # Not planned after all: stop measuring, and drop the outcome label if one is showing.
        stopped = record.model_copy(update={"state": OutcomeState.CLOSED})
        return stopped, [outcome_labels(ref, policy)] if record.state in OPEN_STATES else []
    if not policy.outcome.gate:
        return record, []
    if record is not None and record.state in OPEN_STATES:
        note = "This ticket waits for its outcome review, so it stays open."
        if record.state is OutcomeState.PENDING and record.due_at is not None:
            note += f" The measurement is due {record.due_at:%Y-%m-%d}."
        return record, [
            reopen_ticket(ref, policy),
            outcome_labels(ref, policy, record.state.value),
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
        reopen_ticket(ref, policy),
        outcome_labels(ref, policy, OutcomeState.PENDING.value),
        ScheduleOutcome(ref=ref, due=due, shipped_at=now),
    ]


def on_due(
    record: OutcomeRecord,
    observation: Observation | None,
    error: str | None,
    *,
    policy: Policy,
    now: dt.datetime,
    manual: bool = False,
) -> tuple[OutcomeRecord, list[Action]]:
    """Handle the end of the window: store what was measured, post the results, and ask for a review.

    A `manual` metric nobody has measured gets a results comment asking for a value; it stays pending until a
    `/measure` or an `/outcome inconclusive` comes.
    """
    aware(now)
    if record.state is not OutcomeState.PENDING or record.asked_at is not None:
        return record, []
    if observation is None and manual:
        asked = record.model_copy(update={"asked_at": now})
        return asked, [PostComment(ref=record.ref, body=render_ask(asked))]
    if observation is not None:
        new = Measurement(
            value=observation.value, source=observation.source, note=observation.note,
            measured_at=observation.measured_at,
        )
        how = f"{observation.source}: {observation.query}" if observation.query else observation.source
        return to_review(record, new, policy=policy, how=how)
    if error is not None:
        source = (record.metric.source or MANUAL_SOURCE).strip()
        new = Measurement(value=None, source=source, note=error, measured_at=now)
        return to_review(record, new, policy=policy, how=source, failure=error)
    how = "values recorded with /measure" if record.latest_value() is not None else measured_how(record)
    return to_review(record, None, policy=policy, how=how)
