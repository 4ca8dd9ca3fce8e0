"""GitHubTracker.load_policy against the fake GitHub: read from the default branch, cached, defaults on trouble."""

from __future__ import annotations

import pytest

from integration.github.tracker import GitHubTracker
from integration.tracker import TransientTrackerError
from problemframe.policy import Policy
from tests.fakes.clock import FakeClock
from tests.fakes.github.server import FakeGitHub
from tests.trackers import github_tracker

REPO = "octo-org/widgets"
PATH = ".github/problemframe.yml"
CONTENTS = f"/repos/{REPO}/contents/{PATH}"


@pytest.fixture
def repo(fake_github: FakeGitHub) -> FakeGitHub:
    """Seed a repository whose default branch is 'trunk'."""
    fake_github.add_user("problemframe-bot", token="bot-token")
    fake_github.add_repo(REPO, default_branch="trunk")
    return fake_github


@pytest.fixture
def gh(repo: FakeGitHub, fake_clock: FakeClock) -> GitHubTracker:
    """Return a token tracker on the virtual clock."""
    return github_tracker(repo, fake_clock)


def test_policy_is_read_from_the_default_branch(repo: FakeGitHub, gh: GitHubTracker) -> None:
    repo.put_file(REPO, PATH, "labels:\n  needs_framing: triage/needs-problem\nframing:\n  required: [problem]\n")
    repo.put_file(REPO, PATH, "enabled: false\n", ref="feature")

    policy = gh.load_policy(REPO)

    assert policy.enabled is True
    assert policy.labels.needs_framing == "triage/needs-problem"
    assert policy.framing.required == frozenset({"problem"})
    assert gh.policy_error(REPO) is None


def test_policy_is_cached_for_a_few_minutes(repo: FakeGitHub, gh: GitHubTracker, fake_clock: FakeClock) -> None:
    repo.put_file(REPO, PATH, "enabled: false\n")
    assert gh.load_policy(REPO).enabled is False
    repo.put_file(REPO, PATH, "enabled: true\n")

    assert gh.load_policy(REPO).enabled is False
    fake_clock.now += 301
    assert gh.load_policy(REPO).enabled is True
    assert sum(1 for r in repo.requests if r.path == CONTENTS) == 2


def test_missing_file_gives_the_defaults(repo: FakeGitHub, gh: GitHubTracker) -> None:
    assert gh.load_policy(REPO) == Policy()
    assert gh.policy_error(REPO) is None
    assert [(r.path, r.status) for r in repo.requests] == [(CONTENTS, 404)]


def test_broken_yaml_keeps_the_defaults_and_says_why(repo: FakeGitHub, gh: GitHubTracker) -> None:
    repo.put_file(REPO, PATH, "labels: [unclosed\n")

    assert gh.load_policy(REPO) == Policy()
    error = gh.policy_error(REPO)
    assert error is not None and "not valid YAML" in error


def test_invalid_policy_keeps_the_defaults_and_names_the_key(repo: FakeGitHub, gh: GitHubTracker) -> None:
    repo.put_file(REPO, PATH, "evidence:\n  tiers:\n    weak: 50\n    moderate: 10\nunknown_key: 1\n")

    assert gh.load_policy(REPO) == Policy()
    error = gh.policy_error(REPO)
    assert error is not None and "unknown_key" in error


def test_policy_error_clears_once_the_file_is_fixed(
    repo: FakeGitHub, gh: GitHubTracker, fake_clock: FakeClock
) -> None:
    repo.put_file(REPO, PATH, "enabled: [\n")
    gh.load_policy(REPO)
    repo.put_file(REPO, PATH, "enabled: false\n")
    fake_clock.now += 301

    assert gh.load_policy(REPO).enabled is False
    assert gh.policy_error(REPO) is None


def test_github_outage_while_reading_the_policy_is_transient(repo: FakeGitHub, gh: GitHubTracker) -> None:
    repo.fail_next("GET", CONTENTS, 500, times=10)

    with pytest.raises(TransientTrackerError):
        gh.load_policy(REPO)
    assert gh.policy_error(REPO) is None
