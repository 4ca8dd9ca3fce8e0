"""The worker keeps each ticket's order, retries what is transient, fails what is not, and is counted."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from integration.store import DeliveryRecord, DeliveryStatus, Store, ticket_key
from integration.tracker import PermanentTrackerError, TransientTrackerError
from webhooks.metrics import Metrics
from webhooks.worker import Ignored, Redelivery, Worker

T0 = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += dt.timedelta(seconds=seconds)


def _accept(store: Store, delivery_id: str, ticket: str, clock: Clock) -> None:
    store.inbox.accept(
        source="github", delivery_id=delivery_id, event="issues", action="edited", body=b"{}",
        ticket_key=ticket_key("github", "o/r", ticket), now=clock(),
    )
    clock.advance(0.001)


def _drain(worker: Worker) -> None:
    for _ in range(100):
        if worker.run_once() == 0:
            return
    raise AssertionError("the inbox never drained")


def test_each_tickets_deliveries_are_processed_in_received_order(store: Store) -> None:
    clock = Clock()
    for n in range(12):
        _accept(store, f"d{n}", ticket=str(n % 3), clock=clock)
    seen: dict[str, list[str]] = defaultdict(list)
    worker = Worker(store.inbox, lambda d: seen[str(d.ticket_key)].append(d.delivery_id), clock=clock)
    _drain(worker)
    assert {key: ids for key, ids in seen.items()} == {
        ticket_key("github", "o/r", str(t)): [f"d{n}" for n in range(12) if n % 3 == t] for t in range(3)
    }
    assert store.inbox.counts()[DeliveryStatus.DONE] == 12


def test_a_transient_failure_is_retried_after_retry_after_and_holds_back_its_ticket(store: Store) -> None:
    clock = Clock()
    _accept(store, "first", "1", clock)
    _accept(store, "second", "1", clock)
    calls: list[str] = []

    def process(delivery: DeliveryRecord) -> None:
        calls.append(delivery.delivery_id)
        if calls == ["first"]:
            raise TransientTrackerError("secondary rate limit", retry_after=30)

    worker = Worker(store.inbox, process, clock=clock, redelivery=Redelivery(base_delay=1))
    _drain(worker)
    assert calls == ["first"]
    record = store.inbox.find()[0]
    assert record.status is DeliveryStatus.PENDING
    assert record.next_attempt_at == clock() + dt.timedelta(seconds=30)
    assert "secondary rate limit" in str(record.last_error)
    clock.advance(29)
    _drain(worker)
    assert calls == ["first"]
    clock.advance(1)
    _drain(worker)
    assert calls == ["first", "first", "second"]
    assert [(d.status, d.attempts) for d in store.inbox.find()] == [(DeliveryStatus.DONE, 2), (DeliveryStatus.DONE, 1)]


def test_backoff_grows_exponentially_and_is_capped() -> None:
    policy = Redelivery(base_delay=2, max_delay=60)
    assert [policy.delay(n) for n in (1, 2, 3, 4, 10)] == [2, 4, 8, 16, 60]
    assert policy.delay(1, retry_after=45) == 45


def test_transient_failures_end_in_failed_after_the_last_attempt(store: Store) -> None:
    clock = Clock()
    metrics = Metrics()
    _accept(store, "doomed", "1", clock)

    def process(delivery: DeliveryRecord) -> None:
        raise TransientTrackerError("503 from the tracker")

    worker = Worker(
        store.inbox, process, clock=clock, metrics=metrics, redelivery=Redelivery(max_attempts=3), report_every=0
    )
    for _ in range(5):
        _drain(worker)
        clock.advance(3600)
    (failed,) = store.inbox.list_failed()
    assert failed.attempts == 3 and "503 from the tracker" in str(failed.last_error)
    text = metrics.render().decode()
    assert 'problemframe_deliveries_processed_total{result="retry",source="github"} 2.0' in text
    assert 'problemframe_deliveries_processed_total{result="failed",source="github"} 1.0' in text
    assert "problemframe_inbox_failed 1.0" in text


def test_a_permanent_failure_fails_at_once(store: Store) -> None:
    clock = Clock()
    _accept(store, "gone", "1", clock)
    _accept(store, "after", "1", clock)
    calls: list[str] = []

    def process(delivery: DeliveryRecord) -> None:
        calls.append(delivery.delivery_id)
        if delivery.delivery_id == "gone":
            raise PermanentTrackerError("404 issue deleted")

    _drain(Worker(store.inbox, process, clock=clock))
    assert calls == ["gone", "after"]
    (failed,) = store.inbox.list_failed()
    assert failed.attempts == 1 and failed.last_error == "PermanentTrackerError: 404 issue deleted"


def test_an_unexpected_error_is_retried_like_a_transient_one(store: Store) -> None:
    clock = Clock()
    _accept(store, "buggy", "1", clock)
    outcomes = iter([KeyError("issue"), None])

    def process(delivery: DeliveryRecord) -> None:
        error = next(outcomes)
        if error is not None:
            raise error

    worker = Worker(store.inbox, process, clock=clock)
    _drain(worker)
    clock.advance(3600)
    _drain(worker)
    assert [(d.status, d.attempts) for d in store.inbox.find()] == [(DeliveryStatus.DONE, 2)]


def test_ignored_deliveries_are_finished_with_the_reason(store: Store) -> None:
    clock = Clock()
    _accept(store, "old", "1", clock)

    def process(delivery: DeliveryRecord) -> None:
        raise Ignored("stale: o/r#1 was updated after this event")

    _drain(Worker(store.inbox, process, clock=clock))
    (record,) = store.inbox.find()
    assert record.status is DeliveryStatus.IGNORED and record.last_error == "stale: o/r#1 was updated after this event"


def test_an_abandoned_lease_is_processed_once_by_the_next_worker(store: Store) -> None:
    clock = Clock()
    for n in range(4):
        _accept(store, f"d{n}", str(n), clock)
    # A worker claims everything and dies without finishing anything.
    assert len(store.inbox.claim_batch("dead", lease=dt.timedelta(seconds=60), now=clock())) == 4
    processed: list[str] = []
    survivor = Worker(store.inbox, lambda d: processed.append(d.delivery_id), clock=clock)
    _drain(survivor)
    assert processed == []
    clock.advance(61)
    _drain(survivor)
    assert sorted(processed) == ["d0", "d1", "d2", "d3"]
    assert store.inbox.counts()[DeliveryStatus.DONE] == 4


def test_a_delivery_that_keeps_killing_its_worker_is_failed(store: Store) -> None:
    clock = Clock()
    _accept(store, "poison", "1", clock)
    policy = Redelivery(max_attempts=2)
    for _ in range(2):
        store.inbox.claim_batch("doomed", lease=dt.timedelta(seconds=5), now=clock())
        clock.advance(6)
    processed: list[str] = []
    _drain(Worker(store.inbox, lambda d: processed.append(d.delivery_id), clock=clock, redelivery=policy))
    assert processed == []
    (failed,) = store.inbox.list_failed()
    assert "abandoned" in str(failed.last_error)


def test_a_lease_running_low_is_renewed_and_a_lapsed_one_is_left_to_its_new_holder(store: Store) -> None:
    clock = Clock()
    _accept(store, "slow", "1", clock)
    _accept(store, "stolen", "2", clock)
    processed: list[str] = []
    worker = Worker(store.inbox, lambda d: processed.append(d.delivery_id), clock=clock,
                    lease=dt.timedelta(seconds=60), worker_id="w")
    batch = store.inbox.claim_batch("w", lease=dt.timedelta(seconds=60), now=clock())
    clock.advance(61)
    # After the lease lapsed another worker took one delivery; the other is still marked as ours.
    (taken,) = store.inbox.claim_batch("other", lease=dt.timedelta(seconds=60), limit=1, now=clock())
    for delivery in batch:
        if worker._still_ours(delivery):
            worker._handle(delivery)
    assert processed == [d.delivery_id for d in batch if d.id != taken.id]
    record = store.inbox.get(taken.id)
    assert record is not None and record.claimed_by == "other" and record.status is DeliveryStatus.PROCESSING


def test_finished_deliveries_past_retention_are_purged(store: Store) -> None:
    clock = Clock()
    _accept(store, "old", "1", clock)
    worker = Worker(store.inbox, lambda d: None, clock=clock, retention=dt.timedelta(days=1))
    _drain(worker)
    assert len(store.inbox.find()) == 1
    clock.advance(2 * 86400)
    Worker(store.inbox, lambda d: None, clock=clock, retention=dt.timedelta(days=1)).run_once()
    assert store.inbox.find() == []
