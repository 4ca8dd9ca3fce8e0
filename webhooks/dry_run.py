"""What a dry run says it would do: one short sentence per action, not the action's JSON."""

from __future__ import annotations

from problemframe.actions import (
    Action,
    Close,
    PostComment,
    Reopen,
    ScheduleOutcome,
    SetField,
    SetLabels,
    Transition,
    UpsertComment,
)

_SHOWN_CHARS = 80


def describe(action: Action) -> str:
    """Return what carrying out the action would do, naming its ticket."""
    ref = action.ref
    if isinstance(action, SetLabels):
        return f"set the labels of {ref} to {sorted(action.wanted)} (managing {sorted(action.managed)})"
    if isinstance(action, UpsertComment):
        return f"write the sticky comment on {ref} ({len(action.body)} chars): {_start(action.body)}"
    if isinstance(action, PostComment):
        return f"comment on {ref} ({len(action.body)} chars): {_start(action.body)}"
    if isinstance(action, Reopen):
        return f"reopen {ref}"
    if isinstance(action, Close):
        return f"close {ref} as {action.reason.value}"
    if isinstance(action, Transition):
        return f"move {ref} to {action.status!r}"
    if isinstance(action, SetField):
        return f"set the field {action.name!r} of {ref} to {action.value!r}"
    if isinstance(action, ScheduleOutcome):
        return f"start the outcome window of {ref}, due {action.due.date().isoformat()}"
    return f"{action.type} on {ref}"


def _start(body: str) -> str:
    text = " ".join(line.strip() for line in body.splitlines() if line.strip() and not line.startswith("<!--"))
    return text if len(text) <= _SHOWN_CHARS else text[: _SHOWN_CHARS - 1] + "…"
