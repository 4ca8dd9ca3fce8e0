"""`problemframe inbox [list|retry ID]`: deliveries that failed after their retries, and requeueing them."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from integration.store import DeliveryStatus, Store
from webhooks.cli.common import fail, positive
from webhooks.cli.service_settings import load_settings, open_store

inbox = typer.Typer(help="Deliveries that failed after their retries.", invoke_without_command=True)


def _store() -> Store:
    return open_store(load_settings())


@inbox.callback()
def _default(ctx: typer.Context) -> None:
    if ctx.invoked_subcommand is None:
        list_failed()


@inbox.command("list")
def list_failed(
    limit: Annotated[int, typer.Option(callback=positive, help="Show at most this many deliveries.")] = 100,
) -> None:
    """Show failed deliveries, newest last, with their last error."""
    store = _store()
    try:
        failed = store.inbox.list_failed(limit=limit)
        counts = store.inbox.counts()
    finally:
        store.close()
    console = Console(width=200)
    summary = ", ".join(f"{status.value} {counts[status]}" for status in DeliveryStatus)
    if not failed:
        console.print(f"No failed deliveries ({summary}).")
        return
    table = Table(title=f"Failed deliveries ({summary})")
    for column in ("id", "source", "delivery", "event", "ticket", "attempts", "received", "last error"):
        table.add_column(column, overflow="fold")
    for delivery in failed:
        event = f"{delivery.event}.{delivery.action}" if delivery.action else delivery.event
        table.add_row(
            str(delivery.id), delivery.source, delivery.delivery_id, event, delivery.ticket_key or "",
            str(delivery.attempts), delivery.received_at.isoformat(timespec="seconds"), delivery.last_error or "",
        )
    console.print(table)


@inbox.command("retry")
def retry(
    delivery: Annotated[
        int, typer.Argument(metavar="ID", callback=positive, help="The id shown by `problemframe inbox list`.")
    ],
) -> None:
    """Requeue a failed delivery with a fresh set of attempts."""
    store = _store()
    try:
        requeued = store.inbox.retry(delivery)
        found = None if requeued else store.inbox.get(delivery)
    finally:
        store.close()
    if not requeued and found is None:
        fail(f"there is no delivery {delivery} (`problemframe inbox list` shows the failed ones)", code=1)
    if found is not None:
        fail(f"delivery {delivery} is {found.status.value}, not failed: only failed deliveries are retried", code=1)
    typer.echo(f"Delivery {delivery} requeued.")


def register(app: typer.Typer) -> None:
    """Add the `inbox` command group."""
    app.add_typer(inbox, name="inbox")
