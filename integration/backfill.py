"""Judge a tracker's existing tickets through the webhook's own decision path; dry run unless told to apply."""

from __future__ import annotations

import datetime as dt
import math
import os
import re
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from integration.backfill_plan import Plan, SameBody, StickyReader, WriteLog, identical, plan_for
from integration.handle import Handled, TicketStep, judge_event, record_handled
from integration.retry import GaveUp, backoff, retry_call
from integration.store.lease import default_worker_id
from integration.store.outcomes import OutcomeStore
from integration.store.tickets import TicketStore
from integration.tracker import Tracker, TrackerError, TransientTrackerError
from problemframe.actions import Action
from problemframe.events import EventKind, Ticket, TicketEvent, TicketRef
from problemframe.policy import Policy


@dataclass(frozen=True)
class TicketResult:
    """One ticket done: its plan, the write requests made and any error."""

    plan: Plan
    writes: int = 0
    error: str | None = None


@dataclass
class Summary:
    """A backfill run in figures."""

    applied: bool
    total: int = 0
    evaluated: int = 0
    resumed: int = 0
    exempt: int = 0
    changed: int = 0
    writes: int = 0
    failed: int = 0
    seconds: float = 0.0
    results: list[TicketResult] = field(default_factory=list)

    @property
    def per_second(self) -> float:
        """Return tickets evaluated per second."""
        return self.evaluated / self.seconds if self.seconds > 0 else float(self.evaluated)

    @property
    def up_to_date(self) -> int:
        """Return how many judged tickets needed nothing."""
        return self.evaluated - self.changed - self.exempt - self.failed


class Checkpoint:
    """The progress of an --apply run: one ticket key a line, appended as each ticket is done.

    An interrupted run leaves the file behind and the next run skips what it lists; a run that finishes
    with no failures removes it, so the run after that judges every ticket again.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.done: set[str] = set()
        if path.exists():
            self.done = {line for line in path.read_text(encoding="utf-8").splitlines() if line}

    @classmethod
    def for_container(cls, directory: Path, ref: TicketRef) -> Checkpoint:
        """Return the checkpoint of a repository or project under `directory`."""
        slug = re.sub(r"[^A-Za-z0-9_.-]+", "_", f"{ref.tracker}-{ref.container}")
        return cls(directory / f"backfill-{slug}.progress")

    def mark(self, key: str) -> None:
        """Record a ticket as done, durably, before the next one starts."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as out:
            out.write(key + "\n")
            out.flush()
            os.fsync(out.fileno())
        self.done.add(key)

    def finish(self) -> None:
        """Forget the run's progress."""
        self.path.unlink(missing_ok=True)
        self.done.clear()


Progress = Callable[[TicketResult, Summary], None]


@dataclass
class Backfill:
    """Carry a list of tickets through the webhook's own step (integration.handle), writing only with `apply`.

    With `tickets`, each ticket applied is recorded as the webhook records it (the scorecard's time to framed), and a
    ticket the service applied a newer state of since the list was read is read again first. With `heard` (the
    tracker connection's `on_write`), each result tells what the tracker wrote.

    `dry_run` says the tracker only logs its writes (PROBLEMFRAME_DRY_RUN): an --apply run then goes through the
    tracker as usual, each result tells what it would have written, and nothing is stored or recorded.
    """

    tracker: Tracker
    policy: Policy
    service_login: str
    apply: bool = False
    dry_run: bool = False
    checkpoint: Checkpoint | None = None
    sticky: StickyReader | None = None
    same_body: SameBody = identical
    outcomes: OutcomeStore | None = None
    tickets: TicketStore | None = None
    heard: WriteLog | None = None
    now: Callable[[], dt.datetime] = field(default=lambda: dt.datetime.now(dt.UTC))
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    max_attempts: int = 5
    max_wait: float = 3600.0

    def __post_init__(self) -> None:
        self.step = TicketStep(self.outcomes, worker=f"backfill-{default_worker_id()}",
                               dry_run=not self.apply or self.dry_run, apply=self._apply)

    def _apply(self, tracker: Tracker, actions: Sequence[Action]) -> int:
        # The adapters pace their writes; when a limit needs a longer wait than they hold a thread for,
        # they raise TransientTrackerError with retry_after, and a backfill can afford to wait it out here.
        # Writes made before a failure count too: the retry does only what is left.
        done = 0

        def attempt() -> int:
            nonlocal done
            try:
                return done + tracker.apply(actions)
            except TransientTrackerError as error:
                done += error.writes
                raise

        def delay(error: BaseException, attempt: int) -> float:
            hint = error.retry_after if isinstance(error, TransientTrackerError) else None
            return hint if hint is not None else backoff(attempt + 1, base=1.0, cap=math.inf)

        try:
            return retry_call(
                attempt, retry_if=lambda error: isinstance(error, TransientTrackerError),
                attempts=self.max_attempts, delay=delay, sleep=self.sleep, max_wait=self.max_wait,
            )
        except GaveUp as gave_up:
            assert isinstance(gave_up.error, TransientTrackerError)
            gave_up.error.writes = done
            raise gave_up.error from None

    def one(self, ticket: Ticket) -> TicketResult:
        """Judge one ticket as the webhook would if it had just been edited and, when applying, carry it out.

        Like the webhook, it shows the stored outcome and the policy's notices: without them the sticky comment of
        a ticket waiting for its outcome would lose its due date, and the next webhook would put it back.
        """
        now = self.now()
        if self.heard is not None:
            self.heard.take()
        try:
            ticket, read_at = self._current(ticket, now)
            event = TicketEvent(kind=EventKind.EDITED, ticket=ticket, occurred_at=now)
            judge = judge_event(event, now=now, service_login=self.service_login)
            handled = self.step.handle(ticket, self.tracker, judge, now=now, policy=self.policy)
            if self.apply and self.dry_run and handled.actions:
                # The step stores nothing in a dry run; the tracker, which writes nothing, tells what it would.
                self._apply(self.tracker, handled.actions)
        except TrackerError as error:
            return TicketResult(Plan(ref=ticket.ref, title=ticket.title), error=str(error))
        failed = str(handled.error) if handled.error is not None else None
        if self.apply and not self.dry_run and self.tickets is not None and failed is None:
            record_handled(self.tickets, ticket, handled, now=now, read_at=read_at)
        return TicketResult(self._plan(ticket, handled), writes=handled.writes, error=failed)

    def _current(self, ticket: Ticket, now: dt.datetime) -> tuple[Ticket, dt.datetime | None]:
        """Return the ticket as listed, or read again when the store holds a newer state (and when it was read)."""
        applied = self.tickets.applied(ticket.ref) if self.tickets is not None else None
        if applied is None or applied.updated_at is None or ticket.updated_at is None:
            return ticket, None
        if applied.updated_at <= ticket.updated_at:
            return ticket, None
        return self.tracker.fetch_ticket(ticket.ref), now

    def _plan(self, ticket: Ticket, handled: Handled) -> Plan:
        if not handled.actions:
            return Plan(ref=ticket.ref, title=ticket.title, exempt=True)
        if self.apply and self.heard is not None:
            return Plan(ref=ticket.ref, title=ticket.title, written=self.heard.take(), dry_run=self.dry_run)
        return plan_for(ticket, handled.actions, sticky=None if self.apply else self.sticky,
                        same_body=self.same_body)

    def run(self, tickets: Iterable[Ticket], *, progress: Progress | None = None) -> Summary:
        """Judge every ticket once, skipping those an interrupted run already finished."""
        todo = list(tickets)
        summary = Summary(applied=self.apply, total=len(todo))
        done = self.checkpoint.done if self.checkpoint is not None else set()
        started = self.clock()
        for ticket in todo:
            if ticket.ref.key in done:
                summary.resumed += 1
                continue
            result = self.one(ticket)
            summary.evaluated += 1
            summary.exempt += result.plan.exempt
            summary.writes += result.writes
            summary.changed += result.error is None and (result.plan.changes or result.writes > 0)
            summary.results.append(result)
            if result.error is not None:
                summary.failed += 1
            elif self.checkpoint is not None:
                self.checkpoint.mark(ticket.ref.key)
            summary.seconds = self.clock() - started
            if progress is not None:
                progress(result, summary)
        summary.seconds = self.clock() - started
        if self.checkpoint is not None and not summary.failed:
            self.checkpoint.finish()
        return summary
