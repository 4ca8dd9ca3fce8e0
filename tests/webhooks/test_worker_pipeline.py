"""The pipeline end to end: stored GitHub deliveries -> decide -> the real GitHubTracker against the fake GitHub."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from integration.github.comments import MARKER
from integration.github.tracker import GitHubTracker
from integration.store import DeliveryStatus, Store, ticket_key
from integration.tracker import Tracker
from tests.fakes.clock import FakeClock
from tests.fakes.github.server import FakeGitHub
from tests.trackers import github_tracker
from tests.webhooks.helpers import encode, fixture, settings_for
from webhooks.pipeline import Pipeline
from webhooks.trackers import from_settings
from webhooks.worker import Worker

REPO = "Codertocat/Hello-World"
BOT = "problemframe-bot"


@pytest.fixture
def github(fake_github: FakeGitHub, fake_clock: FakeClock) -> GitHubTracker:
    fake_github.add_user(BOT, token="bot-token")
    fake_github.add_repo(REPO)
    fake_github.add_issue(REPO, title="Spelling error in the README file", body="It looks like you misspelled it.")
    return github_tracker(fake_github, fake_clock, write_interval=0)


def _unlabelled(name: str) -> dict[str, Any]:
    """Return a fixture payload without its labels (the examples carry `bug`, which the default policy skips)."""
    payload = fixture(name)
    payload["issue"]["labels"] = []
    return payload


def _deliver(store: Store, delivery_id: str, event: str, payload: dict[str, Any]) -> None:
    issue = payload.get("issue") or {}
    store.inbox.accept(
        source="github", delivery_id=delivery_id, event=event, action=payload.get("action"), body=encode(payload),
        ticket_key=ticket_key("github", REPO, str(issue.get("number"))) if issue else None,
    )


def _worker(store: Store, tracker: Tracker) -> Worker:
    return Worker(store.inbox, Pipeline(store, lambda source, *, installation_id: tracker))


def _statuses(store: Store) -> dict[str, DeliveryStatus]:
    return {d.delivery_id: d.status for d in store.inbox.find()}


def test_an_opened_issue_gets_its_labels_and_one_sticky_comment(
    store: Store, github: GitHubTracker, fake_github: FakeGitHub
) -> None:
    _deliver(store, "opened", "issues", _unlabelled("issues.opened"))
    _worker(store, github).run_once()
    assert _statuses(store) == {"opened": DeliveryStatus.DONE}
    issue = fake_github.issue(REPO, 1)
    assert "needs-framing" in issue.labels
    (comment,) = fake_github.comments(REPO, 1)
    assert comment.body.startswith(MARKER) and comment.user.login == BOT


def test_a_stale_event_is_ignored_and_writes_nothing(
    store: Store, github: GitHubTracker, fake_github: FakeGitHub
) -> None:
    newer = _unlabelled("issues.edited")
    older = copy.deepcopy(newer)
    older["issue"]["updated_at"] = "2019-05-15T15:19:00Z"
    newer["issue"]["updated_at"] = "2019-05-15T15:20:00Z"
    _deliver(store, "newer", "issues", newer)
    _deliver(store, "older", "issues", older)
    worker = _worker(store, github)
    worker.run_once()
    fake_github.clear_log()
    worker.run_once()
    statuses = _statuses(store)
    assert statuses == {"newer": DeliveryStatus.DONE, "older": DeliveryStatus.IGNORED}
    assert "stale" in str(store.inbox.find()[1].last_error)
    assert fake_github.writes() == []


def test_a_command_in_a_comment_is_not_lost_to_an_older_issue_snapshot(
    store: Store, github: GitHubTracker, fake_github: FakeGitHub
) -> None:
    edited = _unlabelled("issues.edited")
    edited["issue"]["updated_at"] = "2019-05-15T15:30:00Z"
    command = _unlabelled("issue_comment.created")
    command["issue"]["updated_at"] = "2019-05-15T15:20:00Z"
    command["comment"]["body"] = "/measure 42 from the dashboard"
    command["comment"]["author_association"] = "MEMBER"
    _deliver(store, "edited", "issues", edited)
    _deliver(store, "command", "issue_comment", command)
    worker = _worker(store, github)
    worker.run_once()
    worker.run_once()
    assert _statuses(store) == {"edited": DeliveryStatus.DONE, "command": DeliveryStatus.DONE}
    replies = [c.body for c in fake_github.comments(REPO, 1) if not c.body.startswith(MARKER)]
    assert any("Recorded 42" in body for body in replies)


def test_a_broken_policy_file_is_shown_in_the_checklist_and_the_defaults_apply(
    store: Store, github: GitHubTracker, fake_github: FakeGitHub
) -> None:
    fake_github.put_file(REPO, ".github/problemframe.yml", "evidence:\n  tiers:\n    strong: lots\n")
    _deliver(store, "opened", "issues", _unlabelled("issues.opened"))
    _worker(store, github).run_once()
    (comment,) = fake_github.comments(REPO, 1)
    assert "### Configuration" in comment.body and "evidence.tiers.strong" in comment.body
    assert "needs-framing" in fake_github.issue(REPO, 1).labels


def test_the_services_own_events_write_nothing(store: Store, github: GitHubTracker, fake_github: FakeGitHub) -> None:
    payload = _unlabelled("issues.edited")
    payload["sender"] = {"login": BOT, "type": "User", "id": 1}
    _deliver(store, "own", "issues", payload)
    _worker(store, github).run_once()
    assert _statuses(store) == {"own": DeliveryStatus.DONE}
    assert fake_github.writes() == [] and fake_github.comments(REPO, 1) == []


def test_installation_events_are_remembered(store: Store, github: GitHubTracker) -> None:
    created = fixture("installation.created")
    _deliver(store, "installed", "installation", created)
    _deliver(store, "added", "installation_repositories", fixture("installation_repositories.added"))
    _worker(store, github).run_once()
    assert set(_statuses(store).values()) == {DeliveryStatus.DONE}
    record = store.installations.get(created["installation"]["id"])
    assert record is not None and "Codertocat/Space" in record.repositories


def test_without_tracker_credentials_a_delivery_fails_for_good(store: Store) -> None:
    factory = from_settings(settings_for(store.engine.url.render_as_string(hide_password=False)))
    _deliver(store, "opened", "issues", fixture("issues.opened"))
    Worker(store.inbox, Pipeline(store, factory)).run_once()
    (failed,) = store.inbox.list_failed()
    assert failed.attempts == 1 and "PROBLEMFRAME_GITHUB_TOKEN" in str(failed.last_error)


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"{not json", "not JSON"),
        (b'{"action": "opened", "issue": {"number": 1, "updated_at": "yesterday"}, "repository": {"full_name": "'
         + REPO.encode() + b'"}}', "unreadable issues payload"),
    ],
)
def test_an_unreadable_payload_fails_for_good_at_once_with_its_reason(
    store: Store, github: GitHubTracker, fake_github: FakeGitHub, body: bytes, reason: str
) -> None:
    store.inbox.accept(
        source="github", delivery_id="broken", event="issues", action="opened", body=body,
        ticket_key=ticket_key("github", REPO, "1"),
    )
    _worker(store, github).run_once()

    (failed,) = store.inbox.list_failed()
    assert failed.attempts == 1
    assert reason in str(failed.last_error)
    assert fake_github.writes() == []
