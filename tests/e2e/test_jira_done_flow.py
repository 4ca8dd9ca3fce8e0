"""Jira end to end once an issue is done: it reopens pending its outcome; a review by the right person closes it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from integration.jira.comments import MARKER
from problemframe.events import TicketRef
from problemframe.outcome import OutcomeState
from tests.e2e.jira_flow_support import UNFRAMED, created, jira_site, set_up, sticky, strong_frame
from tests.e2e.jira_support import (
    PROJECT,
    Service,
    comment_delivery,
    issue_delivery,
    move,
    running,
    service_settings,
    status_item,
)
from tests.fakes.jira.model import default_workflow
from tests.fakes.jira.server import FakeJira


@pytest.fixture
def jira() -> Iterator[FakeJira]:
    with jira_site() as fake:
        yield fake


@pytest.fixture
def service(jira: FakeJira, tmp_path: Path) -> Iterator[Service]:
    set_up(jira)
    with running(service_settings(jira, f"sqlite:///{tmp_path / 'problemframe.db'}")) as started:
        yield started


def framed_and_done(jira: FakeJira, service: Service) -> str:
    """Frame an issue completely, then move it to Done on the board and deliver that change."""
    key = jira.add_issue(PROJECT, "Bulk edit SKUs", description=strong_frame())
    created(jira, service, key)
    move(jira, key, "Done")
    moved = issue_delivery(jira, "issue_updated_status-changed", key, items=[status_item(jira, "To Do", "Done")])
    assert service.deliver(moved).status_code == 202
    service.drain()
    return key


def test_moving_a_framed_issue_to_done_reopens_it_pending_its_outcome(jira: FakeJira, service: Service) -> None:
    key = framed_and_done(jira, service)
    issue = jira.issue(key)
    assert jira.workflow.status(issue.status).category != "done" and issue.resolution is None
    assert "outcome-pending" in issue.labels
    assert jira.value(key, "Outcome") == "pending"
    record = service.store.outcomes.get(TicketRef(tracker="jira", container=PROJECT, key=key))
    assert record is not None and record.state is OutcomeState.PENDING and record.due_at is not None
    assert "pending" in sticky(jira, key)["body"].lower()


def test_an_outcome_review_by_someone_who_may_edit_the_issue_closes_it_as_met(
    jira: FakeJira, service: Service
) -> None:
    key = framed_and_done(jira, service)
    comment_id = jira.add_comment(key, "/outcome met shipped to all 3PL customers", author="admin")
    assert service.deliver(comment_delivery(jira, key, comment_id, with_issue=True)).status_code == 202
    service.drain()
    issue = jira.issue(key)
    assert (issue.status, issue.resolution) == ("Done", "Done")
    assert "outcome-met" in issue.labels and "outcome-pending" not in issue.labels
    assert jira.value(key, "Outcome") == "met"
    reply = issue.comments[-1]
    assert reply["author"] is jira.bot and "met" in reply["body"]
    record = service.store.outcomes.get(TicketRef(tracker="jira", container=PROJECT, key=key))
    assert record is not None and record.state is OutcomeState.REVIEWED


def test_an_outcome_command_from_someone_who_may_not_edit_the_issue_is_refused(
    jira: FakeJira, service: Service
) -> None:
    jira.add_user("guest", account_id="5b10ac8d82e05b22cc7d4ebb", display_name="Guest Viewer", can_edit=False)
    key = framed_and_done(jira, service)
    comment_id = jira.add_comment(key, "/outcome met", author="guest")
    assert service.deliver(comment_delivery(jira, key, comment_id, with_issue=True)).status_code == 202
    service.drain()
    issue = jira.issue(key)
    reply = issue.comments[-1]
    assert reply["author"] is jira.bot and "write access" in reply["body"]
    assert jira.workflow.status(issue.status).category != "done"
    assert "outcome-pending" in issue.labels and "outcome-met" not in issue.labels
    assert jira.value(key, "Outcome") == "pending"


def test_a_server_style_comment_without_its_issue_is_answered_on_the_fetched_issue(
    jira: FakeJira, service: Service
) -> None:
    key = jira.add_issue(PROJECT, "Faster exports", description=UNFRAMED)
    created(jira, service, key)
    comment_id = jira.add_comment(key, "/outcome bogus", author="alice")
    payload = comment_delivery(jira, key, comment_id, with_issue=False)
    assert "issue" not in payload
    mark = jira.mark()
    assert service.deliver(payload).status_code == 202
    service.drain()
    issue_id = jira.issue(key).id
    assert any(r.method == "GET" and r.path.endswith(f"/issue/{issue_id}") for r in jira.requests[mark:])
    replies = [c for c in jira.issue(key).comments if c["id"] not in (comment_id, sticky_id(jira, key))]
    assert [c["author"] for c in replies] == [jira.bot]


def sticky_id(jira: FakeJira, key: str) -> str:
    """Return the id of the service's sticky comment on an issue."""
    [found] = [c["id"] for c in jira.issue(key).comments if c["author"] is jira.bot and c["body"].startswith(MARKER)]
    return str(found)


def test_a_project_policy_from_the_service_configuration_moves_shipped_issues_to_its_review_status(
    tmp_path: Path,
) -> None:
    policies = tmp_path / "jira-policies.yml"
    policies.write_text(f"{PROJECT}:\n  outcome:\n    review_status: Outcome review\n", encoding="utf-8")
    with FakeJira(workflow=default_workflow(outcome_review=True)) as jira:
        jira.add_project(PROJECT)
        set_up(jira)
        settings = service_settings(jira, f"sqlite:///{tmp_path / 'policy.db'}", jira_policy_file=policies)
        with running(settings) as service:
            key = framed_and_done(jira, service)
        assert jira.issue(key).status == "Outcome review"
        assert "outcome-pending" in jira.issue(key).labels
        assert jira.violations == []


def test_on_data_center_the_reviewer_is_known_by_user_name(tmp_path: Path) -> None:
    with FakeJira(deployment="Server") as jira:
        jira.add_project(PROJECT)
        jira.add_user("admin", account_id="unused-on-server", display_name="Site Admin")
        set_up(jira)
        settings = service_settings(jira, f"sqlite:///{tmp_path / 'server.db'}")
        with running(settings) as service:
            key = framed_and_done(jira, service)
            comment_id = jira.add_comment(key, "/outcome partial half of the customers moved", author="admin")
            assert service.deliver(comment_delivery(jira, key, comment_id, with_issue=False)).status_code == 202
            service.drain()
        issue = jira.issue(key)
        assert (issue.status, "outcome-partial" in issue.labels) == ("Done", True)
        assert jira.value(key, "Outcome") == "partial"
        assert jira.violations == []
