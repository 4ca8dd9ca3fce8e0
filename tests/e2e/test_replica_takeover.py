"""Two replicas on one database: a live one keeps its deliveries through a long wait, a killed one loses them fast."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from integration.store import DeliveryStatus, Store, make_engine
from tests.e2e.github_support import AUTHOR, BOT, BOT_TOKEN, REPO, running_service, seed
from tests.e2e.test_github_flow import GatedGitHub
from tests.waiting import wait_until
from tests.webhooks.helpers import SECRET, settings_for

ROOT = Path(__file__).resolve().parents[2]
LEASE, HEARTBEAT = 3.0, 0.5


@pytest.fixture
def github() -> Iterator[GatedGitHub]:
    fake = GatedGitHub()
    fake.start()
    try:
        yield fake
    finally:
        fake.release.set()
        fake.stop()
    assert fake.violations == []


def _statuses(database_url: str) -> dict[str, tuple[DeliveryStatus, str | None]]:
    store = Store(make_engine(database_url))
    try:
        return {d.delivery_id: (d.status, d.claimed_by) for d in store.inbox.find()}
    finally:
        store.close()


def test_a_killed_replicas_deliveries_are_taken_over_within_the_lease(
    github: GatedGitHub, database_url: str
) -> None:
    seed(github)
    settings = settings_for(
        database_url, github_api_url=github.base_url, github_token=BOT_TOKEN, write_interval=0.0,
        worker_lease_seconds=LEASE, worker_heartbeat_seconds=HEARTBEAT, worker_poll_seconds=0.05,
    )
    numbers = [github.add_issue(REPO, title=f"Exports time out {n}", body="", user=AUTHOR).number for n in (1, 2, 3)]
    with running_service(settings, github, background=False) as door:
        for n in numbers:
            assert door.deliver("issues", door.issue_payload("issues.opened", n, sender=AUTHOR),
                                delivery=f"opened-{n}").status_code == 202
    # Replica A takes the batch and hangs on GitHub's answer to issue 2's comment, which has landed.
    github.stall_on = ("POST", f"/repos/{REPO}/issues/{numbers[1]}/comments")
    env = {
        **os.environ, "PYTHONPATH": str(ROOT), "PROBLEMFRAME_DATABASE_URL": database_url,
        "PROBLEMFRAME_GITHUB_WEBHOOK_SECRET": SECRET, "PROBLEMFRAME_GITHUB_TOKEN": BOT_TOKEN,
        "PROBLEMFRAME_GITHUB_API_URL": github.base_url, "PROBLEMFRAME_WRITE_INTERVAL": "0",
        "PROBLEMFRAME_WORKER_POLL_SECONDS": "0.05", "PROBLEMFRAME_WORKER_LEASE_SECONDS": str(LEASE),
        "PROBLEMFRAME_WORKER_HEARTBEAT_SECONDS": str(HEARTBEAT),
    }
    replica_a = subprocess.Popen(
        [str(Path(sys.executable).with_name("problemframe")), "serve", "--port", "0", "--log-level", "warning"],
        env=env, cwd=ROOT,
    )
    try:
        wait_until(github.stalled.is_set, "replica A to post issue 2's comment", timeout=30)
        with running_service(settings, github):  # replica B
            # A is alive and beating: however long GitHub keeps it waiting, B leaves its deliveries alone.
            time.sleep(2 * LEASE)
            held = _statuses(database_url)
            assert held["opened-2"][0] is DeliveryStatus.PROCESSING and held["opened-3"][0] is DeliveryStatus.PROCESSING
            assert held["opened-2"][1] == held["opened-3"][1] is not None
            replica_a.send_signal(signal.SIGKILL)
            replica_a.wait(10)
            killed_at = time.monotonic()
            github.release.set()
            wait_until(
                lambda: {status for status, _ in _statuses(database_url).values()} == {DeliveryStatus.DONE},
                "replica B to finish A's deliveries", timeout=LEASE + 10,
            )
            taken_over_in = time.monotonic() - killed_at
    finally:
        if replica_a.poll() is None:
            replica_a.kill()
            replica_a.wait(10)

    assert taken_over_in < LEASE + 2
    for n in numbers:
        (comment,) = github.comments(REPO, n)
        assert comment.user.login == BOT
        assert set(github.issue(REPO, n).labels) == {"needs-framing", "evidence-none"}
