"""JiraTracker against the fake Jira, driven by the real `jira` library."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from email.utils import formatdate

import pytest

from integration.jira.calls import JiraRefused
from integration.jira.comments import MARKER
from integration.jira.tracker import JiraTracker
from integration.tracker import PermanentTrackerError, TransientTrackerError
from problemframe.actions import (
    Action,
    Close,
    PostComment,
    Reopen,
    ScheduleOutcome,
    SetField,
    SetLabels,
    Transition,
    UpsertComment,
)
from problemframe.events import CloseReason, TicketRef, TicketState
from problemframe.policy import Outcome, Policy
from problemframe.render_text import escape_wiki
from tests.fakes.clock import FakeClock
from tests.fakes.jira.model import Status, WorkflowTransition, default_workflow
from tests.fakes.jira.server import FakeJira, add_problemframe_fields
from tests.trackers import jira_tracker

MANAGED = frozenset({"needs-framing", "evidence-none", "evidence-weak", "evidence-moderate", "evidence-strong"})


@pytest.fixture
def fake() -> Iterator[FakeJira]:
    server = FakeJira(workflow=default_workflow(outcome_review=True))
    server.add_project("PROJ")
    add_problemframe_fields(server)
    with server:
        yield server
    assert server.violations == []


@pytest.fixture
def tracker(fake: FakeJira, fake_clock: FakeClock) -> JiraTracker:
    return jira_tracker(fake, clock=fake_clock.time, sleep=fake_clock.sleep)


def ref(key: str) -> TicketRef:
    return TicketRef(tracker="jira", container=key.split("-")[0], key=key)


def test_service_login_is_the_cloud_account_id(fake: FakeJira, tracker: JiraTracker) -> None:
    assert tracker.service_login() == fake.bot.account_id


def test_data_center_pat_logs_in_by_name() -> None:
    with FakeJira(deployment="Server") as server:
        server.add_project("DC")
        key = server.add_issue("DC", "Slow export", description="h2. Problem\nExports time out")
        tracker = jira_tracker(server)
        assert tracker.service_login() == "problemframe-bot"
        assert tracker.fetch_ticket(ref(key)).body == "h2. Problem\nExports time out"
        assert server.violations == []


def test_wrong_credentials_are_a_permanent_error(fake: FakeJira, fake_clock: FakeClock) -> None:
    tracker = jira_tracker(fake, clock=fake_clock.time, sleep=fake_clock.sleep, api_token="wrong")
    with pytest.raises(PermanentTrackerError, match="401"):
        tracker.service_login()


def test_frame_comes_from_custom_fields_when_present(fake: FakeJira, tracker: JiraTracker) -> None:
    key = fake.add_issue(
        "PROJ",
        "Exports time out",
        description="Some wiki text",
        labels=("needs-framing", "backend"),
        fields={"Problem statement": "Admins wait 40 s", "Customer evidence": "  ", "Evidence score": 55},
    )
    ticket = tracker.fetch_ticket(ref(key))
    assert ticket.fields == {"problem": "Admins wait 40 s"}
    assert ticket.body == "Some wiki text"
    assert ticket.labels == {"needs-framing", "backend"}
    assert ticket.state is TicketState.OPEN
    assert ticket.url == f"{fake.url}/browse/{key}"
    assert ticket.author == fake.users["alice"].account_id


def test_done_issue_reads_as_closed_with_reason(fake: FakeJira, tracker: JiraTracker) -> None:
    key = fake.add_issue("PROJ", "Old", status="Done")
    fake.issue(key).resolution = "Won't Do"
    ticket = tracker.fetch_ticket(ref(key))
    assert ticket.state is TicketState.CLOSED
    assert ticket.close_reason is CloseReason.NOT_PLANNED


def test_labels_change_by_minimal_diff_in_one_write(fake: FakeJira, tracker: JiraTracker) -> None:
    key = fake.add_issue("PROJ", "A", labels=("needs-framing", "evidence-weak", "backend"))
    mark = fake.mark()
    writes = tracker.apply([SetLabels(ref=ref(key), wanted=frozenset({"evidence-strong"}), managed=MANAGED)])
    assert writes == 1
    assert sorted(fake.issue(key).labels) == ["backend", "evidence-strong"]
    [edit] = fake.writes(mark)
    assert edit.method == "PUT"
    assert edit.body["update"] == {
        "labels": [{"add": "evidence-strong"}, {"remove": "evidence-weak"}, {"remove": "needs-framing"}]
    }


def test_unchanged_state_makes_zero_writes(fake: FakeJira, tracker: JiraTracker) -> None:
    key = fake.add_issue(
        "PROJ", "A", labels=("evidence-strong", "backend"), fields={"Evidence score": 70, "Evidence strength": "strong"}
    )
    actions: list[Action] = [
        SetLabels(ref=ref(key), wanted=frozenset({"evidence-strong"}), managed=MANAGED),
        SetField(ref=ref(key), name="Evidence score", value=70),
        SetField(ref=ref(key), name="Evidence strength", value="strong"),
        Transition(ref=ref(key), status="To Do"),
        Reopen(ref=ref(key)),
        ScheduleOutcome(ref=ref(key), due=dt.datetime(2026, 2, 1, tzinfo=dt.UTC),
                        shipped_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC)),
    ]
    mark = fake.mark()
    assert tracker.apply(actions) == 0
    assert fake.writes(mark) == []


def test_fields_and_labels_go_in_one_request(fake: FakeJira, tracker: JiraTracker) -> None:
    key = fake.add_issue("PROJ", "A")
    mark = fake.mark()
    writes = tracker.apply(
        [
            SetField(ref=ref(key), name="Evidence score", value=72.5),
            SetField(ref=ref(key), name="Evidence strength", value="strong"),
            SetField(ref=ref(key), name="Outcome", value="pending"),
            SetLabels(ref=ref(key), wanted=frozenset({"evidence-strong"}), managed=MANAGED),
        ]
    )
    assert writes == 1 and len(fake.writes(mark)) == 1
    assert fake.value(key, "Evidence score") == 72.5
    assert fake.value(key, "Evidence strength") == "strong"
    assert fake.value(key, "Outcome") == "pending"
    assert fake.issue(key).labels == ["evidence-strong"]
    tracker.apply([SetField(ref=ref(key), name="Outcome", value=None)])
    assert fake.value(key, "Outcome") is None


def test_unknown_select_option_is_a_permanent_error(fake: FakeJira, tracker: JiraTracker) -> None:
    key = fake.add_issue("PROJ", "A")
    with pytest.raises(PermanentTrackerError, match="400"):
        tracker.apply([SetField(ref=ref(key), name="Evidence strength", value="overwhelming")])


def test_a_refusal_carries_jiras_error_collection(fake: FakeJira, tracker: JiraTracker) -> None:
    key = fake.add_issue("PROJ", "A")
    with pytest.raises(JiraRefused) as refused:
        tracker.apply([SetField(ref=ref(key), name="Evidence strength", value="overwhelming")])

    field_id = fake.field_by_name("Evidence strength").id
    assert refused.value.status == 400
    assert list(refused.value.errors) == [field_id]
    assert f"{field_id}: " in str(refused.value)
    assert "overwhelming" in refused.value.errors[field_id]

    with pytest.raises(JiraRefused) as missing:
        tracker.apply([PostComment(ref=ref("PROJ-999"), body="x")])
    assert missing.value.status == 404
    assert missing.value.messages and not missing.value.errors


def test_missing_field_names_the_setup_command(fake: FakeJira, tracker: JiraTracker) -> None:
    key = fake.add_issue("PROJ", "A")
    with pytest.raises(PermanentTrackerError, match="setup jira"):
        tracker.apply([SetField(ref=ref(key), name="Confidence", value=3)])


def test_sticky_comment_is_posted_once_then_edited_in_place(fake: FakeJira, tracker: JiraTracker) -> None:
    key = fake.add_issue("PROJ", "A")
    assert tracker.apply([UpsertComment(ref=ref(key), body="<!-- problemframe -->\nMissing: metric")]) == 1
    [comment] = fake.issue(key).comments
    assert comment["body"] == f"{MARKER}\nMissing: metric"
    assert tracker.apply([UpsertComment(ref=ref(key), body="<!-- problemframe -->\nMissing: metric")]) == 0
    mark = fake.mark()
    assert tracker.apply([UpsertComment(ref=ref(key), body=f"{MARKER}\n\nComplete")]) == 1
    assert [c["body"] for c in fake.issue(key).comments] == [f"{MARKER}\n\nComplete"]
    [edit] = fake.writes(mark)
    assert edit.method == "PUT" and edit.path.endswith(f"/comment/{comment['id']}")


def test_a_lost_answer_to_the_sticky_post_is_not_posted_twice(fake: FakeJira, tracker: JiraTracker) -> None:
    key = fake.add_issue("PROJ", "A")
    fake.fail_next("POST", rf"/issue/{key}/comment$", 503, headers={"Retry-After": "0"}, after=True)
    tracker.apply([UpsertComment(ref=ref(key), body="Checklist")])
    assert [c["body"] for c in fake.issue(key).comments] == [f"{MARKER}\nChecklist"]


def test_a_persons_comment_with_the_marker_is_not_taken_over(fake: FakeJira, tracker: JiraTracker) -> None:
    key = fake.add_issue("PROJ", "A")
    fake.add_comment(key, f"{MARKER}\nI forged this", author="alice")
    tracker.apply([UpsertComment(ref=ref(key), body="Checklist")])
    bodies = [(c["author"].name, c["body"]) for c in fake.issue(key).comments]
    assert bodies == [("alice", f"{MARKER}\nI forged this"), ("problemframe-bot", f"{MARKER}\nChecklist")]


def test_sticky_comment_is_found_beyond_the_first_page(fake: FakeJira, tracker: JiraTracker) -> None:
    key = fake.add_issue("PROJ", "A")
    for number in range(105):
        fake.add_comment(key, f"comment {number}")
    fake.add_comment(key, f"{MARKER}\nold", author="bot")
    assert tracker.apply([UpsertComment(ref=ref(key), body="new")]) == 1
    assert fake.issue(key).comments[-1]["body"] == f"{MARKER}\nnew"
    assert len(fake.issue(key).comments) == 106


def test_an_over_long_sticky_comment_is_fitted_and_keeps_its_marker(fake: FakeJira, tracker: JiraTracker) -> None:
    key = fake.add_issue("PROJ", "A")
    lines = "\n".join(f"* customer {n} asked for faster exports" for n in range(2000))
    long = UpsertComment(ref=ref(key), body=f"h3. Evidence\n\n{lines}\n\nh3. Metric\n\nExport time")

    assert tracker.apply([long]) == 1
    assert tracker.apply([long]) == 0

    [comment] = fake.issue(key).comments
    assert comment["body"].startswith(f"{MARKER}\n") and len(comment["body"]) <= 32767
    assert comment["body"].endswith("h3. Metric\n\nExport time")
    shown = comment["body"].count("\n* customer ")
    assert f"\n* … and {2000 - shown} more\n" in comment["body"]


def test_mentions_from_user_text_arrive_neutralised(fake: FakeJira, tracker: JiraTracker) -> None:
    key = fake.add_issue("PROJ", "A")
    user_text = "ping [~admin] and [~accountid:5b10a2844c20165700ede21g] {color:red}x{color}"
    tracker.apply([PostComment(ref=ref(key), body=f"Evidence noted: {escape_wiki(user_text)}")])
    [comment] = fake.issue(key).comments
    assert "[~admin]" not in comment["body"]
    assert "[~accountid:" not in comment["body"]
    assert "{color:red}" not in comment["body"]


def test_post_comment_always_posts(fake: FakeJira, tracker: JiraTracker) -> None:
    key = fake.add_issue("PROJ", "A")
    assert tracker.apply([PostComment(ref=ref(key), body="Measured 12"), PostComment(ref=ref(key), body="again")]) == 2
    assert [c["body"] for c in fake.issue(key).comments] == ["Measured 12", "again"]


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
