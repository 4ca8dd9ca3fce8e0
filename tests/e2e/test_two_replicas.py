"""Two `serve` replicas on one PostgreSQL database, as the Kubernetes deployment runs them, behind one webhook URL."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from integration.github.comments import MARKER
from integration.store import DeliveryStatus, Store
from tests.e2e.github_support import AUTHOR, BOT, BOT_TOKEN, REPO, framed_body, seed
from tests.fakes.github.server import FakeGitHub
from tests.waiting import wait_until
from tests.webhooks.helpers import SECRET, encode, fixture, github_headers

ROOT = Path(__file__).resolve().parents[2]
ISSUES = 8


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextlib.contextmanager
def replica(database_url: str, fake: FakeGitHub, workdir: Path) -> Iterator[str]:
    """Run `problemframe serve` in its own process until the block ends; yield its base URL once it is ready."""
    port = _free_port()
    env = {
        **os.environ, "PYTHONPATH": str(ROOT), "PROBLEMFRAME_DATABASE_URL": database_url,
        "PROBLEMFRAME_GITHUB_WEBHOOK_SECRET": SECRET, "PROBLEMFRAME_GITHUB_TOKEN": BOT_TOKEN,
        "PROBLEMFRAME_GITHUB_API_URL": fake.base_url, "PROBLEMFRAME_WRITE_INTERVAL": "0",
        "PROBLEMFRAME_WORKER_POLL_SECONDS": "0.05",
    }
    workdir.mkdir()
    process = subprocess.Popen(
        [str(Path(sys.executable).with_name("problemframe")), "serve", "--port", str(port), "--log-level", "warning"],
        env=env, cwd=workdir,
    )
    url = f"http://127.0.0.1:{port}"

    def ready() -> bool:
        assert process.poll() is None, f"replica on port {port} exited with {process.returncode}"
        try:
            return httpx.get(f"{url}/readyz", timeout=1).status_code == 200
        except httpx.TransportError:
            return False

    try:
        wait_until(ready, f"the replica on port {port} to be ready", timeout=60)
        yield url
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)


def _issue_payload(fake: FakeGitHub, action: str, number: int) -> dict[str, object]:
    """Return a captured `issues` payload carrying the fake issue's number, title and body."""
    payload = fixture(f"issues.{action}")
    issue = fake.issue(REPO, number)
    payload["issue"].update(number=number, id=issue.id, title=issue.title, body=issue.body, labels=[])
    payload["sender"].update(login=AUTHOR, id=fake.users[AUTHOR].id)
    return payload


def _deliver(url: str, payload: dict[str, object], delivery: str) -> int:
    body = encode(payload)
    answer = httpx.post(f"{url}/webhooks/github", content=body, headers=github_headers("issues", body,
                        delivery=delivery), timeout=10)
    return answer.status_code


def _counted(url: str, metric: str, result: str) -> float:
    """Return a replica's counter for one result, summed over its other labels, from its Prometheus text."""
    text = httpx.get(f"{url}/metrics", timeout=5).text
    pattern = rf'^{metric}_total{{[^}}]*result="{result}"[^}}]*}} (\S+)$'
    return sum(float(value) for value in re.findall(pattern, text, re.MULTILINE))


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_two_replicas_share_the_work_and_every_issue_gets_exactly_one_comment(
    database_url: str, fake_github: FakeGitHub, tmp_path: Path
) -> None:
    fake = fake_github
    seed(fake)
    Store.open(database_url).close()  # the deployment's migration step, before the replicas start
    numbers = [fake.add_issue(REPO, title=f"Exports time out {n}", body="", user=AUTHOR).number
               for n in range(1, ISSUES + 1)]

    with replica(database_url, fake, tmp_path / "a") as a, replica(database_url, fake, tmp_path / "b") as b:
        # Each issue is opened empty, then framed. The `opened` delivery reaches both replicas (a retry through
        # the load balancer), the `edited` one only the replica the `opened` did not start on.
        opened = {n: _issue_payload(fake, "opened", n) for n in numbers}
        for n in numbers:
            fake.issue(REPO, n).body = framed_body()
        edited = {n: _issue_payload(fake, "edited", n) for n in numbers}
        sends = [(url, opened[n], f"opened-{n}") for n in numbers for url in (a, b)]
        sends += [(b if n % 2 else a, edited[n], f"edited-{n}") for n in numbers]
        with ThreadPoolExecutor(max_workers=8) as pool:
            codes = list(pool.map(lambda send: _deliver(*send), sends))
        # One of the two copies of each `opened` is stored (202); the other is answered as a duplicate (200).
        assert sorted(codes) == [200] * ISSUES + [202] * 2 * ISSUES

        store = Store.open(database_url)
        try:
            wait_until(lambda: store.inbox.depth() == 0, "both replicas to drain the shared inbox", timeout=60)
            records = store.inbox.find(limit=1000)
        finally:
            store.close()
        accepted = [_counted(url, "problemframe_deliveries", "accepted") for url in (a, b)]
        done = [_counted(url, "problemframe_deliveries_processed", "done") for url in (a, b)]

    assert sorted(r.delivery_id for r in records) == sorted(f"{kind}-{n}" for n in numbers for kind in ("opened",
                                                                                                         "edited"))
    assert {r.status for r in records} == {DeliveryStatus.DONE}
    assert sum(accepted) == 2 * ISSUES and min(accepted) > 0  # both doors stored deliveries, none twice
    assert sum(done) == 2 * ISSUES  # the two workers together handled each delivery once
    for n in numbers:
        comments = fake.comments(REPO, n)
        assert [c.user.login for c in comments] == [BOT], f"issue {n}"
        assert comments[0].body.startswith(MARKER)
        labels = set(fake.issue(REPO, n).labels)
        assert "needs-framing" not in labels and len({lab for lab in labels if lab.startswith("evidence-")}) == 1
    posts = [r for r in fake.requests if r.method == "POST" and r.path.endswith("/comments")]
    assert len(posts) == ISSUES
