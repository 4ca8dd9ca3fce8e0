"""`problemframe setup jira --project KEY`: fields, select options, screens, the webhook, and ready JQL."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlsplit

import typer

from integration.jira.jql import is_project_key
from integration.jira.provision import CredentialsRefused, SetupReport, setup_project
from integration.jira.tracker import JiraTracker
from integration.tracker import TrackerError
from webhooks.cli.common import fail
from webhooks.cli.service_settings import load_settings
from webhooks.settings import Settings

setup = typer.Typer(help="Prepare a tracker for problemframe.", no_args_is_help=True)


def _print(report: SetupReport, *, project: str, dry_run: bool) -> None:
    changed = "Would change" if dry_run else "Changed"
    sections = ((changed, report.changed), ("Already in place", report.unchanged), ("Do by hand", report.manual))
    for title, lines in sections:
        if lines:
            typer.echo(f"{title}:")
            for line in lines:
                typer.echo(f"  - {line}")
    typer.echo(f"JQL for project {project}:")
    for name, jql in report.jql.items():
        typer.echo(f"  {name}: {jql}")


def _credential_names(settings: Settings) -> str:
    """Name the settings whose credentials Jira was sent: basic auth wins over a token, as when connecting."""
    if settings.jira_email and settings.jira_api_token and settings.jira_api_token.get_secret_value():
        return "PROBLEMFRAME_JIRA_EMAIL and PROBLEMFRAME_JIRA_API_TOKEN"
    return "PROBLEMFRAME_JIRA_PAT"


@setup.command("jira")
def setup_jira(
    project: Annotated[str, typer.Option("--project", help="Jira project key, such as PROJ.")],
    url: Annotated[
        str | None,
        typer.Option(
            "--url",
            envvar="PROBLEMFRAME_JIRA_WEBHOOK_URL",
            help="Public URL of this service's Jira door, such as https://problemframe.example.com/webhooks/jira.",
        ),
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Only say what would change.")] = False,
) -> None:
    """Create or find the custom fields, add them to the project's screens, register the webhook, print JQL.

    Running it again changes nothing. Exit 0 when everything is in place, 1 when steps remain to do by hand
    (printed), 2 on a usage or Jira error.
    """
    key = project.strip().upper()
    if not is_project_key(key):
        fail(f"--project takes a Jira project key such as PROJ (a letter, then letters, digits or _), not {project!r}")
    settings = load_settings()
    dry_run = dry_run or settings.dry_run
    if not settings.jira_url:
        fail("set PROBLEMFRAME_JIRA_URL to the Jira site")
    secret = settings.jira_webhook_secret.get_secret_value() if settings.jira_webhook_secret else ""
    if not secret and not dry_run:
        fail("set PROBLEMFRAME_JIRA_WEBHOOK_SECRET: the Jira door refuses unsigned deliveries")
    if not url:
        fail("pass --url (or PROBLEMFRAME_JIRA_WEBHOOK_URL): where Jira should send deliveries")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        fail(f"--url must be an http(s) URL, not {url!r}")
    try:
        tracker = JiraTracker.from_settings(
            settings.jira_url,
            email=settings.jira_email,
            api_token=settings.jira_api_token.get_secret_value() if settings.jira_api_token else None,
            pat=settings.jira_pat.get_secret_value() if settings.jira_pat else None,
            write_interval=settings.write_interval,
        )
        report = setup_project(
            tracker,
            project=key,
            webhook_url=url,
            webhook_secret=secret,
            apply=not dry_run,
        )
    except CredentialsRefused as exc:
        fail(f"{exc}: check {_credential_names(settings)}")
    except TrackerError as exc:
        fail(str(exc))
    _print(report, project=key, dry_run=dry_run)
    if not secret:
        typer.echo("Note: PROBLEMFRAME_JIRA_WEBHOOK_SECRET is not set; the run without --dry-run needs it.", err=True)
    if report.manual:
        raise typer.Exit(code=1)


def register(app: typer.Typer) -> None:
    """Add `setup jira` to the command line."""
    app.add_typer(setup, name="setup")
