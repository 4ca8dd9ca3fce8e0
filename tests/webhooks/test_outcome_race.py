"""A `/measure` racing the scheduler for one outcome: neither overwrites the other (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Sequence
from typing import Any

import pytest

from integration.github.comments import MARKER
from integration.github.tracker import GitHubTracker
from integration.metrics import default_clients
from integration.store import DeliveryRecord, Store, ticket_key
from integration.tracker import TransientTrackerError
from problemframe.actions import Action
from problemframe.events import TicketRef
from problemframe.outcome import Measurement, OutcomeRecord, OutcomeState
from problemframe.verdict import Verdict
from tests.e2e.github_support import framed_body
from tests.fakes.clock import FakeClock
from tests.fakes.github.server import FakeGitHub
from tests.trackers import github_tracker
from tests.webhooks.helpers import encode, fixture, stored_outcome
from webhooks.pipeline import Pipeline
from webhooks.scheduler import DueResult, run_due

REPO = "Codertocat/Hello-World"
BOT = "problemframe-bot"
SHIPPED = dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC)
AFTER_DUE = SHIPPED + dt.timedelta(days=31)
REF = TicketRef(tracker="github", container=REPO, key="1")
WAIT = 20.0


class Gated:
    """A tracker whose writes wait until the test opens the gate, so a race can be held at its worst moment."""

    def __init__(self, tracker: GitHubTracker) -> None:
        self.tracker = tracker
        self.entered = threading.Event()
        self.gate = threading.Event()

    def apply(self, actions: Sequence[Action]) -> int:
        self.entered.set()
        assert self.gate.wait(WAIT), "the gate was never opened"
        return self.tracker.apply(actions)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.tracker, name)


@pytest.fixture
def github(fake_github: FakeGitHub, fake_clock: FakeClock) -> GitHubTracker:
    fake_github.add_user(BOT, token="bot-token")
    fake_github.add_user("mona", token="mona-token")
    fake_github.add_repo(REPO)
    fake_github.add_issue(REPO, title="Exports time out", body=framed_body(), user="mona",
                          labels=["evidence-strong", "outcome-pending"])
    return github_tracker(fake_github, fake_clock, write_interval=0)


def pending(store: Store) -> OutcomeRecord:
    """Store the issue's outcome: shipped, a progress value of 250 recorded, the window ended."""
    progress = Measurement(value=250, source="manual", by="mona", measured_at=SHIPPED + dt.timedelta(days=3))
    return stored_outcome(store, REF, shipped=SHIPPED, measurements=(progress,))


def measure_delivery(store: Store, fake: FakeGitHub, value: str) -> DeliveryRecord:
    """Store a `/measure` comment delivery by a maintainer, as the door would."""
    payload = fixture("issue_comment.created")
    issue = fake.issue(REPO, 1)
    payload["issue"].update(number=1, body=issue.body, labels=[], state="open", title=issue.title)
    payload["comment"].update(body=f"/measure {value}", author_association="MEMBER")
    payload["comment"]["user"]["login"] = payload["sender"]["login"] = "mona"
    store.inbox.accept(source="github", delivery_id=f"measure-{value}", event="issue_comment", action="created",
                       body=encode(payload), ticket_key=ticket_key("github", REPO, "1"))
    [delivery] = [d for d in store.inbox.find() if d.delivery_id == f"measure-{value}"]
    return delivery


def scheduler(store: Store, tracker: Any) -> list[DueResult]:
    return run_due(AFTER_DUE, store=store.outcomes, sources=default_clients(env={}), trackers=lambda ref: tracker,
                   worker="scheduler", sleep=lambda _: None)


def results(fake: FakeGitHub) -> list[str]:
    return [c.body for c in fake.comments(REPO, 1) if not c.body.startswith(MARKER)]


def test_a_measure_in_flight_keeps_the_scheduler_off_the_outcome(
    store: Store, github: GitHubTracker, fake_github: FakeGitHub
) -> None:
    pending(store)
    gated = Gated(github)
    pipeline = Pipeline(store, lambda source, *, installation_id: gated, clock=lambda: AFTER_DUE)
    delivery = measure_delivery(store, fake_github, "310")
    failures: list[BaseException] = []

    def measure() -> None:
        try:
            pipeline(delivery)
        except BaseException as error:  # handed to the test thread
            failures.append(error)

    person = threading.Thread(target=measure)
    person.start()
    assert gated.entered.wait(WAIT)
    # The person's results are being posted: the scheduler must not measure the same outcome now.
    assert scheduler(store, github) == []
    gated.gate.set()
    person.join(WAIT)
    assert failures == []

    record = store.outcomes.get(REF)
    assert record is not None and record.state is OutcomeState.REVIEW and record.suggested is Verdict.MET
    assert [m.value for m in record.measurements] == [250, 310]
    [posted] = results(fake_github)
    assert "**Suggested verdict: met.**" in posted
    assert scheduler(store, github) == []


def test_a_measure_during_the_scheduler_run_waits_and_is_then_recorded(
    store: Store, github: GitHubTracker, fake_github: FakeGitHub
) -> None:
    pending(store)
    gated = Gated(github)
    pipeline = Pipeline(store, lambda source, *, installation_id: github, clock=lambda: AFTER_DUE)
    delivery = measure_delivery(store, fake_github, "310")
    ran: list[list[DueResult]] = []
    measuring = threading.Thread(target=lambda: ran.append(scheduler(store, gated)))
    measuring.start()
    assert gated.entered.wait(WAIT)

    # The scheduler is posting its results: the /measure is put back for a retry, not applied beside it.
    with pytest.raises(TransientTrackerError):
        pipeline(delivery)
    gated.gate.set()
    measuring.join(WAIT)
    [[due]] = ran
    assert (due.status, due.value, due.suggested) == ("measured", 250, Verdict.PARTIAL)
    pipeline(delivery)

    record = store.outcomes.get(REF)
    assert record is not None and record.state is OutcomeState.REVIEW and record.suggested is Verdict.MET
    assert [(m.value, m.by) for m in record.measurements] == [(250, "mona"), (250, None), (310, "mona")]
    first, second = results(fake_github)
    assert "**Suggested verdict: partial.**" in first and "**Suggested verdict: met.**" in second
