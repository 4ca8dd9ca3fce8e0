"""JiraTracker against the fake Jira: transitions, close and reopen, policy, dry run, retries, pacing, refusals."""

from __future__ import annotations

import math
from collections.abc import Iterator
from email.utils import formatdate

import pytest

from integration.jira.tracker import JiraTracker
from integration.tracker import PermanentTrackerError, TransientTrackerError
from problemframe.actions import Close, PostComment, Reopen, SetLabels, Transition, UpsertComment
from problemframe.events import TicketRef
from problemframe.policy import Outcome, Policy
from tests.fakes.clock import FakeClock
from tests.fakes.jira.model import Status, WorkflowTransition
from tests.fakes.jira.server import FakeJira
from tests.integration.jira_tracker_support import MANAGED, jira_server, ref
from tests.trackers import jira_tracker


@pytest.fixture
def fake() -> Iterator[FakeJira]:
    with jira_server() as server:
        yield server


@pytest.fixture
def tracker(fake: FakeJira, fake_clock: FakeClock) -> JiraTracker:
    return jira_tracker(fake, clock=fake_clock.time, sleep=fake_clock.sleep)


def test_transition_finds_the_target_status_by_name(fake: FakeJira, tracker: JiraTracker) -> None:
    key = fake.add_issue("PROJ", "A", status="In Progress")
    assert tracker.apply([Transition(ref=ref(key), status="outcome review")]) == 1
    assert fake.issue(key).status == "Outcome review"


def test_transition_without_a_path_names_the_available_ones(fake: FakeJira, tracker: JiraTracker) -> None:
    key = fake.add_issue("PROJ", "A")
    with pytest.raises(PermanentTrackerError) as caught:
        tracker.apply([Transition(ref=ref(key), status="Shipped")])
    message = str(caught.value)
    assert "'In Progress' (via 'Start progress')" in message and "'Done' (via 'Finish')" in message


def test_close_prefers_the_policy_done_status_and_reopen_goes_to_todo(fake: FakeJira, fake_clock: FakeClock) -> None:
    fake.workflow.statuses.append(Status("10003", "Released", "done"))
    fake.workflow.transitions.insert(0, WorkflowTransition("51", "Release", "Released"))
    policies = {"PROJ": Policy(outcome=Outcome(done_status="Done"))}
    tracker = jira_tracker(fake, clock=fake_clock.time, sleep=fake_clock.sleep, policies=policies)
    key = fake.add_issue("PROJ", "A", status="In Progress")
    assert tracker.apply([Close(ref=ref(key))]) == 1
    assert (fake.issue(key).status, fake.issue(key).resolution) == ("Done", "Done")
    assert tracker.apply([Close(ref=ref(key))]) == 0
    assert tracker.apply([Reopen(ref=ref(key))]) == 1
    assert (fake.issue(key).status, fake.issue(key).resolution) == ("To Do", None)


def test_reopen_comes_before_edits_and_close_after(fake: FakeJira, tracker: JiraTracker) -> None:
    key = fake.add_issue("PROJ", "A", status="Done")
    mark = fake.mark()
    tracker.apply(
        [
            Close(ref=ref(key)),
            UpsertComment(ref=ref(key), body="review due"),
            SetLabels(ref=ref(key), wanted=frozenset({"needs-framing"}), managed=MANAGED),
            Reopen(ref=ref(key)),
        ]
    )
    kinds = [(w.method, w.path.rsplit("/", 1)[-1]) for w in fake.writes(mark)]
    assert kinds == [("POST", "transitions"), ("PUT", key), ("POST", "comment"), ("POST", "transitions")]
    assert fake.issue(key).status == "Done"


def test_policy_per_project_from_configuration(fake: FakeJira, fake_clock: FakeClock) -> None:
    custom = Policy(enabled=False)
    tracker = jira_tracker(fake, clock=fake_clock.time, sleep=fake_clock.sleep, policies={"OPS": custom})
    assert tracker.load_policy("OPS") is custom
    assert tracker.load_policy("PROJ") == Policy()


def test_dry_run_reads_but_never_writes(fake: FakeJira, fake_clock: FakeClock) -> None:
    tracker = jira_tracker(fake, clock=fake_clock.time, sleep=fake_clock.sleep, dry_run=True)
    key = fake.add_issue("PROJ", "A", status="In Progress")
    mark = fake.mark()
    writes = tracker.apply(
        [
            SetLabels(ref=ref(key), wanted=frozenset({"needs-framing"}), managed=MANAGED),
            UpsertComment(ref=ref(key), body="x"),
            PostComment(ref=ref(key), body="y"),
            Close(ref=ref(key)),
        ]
    )
    assert writes == 0
    assert fake.writes(mark) == []
    assert any(r.method == "GET" for r in fake.requests[mark:])


def test_429_with_retry_after_is_honoured_then_succeeds(
    fake: FakeJira, tracker: JiraTracker, fake_clock: FakeClock
) -> None:
    key = fake.add_issue("PROJ", "A")
    fake.fail_next("PUT", rf"/issue/{key}$", 429, headers={"Retry-After": "1"})
    mark = fake.mark()
    assert tracker.apply([SetLabels(ref=ref(key), wanted=frozenset({"needs-framing"}), managed=MANAGED)]) == 2
    puts = [r for r in fake.requests[mark:] if r.method == "PUT"]
    assert [r.status for r in puts] == [429, 204]
    assert fake_clock.sleeps == [1.0]
    assert fake.issue(key).labels == ["needs-framing"]


def test_retry_after_as_an_http_date_is_honoured(fake: FakeJira, tracker: JiraTracker, fake_clock: FakeClock) -> None:
    start = fake_clock.now
    when = math.floor(start) + 20
    key = fake.add_issue("PROJ", "A")
    fake.fail_next("POST", rf"/issue/{key}/comment$", 503, headers={"Retry-After": formatdate(when, usegmt=True)})
    assert tracker.apply([PostComment(ref=ref(key), body="hello")]) == 2
    assert fake_clock.sleeps == [pytest.approx(when - start)]
    assert [c["body"] for c in fake.issue(key).comments] == ["hello"]


def test_503_and_500_once_are_retried(fake: FakeJira, tracker: JiraTracker, fake_clock: FakeClock) -> None:
    key = fake.add_issue("PROJ", "A")
    fake.fail_next("GET", rf"/issue/{key}$", 503, headers={"Retry-After": "0"})
    fake.fail_next("POST", rf"/issue/{key}/comment$", 500)
    assert tracker.apply([PostComment(ref=ref(key), body="hello")]) == 2
    assert [c["body"] for c in fake.issue(key).comments] == ["hello"]
    assert fake_clock.sleeps == [0.0, 0.5]  # Retry-After as given, then the first backoff step


def test_long_retry_after_is_handed_back_to_the_worker(
    fake: FakeJira, tracker: JiraTracker, fake_clock: FakeClock
) -> None:
    key = fake.add_issue("PROJ", "A")
    fake.fail_next("POST", rf"/issue/{key}/comment$", 429, headers={"Retry-After": "120"})
    with pytest.raises(TransientTrackerError) as caught:
        tracker.apply([PostComment(ref=ref(key), body="hello")])
    assert caught.value.retry_after == 120
    assert fake.issue(key).comments == []
    assert fake_clock.sleeps == []


def test_persistent_5xx_gives_up_as_transient(fake: FakeJira, tracker: JiraTracker, fake_clock: FakeClock) -> None:
    key = fake.add_issue("PROJ", "A")
    fake.fail_next("GET", rf"/issue/{key}$", 502, times=10)
    with pytest.raises(TransientTrackerError):
        tracker.fetch_ticket(ref(key))
    assert sum(1 for r in fake.requests if r.status == 502) == 4
    assert fake_clock.sleeps == [0.5, 1.0, 2.0]


def test_missing_issue_is_permanent(tracker: JiraTracker) -> None:
    with pytest.raises(PermanentTrackerError, match="404"):
        tracker.apply([PostComment(ref=ref("PROJ-999"), body="x")])


def test_writes_are_paced(fake: FakeJira, fake_clock: FakeClock) -> None:
    tracker = jira_tracker(fake, clock=fake_clock.time, sleep=fake_clock.sleep, write_interval=0.3)
    key = fake.add_issue("PROJ", "A")
    tracker.apply([PostComment(ref=ref(key), body=str(n)) for n in range(3)])
    assert len(fake.writes()) == 3
    assert fake_clock.sleeps == [pytest.approx(0.3), pytest.approx(0.3)]


def test_github_refs_are_refused(tracker: JiraTracker) -> None:
    with pytest.raises(PermanentTrackerError, match="not a Jira issue"):
        tracker.apply([PostComment(ref=TicketRef(tracker="github", container="o/r", key="1"), body="x")])
