"""A repository or project to read as a portfolio, its rows and its digest; shared by the CLI and `serve`."""

from __future__ import annotations

import datetime as dt
import logging
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Protocol

from integration.backfill import SameBody
from integration.github import GitHubTracker
from integration.github.calls import Calls, RetryPolicy
from integration.github.portfolio import EtagCache, GitHubIssueReader
from integration.github.portfolio import same_sticky_body as same_github_body
from integration.jira.jql import is_project_key
from integration.jira.portfolio import JiraIssueReader
from integration.jira.portfolio import same_sticky_body as same_jira_body
from integration.retry import Clock, Sleep
from integration.store import NotReady, Store
from integration.store.outcomes import OutcomeStore
from integration.tracker import PermanentTrackerError, Tracker, TrackerError
from problemframe.actions import PostComment
from problemframe.digest import render_digest
from problemframe.events import Ticket, TicketRef
from problemframe.outcome import OutcomeRecord
from problemframe.policy import Policy
from problemframe.portfolio import PortfolioRow, StateFilter, build_rows
from webhooks.settings import Settings
from webhooks.trackers import github_clients, jira_tracker

MAX_OUTCOMES = 100_000

log = logging.getLogger(__name__)


class SourceError(Exception):
    """The repository, project or credentials named cannot be used (a usage or configuration error)."""


class State(StrEnum):
    """Which tickets to read."""

    OPEN = "open"
    CLOSED = "closed"
    ALL = "all"


class Reader(Protocol):
    """Reads a repository's or project's tickets (GitHubIssueReader, JiraIssueReader)."""

    def tickets(self, *, state: StateFilter) -> Iterator[Ticket]:
        """Yield the tickets in a state."""
        ...

    def sticky_body(self, ref: TicketRef, *, login: str) -> str | None:
        """Return the service's sticky comment on a ticket."""
        ...


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


def github_source(
    settings: Settings,
    repo: str,
    *,
    state_dir: Path | None,
    clock: Clock = time.time,
    sleep: Sleep = time.sleep,
) -> Source:
    """Connect to a repository; `state_dir` keeps its conditional-request cache (None: in memory).

    Raises SourceError for a malformed name or missing credentials, TrackerError when GitHub fails.
    """
    if not re.fullmatch(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+", repo):
        raise SourceError(f"--github takes OWNER/REPO, not {repo!r}")
    try:
        clients = github_clients(settings)
    except TrackerError as error:
        raise SourceError(str(error)) from None
    tracker = GitHubTracker(
        clients, write_interval=settings.write_interval, dry_run=settings.dry_run, clock=clock, sleep=sleep
    )
    calls = Calls(clock=clock, sleep=sleep, retry=RetryPolicy(), on_response=None)
    client = calls.retrying(lambda: clients.client(repo, calls.call), what=f"client for {repo}")
    cache = EtagCache(None if state_dir is None else state_dir / f"etags-{repo.replace('/', '_')}.json")
    reader = GitHubIssueReader(client, repo, cache=cache, calls=calls)
    ref = TicketRef(tracker="github", container=repo, key="")
    return Source(tracker, reader, ref, same_github_body, reader.stats.created_at, settings)


def jira_source(settings: Settings, project: str) -> Source:
    """Connect to a Jira project; raises SourceError for a malformed key or a site or credentials not configured."""
    if not is_project_key(project):
        raise SourceError(f"--jira-project takes a project key such as PROJ, not {project!r}")
    try:
        tracker = jira_tracker(settings)
    except PermanentTrackerError as error:
        raise SourceError(f"--jira-project: {error}") from None
    reader = JiraIssueReader(tracker, project)
    ref = TicketRef(tracker="jira", container=project, key="")
    return Source(tracker, reader, ref, same_jira_body, reader.stats.created_at, settings)


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
    currency: str,
    rates: dict[str, float],
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
        framed_at=source.created_at, currency=currency, rates=rates,
    )


def check_post_key(tracker: str, container: str, key: str) -> None:
    """Raise SourceError unless `key` names an issue of the container a digest can be posted on."""
    pattern = r"[0-9]+" if tracker == "github" else re.escape(container) + r"-[0-9]+"
    if not re.fullmatch(pattern, key):
        wanted = "an issue number" if tracker == "github" else "an issue key of the project"
        raise SourceError(f"--post takes {wanted}, not {key!r}")


def post_digest(
    source: Source, target: TicketRef, rows: list[PortfolioRow], *, since: dt.datetime, until: dt.datetime, top: int
) -> None:
    """Render the period's digest for the target's tracker and post it as a comment; TrackerError on failure."""
    # Jira shows wiki markup, not markdown.
    text = render_digest(rows, since=since, until=until, top=top, wiki=target.tracker == "jira")
    source.tracker.apply([PostComment(ref=target, body=text)])
