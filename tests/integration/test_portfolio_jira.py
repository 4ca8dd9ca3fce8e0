"""Reading a Jira project's issues for the portfolio and backfilling them, with the real `jira` client."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from integration.backfill import Backfill
from integration.jira.portfolio import JiraIssueReader, project_jql, same_sticky_body
from problemframe.events import Ticket
from problemframe.policy import Policy
from problemframe.portfolio import build_rows
from tests.fakes.jira.server import FakeJira
from tests.integration.portfolio_seed import kind_of, seed_jira
from tests.trackers import jira_tracker

PROJECT = "PROJ"
# Six pages of ten: every read crosses pages as a full project's would, at a tenth of the tickets.
COUNT = 52
PAGE_SIZE = 10
TODAY = dt.date(2026, 11, 1)
NOW = dt.datetime(2026, 11, 1, 12, tzinfo=dt.UTC)


def _serve(deployment: str) -> Iterator[FakeJira]:
    server = FakeJira(deployment=deployment)
    seed_jira(server, PROJECT, COUNT, today=TODAY)
    with server:
        yield server
    assert server.violations == []


@pytest.fixture
def cloud() -> Iterator[FakeJira]:
    """Serve a fake Jira Cloud holding COUNT issues."""
    yield from _serve("Cloud")


@pytest.fixture(params=["Cloud", "Server"])
def either(request: pytest.FixtureRequest) -> Iterator[FakeJira]:
    """Serve a fake Jira Cloud, then a fake Data Center, each holding COUNT issues."""
    yield from _serve(request.param)


def _searches(fake: FakeJira) -> list[str]:
    return [r.path for r in fake.requests if "/search" in r.path]


def test_project_jql_quotes_the_key_and_filters_state() -> None:
    assert project_jql("PROJ", "open") == 'project = "PROJ" AND statusCategory != Done ORDER BY created ASC'
    assert project_jql("PROJ", "all") == 'project = "PROJ" ORDER BY created ASC'


def test_reads_every_issue_page_by_page(either: FakeJira) -> None:
    # Cloud pages /search/jql by nextPageToken; Data Center pages /search by startAt.
    path = "/rest/api/2/search/jql" if either.deployment == "Cloud" else "/rest/api/2/search"
    reader = JiraIssueReader(jira_tracker(either), PROJECT, page_size=PAGE_SIZE)
    tickets = list(reader.tickets(state="open"))
    assert [t.ref.key for t in tickets] == [f"{PROJECT}-{n}" for n in range(1, COUNT + 1)]
    assert reader.stats.pages == 6
    assert _searches(either) == [path] * 6
    assert reader.stats.created_at[f"{PROJECT}-1"].tzinfo is not None


def test_frame_is_read_from_the_custom_fields(cloud: FakeJira) -> None:
    reader = JiraIssueReader(jira_tracker(cloud), PROJECT, page_size=PAGE_SIZE)
    tickets = {t.ref.key: t for t in reader.tickets(state="open")}
    strong = tickets[f"{PROJECT}-1"]
    assert set(strong.fields) == {"problem", "evidence", "metric"}
    assert strong.url == f"{cloud.url}/browse/{PROJECT}-1"
    unframed = tickets[f"{PROJECT}-4"]
    assert unframed.fields == {} and "dark mode" in unframed.body
    rows = {r.key: r for r in build_rows(tickets.values(), policy=Policy(), today=TODAY)}
    assert rows[f"{PROJECT}-1"].complete and len(rows[f"{PROJECT}-1"].customers) == 5
    assert f"{PROJECT}-5" not in rows  # labelled `bug`: exempt
    assert not rows[f"{PROJECT}-4"].complete


def test_closed_issues_are_left_out_of_open(cloud: FakeJira) -> None:
    cloud.issue(f"{PROJECT}-3").status = "Done"
    reader = JiraIssueReader(jira_tracker(cloud), PROJECT, page_size=PAGE_SIZE)
    assert f"{PROJECT}-3" not in {t.ref.key for t in reader.tickets(state="open")}
    assert [t.ref.key for t in reader.tickets(state="closed")] == [f"{PROJECT}-3"]


def _backfill(fake: FakeJira, *, apply: bool) -> tuple[Backfill, list[Ticket]]:
    tracker = jira_tracker(fake)
    reader = JiraIssueReader(tracker, PROJECT, page_size=PAGE_SIZE)
    login = tracker.service_login()
    runner = Backfill(
        tracker=tracker, policy=Policy(), service_login=login, apply=apply,
        sticky=lambda ref: reader.sticky_body(ref, login=login), same_body=same_sticky_body, now=lambda: NOW,
    )
    return runner, list(reader.tickets(state="open"))


def test_backfill_dry_run_then_apply_then_nothing_left(cloud: FakeJira) -> None:
    framed = sum(1 for n in range(COUNT) if kind_of(n) != "exempt")
    runner, tickets = _backfill(cloud, apply=False)
    dry = runner.run(tickets)
    assert cloud.writes() == [] and dry.changed == framed
    assert {r.plan.comment for r in dry.results if not r.plan.exempt} == {"create"}

    mark = cloud.mark()
    runner, tickets = _backfill(cloud, apply=True)
    first = runner.run(tickets)
    assert first.failed == 0 and first.writes == len(cloud.writes(mark)) == 2 * framed
    assert cloud.value(f"{PROJECT}-1", "Evidence strength") == "strong"
    assert "evidence-strong" in cloud.issue(f"{PROJECT}-1").labels

    mark = cloud.mark()
    runner, tickets = _backfill(cloud, apply=True)
    assert runner.run(tickets).writes == 0 and cloud.writes(mark) == []

    runner, tickets = _backfill(cloud, apply=False)
    assert runner.run(tickets).changed == 0
