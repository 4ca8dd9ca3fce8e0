"""JiraTracker against the fake Jira, driven by the real `jira` library: login, reading, fields, labels, comments."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from integration.jira.calls import JiraRefused
from integration.jira.comments import MARKER
from integration.jira.tracker import JiraTracker
from integration.tracker import PermanentTrackerError
from problemframe.actions import (
    Action,
    PostComment,
    Reopen,
    ScheduleOutcome,
    SetField,
    SetLabels,
    Transition,
    UpsertComment,
)
from problemframe.events import CloseReason, TicketState
from problemframe.render_text import escape_wiki
from tests.fakes.clock import FakeClock
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
