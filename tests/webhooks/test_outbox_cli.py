"""`problemframe outbox retry` says whether a message is missing or already sent, each in a line of its own."""

from __future__ import annotations

import datetime as dt

from typer.testing import CliRunner

from integration.store import OutboxItem, OutboxStatus, Store
from webhooks.cli import app

NOW = dt.datetime(2026, 3, 1, 12, 30, tzinfo=dt.UTC)


def _env(store: Store) -> dict[str, str]:
    return {"PROBLEMFRAME_DATABASE_URL": store.engine.url.render_as_string(hide_password=False)}


def _message(store: Store, *, sent: bool) -> int:
    key = f"slack:outcome.reviewed:acme/app#{7 if sent else 8}:1"
    store.outbox.add([OutboxItem(key=key, kind="slack", payload={"type": "outcome.reviewed"})], now=NOW)
    (message,) = [m for m in store.outbox.list() if m.key == key]
    if sent:
        (claimed,) = store.outbox.claim(NOW, "w", dt.timedelta(seconds=30))
        assert store.outbox.sent(claimed.id, worker="w", now=NOW)
    return message.id


def test_retrying_a_sent_message_says_when_it_was_sent_and_changes_nothing(store: Store) -> None:
    message = _message(store, sent=True)
    retried = CliRunner().invoke(app, ["outbox", "retry", str(message)], env=_env(store))
    assert retried.exit_code == 1
    assert retried.stderr == (
        f"problemframe: message {message} was already sent at 2026-03-01 12:30 UTC: there is nothing to re-queue\n"
    )
    found = store.outbox.get(message)
    assert found is not None and found.status is OutboxStatus.SENT


def test_retrying_an_id_the_outbox_does_not_hold_says_so(store: Store) -> None:
    message = _message(store, sent=False)
    missing = CliRunner().invoke(app, ["outbox", "retry", str(message + 41)], env=_env(store))
    assert missing.exit_code == 1
    assert missing.stderr == (
        f"problemframe: there is no message {message + 41} in the outbox"
        " (`problemframe outbox list --all` shows them)\n"
    )


def test_retrying_a_waiting_message_queues_it_at_once(store: Store) -> None:
    message = _message(store, sent=False)
    retried = CliRunner().invoke(app, ["outbox", "retry", str(message)], env=_env(store))
    assert (retried.exit_code, retried.output) == (0, f"Message {message} re-queued.\n")
