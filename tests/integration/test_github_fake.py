"""The fake GitHub itself: contract checks, pagination, conditional requests, limits, scripted failures."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from github import Auth, Github

from tests.fakes.github.server import FakeGitHub

REPO = "octo-org/widgets"
AUTH = {"Authorization": "token bot-token"}
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "github"


@pytest.fixture
def repo(fake_github: FakeGitHub) -> FakeGitHub:
    """Seed a repository and the service's account."""
    fake_github.add_user("problemframe-bot", token="bot-token")
    fake_github.add_repo(REPO)
    fake_github.add_issue(REPO, title="First")
    return fake_github


def client(fake: FakeGitHub) -> Github:
    """Return a plain PyGithub client for the fake."""
    return Github(base_url=fake.base_url, auth=Auth.Token("bot-token"), per_page=100, retry=None)


def test_a_body_outside_the_description_is_refused_and_recorded(repo: FakeGitHub) -> None:
    answer = requests.patch(f"{repo.base_url}/repos/{REPO}/issues/1", json={"state": "shut"}, headers=AUTH)

    assert answer.status_code == 422
    violations = repo.take_violations()
    assert len(violations) == 1 and violations[0].method == "PATCH" and "shut" in violations[0].message
    assert repo.issue(REPO, 1).state == "open"


def test_unknown_paths_and_methods_are_refused_and_recorded(repo: FakeGitHub) -> None:
    assert requests.get(f"{repo.base_url}/repos/{REPO}/pulls", headers=AUTH).status_code == 404
    assert requests.put(f"{repo.base_url}/repos/{REPO}/issues/1", json={}, headers=AUTH).status_code == 404
    assert [v.path for v in repo.take_violations()] == [f"/repos/{REPO}/pulls", f"/repos/{REPO}/issues/1"]


def test_bare_label_arrays_are_accepted_like_githubcom_does(repo: FakeGitHub) -> None:
    url = f"{repo.base_url}/repos/{REPO}/issues/1/labels"
    assert requests.post(url, json=["a", "b"], headers=AUTH).status_code == 200
    assert requests.post(url, json={"labels": ["c"]}, headers=AUTH).status_code == 200
    assert requests.put(url, json=["b", "d"], headers=AUTH).status_code == 200
    assert repo.issue(REPO, 1).labels == ["b", "d"]


def test_lists_are_paginated_with_link_headers(repo: FakeGitHub) -> None:
    for n in range(249):
        repo.add_issue(REPO, title=f"Issue {n}")

    numbers = [issue.number for issue in client(repo).get_repo(REPO).get_issues(state="all")]

    assert sorted(numbers) == list(range(1, 251))
    pages = [r for r in repo.requests if r.path == f"/repos/{REPO}/issues"]
    assert len(pages) == 3
    first = requests.get(f"{repo.base_url}/repos/{REPO}/issues?per_page=100", headers=AUTH)
    assert 'rel="next"' in first.headers["link"] and "page=3" in first.headers["link"]


def test_conditional_requests_answer_304_without_spending_the_rate_limit(repo: FakeGitHub) -> None:
    url = f"{repo.base_url}/repos/{REPO}/issues"
    first = requests.get(url, headers=AUTH)
    again = requests.get(url, headers={**AUTH, "If-None-Match": first.headers["etag"]})

    assert again.status_code == 304 and again.content == b""
    assert again.headers["x-ratelimit-remaining"] == first.headers["x-ratelimit-remaining"]

    repo.add_issue(REPO, title="Second")
    changed = requests.get(url, headers={**AUTH, "If-None-Match": first.headers["etag"]})
    assert changed.status_code == 200 and len(changed.json()) == 2


def test_pygithub_conditional_update_sees_an_unchanged_issue(repo: FakeGitHub) -> None:
    issue = client(repo).get_repo(REPO).get_issue(1)
    issue.complete()

    assert issue.update() is False
    requests.patch(f"{repo.base_url}/repos/{REPO}/issues/1", json={"title": "Renamed"}, headers=AUTH)
    assert issue.update() is True and issue.title == "Renamed"
    assert [r.status for r in repo.requests if r.method == "GET" and r.path.endswith("/1")] == [200, 304, 200]


def test_secondary_limit_refuses_the_write_over_the_limit() -> None:
    with FakeGitHub(writes_per_minute=3) as fake:
        fake.add_user("problemframe-bot", token="bot-token")
        fake.add_repo(REPO)
        fake.add_issue(REPO)
        url = f"{fake.base_url}/repos/{REPO}/issues/1/comments"
        statuses = [requests.post(url, json={"body": "hi"}, headers=AUTH).status_code for _ in range(4)]
        refused = requests.post(url, json={"body": "hi"}, headers=AUTH)
        assert fake.violations == []

    assert statuses == [201, 201, 201, 403]
    assert refused.headers["retry-after"] == "60"
    assert "secondary rate limit" in refused.json()["message"]


def test_scripted_failures_answer_the_matching_requests_in_order(repo: FakeGitHub) -> None:
    repo.fail_next("GET", rf"/repos/{REPO}/issues/\d+", 502, times=2)
    repo.fail_next("GET", rf"/repos/{REPO}/issues/\d+", 404)
    url = f"{repo.base_url}/repos/{REPO}/issues/1"

    assert [requests.get(url, headers=AUTH).status_code for _ in range(4)] == [502, 502, 404, 200]


def test_comment_edits_need_the_author(repo: FakeGitHub) -> None:
    comment = repo.add_comment(REPO, 1, "mine", user="alice")
    url = f"{repo.base_url}/repos/{REPO}/issues/comments/{comment.id}"

    assert requests.patch(url, json={"body": "bot's now"}, headers=AUTH).status_code == 403
    assert repo.comments(REPO, 1)[0].body == "mine"


def test_bad_credentials_are_refused(repo: FakeGitHub) -> None:
    answer = requests.get(f"{repo.base_url}/user", headers={"Authorization": "token nope"})
    assert (answer.status_code, answer.json()["message"]) == (401, "Bad credentials")


def test_the_fake_runs_as_its_own_process() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.fakes.github", "--port", "0", "--token", "t:someone", "--repo", REPO,
         "--issues", "2"],
        cwd=Path(__file__).resolve().parents[2],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        base_url = process.stdout.readline().strip()
        answer = requests.get(f"{base_url}/repos/{REPO}/issues", headers={"Authorization": "token t"}, timeout=10)
        assert [issue["title"] for issue in answer.json()] == ["Issue 2", "Issue 1"]
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_webhook_fixtures_are_real_deliveries() -> None:
    names = sorted(path.name for path in FIXTURES.glob("*.json"))
    assert len(names) == 13
    for name in names:
        payload = json.loads((FIXTURES / name).read_text())
        parts = name.removesuffix(".json").split(".")
        if len(parts) == 2:
            assert payload["action"] == parts[1]
        else:
            assert "hook_id" in payload and "zen" in payload
    closed = json.loads((FIXTURES / "issues.closed.json").read_text())["issue"]
    assert (closed["state"], closed["state_reason"]) == ("closed", "completed") and closed["closed_at"]
