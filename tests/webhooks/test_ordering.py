"""Edits within one second delivered in any order: the final labels and comment match the newest body."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from integration.github.comments import MARKER
from integration.github.tracker import GitHubTracker
from integration.store import DeliveryStatus, Store, ticket_key
from integration.store.tickets import Applied
from problemframe.events import Ticket, TicketRef
from tests.fakes.clock import FakeClock
from tests.fakes.github.server import FakeGitHub
from tests.trackers import github_tracker
from tests.webhooks.helpers import encode, fixture
from webhooks.ordering import Order, order
from webhooks.pipeline import Pipeline
from webhooks.worker import Worker

REPO = "Codertocat/Hello-World"
BOT = "problemframe-bot"
EDITED_AT = dt.datetime(2026, 3, 1, 12, 0, 7, tzinfo=dt.UTC)  # GitHub's updated_at: whole seconds
TICKETS = Path(__file__).parent.parent / "fixtures" / "tickets"
NEWEST = 9


def _bodies() -> list[str]:
    complete = (TICKETS / "github_form_complete.md").read_text()
    earlier = [
        (TICKETS / "solution_only.md").read_text(),
        (TICKETS / "github_form_placeholders.md").read_text(),
        complete.split("### Success metric")[0],
        (TICKETS / "freeform_markdown.md").read_text(),
    ]
    return [f"Draft {n}\n\n{earlier[n % len(earlier)]}" for n in range(NEWEST)] + [complete]


BODIES = _bodies()


class CountingTracker:
    """The real GitHub tracker, counting how often the ticket's current state is read."""

    def __init__(self, inner: GitHubTracker) -> None:
        self.inner = inner
        self.reads = 0

    def fetch_ticket(self, ref: TicketRef) -> Ticket:
        self.reads += 1
        return self.inner.fetch_ticket(ref)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


@pytest.fixture
def github() -> Iterator[FakeGitHub]:
    fake = FakeGitHub(clock=lambda: EDITED_AT.timestamp())
    fake.start()
    try:
        yield fake
    finally:
        fake.stop()
    assert fake.violations == []


def _edit(n: int, *, github: FakeGitHub) -> dict[str, Any]:
    payload = fixture("issues.edited")
    payload["issue"].update(number=1, title=f"Edit {n}", body=BODIES[n], labels=[],
                            updated_at=EDITED_AT.isoformat().replace("+00:00", "Z"),
                            html_url=f"{github.base_url}/{REPO}/issues/1")
    payload["repository"]["full_name"] = REPO
    return payload


def replay(github: FakeGitHub, tmp_path: Path, sequence: list[int]) -> tuple[set[str], str, int]:
    """Deliver the edits in `sequence`, drain the inbox; return the labels, the sticky comment and the reads."""
    github.add_user(BOT, token="bot-token")
    github.add_repo(REPO)
    github.add_issue(REPO, title=f"Edit {NEWEST}", body=BODIES[NEWEST])
    clock = FakeClock()
    tracker = CountingTracker(github_tracker(github, clock, write_interval=0))
    store = Store.open(f"sqlite:///{tmp_path / 'replay.db'}")
    try:
        arrived = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=30)
        for position, n in enumerate(sequence):
            store.inbox.accept(
                source="github", delivery_id=f"edit-{n}", event="issues", action="edited",
                body=encode(_edit(n, github=github)),
                ticket_key=ticket_key("github", REPO, "1"), now=arrived + dt.timedelta(milliseconds=position),
            )
        worker = Worker(store.inbox, Pipeline(store, lambda source, *, installation_id: tracker))  # type: ignore[arg-type, return-value]
        while worker.run_once():
            pass
        assert {d.status for d in store.inbox.find()} <= {DeliveryStatus.DONE, DeliveryStatus.IGNORED}
    finally:
        store.close()
    (sticky,) = [c.body for c in github.comments(REPO, 1) if c.body.startswith(MARKER)]
    return set(github.issue(REPO, 1).labels), sticky.replace(github.base_url, "<github>"), tracker.reads


ORDERS = {
    "newest first": list(range(NEWEST, -1, -1)),
    "oldest first": list(range(NEWEST + 1)),
    "newest in the middle": [0, 1, 2, 3, NEWEST, 4, 5, 6, 7, 8],
    **{f"shuffled {seed}": random.Random(seed).sample(range(NEWEST + 1), NEWEST + 1) for seed in range(4)},
}


@pytest.mark.parametrize("sequence", list(ORDERS.values()), ids=list(ORDERS))
def test_ten_same_second_edits_end_as_the_newest_body_in_any_order(
    github: FakeGitHub, tmp_path: Path, sequence: list[int]
) -> None:
    reference = FakeGitHub(clock=lambda: EDITED_AT.timestamp())
    reference.start()
    try:
        (tmp_path / "reference").mkdir()
        want_labels, want_comment, _ = replay(reference, tmp_path / "reference", [NEWEST])
    finally:
        reference.stop()

    labels, comment, reads = replay(github, tmp_path, sequence)

    assert (labels, comment) == (want_labels, want_comment)
    assert reads == 1  # one read of the current state, shared by every delivery received before it


def test_the_bodies_disagree_so_the_order_matters() -> None:
    assert len(set(BODIES)) == NEWEST + 1


def test_the_order_of_a_delivery_against_the_applied_state() -> None:
    t = EDITED_AT
    arrived = t + dt.timedelta(seconds=2)
    assert order(None, updated_at=t, received_at=arrived) is Order.NEWER
    assert order(Applied(t, None), updated_at=t + dt.timedelta(seconds=1), received_at=arrived) is Order.NEWER
    assert order(Applied(t, None), updated_at=t - dt.timedelta(seconds=1), received_at=arrived) is Order.OLDER
    assert order(Applied(t, None), updated_at=t, received_at=arrived) is Order.UNDECIDED
    read_later = Applied(t, arrived + dt.timedelta(seconds=5))
    assert order(read_later, updated_at=t, received_at=arrived) is Order.COVERED
    read_just_after = Applied(t, arrived + dt.timedelta(milliseconds=100))
    assert order(read_just_after, updated_at=t, received_at=arrived) is Order.UNDECIDED
