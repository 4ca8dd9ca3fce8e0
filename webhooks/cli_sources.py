"""The repository or project a portfolio command reads (`--github` or `--jira-project`), and its rows."""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn, Protocol

import typer
from pydantic import ValidationError

from integration.backfill import SameBody
from integration.github import GitHubTracker
from integration.github.calls import Calls, RetryPolicy
from integration.github.clients import Clients
from integration.jira.jql import is_project_key
from integration.portfolio_github import EtagCache, GitHubIssueReader
from integration.portfolio_github import same_sticky_body as same_github_body
from integration.portfolio_jira import JiraIssueReader
from integration.portfolio_jira import same_sticky_body as same_jira_body
from integration.store import Store
from integration.store.outcomes import OutcomeStore
from integration.tracker import PermanentTrackerError, Tracker, TrackerError
from problemframe.events import Ticket, TicketRef
from problemframe.outcome import OutcomeRecord
from problemframe.policy import Policy
from problemframe.portfolio import PortfolioRow, StateFilter, build_rows
from webhooks.cli_common import fail
from webhooks.settings import Settings
from webhooks.trackers import github_clients, jira_tracker

DEFAULT_STATE_DIR = Path(".problemframe")
MAX_OUTCOMES = 100_000

GithubOption = Annotated[str | None, typer.Option("--github", metavar="OWNER/REPO", help="A GitHub repository.")]
JiraOption = Annotated[str | None, typer.Option("--jira-project", metavar="KEY", help="A Jira project key.")]
StateDirOption = Annotated[
    Path, typer.Option("--state-dir", help="Where conditional-request caches and backfill progress are kept.")
]


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


def tracker_failed(error: TrackerError) -> NoReturn:
    """Exit 1: the tracker refused or could not be reached."""
    fail(str(error), code=1)


def _github_clients(settings: Settings) -> Clients:
    try:
        return github_clients(settings)
    except TrackerError as error:
        fail(str(error))


def _github_source(settings: Settings, repo: str, state_dir: Path) -> Source:
    if not re.fullmatch(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+", repo):
        fail(f"--github takes OWNER/REPO, not {repo!r}")
    clients = _github_clients(settings)
    tracker = GitHubTracker(clients, write_interval=settings.write_interval, dry_run=settings.dry_run)
    calls = Calls(clock=time.time, sleep=time.sleep, retry=RetryPolicy(), on_response=None)
    try:
        client = calls.retrying(lambda: clients.client(repo, calls.call), what=f"client for {repo}")
    except TrackerError as error:
        tracker_failed(error)
    cache = EtagCache(state_dir / f"etags-{repo.replace('/', '_')}.json")
    reader = GitHubIssueReader(client, repo, cache=cache, calls=calls)
    ref = TicketRef(tracker="github", container=repo, key="")
    return Source(tracker, reader, ref, same_github_body, reader.stats.created_at, settings)


def _jira_source(settings: Settings, project: str) -> Source:
    if not is_project_key(project):
        fail(f"--jira-project takes a project key such as PROJ, not {project!r}")
    try:
        tracker = jira_tracker(settings)
    except PermanentTrackerError as error:  # no site or credentials configured
        fail(f"--jira-project: {error}")
    reader = JiraIssueReader(tracker, project)
    ref = TicketRef(tracker="jira", container=project, key="")
    return Source(tracker, reader, ref, same_jira_body, reader.stats.created_at, settings)


def open_source(github: str | None, jira_project: str | None, *, state_dir: Path) -> Source:
    """Return the source the options name; exactly one of --github and --jira-project is required."""
    if (github is None) == (jira_project is None):
        fail("give exactly one of --github OWNER/REPO and --jira-project KEY")
    try:
        settings = Settings()
    except ValidationError as error:
        fail("invalid PROBLEMFRAME_* setting: " + "; ".join(
            f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors()))
    if github is not None:
        return _github_source(settings, github, state_dir)
    assert jira_project is not None
    return _jira_source(settings, jira_project)


def _outcomes(source: Source) -> dict[TicketRef, OutcomeRecord]:
    store = Store.open(source.settings.database_url)
    try:
        records = OutcomeStore(store.engine).list(limit=MAX_OUTCOMES)
    finally:
        store.close()
    mine = source.container
    return {r.ref: r for r in records if (r.ref.tracker, r.ref.container) == (mine.tracker, mine.container)}


def portfolio_rows(source: Source, *, state: State, currency: str, rates: dict[str, float]) -> list[PortfolioRow]:
    """Read the source's tickets in a state and their stored outcomes into portfolio rows."""
    try:
        tickets = list(source.reader.tickets(state=state.value))
        policy = source.policy()
    except TrackerError as error:
        tracker_failed(error)
    today = dt.datetime.now(dt.UTC).date()
    return build_rows(
        tickets, policy=policy, today=today, outcomes=_outcomes(source),
        framed_at=source.created_at, currency=currency, rates=rates,
    )
