"""Short leases kept alive by a heartbeat: a dead worker's deliveries move on within seconds, a live one's never."""

from __future__ import annotations

import asyncio
import datetime as dt
import threading
import time

from integration.store import DeliveryRecord, DeliveryStatus, Store, ticket_key
from tests.webhooks.test_worker import Clock, _accept
from webhooks.worker import Worker


def _holder(store: Store, clock: Clock) -> Worker:
    """Return a worker that has claimed the inbox's deliveries, as one that is about to die would have."""
    worker = Worker(store.inbox, lambda delivery: None, worker_id="dying", clock=clock)
    assert worker.claim()
    return worker


def test_a_dead_workers_delivery_is_taken_over_when_its_short_lease_lapses(store: Store) -> None:
    clock = Clock()
    _accept(store, "d1", "1", clock)
    _holder(store, clock)
    done: list[str] = []
    survivor = Worker(store.inbox, lambda delivery: done.append(delivery.delivery_id), worker_id="alive", clock=clock)

    clock.advance(10)
    assert survivor.run_once() == 0
    clock.advance(6)  # 16 s after the claim: the default 15 s lease has run out
    assert survivor.run_once() == 1

    assert done == ["d1"]
    assert store.inbox.counts()[DeliveryStatus.DONE] == 1


def test_a_beating_worker_keeps_its_deliveries(store: Store) -> None:
    clock = Clock()
    _accept(store, "d1", "1", clock)
    holder = _holder(store, clock)
    other = Worker(store.inbox, lambda delivery: None, worker_id="other", clock=clock)

    clock.advance(10)
    assert holder.beat() == 1
    clock.advance(10)  # 20 s after the claim, 10 s after the beat
    assert other.run_once() == 0
    clock.advance(6)  # the holder stopped beating 16 s ago
    assert other.run_once() == 1


def test_the_heartbeat_runs_while_a_slow_delivery_is_in_hand(store: Store) -> None:
    _accept(store, "slow", "1", Clock())
    store.inbox.requeue_expired()
    release = threading.Event()
    handled: list[str] = []

    def slow(delivery: DeliveryRecord) -> None:
        handled.append(delivery.delivery_id)
        release.wait(5)

    lease = dt.timedelta(seconds=0.6)
    holder = Worker(store.inbox, slow, worker_id="holder", lease=lease, heartbeat=dt.timedelta(seconds=0.1))
    rival = Worker(store.inbox, lambda delivery: handled.append(f"rival {delivery.delivery_id}"),
                   worker_id="rival", lease=lease)

    async def scenario() -> None:
        running = asyncio.create_task(holder.run(poll_seconds=0.02))
        while not handled:  # the holder has the delivery in hand
            await asyncio.sleep(0.01)
        deadline = time.monotonic() + 2.0  # more than three leases long
        while time.monotonic() < deadline:
            await asyncio.to_thread(rival.run_once)
            await asyncio.sleep(0.05)
        release.set()
        holder.stop()
        await running

    asyncio.run(scenario())

    assert handled == ["slow"]
    (done,) = store.inbox.find()
    assert done.status is DeliveryStatus.DONE and done.attempts == 1
    assert ticket_key("github", "o/r", "1") == done.ticket_key


def test_a_claim_whose_answer_was_lost_is_not_kept_alive_by_the_heartbeat(store: Store) -> None:
    # The database went away as it committed the claim: the rows are leased to the worker, which never saw them.
    clock = Clock()
    _accept(store, "d1", "1", clock)
    worker = Worker(store.inbox, lambda delivery: None, worker_id="w", clock=clock)
    assert store.inbox.claim_batch(worker.worker_id, lease=worker.lease, now=clock())
    other = Worker(store.inbox, lambda delivery: None, worker_id="other", clock=clock)

    for _ in range(4):  # a minute of heartbeats
        clock.advance(15)
        assert worker.beat() == 0

    assert other.run_once() == 1
