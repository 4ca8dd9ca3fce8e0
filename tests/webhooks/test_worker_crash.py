"""A worker killed mid-batch loses nothing: its successor finishes every delivery, each exactly once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from integration.store import DeliveryStatus, Store, ticket_key
from tests.waiting import wait_until

CHILD = """
import asyncio, datetime as dt, sys, time
from integration.store import Store
from webhooks.worker import Worker

url, record, hang, lease = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
store = Store.open(url)

def process(delivery):
    if delivery.delivery_id == hang:
        open(record + ".hanging", "w").close()
        time.sleep(600)
    with open(record, "a") as out:
        out.write(delivery.delivery_id + "\\n")

worker = Worker(store.inbox, process, lease=dt.timedelta(seconds=lease), batch_size=5)
asyncio.run(worker.run(poll_seconds=0.05))
"""
ROOT = Path(__file__).resolve().parents[2]


def _start(url: str, record: Path, hang: str, lease: float) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-c", CHILD, url, str(record), hang, str(lease)], env=env, cwd=ROOT)


def test_sigkill_mid_batch_then_restart_processes_every_delivery_exactly_once(store: Store, tmp_path: Path) -> None:
    ids = [f"d{n}" for n in range(20)]
    for n, delivery_id in enumerate(ids):
        store.inbox.accept(
            source="github", delivery_id=delivery_id, event="issues", action="edited", body=b"{}",
            ticket_key=ticket_key("github", "o/r", str(n % 5)),
        )
    record = tmp_path / "processed.txt"
    url = store.engine.url.render_as_string(hide_password=False)

    first = _start(url, record, hang="d7", lease=2.0)
    try:
        wait_until((tmp_path / "processed.txt.hanging").exists, "the first worker to hang", timeout=30)
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait(10)
    counts = store.inbox.counts()
    assert counts[DeliveryStatus.PROCESSING] >= 1 and counts[DeliveryStatus.DONE] < 20

    second = _start(url, record, hang="none", lease=2.0)
    try:
        wait_until(lambda: store.inbox.counts()[DeliveryStatus.DONE] == 20, "every delivery done", timeout=30)
    finally:
        second.terminate()
        second.wait(10)
    lines = record.read_text().split()
    assert sorted(lines) == sorted(ids)
    # Per ticket, the received order held across the crash.
    for ticket in range(5):
        assert [line for line in lines if int(line[1:]) % 5 == ticket] == [f"d{n}" for n in range(ticket, 20, 5)]
