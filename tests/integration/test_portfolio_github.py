"""Reading a repository's issues for the portfolio: pagination, pull requests skipped, conditional requests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from github import Auth, Github

from integration.github.clients import CLIENT_OPTIONS
from integration.github.portfolio import EtagCache, GitHubIssueReader
from problemframe.events import TicketState
from problemframe.policy import Policy
from problemframe.portfolio import build_rows, sort_rows
from tests.fakes.github.server import FakeGitHub
from tests.integration.portfolio_seed import kind_of, seeded_github

REPO = "acme/app"
TODAY = dt.date(2026, 11, 1)
COUNT = 530


@pytest.fixture(scope="module")
def seeded() -> Iterator[FakeGitHub]:
    """Serve a fake GitHub holding COUNT issues, every seventh closed."""
    with seeded_github(REPO, COUNT, login="reader", token="reader-token", today=TODAY, closed_every=7) as fake:
        yield fake


@pytest.fixture
def client(seeded: FakeGitHub) -> Github:
    """Return a real PyGithub client for the fake, configured as the service configures its own."""
    seeded.clear_log()
    return Github(base_url=seeded.base_url, auth=Auth.Token("reader-token"), **CLIENT_OPTIONS)


def _list_requests(fake: FakeGitHub) -> list[tuple[str, int]]:
    return [(r.query, r.status) for r in fake.requests if r.path == f"/repos/{REPO}/issues"]


def test_reads_every_open_issue_across_pages_oldest_first(seeded: FakeGitHub, client: Github) -> None:
    reader = GitHubIssueReader(client, REPO)
    tickets = list(reader.tickets(state="open"))
    expected = [str(n) for n in range(1, COUNT + 1) if n % 7 != 0]
    assert [t.ref.key for t in tickets] == expected
    assert all(t.state is TicketState.OPEN for t in tickets)
    assert reader.stats.pages == len(_list_requests(seeded)) == -(-len(expected) // 100)
    assert all(status == 200 for _, status in _list_requests(seeded))
    first = tickets[0]
    assert first.ref.container == REPO and first.title == "Problem 0: exports are slow"
    assert first.url is not None and first.url.endswith(f"/{REPO}/issues/1")
    assert first.body.startswith("### Problem statement")
    assert reader.stats.created_at["1"].tzinfo is not None


def test_state_all_and_closed(client: Github) -> None:
    everything = list(GitHubIssueReader(client, REPO).tickets(state="all"))
    closed = list(GitHubIssueReader(client, REPO).tickets(state="closed"))
    assert len(everything) == COUNT
    assert [t.ref.key for t in closed] == [str(n) for n in range(7, COUNT + 1, 7)]
    assert all(t.state is TicketState.CLOSED for t in closed)


def test_second_read_is_answered_not_modified(seeded: FakeGitHub, client: Github, tmp_path: Path) -> None:
    path = tmp_path / "etags.json"
    first = list(GitHubIssueReader(client, REPO, cache=EtagCache(path)).tickets(state="all"))
    assert path.exists()
    seeded.clear_log()

    again = GitHubIssueReader(client, REPO, cache=EtagCache(path))  # a new process: the cache comes from the file
    second = list(again.tickets(state="all"))

    assert second == first
    statuses = [status for _, status in _list_requests(seeded)]
    assert statuses == [304] * 6
    assert again.stats.not_modified == again.stats.pages == 6


def test_a_change_refetches_only_its_page(seeded: FakeGitHub, client: Github) -> None:
    cache = EtagCache()
    list(GitHubIssueReader(client, REPO, cache=cache).tickets(state="all"))
    seeded.issue(REPO, 250).title = "Renamed"
    seeded.clear_log()
    try:
        reader = GitHubIssueReader(client, REPO, cache=cache)
        tickets = {t.ref.key: t for t in reader.tickets(state="all")}
        assert tickets["250"].title == "Renamed"
        assert [status for _, status in _list_requests(seeded)] == [304, 304, 200, 304, 304, 304]
        assert reader.stats.not_modified == 5
    finally:
        seeded.issue(REPO, 250).title = "Problem 249: exports are slow"


def test_pull_requests_are_skipped(seeded: FakeGitHub, client: Github) -> None:
    issue = {
        "id": 1, "number": 900, "title": "An issue", "body": "", "state": "open", "labels": [],
        "html_url": f"https://github.com/{REPO}/issues/900", "user": {"login": "alice"},
        "created_at": "2026-10-01T00:00:00Z", "updated_at": "2026-10-01T00:00:00Z",
    }
    pull = {**issue, "id": 2, "number": 901, "title": "A pull request",
            "pull_request": {"url": f"https://api.github.com/repos/{REPO}/pulls/901"}}
    seeded.fail_next("GET", f"/repos/{REPO}/issues", 200, body=[issue, pull])

    reader = GitHubIssueReader(client, REPO)
    tickets = list(reader.tickets(state="open"))

    assert [t.ref.key for t in tickets] == ["900"]
    assert reader.stats.pull_requests == 1


def test_rows_from_the_fake_follow_the_seeded_quality(client: Github) -> None:
    reader = GitHubIssueReader(client, REPO)
    tickets = list(reader.tickets(state="open"))
    rows = sort_rows(build_rows(tickets, policy=Policy(), today=TODAY, framed_at=reader.stats.created_at))
    kinds = {row.key: kind_of(int(row.key) - 1) for row in rows}
    assert "exempt" not in set(kinds.values())  # `bug` tickets are left out, as the policy exempts them
    strong = [row for row in rows if kinds[row.key] == "strong"]
    unframed = [row for row in rows if kinds[row.key] == "unframed"]
    assert all(row.complete and len(row.customers) == 5 for row in strong)
    assert all(not row.complete and row.score == 0 for row in unframed)
    assert min(r.score for r in strong) > max(r.score for r in rows if kinds[r.key] in ("weak", "unframed"))
    assert rows[0].score == max(r.score for r in rows)
    assert all(row.framed_at is not None for row in strong)
