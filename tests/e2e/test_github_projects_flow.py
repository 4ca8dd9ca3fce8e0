"""A GitHub Project kept in sync end to end: signed deliveries into the service, the fields on the (fake) board."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from problemframe.events import TicketRef
from tests.e2e.github_support import (
    AUTHOR,
    BOT,
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
from tests.fakes.github.projects_model import Project
from tests.fakes.github.server import FakeGitHub
from webhooks.cli import app as cli

OWNER = REPO.split("/")[0]


@pytest.fixture
def board(fake_github: FakeGitHub) -> Project:
    """Seed the world, a project of the repository's owner set up by the CLI, and a policy naming it."""
    seed(fake_github)
    project = fake_github.projects.add_project(OWNER, 3, kind="User")
    fake_github.put_file(REPO, ".github/problemframe.yml", f"projects:\n  - owner: {OWNER}\n    number: 3\n")
    env = {"PROBLEMFRAME_GITHUB_API_URL": fake_github.base_url, "PROBLEMFRAME_GITHUB_TOKEN": BOT_TOKEN,
           "PROBLEMFRAME_WRITE_INTERVAL": "0"}
    setup = CliRunner().invoke(cli, ["setup", "github-project", "--owner", OWNER, "--number", "3"], env=env)
    assert setup.exit_code == 0, setup.output
    return project


@pytest.fixture
def world(fake_github: FakeGitHub, board: Project, fake_clock: FakeClock, tmp_path: Path) -> Iterator[World]:
    """Run the service against the fake GitHub."""
    with running_service(service_settings(tmp_path / "problemframe.db", fake_github), fake_github, fake_clock) as w:
        yield w


def deliver_issue(
    world: World, name: str, number: int, *, sender: str, changes: dict[str, Any] | None = None
) -> None:
    """Deliver an `issues` event as GitHub would and wait for the service."""
    answer = world.deliver("issues", world.issue_payload(name, number, sender=sender, changes=changes))
    assert answer.status_code == 202, answer.text
    world.settle()


def say(world: World, number: int, body: str) -> None:
    """Comment as a maintainer and deliver `issue_comment.created`."""
    comment = world.comment(MAINTAINER, number, body)
    world.deliver("issue_comment", world.comment_payload(number, comment, association="MEMBER"))
    world.settle()


def test_the_board_follows_an_issue_from_opened_to_reviewed(
    world: World, board: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = world.fake
    number = fake.add_issue(REPO, title="Exports time out", body="", user=AUTHOR).number
    content = f"I_{fake.issue(REPO, number).id}"
    setup_writes = len(fake.projects.writes())

    deliver_issue(world, "issues.opened", number, sender=AUTHOR)

    assert board.value(content, "Evidence score") == 0.0
    assert board.value(content, "Evidence") == "none"
    assert board.value(content, "Outcome") is None and board.value(content, "Outcome due") is None
    assert [m.name for m in fake.projects.writes()[setup_writes:]] == [
        "addProjectV2ItemById", "updateProjectV2ItemFieldValue", "updateProjectV2ItemFieldValue"]

    world.edit_issue(AUTHOR, number, body=framed_body())
    before = len(fake.projects.writes())
    deliver_issue(world, "issues.edited", number, sender=AUTHOR, changes={"body": {"from": ""}})

    score = board.value(content, "Evidence score")
    assert score is not None and score >= 50 and board.value(content, "Evidence") == "strong"
    assert len(fake.projects.writes()) - before == 2  # the score and the tier; the item was already there

    world.edit_issue(MAINTAINER, number, state="closed", state_reason="completed")
    deliver_issue(world, "issues.closed", number, sender=MAINTAINER)

    record = world.store.outcomes.get(TicketRef(tracker="github", container=REPO, key=str(number)))
    assert record is not None and record.due_at is not None
    assert board.value(content, "Outcome") == "pending"
    assert board.value(content, "Outcome due") == record.due_at.date().isoformat()

    say(world, number, "/measure 310 from the weekly dashboard")
    assert board.value(content, "Outcome") == "pending"  # progress: the window decides when the result counts

    for name, value in {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'problemframe.db'}", "GITHUB_TOKEN": BOT_TOKEN,
        "GITHUB_API_URL": world.fake.base_url, "WRITE_INTERVAL": "0",
    }.items():
        monkeypatch.setenv(f"PROBLEMFRAME_{name}", value)
    ran = CliRunner().invoke(cli, ["outcomes", "due", "--now", (record.due_at + dt.timedelta(days=1)).isoformat()])
    assert ran.exit_code == 0, ran.output
    assert board.value(content, "Outcome") == "review"

    say(world, number, "/outcome met shipped and adopted")
    assert board.value(content, "Outcome") == "met"
    assert board.value(content, "Evidence score") == score
    assert {r.who for r in fake.requests if r.path == "/graphql"} == {BOT}
