"""The outcome slash commands: `/measure` records a value, `/outcome` records the review or skips it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from problemframe.actions import Action, PostComment
from problemframe.commands import OUTCOME_SUBCOMMANDS, MeasureCommand, OutcomeCommand
from problemframe.events import Permission
from problemframe.outcome_actions import close_ticket, outcome_labels, to_review
from problemframe.outcome_record import (
    FINAL_STATES,
    MANUAL_SOURCE,
    OPEN_STATES,
    Measurement,
    OutcomeRecord,
    OutcomeState,
    aware,
)
from problemframe.policy import Policy
from problemframe.render_outcome import EARLY_REVIEW, NAME_LIMIT, TEXT_LIMIT, syntax_for
from problemframe.verdict import Verdict, fmt

WRITERS = frozenset({Permission.WRITE, Permission.ADMIN})


def help_text(record: OutcomeRecord) -> str:
    """List the outcome commands, in the ticket's markup."""
    syntax = syntax_for(record)
    bullet, code = syntax.bullet(0), syntax.code
    return "\n".join([
        "Outcome commands (people with write access):",
        "",
        f"{bullet}{code('/measure <number> [note]')}: record an observed value of the success metric",
        f"{bullet}{code('/outcome met|partial|missed|inconclusive [note]')}: record the outcome review"
        " and close the ticket",
        f"{bullet}{code('/outcome skip <reason>')}: close without an outcome review",
    ])


def _quote(record: OutcomeRecord, text: str) -> str:
    return syntax_for(record).escape(text, NAME_LIMIT)


def _note(record: OutcomeRecord, text: str) -> str:
    return syntax_for(record).escape(text, TEXT_LIMIT)


def _reply(record: OutcomeRecord, body: str) -> list[Action]:
    return [PostComment(ref=record.ref, body=body)]


def _measure(
    record: OutcomeRecord, command: MeasureCommand, *, actor: str, now: dt.datetime, policy: Policy
) -> tuple[OutcomeRecord, list[Action]]:
    if command.value is None:
        code = syntax_for(record).code
        usage = f"{code('/measure')} needs a number first, e.g. {code('/measure 1,234 from the weekly dashboard')}."
        return record, _reply(record, f"{usage} Not recorded: {_quote(record, command.line)}")
    note = " ".join(part for part in (command.unit and f"unit: {command.unit}", command.note) if part)
    new = Measurement(value=command.value, source=MANUAL_SOURCE, note=note, by=actor, measured_at=now)
    stored = record.model_copy(update={"measurements": (*record.measurements, new)})
    if record.window_open(now):
        # Progress only: the result is judged when the window ends, and the sticky comment shows the value.
        return stored, []
    if record.state in OPEN_STATES:
        return to_review(record, new, policy=policy, how=f"/measure by {actor}")
    shown = fmt(command.value, record.metric.unit)
    if record.state is OutcomeState.FRAMED:
        text = f"Recorded {shown}. The measurement window starts when this ticket is closed as completed."
    else:
        text = f"Recorded {shown}; the outcome is already {record.state.value}, so nothing else changes."
    return stored, _reply(record, text)


def _review(
    record: OutcomeRecord, command: OutcomeCommand, *, actor: str, now: dt.datetime, policy: Policy
) -> tuple[OutcomeRecord, list[Action]]:
    if record.state in FINAL_STATES:
        already = f" ({record.verdict.value})" if record.verdict is not None else ""
        return record, _reply(record, f"The outcome is already {record.state.value}{already}; nothing changed.")
    who = _quote(record, actor)
    syntax = syntax_for(record)
    code = syntax.code
    if command.subcommand == "skip":
        if not command.note:
            example = code("/outcome skip metric retired")
            return record, _reply(record, f"{code('/outcome skip')} needs a reason, e.g. {example}.")
        done = record.model_copy(
            update={"state": OutcomeState.SKIPPED, "skip_reason": command.note, "reviewed_by": actor,
                    "reviewed_at": now}
        )
        return done, [
            outcome_labels(record.ref, policy),
            close_ticket(record.ref, policy),
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
    early = record.window_open(now)
    done = record.model_copy(
        update={"state": OutcomeState.REVIEWED, "verdict": given, "review_note": command.note,
                "reviewed_by": actor, "reviewed_at": now, "reviewed_early": early}
    )
    text = f"Outcome review recorded by {who}: {syntax.strong(given.value)}"
    if early:
        ends = f" (it ends {record.due_at:%Y-%m-%d})" if record.due_at is not None else ""
        text += f", {EARLY_REVIEW}{ends}"
    text += "."
    if record.suggested is not None and record.suggested is not given:
        text += f" (The measurement suggested {record.suggested.value}.)"
    if command.note:
        text += f"\n\nNote: {_note(record, command.note)}"
    return done, [
        outcome_labels(record.ref, policy, given.value),
        close_ticket(record.ref, policy),
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
    aware(now)
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
