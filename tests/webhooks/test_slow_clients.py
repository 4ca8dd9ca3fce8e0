"""Clients that send slowly, give up halfway or send too much: an answer or one log line, never a traceback."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from integration.store import Store, make_engine
from tests.webhooks.helpers import encode, fixture, github_headers, settings_for
from webhooks.app import create_app

LIMIT = 256 * 1024
CHUNK = 16 * 1024


@pytest.fixture
def app(database_url: str) -> Iterator[FastAPI]:
    config = settings_for(database_url, body_read_timeout=0.3, max_body_bytes=LIMIT)
    application = create_app(config, start_background=False)
    with TestClient(application):  # runs the lifespan: the database is migrated
        yield application


class Client:
    """An ASGI client that sends the body in `chunks`, then stalls (`then="stall"`) or hangs up."""

    def __init__(self, chunks: list[bytes], *, then: str, more: bool = True) -> None:
        self.chunks = list(chunks)
        self.then = then
        self.more = more
        self.sent = 0
        self.answer: dict[str, Any] = {}

    async def receive(self) -> dict[str, Any]:
        if self.chunks:
            self.sent += 1
            chunk = self.chunks.pop(0)
            return {"type": "http.request", "body": chunk, "more_body": bool(self.chunks) or self.more}
        if self.then == "stall":
            await asyncio.sleep(3600)
        return {"type": "http.disconnect"}

    async def send(self, message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            self.answer["status"] = message["status"]


def post(app: FastAPI, client: Client, headers: dict[str, str]) -> float:
    """Run one request through the app; return how long it took."""
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
        "path": "/webhooks/github", "raw_path": b"/webhooks/github", "query_string": b"", "root_path": "",
        "headers": [(name.lower().encode(), value.encode()) for name, value in headers.items()],
        "client": ("127.0.0.1", 50000), "server": ("testserver", 80), "app": app,
    }

    async def run() -> float:
        loop = asyncio.get_running_loop()
        started = loop.time()
        await app(scope, client.receive, client.send)
        return loop.time() - started

    return asyncio.run(run())


def stored(database_url: str) -> int:
    store = Store(make_engine(database_url))
    try:
        return len(store.inbox.find())
    finally:
        store.close()


def test_a_client_that_stalls_mid_body_gets_408_at_the_read_timeout(
    app: FastAPI, database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    body = encode(fixture("issues.opened"))
    client = Client([body[:10]], then="stall")
    caplog.set_level(logging.INFO)

    took = post(app, client, github_headers("issues", body))

    assert client.answer["status"] == 408
    assert 0.3 <= took < 2.0
    assert stored(database_url) == 0
    assert all(record.exc_info is None for record in caplog.records)


def test_a_client_that_goes_away_is_one_log_line_and_no_traceback(
    app: FastAPI, database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    body = encode(fixture("issues.opened"))
    client = Client([body[:10], body[10:20]], then="hang up")
    caplog.set_level(logging.INFO)

    post(app, client, github_headers("issues", body))

    dropped = [r for r in caplog.records if "went away" in r.getMessage()]
    assert len(dropped) == 1 and dropped[0].exc_info is None
    assert all(record.exc_info is None and record.levelno < logging.ERROR for record in caplog.records)
    assert stored(database_url) == 0


def test_a_streamed_body_over_the_limit_is_413_without_reading_the_rest(app: FastAPI, database_url: str) -> None:
    chunks = [b"x" * CHUNK] * 1000  # 16 MB offered, no Content-Length
    client = Client(chunks, then="hang up")
    headers = github_headers("issues", b"")
    headers.pop("Content-Length", None)

    post(app, client, headers)

    assert client.answer["status"] == 413
    assert client.sent <= LIMIT // CHUNK + 1
    assert stored(database_url) == 0
