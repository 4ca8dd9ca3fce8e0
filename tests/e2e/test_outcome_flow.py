"""The outcome loop on GitHub end to end: close, reopen pending, measure, review, close; and `outcomes due`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from problemframe.events import TicketRef
from problemframe.outcome import OutcomeRecord, OutcomeState
from problemframe.verdict import Verdict
from tests.e2e.github_support import (
    AUTHOR,
    BOT,
    BOT_TOKEN,
    MAINTAINER,
    READER,
    REPO,
    World,
    framed_body,
    running_service,
    seed,
    service_settings,
)
from tests.fakes.github_server import FakeClock, FakeGitHub
from tests.webhooks.helpers import SECRET
from webhooks.cli import app as cli


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


def record_of(world: World, number: int) -> OutcomeRecord | None:
    """Return the stored outcome record of an issue."""
    return world.store.outcomes.get(TicketRef(tracker="github", container=REPO, key=str(number)))


def framed_issue(world: World) -> int:
    """Open a complete issue and let the service frame it."""
    number = world.fake.add_issue(REPO, title="Exports time out", body=framed_body(), user=AUTHOR).number
    world.deliver("issues", world.issue_payload("issues.opened", number, sender=AUTHOR))
    world.settle()
    assert world.labels(number) == {"evidence-strong"}
    return number


def close(world: World, number: int, *, reason: str = "completed", by: str = MAINTAINER) -> None:
    """Close the issue on GitHub as a person, then deliver `issues.closed` as GitHub would."""
    world.edit_issue(by, number, state="closed", state_reason=reason)
    world.deliver("issues", world.issue_payload("issues.closed", number, sender=by))
    world.settle()


def say(world: World, number: int, body: str, *, by: str = MAINTAINER, association: str = "MEMBER") -> None:
    """Comment on the issue as a person, then deliver `issue_comment.created`."""
    comment = world.comment(by, number, body)
    world.deliver("issue_comment", world.comment_payload(number, comment, association=association))
    world.settle()


def echo_own_event(world: World, number: int, name: str) -> None:
    """Deliver the event GitHub sends for the service's own change, and check the service leaves it alone."""
    world.fake.clear_log()
    world.deliver("issues", world.issue_payload(name, number, sender=BOT))
    world.settle()
    assert world.bot_writes() == []


def shipped_issue(world: World) -> int:
    """Frame an issue and close it as completed, starting its measurement window."""
    number = framed_issue(world)
    close(world, number)
    return number


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


def test_measure_then_outcome_met_by_a_maintainer_posts_results_and_closes_the_reviewed_issue(world: World) -> None:
    number = shipped_issue(world)

    say(world, number, "/measure 310 from the weekly dashboard")

    assert world.labels(number) == {"evidence-strong", "outcome-review"}
    results = world.bot_comments(number)[-1]
    assert not results.body.startswith("<!--")
    for line in (
        "### Outcome results: weekly active exporters",
        "- **Baseline:** 120",
        "- **Target:** 300 (increase)",
        "- **Observed:** 310",
        "- **Change from baseline:** +158.3%",
    ):
        assert line in results.body.splitlines()
    assert "**Suggested verdict: met.**" in results.body and f"/measure by {MAINTAINER}" in results.body
    pending = record_of(world, number)
    assert pending is not None and pending.due_at is not None
    # Measured early by hand: the window is still running.
    assert f"the window ends {pending.due_at:%Y-%m-%d}." in results.body
    assert "- **Suggested verdict:** met" in world.sticky(number).body
    assert world.fake.issue(REPO, number).state == "open"

    say(world, number, "/outcome met shipped and adopted")

    issue = world.fake.issue(REPO, number)
    assert (issue.state, issue.state_reason) == ("closed", "completed")
    assert world.labels(number) == {"evidence-strong", "outcome-met"}
    record = record_of(world, number)
    assert record is not None and record.state is OutcomeState.REVIEWED
    assert (record.verdict, record.reviewed_by, record.review_note) == (Verdict.MET, MAINTAINER,
                                                                        "shipped and adopted")
    assert f"Outcome review recorded by {MAINTAINER}: **met**." in world.bot_comments(number)[-1].body
    assert f"- **Verdict:** met by {MAINTAINER}" in world.sticky(number).body
    # Its own close comes back as `issues.closed` from the service's account: nothing reopens.
    echo_own_event(world, number, "issues.closed")
    assert world.fake.issue(REPO, number).state == "closed"


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


def test_outcomes_due_measures_a_manual_value_and_reports_no_data_as_inconclusive(
    world: World, database: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    measured = framed_issue(world)
    say(world, measured, "/measure 250")
    assert world.bot_comments(measured)[-1].body.startswith("Recorded 250.")
    close(world, measured)
    silent = shipped_issue(world)
    due = [record_of(world, n) for n in (measured, silent)]
    assert all(r is not None and r.state is OutcomeState.PENDING for r in due)
    window_end = max(r.due_at for r in due if r is not None and r.due_at is not None)
    for name, value in {
        "DATABASE_URL": f"sqlite:///{database}", "GITHUB_TOKEN": BOT_TOKEN, "GITHUB_API_URL": world.fake.base_url,
        "GITHUB_WEBHOOK_SECRET": SECRET, "WRITE_INTERVAL": "0",
    }.items():
        monkeypatch.setenv(f"PROBLEMFRAME_{name}", value)
    monkeypatch.chdir(tmp_path)

    early = CliRunner().invoke(cli, ["outcomes", "due", "--now", (window_end - dt.timedelta(days=1)).isoformat()])
    assert early.exit_code == 0 and "No outcomes due" in early.output
    ran = CliRunner().invoke(cli, ["outcomes", "due", "--now", (window_end + dt.timedelta(days=1)).isoformat()])

    assert ran.exit_code == 0, ran.output
    rows = {line.split("│")[1].strip(): line for line in ran.output.splitlines() if f"{REPO}#" in line}
    assert "measured" in rows[f"{REPO}#{measured}"] and "partial" in rows[f"{REPO}#{measured}"]
    assert "inconclusive" in rows[f"{REPO}#{silent}"]
    results = world.bot_comments(measured)[-1].body
    assert "- **Observed:** 250" in results.splitlines() and "**Suggested verdict: partial.**" in results
    assert "the window ended" in results
    no_data = world.bot_comments(silent)[-1].body
    assert "- **Observed:** n/a" in no_data.splitlines() and "**Suggested verdict: inconclusive.**" in no_data
    assert "nobody has reported a value yet" in no_data
    for number in (measured, silent):
        assert world.labels(number) == {"evidence-strong", "outcome-review"}
        record = record_of(world, number)
        assert record is not None and record.state is OutcomeState.REVIEW
    again = CliRunner().invoke(cli, ["outcomes", "due", "--now", (window_end + dt.timedelta(days=2)).isoformat()])
    assert again.exit_code == 0 and "No outcomes due" in again.output
