"""The outcome loop on Jira end to end: progress, the window's end, results, early and late reviews, skip."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from integration.jira.comments import MARKER
from integration.store import Store
from problemframe.events import TicketRef
from problemframe.outcome import OutcomeRecord, OutcomeState
from problemframe.verdict import Verdict
from tests.e2e.jira_support import (
    PROJECT,
    Service,
    admin_env,
    comment_delivery,
    issue_delivery,
    move,
    running,
    service_settings,
    status_item,
)
from tests.e2e.test_jira_flow import created, set_up, strong_frame
from tests.fakes.jira.server import FakeJira
from webhooks.cli import app as cli


def manual_frame(*, window: str = "30 days") -> str:
    """Return a complete frame whose metric people report by hand with /measure."""
    return (
        strong_frame()
        .replace('*Source:* Looker dashboard "Catalogue ops"', "*Source:* manual")
        .replace("*Window:* 30 days", f"*Window:* {window}")
    )


@pytest.fixture
def jira() -> Iterator[FakeJira]:
    fake = FakeJira()
    fake.add_project(PROJECT)
    fake.add_user("admin", account_id="5b10ac8d82e05b22cc7d4eaa", display_name="Site Admin")
    with fake:
        set_up(fake)
        yield fake
    assert fake.violations == []


@pytest.fixture
def database(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'problemframe.db'}"


@pytest.fixture
def service(jira: FakeJira, database: str) -> Iterator[Service]:
    with running(service_settings(jira, database)) as started:
        yield started


def shipped(jira: FakeJira, service: Service, *, frame: str | None = None) -> str:
    """Frame an issue, move it to Done on the board and deliver that change: its window starts."""
    key = jira.add_issue(PROJECT, "Bulk edit SKUs", description=frame or manual_frame())
    created(jira, service, key)
    move(jira, key, "Done")
    moved = issue_delivery(jira, "issue_updated_status-changed", key, items=[status_item(jira, "To Do", "Done")])
    assert service.deliver(moved).status_code == 202
    service.drain()
    return key


def say(jira: FakeJira, service: Service, key: str, body: str, *, by: str = "admin") -> None:
    """Comment on the issue as a person and deliver `comment_created`."""
    comment_id = jira.add_comment(key, body, author=by)
    assert service.deliver(comment_delivery(jira, key, comment_id, with_issue=True)).status_code == 202
    service.drain()


def record_of(service: Service, key: str) -> OutcomeRecord:
    record = service.store.outcomes.get(TicketRef(tracker="jira", container=PROJECT, key=key))
    assert record is not None
    return record


def bot_comments(jira: FakeJira, key: str) -> list[dict[str, Any]]:
    return [c for c in jira.issue(key).comments if c["author"] is jira.bot]


def sticky_body(jira: FakeJira, key: str) -> str:
    [body] = [c["body"] for c in bot_comments(jira, key) if c["body"].startswith(MARKER)]
    return str(body)


def results(jira: FakeJira, key: str) -> list[str]:
    return [c["body"] for c in bot_comments(jira, key) if c["body"].startswith("h3. Outcome results")]


def is_done(jira: FakeJira, key: str) -> bool:
    return jira.workflow.status(jira.issue(key).status).category == "done"


def outcomes_due(jira: FakeJira, database: str, at: dt.datetime) -> str:
    """Run `problemframe outcomes due --now AT` as an operator would."""
    env = {**admin_env(jira), "PROBLEMFRAME_DATABASE_URL": database}
    ran = CliRunner().invoke(cli, ["outcomes", "due", "--now", at.isoformat()], env=env)
    assert ran.exit_code == 0, ran.output
    return ran.output


def test_measure_before_the_due_date_shows_progress_and_the_due_date_measures_it(
    jira: FakeJira, service: Service, database: str
) -> None:
    key = shipped(jira, service)
    say(jira, service, key, "/measure 30 from the ops dashboard")

    record = record_of(service, key)
    assert record.state is OutcomeState.PENDING and record.due_at is not None and record.latest_value() == 30
    assert "outcome-pending" in jira.issue(key).labels and jira.value(key, "Outcome") == "pending"
    assert results(jira, key) == [] and not is_done(jira, key)
    today = dt.datetime.now(dt.UTC).date().isoformat()
    assert (f"* *Progress:* 30 so far, 64% of the way, measured {today}; final measurement on"
            f" {record.due_at:%Y-%m-%d}") in sticky_body(jira, key).splitlines()

    assert "No outcomes due" in outcomes_due(jira, database, record.due_at - dt.timedelta(hours=1))
    assert results(jira, key) == []
    outcomes_due(jira, database, record.due_at + dt.timedelta(hours=1))

    [posted] = results(jira, key)
    assert "* *Observed:* 30" in posted.splitlines() and "*Suggested verdict: partial.*" in posted
    assert posted.splitlines()[-4:] == [
        "*Tell them:*",
        "* ☐ Acme Logistics — [Salesforce record|https://acme.my.salesforce.com/006Qx000001]",
        "* ☐ Globex Freight — [Gong call|https://app.gong.io/call?id=555]",
        "* ☐ Initech — [Zendesk ticket|https://initech.zendesk.com/agent/tickets/2231]",
    ]
    issue = jira.issue(key)
    assert "outcome-review" in issue.labels and "outcome-pending" not in issue.labels
    assert jira.value(key, "Outcome") == "review"
    assert "* *Suggested verdict:* partial" in sticky_body(jira, key).splitlines()
    assert record_of(service, key).state is OutcomeState.REVIEW

    say(jira, service, key, "/outcome partial two of three warehouses moved")

    issue = jira.issue(key)
    assert (issue.status, issue.resolution) == ("Done", "Done")
    assert "outcome-partial" in issue.labels and jira.value(key, "Outcome") == "partial"
    reviewed = record_of(service, key)
    assert reviewed.verdict is Verdict.PARTIAL and not reviewed.reviewed_early


def test_the_due_date_without_a_value_asks_for_one_and_inconclusive_closes(
    jira: FakeJira, service: Service, database: str
) -> None:
    key = shipped(jira, service)
    due = record_of(service, key).due_at
    assert due is not None
    outcomes_due(jira, database, due + dt.timedelta(days=1))

    [ask] = results(jira, key)
    assert "* *Observed:* n/a" in ask.splitlines() and "{{/measure <number> [note]}}" in ask
    assert "outcome-pending" in jira.issue(key).labels and jira.value(key, "Outcome") == "pending"
    assert record_of(service, key).asked_at is not None
    assert "No outcomes due" in outcomes_due(jira, database, due + dt.timedelta(days=2))

    say(jira, service, key, "/outcome inconclusive the dashboard was retired")

    assert is_done(jira, key) and "outcome-inconclusive" in jira.issue(key).labels
    assert jira.value(key, "Outcome") == "inconclusive"
    assert len(results(jira, key)) == 1


def test_a_measure_after_the_due_date_posts_the_results_at_once(jira: FakeJira, service: Service) -> None:
    ended = (dt.datetime.now(dt.UTC).date() - dt.timedelta(days=2)).isoformat()
    key = shipped(jira, service, frame=manual_frame(window=f"until {ended}"))
    assert "outcome-pending" in jira.issue(key).labels

    say(jira, service, key, "/measure 44")

    [posted] = results(jira, key)
    assert "*Suggested verdict: met.*" in posted and "the window ended" in posted
    assert "outcome-review" in jira.issue(key).labels and jira.value(key, "Outcome") == "review"
    assert not is_done(jira, key)


def test_an_early_review_is_recorded_as_such_and_closes(jira: FakeJira, service: Service) -> None:
    key = shipped(jira, service)

    say(jira, service, key, "/outcome met every 3PL customer moved")

    issue = jira.issue(key)
    assert (issue.status, issue.resolution) == ("Done", "Done")
    assert "outcome-met" in issue.labels and jira.value(key, "Outcome") == "met"
    record = record_of(service, key)
    assert record.state is OutcomeState.REVIEWED and record.reviewed_early
    assert "reviewed before the window ended" in bot_comments(jira, key)[-1]["body"]
    assert "(reviewed before the window ended)" in sticky_body(jira, key)


def test_skip_closes_without_a_review(jira: FakeJira, service: Service) -> None:
    key = shipped(jira, service)

    say(jira, service, key, "/outcome skip replaced by the new catalogue")

    issue = jira.issue(key)
    assert is_done(jira, key) and not {"outcome-pending", "outcome-review"} & set(issue.labels)
    record = record_of(service, key)
    assert record.state is OutcomeState.SKIPPED and record.skip_reason == "replaced by the new catalogue"
    assert jira.value(key, "Outcome") == "skipped"


@pytest.mark.parametrize("resolution", ["Won't Do", "Duplicate", "Cannot Reproduce"])
def test_done_with_a_not_planned_resolution_passes_through(
    jira: FakeJira, service: Service, resolution: str
) -> None:
    key = jira.add_issue(PROJECT, "Bulk edit SKUs", description=manual_frame())
    created(jira, service, key)
    issue = jira.issue(key)
    [finish] = [t for t in jira.available_transitions(issue) if t.to == "Done"]
    jira.transition(issue, finish.id, {"resolution": {"name": resolution}})
    moved = issue_delivery(jira, "issue_updated_status-changed", key, items=[status_item(jira, "To Do", "Done")])
    assert service.deliver(moved).status_code == 202
    service.drain()

    issue = jira.issue(key)
    assert (issue.status, issue.resolution) == ("Done", resolution)
    assert not any(label.startswith("outcome-") for label in issue.labels)
    stored = service.store.outcomes.get(TicketRef(tracker="jira", container=PROJECT, key=key))
    assert stored is None or stored.state is not OutcomeState.PENDING


def test_the_database_keeps_the_loop_across_a_restart(jira: FakeJira, database: str) -> None:
    with running(service_settings(jira, database)) as first:
        key = shipped(jira, first)
        say(jira, first, key, "/measure 20")
    with running(service_settings(jira, database)) as second:
        say(jira, second, key, "/measure 25")
        record = record_of(second, key)
    assert [m.value for m in record.measurements] == [20, 25] and record.state is OutcomeState.PENDING
    store = Store.open(database)
    try:
        assert store.outcomes.get(record.ref) == record
    finally:
        store.close()


def test_won_t_do_while_pending_stops_the_measurement_and_clears_the_outcome(
    jira: FakeJira, service: Service, database: str
) -> None:
    key = shipped(jira, service)
    issue = jira.issue(key)
    [finish] = [t for t in jira.available_transitions(issue) if t.to == "Done"]
    jira.transition(issue, finish.id, {"resolution": {"name": "Won't Do"}})
    moved = issue_delivery(jira, "issue_updated_status-changed", key, items=[status_item(jira, "To Do", "Done")])
    assert service.deliver(moved).status_code == 202
    service.drain()

    issue = jira.issue(key)
    assert (issue.status, issue.resolution) == ("Done", "Won't Do")
    assert "outcome-pending" not in issue.labels and jira.value(key, "Outcome") is None
    record = record_of(service, key)
    assert record.state is OutcomeState.CLOSED and record.due_at is not None
    assert "No outcomes due" in outcomes_due(jira, database, record.due_at + dt.timedelta(days=1))


def test_after_the_review_a_cited_service_desk_request_in_an_allowed_project_hears_once(
    jira: FakeJira, tmp_path: Path
) -> None:
    jira.add_project("SUP")
    jira.add_project("OPS")
    request = jira.add_issue("SUP", "Exports of big catalogues fail", description="We cannot bulk edit.")
    elsewhere = jira.add_issue("OPS", "Bulk edit please", description="Same here.")
    database = f"sqlite:///{tmp_path / 'loop.db'}"
    frame = (
        manual_frame()
        .replace("[ZD-2231|https://initech.zendesk.com/agent/tickets/2231]", f"[{request}|{jira.url}/browse/{request}]")
        .replace("[Gong call|https://app.gong.io/call?id=555]", f"[{elsewhere}|{jira.url}/browse/{elsewhere}]")
    )
    with running(service_settings(jira, database, close_loop_allow="SUP")) as service:
        key = shipped(jira, service, frame=frame)
        say(jira, service, key, "/outcome met every 3PL customer moved")
        env = {**admin_env(jira), "PROBLEMFRAME_DATABASE_URL": database, "PROBLEMFRAME_CLOSE_LOOP_ALLOW": "SUP"}
        for _ in range(2):
            ran = CliRunner().invoke(cli, ["outcomes", "due"], env=env)
            assert ran.exit_code == 0, ran.output
        say(jira, service, key, "/outcome met")
        assert CliRunner().invoke(cli, ["outcomes", "due"], env=env).exit_code == 0

    told = [c["body"] for c in jira.issue(request).comments if c["author"] is jira.bot]
    assert len(told) == 1
    assert told[0].startswith(f"{{anchor:problemframe-loop-{PROJECT}-{key.split('-')[1]}}}\n")
    assert "*met*" in told[0] and f"{jira.url}/browse/{key}" in told[0]
    assert jira.issue(elsewhere).comments == []
