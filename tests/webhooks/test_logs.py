"""Logs an operator reads: readable or JSON lines, each line about a delivery naming it, and what a dry run would do."""

from __future__ import annotations

import io
import json
import logging
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from integration.github.tracker import GitHubTracker
from integration.store import Store, ticket_key
from tests.fakes.clock import FakeClock
from tests.fakes.github.server import FakeGitHub
from tests.trackers import github_tracker
from tests.waiting import answers, wait_until
from tests.webhooks.helpers import encode, fixture
from webhooks.cli import app
from webhooks.logs import about_delivery, configure_logging
from webhooks.pipeline import Pipeline
from webhooks.worker import Worker

REPO = "Codertocat/Hello-World"
BOT = "problemframe-bot"


@pytest.fixture
def log_stream() -> Iterator[io.StringIO]:
    """Yield what the service logs, as JSON lines; leave logging as it was afterwards."""
    stream = io.StringIO()
    root = logging.getLogger()
    level = root.level
    handler = configure_logging(logging.INFO, "json", stream=stream)
    try:
        yield stream
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


def lines(stream: io.StringIO) -> list[dict[str, Any]]:
    """Return the JSON log lines written so far."""
    return [json.loads(line) for line in stream.getvalue().splitlines()]


@pytest.fixture
def github(fake_github: FakeGitHub, fake_clock: FakeClock) -> GitHubTracker:
    fake_github.add_user(BOT, token="bot-token")
    fake_github.add_repo(REPO)
    fake_github.add_issue(REPO, title="Spelling error in the README file", body="It looks like you misspelled it.")
    return github_tracker(fake_github, fake_clock, write_interval=0)


def _deliver(store: Store, delivery_id: str) -> None:
    payload = fixture("issues.opened")
    payload["issue"]["labels"] = []
    store.inbox.accept(
        source="github", delivery_id=delivery_id, event="issues", action="opened", body=encode(payload),
        ticket_key=ticket_key("github", REPO, "1"),
    )


def test_a_line_inside_a_delivery_carries_its_id_ticket_event_action_and_duration(log_stream: io.StringIO) -> None:
    with about_delivery(delivery="d-1", source="github", event="issues", action="opened", ticket="acme/app#3"):
        time.sleep(0.01)
        logging.getLogger("integration.github.tracker").info("add labels ['needs-framing'] to %s", "acme/app#3")
    logging.getLogger("webhooks.app").info("not about a delivery")
    inside, outside = lines(log_stream)
    assert inside["message"] == "add labels ['needs-framing'] to acme/app#3"
    assert (inside["delivery"], inside["ticket"], inside["event"], inside["action"]) == (
        "d-1", "acme/app#3", "issues", "opened"
    )
    assert inside["duration_ms"] >= 10 and inside["level"] == "info"
    assert "delivery" not in outside and outside["logger"] == "webhooks.app"


def test_text_lines_are_readable_and_name_the_delivery() -> None:
    stream = io.StringIO()
    handler = configure_logging(logging.INFO, "text", stream=stream)
    try:
        with about_delivery(delivery="d-2", source="jira", event="jira:issue_updated", action=None, ticket="PROJ-4"):
            logging.getLogger("webhooks.worker").warning("delivery failed (attempt 1)")
    finally:
        logging.getLogger().removeHandler(handler)
    line = stream.getvalue().strip()
    assert " WARNING webhooks.worker: delivery failed (attempt 1) [delivery=d-2 source=jira " in line
    assert "ticket=PROJ-4 duration_ms=" in line and not line.startswith("{")


def test_every_line_of_a_handled_delivery_names_it(
    store: Store, github: GitHubTracker, fake_github: FakeGitHub, log_stream: io.StringIO
) -> None:
    _deliver(store, "delivery-7")
    Worker(store.inbox, Pipeline(store, lambda source, *, installation_id: github)).run_once()
    about = [line for line in lines(log_stream) if line.get("delivery") == "delivery-7"]
    assert about, log_stream.getvalue()
    assert all(line["ticket"] == f"{REPO}#1" and line["event"] == "issues" and line["action"] == "opened"
               and "duration_ms" in line for line in about)
    messages = [line["message"] for line in about]
    assert any("create the sticky comment" in message for message in messages)
    assert messages[-1] == "delivery done"
    assert fake_github.comments(REPO, 1)


def test_a_dry_run_logs_each_action_it_would_take_and_writes_nothing(
    store: Store, github: GitHubTracker, fake_github: FakeGitHub, log_stream: io.StringIO
) -> None:
    _deliver(store, "delivery-8")
    fake_github.clear_log()
    Worker(store.inbox, Pipeline(store, lambda source, *, installation_id: github, dry_run=True)).run_once()
    would = [line["message"] for line in lines(log_stream) if line["message"].startswith("dry run: would")]
    assert any(m.startswith(f"dry run: would set the labels of {REPO}#1 to ") and "needs-framing" in m for m in would)
    assert any(m.startswith(f"dry run: would write the sticky comment on {REPO}#1") for m in would)
    assert not fake_github.comments(REPO, 1)
    assert not fake_github.writes()


def test_a_command_logs_at_the_level_and_in_the_format_configured(tmp_path: Path) -> None:
    env = {"PROBLEMFRAME_DATABASE_URL": f"sqlite:///{tmp_path / 'pf.db'}", "PROBLEMFRAME_LOG_FORMAT": "json",
           "PROBLEMFRAME_LOG_LEVEL": "debug"}
    result = CliRunner().invoke(app, ["migrate"], env=env)
    root = logging.getLogger()
    try:
        assert result.exit_code == 0, result.output
        assert root.level == logging.DEBUG
        assert any(getattr(h, "formatter", None).__class__.__name__ == "JsonFormatter" for h in root.handlers)
    finally:
        for handler in [h for h in root.handlers if getattr(h, "_problemframe", False)]:
            root.removeHandler(handler)
        root.setLevel(logging.WARNING)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _serve(tmp_path: Path, *args: str, env: dict[str, str]) -> list[str]:
    """Start `serve` in its own process, wait until it answers, stop it; return what it wrote to stderr."""
    full_env = {**os.environ, "PROBLEMFRAME_DATABASE_URL": f"sqlite:///{tmp_path / 'pf.db'}", **env}
    port = _free_port()
    command = [sys.executable, "-c", "from webhooks.cli import main; main()", "serve", "--port", str(port), *args]
    process = subprocess.Popen(command, env=full_env, stderr=subprocess.PIPE, text=True, cwd=tmp_path)
    try:
        # A process that stops at start-up is waited for too: what it wrote is the subject.
        url = f"http://127.0.0.1:{port}/healthz"
        wait_until(lambda: process.poll() is not None or answers(url), "serve to answer", timeout=60, interval=0.2)
    finally:
        process.terminate()
        _, err = process.communicate(timeout=30)
    return err.splitlines()


def test_serve_writes_json_lines_and_honours_its_log_level(tmp_path: Path) -> None:
    store = Store.open(f"sqlite:///{tmp_path / 'pf.db'}")
    _deliver(store, "left-behind")
    store.inbox.claim_batch("a-stopped-worker", lease=__import__("datetime").timedelta(seconds=-1), limit=1)
    store.close()
    seen = _serve(tmp_path, "--log-level", "debug", env={"PROBLEMFRAME_LOG_FORMAT": "json"})
    parsed = [json.loads(line) for line in seen]
    messages = [entry["message"] for entry in parsed]
    assert any(m.startswith("requeued 1 deliveries") for m in messages), messages
    assert any(m.startswith("database sqlite:///") for m in messages)
    requeued = next(entry for entry in parsed if entry["message"].startswith("requeued"))
    assert requeued["logger"] == "webhooks.app" and requeued["level"] == "info"


def test_the_log_level_option_wins_over_the_setting(tmp_path: Path) -> None:
    seen = _serve(tmp_path, "--log-level", "warning", env={"PROBLEMFRAME_LOG_LEVEL": "debug"})
    assert not any("database sqlite" in line or "Application startup" in line for line in seen), seen
    assert any(" WARNING webhooks.config: no webhook secret is set" in line for line in seen), seen


def test_the_door_logs_each_delivery_it_takes_with_its_fields(tmp_path: Path, log_stream: io.StringIO) -> None:
    from fastapi.testclient import TestClient

    from tests.webhooks.helpers import github_headers, settings_for
    from webhooks.app import create_app

    body = encode(fixture("issues.opened"))
    app_ = create_app(settings_for(f"sqlite:///{tmp_path / 'pf.db'}"), start_background=False)
    with TestClient(app_) as client:
        for _ in range(2):
            answer = client.post("/webhooks/github", content=body,
                                 headers=github_headers("issues", body, delivery="d-door"))
            assert answer.status_code in (200, 202)
    about = [line for line in lines(log_stream) if line.get("delivery") == "d-door"]
    assert [line["message"] for line in about] == ["delivery accepted and queued",
                                                   "delivery received again: a duplicate, not queued"]
    assert all(line["event"] == "issues" and line["action"] == "opened" and line["ticket"] == f"{REPO}#1"
               and line["duration_ms"] >= 0 for line in about), about
