"""One delivery, start to finish: normalise -> refuse stale -> handle the ticket (integration.handle) -> remember."""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Callable, Mapping
from typing import Any

from integration.github.events import installation_change
from integration.handle import Handled, TicketStep, judge_event, record_handled
from integration.kinds import KINDS
from integration.outbound import OutboundConfig
from integration.store import DeliveryRecord, Store, utcnow
from integration.store.lease import default_worker_id
from integration.tracker import PermanentTrackerError, Tracker
from problemframe.events import TicketEvent
from webhooks.dry_run import describe
from webhooks.logs import name_ticket
from webhooks.ordering import Order, order
from webhooks.payloads import PayloadError, read_payload
from webhooks.trackers import TrackerFactory
from webhooks.worker import Ignored, Unreadable

log = logging.getLogger(__name__)

# What reading a payload of an unexpected shape raises (pydantic's ValidationError is a ValueError).
_SHAPE_ERRORS = (KeyError, TypeError, ValueError, AttributeError, IndexError, RecursionError)


class Pipeline:
    """The worker's process function: carries one delivery through the domain to the tracker."""

    def __init__(
        self,
        store: Store,
        trackers: TrackerFactory,
        *,
        clock: Callable[[], dt.datetime] = utcnow,
        dry_run: bool = False,
        outcome_lease: dt.timedelta = dt.timedelta(minutes=2),
        outbound: OutboundConfig | None = None,
    ) -> None:
        self.store = store
        self.trackers = trackers
        self.clock = clock
        self.dry_run = dry_run
        self.step = TicketStep(
            store.outcomes, worker=f"{default_worker_id()}-pipeline-{uuid.uuid4().hex[:8]}", lease=outcome_lease,
            outbound=outbound, dry_run=dry_run,
        )

    def __call__(self, delivery: DeliveryRecord) -> None:
        """Process one delivery; raise Ignored when there is nothing to do."""
        try:
            payload = read_payload(delivery.body)
        except PayloadError as error:
            raise Unreadable(f"unreadable body: {error}") from error
        kind = KINDS.get(delivery.source)
        if kind is None:
            raise PermanentTrackerError(f"no normaliser for source {delivery.source!r}")
        if kind.installation_event(delivery.event):
            self._remember_installation(delivery.event, payload)
            return
        tracker = self.trackers(delivery.source, installation_id=kind.installation_of(payload))
        try:
            event = kind.normalise(delivery.event, payload, tracker, delivery_id=delivery.delivery_id)
        except _SHAPE_ERRORS as error:
            # The door checks the shape it routes on; a payload that still breaks the reader breaks it every time.
            raise Unreadable(f"unreadable {delivery.event} payload: {type(error).__name__}: {error}") from error
        if event is None:
            raise Ignored(f"{delivery.event}.{delivery.action} is not acted on")
        ref = event.ticket.ref
        name_ticket(str(ref))
        now = self.clock()
        read_at = None
        applied = self.store.tickets.applied(ref)
        place = order(applied, updated_at=event.ticket.updated_at, received_at=delivery.received_at)
        if place in (Order.OLDER, Order.COVERED) and event.comment is None:
            raise Ignored(f"stale: {ref} was updated after this event" if place is Order.OLDER
                          else f"covered: {ref} was read from the tracker after this event arrived")
        if place is not Order.NEWER:
            # Undecided by the payloads, or a command in a comment that must not be lost to ordering:
            # judge it against the ticket as it is now.
            event = event.model_copy(update={"ticket": tracker.fetch_ticket(ref)})
            read_at = now
        handled = self._handle(event, tracker, now)
        record_handled(self.store.tickets, event.ticket, handled, now=now, read_at=read_at)

    def _handle(self, event: TicketEvent, tracker: Tracker, now: dt.datetime) -> Handled:
        """Decide and apply; raise what the tracker or the outcome store refused."""
        ref = event.ticket.ref
        judge = judge_event(event, now=now, service_login=tracker.service_login())
        handled = self.step.handle(event.ticket, tracker, judge, now=now)
        if handled.error is not None:
            raise handled.error
        actions = handled.actions
        if self.dry_run:
            for action in actions:
                log.info("dry run: would %s", describe(action))
        elif actions:
            log.info("%d actions on %s (%d write requests): %s", len(actions), ref, handled.writes,
                     ", ".join(action.type for action in actions))
        else:
            log.info("nothing to change on %s", ref)
        return handled

    def _remember_installation(self, event: str, payload: Mapping[str, Any]) -> None:
        try:
            change = installation_change(event, payload)
        except _SHAPE_ERRORS as error:
            raise Unreadable(f"unreadable {event} payload: {type(error).__name__}: {error}") from error
        if change is None:
            raise Ignored(f"{event} without an installation")
        installations = self.store.installations
        if change.removed:
            installations.remove(change.installation_id)
        elif change.added or change.dropped:
            installations.change_repositories(
                change.installation_id, account=change.account, added=change.added, removed=change.dropped
            )
        else:
            installations.upsert(
                change.installation_id, account=change.account, repositories=change.repositories,
                suspended=change.suspended,
            )
