"""Jira webhook payloads (real captured deliveries) normalised into TicketEvents."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from integration.jira.events import IssueNotInPayload, normalise, relevant_items
from problemframe.events import CloseReason, EventKind, Ticket, TicketRef, TicketState
from tests.fakes.jira.server import FakeJira, add_problemframe_fields
from tests.trackers import jira_tracker

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "jira-webhooks"
BOT = "5bcede20b3e37a158c364fef"


def load(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


def fetched(issue_id: str) -> Ticket:
    return Ticket(ref=TicketRef(tracker="jira", container="BBCOM", key=f"BBCOM-{issue_id}"))


# Every captured payload and what it means; None marks a payload deliberately skipped.
EXPECTED: dict[str, tuple[EventKind | None, str | None]] = {
    "comment_created": (EventKind.COMMENTED, "BBCOM-26313"),
    "comment_updated": (EventKind.COMMENT_EDITED, "INDEV-28"),
    "comment_deleted": (None, None),  # nothing to decide when a comment goes away
    "epic_created": (EventKind.OPENED, "DTP-1"),
    "issue_created": (EventKind.OPENED, "BBCOM-1398"),
    "issue_updated_commented": (None, None),  # the same comment also arrives as comment_created
    "issue_updated_commented-changed": (None, None),  # start and end dates only
    "issue_updated_description-update": (EventKind.EDITED, "INDEV-131"),
    "issue_updated_generic": (EventKind.EDITED, "BBCOM-1233"),
    "issue_updated_issue-assigned": (None, None),  # assignment
    "issue_updated_move-issue": (EventKind.EDITED, "INDEV-130"),
    "issue_updated_rank-changed": (None, None),  # rank
    "issue_updated_status-changed": (EventKind.EDITED, "INDEV-6"),
}


def test_every_captured_payload_is_covered() -> None:
    assert {path.stem for path in FIXTURES.glob("*.json")} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_captured_payload_normalises(name: str) -> None:
    kind, key = EXPECTED[name]
    event = normalise(load(name), service_logins={BOT}, fetch_issue=fetched, delivery_id="d-1")
    if kind is None:
        assert event is None
        return
    assert event is not None
    assert (event.kind, event.ticket.ref.key, event.ticket.ref.tracker) == (kind, key, "jira")
    assert event.delivery_id == "d-1"
    assert event.actor
    assert event.actor_is_bot is (event.actor == BOT)


def test_server_comment_without_issue_needs_a_fetch() -> None:
    with pytest.raises(IssueNotInPayload) as caught:
        normalise(load("comment_created"), service_logins={BOT})
    assert caught.value.issue_id == "26313"


def test_comment_fields_and_author() -> None:
    event = normalise(load("comment_created"), service_logins={BOT}, fetch_issue=fetched)
    assert event is not None and event.comment is not None
    assert (event.comment.id, event.comment.body, event.comment.author) == ("31039", "12345", "ii_ivanov")
    assert event.occurred_at == dt.datetime(2017, 11, 30, 9, 28, 4, 304000, tzinfo=dt.UTC)


def test_issue_fields_come_through() -> None:
    event = normalise(load("issue_updated_description-update"), service_logins={BOT}, server_url="https://jira.test")
    assert event is not None
    ticket = event.ticket
    assert ticket.body == "Лалалалл 11233"
    assert ticket.state is TicketState.OPEN
    assert ticket.url == "https://jira.test/browse/INDEV-131"
    assert event.actor == "5c07f55ba1b46046f530e0f3"


def test_events_by_the_service_account_are_marked() -> None:
    event = normalise(load("issue_updated_status-changed"), service_logins={BOT})
    assert event is not None and event.actor_is_bot
    payload = load("comment_updated")
    payload["comment"]["updateAuthor"]["accountId"] = BOT
    event = normalise(payload, service_logins={BOT})
    assert event is not None and event.actor_is_bot


def done(payload: dict[str, Any], resolution: str | None) -> dict[str, Any]:
    payload = copy.deepcopy(payload)
    status = payload["issue"]["fields"]["status"]
    status["name"] = "Done"
    status["statusCategory"] = {"id": 3, "key": "done", "name": "Done"}
    payload["issue"]["fields"]["resolution"] = None if resolution is None else {"id": "1", "name": resolution}
    payload["changelog"]["items"][0]["toString"] = "Done"
    return payload


def test_status_change_into_done_is_a_close_with_its_resolution() -> None:
    event = normalise(done(load("issue_updated_status-changed"), "Duplicate"), service_logins={BOT})
    assert event is not None
    assert (event.kind, event.ticket.state, event.ticket.close_reason) == (
        EventKind.CLOSED,
        TicketState.CLOSED,
        CloseReason.DUPLICATE,
    )
    event = normalise(done(load("issue_updated_status-changed"), None), service_logins={BOT})
    assert event is not None and event.ticket.close_reason is CloseReason.COMPLETED


def test_leaving_done_with_the_resolution_cleared_is_a_reopen() -> None:
    payload = load("issue_updated_status-changed")
    payload["changelog"]["items"] = [
        {"field": "resolution", "fieldId": "resolution", "fromString": "Done", "toString": None},
        {"field": "status", "fieldId": "status", "fromString": "Done", "toString": "To Do"},
    ]
    event = normalise(payload, service_logins={BOT})
    assert event is not None and event.kind is EventKind.REOPENED


def with_items(*items: dict[str, Any]) -> dict[str, Any]:
    payload = load("issue_updated_rank-changed")
    payload["changelog"]["items"] = list(items)
    return payload


def test_changes_to_owned_labels_only_are_skipped() -> None:
    ours = {"field": "labels", "fieldId": "labels", "fromString": "needs-framing", "toString": "evidence-weak"}
    assert normalise(with_items(ours), service_logins={BOT}) is None
    theirs = {"field": "labels", "fieldId": "labels", "fromString": "evidence-weak", "toString": "evidence-weak bug"}
    event = normalise(with_items(theirs), service_logins={BOT})
    assert event is not None and event.kind is EventKind.EDITED


def test_frame_field_changes_count_by_name_or_id() -> None:
    by_name = {"field": "Customer evidence", "fieldtype": "custom", "fromString": "", "toString": "Acme"}
    assert normalise(with_items(by_name), service_logins={BOT}) is not None
    by_id = {"field": "Renamed", "fieldtype": "custom", "fieldId": "customfield_10100", "toString": "x"}
    assert normalise(with_items(by_id), service_logins={BOT}) is None
    event = normalise(with_items(by_id), service_logins={BOT}, frame_ids={"evidence": "customfield_10100"})
    assert event is not None


def test_frame_fields_are_read_from_the_payload() -> None:
    payload = load("issue_updated_description-update")
    payload["issue"]["fields"]["customfield_10100"] = "Acme, Globex"
    event = normalise(payload, service_logins={BOT}, frame_ids={"evidence": "customfield_10100"})
    assert event is not None and event.ticket.fields == {"evidence": "Acme, Globex"}


def test_unknown_events_are_skipped() -> None:
    assert normalise({"webhookEvent": "sprint_started", "sprint": {}}, service_logins={BOT}) is None
    assert normalise({"webhookEvent": "jira:issue_updated"}, service_logins={BOT}) is None
    assert relevant_items(None) == []


def test_server_comment_is_resolved_through_the_tracker_and_own_comment_is_marked() -> None:
    with FakeJira(deployment="Server") as fake:
        add_problemframe_fields(fake)
        key = fake.add_issue("BBCOM", "Slow export", fields={"Problem statement": "Exports time out"})
        tracker = jira_tracker(fake)
        payload = load("comment_created")
        issue_id = fake.issue(key).id
        payload["comment"]["self"] = f"{fake.url}/rest/api/2/issue/{issue_id}/comment/31039"
        payload["comment"]["author"]["self"] = f"{fake.url}/rest/api/2/user?username=problemframe-bot"
        event = normalise(payload, service_logins={tracker.service_login()}, fetch_issue=tracker.fetch_issue)
        assert event is not None
        assert event.ticket.ref == TicketRef(tracker="jira", container="BBCOM", key=key)
        assert event.ticket.fields == {"problem": "Exports time out"}
        assert event.actor_is_bot
        assert fake.writes() == []
        assert fake.violations == []


def test_issue_type_and_votes_come_with_the_issue() -> None:
    payload = load("issue_created")
    payload["issue"]["fields"]["issuetype"]["name"] = "Bug"
    payload["issue"]["fields"]["votes"]["votes"] = 7
    event = normalise(payload, service_logins={BOT})
    assert event is not None
    assert (event.ticket.issue_type, event.ticket.votes) == ("Bug", 7)
