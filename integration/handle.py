"""Handle one ticket: its stored outcome, policy and notices -> a decision -> the tracker -> the store.

The webhook pipeline, backfill and the outcome scheduler all go through this one step, so a ticket is shown the
same way whichever of them touches it last; the pipeline and backfill then record it alike (record_handled).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from integration.outbound import OutboundConfig, plan_outbound
from integration.store.outcomes import Held, OutcomeBusy, OutcomeConflict, OutcomeStore
from integration.store.tickets import TicketStore
from integration.tracker import Tracker, TrackerError, TransientTrackerError
from problemframe.actions import Action
from problemframe.decide import Decision, decide
from problemframe.events import Ticket, TicketEvent, TicketRef
from problemframe.framed import judged_complete
from problemframe.outcome import OutcomeRecord
from problemframe.policy import Policy

Judge = Callable[[Policy, OutcomeRecord | None, Sequence[str]], Decision]
"""Decide from the policy, the stored outcome (None: there is none) and the notices to show on the ticket."""

Apply = Callable[[Tracker, Sequence[Action]], int]
"""Carry out actions on a tracker; return the write requests made."""


def judge_event(event: TicketEvent, *, now: dt.datetime, service_login: str) -> Judge:
    """Return the judge of a tracker event: the domain's `decide`, as the webhook calls it."""

    def judge(policy: Policy, outcome: OutcomeRecord | None, notices: Sequence[str]) -> Decision:
        return decide(event, policy=policy, now=now, service_login=service_login, outcome=outcome, notices=notices)

    return judge


def apply_once(tracker: Tracker, actions: Sequence[Action]) -> int:
    """Carry out the actions with one call to the tracker."""
    return tracker.apply(actions)


class OutcomeLost(TransientTrackerError):
    """The outcome could not be stored: its lease ran out, or another process wrote it first."""


def policy_notices(tracker: Tracker, container: str) -> list[str]:
    """Return what the sticky comment must tell people about the container's policy (a broken file)."""
    problem = tracker.policy_error(container)
    return [problem] if problem else []


@dataclass(frozen=True)
class Handled:
    """One ticket handled: what was decided, under which policy, and what came of carrying it out.

    `error` is the tracker's refusal (nothing was stored then) or an OutcomeLost; `stored` tells whether a changed
    outcome was written (which also ends a lease held on it).
    """

    decision: Decision
    policy: Policy
    writes: int = 0
    error: TrackerError | None = None
    stored: bool = False

    @property
    def actions(self) -> tuple[Action, ...]:
        """Return the actions decided."""
        return self.decision.actions


def record_handled(
    tickets: TicketStore, ticket: Ticket, handled: Handled, *, now: dt.datetime, read_at: dt.datetime | None = None
) -> bool:
    """Remember the ticket's state as applied, and the first moment it is judged complete (the scorecard's time to
    framed); return whether it is judged complete now. `read_at`: the state was read from the tracker then."""
    framed = ticket.ref in judged_complete(handled.actions, labels=handled.policy.labels)
    tickets.record_applied(ticket.ref, updated_at=ticket.updated_at, read_at=read_at, now=now, framed=framed)
    return framed


@dataclass
class TicketStep:
    """Decide and apply for one ticket at a time, holding its outcome record's lease while it does.

    With `dry_run` nothing is written to the tracker or the store. Without `outcomes` there is no stored record.
    """

    outcomes: OutcomeStore | None
    worker: str
    lease: dt.timedelta = dt.timedelta(minutes=2)
    outbound: OutboundConfig | None = None
    dry_run: bool = False
    apply: Apply = apply_once

    def handle(self, ticket: Ticket, tracker: Tracker, judge: Judge, *, now: dt.datetime,
               policy: Policy | None = None) -> Handled:
        """Hold the ticket's outcome, decide, apply and store; raise what reading the ticket's state raised."""
        ref = ticket.ref
        # The lease keeps the scheduler off the record while the ticket is decided and applied.
        held = self._hold(ref, now)
        try:
            return self.decide_and_apply(
                ticket, tracker, judge, outcome=held.record if held is not None else None, leased=held is not None,
                now=now, policy=policy,
            )
        finally:
            if held is not None and self.outcomes is not None:
                self.outcomes.release(ref, worker=self.worker)

    def decide_and_apply(
        self, ticket: Ticket, tracker: Tracker, judge: Judge, *, outcome: OutcomeRecord | None, leased: bool,
        now: dt.datetime, policy: Policy | None = None,
    ) -> Handled:
        """Decide from `outcome` (under this step's worker's lease when `leased`), apply, and store the outcome."""
        container = ticket.ref.container
        policy = policy if policy is not None else tracker.load_policy(container)
        decision = judge(policy, outcome, policy_notices(tracker, container))
        if self.dry_run:
            return Handled(decision, policy)
        writes = 0
        if decision.actions:
            try:
                writes = self.apply(tracker, decision.actions)
            except TrackerError as error:
                return Handled(decision, policy, writes=error.writes, error=error)
        # Stored only after the tracker took the actions: a retry then decides again from the old record.
        kept = decision.outcome
        if kept is None or kept == outcome:
            return Handled(decision, policy, writes=writes)
        try:
            self._store(ticket, before=outcome, kept=kept, leased=leased, now=now)
        except OutcomeLost as lost:
            return Handled(decision, policy, writes=writes, error=lost)
        return Handled(decision, policy, writes=writes, stored=True)

    def _hold(self, ref: TicketRef, now: dt.datetime) -> Held | None:
        if self.outcomes is None:
            return None
        if self.dry_run:
            # Nothing will be stored: read the record without taking its lease.
            return None if (record := self.outcomes.read(ref)) is None else record
        try:
            return self.outcomes.hold(ref, worker=self.worker, now=now, lease=self.lease)
        except OutcomeBusy as busy:
            raise TransientTrackerError(str(busy), retry_after=busy.retry_after) from None

    def _store(self, ticket: Ticket, *, before: OutcomeRecord | None, kept: OutcomeRecord, leased: bool,
               now: dt.datetime) -> None:
        if self.outcomes is None:
            return
        # Stored with the outcome in one transaction: a review is never recorded without its messages.
        outbox = plan_outbound(before, kept, ticket=ticket, config=self.outbound or OutboundConfig(), now=now)
        if leased:
            if not self.outcomes.finish(kept, worker=self.worker, now=now, outbox=outbox):
                raise OutcomeLost(f"{ticket.ref}: the outcome's lease ran out before it was stored")
            return
        try:
            self.outcomes.save(kept, expected=None, now=now, outbox=outbox)
        except OutcomeConflict as conflict:
            raise OutcomeLost(str(conflict)) from None
