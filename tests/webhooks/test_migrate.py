"""`problemframe migrate` once per deployment, safe when replicas race; commands that read never create a database."""

from __future__ import annotations

import datetime as dt
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from typer.testing import CliRunner

from integration.store import Store, make_engine
from integration.store.migrate import current_revision, head_revision
from tests.fakes.github.server import FakeGitHub
from tests.integration.portfolio_seed import seeded_github
from tests.webhooks.helpers import settings_for
from webhooks.app import create_app
from webhooks.cli import app
from webhooks.settings import Settings

MIGRATE = [sys.executable, "-c", "from webhooks.cli import main; main()", "migrate"]


def _database_file(url: str) -> Path | None:
    return Path(url.removeprefix("sqlite:///")) if url.startswith("sqlite:///") else None


def test_migrate_creates_then_changes_nothing(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'pf.db'}"
    first = CliRunner().invoke(app, ["migrate"], env={"PROBLEMFRAME_DATABASE_URL": url})
    assert first.exit_code == 0, first.output
    assert first.stdout.strip() == f"{url}: migrated from an empty database to schema {head_revision()}"
    again = CliRunner().invoke(app, ["migrate"], env={"PROBLEMFRAME_DATABASE_URL": url})
    assert (again.exit_code, again.stdout.strip()) == (0, f"{url}: already at schema {head_revision()}")


@pytest.mark.parametrize("round_", range(3))
def test_replicas_migrating_a_fresh_database_together_all_succeed(database_url: str, round_: int) -> None:
    env = {"PROBLEMFRAME_DATABASE_URL": database_url, "PATH": "/usr/bin:/bin"}
    processes = [subprocess.Popen(MIGRATE, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for _ in range(3)]
    results = [(p.wait(timeout=120), *p.communicate()) for p in processes]
    assert all(code == 0 for code, _, _ in results), results
    outcomes = sorted(out.split(": ", 1)[1].split(" schema")[0] for _, out, _ in results)
    assert outcomes == ["already at", "already at", "migrated from an empty database to"], results
    engine = make_engine(database_url)
    try:
        assert current_revision(engine) == head_revision()
    finally:
        engine.dispose()


def test_migrate_refuses_a_database_of_a_newer_version(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'pf.db'}"
    store = Store.open(url)
    with store.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0099_future'"))
    store.close()
    result = CliRunner().invoke(app, ["migrate"], env={"PROBLEMFRAME_DATABASE_URL": url})
    assert result.exit_code == 2
    assert result.stderr.strip().endswith("is at schema 0099_future, which only a newer problemframe knows: "
                                          "upgrade problemframe instead")


READERS = {
    "inbox list": ["inbox", "list"],
    "inbox retry": ["inbox", "retry", "1"],
    "outcomes list": ["outcomes", "list"],
    "outcomes due": ["outcomes", "due"],
}


@pytest.mark.parametrize("command", READERS.values(), ids=READERS.keys())
def test_commands_never_create_the_database_and_say_how_to(database_url: str, command: list[str]) -> None:
    result = CliRunner().invoke(app, command, env={"PROBLEMFRAME_DATABASE_URL": database_url})
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert line.endswith("run `problemframe migrate` (or start `problemframe serve`) first"), line
    path = _database_file(database_url)
    if path is not None:
        assert line.startswith(f"problemframe: there is no database at {path}")
        assert not path.exists()
    else:
        assert "has no problemframe tables yet" in line
        engine = make_engine(database_url)
        try:
            assert current_revision(engine) is None
        finally:
            engine.dispose()


def test_an_old_schema_is_named_with_the_fix(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'pf.db'}"
    engine = make_engine(url)
    from integration.store import upgrade

    upgrade(engine, "0001_initial")
    engine.dispose()
    result = CliRunner().invoke(app, ["outcomes", "list"], env={"PROBLEMFRAME_DATABASE_URL": url})
    assert result.exit_code == 2
    assert f"is at schema 0001_initial, not {head_revision()}: run `problemframe migrate`" in result.stderr


def test_report_without_a_database_reads_the_tickets_and_creates_nothing(tmp_path: Path) -> None:
    today = dt.datetime.now(dt.UTC).date()
    with seeded_github("acme/app", 3, login="problemframe-bot", token="bot-token", today=today) as fake:
        env = {"PROBLEMFRAME_GITHUB_TOKEN": "bot-token", "PROBLEMFRAME_GITHUB_API_URL": fake.base_url,
               "PROBLEMFRAME_DATABASE_URL": f"sqlite:///{tmp_path / 'pf.db'}"}
        result = CliRunner().invoke(app, ["report", "--github", "acme/app", "--format", "csv"], env=env)
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == 4
    assert "no outcomes shown" in result.stderr
    assert not (tmp_path / "pf.db").exists()


def test_the_scheduler_can_be_switched_off(tmp_path: Path, fake_github: FakeGitHub) -> None:
    assert Settings(_env_file=None, scheduler="off").scheduler is False  # type: ignore[call-arg, arg-type]
    url = f"sqlite:///{tmp_path / 'pf.db'}"
    with TestClient(create_app(settings_for(url, scheduler=False))) as client:
        assert client.app.state.worker is not None  # type: ignore[attr-defined]
        assert client.app.state.scheduler is None  # type: ignore[attr-defined]
    with TestClient(create_app(settings_for(url))) as client:
        assert client.app.state.scheduler is not None  # type: ignore[attr-defined]


@pytest.mark.parametrize("seconds", [0, 0.5, -3])
def test_a_scheduler_interval_under_a_second_is_refused(seconds: float) -> None:
    with pytest.raises(ValueError, match="greater than or equal to 1"):
        Settings(_env_file=None, scheduler_interval_seconds=seconds)  # type: ignore[call-arg]


def test_migrate_waits_for_another_process_writing_the_fresh_database_file(tmp_path: Path) -> None:
    # As a replica starting a moment earlier does: its first write holds the file while it sets the journal mode.
    path = tmp_path / "pf.db"
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    done = threading.Timer(0.3, lambda: other.execute("COMMIT"))
    done.start()
    try:
        result = CliRunner().invoke(app, ["migrate"], env={"PROBLEMFRAME_DATABASE_URL": f"sqlite:///{path}"})
    finally:
        done.join()
        other.close()
    assert result.exit_code == 0, result.output
    assert "migrated from an empty database to schema" in result.stdout
