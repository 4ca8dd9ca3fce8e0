"""`problemframe backfill`: judge every open ticket as the webhook would, as a dry run or with --apply."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from integration.backfill import Backfill, Checkpoint, Summary, TicketResult
from integration.backfill_plan import WriteLog, report
from integration.store import Store
from integration.tracker import TrackerError
from integration.tracker_kind import Connection
from problemframe.events import Ticket
from webhooks.cli.common import terminal_text
from webhooks.cli.sources import (
    DEFAULT_STATE_DIR,
    GithubOption,
    JiraOption,
    StateDirOption,
    open_source,
    source_failed,
)
from webhooks.settings import Settings


class _Database:
    """The service's database, opened once the settings are read: its write budget and ticket records."""

    def __init__(self, heard: WriteLog) -> None:
        self.heard = heard
        self.store: Store | None = None

    def connection(self, settings: Settings) -> Connection:
        """Open the database and return a tracker connection booking its writes in the shared budget."""
        self.store = Store.open(settings.database_url)
        return Connection(ledger=self.store.write_budgets, on_write=self.heard)


def backfill(
    github: GithubOption = None,
    jira_project: JiraOption = None,
    apply: Annotated[bool, typer.Option("--apply", help="Write the changes (without it: a dry run).")] = False,
    restart: Annotated[bool, typer.Option("--restart", help="Forget an interrupted run's progress.")] = False,
    state_dir: StateDirOption = DEFAULT_STATE_DIR,
) -> None:
    """Judge every open ticket as the webhook would; print what would change, or change it with --apply."""
    database = _Database(WriteLog())
    source = open_source(github, jira_project, state_dir=state_dir, connection=database.connection)
    store = database.store
    assert store is not None
    out, err = Console(width=200), Console(stderr=True)
    try:
        try:
            login = source.tracker.service_login()
            policy = source.policy()
            tickets = list(source.reader.tickets(state="open"))
        except TrackerError as error:
            source_failed(source, error)
        dry_run = apply and source.settings.dry_run
        if dry_run:
            err.print("PROBLEMFRAME_DRY_RUN is set: each change is printed instead of written.")
        # A dry run leaves no progress behind: the next --apply must write every ticket it only pretended to.
        checkpoint = Checkpoint.for_container(state_dir, source.container) if apply and not dry_run else None
        if checkpoint is not None and restart:
            checkpoint.finish()
        if checkpoint is not None and checkpoint.done:
            err.print(f"Resuming: {len(checkpoint.done)} tickets were done before the interruption.")
        runner = Backfill(
            tracker=source.tracker, policy=policy, service_login=login, apply=apply, dry_run=dry_run,
            checkpoint=checkpoint,
            sticky=lambda ref: source.reader.sticky_body(ref, login=login), same_body=source.same_body,
            outcomes=store.outcomes, tickets=store.tickets, heard=database.heard,
        )
        summary = _run(runner, tickets, out=out, err=err)
    finally:
        store.close()
    _print_summary(out, summary, write_interval=source.settings.write_interval, dry_run=dry_run)
    if summary.failed:
        raise typer.Exit(1)


def _run(runner: Backfill, tickets: list[Ticket], *, out: Console, err: Console) -> Summary:
    checkpoint = runner.checkpoint
    remaining = sum(1 for t in tickets if checkpoint is None or t.ref.key not in checkpoint.done)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
               TextColumn("ETA"), TimeRemainingColumn())
    try:
        with Progress(*columns, console=err, transient=True) as bar:
            task = bar.add_task("applying" if runner.apply else "judging", total=remaining)
            printed: set[str] = set()

            def progress(result: TicketResult, summary: Summary) -> None:
                bar.advance(task)
                if result.error is not None:
                    out.print(terminal_text(f"{result.plan.ref}: failed: {result.error}"))
                elif result.plan.changes:
                    # A dry run never creates the label it would create: each ticket after the first would say so.
                    for line in report(result.plan):
                        if line not in printed:
                            printed.add(line)
                            out.print(terminal_text(line))

            return runner.run(tickets, progress=progress)
    except KeyboardInterrupt:
        done = len(checkpoint.done) if checkpoint is not None else 0
        hint = " Run the same command again to resume." if checkpoint is not None else ""
        err.print(f"Interrupted after {done} tickets.{hint}")
        raise typer.Exit(130) from None


def pace(summary: Summary) -> str:
    """Return how fast tickets were judged: '12 tickets/s', '1.5 tickets/s', or '2.4s a ticket' when slower."""
    if summary.evaluated == 0 or summary.seconds <= 0:
        return "no time"
    rate = summary.per_second
    if rate >= 10:
        return f"{rate:.0f} tickets/s"
    if rate >= 1:
        return f"{rate:.1f} tickets/s"
    return f"{summary.seconds / summary.evaluated:.1f}s a ticket"


def _print_summary(console: Console, summary: Summary, *, write_interval: float, dry_run: bool) -> None:
    verb = "changed" if summary.applied and not dry_run else "would change"
    resumed = f", {summary.resumed} done before the interruption" if summary.resumed else ""
    console.print(
        f"{summary.evaluated} tickets judged in {summary.seconds:.1f}s ({pace(summary)}){resumed}: "
        f"{summary.changed} {verb}, {summary.up_to_date} up to date, {summary.exempt} exempt, "
        f"{summary.failed} failed; {summary.writes} write requests."
    )
    if summary.applied and summary.writes and write_interval > 0:
        console.print(
            f"Writes were paced at least {write_interval:g}s apart (PROBLEMFRAME_WRITE_INTERVAL) and booked in the "
            "write budget the service's replicas share."
        )
    if not summary.applied and summary.changed:
        console.print("Dry run: nothing was written. Run again with --apply to make these changes.")
    if dry_run and summary.changed:
        console.print("Dry run (PROBLEMFRAME_DRY_RUN): nothing was written. Unset it to make these changes.")


def register(app: typer.Typer) -> None:
    """Add `backfill` to the command line."""
    app.command("backfill")(backfill)
