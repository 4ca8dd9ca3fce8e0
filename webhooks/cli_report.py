"""`problemframe report`, `backfill` and `digest`: the evidence portfolio as PMs read it."""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn, Protocol

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table
from rich.text import Text

from integration.backfill import Backfill, Checkpoint, SameBody, Summary, TicketResult, describe
from integration.github import GitHubTracker
from integration.github.calls import Calls, RetryPolicy
from integration.github.clients import Clients
from integration.portfolio_github import EtagCache, GitHubIssueReader
from integration.portfolio_github import same_sticky_body as same_github_body
from integration.portfolio_jira import JiraIssueReader
from integration.portfolio_jira import same_sticky_body as same_jira_body
from integration.store import Store
from integration.store.outcomes import OutcomeStore
from integration.tracker import PermanentTrackerError, Tracker, TrackerError
from problemframe.actions import PostComment
from problemframe.digest import digest_csv, render_digest
from problemframe.events import Ticket, TicketRef
from problemframe.evidence import Tier
from problemframe.outcome import OutcomeRecord, OutcomeState
from problemframe.policy import Policy
from problemframe.portfolio import (
    NO_OUTCOME,
    CustomerRow,
    PortfolioRow,
    RowFilter,
    StateFilter,
    build_rows,
    by_customer,
    customers_csv,
    format_amounts,
    rows_csv,
    select,
    ticket_label,
    to_json,
)
from problemframe.verdict import Verdict
from webhooks.settings import Settings
from webhooks.trackers import github_clients, jira_tracker

DEFAULT_STATE_DIR = Path(".problemframe")
MAX_OUTCOMES = 100_000
OUTCOME_CHOICES = frozenset({NO_OUTCOME, *(s.value for s in OutcomeState), *(v.value for v in Verdict)})
# Escape sequences in ticket text must not reach the terminal as commands.
_TERMINAL_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


class Format(StrEnum):
    """How `report` prints the portfolio."""

    TABLE = "table"
    CSV = "csv"
    JSON = "json"


class By(StrEnum):
    """One row per ticket, or one per customer."""

    TICKET = "ticket"
    CUSTOMER = "customer"


class State(StrEnum):
    """Which tickets to read."""

    OPEN = "open"
    CLOSED = "closed"
    ALL = "all"


class DigestFormat(StrEnum):
    """How `digest` prints the period."""

    MARKDOWN = "markdown"
    CSV = "csv"


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


def _fail(message: str) -> NoReturn:
    typer.echo(f"problemframe: {message}", err=True)
    raise typer.Exit(2)


def _tracker_failed(error: TrackerError) -> NoReturn:
    typer.echo(f"problemframe: {error}", err=True)
    raise typer.Exit(1) from error


def _plain(text: str) -> Text:
    return Text(_TERMINAL_CONTROL.sub("", text))


def _github_clients(settings: Settings) -> Clients:
    try:
        return github_clients(settings)
    except TrackerError as error:
        _fail(str(error))


def _github_source(settings: Settings, repo: str, state_dir: Path) -> Source:
    if not re.fullmatch(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+", repo):
        _fail(f"--github takes OWNER/REPO, not {repo!r}")
    clients = _github_clients(settings)
    tracker = GitHubTracker(clients, write_interval=settings.write_interval, dry_run=settings.dry_run)
    calls = Calls(clock=time.time, sleep=time.sleep, retry=RetryPolicy(), on_response=None)
    try:
        client = calls.retrying(lambda: clients.client(repo, calls.call), what=f"client for {repo}")
    except TrackerError as error:
        _tracker_failed(error)
    cache = EtagCache(state_dir / f"etags-{repo.replace('/', '_')}.json")
    reader = GitHubIssueReader(client, repo, cache=cache, calls=calls)
    ref = TicketRef(tracker="github", container=repo, key="")
    return Source(tracker, reader, ref, same_github_body, reader.stats.created_at, settings)


def _jira_source(settings: Settings, project: str) -> Source:
    if not re.fullmatch(r"[A-Z][A-Z0-9_]+", project):
        _fail(f"--jira-project takes a project key such as PROJ, not {project!r}")
    try:
        tracker = jira_tracker(settings)
    except PermanentTrackerError as error:  # no site or credentials configured
        _fail(f"--jira-project: {error}")
    reader = JiraIssueReader(tracker, project)
    ref = TicketRef(tracker="jira", container=project, key="")
    return Source(tracker, reader, ref, same_jira_body, reader.stats.created_at, settings)


def open_source(github: str | None, jira_project: str | None, *, state_dir: Path) -> Source:
    """Return the source the options name; exactly one of --github and --jira-project is required."""
    if (github is None) == (jira_project is None):
        _fail("give exactly one of --github OWNER/REPO and --jira-project KEY")
    try:
        settings = Settings()
    except ValidationError as error:
        _fail("invalid PROBLEMFRAME_* setting: " + "; ".join(
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


def _rows(source: Source, *, state: State, currency: str, rates: dict[str, float]) -> list[PortfolioRow]:
    try:
        tickets = list(source.reader.tickets(state=state.value))
        policy = source.policy()
    except TrackerError as error:
        _tracker_failed(error)
    today = dt.datetime.now(dt.UTC).date()
    return build_rows(
        tickets, policy=policy, today=today, outcomes=_outcomes(source),
        framed_at=source.created_at, currency=currency, rates=rates,
    )


def _parse_rates(rates: Sequence[str]) -> dict[str, float]:
    parsed: dict[str, float] = {}
    for item in rates:
        match = re.fullmatch(r"([A-Za-z]{3})=([0-9]+(?:\.[0-9]+)?)", item.strip())
        if match is None:
            _fail(f"--rate takes CODE=NUMBER such as GBP=1.27, not {item!r}")
        parsed[match.group(1).upper()] = float(match.group(2))
    return parsed


def _ticket_table(rows: Sequence[PortfolioRow]) -> Table:
    table = Table(title=f"Evidence portfolio ({len(rows)} tickets)")
    for column, justify in (("ticket", "left"), ("title", "left"), ("tier", "left"), ("score", "right"),
                            ("customers", "right"), ("ARR cited", "right"), ("missing", "left"),
                            ("metric", "left"), ("outcome", "left")):
        table.add_column(column, justify=justify, overflow="fold")  # type: ignore[arg-type]
    for row in rows:
        outcome = " ".join(part for part in (row.outcome_state, row.verdict) if part)
        table.add_row(
            ticket_label(row), _plain(row.title), row.tier, f"{row.score:g}", str(len(row.customers)),
            format_amounts(row.arr), " ".join(row.missing), _plain(row.metric), outcome,
        )
    return table


def _customer_table(rows: Sequence[CustomerRow]) -> Table:
    table = Table(title=f"Customers ({len(rows)})")
    for column in ("customer", "tickets", "total evidence score", "ARR cited"):
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(_plain(row.customer), " ".join(row.tickets), f"{row.total_score:g}", format_amounts(row.arr))
    return table


GithubOption = Annotated[str | None, typer.Option("--github", metavar="OWNER/REPO", help="A GitHub repository.")]
JiraOption = Annotated[str | None, typer.Option("--jira-project", metavar="KEY", help="A Jira project key.")]
StateDirOption = Annotated[
    Path, typer.Option("--state-dir", help="Where conditional-request caches and backfill progress are kept.")
]


def report(
    github: GithubOption = None,
    jira_project: JiraOption = None,
    output: Annotated[Format, typer.Option("--format", help="table, csv or json.")] = Format.TABLE,
    tier: Annotated[list[Tier] | None, typer.Option("--tier", help="Only this tier (repeatable).")] = None,
    min_score: Annotated[float | None, typer.Option("--min-score", min=0, max=100, help="Lowest score shown.")] = None,
    state: Annotated[State, typer.Option("--state", help="open, closed or all tickets.")] = State.OPEN,
    outcome: Annotated[
        list[str] | None,
        typer.Option("--outcome", help="Outcome state or verdict (pending, review, met, ... or none; repeatable)."),
    ] = None,
    by: Annotated[By, typer.Option("--by", help="One row per ticket or per customer.")] = By.TICKET,
    currency: Annotated[str, typer.Option("--currency", help="The currency ARR is summed in.")] = "USD",
    rate: Annotated[
        list[str] | None, typer.Option("--rate", metavar="CODE=NUMBER", help="Value of one unit in --currency.")
    ] = None,
    state_dir: StateDirOption = DEFAULT_STATE_DIR,
) -> None:
    """Print the evidence portfolio: every ticket's score, tier, customers, ARR cited, metric and outcome."""
    rates = _parse_rates(rate or [])
    outcomes = frozenset(o.strip().lower() for o in outcome or [])
    if unknown := outcomes - OUTCOME_CHOICES:
        _fail(f"--outcome takes one of {', '.join(sorted(OUTCOME_CHOICES))}, not {', '.join(sorted(unknown))}")
    source = open_source(github, jira_project, state_dir=state_dir)
    row_filter = RowFilter(
        tiers=frozenset(t.value for t in tier or []), min_score=min_score, state=state.value, outcomes=outcomes
    )
    rows = select(_rows(source, state=state, currency=currency.upper(), rates=rates), row_filter)
    console = Console(width=200)
    if by is By.CUSTOMER:
        customers = by_customer(rows, currency=currency.upper(), rates=rates)
        if output is Format.CSV:
            typer.echo(customers_csv(customers), nl=False)
        elif output is Format.JSON:
            typer.echo(to_json(customers))
        else:
            console.print(_customer_table(customers))
        return
    if output is Format.CSV:
        typer.echo(rows_csv(rows), nl=False)
    elif output is Format.JSON:
        typer.echo(to_json(rows))
    else:
        console.print(_ticket_table(rows))


def backfill(
    github: GithubOption = None,
    jira_project: JiraOption = None,
    apply: Annotated[bool, typer.Option("--apply", help="Write the changes (without it: a dry run).")] = False,
    restart: Annotated[bool, typer.Option("--restart", help="Forget an interrupted run's progress.")] = False,
    state_dir: StateDirOption = DEFAULT_STATE_DIR,
) -> None:
    """Judge every open ticket as the webhook would; print what would change, or change it with --apply."""
    source = open_source(github, jira_project, state_dir=state_dir)
    out, err = Console(width=200), Console(stderr=True)
    try:
        login = source.tracker.service_login()
        policy = source.policy()
        tickets = list(source.reader.tickets(state="open"))
    except TrackerError as error:
        _tracker_failed(error)
    if apply and source.settings.dry_run:
        err.print("PROBLEMFRAME_DRY_RUN is set: the adapter logs each change instead of writing it.")
    checkpoint = Checkpoint.for_container(state_dir, source.container) if apply else None
    if checkpoint is not None and restart:
        checkpoint.finish()
    if checkpoint is not None and checkpoint.done:
        err.print(f"Resuming: {len(checkpoint.done)} tickets were done before the interruption.")
    runner = Backfill(
        tracker=source.tracker, policy=policy, service_login=login, apply=apply, checkpoint=checkpoint,
        sticky=lambda ref: source.reader.sticky_body(ref, login=login), same_body=source.same_body,
    )
    remaining = sum(1 for t in tickets if checkpoint is None or t.ref.key not in checkpoint.done)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
               TextColumn("ETA"), TimeRemainingColumn())
    try:
        with Progress(*columns, console=err, transient=True) as bar:
            task = bar.add_task("applying" if apply else "judging", total=remaining)

            def progress(result: TicketResult, summary: Summary) -> None:
                bar.advance(task)
                if result.error is not None:
                    out.print(_plain(f"{result.plan.ref}: failed: {result.error}"))
                elif not apply and result.plan.changes:
                    out.print(_plain(describe(result.plan)))

            summary = runner.run(tickets, progress=progress)
    except KeyboardInterrupt:
        done = len(checkpoint.done) if checkpoint is not None else 0
        hint = " Run the same command again to resume." if checkpoint is not None else ""
        err.print(f"Interrupted after {done} tickets.{hint}")
        raise typer.Exit(130) from None
    _print_summary(out, summary)
    if summary.failed:
        raise typer.Exit(1)


def _print_summary(console: Console, summary: Summary) -> None:
    verb = "changed" if summary.applied else "would change"
    resumed = f", {summary.resumed} done before the interruption" if summary.resumed else ""
    console.print(
        f"{summary.evaluated} tickets judged in {summary.seconds:.1f}s ({summary.per_second:.0f}/s){resumed}: "
        f"{summary.changed} {verb}, {summary.up_to_date} up to date, {summary.exempt} exempt, "
        f"{summary.failed} failed; {summary.writes} write requests."
    )
    if not summary.applied and summary.changed:
        console.print("Dry run: nothing was written. Run again with --apply to make these changes.")


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
        _fail("--since must be before --until")
    if post is not None:
        if output is not DigestFormat.MARKDOWN:
            _fail("--post posts the markdown digest; leave out --format csv")
        pattern = r"[0-9]+" if jira_project is None else re.escape(jira_project) + r"-[0-9]+"
        if not re.fullmatch(pattern, post):
            _fail(f"--post takes {'an issue number' if jira_project is None else 'an issue key of the project'}, "
                  f"not {post!r}")
    source = open_source(github, jira_project, state_dir=state_dir)
    rows = _rows(source, state=State.ALL, currency="USD", rates={})
    if output is DigestFormat.CSV:
        typer.echo(digest_csv(rows, since=start, until=end), nl=False)
        return
    if post is None:
        typer.echo(render_digest(rows, since=start, until=end, top=top), nl=False)
        return
    target = source.container.model_copy(update={"key": post})
    # Jira shows wiki markup, not markdown.
    text = render_digest(rows, since=start, until=end, top=top, wiki=target.tracker == "jira")
    try:
        source.tracker.apply([PostComment(ref=target, body=text)])
    except TrackerError as error:
        _tracker_failed(error)
    typer.echo(f"Posted the digest on {target}.")


def register(app: typer.Typer) -> None:
    """Add `report`, `backfill` and `digest` to the command line."""
    app.command("report")(report)
    app.command("backfill")(backfill)
    app.command("digest")(digest)

