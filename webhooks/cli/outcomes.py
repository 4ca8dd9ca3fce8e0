"""`problemframe outcomes due|list`: measure outcomes whose window has ended, and show where each one is."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from integration.metrics import default_clients
from integration.outbound import deliver_due
from integration.store import utcnow
from integration.store.lease import default_worker_id
from integration.store.outcomes import OutcomeStore
from integration.tracker import TrackerError
from problemframe.outcome import OutcomeRecord, OutcomeState
from problemframe.verdict import fmt
from webhooks.cli.common import fail, positive
from webhooks.cli.service_settings import load_settings, open_store
from webhooks.outbound import outbound_config, senders
from webhooks.scheduler import run_due, tracker_for
from webhooks.trackers import from_settings, metric_sources

outcomes = typer.Typer(help="Outcomes after shipping: measure the due ones, list them all.", no_args_is_help=True)


def parse_now(value: str | None) -> dt.datetime:
    """Read --now as ISO 8601; a time without an offset is UTC."""
    if value is None:
        return utcnow()
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not an ISO 8601 date or time", param_hint="--now") from None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=dt.UTC)


@outcomes.command("due")
def due(
    now: Annotated[str | None, typer.Option(help="Measure as if it were this time (ISO 8601; default: now).")] = None,
) -> None:
    """Measure every outcome whose window has ended and post the results to its ticket."""
    when = parse_now(now)
    settings = load_settings()
    try:
        configured = metric_sources(settings)
    except TrackerError as exc:
        fail(str(exc))
    store = open_store(settings)
    try:
        trackers = tracker_for(from_settings(settings), store)
        outbound = outbound_config(settings)
        results = run_due(
            when,
            store=OutcomeStore(store.engine),
            sources=default_clients(),
            configured=configured,
            trackers=trackers,
            dry_run=settings.dry_run,
            outbound=outbound,
        )
        sent = [] if settings.dry_run else deliver_due(
            store.outbox, senders(settings, trackers, outbound), now=when, worker=default_worker_id()
        )
    finally:
        store.close()
    console = Console(width=200)
    if sent:
        counts = {status: sum(1 for s in sent if s.status == status) for status in ("sent", "retry", "failed")}
        console.print(
            f"Outbox: {counts['sent']} sent, {counts['retry']} to retry, {counts['failed']} failed"
            " (see `problemframe outbox list`)."
        )
    if not results:
        console.print(f"No outcomes due at {when.isoformat(timespec='seconds')}.")
        return
    table = Table(title=f"Outcomes due at {when.isoformat(timespec='seconds')}")
    for column in ("ticket", "result", "value", "suggested", "note"):
        table.add_column(column, overflow="fold")
    for result in results:
        table.add_row(
            str(result.ref), result.status, fmt(result.value),
            result.suggested.value if result.suggested is not None else "", result.error or "",
        )
    console.print(table)
    if any(result.status in {"retry", "failed", "lost"} for result in results):
        raise typer.Exit(1)


def _row(record: OutcomeRecord, now: dt.datetime) -> list[str]:
    state = record.state.value
    if record.is_due(now):
        state = "due"
    elif record.state is OutcomeState.PENDING and record.asked_at is not None:
        state = "asked"
    verdict = record.verdict.value if record.verdict is not None else ""
    if verdict and record.reviewed_early:
        verdict += " (early)"
    if not verdict and record.suggested is not None:
        verdict = f"({record.suggested.value})"
    metric = record.metric
    return [
        str(record.ref), state, record.due_at.strftime("%Y-%m-%d") if record.due_at else "",
        metric.name or "", fmt(metric.baseline, metric.unit), fmt(metric.target, metric.unit),
        fmt(record.latest_value(), metric.unit), verdict, record.reviewed_by or "",
    ]


@outcomes.command("list")
def list_outcomes(
    all_states: Annotated[bool, typer.Option("--all", help="Also show skipped and closed outcomes.")] = False,
    limit: Annotated[int, typer.Option(callback=positive, help="Show at most this many outcomes.")] = 500,
) -> None:
    """Show pending, due, in-review and reviewed outcomes, soonest due first."""
    states = None if all_states else [OutcomeState.PENDING, OutcomeState.REVIEW, OutcomeState.REVIEWED]
    store = open_store(load_settings())
    try:
        records = OutcomeStore(store.engine).list(states=states, limit=limit)
    finally:
        store.close()
    console = Console(width=200)
    if not records:
        console.print("No outcomes yet.")
        return
    now = utcnow()
    table = Table(title="Outcomes")
    for column in ("ticket", "state", "due", "metric", "baseline", "target", "observed", "verdict", "reviewed by"):
        table.add_column(column, overflow="fold")
    for record in records:
        table.add_row(*_row(record, now))
    console.print(table)


def register(app: typer.Typer) -> None:
    """Add the `outcomes` command group."""
    app.add_typer(outcomes, name="outcomes")
