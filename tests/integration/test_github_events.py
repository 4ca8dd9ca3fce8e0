"""Real GitHub payloads normalise into the events the domain acts on, and nothing else."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from integration.github.events import classify, installation_change, installation_id, to_ticket_event
from problemframe.events import CloseReason, EventKind, Permission, TicketState

FIXTURES = Path(__file__).parent.parent / "fixtures" / "github"


def _load(name: str) -> dict[str, Any]:
    payload: dict[str, Any] = json.loads((FIXTURES / f"{name}.json").read_text())
    return payload


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("issues.opened", EventKind.OPENED),
        ("issues.edited", EventKind.EDITED),
        ("issues.reopened", EventKind.REOPENED),
        ("issues.closed", EventKind.CLOSED),
        ("issues.labeled", EventKind.LABELED),
        ("issues.unlabeled", EventKind.UNLABELED),
        ("issues.transferred", EventKind.TRANSFERRED),
        ("issues.deleted", EventKind.DELETED),
        ("issue_comment.created", EventKind.COMMENTED),
        ("issue_comment.edited", EventKind.COMMENT_EDITED),
    ],
)
def test_each_handled_action_becomes_its_event_kind(name: str, kind: EventKind) -> None:
    payload = _load(name)
    event = to_ticket_event(name.split(".")[0], payload, delivery_id="d-1")
    assert event is not None and event.kind is kind and event.delivery_id == "d-1"
    issue, repository = payload["issue"], payload["repository"]
    assert event.ticket.ref.container == repository["full_name"]
    assert event.ticket.ref.key == str(issue["number"])
    assert event.ticket.title == issue["title"]
    assert event.ticket.labels == frozenset(label["name"] for label in issue["labels"])
    assert event.ticket.updated_at == dt.datetime.fromisoformat(issue["updated_at"].replace("Z", "+00:00"))
    assert event.actor == payload["sender"]["login"] and event.actor_is_bot is False
    envelope = classify(name.split(".")[0], payload)
    assert envelope.handled and envelope.ticket_key == f"github:{repository['full_name']}:{issue['number']}"


def test_an_opened_issue_carries_its_body_author_and_state() -> None:
    payload = _load("issues.opened")
    event = to_ticket_event("issues", payload)
    assert event is not None
    assert event.ticket.body == (payload["issue"]["body"] or "")
    assert event.ticket.author == payload["issue"]["user"]["login"]
    assert event.ticket.url == payload["issue"]["html_url"]
    assert event.ticket.state is TicketState.OPEN and event.comment is None


def test_a_closed_issue_carries_its_reason() -> None:
    event = to_ticket_event("issues", _load("issues.closed"))
    assert event is not None
    assert event.ticket.state is TicketState.CLOSED and event.ticket.close_reason is CloseReason.COMPLETED


@pytest.mark.parametrize(
    ("association", "permission"),
    [
        ("OWNER", Permission.WRITE),
        ("MEMBER", Permission.WRITE),
        ("COLLABORATOR", Permission.WRITE),
        ("CONTRIBUTOR", Permission.READ),
        ("FIRST_TIME_CONTRIBUTOR", Permission.READ),
        ("NONE", Permission.NONE),
    ],
)
def test_comment_author_association_sets_permission(association: str, permission: Permission) -> None:
    payload = _load("issue_comment.created")
    payload["comment"]["author_association"] = association
    event = to_ticket_event("issue_comment", payload)
    assert event is not None and event.comment is not None
    assert event.comment.author_permission is permission
    assert event.comment.id == str(payload["comment"]["id"])
    assert event.comment.body == payload["comment"]["body"]
    assert event.comment.author == payload["comment"]["user"]["login"]


def _is_bot(payload: dict[str, Any], service_login: str | None = None) -> bool:
    event = to_ticket_event("issue_comment", payload, service_login=service_login)
    assert event is not None
    return event.actor_is_bot


def test_bots_and_the_service_itself_are_recognised() -> None:
    payload = _load("issue_comment.created")
    login = payload["sender"]["login"]
    assert _is_bot(payload, "someone-else") is False
    assert _is_bot(payload, login) is True
    payload["sender"]["login"] = "problemframe[bot]"
    assert _is_bot(payload, "problemframe") is True
    payload["sender"] = {"login": "dependabot[bot]", "type": "Bot"}
    assert _is_bot(payload) is True


@pytest.mark.parametrize(
    ("event", "mutate"),
    [
        ("ping", None),
        ("issues", {"action": "assigned"}),
        ("issues", {"action": "milestoned"}),
        ("push", None),
        ("issue_comment", {"action": "deleted"}),
    ],
)
def test_unhandled_deliveries_are_not_events(event: str, mutate: dict[str, str] | None) -> None:
    payload = _load("issues.opened" if event != "issue_comment" else "issue_comment.created") | (mutate or {})
    if event == "ping":
        payload = _load("ping")
    assert to_ticket_event(event, payload) is None
    assert classify(event, payload).handled is False


def test_comments_on_pull_requests_are_not_events() -> None:
    payload = _load("issue_comment.created")
    payload["issue"]["pull_request"] = {"url": "https://api.github.com/repos/o/r/pulls/1"}
    assert to_ticket_event("issue_comment", payload) is None


def test_installation_events_are_read_for_the_store() -> None:
    created = _load("installation.created")
    change = installation_change("installation", created)
    assert change is not None and not change.removed
    assert change.installation_id == created["installation"]["id"] == installation_id(created)
    assert change.account == created["installation"]["account"]["login"]
    assert change.repositories == frozenset(repo["full_name"] for repo in created["repositories"])
    assert classify("installation", created).handled

    added = _load("installation_repositories.added")
    change = installation_change("installation_repositories", added)
    assert change is not None and change.added == frozenset(r["full_name"] for r in added["repositories_added"])

    deleted = created | {"action": "deleted"}
    change = installation_change("installation", deleted)
    assert change is not None and change.removed
    assert installation_change("issues", _load("issues.opened")) is None


def test_thumbs_up_on_the_issue_are_its_votes() -> None:
    payload = _load("issues.opened")
    assert to_ticket_event("issues", payload).ticket.votes == 0  # type: ignore[union-attr]
    payload["issue"]["reactions"]["+1"] = 34
    event = to_ticket_event("issues", payload)
    assert event is not None and event.ticket.votes == 34
    payload["issue"]["reactions"] = "broken"
    event = to_ticket_event("issues", payload)
    assert event is not None and event.ticket.votes == 0
