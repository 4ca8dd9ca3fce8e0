"""One delivery, start to finish: normalise -> refuse stale -> load policy -> decide -> apply -> remember."""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol

from integration.github.events import INSTALLATION_EVENTS, installation_change, installation_id, to_ticket_event
from integration.jira.events import normalise as normalise_jira_payload
from integration.jira.tracker import JiraTracker
from integration.outbound import OutboundConfig, plan_outbound
from integration.store import DeliveryRecord, Store, utcnow
from integration.store.outcomes import Held, OutcomeBusy, OutcomeConflict
from integration.tracker import PermanentTrackerError, Tracker, TransientTrackerError
from problemframe.actions import Action
from problemframe.commands import parse_commands
from problemframe.decide import Decision
from problemframe.decide import decide as domain_decide
from problemframe.events import TicketEvent
from problemframe.framed import judged_complete
from problemframe.outcome import OutcomeRecord
from problemframe.policy import Labels, Policy
from webhooks.dry_run import describe
from webhooks.logs import name_ticket
from webhooks.ordering import Order, order
from webhooks.payloads import PayloadError, read_payload
from webhooks.trackers import TrackerFactory
from webhooks.worker import Ignored, Unreadable, default_worker_id

log = logging.getLogger(__name__)

# What reading a payload of an unexpected shape raises (pydantic's ValidationError is a ValueError).
_SHAPE_ERRORS = (KeyError, TypeError, ValueError, AttributeError, IndexError, RecursionError)


class Decide(Protocol):
    """The domain's decision function."""

    def __call__(
        self,
        event: TicketEvent,
        *,
        policy: Policy,
        now: dt.datetime,
        service_login: str,
        outcome: OutcomeRecord | None = None,
        notices: Sequence[str] = (),
    ) -> Decision | Sequence[Action]:
        """Return the actions an event calls for."""
        ...


Normaliser = Callable[[DeliveryRecord, Mapping[str, Any], Tracker], TicketEvent | None]
"""Turn a stored delivery and its parsed body into a domain event, asking the tracker what it must; or None."""


def normalise_github(delivery: DeliveryRecord, payload: Mapping[str, Any], tracker: Tracker) -> TicketEvent | None:
    """Normalise a GitHub `issues` or `issue_comment` delivery."""
    return to_ticket_event(
        delivery.event, payload, service_login=tracker.service_login(), delivery_id=delivery.delivery_id
    )


def normalise_jira(delivery: DeliveryRecord, payload: Mapping[str, Any], tracker: Tracker) -> TicketEvent | None:
    """Normalise a Jira delivery; the site tells who the service is and which fields hold the frame."""
    if not isinstance(tracker, JiraTracker):
        raise PermanentTrackerError("Jira deliveries need a Jira tracker")
    me = tracker.myself()
    logins = {str(me[key]) for key in ("accountId", "name", "key") if me.get(key)}
    project = ((payload.get("issue") or {}).get("fields") or {}).get("project") or {}
    labels = tracker.load_policy(str(project["key"])).labels if project.get("key") else Labels()
    event = normalise_jira_payload(
        payload, service_logins=logins, server_url=tracker.server_url, frame_ids=tracker.frame_ids(), labels=labels,
        fetch_issue=tracker.fetch_issue, delivery_id=delivery.delivery_id,
    )
    comment = event.comment if event is not None else None
    if event is None or comment is None or event.actor_is_bot or not parse_commands(comment.body):
        return event
    # Jira's payloads carry no permission of the commenter: ask, and only when there is a command to allow.
    permission = tracker.permission(event.ticket.ref.key, comment.author)
    return event.model_copy(update={"comment": comment.model_copy(update={"author_permission": permission})})


class Pipeline:
    """The worker's process function: carries one delivery through the domain to the tracker."""

    def __init__(
        self,
        store: Store,
        trackers: TrackerFactory,
        *,
        normalisers: Mapping[str, Normaliser] | None = None,
        decide: Decide = domain_decide,
        clock: Callable[[], dt.datetime] = utcnow,
        dry_run: bool = False,
        outcome_lease: dt.timedelta = dt.timedelta(minutes=2),
        outbound: OutboundConfig | None = None,
    ) -> None:
        self.store = store
        self.outbound = outbound or OutboundConfig()
        self.outcome_lease = outcome_lease
        self.lease_owner = f"{default_worker_id()}-pipeline-{uuid.uuid4().hex[:8]}"
        self.trackers = trackers
        self.normalisers: dict[str, Normaliser] = {"github": normalise_github, "jira": normalise_jira}
        self.normalisers.update(normalisers or {})
        self.decide = decide
        self.clock = clock
        self.dry_run = dry_run

    def __call__(self, delivery: DeliveryRecord) -> None:
        """Process one delivery; raise Ignored when there is nothing to do."""
        try:
            payload = read_payload(delivery.body)
        except PayloadError as error:
            raise Unreadable(f"unreadable body: {error}") from error
        if delivery.source == "github" and delivery.event in INSTALLATION_EVENTS:
            self._remember_installation(delivery.event, payload)
            return
        normalise = self.normalisers.get(delivery.source)
        if normalise is None:
            raise PermanentTrackerError(f"no normaliser for source {delivery.source!r}")
        tracker = self.trackers(delivery.source, installation_id=installation_id(payload))
        try:
            event = normalise(delivery, payload, tracker)
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
        policy = tracker.load_policy(ref.container)
        outcomes = self.store.outcomes
        # The lease keeps the scheduler off the record while this event is decided and applied.
        try:
            held = outcomes.hold(ref, worker=self.lease_owner, now=now, lease=self.outcome_lease)
        except OutcomeBusy as busy:
            raise TransientTrackerError(str(busy), retry_after=busy.retry_after) from None
        try:
            framed = self._decide_and_apply(event, tracker, policy, held, now)
        finally:
            if held is not None:
                outcomes.release(ref, worker=self.lease_owner)
        self.store.tickets.record_applied(ref, updated_at=event.ticket.updated_at, read_at=read_at, now=now,
                                          framed=framed)

    def _decide_and_apply(
        self, event: TicketEvent, tracker: Tracker, policy: Policy, held: Held | None, now: dt.datetime
    ) -> bool:
        """Decide and apply; return whether the ticket is judged complete now."""
        ref = event.ticket.ref
        outcome = held.record if held is not None else None
        problem = tracker.policy_error(ref.container)
        decided = self.decide(
            event, policy=policy, now=now, service_login=tracker.service_login(), outcome=outcome,
            notices=[problem] if problem else [],
        )
        decision = decided if isinstance(decided, Decision) else Decision(actions=tuple(decided))
        actions = list(decision.actions)
        if self.dry_run:
            for action in actions:
                log.info("dry run: would %s", describe(action))
        elif actions:
            writes = tracker.apply(actions)
            log.info("%d actions on %s (%d write requests): %s", len(actions), ref, writes or 0,
                     ", ".join(action.type for action in actions))
        else:
            log.info("nothing to change on %s", ref)
        # Saved only after the tracker took the actions: a retried delivery then decides again from the old record.
        kept = decision.outcome
        framed = ref in judged_complete(actions, labels=policy.labels)
        if kept is None or kept == outcome or self.dry_run:
            return framed
        # Stored with the outcome in one transaction: a review is never recorded without its messages.
        outbox = plan_outbound(outcome, kept, ticket=event.ticket, config=self.outbound, now=now)
        if held is not None:
            if not self.store.outcomes.finish(kept, worker=self.lease_owner, now=now, outbox=outbox):
                raise TransientTrackerError(f"{ref}: the outcome's lease ran out before it was stored")
            return framed
        try:
            self.store.outcomes.save(kept, expected=None, now=now, outbox=outbox)
        except OutcomeConflict as conflict:
            raise TransientTrackerError(str(conflict)) from None
        return framed

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
