"""A Jira delivery through normalisation, the domain's decision, and the adapter, against the fake Jira."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from typing import Any

import pytest

from integration.jira.comments import MARKER
from integration.jira.events import normalise, normalise_delivery
from integration.jira.tracker import JiraTracker
from problemframe.decide import decide
from problemframe.events import TicketEvent
from tests.fakes.jira.server import FakeJira, add_problemframe_fields
from tests.trackers import jira_tracker

NOW = dt.datetime(2026, 11, 29, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def fake() -> Iterator[FakeJira]:
    server = FakeJira()
    server.add_project("PROJ")
    add_problemframe_fields(server)
    with server:
        yield server
    assert server.violations == []


@pytest.fixture
def tracker(fake: FakeJira) -> JiraTracker:
    return jira_tracker(fake)


def delivery(fake: FakeJira, key: str, event: str, *, by: str = "alice", **extra: Any) -> dict[str, Any]:
    """Return a webhook payload in Jira's shape for the issue as the fake holds it now."""
    return {
        "timestamp": int(time.time() * 1000),
        "webhookEvent": event,
        "user": fake.user_json(fake.users[by]),
        "issue": fake.issue_json(fake.issue(key), "2"),
        **extra,
    }


def event_of(tracker: JiraTracker, payload: dict[str, Any]) -> TicketEvent | None:
    return normalise(
        payload,
        service_logins={tracker.service_login()},
        server_url=tracker.server_url,
        frame_ids=tracker.frame_ids(),
        fetch_issue=tracker.fetch_issue,
    )


def handle(tracker: JiraTracker, payload: dict[str, Any]) -> int:
    """Normalise, decide and apply one delivery; return the number of writes."""
    event = event_of(tracker, payload)
    if event is None:
        return 0
    ref = event.ticket.ref
    decision = decide(event, policy=tracker.load_policy(ref.container), now=NOW, service_login=tracker.service_login())
    return tracker.apply(list(decision.actions))


def test_an_unframed_issue_gets_labels_and_one_sticky_comment(fake: FakeJira, tracker: JiraTracker) -> None:
    key = fake.add_issue("PROJ", "Make exports faster", description="Exports are slow.")
    assert handle(tracker, delivery(fake, key, "jira:issue_created")) > 0
    issue = fake.issue(key)
    assert "needs-framing" in issue.labels
    [comment] = issue.comments
    assert comment["author"] is fake.bot and comment["body"].startswith(MARKER)
    mark = fake.mark()
    assert handle(tracker, delivery(fake, key, "jira:issue_created")) == 0
    assert fake.writes(mark) == []


def test_noise_and_the_service_own_changes_make_no_writes(fake: FakeJira, tracker: JiraTracker) -> None:
    key = fake.add_issue("PROJ", "Make exports faster", description="Exports are slow.")
    handle(tracker, delivery(fake, key, "jira:issue_created"))
    mark = fake.mark()
    rank = {"items": [{"field": "Rank", "fieldtype": "custom", "fieldId": "customfield_10019", "toString": "Ranked"}]}
    assert handle(tracker, delivery(fake, key, "jira:issue_updated", changelog=rank)) == 0
    own = {"items": [{"field": "description", "fieldId": "description", "fromString": "a", "toString": "b"}]}
    assert handle(tracker, delivery(fake, key, "jira:issue_updated", by="bot", changelog=own)) == 0
    [sticky] = fake.issue(key).comments
    issue = fake.issue(key)
    comment = fake.comment_json(issue, sticky, "2")
    assert handle(tracker, {"webhookEvent": "comment_created", "timestamp": 1, "comment": comment}) == 0
    assert fake.writes(mark) == []


def test_a_person_adding_evidence_updates_fields_labels_and_the_same_comment(
    fake: FakeJira, tracker: JiraTracker
) -> None:
    key = fake.add_issue("PROJ", "Make exports faster", description="Exports are slow.")
    handle(tracker, delivery(fake, key, "jira:issue_created"))
    assert (fake.value(key, "Evidence score"), fake.value(key, "Evidence strength")) == (0, "none")
    [before] = [c["body"] for c in fake.issue(key).comments]
    evidence = "\n".join(
        [
            '- Acme Corp — https://acme.zendesk.com/agent/tickets/4512 — $120k ARR — 2026-11-02 — "Exports time out"',
            "- Globex — https://globex.example.com/calls/77 — $80k ARR — 2026-10-20",
            "- Initech — https://crm.example.com/notes/9 — 2026-11-20",
        ]
    )
    fake.issue(key).custom[fake.field_by_name("Customer evidence").id] = evidence
    changed = {"items": [{"field": "Customer evidence", "fieldtype": "custom", "fromString": "", "toString": "x"}]}
    assert handle(tracker, delivery(fake, key, "jira:issue_updated", changelog=changed)) > 0
    assert fake.value(key, "Evidence score") > 0
    assert fake.value(key, "Evidence strength") != "none"
    assert "evidence-none" not in fake.issue(key).labels
    [after] = [c["body"] for c in fake.issue(key).comments]
    assert after != before and after.startswith(MARKER)


def test_the_pipeline_normaliser_reads_frame_fields_and_fetches_server_comments(
    fake: FakeJira, tracker: JiraTracker
) -> None:
    key = fake.add_issue("PROJ", "Slow export", fields={"Success metric": "p95 export time from 40 s to 5 s"})
    comment = fake.comment_json(fake.issue(key), {**_comment(fake), "body": "/measure 12"}, "2")
    payload = {"webhookEvent": "comment_created", "timestamp": 1, "comment": comment}
    event = normalise_delivery(payload, tracker, delivery_id="c-1")
    assert event is not None and event.delivery_id == "c-1"
    assert (event.ticket.ref.key, event.ticket.fields) == (key, {"metric": "p95 export time from 40 s to 5 s"})
    assert event.comment is not None and event.comment.body == "/measure 12"
    assert not event.actor_is_bot


def _comment(fake: FakeJira) -> dict[str, Any]:
    return {"id": "900", "author": fake.users["alice"], "created": "2026-11-29T12:00:00.000+0000", "updated": ""}

