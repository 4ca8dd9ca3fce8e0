"""A repository or project to read as a portfolio, its rows and its digest; shared by the CLI and `serve`."""

from __future__ import annotations

import datetime as dt
import functools
import logging
import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from integration.backfill_plan import SameBody
from integration.kinds import tracker_kind
from integration.sticky import same_sticky_body
from integration.store import NotReady, Store
from integration.store.outcomes import OutcomeStore
from integration.tracker import NotConfigured, Tracker
from integration.tracker_kind import Connection, PortfolioReader
from problemframe.actions import PostComment
from problemframe.digest import render_digest
from problemframe.events import TicketRef
from problemframe.outcome import OutcomeRecord
from problemframe.policy import Policy
from problemframe.portfolio import PortfolioRow, build_rows
from webhooks.settings import Settings

MAX_OUTCOMES = 100_000

log = logging.getLogger(__name__)


class SourceError(Exception):
    """The repository, project or credentials named cannot be used (a usage or configuration error)."""


class State(StrEnum):
    """Which tickets to read."""

    OPEN = "open"
    CLOSED = "closed"
    ALL = "all"


Reader = PortfolioReader
"""Reads a repository's or project's tickets (GitHubIssueReader, JiraIssueReader)."""


@dataclass
class Source:
    """A repository or project, the adapter that writes to it and the reader that lists its tickets."""

    tracker: Tracker
    reader: Reader
    container: TicketRef
    same_body: SameBody
    created_at: dict[str, dt.datetime]
    settings: Settings

    def policy(self) -> Policy:
        """Return the container's policy."""
        return self.tracker.load_policy(self.container.container)


def connect_source(
    settings: Settings,
    tracker: str,
    container: str,
    *,
    state_dir: Path | None,
    connection: Connection | None = None,
) -> Source:
    """Open a repository or project of a kind of tracker; `state_dir` keeps caches between runs (None: in memory).

    The tracker is connected as the service connects it; `connection` brings its clock, the shared write budget and
    who hears each change it writes. Raises SourceError for a malformed name or a site or credentials not
    configured, TrackerError when the tracker fails.
    """
    kind = tracker_kind(tracker)
    problem = kind.container_problem(container)
    if problem is not None:
        raise SourceError(problem)
    try:
        portfolio = kind.portfolio(settings, container, state_dir=state_dir, connection=connection or Connection())
    except NotConfigured as error:
        raise SourceError(f"{kind.flag}: {error}") from None
    ref = TicketRef(tracker=kind.name, container=container, key="")
    same_body = functools.partial(same_sticky_body, style=kind.sticky)
    return Source(portfolio.tracker, portfolio.reader, ref, same_body, portfolio.created_at, settings)


def _outcomes(source: Source, outcomes: OutcomeStore | None) -> dict[TicketRef, OutcomeRecord]:
    if outcomes is not None:
        records = outcomes.list(limit=MAX_OUTCOMES)
    else:
        try:
            store = Store.open_existing(source.settings.database_url)
        except NotReady as error:
            # The tickets still make a portfolio; only the outcome columns stay empty.
            log.warning("%s: no outcomes shown (run `problemframe migrate`, or point PROBLEMFRAME_DATABASE_URL at "
                        "the service's database)", error)
            return {}
        try:
            records = OutcomeStore(store.engine).list(limit=MAX_OUTCOMES)
        finally:
            store.close()
    mine = source.container
    return {r.ref: r for r in records if (r.ref.tracker, r.ref.container) == (mine.tracker, mine.container)}


def read_rows(
    source: Source,
    *,
    state: State,
    today: dt.date | None = None,
    outcomes: OutcomeStore | None = None,
) -> list[PortfolioRow]:
    """Read the source's tickets in a state and their stored outcomes into portfolio rows; TrackerError on failure.

    Without `outcomes`, the store of the source's settings is opened for the read.
    """
    tickets = list(source.reader.tickets(state=state.value))
    policy = source.policy()
    return build_rows(
        tickets, policy=policy, today=today or dt.datetime.now(dt.UTC).date(), outcomes=_outcomes(source, outcomes),
        framed_at=source.created_at,
    )


def check_post_key(tracker: str, container: str, key: str) -> None:
    """Raise SourceError unless `key` names an issue of the container a digest can be posted on."""
    kind = tracker_kind(tracker)
    if not re.fullmatch(kind.key_pattern(container), key):
        raise SourceError(f"--post takes {kind.key_noun}, not {key!r}")


def post_digest(
    source: Source, target: TicketRef, rows: list[PortfolioRow], *, since: dt.datetime, until: dt.datetime, top: int
) -> None:
    """Render the period's digest for the target's tracker and post it as a comment; TrackerError on failure."""
    text = render_digest(rows, since=since, until=until, top=top, wiki=tracker_kind(target.tracker).wiki)
    source.tracker.apply([PostComment(ref=target, body=text)])
