"""GitHub webhook payloads -> domain events; routing on GitHub's own event and action names.

Payload shapes: https://docs.github.com/en/webhooks/webhook-events-and-payloads
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from integration.store.deliveries import Envelope, ticket_key
from problemframe.events import (
    CloseReason,
    Comment,
    EventKind,
    Permission,
    Ticket,
    TicketEvent,
    TicketRef,
    TicketState,
)

ISSUE_ACTIONS: Mapping[str, EventKind] = {
    "opened": EventKind.OPENED,
    "edited": EventKind.EDITED,
    "reopened": EventKind.REOPENED,
    "closed": EventKind.CLOSED,
    "labeled": EventKind.LABELED,
    "unlabeled": EventKind.UNLABELED,
    "transferred": EventKind.TRANSFERRED,
    "deleted": EventKind.DELETED,
}
COMMENT_ACTIONS: Mapping[str, EventKind] = {"created": EventKind.COMMENTED, "edited": EventKind.COMMENT_EDITED}
__all__ = [
    "COMMENT_ACTIONS",
    "INSTALLATION_EVENTS",
    "ISSUE_ACTIONS",
    "Envelope",
    "InstallationChange",
    "classify",
    "installation_change",
    "installation_id",
    "to_ticket_event",
]

INSTALLATION_EVENTS = frozenset({"installation", "installation_repositories"})

# https://docs.github.com/en/graphql/reference/enums#commentauthorassociation
_ASSOCIATION: Mapping[str, Permission] = {
    "OWNER": Permission.WRITE,
    "MEMBER": Permission.WRITE,
    "COLLABORATOR": Permission.WRITE,
    "CONTRIBUTOR": Permission.READ,
    "FIRST_TIME_CONTRIBUTOR": Permission.READ,
    "FIRST_TIMER": Permission.READ,
}
_CLOSE_REASONS: Mapping[str, CloseReason] = {reason.value: reason for reason in CloseReason}


@dataclass(frozen=True)
class InstallationChange:
    """A GitHub App installation created, changed or removed."""

    installation_id: int
    account: str
    removed: bool = False
    suspended: bool | None = None
    repositories: frozenset[str] | None = None  # the full list, when the event carries one
    added: frozenset[str] = frozenset()
    dropped: frozenset[str] = frozenset()


def classify(event: str, payload: Mapping[str, Any]) -> Envelope:
    """Say whether the service acts on a delivery and which ticket orders it."""
    action = payload.get("action") if isinstance(payload.get("action"), str) else None
    if event in INSTALLATION_EVENTS:
        return Envelope(event, action, handled=True, ticket_key=None)
    actions = ISSUE_ACTIONS if event == "issues" else COMMENT_ACTIONS if event == "issue_comment" else {}
    issue = payload.get("issue")
    repository = payload.get("repository")
    if action not in actions or not isinstance(issue, Mapping) or not isinstance(repository, Mapping):
        return Envelope(event, action, handled=False)
    if event == "issue_comment" and issue.get("pull_request"):
        return Envelope(event, action, handled=False)
    key = ticket_key("github", str(repository.get("full_name")), str(issue.get("number")))
    return Envelope(event, action, handled=True, ticket_key=key)


def to_ticket_event(
    event: str, payload: Mapping[str, Any], *, service_login: str | None = None, delivery_id: str | None = None
) -> TicketEvent | None:
    """Normalise an `issues` or `issue_comment` payload; None for anything the domain does not act on."""
    envelope = classify(event, payload)
    if not envelope.handled or event in INSTALLATION_EVENTS:
        return None
    kind = (ISSUE_ACTIONS if event == "issues" else COMMENT_ACTIONS)[str(envelope.action)]
    ticket = _ticket(payload["issue"], payload["repository"])
    sender = payload.get("sender") or {}
    actor = sender.get("login")
    comment = _comment(payload["comment"]) if event == "issue_comment" else None
    return TicketEvent(
        kind=kind,
        ticket=ticket,
        actor=actor,
        actor_is_bot=_is_bot(sender, service_login),
        comment=comment,
        occurred_at=_time(payload["comment"].get("updated_at")) if comment else ticket.updated_at,
        delivery_id=delivery_id,
    )


def installation_change(event: str, payload: Mapping[str, Any]) -> InstallationChange | None:
    """Read an `installation` or `installation_repositories` payload."""
    installation = payload.get("installation")
    if event not in INSTALLATION_EVENTS or not isinstance(installation, Mapping):
        return None
    action = payload.get("action")
    account = str((installation.get("account") or {}).get("login", ""))
    identity = int(installation["id"])
    if event == "installation_repositories":
        return InstallationChange(
            identity, account,
            added=_names(payload.get("repositories_added")), dropped=_names(payload.get("repositories_removed")),
        )
    if action == "deleted":
        return InstallationChange(identity, account, removed=True)
    suspended = {"suspend": True, "unsuspend": False}.get(str(action))
    repositories = _names(payload["repositories"]) if "repositories" in payload else None
    return InstallationChange(identity, account, suspended=suspended, repositories=repositories)


def installation_id(payload: Mapping[str, Any]) -> int | None:
    """Return the id of the App installation a delivery came through, if any."""
    installation = payload.get("installation")
    if isinstance(installation, Mapping) and isinstance(installation.get("id"), int):
        return int(installation["id"])
    return None


def _ticket(issue: Mapping[str, Any], repository: Mapping[str, Any]) -> Ticket:
    state = TicketState.CLOSED if issue.get("state") == "closed" else TicketState.OPEN
    reason = issue.get("state_reason")
    return Ticket(
        ref=TicketRef(tracker="github", container=str(repository["full_name"]), key=str(issue["number"])),
        title=issue.get("title") or "",
        body=issue.get("body") or "",
        labels=frozenset(label["name"] for label in issue.get("labels") or () if isinstance(label, Mapping)),
        votes=thumbs_up(issue.get("reactions")),
        state=state,
        close_reason=_CLOSE_REASONS.get(reason) if isinstance(reason, str) else None,
        url=issue.get("html_url"),
        author=(issue.get("user") or {}).get("login"),
        updated_at=_time(issue.get("updated_at")),
    )


def thumbs_up(reactions: Any) -> int:
    """Return the 👍 count of an issue's `reactions` object, 0 when absent or malformed."""
    count = reactions.get("+1") if isinstance(reactions, Mapping) else None
    return count if isinstance(count, int) and not isinstance(count, bool) and count > 0 else 0


def _comment(comment: Mapping[str, Any]) -> Comment:
    return Comment(
        id=str(comment["id"]),
        body=comment.get("body") or "",
        author=str((comment.get("user") or {}).get("login", "")),
        author_permission=_ASSOCIATION.get(str(comment.get("author_association")), Permission.NONE),
    )


def _is_bot(sender: Mapping[str, Any], service_login: str | None) -> bool:
    login = sender.get("login")
    if sender.get("type") == "Bot":
        return True
    return service_login is not None and login in (service_login, f"{service_login}[bot]")


def _names(repositories: Any) -> frozenset[str]:
    return frozenset(str(repo["full_name"]) for repo in repositories or () if isinstance(repo, Mapping))


def _time(value: Any) -> dt.datetime | None:
    if not isinstance(value, str):
        return None
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
