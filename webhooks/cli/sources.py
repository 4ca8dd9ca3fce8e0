"""The repository or project a portfolio command reads (`--github` or `--jira-project`), and its rows."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from integration.kinds import tracker_kind
from integration.store.outcomes import OutcomeStore
from integration.tracker import NotFound, TrackerError
from integration.tracker_kind import Connection
from problemframe.portfolio import PortfolioRow
from webhooks.cli.common import fail
from webhooks.cli.service_settings import load_settings
from webhooks.settings import Settings
from webhooks.sources import Reader, Source, SourceError, State, connect_source, read_rows

__all__ = [
    "DEFAULT_STATE_DIR",
    "GithubOption",
    "JiraOption",
    "Reader",
    "Source",
    "State",
    "StateDirOption",
    "open_source",
    "portfolio_rows",
    "source_failed",
    "tracker_failed",
]

DEFAULT_STATE_DIR = Path(".problemframe")

GithubOption = Annotated[str | None, typer.Option("--github", metavar="OWNER/REPO", help="A GitHub repository.")]
JiraOption = Annotated[str | None, typer.Option("--jira-project", metavar="KEY", help="A Jira project key.")]


def _state_dir(value: Path) -> Path:
    if value.exists() and not value.is_dir():
        raise typer.BadParameter(f"{value} is not a directory")
    return value


StateDirOption = Annotated[
    Path,
    typer.Option("--state-dir", callback=_state_dir,
                 help="Where conditional-request caches and backfill progress are kept."),
]


def tracker_failed(error: TrackerError, *, looked_for: str | None = None) -> NoReturn:
    """Exit 1: the tracker refused or could not be reached; a 404 names `looked_for` as what it did not find."""
    if looked_for is not None and isinstance(error, NotFound):
        fail(f"{looked_for} does not exist, or these credentials cannot see it ({error})", code=1)
    fail(str(error), code=1)


def _container(tracker: str, container: str) -> str:
    return f"{tracker_kind(tracker).container_noun} {container}"


def source_failed(source: Source, error: TrackerError) -> NoReturn:
    """Exit 1: reading the repository or project failed; a 404 says that it was not found."""
    tracker_failed(error, looked_for=_container(source.container.tracker, source.container.container))


def open_source(
    github: str | None,
    jira_project: str | None,
    *,
    state_dir: Path,
    connection: Callable[[Settings], Connection] | None = None,
) -> Source:
    """Return the source the options name; exactly one of --github and --jira-project is required.

    `connection` makes the tracker's connection from the settings (a command that writes shares the service's write
    budget through it); without it the tracker is connected with nothing shared.
    """
    if (github is None) == (jira_project is None):
        fail("give exactly one of --github OWNER/REPO and --jira-project KEY")
    tracker, container = ("github", github) if github is not None else ("jira", jira_project or "")
    settings = load_settings()
    kind = tracker_kind(tracker)
    problem = kind.container_problem(container)
    if problem is not None:
        fail(problem)
    # A malformed name is refused before the connection opens anything (the database, for a command that writes).
    shared = connection(settings) if connection is not None else None
    try:
        return connect_source(settings, tracker, container, state_dir=state_dir, connection=shared)
    except SourceError as error:
        fail(str(error))
    except TrackerError as error:
        tracker_failed(error, looked_for=_container(tracker, container))


def portfolio_rows(source: Source, *, state: State, outcomes: OutcomeStore | None = None) -> list[PortfolioRow]:
    """Read the source's tickets in a state and their stored outcomes into portfolio rows (ARR per currency).

    Without `outcomes`, the database of the settings is opened for the read.
    """
    try:
        return read_rows(source, state=state, outcomes=outcomes)
    except TrackerError as error:
        source_failed(source, error)
