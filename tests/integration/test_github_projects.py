"""GitHub Projects (v2) item fields through the real gql client against the fake GraphQL endpoint."""

from __future__ import annotations

import datetime as dt
import logging

import pytest

from integration.github.tracker import GitHubTracker
from integration.tracker import TransientTrackerError
from problemframe.actions import Action, ScheduleOutcome, SetField, SetLabels, UpsertComment
from problemframe.events import TicketRef
from problemframe.outcome_actions import outcome_labels
from problemframe.policy import Policy
from tests.fakes.clock import FakeClock
from tests.fakes.github.auth import app_key_pair
from tests.fakes.github.limits import graphql_bucket
from tests.fakes.github.projects_model import Project
from tests.fakes.github.server import FakeGitHub
from tests.trackers import github_app_tracker, github_tracker

REPO = "acme/widgets"
POLICY = "projects:\n  - owner: acme\n    number: 7\n"
REF = TicketRef(tracker="github", container=REPO, key="1")
MANAGED = frozenset({"needs-framing", "evidence-none", "evidence-weak", "evidence-moderate", "evidence-strong"})


def framing(score: float, tier: str, *, outcome: str | None = None) -> list[Action]:
    """Return the actions a framing decision produces (labels, fields, sticky comment)."""
    actions: list[Action] = [
        SetLabels(ref=REF, wanted=frozenset({f"evidence-{tier}"}), managed=MANAGED),
        SetField(ref=REF, name="Evidence score", value=score),
        SetField(ref=REF, name="Evidence strength", value=tier),
    ]
    if outcome is not None:
        actions.append(SetField(ref=REF, name="Outcome", value=outcome))
    return [*actions, UpsertComment(ref=REF, body=f"score {score}")]


def seed_fields(fake: FakeGitHub, project: Project) -> None:
    """Give the project the four fields, as `setup github-project` would."""
    fake.projects.add_field(project, "Evidence score", "NUMBER")
    fake.projects.add_field(project, "Evidence", "SINGLE_SELECT", options=("none", "weak", "moderate", "strong"))
    fake.projects.add_field(
        project, "Outcome", "SINGLE_SELECT",
        options=("pending", "review", "met", "partial", "missed", "inconclusive", "skipped"),
    )
    fake.projects.add_field(project, "Outcome due", "DATE")


@pytest.fixture
def board(fake_github: FakeGitHub) -> Project:
    """Seed the service's token, a repository naming project acme/7 in its policy, one issue, and the project."""
    fake_github.add_user("problemframe-bot", token="bot-token")
    fake_github.add_repo(REPO)
    fake_github.put_file(REPO, ".github/problemframe.yml", POLICY)
    fake_github.add_issue(REPO, title="Exports time out")
    project = fake_github.projects.add_project("acme", 7)
    seed_fields(fake_github, project)
    return project


def node_id(fake: FakeGitHub) -> str:
    """Return the issue's GraphQL node id."""
    return f"I_{fake.issue(REPO, 1).id}"


def test_a_framed_issue_becomes_an_item_holding_its_score_and_tier(
    fake_github: FakeGitHub, board: Project, fake_clock: FakeClock
) -> None:
    gh = github_tracker(fake_github, fake_clock)

    writes = gh.apply(framing(42, "moderate"))

    content = node_id(fake_github)
    assert board.value(content, "Evidence score") == 42.0
    assert board.value(content, "Evidence") == "moderate"
    assert board.value(content, "Outcome") is None
    assert [m.name for m in fake_github.projects.writes()] == [
        "addProjectV2ItemById", "updateProjectV2ItemFieldValue", "updateProjectV2ItemFieldValue",
    ]
    assert writes == len(fake_github.writes()) + 3


def test_values_already_held_cost_no_write_and_a_new_score_costs_one(
    fake_github: FakeGitHub, board: Project, fake_clock: FakeClock
) -> None:
    gh = github_tracker(fake_github, fake_clock)
    gh.apply(framing(42, "moderate"))
    before = len(fake_github.projects.writes())

    assert gh.apply(framing(42, "moderate")) == 0
    assert len(fake_github.projects.writes()) == before

    gh.apply(framing(55, "moderate"))
    changed = fake_github.projects.writes()[before:]
    assert [m.name for m in changed] == ["updateProjectV2ItemFieldValue"]
    assert changed[0].input["value"] == {"number": 55.0}
    assert board.value(node_id(fake_github), "Evidence score") == 55.0


def test_shipping_sets_outcome_and_due_date_and_closing_as_not_planned_empties_them(
    fake_github: FakeGitHub, board: Project, fake_clock: FakeClock
) -> None:
    gh = github_tracker(fake_github, fake_clock)
    gh.apply(framing(42, "moderate"))
    due = dt.datetime(2027, 3, 1, 12, tzinfo=dt.UTC)
    policy = Policy()

    gh.apply([*framing(42, "moderate", outcome="pending"),
              ScheduleOutcome(ref=REF, due=due, shipped_at=due - dt.timedelta(days=30))])
    content = node_id(fake_github)
    assert board.value(content, "Outcome") == "pending"
    assert board.value(content, "Outcome due") == "2027-03-01"

    gh.apply([outcome_labels(REF, policy, "review")])  # the window ended: only the outcome labels move
    assert board.value(content, "Outcome") == "review"
    assert board.value(content, "Outcome due") == "2027-03-01"

    before = len(fake_github.projects.writes())
    gh.apply([outcome_labels(REF, policy)])  # closed as not planned: the loop stops
    assert board.value(content, "Outcome") is None
    assert board.value(content, "Outcome due") is None
    assert [m.name for m in fake_github.projects.writes()[before:]] == ["clearProjectV2ItemFieldValue"] * 2


def test_a_closed_outcome_is_no_option_on_the_board(
    fake_github: FakeGitHub, board: Project, fake_clock: FakeClock
) -> None:
    gh = github_tracker(fake_github, fake_clock)
    gh.apply(framing(42, "moderate", outcome="met"))
    assert board.value(node_id(fake_github), "Outcome") == "met"

    gh.apply(framing(42, "moderate", outcome="closed"))
    assert board.value(node_id(fake_github), "Outcome") is None


def test_a_user_owned_project_is_found_too(fake_github: FakeGitHub, fake_clock: FakeClock) -> None:
    fake_github.add_user("problemframe-bot", token="bot-token")
    fake_github.add_repo("mona/tool")
    fake_github.put_file("mona/tool", ".github/problemframe.yml", "projects: [{owner: mona, number: 2}]")
    fake_github.add_issue("mona/tool")
    project = fake_github.projects.add_project("mona", 2, kind="User")
    seed_fields(fake_github, project)
    ref = TicketRef(tracker="github", container="mona/tool", key="1")

    github_tracker(fake_github, fake_clock).apply([SetField(ref=ref, name="Evidence score", value=12.0)])

    assert project.value(f"I_{fake_github.issue('mona/tool', 1).id}", "Evidence score") == 12.0


def test_without_projects_in_the_policy_no_graphql_call_is_made(fake_github: FakeGitHub, fake_clock: FakeClock) -> None:
    fake_github.add_user("problemframe-bot", token="bot-token")
    fake_github.add_repo(REPO)
    fake_github.add_issue(REPO)

    github_tracker(fake_github, fake_clock).apply(framing(42, "moderate"))

    assert not [r for r in fake_github.requests if r.path == "/graphql"]


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


def test_dry_run_reads_but_writes_nothing(fake_github: FakeGitHub, board: Project, fake_clock: FakeClock) -> None:
    github_tracker(fake_github, fake_clock, dry_run=True).apply(framing(42, "moderate"))

    assert fake_github.projects.writes() == []
    assert board.items == []


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


def test_a_framing_update_without_the_outcome_leaves_the_outcome_on_the_board(
    fake_github: FakeGitHub, board: Project, fake_clock: FakeClock
) -> None:
    gh = github_tracker(fake_github, fake_clock)
    gh.apply(framing(42, "moderate", outcome="review"))
    before = len(fake_github.projects.writes())

    gh.apply(framing(42, "moderate"))  # as `backfill` decides: from the ticket alone, without its stored outcome

    assert board.value(node_id(fake_github), "Outcome") == "review"
    assert len(fake_github.projects.writes()) == before
