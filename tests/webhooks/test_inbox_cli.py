"""`problemframe inbox` lists deliveries that failed for good and `inbox retry` requeues one."""

from __future__ import annotations

import datetime as dt

from typer.testing import CliRunner

from integration.store import DeliveryRecord, DeliveryStatus, Store, ticket_key
from integration.tracker import PermanentTrackerError
from webhooks.cli import app
from webhooks.metrics import Metrics
from webhooks.worker import Worker


def _failed_delivery(store: Store, metrics: Metrics) -> int:
    store.inbox.accept(
        source="github", delivery_id="abc-123", event="issues", action="opened", body=b"{}",
        ticket_key=ticket_key("github", "o/r", "9"),
    )

    def process(delivery: DeliveryRecord) -> None:
        raise PermanentTrackerError("403 resource not accessible by integration")

    Worker(store.inbox, process, metrics=metrics).run_once()
    (failed,) = store.inbox.list_failed()
    return failed.id


def test_inbox_list_shows_failed_deliveries_and_retry_requeues_them(store: Store) -> None:
    metrics = Metrics()
    delivery = _failed_delivery(store, metrics)
    assert "problemframe_inbox_failed 1.0" in metrics.render().decode()
    env = {"PROBLEMFRAME_DATABASE_URL": store.engine.url.render_as_string(hide_password=False)}
    runner = CliRunner()

    listed = runner.invoke(app, ["inbox", "list"], env=env)
    assert listed.exit_code == 0, listed.output
    assert "abc-123" in listed.output and "issues.opened" in listed.output
    assert "403 resource not accessible by integration" in listed.output
    assert runner.invoke(app, ["inbox"], env=env).output == listed.output

    retried = runner.invoke(app, ["inbox", "retry", str(delivery)], env=env)
    assert retried.exit_code == 0 and "requeued" in retried.output
    record = store.inbox.get(delivery)
    assert record is not None and record.status is DeliveryStatus.PENDING and record.attempts == 0
    assert "No failed deliveries" in runner.invoke(app, ["inbox", "list"], env=env).output

    again = runner.invoke(app, ["inbox", "retry", str(delivery)], env=env)
    assert again.exit_code == 1
    assert again.stderr == (
        f"problemframe: delivery {delivery} is pending, not failed: only failed deliveries are retried\n"
    )

    (claimed,) = store.inbox.claim_batch("w", lease=dt.timedelta(seconds=30))
    assert claimed.id == delivery


def test_retrying_a_delivery_the_inbox_does_not_hold_says_so(store: Store) -> None:
    delivery = _failed_delivery(store, Metrics())
    env = {"PROBLEMFRAME_DATABASE_URL": store.engine.url.render_as_string(hide_password=False)}
    missing = CliRunner().invoke(app, ["inbox", "retry", str(delivery + 41)], env=env)
    assert missing.exit_code == 1
    assert missing.stderr == (
        f"problemframe: there is no delivery {delivery + 41} (`problemframe inbox list` shows the failed ones)\n"
    )
