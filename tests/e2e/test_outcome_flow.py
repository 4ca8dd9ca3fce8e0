"""The outcome loop on GitHub end to end, by comments: close, reopen pending, measure, review or skip, close."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from problemframe.outcome import OutcomeState
from problemframe.verdict import Verdict
from tests.e2e.github_support import (
    AUTHOR,
    BOT,
    MAINTAINER,
    READER,
    REPO,
    World,
    framed_body,
    running_service,
    seed,
    service_settings,
)
from tests.e2e.outcome_flow_support import close, framed_issue, record_of, results_comments, say, shipped_issue
from tests.fakes.clock import FakeClock
from tests.fakes.github.server import FakeGitHub


@pytest.fixture
def database(tmp_path: Path) -> Path:
    """Return the path of the service's SQLite file."""
    return tmp_path / "problemframe.db"


@pytest.fixture
def world(fake_github: FakeGitHub, fake_clock: FakeClock, database: Path) -> Iterator[World]:
    """Run the service against the seeded fake GitHub, its GitHub waits on the virtual clock."""
    seed(fake_github)
    with running_service(service_settings(database, fake_github), fake_github, fake_clock) as running:
        yield running


def echo_own_event(world: World, number: int, name: str) -> None:
    """Deliver the event GitHub sends for the service's own change, and check the service leaves it alone."""
    world.fake.clear_log()
    world.deliver("issues", world.issue_payload(name, number, sender=BOT))
    world.settle()
    assert world.bot_writes() == []


def test_closing_a_complete_issue_as_completed_reopens_it_pending_with_the_due_date_and_source(
    world: World,
) -> None:
    number = shipped_issue(world)

    issue = world.fake.issue(REPO, number)
    assert issue.state == "open"
    assert world.labels(number) == {"evidence-strong", "outcome-pending"}
    record = record_of(world, number)
    assert record is not None and record.state is OutcomeState.PENDING
    assert record.due_at is not None and record.shipped_at is not None
    assert record.due_at - record.shipped_at == dt.timedelta(days=30)
    sticky = world.sticky(number)
    assert "### Outcome" in sticky.body
    assert f"- **Measurement due:** {record.due_at:%Y-%m-%d}" in sticky.body
    assert "- **Measured from:** manual" in sticky.body
    assert len(world.bot_comments(number)) == 1
    # GitHub then tells the service about its own reopening; it does not answer itself.
    echo_own_event(world, number, "issues.reopened")


def test_measure_before_the_due_date_records_progress_in_the_sticky_comment_only(world: World) -> None:
    number = shipped_issue(world)
    comments_before = len(world.bot_comments(number))
    world.fake.clear_log()

    say(world, number, "/measure 250 from the weekly dashboard")

    record = record_of(world, number)
    assert record is not None and record.state is OutcomeState.PENDING and record.due_at is not None
    assert record.latest_value() == 250 and record.measurements[-1].by == MAINTAINER
    assert world.labels(number) == {"evidence-strong", "outcome-pending"}
    assert world.fake.issue(REPO, number).state == "open"
    assert len(world.bot_comments(number)) == comments_before and results_comments(world, number) == []
    today = dt.datetime.now(dt.UTC).date().isoformat()
    progress = (f"- **Progress:** 250 so far, 72% of the way, measured {today};"
                f" final measurement on {record.due_at:%Y-%m-%d}")
    assert progress in world.sticky(number).body.splitlines()
    # One write: the sticky comment edited in place.
    assert [(w.method, w.path.split("/")[-2]) for w in world.bot_writes()] == [("PATCH", "comments")]


def test_an_outcome_review_while_pending_is_an_early_review_and_closes(world: World) -> None:
    number = shipped_issue(world)
    say(world, number, "/measure 310")

    say(world, number, "/outcome met shipped and adopted")

    issue = world.fake.issue(REPO, number)
    assert (issue.state, issue.state_reason) == ("closed", "completed")
    assert world.labels(number) == {"evidence-strong", "outcome-met"}
    record = record_of(world, number)
    assert record is not None and record.state is OutcomeState.REVIEWED and record.reviewed_early
    assert (record.verdict, record.reviewed_by, record.review_note) == (Verdict.MET, MAINTAINER,
                                                                        "shipped and adopted")
    reply = world.bot_comments(number)[-1].body
    assert reply.startswith(f"Outcome review recorded by {MAINTAINER}: **met**, reviewed before the window ended")
    assert f"- **Verdict:** met by {MAINTAINER}" in world.sticky(number).body
    assert "(reviewed before the window ended)" in world.sticky(number).body
    assert results_comments(world, number) == []
    # Its own close comes back as `issues.closed` from the service's account: nothing reopens.
    echo_own_event(world, number, "issues.closed")
    assert world.fake.issue(REPO, number).state == "closed"


def test_measure_after_the_due_date_posts_the_results_at_once_then_the_review_closes(world: World) -> None:
    ended = (dt.datetime.now(dt.UTC).date() - dt.timedelta(days=1)).isoformat()
    number = world.fake.add_issue(REPO, title="Exports time out", body=framed_body(window=f"until {ended}"),
                                  user=AUTHOR).number
    world.deliver("issues", world.issue_payload("issues.opened", number, sender=AUTHOR))
    world.settle()
    close(world, number)
    assert world.labels(number) == {"evidence-strong", "outcome-pending"}

    say(world, number, "/measure 310 from the weekly dashboard")

    assert world.labels(number) == {"evidence-strong", "outcome-review"}
    [results] = results_comments(world, number)
    assert not results.startswith("<!--")
    for line in (
        "### Outcome results: weekly active exporters",
        "- **Baseline:** 120",
        "- **Target:** 300 (increase)",
        "- **Observed:** 310",
        "- **Change from baseline:** +158.3%",
    ):
        assert line in results.splitlines()
    assert "**Suggested verdict: met.**" in results and f"/measure by {MAINTAINER}" in results
    assert "the window ended" in results
    tell = results[results.index("**Tell them:**"):].splitlines()
    assert tell == [
        "**Tell them:**",
        "- [ ] Acme Corp — [Zendesk ticket](https://acme.zendesk.com/agent/tickets/4512)",
        "- [ ] Globex — [Gong call](https://app.gong.io/call?id=7781)",
        "- [ ] Initech — [Salesforce record](https://initech.lightning.force.com/lightning/r/Opportunity/6AB)",
        "- [ ] Umbrella Health — [Intercom conversation](https://app.intercom.com/a/inbox/x1/conversation/8812)",
    ]
    assert "- **Suggested verdict:** met" in world.sticky(number).body
    assert world.fake.issue(REPO, number).state == "open"

    say(world, number, "/outcome met")

    record = record_of(world, number)
    assert record is not None and record.state is OutcomeState.REVIEWED and not record.reviewed_early
    assert world.bot_comments(number)[-1].body == f"Outcome review recorded by {MAINTAINER}: **met**."
    assert world.fake.issue(REPO, number).state == "closed"


def test_outcome_skip_closes_without_a_review(world: World) -> None:
    number = shipped_issue(world)

    say(world, number, "/outcome skip the metric was retired")

    issue = world.fake.issue(REPO, number)
    assert (issue.state, issue.state_reason) == ("closed", "completed")
    assert world.labels(number) == {"evidence-strong"}
    record = record_of(world, number)
    assert record is not None and record.state is OutcomeState.SKIPPED
    assert record.skip_reason == "the metric was retired"
    assert world.bot_comments(number)[-1].body == (
        f"Closed without an outcome review by {MAINTAINER}: the metric was retired"
    )


def test_an_outcome_command_from_someone_without_write_access_is_politely_refused(world: World) -> None:
    number = shipped_issue(world)
    before = record_of(world, number)
    world.fake.clear_log()

    say(world, number, "/outcome met looks fine to me", by=READER, association="NONE")

    refusal = world.bot_comments(number)[-1]
    assert refusal.body.startswith("Sorry, only people with write access can use outcome commands")
    assert world.fake.issue(REPO, number).state == "open"
    assert world.labels(number) == {"evidence-strong", "outcome-pending"}
    assert record_of(world, number) == before
    assert [(w.method, w.path) for w in world.bot_writes()] == [("POST", f"/repos/{REPO}/issues/{number}/comments")]


def test_closing_as_not_planned_passes_through(world: World) -> None:
    number = framed_issue(world)
    sticky = world.sticky(number)
    world.fake.clear_log()

    close(world, number, reason="not_planned")

    issue = world.fake.issue(REPO, number)
    assert (issue.state, issue.state_reason) == ("closed", "not_planned")
    assert world.labels(number) == {"evidence-strong"}
    assert world.bot_writes() == []
    assert world.sticky(number).body == sticky.body
    stored = record_of(world, number)
    assert stored is None or stored.state is not OutcomeState.PENDING
