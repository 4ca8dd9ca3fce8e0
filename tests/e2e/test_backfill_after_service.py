"""`backfill --apply` over tickets the service already wrote: the same comment, the outcome kept, zero writes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from problemframe.events import TicketRef
from problemframe.outcome import OutcomeState
from tests.e2e.github_support import (
    AUTHOR,
    BOT_TOKEN,
    MAINTAINER,
    REPO,
    World,
    framed_body,
    running_service,
    seed,
    service_settings,
)
from tests.fakes.clock import FakeClock
from tests.fakes.github.server import FakeGitHub
from tests.webhooks.helpers import SECRET
from webhooks.cli import app as cli


@pytest.fixture
def database(tmp_path: Path) -> Path:
    return tmp_path / "problemframe.db"


@pytest.fixture
def world(fake_github: FakeGitHub, fake_clock: FakeClock, database: Path) -> Iterator[World]:
    seed(fake_github)
    with running_service(service_settings(database, fake_github), fake_github, fake_clock) as running:
        yield running


def opened(world: World, body: str) -> int:
    number = world.fake.add_issue(REPO, title="Exports time out", body=body, user=AUTHOR).number
    world.deliver("issues", world.issue_payload("issues.opened", number, sender=AUTHOR))
    world.settle()
    return number


def backfill(world: World, database: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    for name, value in {
        "DATABASE_URL": f"sqlite:///{database}", "GITHUB_TOKEN": BOT_TOKEN, "GITHUB_API_URL": world.fake.base_url,
        "GITHUB_WEBHOOK_SECRET": SECRET, "WRITE_INTERVAL": "0",
    }.items():
        monkeypatch.setenv(f"PROBLEMFRAME_{name}", value)
    monkeypatch.chdir(tmp_path)
    ran = CliRunner().invoke(cli, ["backfill", "--github", REPO, "--apply"])
    assert ran.exit_code == 0, ran.output
    return ran.output


def test_backfill_keeps_a_pending_outcome_and_writes_nothing_the_service_already_wrote(
    world: World, database: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shipped = opened(world, framed_body())
    world.edit_issue(MAINTAINER, shipped, state="closed", state_reason="completed")
    world.deliver("issues", world.issue_payload("issues.closed", shipped, sender=MAINTAINER))
    world.settle()
    framed = opened(world, framed_body(customer="Wexford Analytics"))
    unframed = opened(world, "Exports are slow, please add a CSV button.")
    record = world.store.outcomes.get(TicketRef(tracker="github", container=REPO, key=str(shipped)))
    assert record is not None and record.state is OutcomeState.PENDING and record.due_at is not None
    stickies = {n: world.sticky(n).body for n in (shipped, framed, unframed)}
    world.fake.clear_log()

    output = backfill(world, database, tmp_path, monkeypatch)

    assert world.bot_writes() == [], output
    assert "0 write requests" in output
    assert {n: world.sticky(n).body for n in (shipped, framed, unframed)} == stickies
    assert f"- **Measurement due:** {record.due_at:%Y-%m-%d}" in world.sticky(shipped).body
    assert world.labels(shipped) == {"evidence-strong", "outcome-pending"}


def test_backfill_writes_what_the_service_would_write_on_a_pending_ticket(
    world: World, database: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shipped = opened(world, framed_body())
    world.edit_issue(MAINTAINER, shipped, state="closed", state_reason="completed")
    world.deliver("issues", world.issue_payload("issues.closed", shipped, sender=MAINTAINER))
    world.settle()
    written = world.sticky(shipped).body
    # Someone edits the comment by hand: backfill puts back exactly what the service wrote.
    world.fake.repo(REPO).comments[world.sticky(shipped).id].body = "<!-- problemframe -->\nedited"
    world.fake.clear_log()

    backfill(world, database, tmp_path, monkeypatch)

    assert world.sticky(shipped).body == written
    assert "### Outcome" in written and dt.date.today().year >= 2026


def test_backfill_keeps_the_notice_of_a_broken_repository_policy(
    world: World, database: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    world.fake.put_file(REPO, ".github/problemframe.yml", "labels: [not, a, mapping\n")
    number = opened(world, framed_body())
    shown = world.sticky(number).body
    assert ".github/problemframe.yml" in shown
    world.fake.clear_log()

    backfill(world, database, tmp_path, monkeypatch)

    assert world.bot_writes() == [] and world.sticky(number).body == shown
