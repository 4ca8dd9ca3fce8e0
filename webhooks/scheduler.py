"""Due outcomes: claim, measure, post the results, ask for a review. Shared by `serve` and `outcomes due`."""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from integration.handle import Handled, OutcomeLost, TicketStep
from integration.kinds import KINDS
from integration.metrics import MetricSourceClient, is_manual, measure_outcome
from integration.outbound import OutboundConfig, Senders, deliver_due
from integration.outbound.send import Sent
from integration.retry import backoff
from integration.store import Outbox, Store, utcnow
from integration.store.lease import default_worker_id
from integration.store.outcomes import OutcomeStore
from integration.tracker import Tracker, TrackerError, TransientTrackerError
from problemframe.decide import Decision, decide_due
from problemframe.events import TicketRef
from problemframe.outcome import Observation, OutcomeRecord
from problemframe.policy import MetricSource, Policy, with_metric_sources
from problemframe.verdict import Verdict
from webhooks.dry_run import describe
from webhooks.periodic import PeriodicJob
from webhooks.trackers import TrackerFactory

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
    """Adapt the worker's tracker factory: tickets of a kind reached through App installations use their
    container's."""

    def lookup(ref: TicketRef) -> Tracker:
        kind = KINDS.get(ref.tracker)
        keeps = kind is not None and kind.app_installations
        installation = store.installations.for_repository(ref.container) if keeps else None
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
    step = TicketStep(store, worker=worker or default_worker_id(), outbound=outbound, dry_run=dry_run)
    results = []
    for record in store.claim(now, step.worker, lease, limit=limit):
        claimed = _Claimed(record, step, now, retry_delay)
        results.append(_measure_one(claimed, trackers=trackers, sources=sources, configured=configured or {},
                                    sleep=sleep))
    return results


@dataclass(frozen=True)
class _Claimed:
    """One due outcome this process claimed: `step` stores it under the claim, or gives the claim back."""

    record: OutcomeRecord
    step: TicketStep
    now: dt.datetime
    retry_delay: dt.timedelta

    @property
    def store(self) -> OutcomeStore:
        assert self.step.outcomes is not None
        return self.step.outcomes

    def back_off(self, error: str, retry_after: float | None = None) -> DueResult:
        """Give the claim back until the next attempt: one fixed wait, longer when the tracker asks."""
        wait = self.retry_delay.total_seconds()
        delay = backoff(1, base=wait, cap=wait, at_least=retry_after)
        self.store.release(self.record.ref, worker=self.step.worker, retry_at=self.now + dt.timedelta(seconds=delay))
        return DueResult(ref=self.record.ref, status="retry", error=error)

    def report(self, handled: Handled, observation: Observation | None, error: str | None) -> DueResult:
        """End the claim as the step left it and say what happened."""
        ref, worker = self.record.ref, self.step.worker
        result = handled.decision.outcome or self.record
        value = observation.value if observation is not None else None
        if self.step.dry_run:
            self.store.release(ref, worker=worker, retry_at=self.now)
            for action in handled.actions:
                log.info("dry run: would %s", describe(action))
            return DueResult(ref=ref, status="dry_run", suggested=result.suggested, value=value, error=error)
        if isinstance(handled.error, OutcomeLost):
            return DueResult(ref=ref, status="lost", error="the lease ran out before the results were stored")
        if isinstance(handled.error, TransientTrackerError):
            return self.back_off(f"posting the results: {handled.error}", handled.error.retry_after)
        if handled.error is not None:
            # The ticket is gone or closed to the service: keep the measurement, stop trying.
            self.store.finish(result, worker=worker, now=self.now)
            return DueResult(ref=ref, status="failed", suggested=result.suggested, value=value,
                             error=f"posting the results: {handled.error}")
        if not handled.stored:
            self.store.release(ref, worker=worker)
        status: Status = "measured" if observation is not None else "asked" if result.asked_at else "inconclusive"
        if status == "asked":
            error = "no value was recorded: the results comment asks for a /measure"
        return DueResult(ref=ref, status=status, suggested=result.suggested, value=value, error=error,
                         writes=handled.writes)


def _measure_one(
    claimed: _Claimed, *, trackers: TrackerFor, sources: Mapping[str, MetricSourceClient],
    configured: Mapping[str, MetricSource], sleep: Callable[[float], None],
) -> DueResult:
    """Measure one claimed outcome, post the results and store them through the ticket step."""
    record, now = claimed.record, claimed.now
    measured: list[tuple[Observation | None, str | None]] = []

    def judge(policy: Policy, outcome: OutcomeRecord | None, notices: Sequence[str]) -> Decision:
        policy = with_metric_sources(policy, configured)
        # The window's end, not the time of this run, is what the metric is judged at.
        at = min(record.due_at or now, now)
        observation, error = measure_outcome(record, policy=policy, clients=sources, at=at, sleep=sleep)
        measured.append((observation, error))
        return decide_due(ticket, record, observation, error, manual=is_manual(record, policy), policy=policy,
                          now=now, notices=notices)

    try:
        tracker = trackers(record.ref)
        ticket = tracker.fetch_ticket(record.ref)
        handled = claimed.step.decide_and_apply(ticket, tracker, judge, outcome=record, leased=True, now=now)
    except TrackerError as exc:
        retry_after = exc.retry_after if isinstance(exc, TransientTrackerError) else None
        return claimed.back_off(f"reading the ticket: {exc}", retry_after)
    return claimed.report(handled, *measured[0])


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
