"""`problemframe outbox [list|retry ID]`: loop-closing comments, webhooks and Slack messages, and re-queueing them."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from integration.store import OutboxMessage, OutboxStatus, Store
from webhooks.cli.common import fail, positive
from webhooks.cli.service_settings import load_settings, open_store
from webhooks.logs import ticket_name

outbox = typer.Typer(help="Messages about outcomes waiting to be sent, and those that failed.",
                     invoke_without_command=True)


def _store() -> Store:
    return open_store(load_settings())


@outbox.callback()
def _default(ctx: typer.Context) -> None:
    if ctx.invoked_subcommand is None:
        list_messages()


def _target(message: OutboxMessage) -> str:
    if message.kind == "comment":
        target = message.payload.get("target") or {}
        return ticket_name(str(target.get("tracker")), str(target.get("container")), str(target.get("key")))
    return str(message.payload.get("type") or message.key.split(":")[1])


@outbox.command("list")
def list_messages(
    all_messages: Annotated[bool, typer.Option("--all", help="Also show messages already sent.")] = False,
    limit: Annotated[int, typer.Option(callback=positive, help="Show at most this many messages.")] = 100,
) -> None:
    """Show messages waiting to be sent or failed (newest first), with their last error."""
    statuses = None if all_messages else [OutboxStatus.PENDING, OutboxStatus.FAILED]
    store = _store()
    try:
        messages = store.outbox.list(statuses=statuses, limit=limit)
    finally:
        store.close()
    console = Console(width=200)
    if not messages:
        console.print("The outbox is empty." if all_messages else "Nothing waiting or failed in the outbox.")
        return
    table = Table(title="Outbox")
    for column in ("id", "kind", "about", "to", "status", "attempts", "next attempt", "last error"):
        table.add_column(column, overflow="fold")
    for message in messages:
        about = message.key.split(":", 1)[1].split("->")[0].rsplit(":", 1)[0] if ":" in message.key else ""
        table.add_row(
            str(message.id), message.kind, about, _target(message), message.status.value, str(message.attempts),
            "" if message.status is not OutboxStatus.PENDING else message.next_attempt_at.isoformat(timespec="seconds"),
            message.last_error or "",
        )
    console.print(table)


@outbox.command("retry")
def retry(
    message: Annotated[
        int, typer.Argument(metavar="ID", callback=positive, help="The id shown by `problemframe outbox list`.")
    ],
) -> None:
    """Re-queue an unsent message to be sent at once, with a fresh set of attempts."""
    store = _store()
    try:
        requeued = store.outbox.requeue(message)
        found = None if requeued else store.outbox.get(message)
    finally:
        store.close()
    if not requeued and found is None:
        fail(f"there is no message {message} in the outbox (`problemframe outbox list --all` shows them)", code=1)
    if found is not None:
        sent = f" at {found.sent_at:%Y-%m-%d %H:%M} UTC" if found.sent_at else ""
        fail(f"message {message} was already sent{sent}: there is nothing to re-queue", code=1)
    typer.echo(f"Message {message} re-queued.")


def register(app: typer.Typer) -> None:
    """Add the `outbox` command group."""
    app.add_typer(outbox, name="outbox")
