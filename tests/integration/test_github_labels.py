"""GitHubTracker labels against the fake GitHub: created once with colours, minimal diffs, unmanaged labels kept."""

from __future__ import annotations

import logging

import pytest

from integration.github.calls import GitHubRefused
from integration.github.palette import EVIDENCE, NEEDS_FRAMING
from problemframe.actions import Action, SetField, SetLabels, Transition
from problemframe.events import TicketRef
from tests.fakes.clock import FakeClock
from tests.fakes.github.server import FakeGitHub
from tests.trackers import github_tracker

REPO = "octo-org/widgets"
MANAGED = frozenset(
    {"needs-framing", "evidence-none", "evidence-weak", "evidence-moderate", "evidence-strong", "outcome-pending"}
)


@pytest.fixture
def repo(fake_github: FakeGitHub) -> FakeGitHub:
    """Seed a repository, the service's account and one issue labelled 'bug'."""
    fake_github.add_user("problemframe-bot", token="bot-token")
    fake_github.add_repo(REPO)
    fake_github.add_issue(REPO, title="Exports time out", labels=["bug"])
    return fake_github


def ref(number: int = 1) -> TicketRef:
    """Return the ref of an issue in the test repository."""
    return TicketRef(tracker="github", container=REPO, key=str(number))


def labels_of(fake: FakeGitHub, number: int = 1) -> set[str]:
    """Return the issue's label names as the fake stores them."""
    return set(fake.issue(REPO, number).labels)


def test_missing_labels_are_created_once_with_colours_and_descriptions(repo: FakeGitHub, fake_clock: FakeClock) -> None:
    gh = github_tracker(repo, fake_clock)
    wanted = frozenset({"needs-framing", "evidence-none"})

    writes = gh.apply([SetLabels(ref=ref(), wanted=wanted, managed=MANAGED)])

    assert labels_of(repo) == {"bug", "needs-framing", "evidence-none"}
    created = repo.repo(REPO).labels
    assert (created["needs-framing"].color, created["needs-framing"].description) == NEEDS_FRAMING
    assert (created["evidence-none"].color, created["evidence-none"].description) == EVIDENCE["none"]
    label_posts = [r for r in repo.writes() if r.path == f"/repos/{REPO}/labels"]
    assert len(label_posts) == 2
    assert writes == len(repo.writes()) == 3  # two labels created, one POST adding both to the issue

    repo.add_issue(REPO, title="Second")
    repo.clear_log()
    assert gh.apply([SetLabels(ref=ref(2), wanted=wanted, managed=MANAGED)]) == 1
    assert [r.path for r in repo.writes()] == [f"/repos/{REPO}/issues/2/labels"]


def test_only_the_difference_is_written_and_unmanaged_labels_stay(repo: FakeGitHub, fake_clock: FakeClock) -> None:
    gh = github_tracker(repo, fake_clock)
    gh.apply([SetLabels(ref=ref(), wanted=frozenset({"needs-framing", "evidence-none"}), managed=MANAGED)])
    repo.clear_log()

    writes = gh.apply([SetLabels(ref=ref(), wanted=frozenset({"evidence-weak"}), managed=MANAGED)])

    assert labels_of(repo) == {"bug", "evidence-weak"}
    methods = sorted((r.method, r.path) for r in repo.writes())
    # The new label is created once; the issue's labels change in one PUT rather than two DELETEs and a POST.
    assert methods == [
        ("POST", f"/repos/{REPO}/labels"),
        ("PUT", f"/repos/{REPO}/issues/1/labels"),
    ]
    assert writes == 2


def test_a_single_stale_label_is_removed_alone(repo: FakeGitHub, fake_clock: FakeClock) -> None:
    gh = github_tracker(repo, fake_clock)
    gh.apply([SetLabels(ref=ref(), wanted=frozenset({"needs-framing", "evidence-weak"}), managed=MANAGED)])
    repo.clear_log()

    assert gh.apply([SetLabels(ref=ref(), wanted=frozenset({"evidence-weak"}), managed=MANAGED)]) == 1

    assert [(r.method, r.path) for r in repo.writes()] == [
        ("DELETE", f"/repos/{REPO}/issues/1/labels/needs-framing")
    ]
    assert labels_of(repo) == {"bug", "evidence-weak"}


def test_unchanged_desired_state_makes_no_writes(repo: FakeGitHub, fake_clock: FakeClock) -> None:
    gh = github_tracker(repo, fake_clock)
    action = SetLabels(ref=ref(), wanted=frozenset({"evidence-strong"}), managed=MANAGED)
    assert gh.apply([action]) > 0
    repo.clear_log()

    assert gh.apply([action, action]) == 0

    assert repo.writes() == []
    assert labels_of(repo) == {"bug", "evidence-strong"}


def test_label_names_compare_case_insensitively(repo: FakeGitHub, fake_clock: FakeClock) -> None:
    repo.add_issue(REPO, title="Shouty", labels=["Evidence-Weak", "Needs-Framing"])
    gh = github_tracker(repo, fake_clock)

    writes = gh.apply([SetLabels(ref=ref(2), wanted=frozenset({"evidence-weak"}), managed=MANAGED)])

    assert writes == 1
    assert labels_of(repo, 2) == {"Evidence-Weak"}


def test_a_label_removed_meanwhile_is_not_an_error(repo: FakeGitHub, fake_clock: FakeClock) -> None:
    repo.add_issue(REPO, title="Racy", labels=["needs-framing"])
    gh = github_tracker(repo, fake_clock)
    gone = {"message": "Label does not exist"}
    repo.fail_next("DELETE", rf"/repos/{REPO}/issues/2/labels/needs-framing", 404, body=gone)

    assert gh.apply([SetLabels(ref=ref(2), wanted=frozenset(), managed=MANAGED)]) == 1


def test_a_jira_transition_makes_no_request(repo: FakeGitHub, fake_clock: FakeClock) -> None:
    gh = github_tracker(repo, fake_clock)
    actions: list[Action] = [
        Transition(ref=ref(), status="Done"),
    ]

    assert gh.apply(actions) == 0
    assert repo.requests == []


def test_fields_without_projects_in_the_policy_only_read_the_policy(repo: FakeGitHub, fake_clock: FakeClock) -> None:
    gh = github_tracker(repo, fake_clock)

    assert gh.apply([SetField(ref=ref(), name="Evidence score", value=40.0)]) == 0
    assert [(r.method, r.path) for r in repo.requests] == [("GET", f"/repos/{REPO}/contents/.github/problemframe.yml")]


def test_dry_run_logs_instead_of_writing(
    repo: FakeGitHub, fake_clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    gh = github_tracker(repo, fake_clock, dry_run=True)
    caplog.set_level(logging.INFO, logger="integration.github")

    writes = gh.apply([SetLabels(ref=ref(), wanted=frozenset({"needs-framing"}), managed=MANAGED)])

    assert writes == 0
    assert repo.writes() == []
    assert labels_of(repo) == {"bug"}
    assert "dry run: would add labels ['needs-framing']" in caplog.text


def test_renamed_labels_from_the_policy_get_their_colours(repo: FakeGitHub, fake_clock: FakeClock) -> None:
    repo.put_file(REPO, ".github/problemframe.yml", "labels:\n  needs_framing: 'problem: needs framing'\n")
    gh = github_tracker(repo, fake_clock)
    name = gh.load_policy(REPO).labels.needs_framing
    managed = frozenset({name})

    gh.apply([SetLabels(ref=ref(), wanted=managed, managed=managed)])
    assert labels_of(repo) == {"bug", name}
    assert repo.repo(REPO).labels[name].color == NEEDS_FRAMING.color

    gh.apply([SetLabels(ref=ref(), wanted=frozenset(), managed=managed)])
    assert labels_of(repo) == {"bug"}


def test_a_label_another_replica_just_created_counts_as_created(repo: FakeGitHub, fake_clock: FakeClock) -> None:
    first, second = github_tracker(repo, fake_clock), github_tracker(repo, fake_clock)
    repo.add_issue(REPO, title="Second")
    repo.add_issue(REPO, title="Third")
    first.apply([SetLabels(ref=ref(), wanted=frozenset({"needs-framing"}), managed=MANAGED)])  # lists the labels
    second.apply([SetLabels(ref=ref(3), wanted=frozenset({"evidence-weak"}), managed=MANAGED)])
    repo.clear_log()

    first.apply([SetLabels(ref=ref(2), wanted=frozenset({"evidence-weak"}), managed=MANAGED)])

    assert labels_of(repo, 2) == {"evidence-weak"}
    refused = [r for r in repo.requests if r.method == "POST" and r.path == f"/repos/{REPO}/labels"]
    assert [r.status for r in refused] == [422]


def test_other_validation_failures_stay_permanent_and_name_the_field(repo: FakeGitHub, fake_clock: FakeClock) -> None:
    gh = github_tracker(repo, fake_clock)
    invalid = {
        "message": "Validation Failed",
        "errors": [{"resource": "Label", "code": "invalid", "field": "color"}],
        "documentation_url": "https://docs.github.com/rest/issues/labels#create-a-label",
    }
    repo.fail_next("POST", rf"/repos/{REPO}/labels", 422, body=invalid)

    with pytest.raises(GitHubRefused) as refused:
        gh.apply([SetLabels(ref=ref(), wanted=frozenset({"needs-framing"}), managed=MANAGED)])

    assert refused.value.codes == {"invalid"}
    assert "Label.color invalid" in str(refused.value)
    assert labels_of(repo) == {"bug"}
