"""Two `serve` replicas started together on one fresh database, deliveries sent to both: one comment per issue."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import httpx
import pytest
from fastapi.testclient import TestClient

from integration.github.comments import MARKER
from integration.store import DeliveryStatus, Store, make_engine
from tests.e2e.github_support import AUTHOR, BOT, BOT_TOKEN, REPO, World, seed
from tests.fakes.github.server import FakeGitHub
from tests.waiting import wait_ready, wait_until
from tests.webhooks.helpers import SECRET, encode, github_headers

ISSUES = 6


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def replicas(database_url: str, fake_github: FakeGitHub, tmp_path: Path) -> Iterator[list[str]]:
    """Start two `serve` processes at the same moment on one empty database; yield their base URLs once ready."""
    seed(fake_github)
    env = {
        **os.environ, "PROBLEMFRAME_DATABASE_URL": database_url, "PROBLEMFRAME_GITHUB_WEBHOOK_SECRET": SECRET,
        "PROBLEMFRAME_GITHUB_TOKEN": BOT_TOKEN, "PROBLEMFRAME_GITHUB_API_URL": fake_github.base_url,
        "PROBLEMFRAME_WRITE_INTERVAL": "0", "PROBLEMFRAME_WORKER_POLL_SECONDS": "0.05",
        "PROBLEMFRAME_LOG_FORMAT": "json", "PROBLEMFRAME_SCHEDULER": "off",
    }
    ports = [_free_port(), _free_port()]
    command = [sys.executable, "-c", "from webhooks.cli import main; main()", "serve", "--port"]
    # Logs go to files: a full pipe nobody reads would stop a replica mid-write.
    logs = [(tmp_path / f"replica-{n}.log").open("w") for n in range(2)]
    processes = [subprocess.Popen([*command, str(port)], env=env, stderr=log) for port, log in zip(ports, logs,
                                                                                                strict=True)]
    urls = [f"http://127.0.0.1:{port}" for port in ports]
    try:
        for url, process in zip(urls, processes, strict=True):
            wait_ready(f"{url}/readyz", timeout=60, alive=lambda running=process: running.poll() is None)
        yield urls
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=30)
        for log in logs:
            log.close()
        written = [(tmp_path / f"replica-{n}.log").read_text() for n in range(2)]
        assert all("Traceback" not in text and '"level": "error"' not in text for text in written), written


def _send(url: str, event: str, payload: dict[str, Any], delivery: str) -> int:
    body = encode(payload)
    answer = httpx.post(f"{url}/webhooks/github", content=body, headers=github_headers(event, body, delivery=delivery))
    return answer.status_code


def test_each_issue_ends_with_one_comment_whichever_replica_took_its_deliveries(
    replicas: list[str], database_url: str, fake_github: FakeGitHub
) -> None:
    numbers = [fake_github.add_issue(REPO, title=f"Exports time out ({n})", body="Exports are slow.", user=AUTHOR)
               .number for n in range(ISSUES)]
    store = Store(make_engine(database_url))
    # Only to build payloads as GitHub would send them; nothing goes through this World's own client.
    world = World(fake=fake_github, client=cast(TestClient, None), store=store)
    try:
        for number in numbers:
            opened, edited = str(uuid.uuid4()), str(uuid.uuid4())
            payload = world.issue_payload("issues.opened", number, sender=AUTHOR)
            assert _send(replicas[number % 2], "issues", payload, opened) == 202
            # GitHub redelivers to whichever replica the load balancer picks: stored once.
            assert _send(replicas[(number + 1) % 2], "issues", payload, opened) == 200
            edit = world.issue_payload("issues.edited", number, sender=AUTHOR, changes={"body": {"from": ""}})
            assert _send(replicas[(number + 1) % 2], "issues", edit, edited) == 202
        wait_until(lambda: store.inbox.depth() == 0, "both replicas to drain the inbox", timeout=60)
        statuses = {record.delivery_id: record.status for record in store.inbox.find(limit=100)}
        assert len(statuses) == 2 * ISSUES
        assert set(statuses.values()) <= {DeliveryStatus.DONE, DeliveryStatus.IGNORED}
    finally:
        store.close()
    for number in numbers:
        mine = [c for c in fake_github.comments(REPO, number) if c.user.login == BOT]
        assert len(mine) == 1 and mine[0].body.startswith(MARKER), number
        assert "needs-framing" in fake_github.issue(REPO, number).labels
