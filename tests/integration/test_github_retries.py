"""GitHubTracker politeness against the fake GitHub: retries, Retry-After, rate limits, pacing, permanent errors."""

from __future__ import annotations

import email.utils
import itertools
import math
import socket

import pytest

from integration.github.calls import WRITES_PER_HOUR, WRITES_PER_MINUTE
from integration.github.comments import MARKER
from integration.github.tracker import GitHubTracker
from integration.retry import RetryPolicy, WritePacer
from integration.tracker import PermanentTrackerError, TransientTrackerError
from problemframe.actions import PostComment, SetLabels, UpsertComment
from problemframe.events import TicketRef
from tests.fakes.clock import FakeClock
from tests.fakes.github.server import FakeGitHub
from tests.trackers import github_tracker

REPO = "octo-org/widgets"
BOT = "problemframe-bot"
REF = TicketRef(tracker="github", container=REPO, key="1")
COMMENTS = rf"/repos/{REPO}/issues/1/comments"


@pytest.fixture
def repo(fake_github: FakeGitHub) -> FakeGitHub:
    """Seed a repository, the service's account and one open issue."""
    fake_github.add_user(BOT, token="bot-token")
    fake_github.add_repo(REPO)
    fake_github.add_issue(REPO, title="Exports time out")
    return fake_github


def test_502_then_429_ends_with_one_comment_and_honours_retry_after(repo: FakeGitHub, fake_clock: FakeClock) -> None:
    repo.fail_next("POST", COMMENTS, 502)
    repo.fail_next("POST", COMMENTS, 429, headers={"retry-after": "7"}, body={"message": "Too many requests"})
    gh = github_tracker(repo, fake_clock, write_interval=1.0)

    writes = gh.apply([UpsertComment(ref=REF, body=f"{MARKER}\nMissing: evidence")])

    assert [c.body for c in repo.comments(REPO, 1)] == [f"{MARKER}\nMissing: evidence"]
    assert [r.status for r in repo.writes()] == [502, 429, 201]
    assert writes == 3
    assert 1.0 <= fake_clock.sleeps[0] <= 1.1  # first backoff step after the 502
    assert 7.0 in fake_clock.sleeps  # Retry-After, exactly


def test_a_comment_that_landed_despite_a_502_is_not_posted_twice(repo: FakeGitHub, fake_clock: FakeClock) -> None:
    repo.fail_next("POST", COMMENTS, 502, take_effect=True)
    gh = github_tracker(repo, fake_clock)

    assert gh.apply([PostComment(ref=REF, body="Measured 41%")]) == 1

    assert [c.body for c in repo.comments(REPO, 1)] == ["Measured 41%"]


def test_a_sticky_comment_that_landed_despite_a_timeout_is_not_duplicated(
    repo: FakeGitHub, fake_clock: FakeClock
) -> None:
    repo.fail_next("POST", COMMENTS, 504, take_effect=True)
    gh = github_tracker(repo, fake_clock)

    assert gh.apply([UpsertComment(ref=REF, body=f"{MARKER}\nMissing: metric")]) == 1

    assert [c.body for c in repo.comments(REPO, 1)] == [f"{MARKER}\nMissing: metric"]


def test_a_comment_lost_to_a_502_is_posted_again(repo: FakeGitHub, fake_clock: FakeClock) -> None:
    repo.add_comment(REPO, 1, "Measured 41%", user="alice")
    repo.fail_next("POST", COMMENTS, 502)
    gh = github_tracker(repo, fake_clock)

    assert gh.apply([PostComment(ref=REF, body="Measured 41%")]) == 2

    assert [(c.user.login, c.body) for c in repo.comments(REPO, 1)] == [
        ("alice", "Measured 41%"), (BOT, "Measured 41%")
    ]


def test_retry_after_in_seconds_is_waited_before_the_retry(repo: FakeGitHub, fake_clock: FakeClock) -> None:
    repo.fail_next("POST", COMMENTS, 429, headers={"retry-after": "1"}, body={"message": "Too many requests"})
    gh = github_tracker(repo, fake_clock, write_interval=0.0)

    assert gh.apply([PostComment(ref=REF, body="Measured 41%")]) == 2

    assert [r.status for r in repo.writes()] == [429, 201]
    assert fake_clock.sleeps == [1.0]
    assert [c.body for c in repo.comments(REPO, 1)] == ["Measured 41%"]


def test_retry_after_as_an_http_date_is_waited_before_the_retry(repo: FakeGitHub, fake_clock: FakeClock) -> None:
    # RFC 9110 lets Retry-After be an HTTP date as well as delay-seconds; dates have whole seconds.
    start = fake_clock.now
    when = math.floor(start) + 30
    repo.fail_next("POST", COMMENTS, 503, headers={"Retry-After": email.utils.formatdate(when, usegmt=True)})
    gh = github_tracker(repo, fake_clock, write_interval=0.0)

    assert gh.apply([PostComment(ref=REF, body="Measured 41%")]) == 2

    assert [r.status for r in repo.writes()] == [503, 201]
    assert fake_clock.sleeps == [pytest.approx(when - start)]
    assert [c.body for c in repo.comments(REPO, 1)] == ["Measured 41%"]


def test_missing_issue_is_permanent_and_not_retried(repo: FakeGitHub, fake_clock: FakeClock) -> None:
    gh = github_tracker(repo, fake_clock)
    missing = TicketRef(tracker="github", container=REPO, key="99")

    with pytest.raises(PermanentTrackerError, match="404"):
        gh.apply([SetLabels(ref=missing, wanted=frozenset({"needs-framing"}), managed=frozenset({"needs-framing"}))])

    assert [(r.method, r.status) for r in repo.requests] == [("GET", 404)]
    assert fake_clock.sleeps == []


def test_validation_and_forbidden_errors_are_permanent(repo: FakeGitHub, fake_clock: FakeClock) -> None:
    gh = github_tracker(repo, fake_clock)
    repo.fail_next("POST", COMMENTS, 403, body={"message": "Must have admin rights to Repository."})
    with pytest.raises(PermanentTrackerError, match="403"):
        gh.apply([PostComment(ref=REF, body="hello")])
    repo.fail_next("POST", COMMENTS, 422, body={"message": "Validation Failed"})
    with pytest.raises(PermanentTrackerError, match="422"):
        gh.apply([PostComment(ref=REF, body="hello")])
    assert len(repo.writes()) == 2


def test_persistent_5xx_gives_up_with_a_transient_error(repo: FakeGitHub, fake_clock: FakeClock) -> None:
    repo.fail_next("GET", rf"/repos/{REPO}/issues/1", 503, times=10)
    gh = github_tracker(repo, fake_clock, retry=RetryPolicy(attempts=4, base_delay=1.0))

    with pytest.raises(TransientTrackerError) as raised:
        gh.fetch_ticket(REF)

    assert [r.status for r in repo.requests] == [503] * 4
    assert [round(s) for s in fake_clock.sleeps] == [1, 2, 4]
    assert raised.value.retry_after is not None and raised.value.retry_after >= 8


def test_secondary_rate_limit_with_a_long_retry_after_is_handed_back(repo: FakeGitHub, fake_clock: FakeClock) -> None:
    message = "You have exceeded a secondary rate limit. Please wait a few minutes before you try again."
    repo.fail_next("POST", COMMENTS, 403, headers={"retry-after": "120"}, body={"message": message})
    gh = github_tracker(repo, fake_clock)

    with pytest.raises(TransientTrackerError) as raised:
        gh.apply([PostComment(ref=REF, body="hello")])

    assert raised.value.retry_after == 120
    assert fake_clock.sleeps == []
    assert repo.comments(REPO, 1) == []


def test_exhausted_primary_limit_waits_for_the_reset(repo: FakeGitHub, fake_clock: FakeClock) -> None:
    repo.clock = fake_clock.time  # the server's window rolls over once the virtual clock passes its reset
    repo.set_rate_limit(BOT, remaining=1, reset_in=30)
    gh = github_tracker(repo, fake_clock)

    gh.fetch_ticket(REF)  # spends the last request: x-ratelimit-remaining 0
    gh.apply([PostComment(ref=REF, body="after the reset")])

    assert fake_clock.sleeps and 25 <= fake_clock.sleeps[0] <= 32
    assert [r.status for r in repo.requests] == [200, 201]


def test_exhausted_primary_limit_far_from_reset_is_handed_back(repo: FakeGitHub, fake_clock: FakeClock) -> None:
    repo.set_rate_limit(BOT, remaining=0, reset_in=600)
    gh = github_tracker(repo, fake_clock)

    with pytest.raises(TransientTrackerError) as raised:
        gh.fetch_ticket(REF)

    assert raised.value.retry_after is not None and 590 <= raised.value.retry_after <= 602
    assert [r.status for r in repo.requests] == [403]


def test_unreachable_github_is_transient(fake_clock: FakeClock) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    gh = GitHubTracker.from_token(
        "t", api_url=f"http://127.0.0.1:{port}", clock=fake_clock.time, sleep=fake_clock.sleep,
        retry=RetryPolicy(attempts=2),
    )

    with pytest.raises(TransientTrackerError, match="unreachable"):
        gh.fetch_ticket(REF)
    assert len(fake_clock.sleeps) == 1


def test_writes_are_paced_and_responses_reported(repo: FakeGitHub, fake_clock: FakeClock) -> None:
    seen: list[tuple[float, int, int | None]] = []
    gh = github_tracker(
        repo, fake_clock, write_interval=2.0,
        on_response=lambda status, remaining: seen.append((fake_clock.now, status, remaining)),
    )
    managed = frozenset({"a", "b", "c"})

    gh.apply([PostComment(ref=REF, body="one"), PostComment(ref=REF, body="two")])
    gh.apply([SetLabels(ref=REF, wanted=frozenset({"a"}), managed=managed)])

    comment_times = [t for t, status, _ in seen if status == 201][:2]
    assert comment_times[1] - comment_times[0] >= 6.0  # comments are 3 x write_interval apart
    write_times = [t for t, status, _ in seen if status == 201]
    assert all(later - earlier >= 2.0 for earlier, later in itertools.pairwise(write_times))
    assert all(isinstance(remaining, int) and remaining < 5000 for _, _, remaining in seen)
    # 404: the repository has no policy file, read once to name the new label's colour.
    assert {status for _, status, _ in seen} == {200, 201, 404}


def test_pacer_keeps_to_eighty_writes_a_minute(fake_clock: FakeClock) -> None:
    pacer = WritePacer(
        interval=0.1, clock=fake_clock.time, sleep=fake_clock.sleep, per_minute=WRITES_PER_MINUTE,
        per_hour=WRITES_PER_HOUR, max_wait=120,
    )
    start = fake_clock.now
    stamps = []
    for _ in range(81):
        pacer.wait()
        stamps.append(fake_clock.now)

    assert stamps[79] - start < 60
    assert stamps[80] - stamps[0] >= 60


def test_pacer_hands_back_waits_longer_than_max_wait(fake_clock: FakeClock) -> None:
    pacer = WritePacer(interval=0.0, clock=fake_clock.time, sleep=fake_clock.sleep, per_minute=2, max_wait=10)
    pacer.wait()
    pacer.wait()
    with pytest.raises(TransientTrackerError) as raised:
        pacer.wait()
    assert raised.value.retry_after == pytest.approx(60)
