"""One write budget in the database: replicas sharing a token stay within GitHub's limits together, across restarts."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest

from integration.github.calls import WRITES_PER_HOUR, WRITES_PER_MINUTE
from integration.github.clients import TokenClients
from integration.github.tracker import GitHubTracker
from integration.retry import WritePacer
from integration.store import Store
from problemframe.actions import PostComment
from problemframe.events import TicketRef
from tests.fakes.clock import FakeClock
from tests.fakes.github.server import FakeGitHub

REPO = "octo-org/widgets"
BUDGET = "github:api.github.com:token:0123456789abcdef"


def pacer(store: Store, clock: FakeClock, *, budget: str = BUDGET, interval: float = 0.0) -> WritePacer:
    """Return one replica's pacer drawing on the store's budget."""
    return WritePacer(
        interval=interval, clock=clock.time, sleep=clock.sleep, per_minute=WRITES_PER_MINUTE,
        per_hour=WRITES_PER_HOUR, max_wait=120, ledger=store.write_budgets, budget=budget,
    )


def test_two_replicas_together_keep_to_eighty_writes_a_minute(store: Store, fake_clock: FakeClock) -> None:
    replicas = [pacer(store, fake_clock), pacer(store, fake_clock)]
    start = fake_clock.now
    stamps = []
    for replica in itertools.islice(itertools.cycle(replicas), 100):
        replica.wait()
        stamps.append(fake_clock.now)

    assert stamps[79] - start < 1  # the first 80 go out at once
    assert stamps[80] - stamps[0] >= 60  # the 81st, from either replica, waits for the window
    assert max(sum(1 for t in stamps if s <= t < s + 60) for s in stamps) == WRITES_PER_MINUTE


def test_a_restarted_replica_remembers_what_was_spent(store: Store, database_url: str, fake_clock: FakeClock) -> None:
    before = pacer(store, fake_clock, interval=5.0)
    before.wait()
    restarted_store = Store.open(database_url)
    try:
        after = pacer(restarted_store, fake_clock, interval=5.0)
        assert after.wait() == pytest.approx(5.0)
        assert pacer(restarted_store, fake_clock, budget="another token", interval=5.0).wait() == 0.0
    finally:
        restarted_store.close()


def test_a_wait_beyond_max_wait_books_nothing(store: Store, fake_clock: FakeClock) -> None:
    replica = WritePacer(interval=0.0, clock=fake_clock.time, sleep=fake_clock.sleep, per_minute=1, max_wait=10,
                         ledger=store.write_budgets, budget=BUDGET)
    replica.wait()
    with pytest.raises(Exception, match="write limit reached"):
        replica.wait()
    assert store.write_budgets.spent(BUDGET, since=fake_clock.now - 3600) == 1


@pytest.fixture
def github(fake_clock: FakeClock) -> Iterator[FakeGitHub]:
    fake = FakeGitHub(clock=fake_clock.time)
    fake.start()
    fake.add_user("problemframe-bot", token="bot-token")
    fake.add_repo(REPO)
    fake.add_issue(REPO, title="Exports time out")
    try:
        yield fake
    finally:
        fake.stop()
    assert fake.violations == []


def _replica(github: FakeGitHub, clock: FakeClock, store: Store | None) -> GitHubTracker:
    return GitHubTracker(
        TokenClients("bot-token", api_url=github.base_url, timeout=15), write_interval=1.0, comment_factor=1.0,
        clock=clock.time, sleep=clock.sleep, ledger=store.write_budgets if store else None, budget=BUDGET,
    )


@pytest.mark.parametrize("shared", [True, False], ids=["one budget in the database", "a budget per process"])
def test_two_replicas_on_one_token_against_github(
    github: FakeGitHub, fake_clock: FakeClock, store: Store, shared: bool
) -> None:
    replicas = [_replica(github, fake_clock, store if shared else None) for _ in range(2)]
    ref = TicketRef(tracker="github", container=REPO, key="1")
    for n, replica in zip(range(100), itertools.cycle(replicas), strict=False):
        replica.apply([PostComment(ref=ref, body=f"note {n}")])

    refused = [r for r in github.requests if r.status == 403]
    assert len(github.comments(REPO, 1)) == 100
    if shared:
        assert refused == []  # together they never went past GitHub's 80 a minute
    else:
        assert refused  # each paced alone, the two went past it and were told to slow down
