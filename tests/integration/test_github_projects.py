"""GitHub Projects (v2) item fields through the real gql client against the fake GraphQL endpoint: what items hold."""

from __future__ import annotations

import datetime as dt

import pytest

from problemframe.actions import ScheduleOutcome, SetField
from problemframe.events import TicketRef
from problemframe.outcome_actions import outcome_labels
from problemframe.policy import Policy
from tests.fakes.clock import FakeClock
from tests.fakes.github.projects_model import Project
from tests.fakes.github.server import FakeGitHub
from tests.integration.github_projects_support import REF, REPO, framing, node_id, seed_board, seed_fields
from tests.trackers import github_tracker


@pytest.fixture
def board(fake_github: FakeGitHub) -> Project:
    return seed_board(fake_github)


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


def test_dry_run_reads_but_writes_nothing(fake_github: FakeGitHub, board: Project, fake_clock: FakeClock) -> None:
    github_tracker(fake_github, fake_clock, dry_run=True).apply(framing(42, "moderate"))

    assert fake_github.projects.writes() == []
    assert board.items == []


def test_a_framing_update_without_the_outcome_leaves_the_outcome_on_the_board(
    fake_github: FakeGitHub, board: Project, fake_clock: FakeClock
) -> None:
    gh = github_tracker(fake_github, fake_clock)
    gh.apply(framing(42, "moderate", outcome="review"))
    before = len(fake_github.projects.writes())

    gh.apply(framing(42, "moderate"))  # as `backfill` decides: from the ticket alone, without its stored outcome

    assert board.value(node_id(fake_github), "Outcome") == "review"
    assert len(fake_github.projects.writes()) == before
