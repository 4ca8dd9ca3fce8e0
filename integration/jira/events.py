"""Normalise Jira webhook payloads into TicketEvents, routing on Jira's own `webhookEvent` strings."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any

from integration.jira.issue import FRAME_FIELDS, identity, is_done, parse_time, text_of, ticket_from_issue
from integration.jira.tracker import JiraTracker
from integration.store.deliveries import Envelope, ticket_key
from integration.tracker import PermanentTrackerError, Tracker
from problemframe.commands import parse_commands
from problemframe.events import Comment, EventKind, Ticket, TicketEvent
from problemframe.policy import Labels

# Changelog fields that can change what the service decides. Anything else (rank, assignee, sprint, dates ...)
# is noise. Field names as Jira writes them in `changelog.items[].field` / `fieldId`:
# https://developer.atlassian.com/server/jira/platform/webhooks/#example-callback-for-an-issue-related-event
_RELEVANT_SYSTEM_FIELDS = frozenset({"description", "status", "resolution", "summary", "project", "key"})

FetchIssue = Callable[[str], Ticket]


class IssueNotInPayload(LookupError):
    """The payload names an issue only by id (Server-style comment events): fetch it and normalise again."""

    def __init__(self, issue_id: str) -> None:
        super().__init__(f"the payload does not carry issue {issue_id}; fetch it")
        self.issue_id = issue_id


def issue_id_of_comment(comment: Mapping[str, Any]) -> str | None:
    """Return the issue id from a comment's self URL (.../issue/26313/comment/31039)."""
    match = re.search(r"/issue/([^/]+)/comment/", str(comment.get("self", "")))
    return match.group(1) if match else None


def _owned(label: str, labels: Labels) -> bool:
    return label == labels.needs_framing or label.startswith((labels.evidence_prefix, labels.outcome_prefix))


def _label_change_matters(item: Mapping[str, Any], labels: Labels) -> bool:
    before = set(str(item.get("fromString") or "").split())
    after = set(str(item.get("toString") or "").split())
    return any(not _owned(label, labels) for label in before ^ after)


def relevant_items(
    changelog: Mapping[str, Any] | None, *, frame_ids: Collection[str] = (), labels: Labels = Labels()
) -> list[Mapping[str, Any]]:
    """Return the changelog items touching the description, frame fields, status, or labels the service does not own."""
    relevant = []
    for item in (changelog or {}).get("items") or []:
        field = str(item.get("field") or "")
        field_id = str(item.get("fieldId") or "")
        if field.lower() == "labels" or field_id == "labels":
            if _label_change_matters(item, labels):
                relevant.append(item)
        elif (
            field_id in _RELEVANT_SYSTEM_FIELDS
            or field.lower() in _RELEVANT_SYSTEM_FIELDS
            or field in FRAME_FIELDS
            or (field_id and field_id in frame_ids)
        ):
            relevant.append(item)
    return relevant


def _is_status_item(item: Mapping[str, Any]) -> bool:
    return item.get("fieldId") == "status" or str(item.get("field", "")).lower() == "status"


def _is_resolution_cleared(item: Mapping[str, Any]) -> bool:
    is_resolution = item.get("fieldId") == "resolution" or str(item.get("field", "")).lower() == "resolution"
    return is_resolution and bool(item.get("fromString")) and not item.get("toString")


@dataclass(frozen=True)
class _Delivery:
    """What every event read from one payload shares: when it happened, who the service is, the site's fields."""

    occurred_at: dt.datetime | None
    service_logins: Collection[str]
    server_url: str
    frame_ids: dict[str, str]
    delivery_id: str | None

    def ticket(self, raw_issue: Mapping[str, Any]) -> Ticket:
        """Return the ticket an issue in the payload holds."""
        return ticket_from_issue(raw_issue, server_url=self.server_url, frame_ids=self.frame_ids)

    def event(
        self, kind: EventKind, ticket: Ticket, actor: Mapping[str, Any] | None, comment: Comment | None = None
    ) -> TicketEvent:
        """Return the event, marked actor_is_bot when the actor is the service itself."""
        login = identity(actor)
        return TicketEvent(
            kind=kind,
            ticket=ticket,
            actor=login or (str(actor.get("displayName")) if actor and actor.get("displayName") else None),
            actor_is_bot=login is not None and login in self.service_logins,
            comment=comment,
            occurred_at=self.occurred_at,
            delivery_id=self.delivery_id,
        )


def normalise(
    payload: Mapping[str, Any],
    *,
    service_logins: Collection[str],
    server_url: str = "",
    frame_ids: Mapping[str, str] | None = None,
    labels: Labels = Labels(),
    fetch_issue: FetchIssue | None = None,
    delivery_id: str | None = None,
) -> TicketEvent | None:
    """Return the event a webhook payload means, or None when it cannot change anything the service decides.

    `service_logins` holds the service account's accountId (Cloud) and/or name (Data Center); its own events are
    marked actor_is_bot. `frame_ids` maps problem/evidence/metric to custom field ids. Comment events without an
    `issue` (Jira Server) need `fetch_issue(issue_id)`; without it they raise IssueNotInPayload.
    """
    kind_name = str(payload.get("webhookEvent") or "")
    delivery = _Delivery(
        parse_time(payload.get("timestamp")), service_logins, server_url, dict(frame_ids or {}), delivery_id
    )
    if kind_name in ("comment_created", "comment_updated"):
        return _comment_event(payload, kind_name, delivery, fetch_issue)
    return _issue_event(payload, kind_name, delivery, labels)


def _comment_event(
    payload: Mapping[str, Any], kind_name: str, delivery: _Delivery, fetch_issue: FetchIssue | None
) -> TicketEvent | None:
    """Return the event of a comment created or edited; Server-style payloads name the issue by id only."""
    raw_comment: Mapping[str, Any] = payload.get("comment") or {}
    author = raw_comment.get("updateAuthor") if kind_name == "comment_updated" else raw_comment.get("author")
    author = author or raw_comment.get("author")
    raw_issue = payload.get("issue")
    if raw_issue:
        ticket = delivery.ticket(raw_issue)
    else:
        issue_id = issue_id_of_comment(raw_comment)
        if issue_id is None:
            return None
        if fetch_issue is None:
            raise IssueNotInPayload(issue_id)
        ticket = fetch_issue(issue_id)
    comment = Comment(
        id=str(raw_comment.get("id", "")),
        body=text_of(raw_comment.get("body")),
        author=identity(author) or str((author or {}).get("displayName", "")),
    )
    kind = EventKind.COMMENTED if kind_name == "comment_created" else EventKind.COMMENT_EDITED
    return delivery.event(kind, ticket, author, comment)


def _issue_event(
    payload: Mapping[str, Any], kind_name: str, delivery: _Delivery, labels: Labels
) -> TicketEvent | None:
    """Return the event of an issue created, deleted or updated in a way the service reads."""
    raw_issue = payload.get("issue")
    if not raw_issue:
        return None
    user = payload.get("user")
    if kind_name == "jira:issue_created":
        return delivery.event(EventKind.OPENED, delivery.ticket(raw_issue), user)
    if kind_name == "jira:issue_deleted":
        return delivery.event(EventKind.DELETED, delivery.ticket(raw_issue), user)
    if kind_name != "jira:issue_updated":
        return None
    changelog = payload.get("changelog")
    if not changelog:
        # A comment alone arrives as jira:issue_updated (issue_commented) *and* as comment_created; the service
        # subscribes to comment_created, so this copy is dropped.
        return None if payload.get("comment") else delivery.event(EventKind.EDITED, delivery.ticket(raw_issue), user)
    items = relevant_items(changelog, frame_ids=set(delivery.frame_ids.values()), labels=labels)
    if not items:
        return None
    ticket = delivery.ticket(raw_issue)
    if any(_is_status_item(item) for item in items):
        if is_done((raw_issue.get("fields") or {}).get("status")):
            return delivery.event(EventKind.CLOSED, ticket, user)
        if any(_is_resolution_cleared(item) for item in items):
            return delivery.event(EventKind.REOPENED, ticket, user)
    return delivery.event(EventKind.EDITED, ticket, user)


HANDLED_EVENTS = frozenset(
    {"jira:issue_created", "jira:issue_updated", "jira:issue_deleted", "comment_created", "comment_updated"}
)


def issue_id_of(payload: Mapping[str, Any]) -> str | None:
    """Return the id of the issue a delivery concerns (stable across moves, unlike the key)."""
    issue = payload.get("issue")
    if isinstance(issue, Mapping) and issue.get("id") is not None:
        return str(issue["id"])
    comment = payload.get("comment")
    return issue_id_of_comment(comment) if isinstance(comment, Mapping) else None


def classify(payload: Mapping[str, Any], *, labels: Labels = Labels()) -> Envelope | None:
    """Say whether the service acts on a delivery and which issue orders it; None when it is not a Jira event.

    Issue updates whose changelog touches nothing the service reads (rank, assignee, dates) are ignored here,
    so they never reach the queue.
    """
    event = payload.get("webhookEvent")
    if not isinstance(event, str) or not event:
        return None
    raw_action = payload.get("issue_event_type_name")
    action = raw_action if isinstance(raw_action, str) else None
    issue_id = issue_id_of(payload)
    if event not in HANDLED_EVENTS or issue_id is None:
        return Envelope(event, action, handled=False)
    if event == "jira:issue_updated" and (
        (payload.get("changelog") and not relevant_items(payload.get("changelog"), labels=labels))
        or (not payload.get("changelog") and payload.get("comment"))
    ):
        return Envelope(event, action, handled=False)
    return Envelope(event, action, handled=True, ticket_key=ticket_key("jira", "issue", issue_id))


def normalise_delivery(payload: Mapping[str, Any], tracker: Tracker, *, delivery_id: str) -> TicketEvent | None:
    """Normalise a stored Jira delivery; the site tells who the service is and which fields hold the frame."""
    if not isinstance(tracker, JiraTracker):
        raise PermanentTrackerError("Jira deliveries need a Jira tracker")
    me = tracker.myself()
    logins = {str(me[key]) for key in ("accountId", "name", "key") if me.get(key)}
    project = ((payload.get("issue") or {}).get("fields") or {}).get("project") or {}
    labels = tracker.load_policy(str(project["key"])).labels if project.get("key") else Labels()
    event = normalise(
        payload, service_logins=logins, server_url=tracker.server_url, frame_ids=tracker.frame_ids(), labels=labels,
        fetch_issue=tracker.fetch_issue, delivery_id=delivery_id,
    )
    comment = event.comment if event is not None else None
    if event is None or comment is None or event.actor_is_bot or not parse_commands(comment.body):
        return event
    # Jira's payloads carry no permission of the commenter: ask, and only when there is a command to allow.
    permission = tracker.permission(event.ticket.ref.key, comment.author)
    return event.model_copy(update={"comment": comment.model_copy(update={"author_permission": permission})})
