"""While the database is unreachable the worker says so once, in a line, and says when it is back."""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from integration.store import DeliveryStatus, Store, make_engine
from tests.waiting import wait_until
from tests.webhooks.test_worker import Clock, _accept
from webhooks.worker import Worker


def test_an_unreachable_database_is_one_warning_line_not_a_traceback_each_poll(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # A SQLite file whose directory does not exist yet: every connection fails as a database that is down does.
    url = f"sqlite:///{tmp_path / 'later' / 'problemframe.db'}"
    engine = make_engine(url)
    worker = Worker(Store(engine).inbox, lambda delivery: None)
    caplog.set_level(logging.INFO, logger="webhooks.worker")
    running = threading.Thread(target=asyncio.run, args=(worker.run(poll_seconds=0.01),), daemon=True)
    running.start()
    try:
        wait_until(lambda: any("unreachable" in r.getMessage() for r in caplog.records), "the warning", timeout=10)
        time.sleep(0.3)  # thirty polls more, all failing
        (tmp_path / "later").mkdir()
        Store.open(url).close()
        wait_until(lambda: any("reachable again" in r.getMessage() for r in caplog.records), "the all-clear",
                   timeout=10)
    finally:
        worker.stop()
        running.join(10)
        engine.dispose()

    mine = [r for r in caplog.records if r.name == "webhooks.worker"]
    assert [r.levelno for r in mine] == [logging.WARNING, logging.WARNING]
    assert all(r.exc_info is None and "\n" not in r.getMessage() for r in mine)
    assert "unable to open database file" in mine[0].getMessage()


def test_a_delivery_the_database_drops_midway_is_retried_without_a_traceback(
    store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    clock = Clock()
    _accept(store, "d1", "1", clock)

    def database_gone(delivery: object) -> None:
        raise OperationalError("UPDATE outcomes", {}, Exception("connection to server was lost"))

    caplog.set_level(logging.INFO, logger="webhooks.worker")
    assert Worker(store.inbox, database_gone, clock=clock).run_once() == 1

    assert store.inbox.counts()[DeliveryStatus.PENDING] == 1  # to be tried again, not failed for good
    assert not any(record.exc_info for record in caplog.records if record.name == "webhooks.worker")
    assert any("unreachable" in record.getMessage() for record in caplog.records)
