"""Due outcomes: claim, measure, post the results, ask for a review. Shared by `serve` and `outcomes due`."""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal

from integration.metrics import MetricSourceClient, is_manual, measure_outcome
from integration.outbound import OutboundConfig, Senders, deliver_due, plan_outbound
from integration.outbound.send import Sent
from integration.store import Outbox, Store, utcnow
from integration.store.outcomes import OutcomeStore
from integration.tracker import PermanentTrackerError, Tracker, TrackerError, TransientTrackerError
from problemframe.decide import decide_due
from problemframe.events import TicketRef
from problemframe.policy import MetricSource, with_metric_sources
from problemframe.verdict import Verdict
from webhooks.dry_run import describe
from webhooks.periodic import PeriodicJob
from webhooks.trackers import TrackerFactory
from webhooks.worker import default_worker_id

log = logging.getLogger(__name__)

TrackerFor = Callable[[TicketRef], Tracker]
"""Return the tracker connection that serves a ticket."""

Status = Literal["measured", "asked", "inconclusive", "retry", "failed", "lost", "dry_run"]


@dataclass(frozen=True)
class DueResult:
    """What happened to one due outcome."""

    ref: TicketRef
    status: Status
    suggested: Verdict | None = None
    value: float | None = None
    error: str | None = None
    writes: int = 0


def tracker_for(factory: TrackerFactory, store: Store) -> TrackerFor:
    """Adapt the worker's tracker factory: GitHub tickets use their repository's App installation."""

    def lookup(ref: TicketRef) -> Tracker:
        installation = store.installations.for_repository(ref.container) if ref.tracker == "github" else None
        return factory(ref.tracker, installation_id=installation)

    return lookup


def run_due(
    now: dt.datetime,
    *,
    store: OutcomeStore,
    sources: Mapping[str, MetricSourceClient],
    trackers: TrackerFor,
    configured: Mapping[str, MetricSource] | None = None,
    worker: str | None = None,
    lease: dt.timedelta = dt.timedelta(minutes=10),
    retry_delay: dt.timedelta = dt.timedelta(minutes=15),
    limit: int = 50,
    dry_run: bool = False,
    sleep: Callable[[float], None] = time.sleep,
    outbound: OutboundConfig | None = None,
) -> list[DueResult]:
    """Measure every outcome due at `now` that this process wins the lease for, and report each result."""
    worker_id = worker or default_worker_id()
    results = []
    for record in store.claim(now, worker_id, lease, limit=limit):
        ref = record.ref

        def back_off(error: str, retry_after: float | None = None, *, ref: TicketRef = ref) -> DueResult:
            delay = max(retry_delay, dt.timedelta(seconds=retry_after or 0))
            store.release(ref, worker=worker_id, retry_at=now + delay)
            return DueResult(ref=ref, status="retry", error=error)

        try:
            tracker = trackers(ref)
            policy = with_metric_sources(tracker.load_policy(ref.container), configured or {})
            ticket = tracker.fetch_ticket(ref)
            problem = tracker.policy_error(ref.container)
        except TransientTrackerError as exc:
            results.append(back_off(f"reading the ticket: {exc}", exc.retry_after))
            continue
        except TrackerError as exc:
            results.append(back_off(f"reading the ticket: {exc}"))
            continue
        # The window's end, not the time of this run, is what the metric is judged at.
        at = min(record.due_at or now, now)
        observation, error = measure_outcome(record, policy=policy, clients=sources, at=at, sleep=sleep)
        decision = decide_due(
            ticket, record, observation, error, manual=is_manual(record, policy), policy=policy, now=now,
            notices=[problem] if problem else [],
        )
        measured = decision.outcome or record
        actions = list(decision.actions)
        value = observation.value if observation is not None else None
        if dry_run:
            store.release(ref, worker=worker_id, retry_at=now)
            for action in actions:
                log.info("dry run: would %s", describe(action))
            results.append(DueResult(ref=ref, status="dry_run", suggested=measured.suggested, value=value, error=error))
            continue
        try:
            writes = tracker.apply(actions)
        except TransientTrackerError as exc:
            results.append(back_off(f"posting the results: {exc}", exc.retry_after))
            continue
        except PermanentTrackerError as exc:
            # The ticket is gone or closed to the service: keep the measurement, stop trying.
            store.finish(measured, worker=worker_id, now=now)
            results.append(DueResult(ref=ref, status="failed", suggested=measured.suggested, value=value,
                                     error=f"posting the results: {exc}"))
            continue
        outbox = plan_outbound(record, measured, ticket=ticket, config=outbound or OutboundConfig(), now=now)
        if not store.finish(measured, worker=worker_id, now=now, outbox=outbox):
            results.append(DueResult(ref=ref, status="lost", error="the lease ran out before the results were stored"))
            continue
        status: Status = "measured" if observation is not None else "asked" if measured.asked_at else "inconclusive"
        if status == "asked":
            error = "no value was recorded: the results comment asks for a /measure"
        results.append(
            DueResult(ref=ref, status=status, suggested=measured.suggested, value=value, error=error, writes=writes)
        )
    return results


class Scheduler(PeriodicJob):
    """Runs `run_due` every `interval` seconds beside the inbox worker; any number may share one database."""

    def __init__(
        self,
        store: OutcomeStore,
        *,
        sources: Mapping[str, MetricSourceClient],
        trackers: TrackerFor,
        configured: Mapping[str, MetricSource] | None = None,
        clock: Callable[[], dt.datetime] = utcnow,
        dry_run: bool = False,
        worker: str | None = None,
        outbound: OutboundConfig | None = None,
        outbox: Outbox | None = None,
        senders: Senders | None = None,
    ) -> None:
        super().__init__()
        self.store = store
        self.outbound = outbound
        self.outbox = outbox
        self.senders = senders
        self.sources = sources
        self.configured = configured or {}
        self.trackers = trackers
        self.clock = clock
        self.dry_run = dry_run
        self.worker = worker or default_worker_id()

    def run_once(self) -> list[DueResult]:
        """Measure what is due now; a failing database is logged, not raised (the leases simply run out)."""
        try:
            now = self.clock()
            results = run_due(
                now, store=self.store, sources=self.sources, trackers=self.trackers,
                configured=self.configured, worker=self.worker, dry_run=self.dry_run, sleep=self._sleep,
                outbound=self.outbound,
            )
        except Exception:
            log.exception("scheduler %s: measuring due outcomes failed", self.worker)
            return []
        for result in results:
            log.info("outcome %s: %s %s", result.ref, result.status, result.error or "")
        self.send_outbox(now)
        return results

    def send_outbox(self, now: dt.datetime) -> list[Sent]:
        """Send the outbox's due messages; a failing database is logged, not raised."""
        if self.outbox is None or self.senders is None or self.dry_run:
            return []
        try:
            return deliver_due(self.outbox, self.senders, now=now, worker=self.worker)
        except Exception:
            log.exception("scheduler %s: sending the outbox failed", self.worker)
            return []

    def tick(self) -> None:
        """Measure what is due now."""
        self.run_once()
