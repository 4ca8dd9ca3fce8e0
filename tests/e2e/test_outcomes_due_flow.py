"""`problemframe outcomes due` end to end on GitHub: it measures a manual value, asks for a missing one, lists both."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from problemframe.outcome import OutcomeState
from tests.e2e.github_support import BOT_TOKEN, REPO, World, running_service, seed, service_settings
from tests.e2e.outcome_flow_support import close, framed_issue, record_of, results_comments, say, shipped_issue
from tests.fakes.clock import FakeClock
from tests.fakes.github.server import FakeGitHub
from tests.webhooks.helpers import SECRET
from webhooks.cli import app as cli


@pytest.fixture
def database(tmp_path: Path) -> Path:
    """Return the path of the service's SQLite file."""
    return tmp_path / "problemframe.db"


@pytest.fixture
def world(fake_github: FakeGitHub, fake_clock: FakeClock, database: Path) -> Iterator[World]:
    """Run the service against the seeded fake GitHub, its GitHub waits on the virtual clock."""
    seed(fake_github)
    with running_service(service_settings(database, fake_github), fake_github, fake_clock) as running:
        yield running


def test_outcomes_due_measures_a_manual_value_and_asks_for_a_missing_one(
    world: World, database: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    measured = framed_issue(world)
    say(world, measured, "/measure 250")
    assert world.bot_comments(measured)[-1].body.startswith("Recorded 250.")
    close(world, measured)
    silent = shipped_issue(world)
    due = [record_of(world, n) for n in (measured, silent)]
    assert all(r is not None and r.state is OutcomeState.PENDING for r in due)
    window_end = max(r.due_at for r in due if r is not None and r.due_at is not None)
    for name, value in {
        "DATABASE_URL": f"sqlite:///{database}", "GITHUB_TOKEN": BOT_TOKEN, "GITHUB_API_URL": world.fake.base_url,
        "GITHUB_WEBHOOK_SECRET": SECRET, "WRITE_INTERVAL": "0",
    }.items():
        monkeypatch.setenv(f"PROBLEMFRAME_{name}", value)
    monkeypatch.chdir(tmp_path)

    early = CliRunner().invoke(cli, ["outcomes", "due", "--now", (window_end - dt.timedelta(days=1)).isoformat()])
    assert early.exit_code == 0 and "No outcomes due" in early.output
    ran = CliRunner().invoke(cli, ["outcomes", "due", "--now", (window_end + dt.timedelta(days=1)).isoformat()])

    assert ran.exit_code == 0, ran.output
    rows = {line.split("│")[1].strip(): line for line in ran.output.splitlines() if f"{REPO}#" in line}
    assert "measured" in rows[f"{REPO}#{measured}"] and "partial" in rows[f"{REPO}#{measured}"]
    assert "asked" in rows[f"{REPO}#{silent}"]
    results = world.bot_comments(measured)[-1].body
    assert "- **Observed:** 250" in results.splitlines() and "**Suggested verdict: partial.**" in results
    assert "the window ended" in results
    assert world.labels(measured) == {"evidence-strong", "outcome-review"}
    record = record_of(world, measured)
    assert record is not None and record.state is OutcomeState.REVIEW
    assert "- **Suggested verdict:** partial" in world.sticky(measured).body
    # Nobody measured the other one: its results comment asks for a value, and it stays pending.
    [no_data] = results_comments(world, silent)
    assert "- **Observed:** n/a" in no_data.splitlines() and "Suggested verdict" not in no_data
    assert "`/measure <number> [note]`" in no_data and "`/outcome inconclusive [note]`" in no_data
    assert world.labels(silent) == {"evidence-strong", "outcome-pending"}
    asked = record_of(world, silent)
    assert asked is not None and asked.state is OutcomeState.PENDING and asked.asked_at is not None
    assert "waiting for a measured value" in world.sticky(silent).body
    again = CliRunner().invoke(cli, ["outcomes", "due", "--now", (window_end + dt.timedelta(days=2)).isoformat()])
    assert again.exit_code == 0 and "No outcomes due" in again.output
    assert len(results_comments(world, silent)) == 1
    listed = CliRunner().invoke(cli, ["outcomes", "list"])
    rows = {line.split("│")[1].strip(): line for line in listed.output.splitlines() if f"{REPO}#" in line}
    assert "│ asked " in rows[f"{REPO}#{silent}"] and "│ review " in rows[f"{REPO}#{measured}"]

    say(world, silent, "/measure 130")

    assert world.labels(silent) == {"evidence-strong", "outcome-review"}
    assert "**Suggested verdict: missed.**" in results_comments(world, silent)[-1]
