"""The contract each tracker package implements (its `kind.py`): what the rest of the service knows of a tracker."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from integration.retry import Clock, Sleep, WriteLedger
from integration.sticky import StickyStyle
from integration.tracker import Tracker, WriteListener
from problemframe.events import Ticket, TicketEvent, TicketRef
from problemframe.portfolio import StateFilter


class Secret(Protocol):
    """A setting whose value is kept out of logs and reprs (pydantic's SecretStr)."""

    def get_secret_value(self) -> str:
        """Return the secret itself."""
        ...


class WriteSettings(Protocol):
    """The settings every kind reads: how writes are paced, and whether they are only logged."""

    @property
    def write_interval(self) -> float:
        """Return the least seconds between two writes."""
        ...

    @property
    def dry_run(self) -> bool:
        """Return whether writes are only logged."""
        ...


def filled(value: object) -> bool:
    """Tell whether a setting is given: not None and, for text or a secret, not blank."""
    secret = getattr(value, "get_secret_value", None)
    text = secret() if callable(secret) else value
    return bool(text.strip()) if isinstance(text, str) else text is not None


class TrackerMetrics(Protocol):
    """Where a tracker connection counts its calls (the service's Prometheus metrics)."""

    def tracker_call(self, *, tracker: str, status: str) -> None:
        """Count one call and its outcome."""
        ...

    def rate_limit(self, *, tracker: str, remaining: int) -> None:
        """Note the requests the tracker says are left."""
        ...


@dataclass(frozen=True)
class Connection:
    """What connecting may use besides the settings: metrics, a clock and sleep, the shared write budget, and who
    hears each change written to a ticket."""

    metrics: TrackerMetrics | None = None
    clock: Clock = time.time
    sleep: Sleep = time.sleep
    ledger: WriteLedger | None = None
    on_write: WriteListener | None = None


class PortfolioReader(Protocol):
    """Reads every ticket of a repository or project (for reports, digests and backfills)."""

    def tickets(self, *, state: StateFilter) -> Iterator[Ticket]:
        """Yield the tickets in a state."""
        ...

    def sticky_body(self, ref: TicketRef, *, login: str) -> str | None:
        """Return the service's sticky comment on a ticket."""
        ...


@dataclass(frozen=True)
class Portfolio:
    """A repository or project opened for reading: the adapter that writes to it, and its reader."""

    tracker: Tracker
    reader: PortfolioReader
    created_at: dict[str, dt.datetime]
    """Ticket key -> when it was created, filled in as the reader reads."""


class TrackerKind(Protocol):
    """One kind of tracker. `settings` is the service's settings; each kind reads only its own fields."""

    name: str
    """How tickets, deliveries and webhooks name the tracker: `github`, `jira`."""
    flag: str
    """The command-line option naming one of its containers: `--github`, `--jira-project`."""
    wiki: bool
    """True when comments are Jira wiki markup, False for markdown."""
    sticky: StickyStyle
    """The sticky comment's marker, size limit and list syntax."""
    key_noun: str
    """What a ticket key of a container is called in messages: `an issue number`."""
    container_noun: str
    """What a container is called in messages: `repository`, `project`."""
    app_installations: bool
    """True when containers are reached through App installations the store keeps (GitHub Apps)."""

    def ticket_label(self, container: str, key: str) -> str:
        """Return a ticket as people name it in logs: `owner/repo#12`, `PROJ-12`."""
        ...

    def key_pattern(self, container: str) -> str:
        """Return a regular expression a ticket key of the container matches in full."""
        ...

    def container_problem(self, container: str) -> str | None:
        """Return why a container name (repository, project key) is malformed, or None."""
        ...

    def budget(self, settings: Any) -> str:
        """Name the account whose write budget the connection draws on, never its secret."""
        ...

    def has_credentials(self, settings: Any) -> bool:
        """Tell whether the settings hold what connecting needs."""
        ...

    def connect(self, settings: Any, connection: Connection) -> Tracker:
        """Return the adapter; raise NotConfigured when the settings lack an address or credentials."""
        ...

    def portfolio(self, settings: Any, container: str, *, state_dir: Path | None,
                  connection: Connection) -> Portfolio:
        """Open a container for reading every ticket, its tracker connected as `connect` connects it; `state_dir`
        keeps caches between runs (None: in memory)."""
        ...

    def allow_entry(self, entry: str) -> str | None:
        """Return an allow-list entry as kept when it names this kind's containers (`owner/*`), else None."""
        ...

    def allows(self, entries: frozenset[str], container: str) -> bool:
        """Return whether the kept entries allow writing to the container."""
        ...

    def normalise(
        self, event: str, payload: Mapping[str, Any], tracker: Tracker, *, delivery_id: str
    ) -> TicketEvent | None:
        """Turn a stored delivery's body into a domain event, asking the tracker what it must; None to ignore it."""
        ...

    def installation_event(self, event: str) -> bool:
        """Tell whether a delivery of this event changes which App installation reaches which containers."""
        ...

    def installation_of(self, payload: Mapping[str, Any]) -> int | None:
        """Return the App installation a delivery came through; None when it names none."""
        ...

    def probe(self, settings: Any) -> Iterator[str]:
        """Ask the tracker, with the configured credentials, who the service is; yield what is wrong."""
        ...
