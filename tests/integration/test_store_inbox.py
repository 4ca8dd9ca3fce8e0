"""The inbox stores each delivery once, leases it to one worker, and keeps each ticket's deliveries in order."""

from __future__ import annotations

import datetime as dt
import threading

from integration.store import DeliveryStatus, Store, ticket_key

T0 = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)
LEASE = dt.timedelta(seconds=30)


def _accept(store: Store, delivery_id: str, *, ticket: str | None = "t1", at: dt.datetime = T0) -> bool:
    return store.inbox.accept(
        source="github", delivery_id=delivery_id, event="issues", action="opened", body=b'{"n": 1}',
        ticket_key=ticket_key("github", "o/r", ticket) if ticket else None, now=at,
    )


def test_a_redelivery_is_stored_once(store: Store) -> None:
    assert _accept(store, "d1") is True
    assert _accept(store, "d1") is False
    assert len(store.inbox.find()) == 1
    # The same id from another source is another delivery.
    assert store.inbox.accept(
        source="jira", delivery_id="d1", event="jira:issue_created", action=None, body=b"{}", ticket_key=None, now=T0
    )


def test_claim_leases_due_deliveries_and_counts_the_attempt(store: Store) -> None:
    _accept(store, "d1", ticket="1")
    _accept(store, "d2", ticket="2")
    claimed = store.inbox.claim_batch("w1", lease=LEASE, now=T0)
    assert [d.delivery_id for d in claimed] == ["d1", "d2"]
    assert all(d.status is DeliveryStatus.PROCESSING and d.attempts == 1 and d.claimed_by == "w1" for d in claimed)
    assert store.inbox.claim_batch("w2", lease=LEASE, now=T0 + dt.timedelta(seconds=29)) == []
    assert store.inbox.depth() == 2


def test_one_ticket_is_claimed_one_delivery_at_a_time_in_received_order(store: Store) -> None:
    for n in range(3):
        _accept(store, f"d{n}", ticket="7")
    _accept(store, "other", ticket="8")
    first = store.inbox.claim_batch("w", lease=LEASE, now=T0)
    assert [d.delivery_id for d in first] == ["d0", "other"]
    assert store.inbox.claim_batch("w", lease=LEASE, now=T0) == []
    store.inbox.mark_done(first[0].id, worker_id="w", now=T0)
    assert [d.delivery_id for d in store.inbox.claim_batch("w", lease=LEASE, now=T0)] == ["d1"]


def test_a_delivery_waiting_for_retry_holds_back_later_ones_for_its_ticket(store: Store) -> None:
    _accept(store, "d1")
    _accept(store, "d2")
    (first,) = store.inbox.claim_batch("w", lease=LEASE, now=T0)
    store.inbox.mark_failed(first.id, error="503", retry_at=T0 + dt.timedelta(seconds=10), worker_id="w")
    assert store.inbox.claim_batch("w", lease=LEASE, now=T0 + dt.timedelta(seconds=5)) == []
    again = store.inbox.claim_batch("w", lease=LEASE, now=T0 + dt.timedelta(seconds=10))
    assert [(d.delivery_id, d.attempts, d.last_error) for d in again] == [("d1", 2, "503")]


def test_an_expired_lease_is_claimed_again_and_the_old_holder_cannot_finish_it(store: Store) -> None:
    _accept(store, "d1")
    (held,) = store.inbox.claim_batch("dead", lease=LEASE, now=T0)
    (taken,) = store.inbox.claim_batch("alive", lease=LEASE, now=T0 + LEASE + dt.timedelta(seconds=1))
    assert taken.id == held.id and taken.attempts == 2
    assert store.inbox.mark_done(held.id, worker_id="dead") is False
    assert store.inbox.mark_done(taken.id, worker_id="alive") is True
    record = store.inbox.get(taken.id)
    assert record is not None and record.status is DeliveryStatus.DONE


def test_requeue_expired_returns_abandoned_rows_to_pending(store: Store) -> None:
    _accept(store, "d1")
    _accept(store, "d2", ticket="2")
    store.inbox.claim_batch("dead", lease=LEASE, now=T0)
    assert store.inbox.requeue_expired(now=T0 + dt.timedelta(seconds=1)) == 0
    assert store.inbox.requeue_expired(now=T0 + LEASE + dt.timedelta(seconds=1)) == 2
    assert store.inbox.counts()[DeliveryStatus.PENDING] == 2


def test_failed_deliveries_are_listed_and_retry_requeues_them_with_fresh_attempts(store: Store) -> None:
    _accept(store, "d1")
    (claimed,) = store.inbox.claim_batch("w", lease=LEASE, now=T0)
    store.inbox.mark_failed(claimed.id, error="PermanentTrackerError: gone", retry_at=None, worker_id="w")
    (failed,) = store.inbox.list_failed()
    assert failed.delivery_id == "d1" and failed.last_error == "PermanentTrackerError: gone"
    assert store.inbox.depth() == 0
    assert store.inbox.retry(failed.id, now=T0) is True
    assert store.inbox.retry(failed.id, now=T0) is False
    assert store.inbox.list_failed() == []
    (again,) = store.inbox.claim_batch("w", lease=LEASE, now=T0)
    assert again.attempts == 1


def test_ignored_deliveries_are_finished_on_arrival(store: Store) -> None:
    assert store.inbox.accept(
        source="github", delivery_id="p", event="ping", action=None, body=b"", ticket_key=None,
        status=DeliveryStatus.IGNORED, now=T0,
    )
    assert store.inbox.claim_batch("w", lease=LEASE, now=T0) == []
    assert store.inbox.counts()[DeliveryStatus.IGNORED] == 1
    assert store.inbox.purge_finished(before=T0 + dt.timedelta(seconds=1)) == 1


def test_racing_workers_never_claim_one_delivery_twice(store: Store) -> None:
    for n in range(60):
        _accept(store, f"d{n}", ticket=str(n))
    claims: dict[str, list[int]] = {f"w{n}": [] for n in range(4)}
    start = threading.Barrier(len(claims))

    def work(worker_id: str) -> None:
        start.wait()
        while batch := store.inbox.claim_batch(worker_id, lease=LEASE, limit=5, now=T0):
            claims[worker_id].extend(d.id for d in batch)

    threads = [threading.Thread(target=work, args=(worker_id,)) for worker_id in claims]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    every = [delivery_id for ids in claims.values() for delivery_id in ids]
    assert len(every) == 60 and len(set(every)) == 60
