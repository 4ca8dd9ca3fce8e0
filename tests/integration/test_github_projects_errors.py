"""GitHub Projects (v2) when GraphQL fails, limits, or refuses: retries, waits, missing projects, App credentials."""

from __future__ import annotations

import logging

import pytest

from integration.github.tracker import GitHubTracker
from integration.tracker import TransientTrackerError
from tests.fakes.clock import FakeClock
from tests.fakes.github.auth import app_key_pair
from tests.fakes.github.limits import graphql_bucket
from tests.fakes.github.projects_model import Project
from tests.fakes.github.server import FakeGitHub
from tests.integration.github_projects_support import POLICY, REPO, framing, node_id, seed_board, seed_fields
from tests.trackers import github_app_tracker, github_tracker


@pytest.fixture
def board(fake_github: FakeGitHub) -> Project:
    return seed_board(fake_github)


def test_a_server_error_is_retried_and_a_secondary_limit_waited_out(
    fake_github: FakeGitHub, board: Project, fake_clock: FakeClock
) -> None:
    gh = github_tracker(fake_github, fake_clock)
    gh.apply(framing(42, "moderate"))
    fake_github.fail_next("POST", "/graphql", 502)
    fake_github.fail_next("POST", "/graphql", 403, headers={"retry-after": "7"}, body={
        "message": "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
        "documentation_url": "https://docs.github.com/graphql/overview/rate-limits-and-node-limits-for-the-graphql-api",
    })

    gh.apply(framing(60, "strong"))

    assert board.value(node_id(fake_github), "Evidence score") == 60.0
    assert board.value(node_id(fake_github), "Evidence") == "strong"
    assert 7.0 in fake_clock.sleeps
    statuses = [r.status for r in fake_github.requests if r.path == "/graphql"]
    assert 502 in statuses and 403 in statuses


def test_an_exhausted_graphql_limit_is_waited_out_until_its_reset(
    fake_github: FakeGitHub, board: Project, fake_clock: FakeClock
) -> None:
    fake_github.clock = fake_clock.time
    gh = github_tracker(fake_github, fake_clock)
    gh.apply(framing(42, "moderate"))
    fake_github.set_rate_limit(graphql_bucket("problemframe-bot"), remaining=0, reset_in=20)
    reset = fake_clock.time() + 20

    gh.apply(framing(43, "moderate"))

    assert board.value(node_id(fake_github), "Evidence score") == 43.0
    assert any(s > 15 for s in fake_clock.sleeps)
    assert fake_clock.time() >= reset
    assert fake_github.issue(REPO, 1).labels == ["evidence-moderate"]


def test_graphql_that_stays_down_is_a_transient_error_for_the_worker(
    fake_github: FakeGitHub, board: Project, fake_clock: FakeClock
) -> None:
    gh = github_tracker(fake_github, fake_clock)
    fake_github.fail_next("POST", "/graphql", 503, times=10)

    with pytest.raises(TransientTrackerError):
        gh.apply(framing(42, "moderate"))

    assert fake_github.issue(REPO, 1).labels == ["evidence-moderate"]  # the REST writes still landed


def test_a_project_the_service_cannot_find_is_logged_and_the_ticket_still_framed(
    fake_github: FakeGitHub, fake_clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    fake_github.add_user("problemframe-bot", token="bot-token")
    fake_github.add_repo(REPO)
    fake_github.put_file(REPO, ".github/problemframe.yml", POLICY)
    fake_github.add_issue(REPO)
    fake_github.projects.add_project("acme", 8)  # not number 7

    with caplog.at_level(logging.ERROR):
        github_tracker(fake_github, fake_clock).apply(framing(42, "moderate"))

    assert "acme/7" in caplog.text
    assert fake_github.issue(REPO, 1).labels == ["evidence-moderate"]
    assert fake_github.projects.writes() == []


def app_tracker(fake: FakeGitHub, *, project_owner: str) -> tuple[GitHubTracker, Project]:
    """Install an App on the repository (which names project `project_owner`/7) and return its tracker."""
    private, public = app_key_pair()
    fake.add_app(99, slug="problemframe", public_key_pem=public)
    fake.add_repo(REPO)
    fake.put_file(REPO, ".github/problemframe.yml", POLICY.replace("acme", project_owner))
    fake.add_issue(REPO)
    fake.install_app(99, [REPO])
    project = fake.projects.add_project(project_owner, 7)
    seed_fields(fake, project)
    return github_app_tracker(fake, 99, private, write_interval=0.0), project


def test_a_github_app_reaches_graphql_with_its_installation_token(fake_github: FakeGitHub) -> None:
    gh, project = app_tracker(fake_github, project_owner="acme")

    gh.apply(framing(30, "moderate"))

    assert project.value(node_id(fake_github), "Evidence score") == 30.0
    assert {r.who for r in fake_github.requests if r.path == "/graphql"} == {"problemframe[bot]"}


def test_an_installation_token_does_not_reach_another_accounts_project(
    fake_github: FakeGitHub, caplog: pytest.LogCaptureFixture
) -> None:
    gh, project = app_tracker(fake_github, project_owner="globex")

    with caplog.at_level(logging.ERROR):
        gh.apply(framing(30, "moderate"))

    assert "project globex/7 skipped: GitHub GraphQL: Resource not accessible by integration" in caplog.text
    assert fake_github.issue(REPO, 1).labels == ["evidence-moderate"]
    assert project.items == [] and fake_github.projects.writes() == []


def test_a_project_the_credential_may_not_edit_is_logged_and_the_ticket_still_framed(
    fake_github: FakeGitHub, board: Project, fake_clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    forbidden = {"data": None, "errors": [{"type": "FORBIDDEN", "message": "Resource not accessible by integration"}]}
    fake_github.fail_next("POST", "/graphql", 200, body=forbidden)

    with caplog.at_level(logging.ERROR):
        github_tracker(fake_github, fake_clock).apply(framing(42, "moderate"))

    assert "Resource not accessible by integration" in caplog.text
    assert fake_github.issue(REPO, 1).labels == ["evidence-moderate"]
    assert fake_github.projects.writes() == []


def test_an_error_status_with_graphql_errors_in_its_body_is_retried(
    fake_github: FakeGitHub, board: Project, fake_clock: FakeClock
) -> None:
    fake_github.fail_next("POST", "/graphql", 502, body={"data": None, "errors": [{"message": "Bad gateway"}]})

    github_tracker(fake_github, fake_clock).apply(framing(42, "moderate"))

    assert board.value(node_id(fake_github), "Evidence score") == 42.0
