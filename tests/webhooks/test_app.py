"""The app factory: health and readiness, metrics, and a worker that starts and stops with the app."""

from __future__ import annotations

import datetime as dt
import os
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path

import httpx
from fastapi.testclient import TestClient

from integration.store import DeliveryRecord, DeliveryStatus, Store, make_engine, ticket_key, upgrade
from tests.fakes.github.server import FakeGitHub
from tests.waiting import wait_ready, wait_until
from tests.webhooks.helpers import SECRET, encode, fixture, github_headers, settings_for
from webhooks.app import create_app


def test_health_and_readiness(database_url: str) -> None:
    with TestClient(create_app(settings_for(database_url), start_background=False)) as client:
        assert client.get("/healthz").json() == {"status": "ok"}
        assert client.get("/readyz").status_code == 200


def test_not_ready_when_the_database_is_unreachable() -> None:
    app = create_app(settings_for("postgresql+psycopg://nobody@127.0.0.1:1/none"), start_background=False)
    client = TestClient(app)
    assert client.get("/healthz").status_code == 200
    response = client.get("/readyz")
    assert response.status_code == 503 and response.json()["status"] == "database unreachable"


def test_deliveries_flow_from_the_door_through_the_worker(database_url: str) -> None:
    processed: list[str] = []
    app = create_app(settings_for(database_url), process=lambda d: processed.append(d.delivery_id))
    with TestClient(app) as client:
        for n in range(5):
            body = encode(fixture("issues.edited"))
            assert client.post(
                "/webhooks/github", content=body, headers=github_headers("issues", body, delivery=f"d{n}")
            ).status_code == 202
        done = 'problemframe_deliveries_processed_total{result="done",source="github"} 5.0'
        # The worker counts a delivery once it is marked done, a moment after processing it returns.
        wait_until(lambda: done in client.get("/metrics").text, "five deliveries counted as done", timeout=20)
        metrics = client.get("/metrics").text
    assert processed == [f"d{n}" for n in range(5)]
    assert done in metrics
    assert "problemframe_processing_seconds_count" in metrics
    assert app.state.worker._stopping.is_set()


def test_startup_migrates_and_requeues_deliveries_a_crashed_worker_left(database_url: str) -> None:
    engine = make_engine(database_url)
    upgrade(engine)
    store = Store(engine)
    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    store.inbox.accept(
        source="github", delivery_id="orphan", event="issues", action="opened", body=b"{}",
        ticket_key=ticket_key("github", "o/r", "1"), now=long_ago,
    )
    assert store.inbox.claim_batch("crashed", lease=dt.timedelta(seconds=60), now=long_ago)
    done = threading.Event()

    def process(delivery: DeliveryRecord) -> None:
        assert delivery.delivery_id == "orphan"
        done.set()

    with TestClient(create_app(settings_for(database_url), process=process)):
        wait_until(done.is_set, "the orphan delivery processed", timeout=20)
    record = store.inbox.find()[0]
    store.close()
    assert record.status is DeliveryStatus.DONE and record.attempts == 2


def test_problemframe_serve_answers_and_shuts_down_cleanly(tmp_path: Path, fake_github: FakeGitHub) -> None:
    fake_github.add_user("problemframe-bot", token="bot-token")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {
        **os.environ,
        "PROBLEMFRAME_DATABASE_URL": f"sqlite:///{tmp_path / 'serve.db'}",
        "PROBLEMFRAME_GITHUB_WEBHOOK_SECRET": SECRET,
        "PROBLEMFRAME_GITHUB_TOKEN": "bot-token",
        "PROBLEMFRAME_GITHUB_API_URL": fake_github.base_url,
        "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
    }
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("problemframe")), "serve", "--port", str(port), "--log-level", "info"],
        env=env, cwd=tmp_path, stderr=subprocess.PIPE, text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_ready(f"{base}/readyz")
        body = encode(fixture("issues.opened"))
        answer = httpx.post(f"{base}/webhooks/github", content=body, headers=github_headers("issues", body))
        assert answer.status_code == 202
    finally:
        server.send_signal(signal.SIGTERM)
        _, log = server.communicate(timeout=20)
    # uvicorn re-raises the signal after a graceful shutdown, so the exit status is the signal's.
    assert server.returncode in (0, -signal.SIGTERM)
    assert "Application shutdown complete" in log and "Traceback" not in log
