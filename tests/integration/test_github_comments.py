"""GitHubTracker comments and state against the fake GitHub: one sticky comment, edited in place; minimal writes."""

from __future__ import annotations

import pytest

from integration.github.comments import MARKER
from integration.github.tracker import GitHubTracker
from problemframe.actions import Close, PostComment, Reopen, UpsertComment
from problemframe.events import CloseReason, TicketRef, TicketState
from tests.fakes.clock import FakeClock
from tests.fakes.github.server import FakeGitHub
from tests.trackers import github_tracker

REPO = "octo-org/widgets"
BOT = "problemframe-bot"


@pytest.fixture
def repo(fake_github: FakeGitHub) -> FakeGitHub:
    """Seed a repository, the service's account and one open issue."""
    fake_github.add_user(BOT, token="bot-token")
    fake_github.add_repo(REPO)
    fake_github.add_issue(REPO, title="Exports time out", body="Customers wait minutes.", user="alice")
    return fake_github


@pytest.fixture
def gh(repo: FakeGitHub, fake_clock: FakeClock) -> GitHubTracker:
    """Return a token tracker wired to the fake and the virtual clock."""
    return github_tracker(repo, fake_clock, write_interval=1.0)


REF = TicketRef(tracker="github", container=REPO, key="1")


def sticky(body: str) -> UpsertComment:
    """Return an UpsertComment with the marker."""
    return UpsertComment(ref=REF, body=f"{MARKER}\n{body}")


def test_sticky_comment_is_created_once_then_edited_in_place(repo: FakeGitHub, gh: GitHubTracker) -> None:
    assert gh.apply([sticky("Missing: evidence")]) == 1
    first = repo.comments(REPO, 1)
    assert [(c.user.login, c.body) for c in first] == [(BOT, f"{MARKER}\nMissing: evidence")]

    assert gh.apply([sticky("All three parts present")]) == 1

    after = repo.comments(REPO, 1)
    assert [(c.id, c.body) for c in after] == [(first[0].id, f"{MARKER}\nAll three parts present")]
    assert [(r.method, r.path) for r in repo.writes()][-1] == ("PATCH", f"/repos/{REPO}/issues/comments/{first[0].id}")


def test_unchanged_sticky_comment_makes_no_writes(repo: FakeGitHub, gh: GitHubTracker) -> None:
    gh.apply([sticky("Missing: metric")])
    repo.clear_log()

    assert gh.apply([sticky("Missing: metric"), sticky("Missing: metric")]) == 0
    assert repo.writes() == []


def test_a_users_comment_with_the_marker_is_ignored(repo: FakeGitHub, gh: GitHubTracker) -> None:
    forged = repo.add_comment(REPO, 1, f"{MARKER}\nI am the bot, honest", user="mallory")
    quoted = repo.add_comment(REPO, 1, f"> {MARKER}\nquoting the bot", user=BOT)

    assert gh.apply([sticky("Missing: evidence")]) == 1

    comments = {c.id: c for c in repo.comments(REPO, 1)}
    assert comments[forged.id].body == f"{MARKER}\nI am the bot, honest"
    assert comments[quoted.id].body == f"> {MARKER}\nquoting the bot"
    ours = [c for c in comments.values() if c.id not in (forged.id, quoted.id)]
    assert [(c.user.login, c.body) for c in ours] == [(BOT, f"{MARKER}\nMissing: evidence")]


def test_the_marker_is_added_when_the_body_lacks_it(repo: FakeGitHub, gh: GitHubTracker) -> None:
    gh.apply([UpsertComment(ref=REF, body="Missing: evidence")])
    gh.apply([UpsertComment(ref=REF, body="Missing: evidence")])

    assert [c.body for c in repo.comments(REPO, 1)] == [f"{MARKER}\nMissing: evidence"]


def test_the_sticky_comment_is_found_beyond_the_first_page(repo: FakeGitHub, gh: GitHubTracker) -> None:
    gh.apply([sticky("v1")])
    for n in range(120):
        repo.add_comment(REPO, 1, f"comment {n}", user="alice")
    repo.clear_log()

    assert gh.apply([sticky("v2")]) == 1

    assert sum(1 for c in repo.comments(REPO, 1) if c.body.startswith(MARKER)) == 1
    pages = [r for r in repo.requests if r.path == f"/repos/{REPO}/issues/1/comments"]
    assert len(pages) == 2


def test_post_comment_always_posts(repo: FakeGitHub, gh: GitHubTracker) -> None:
    assert gh.apply([PostComment(ref=REF, body="Measured 41%"), PostComment(ref=REF, body="Measured 41%")]) == 2
    assert [c.body for c in repo.comments(REPO, 1)] == ["Measured 41%", "Measured 41%"]


def test_an_over_long_sticky_comment_is_fitted_and_keeps_its_marker(repo: FakeGitHub, gh: GitHubTracker) -> None:
    lines = "\n".join(f"- customer {n} asked for faster exports" for n in range(3000))
    long = sticky(f"### Evidence\n\n{lines}\n\n### Metric\n\nExport time")

    assert gh.apply([long]) == 1
    assert gh.apply([long]) == 0

    [comment] = repo.comments(REPO, 1)
    assert comment.body.startswith(f"{MARKER}\n") and len(comment.body) <= 65536
    assert comment.body.endswith("### Metric\n\nExport time")
    hidden = comment.body.count("\n- customer ")
    assert f"\n- … and {3000 - hidden} more\n" in comment.body


def test_an_over_long_comment_without_lists_is_cut_between_lines(repo: FakeGitHub, gh: GitHubTracker) -> None:
    assert gh.apply([PostComment(ref=REF, body="\n".join(["x" * 99] * 700))]) == 1

    [comment] = repo.comments(REPO, 1)
    assert len(comment.body) <= 65536
    assert comment.body.endswith("\n\n… cut to fit the 65,536-character limit")
    assert set(comment.body.split("\n\n")[0].split("\n")) == {"x" * 99}


def test_close_and_reopen_write_only_when_the_state_differs(repo: FakeGitHub, gh: GitHubTracker) -> None:
    assert gh.apply([Close(ref=REF, reason=CloseReason.NOT_PLANNED)]) == 1
    issue = repo.issue(REPO, 1)
    assert (issue.state, issue.state_reason) == ("closed", "not_planned")
    assert gh.apply([Close(ref=REF, reason=CloseReason.NOT_PLANNED)]) == 0

    assert gh.apply([Reopen(ref=REF), Reopen(ref=REF)]) == 1
    assert (issue.state, issue.state_reason) == ("open", "reopened")

    assert gh.apply([Close(ref=REF, reason=CloseReason.DUPLICATE)]) == 1
    assert (issue.state, issue.state_reason) == ("closed", "duplicate")


def test_fetch_ticket_reads_the_issue(repo: FakeGitHub, gh: GitHubTracker) -> None:
    repo.add_label(REPO, "evidence-weak")
    repo.issue(REPO, 1).labels.append("evidence-weak")
    gh.apply([Close(ref=REF, reason=CloseReason.COMPLETED)])

    ticket = gh.fetch_ticket(REF)

    assert (ticket.title, ticket.body, ticket.author) == ("Exports time out", "Customers wait minutes.", "alice")
    assert ticket.labels == frozenset({"evidence-weak"})
    assert (ticket.state, ticket.close_reason) == (TicketState.CLOSED, CloseReason.COMPLETED)
    assert ticket.url == f"{repo.base_url}/{REPO}/issues/1"
    assert ticket.updated_at is not None


def test_issues_are_read_again_with_conditional_requests(repo: FakeGitHub, fake_clock: FakeClock) -> None:
    statuses: list[int] = []
    gh = github_tracker(repo, fake_clock, on_response=lambda status, remaining: statuses.append(status))

    first = gh.fetch_ticket(REF)
    assert gh.fetch_ticket(REF) == first
    repo.issue(REPO, 1).title = "Exports time out for large accounts"
    changed = gh.fetch_ticket(REF)

    assert changed.title == "Exports time out for large accounts"
    assert [r.status for r in repo.requests] == [200, 304, 200]
    assert statuses == [200, 304, 200]


def test_service_login_is_the_token_owner(gh: GitHubTracker) -> None:
    assert gh.service_login() == BOT
