"""`backfill --apply` beside the running service: its writes are booked in the write budget the service's replicas
share, the tickets it frames are recorded as the service records them, and a second run writes nothing."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from click.testing import Result
from typer.testing import CliRunner

from integration.github.kind import GITHUB
from integration.jira.kind import JIRA
from integration.store import Store, make_engine
from problemframe.events import TicketRef
from tests.e2e import jira_support
from tests.e2e.github_support import AUTHOR, BOT_TOKEN, REPO, World, framed_body, running_service, seed
from tests.fakes.github.server import FakeGitHub
from tests.fakes.jira.server import FakeJira
from tests.integration.portfolio_seed import seed_jira
from tests.webhooks.helpers import SECRET, settings_for
from webhooks.cli import app as cli
from webhooks.settings import Settings

JIRA_COUNT = 10  # two of each kind: strong, moderate, weak, unframed, exempt


def invoke(args: list[str], env: dict[str, str]) -> Result:
    return CliRunner().invoke(cli, args, env=env)


def booked(database_url: str, budget: str) -> int:
    """Return the writes the shared write budget holds for `budget` (the table `tracker_writes`)."""
    store = Store(make_engine(database_url))
    try:
        return store.write_budgets.spent(budget, since=0.0)
    finally:
        store.close()


def ticket_lines(output: str, prefix: str) -> dict[str, str]:
    """Return the per-ticket lines of a run by ticket, such as {'acme/app#2': 'labels +evidence-strong; ...'}."""
    found = {}
    for line in output.splitlines():
        ticket, sep, said = line.partition(": ")
        if sep and ticket.startswith(prefix):
            found[ticket] = said
    return found


# --- GitHub -------------------------------------------------------------------------------------------------------


@pytest.fixture
def github_settings(fake_github: FakeGitHub, database_url: str) -> Settings:
    seed(fake_github)
    return settings_for(database_url, github_api_url=fake_github.base_url, github_token=BOT_TOKEN, write_interval=0.0)


@pytest.fixture
def world(fake_github: FakeGitHub, github_settings: Settings) -> Iterator[World]:
    # No test clock: the app connects its trackers itself, through the shared write budget, as in production.
    with running_service(github_settings, fake_github) as running:
        yield running


def github_env(world: World, database_url: str) -> dict[str, str]:
    return {
        "PROBLEMFRAME_DATABASE_URL": database_url, "PROBLEMFRAME_GITHUB_TOKEN": BOT_TOKEN,
        "PROBLEMFRAME_GITHUB_API_URL": world.fake.base_url, "PROBLEMFRAME_GITHUB_WEBHOOK_SECRET": SECRET,
        "PROBLEMFRAME_WRITE_INTERVAL": "0",
    }


def test_github_backfill_books_its_writes_and_records_the_tickets_it_frames(
    world: World, github_settings: Settings, database_url: str
) -> None:
    served = world.fake.add_issue(REPO, title="Exports time out", body=framed_body(), user=AUTHOR).number
    world.deliver("issues", world.issue_payload("issues.opened", served, sender=AUTHOR))
    world.settle()
    # Two issues whose webhooks never came: backfill frames them.
    framed = world.fake.add_issue(REPO, title="Imports stall", body=framed_body(customer="Wexford"), user=AUTHOR).number
    unframed = world.fake.add_issue(REPO, title="Dark mode", body="Please add a dark mode.", user=AUTHOR).number
    budget = GITHUB.budget(github_settings)
    by_service = booked(database_url, budget)
    assert by_service == len(world.bot_writes()) > 0
    world.fake.clear_log()

    first = invoke(["backfill", "--github", REPO, "--apply"], github_env(world, database_url))

    assert first.exit_code == 0, first.output
    writes = world.bot_writes()
    assert writes and not [w for w in writes if f"/issues/{served}/" in w.path]  # the service's ticket costs nothing
    assert booked(database_url, budget) == by_service + len(writes)
    assert f"; {len(writes)} write requests." in first.output
    assert ticket_lines(first.output, REPO) == {
        f"{REPO}#{framed}": "labels +evidence-strong; comment created",
        f"{REPO}#{unframed}": "labels +evidence-none +needs-framing; comment created",
        REPO: "label needs-framing created",  # the one label the service had not needed yet
    }
    tickets = world.store.tickets
    assert set(tickets.first_framed("github", REPO)) == {
        TicketRef(tracker="github", container=REPO, key=str(number)) for number in (served, framed)
    }
    assert tickets.applied(TicketRef(tracker="github", container=REPO, key=str(unframed))) is not None

    scorecard = invoke(["scorecard", "--github", REPO, "--format", "json"], github_env(world, database_url))
    assert scorecard.exit_code == 0, scorecard.output
    assert json.loads(scorecard.output)["median_days_to_framed"] is not None

    world.fake.clear_log()
    again = invoke(["backfill", "--github", REPO, "--apply"], github_env(world, database_url))

    assert again.exit_code == 0, again.output
    assert world.bot_writes() == [] and ticket_lines(again.output, REPO) == {}
    assert "0 changed, 3 up to date" in again.output and "; 0 write requests." in again.output
    assert booked(database_url, budget) == by_service + len(writes)


def test_a_dry_run_books_and_records_nothing(world: World, github_settings: Settings, database_url: str) -> None:
    number = world.fake.add_issue(REPO, title="Imports stall", body=framed_body(), user=AUTHOR).number

    ran = invoke(["backfill", "--github", REPO], github_env(world, database_url))

    assert ran.exit_code == 0, ran.output
    assert ticket_lines(ran.output, REPO) == {f"{REPO}#{number}": "add evidence-strong; create comment"}
    assert world.bot_writes() == [] and booked(database_url, GITHUB.budget(github_settings)) == 0
    assert world.store.tickets.applied(TicketRef(tracker="github", container=REPO, key=str(number))) is None


# --- Jira ---------------------------------------------------------------------------------------------------------


@pytest.fixture
def jira() -> Iterator[FakeJira]:
    fake = FakeJira()
    seed_jira(fake, jira_support.PROJECT, JIRA_COUNT, today=_today())
    with fake:
        yield fake
    assert fake.violations == []


def _today() -> Any:
    import datetime as dt

    return dt.datetime.now(dt.UTC).date()


def test_jira_backfill_books_its_writes_and_records_the_tickets_it_frames(jira: FakeJira, database_url: str) -> None:
    project = jira_support.PROJECT
    settings = jira_support.service_settings(jira, database_url)
    env = {**jira_support.admin_env(jira), "PROBLEMFRAME_DATABASE_URL": database_url}
    budget = JIRA.budget(settings)
    with jira_support.running(settings) as service:
        response = service.deliver(jira_support.issue_delivery(jira, "issue_created", f"{project}-1"))
        assert response.status_code == 202, response.text
        service.drain()
        by_service = booked(database_url, budget)
        assert by_service == len(jira.writes()) > 0
        mark = jira.mark()

        first = invoke(["backfill", "--jira-project", project, "--apply"], env)

        assert first.exit_code == 0, first.output
        writes = jira.writes(mark)
        assert writes and not [w for w in writes if f"/{project}-1/" in w.path or w.path.endswith(f"/{project}-1")]
        assert booked(database_url, budget) == by_service + len(writes)
        lines = ticket_lines(first.output, f"{project}-")
        # Two of each kind: the strong one the service already wrote, the exempt ones, are left out.
        assert sorted(lines) == sorted(f"{project}-{n}" for n in (2, 3, 4, 6, 7, 8, 9))
        moderate = lines[f"{project}-2"]
        assert moderate.startswith("labels +evidence-moderate; fields Evidence score = "), moderate
        assert moderate.endswith(", Evidence strength = moderate; comment created"), moderate
        assert lines[f"{project}-4"].startswith("labels +evidence-none +needs-framing; fields ")
        framed = service.store.tickets.first_framed("jira", project)
        assert {ref.key for ref in framed} == {f"{project}-{n}" for n in (1, 2, 6, 7)}

        mark = jira.mark()
        again = invoke(["backfill", "--jira-project", project, "--apply"], env)

        assert again.exit_code == 0, again.output
        assert jira.writes(mark) == [] and ticket_lines(again.output, f"{project}-") == {}
        assert "; 0 write requests." in again.output
        assert booked(database_url, budget) == by_service + len(writes)
