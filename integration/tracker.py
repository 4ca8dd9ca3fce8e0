"""What the service needs from a tracker adapter (GitHub, Jira): one small protocol."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

from problemframe.actions import Action
from problemframe.events import Ticket, TicketRef
from problemframe.policy import Policy

Part = Literal["labels", "fields", "comment", "status", "project", "container"]


@dataclass(frozen=True)
class Written:
    """One change an adapter made for a ticket: its key ('12', 'PROJ-12'), the part written and how it changed.

    The part `container` is a change to the ticket's repository or project made on its way (a label created).
    """

    key: str
    part: Part
    change: str

    @classmethod
    def labels(cls, key: str, *, added: Iterable[str], removed: Iterable[str]) -> Written:
        """Return a label change as told: '+evidence-strong -needs-framing'."""
        return cls(key, "labels", " ".join([*(f"+{name}" for name in added), *(f"-{name}" for name in removed)]))


WriteListener = Callable[[Written], None]
"""Hears each change an adapter wrote, once the tracker took it; in a dry run, each change it would have written."""


class TrackerError(Exception):
    """A tracker call failed; `writes` counts the write requests an `apply` made before it failed."""

    writes: int = 0


class TransientTrackerError(TrackerError):
    """The tracker is down, slow or rate-limiting: try the same work again later."""

    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class PermanentTrackerError(TrackerError):
    """The tracker refused the request for good (gone, forbidden, invalid): retrying will not help."""


class NotFound(PermanentTrackerError):
    """The tracker has no such repository, project or ticket, or does not show it to these credentials."""


class NotConfigured(PermanentTrackerError):
    """The settings lack what connecting to the tracker needs (its address or credentials)."""


class Tracker(Protocol):
    """One tracker connection, as the worker and the CLI use it."""

    def service_login(self) -> str:
        """Return the account name the service writes as (its own events are ignored)."""
        ...

    def fetch_ticket(self, ref: TicketRef) -> Ticket:
        """Return the ticket as the tracker shows it now."""
        ...

    def load_policy(self, container: str) -> Policy:
        """Return the policy for a repository or project (defaults when none is configured)."""
        ...

    def policy_error(self, container: str) -> str | None:
        """Return why the container's policy was set aside for the defaults at the last load, or None."""
        ...

    def has_comment(self, ref: TicketRef, first_line: str) -> bool:
        """Return whether the service already left a comment on the ticket whose first line is `first_line`."""
        ...

    def apply(self, actions: Sequence[Action]) -> int:
        """Carry out the actions with as few writes as possible; return how many write requests were made."""
        ...
