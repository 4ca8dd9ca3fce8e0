"""`problemframe setup github-project --owner OWNER --number N`: the fields the service writes, and board views."""

from __future__ import annotations

from typing import Annotated

import typer
from pydantic import ValidationError

from integration.github.kind import GITHUB, github_clients
from integration.github.project_setup import SetupReport
from integration.github.tracker import GitHubTracker
from integration.tracker import NotConfigured, TrackerError
from problemframe.policy import ProjectRef
from problemframe.projects import BOARD_VIEWS
from webhooks.cli.common import fail
from webhooks.cli.jira import setup
from webhooks.cli.service_settings import load_settings


def _print(report: SetupReport, *, writes: int, dry_run: bool) -> None:
    board = report.board
    typer.echo(f"Project {board.title} ({board.url}):")
    for title, lines in (("Would change" if dry_run else "Changed", report.changed),
                         ("Already in place", report.unchanged)):
        if lines:
            typer.echo(f"{title}:")
            for line in lines:
                typer.echo(f"  - {line}")
    typer.echo(f"Writes: {writes}")
    typer.echo("Views to create by hand (GitHub's API cannot create them):")
    for view in BOARD_VIEWS:
        typer.echo(f"  - {view}")
    typer.echo("Name the project in each repository's .github/problemframe.yml:")
    typer.echo(f"  projects: [{{owner: {board.ref.owner}, number: {board.ref.number}}}]")


def setup_github_project(
    owner: Annotated[str, typer.Option("--owner", help="The organization or user that owns the project.")],
    number: Annotated[int, typer.Option("--number", help="The project's number, as in its URL.")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Only say what would change.")] = False,
) -> None:
    """Create the Evidence score, Evidence, Outcome and Outcome due fields the project lacks, and their options.

    With a GitHub App and no token, it writes through the App's installation on the owner. Running it again writes
    nothing. Exit 0 when the project is ready, 2 on a usage or GitHub error.
    """
    try:
        project = ProjectRef(owner=owner, number=number)
    except ValidationError:
        fail(f"--owner takes a GitHub login and --number a project number from 1, not {owner!r} and {number}")
    settings = load_settings()
    if not GITHUB.has_credentials(settings):
        fail("set PROBLEMFRAME_GITHUB_TOKEN to a token that may edit the project (classic: the `project` scope), or "
             "PROBLEMFRAME_GITHUB_APP_ID and PROBLEMFRAME_GITHUB_PRIVATE_KEY of a GitHub App installed on its owner")
    try:
        clients = github_clients(settings, prefer_token=True)
    except NotConfigured as exc:
        fail(str(exc))
    dry = dry_run or settings.dry_run
    tracker = GitHubTracker(clients, write_interval=settings.write_interval, dry_run=dry)
    writes: list[int] = []
    try:
        report = tracker.setup_project(project, on_writes=writes.append)
    except TrackerError as exc:
        fail(str(exc))
    _print(report, writes=sum(writes), dry_run=dry)


def register(app: typer.Typer) -> None:
    """Add `setup github-project` beside `setup jira`."""
    setup.command("github-project")(setup_github_project)
