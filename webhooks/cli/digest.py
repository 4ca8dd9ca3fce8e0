"""`problemframe digest`: what was framed, shipped, measured and reviewed in a period, printed or posted."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

import typer

from integration.kinds import tracker_kind
from integration.tracker import TrackerError
from problemframe.digest import digest_csv, render_digest
from webhooks.cli.common import fail
from webhooks.cli.sources import (
    DEFAULT_STATE_DIR,
    GithubOption,
    JiraOption,
    State,
    StateDirOption,
    open_source,
    portfolio_rows,
    tracker_failed,
)
from webhooks.sources import SourceError, check_post_key, post_digest


class DigestFormat(StrEnum):
    """How `digest` prints the period."""

    MARKDOWN = "markdown"
    CSV = "csv"


def _moment(value: dt.datetime | None, default: dt.datetime) -> dt.datetime:
    if value is None:
        return default
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


def digest(
    github: GithubOption = None,
    jira_project: JiraOption = None,
    since: Annotated[
        dt.datetime | None, typer.Option("--since", formats=["%Y-%m-%d"], help="First day (default: 7 days ago).")
    ] = None,
    until: Annotated[
        dt.datetime | None, typer.Option("--until", formats=["%Y-%m-%d"], help="Day after the last (default: now).")
    ] = None,
    output: Annotated[DigestFormat, typer.Option("--format", help="markdown or csv.")] = DigestFormat.MARKDOWN,
    post: Annotated[
        str | None,
        typer.Option("--post", metavar="ISSUE", help="Post the digest as a comment on this issue (12, or PROJ-12)."),
    ] = None,
    top: Annotated[int, typer.Option("--top", min=1, help="How many un-started problems to list.")] = 5,
    state_dir: StateDirOption = DEFAULT_STATE_DIR,
) -> None:
    """Summarise a period: problems framed, shipped, measured and reviewed, and the strongest not started."""
    now = dt.datetime.now(dt.UTC)
    end = _moment(until, now)
    start = _moment(since, end - dt.timedelta(days=7))
    if start >= end:
        fail("--since must be before --until")
    if post is not None:
        if output is not DigestFormat.MARKDOWN:
            fail("--post posts the markdown digest; leave out --format csv")
        try:
            check_post_key("github" if jira_project is None else "jira", jira_project or "", post)
        except SourceError as error:
            fail(str(error))
    source = open_source(github, jira_project, state_dir=state_dir)
    rows = portfolio_rows(source, state=State.ALL)
    if output is DigestFormat.CSV:
        typer.echo(digest_csv(rows, since=start, until=end), nl=False)
        return
    if post is None:
        typer.echo(render_digest(rows, since=start, until=end, top=top), nl=False)
        return
    target = source.container.model_copy(update={"key": post})
    try:
        post_digest(source, target, rows, since=start, until=end, top=top)
    except TrackerError as error:
        tracker_failed(error, looked_for=f"issue {tracker_kind(target.tracker).ticket_label(target.container, post)}")
    typer.echo(f"Posted the digest on {target}.")


def register(app: typer.Typer) -> None:
    """Add `digest` to the command line."""
    app.command("digest")(digest)
