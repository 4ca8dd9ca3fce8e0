"""Tracker events, normalised: what happened to which ticket, as the domain needs to know it."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Tracker = Literal["github", "jira"]


class TicketRef(BaseModel):
    """A ticket's identity: `github` 'owner/repo' + number, or `jira` project key + issue key."""

    model_config = ConfigDict(frozen=True)

    tracker: Tracker
    container: str = Field(description="GitHub 'owner/repo' or Jira project key.")
    key: str = Field(description="GitHub issue number as text, or Jira issue key such as 'PROJ-12'.")

    def __str__(self) -> str:
        return f"{self.container}#{self.key}" if self.tracker == "github" else self.key


class TicketState(StrEnum):
    """Open or closed, whatever the tracker calls it."""

    OPEN = "open"
    CLOSED = "closed"


class CloseReason(StrEnum):
    """Why a ticket was closed (GitHub state_reason; Jira resolution)."""

    COMPLETED = "completed"
    NOT_PLANNED = "not_planned"
    DUPLICATE = "duplicate"
    REOPENED = "reopened"


class Ticket(BaseModel):
    """A ticket as the tracker shows it at the moment of the event."""

    ref: TicketRef
    title: str = ""
    body: str = Field(default="", description="Description text (markdown or Jira wiki markup).")
    fields: dict[str, str] = Field(
        default_factory=dict, description="Frame parts read from separate fields: problem, evidence, metric."
    )
    labels: frozenset[str] = frozenset()
    issue_type: str | None = Field(default=None, description="Jira issue type (Story, Bug ...); None on GitHub.")
    votes: int = Field(default=0, ge=0, description="👍 reactions (GitHub) or votes (Jira) on the ticket itself.")
    state: TicketState = TicketState.OPEN
    close_reason: CloseReason | None = None
    url: str | None = None
    author: str | None = None
    updated_at: dt.datetime | None = None


class EventKind(StrEnum):
    """Our own names for the vendor events we act on."""

    OPENED = "opened"
    EDITED = "edited"
    CLOSED = "closed"
    REOPENED = "reopened"
    LABELED = "labeled"
    UNLABELED = "unlabeled"
    DELETED = "deleted"
    TRANSFERRED = "transferred"
    COMMENTED = "commented"
    COMMENT_EDITED = "comment_edited"


class Permission(StrEnum):
    """What the actor may do on the ticket's repository or project."""

    NONE = "none"
    READ = "read"
    WRITE = "write"
    ADMIN = "admin"


class Comment(BaseModel):
    """A comment that arrived with the event."""

    id: str
    body: str
    author: str
    author_permission: Permission = Permission.NONE


class TicketEvent(BaseModel):
    """One thing that happened to a ticket, as the domain reasons about it."""

    kind: EventKind
    ticket: Ticket
    actor: str | None = None
    actor_is_bot: bool = False
    comment: Comment | None = None
    occurred_at: dt.datetime | None = None
    delivery_id: str | None = None
