"""The one step that handles a ticket: the outcome's lease, what a dry run leaves alone, a lost lease."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pytest

from integration.github.tracker import GitHubTracker
from integration.handle import OutcomeLost, TicketStep
from integration.store import Store
from integration.tracker import TransientTrackerError
from problemframe.decide import Decision
from problemframe.events import Ticket, TicketRef
from problemframe.outcome import Measurement, OutcomeRecord
from problemframe.policy import Policy
from tests.e2e.github_support import framed_body
from tests.fakes.clock import FakeClock
from tests.fakes.github.server import FakeGitHub
from tests.trackers import github_tracker
from tests.webhooks.helpers import stored_outcome

REPO = "Codertocat/Hello-World"
BOT = "problemframe-bot"
SHIPPED = dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC)
NOW = SHIPPED + dt.timedelta(days=3)
REF = TicketRef(tracker="github", container=REPO, key="1")


@pytest.fixture
def github(fake_github: FakeGitHub, fake_clock: FakeClock) -> GitHubTracker:
    fake_github.add_user(BOT, token="bot-token")
    fake_github.add_repo(REPO)
    fake_github.add_issue(REPO, title="Exports time out", body=framed_body(), user=BOT)
    return github_tracker(fake_github, fake_clock, write_interval=0)


def stored(store: Store) -> OutcomeRecord:
    return stored_outcome(store, REF, shipped=SHIPPED)


class Judge:
    """Keep what the step showed the decision, and decide to record a measurement."""

    def __init__(self) -> None:
        self.seen: list[tuple[OutcomeRecord | None, Sequence[str]]] = []

    def __call__(self, policy: Policy, outcome: OutcomeRecord | None, notices: Sequence[str]) -> Decision:
        self.seen.append((outcome, notices))
        assert outcome is not None
        return Decision(outcome=measured(outcome))


def measured(record: OutcomeRecord) -> OutcomeRecord:
    value = Measurement(value=250, source="manual", by="mona", measured_at=NOW)
    return record.model_copy(update={"measurements": (*record.measurements, value)})


def ticket(github: GitHubTracker) -> Ticket:
    return github.fetch_ticket(REF)


def test_the_step_decides_from_the_stored_outcome_and_stores_the_change(store: Store, github: GitHubTracker) -> None:
    record = stored(store)
    judge = Judge()

    handled = TicketStep(store.outcomes, worker="webhook").handle(ticket(github), github, judge, now=NOW)

    assert judge.seen == [(record, [])]
    assert handled.stored and handled.error is None
    assert store.outcomes.get(REF) == measured(record)
    assert store.outcomes.hold(REF, worker="scheduler", now=NOW, lease=dt.timedelta(minutes=1)) is not None


def test_a_dry_run_reads_the_outcome_without_its_lease_and_stores_nothing(
    store: Store, github: GitHubTracker
) -> None:
    record = stored(store)
    store.outcomes.hold(REF, worker="scheduler", now=NOW, lease=dt.timedelta(minutes=10))
    judge = Judge()

    handled = TicketStep(store.outcomes, worker="webhook", dry_run=True).handle(ticket(github), github, judge, now=NOW)

    assert judge.seen == [(record, [])]
    assert not handled.stored and store.outcomes.get(REF) == record


def test_an_outcome_another_process_holds_is_tried_again_later(store: Store, github: GitHubTracker) -> None:
    stored(store)
    store.outcomes.hold(REF, worker="scheduler", now=NOW, lease=dt.timedelta(minutes=10))

    with pytest.raises(TransientTrackerError, match="being measured by scheduler") as raised:
        TicketStep(store.outcomes, worker="webhook").handle(ticket(github), github, Judge(), now=NOW)
    assert raised.value.retry_after == 600.0


def test_a_lease_lost_before_the_outcome_is_stored_is_reported_and_nothing_is_stored(
    store: Store, github: GitHubTracker
) -> None:
    record = stored(store)
    step = TicketStep(store.outcomes, worker="scheduler")

    handled = step.decide_and_apply(ticket(github), github, Judge(), outcome=record, leased=True, now=NOW)

    assert isinstance(handled.error, OutcomeLost) and not handled.stored
    assert store.outcomes.get(REF) == record
