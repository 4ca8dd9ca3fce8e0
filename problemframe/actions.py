"""Decisions as plain data: what an adapter should do to a ticket. The domain never performs them."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from problemframe.events import CloseReason, TicketRef


class _Action(BaseModel):
    model_config = ConfigDict(frozen=True)

    ref: TicketRef


class SetLabels(_Action):
    """Make the ticket's managed labels exactly `wanted`; labels outside `managed` are left alone."""

    type: Literal["set_labels"] = "set_labels"
    wanted: frozenset[str]
    managed: frozenset[str]


class UpsertComment(_Action):
    """Create or edit in place the one sticky comment (found by marker and by the service's own author)."""

    type: Literal["upsert_comment"] = "upsert_comment"
    body: str


class PostComment(_Action):
    """Post a new comment (results of a measurement, an answer to a slash command)."""

    type: Literal["post_comment"] = "post_comment"
    body: str


class Reopen(_Action):
    """Reopen a closed ticket."""

    type: Literal["reopen"] = "reopen"


class Close(_Action):
    """Close a ticket with a reason."""

    type: Literal["close"] = "close"
    reason: CloseReason = CloseReason.COMPLETED


class Transition(_Action):
    """Move a Jira issue to a named status, if the workflow allows it."""

    type: Literal["transition"] = "transition"
    status: str


class SetField(_Action):
    """Set a tracker field by its display name (Jira 'Evidence score', 'Evidence strength', 'Outcome')."""

    type: Literal["set_field"] = "set_field"
    name: str
    value: float | str | None


class ScheduleOutcome(_Action):
    """Record that the ticket shipped and its success metric is due for measurement."""

    type: Literal["schedule_outcome"] = "schedule_outcome"
    due: dt.datetime
    shipped_at: dt.datetime


Action = Annotated[
    SetLabels
    | UpsertComment
    | PostComment
    | Reopen
    | Close
    | Transition
    | SetField
    | ScheduleOutcome,
    Field(discriminator="type"),
]
