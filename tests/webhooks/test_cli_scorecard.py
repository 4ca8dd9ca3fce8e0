"""`problemframe scorecard` over 500 seeded tickets: every figure equals the one computed from the seed."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from typer.testing import CliRunner, Result

from integration.store import Store
from problemframe.events import TicketRef
from problemframe.model import SuccessMetric
from problemframe.outcome import OutcomeRecord, OutcomeState
from problemframe.verdict import Verdict
from tests.browser.chromium import find_chromium, render
from tests.fakes.github.server import FakeGitHub
from tests.fakes.jira.server import FakeJira
from tests.integration.portfolio_seed import kind_of, seed_jira
from tests.webhooks.scorecard_seed import REPO, Seeded, seed_scorecard
from webhooks.cli import app

NOW = dt.datetime.now(dt.UTC)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[FakeGitHub, Path, Seeded]]:
    """Serve a fake GitHub with 500 seeded issues and a store holding their framing times and outcomes."""
    fake = FakeGitHub(writes_per_minute=10**9, writes_per_hour=10**9)
    fake.start()
    fake.add_user("problemframe-bot", token="bot-token")
    database = tmp_path_factory.mktemp("scorecard") / "problemframe.db"
    store = Store.open(f"sqlite:///{database}")
    try:
        seeded = seed_scorecard(fake, store, now=NOW)
    finally:
        store.close()
    try:
        yield fake, database, seeded
    finally:
        fake.stop()
    assert fake.violations == []


def run(world: tuple[FakeGitHub, Path, Seeded], *args: str) -> Result:
    """Run `problemframe scorecard --github REPO ...` against the fake and the seeded store."""
    fake, database, _ = world
    env = {"PROBLEMFRAME_GITHUB_TOKEN": "bot-token", "PROBLEMFRAME_GITHUB_API_URL": fake.base_url,
           "PROBLEMFRAME_DATABASE_URL": f"sqlite:///{database}", "PROBLEMFRAME_WRITE_INTERVAL": "0"}
    return CliRunner().invoke(app, ["scorecard", "--github", REPO, *args], env=env)


def check(card: dict[str, object], expected: dict[str, object]) -> None:
    """Assert every figure of a JSON scorecard equals the expected one."""
    for name in ("tickets", "framed", "framed_share", "median_days_to_framed", "shipped", "reviewed",
                 "reviewed_share", "met_share", "median_days_ship_to_review", "verdicts"):
        assert card[name] == expected[name], name
    table = card["tier_vs_verdict"]
    assert isinstance(table, dict)
    assert {tier: row["met"] for tier, row in table.items()} == expected["tier_met"]


def test_the_json_scorecard_equals_the_figures_computed_from_the_seed(world: tuple[FakeGitHub, Path, Seeded]) -> None:
    fake, _, seeded = world
    before = len(fake.writes())

    result = run(world, "--format", "json")

    assert result.exit_code == 0, result.output
    card = json.loads(result.output)
    expected = seeded.expected()
    check(card, expected)
    assert card["tickets"] == 400 and card["framed"] == 200  # exempt tickets are left out
    assert set(card["verdicts"]) == {"met", "partial", "missed", "inconclusive", "skipped"}
    rates = card["met_rate_by_tier"]
    assert rates["strong"] > rates["moderate"]  # the seed's strong evidence met its targets more often
    assert len(card["portfolio"]) == 400
    assert len(fake.writes()) == before  # reading only


def test_since_counts_only_tickets_opened_or_shipped_from_that_date(world: tuple[FakeGitHub, Path, Seeded]) -> None:
    _, _, seeded = world
    since = (NOW - dt.timedelta(days=150)).date()

    result = run(world, "--format", "json", "--since", since.isoformat())

    assert result.exit_code == 0, result.output
    card = json.loads(result.output)
    check(card, seeded.expected(since))
    assert card["tickets"] < 400 and card["since"] == since.isoformat()


def test_enough_reviewed_outcomes_give_suggested_weights_and_leave_the_policy_alone(
    world: tuple[FakeGitHub, Path, Seeded],
) -> None:
    fake, _, _ = world
    result = run(world, "--format", "json")

    advice = json.loads(result.output)["weights"]
    assert advice["reason"] is None and advice["reviewed"] >= 30
    assert 0.5 <= advice["current_auc"] <= 1 and advice["suggested_auc"] >= advice["current_auc"]
    assert {"per_customer", "max_customer_points", "recent_points"} <= set(advice["weights"])
    assert not [w for w in fake.writes() if "contents" in w.path]


def test_csv_and_table_carry_the_same_figures(world: tuple[FakeGitHub, Path, Seeded]) -> None:
    _, _, seeded = world
    expected = seeded.expected()

    rows = list(csv.DictReader(io.StringIO(run(world, "--format", "csv").output)))
    summary = {r["item"]: r["value"] for r in rows if r["section"] == "summary"}
    assert int(summary["shipped"]) == expected["shipped"] and int(summary["reviewed"]) == expected["reviewed"]
    verdicts = {r["item"]: int(r["value"]) for r in rows if r["section"] == "verdicts"}
    assert verdicts == expected["verdicts"]

    table = run(world)
    assert table.exit_code == 0, table.output
    assert f"{expected['reviewed']} of {expected['shipped']}" in table.output
    assert "Evidence tier against verdict" in table.output and "AUC" in table.output


def test_few_reviewed_outcomes_say_why_there_is_no_weight_suggestion(world: tuple[FakeGitHub, Path, Seeded]) -> None:
    since = (NOW - dt.timedelta(days=40)).date()
    advice = json.loads(run(world, "--format", "json", "--since", since.isoformat()).output)["weights"]
    assert advice["weights"] == {} and "30 are needed" in advice["reason"]


@pytest.mark.parametrize(("args", "message"), [
    (["--since", "last quarter"], "--since takes a date"),
    (["--format", "pdf"], "pdf"),
])
def test_bad_options_are_refused_in_one_line(world: tuple[FakeGitHub, Path, Seeded], args: list[str],
                                            message: str) -> None:
    result = run(world, *args)
    assert result.exit_code == 2 and message in result.output
    assert "Traceback" not in result.output


def test_the_html_page_is_written_to_a_file(world: tuple[FakeGitHub, Path, Seeded], tmp_path: Path) -> None:
    target = tmp_path / "scorecard.html"
    result = run(world, "--format", "html", "--output", str(target))
    assert result.exit_code == 0, result.output
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>") and "<script" not in page
    for fetch in ("src=", "href=", "url(", "@import", "<link"):  # nothing loaded from anywhere
        assert fetch not in page


def chart_counts(dom: str, chart: str) -> dict[str, int]:
    """Return the counts drawn in one chart of the rendered page, summed per series."""
    found = re.search(rf'<svg[^>]*data-chart="{chart}".*?</svg>', dom, re.S)
    assert found is not None, f"no {chart} chart drawn"
    totals: dict[str, int] = {}
    for series, count in re.findall(r'data-series="([^"]+)" data-count="(\d+)"', found.group(0)):
        totals[series] = totals.get(series, 0) + int(count)
    return totals


@pytest.mark.skipif(find_chromium() is None,
                    reason="Chromium is not installed (Debian: apt-get install chromium): the page is not rendered")
def test_the_page_opened_in_chromium_shows_the_same_numbers_and_no_console_errors(
    world: tuple[FakeGitHub, Path, Seeded], tmp_path: Path
) -> None:
    _, _, seeded = world
    expected = seeded.expected()
    page, shot = tmp_path / "scorecard.html", tmp_path / "scorecard.png"
    assert run(world, "--format", "html", "--output", str(page)).exit_code == 0

    rendered = render(page, screenshot=shot)

    assert rendered.console == []
    figures = dict(re.findall(r'data-figure="([^"]+)">([^<]+)<', rendered.dom))
    assert figures["Tickets framed"] == f"{expected['framed']} of {expected['tickets']} (50%)"
    reviewed, shipped = expected["reviewed"], expected["shipped"]
    assert figures["Shipped tickets reviewed"] == f"{reviewed} of {shipped} ({round(100 * reviewed / shipped)}%)"
    assert sum(chart_counts(rendered.dom, "portfolio").values()) == expected["tickets"]
    assert chart_counts(rendered.dom, "verdicts") == {v: n for v, n in expected["verdicts"].items() if n}
    assert chart_counts(rendered.dom, "tiers") == {v: n for v, n in expected["verdicts"].items() if n}
    for tier, met in expected["tier_met"].items():
        assert f'data-tier="{tier}" data-verdict="met">{met}<' in rendered.dom
    image = Image.open(shot).convert("RGB")
    assert image.width == 800
    colours = image.getcolors(maxcolors=1 << 24) or []
    green = sum(n for n, (r, g, b) in colours if abs(r - 0x1A) < 12 and abs(g - 0x7F) < 12 and abs(b - 0x37) < 12)
    red = sum(n for n, (r, g, b) in colours if abs(r - 0xCF) < 12 and abs(g - 0x22) < 12 and abs(b - 0x2E) < 12)
    assert green > 500 and red > 500  # met and missed (and strong and weak) bars are drawn


def test_a_jira_project_gets_the_same_scorecard(tmp_path: Path) -> None:
    fake = FakeJira()
    seed_jira(fake, "PROJ", 20, today=NOW.date())
    database = tmp_path / "problemframe.db"
    store = Store.open(f"sqlite:///{database}")
    metric = SuccessMetric(name="weekly active exporters", baseline=1200, target=1500, window_days=30)
    shipped_at = NOW - dt.timedelta(days=50)
    verdicts = iter([Verdict.MET, Verdict.MISSED, Verdict.MET])
    try:
        for key in ("PROJ-1", "PROJ-2", "PROJ-6"):  # strong, moderate, strong
            ref = TicketRef(tracker="jira", container="PROJ", key=key)
            store.outcomes.save(OutcomeRecord(
                ref=ref, metric=metric, state=OutcomeState.REVIEWED, shipped_at=shipped_at,
                due_at=shipped_at + dt.timedelta(days=30), reviewed_at=shipped_at + dt.timedelta(days=32),
                verdict=next(verdicts)), expected=None)
        store.outcomes.save(OutcomeRecord(ref=TicketRef(tracker="jira", container="PROJ", key="PROJ-7"), metric=metric,
                                          state=OutcomeState.PENDING, shipped_at=shipped_at, due_at=NOW),
                            expected=None)
    finally:
        store.close()
    with fake:
        env = {"PROBLEMFRAME_JIRA_URL": fake.url, "PROBLEMFRAME_JIRA_EMAIL": fake.email,
               "PROBLEMFRAME_JIRA_API_TOKEN": fake.api_token, "PROBLEMFRAME_DATABASE_URL": f"sqlite:///{database}"}
        result = CliRunner().invoke(app, ["scorecard", "--jira-project", "PROJ", "--format", "json"], env=env)

    assert result.exit_code == 0, result.output
    card = json.loads(result.output)
    covered = [i for i in range(20) if kind_of(i) != "exempt"]
    assert card["tickets"] == len(covered)
    assert card["framed"] == sum(1 for i in covered if kind_of(i) in ("strong", "moderate"))
    assert (card["shipped"], card["reviewed"]) == (4, 3)
    assert card["verdicts"]["met"] == 2 and card["verdicts"]["missed"] == 1
    assert card["tier_vs_verdict"]["strong"]["met"] == 2 and card["tier_vs_verdict"]["moderate"]["missed"] == 1
    assert card["median_days_ship_to_review"] == 32.0
    assert fake.violations == []
