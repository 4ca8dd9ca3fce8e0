"""The inbox worker: lease due deliveries, process each ticket's in received order, retry what is transient."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.exc import OperationalError

from integration.retry import backoff
from integration.store import DeliveryRecord, DeliveryStatus, Inbox, utcnow
from integration.store.lease import default_worker_id
from integration.tracker import PermanentTrackerError, TransientTrackerError
from webhooks.logs import about_delivery, ticket_label
from webhooks.metrics import Metrics

log = logging.getLogger(__name__)

ProcessFn = Callable[[DeliveryRecord], None]
"""Carry out one delivery; raise Ignored to skip it, a TrackerError when the tracker failed."""


class Ignored(Exception):
    """Raised by a process function: the delivery needs nothing done (stale, unhandled, the service's own)."""


class Unreadable(Exception):
    """Raised by a process function: the stored payload cannot be read, and reading it again will not help."""


@dataclass(frozen=True)
class Redelivery:
    """When a delivery that failed transiently is tried again: its next attempt time, kept in the inbox."""

    max_attempts: int = 6
    base_delay: float = 2.0
    max_delay: float = 600.0

    def delay(self, attempts: int, retry_after: float | None = None) -> float:
        """Return seconds to wait after the given attempt: exponential, capped, never less than `retry_after`."""
        return backoff(attempts, base=self.base_delay, cap=self.max_delay, at_least=retry_after)


class Worker:
    """Drains the inbox through a process function; any number of workers may share one database."""

    def __init__(
        self,
        inbox: Inbox,
        process: ProcessFn,
        *,
        worker_id: str | None = None,
        lease: dt.timedelta = dt.timedelta(seconds=15),
        heartbeat: dt.timedelta = dt.timedelta(seconds=5),
        batch_size: int = 10,
        redelivery: Redelivery = Redelivery(),
        metrics: Metrics | None = None,
        clock: Callable[[], dt.datetime] = utcnow,
        report_every: float = 5.0,
        retention: dt.timedelta | None = dt.timedelta(days=14),
    ) -> None:
        self.inbox = inbox
        self.process = process
        self.worker_id = worker_id or default_worker_id()
        self.lease = lease
        # A beat must come well before a lease runs out, or a slow delivery could be taken over while in hand.
        self.heartbeat = min(heartbeat, lease / 3)
        self.batch_size = batch_size
        self.redelivery = redelivery
        self.metrics = metrics
        self.clock = clock
        self.report_every = report_every
        self._reported_at = -report_every
        self.retention = retention
        self._purged_at: float | None = None
        self._checkpointed_at = 0.0
        self._unreachable_since: float | None = None
        self._stopping = threading.Event()
        # The deliveries of the batch in hand: the heartbeat renews these and no others.
        self._in_hand: set[int] = set()
        self._in_hand_lock = threading.Lock()

    def run_once(self) -> int:
        """Claim one batch and finish it; return how many deliveries were handled."""
        batch = self.claim()
        handled = 0
        for delivery in batch:
            if self._stopping.is_set():
                # Unstarted rows go back at once instead of waiting for the lease to run out.
                self._fail(delivery, "worker stopped before this delivery", retry_at=self.clock())
                continue
            if not self._still_ours(delivery):
                continue
            self._handle(delivery)
            handled += 1
            with self._in_hand_lock:
                self._in_hand.discard(delivery.id)
        self._report()
        self._purge()
        if handled and time.monotonic() - self._checkpointed_at >= 1.0:
            self._checkpointed_at = time.monotonic()
            self.inbox.checkpoint()
        return handled

    def claim(self) -> list[DeliveryRecord]:
        """Claim the next batch of due deliveries and keep them in hand (the heartbeat renews these)."""
        batch = self.inbox.claim_batch(self.worker_id, lease=self.lease, limit=self.batch_size, now=self.clock())
        with self._in_hand_lock:
            self._in_hand = {delivery.id for delivery in batch}
        return batch

    def beat(self) -> int:
        """Renew the lease of every delivery this worker holds; return how many.

        Leases are short so that the work of a replica that died is taken over within seconds; a live worker keeps
        its own by beating more often than they run out, however long a tracker makes it wait.
        """
        with self._in_hand_lock:
            in_hand = set(self._in_hand)
        return self.inbox.renew_held(in_hand, worker_id=self.worker_id, until=self.clock() + self.lease)

    def _safe_beat(self) -> None:
        try:
            self.beat()
        except Exception as error:
            # The database may be briefly unreachable; the next beat, or the per-delivery renewal, tries again.
            log.warning("worker %s: renewing its leases failed: %s", self.worker_id, error)

    async def _beat_forever(self) -> None:
        while not self._stopping.is_set():
            await asyncio.sleep(self.heartbeat.total_seconds())
            await asyncio.to_thread(self._safe_beat)

    def _still_ours(self, delivery: DeliveryRecord) -> bool:
        # Slow tracker calls (rate-limit waits) can outlast a batch's lease; renew it before it could lapse.
        now = self.clock()
        if delivery.claimed_until is not None and delivery.claimed_until - now > self.lease / 2:
            return True
        return self.inbox.renew(delivery.id, worker_id=self.worker_id, until=now + self.lease)

    def _purge(self) -> None:
        if self.retention is None or (self._purged_at is not None and time.monotonic() - self._purged_at < 3600):
            return
        self._purged_at = time.monotonic()
        purged = self.inbox.purge_finished(before=self.clock() - self.retention)
        if purged:
            log.info("purged %d finished deliveries older than %s", purged, self.retention)

    def _handle(self, delivery: DeliveryRecord) -> None:
        started = time.perf_counter()
        with about_delivery(
            delivery=delivery.delivery_id, source=delivery.source, event=delivery.event, action=delivery.action,
            ticket=ticket_label(delivery.ticket_key),
        ):
            result = self._attempt(delivery)
        if self.metrics is not None:
            self.metrics.processed_delivery(
                source=delivery.source, result=result, seconds=time.perf_counter() - started
            )

    def _attempt(self, delivery: DeliveryRecord) -> str:
        if delivery.attempts > self.redelivery.max_attempts:
            # Claimed again after its last attempt's lease ran out: the worker died on it, likely every time.
            return self._fail(delivery, "abandoned by a worker on its last attempt", retry_at=None)
        try:
            self.process(delivery)
        except Ignored as reason:
            self.inbox.mark_done(
                delivery.id, ignored=True, note=str(reason) or None, worker_id=self.worker_id, now=self.clock()
            )
            log.info("delivery ignored: %s", reason)
            return "ignored"
        except (PermanentTrackerError, Unreadable) as error:
            return self._fail(delivery, _describe(error), retry_at=None)
        except Exception as error:
            retry_after = error.retry_after if isinstance(error, TransientTrackerError) else None
            if isinstance(error, OperationalError):
                # The database went away mid-delivery: the poll loop reports it once; this delivery is tried again.
                self._unreachable(error)
            elif not isinstance(error, TransientTrackerError):
                log.exception("delivery %s raised", delivery.delivery_id)
            if delivery.attempts >= self.redelivery.max_attempts:
                return self._fail(delivery, _describe(error), retry_at=None)
            delay = dt.timedelta(seconds=self.redelivery.delay(delivery.attempts, retry_after))
            return self._fail(delivery, _describe(error), retry_at=self.clock() + delay)
        self.inbox.mark_done(delivery.id, worker_id=self.worker_id, now=self.clock())
        log.info("delivery done")
        return "done"

    def _fail(self, delivery: DeliveryRecord, error: str, *, retry_at: dt.datetime | None) -> str:
        self.inbox.mark_failed(delivery.id, error=error, retry_at=retry_at, worker_id=self.worker_id, now=self.clock())
        if retry_at is None:
            log.error("delivery failed for good after %d attempts (see `problemframe inbox list`): %s",
                      delivery.attempts, error)
            return "failed"
        log.warning("delivery failed (attempt %d), retrying at %s: %s",
                    delivery.attempts, retry_at.isoformat(timespec="seconds"), error)
        return "retry"

    def _report(self) -> None:
        # Counting scans the inbox, so gauges are refreshed now and then (and on every /metrics scrape).
        if self.metrics is not None and time.monotonic() - self._reported_at >= self.report_every:
            self._reported_at = time.monotonic()
            counts = self.inbox.counts()
            depth = counts[DeliveryStatus.PENDING] + counts[DeliveryStatus.PROCESSING]
            self.metrics.inbox(depth=depth, failed=counts[DeliveryStatus.FAILED])

    def stop(self) -> None:
        """Ask the worker to stop after the delivery in hand."""
        self._stopping.set()

    async def run(self, *, poll_seconds: float = 0.5) -> None:
        """Work in a thread, with the heartbeat beside it, until stop() is called or the task is cancelled."""
        beating = asyncio.create_task(self._beat_forever())
        try:
            while not self._stopping.is_set():
                if await asyncio.to_thread(self._safe_run_once) == 0:
                    await asyncio.sleep(poll_seconds)
        finally:
            self._stopping.set()
            beating.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await beating

    def _safe_run_once(self) -> int:
        try:
            handled = self.run_once()
        except OperationalError as error:
            # The database is restarting or failing over: nothing is lost, the leases simply run out. Said once
            # in a line, not as a traceback on every poll until it is back.
            self._unreachable(error)
            return 0
        except Exception:
            log.exception("worker %s: claiming from the inbox failed", self.worker_id)
            return 0
        if self._unreachable_since is not None:
            log.warning("worker %s: the database is reachable again after %.1f s", self.worker_id,
                        time.monotonic() - self._unreachable_since)
            self._unreachable_since = None
        return handled

    def _unreachable(self, error: OperationalError) -> None:
        if self._unreachable_since is None:
            self._unreachable_since = time.monotonic()
            reason = str(error.orig or error).strip().splitlines()[0]
            log.warning("worker %s: the database is unreachable, trying again every poll: %s", self.worker_id, reason)


def _describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"[:2000]
