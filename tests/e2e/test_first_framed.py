"""The service remembers when it first judged a ticket complete (the scorecard's time to framed)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from problemframe.events import TicketRef
from tests.e2e.github_support import AUTHOR, REPO, World, framed_body, running_service, seed, service_settings
from tests.fakes.clock import FakeClock
from tests.fakes.github.server import FakeGitHub


@pytest.fixture
def world(fake_github: FakeGitHub, fake_clock: FakeClock, tmp_path: Path) -> Iterator[World]:
    """Run the service against the seeded fake GitHub."""
    seed(fake_github)
    with running_service(service_settings(tmp_path / "problemframe.db", fake_github), fake_github, fake_clock) as w:
        yield w


def edit(world: World, number: int, body: str) -> None:
    """Change the body as the author and deliver `issues.edited`."""
    world.edit_issue(AUTHOR, number, body=body)
    world.deliver("issues", world.issue_payload("issues.edited", number, sender=AUTHOR, changes={"body": {"from": ""}}))
    world.settle()


def test_the_first_complete_judgement_is_kept_through_later_edits(world: World) -> None:
    number = world.fake.add_issue(REPO, title="Exports time out", body="", user=AUTHOR).number
    world.deliver("issues", world.issue_payload("issues.opened", number, sender=AUTHOR))
    world.settle()
    ref = TicketRef(tracker="github", container=REPO, key=str(number))
    assert world.store.tickets.first_framed("github", REPO) == {}

    edit(world, number, framed_body())
    first = world.store.tickets.first_framed("github", REPO)
    assert list(first) == [ref]

    edit(world, number, "")
    edit(world, number, framed_body(customer="Hooli"))
    assert world.store.tickets.first_framed("github", REPO) == first
