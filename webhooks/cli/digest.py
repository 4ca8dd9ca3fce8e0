"""`problemframe digest`: what was framed, shipped, measured and reviewed in a period, printed or posted."""

from __future__ import annotations

import datetime as dt
import logging
from enum import StrEnum
from typing import Annotated

import typer

from integration.kinds import tracker_kind
from integration.store import NotReady, Store
from integration.tracker import TrackerError
from integration.tracker_kind import Connection
from problemframe.digest import digest_csv, render_digest
from problemframe.portfolio import PortfolioRow
from webhooks.cli.common import fail
from webhooks.cli.sources import (
    DEFAULT_STATE_DIR,
    GithubOption,
    JiraOption,
    Source,
    State,
    StateDirOption,
    open_source,
    portfolio_rows,
    tracker_failed,
)
from webhooks.settings import Settings
from webhooks.sources import SourceError, check_post_key, post_digest

log = logging.getLogger(__name__)


class DigestFormat(StrEnum):
    """How `digest` prints the period."""

    MARKDOWN = "markdown"
    CSV = "csv"


def _moment(value: dt.datetime | None, default: dt.datetime) -> dt.datetime:
    if value is None:
        return default
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


class _Budget:
    """The service's database, when there is one: a posted digest is booked in its write budget, as `serve` books
    the weekly digest, so the comment counts against the limits the replicas keep to together."""

    def __init__(self) -> None:
        self.store: Store | None = None

    def connection(self, settings: Settings) -> Connection:
        """Return a tracker connection booking its writes in the database's budget (none without a database)."""
        try:
            self.store = Store.open_existing(settings.database_url)
        except NotReady as error:
            log.warning("%s: the digest's comment is not booked in the write budget the service's replicas share",
                        error)
            return Connection()
        return Connection(ledger=self.store.write_budgets)

    def close(self) -> None:
        """Release the database, if it was opened."""
        if self.store is not None:
            self.store.close()


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
    budget = _Budget()
    try:
        source = open_source(github, jira_project, state_dir=state_dir,
                             connection=None if post is None else budget.connection)
        rows = portfolio_rows(source, state=State.ALL, outcomes=budget.store.outcomes if budget.store else None)
        _print_or_post(source, rows, post=post, output=output, since=start, until=end, top=top)
    finally:
        budget.close()


def _print_or_post(source: Source, rows: list[PortfolioRow], *, post: str | None, output: DigestFormat,
                   since: dt.datetime, until: dt.datetime, top: int) -> None:
    if output is DigestFormat.CSV:
        typer.echo(digest_csv(rows, since=since, until=until), nl=False)
        return
    if post is None:
        typer.echo(render_digest(rows, since=since, until=until, top=top), nl=False)
        return
    target = source.container.model_copy(update={"key": post})
    try:
        post_digest(source, target, rows, since=since, until=until, top=top)
    except TrackerError as error:
        tracker_failed(error, looked_for=f"issue {tracker_kind(target.tracker).ticket_label(target.container, post)}")
    typer.echo(f"Posted the digest on {target}.")


def register(app: typer.Typer) -> None:
    """Add `digest` to the command line."""
    app.command("digest")(digest)
