"""ARR in several currencies: each currency's total, or every amount converted at the rates given."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fakes.github.server import FakeGitHub
from tests.integration.portfolio_seed import seeded_github
from tests.webhooks.report_support import BOT, COUNT, REPO, TODAY, csv_rows, run, shell


@pytest.fixture
def fake() -> Iterator[FakeGitHub]:
    """Serve a fake GitHub with COUNT issues of mixed quality."""
    with seeded_github(REPO, COUNT, login=BOT, token="bot-token", today=TODAY) as server:
        yield server


@pytest.fixture
def env(fake: FakeGitHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str | None]:
    """Return the environment of a PM's shell pointed at the fake, working in an empty directory."""
    return shell(fake, tmp_path, monkeypatch)


MIXED = """### Problem statement

Finance admins at mid-market customers wait an hour for exports; they miss the month-end close.

### Customer evidence

- Globex, https://support.example.com/tickets/901, €96k ARR, {day}, "Exports take an hour for us"
- Initech, https://support.example.com/tickets/902, £95k ARR, {day}, "We split the board pack by hand"
- Acme Corp, https://support.example.com/tickets/903, $120k ARR, {day}, "Our CFO asked twice"

### Success metric

weekly active exporters

### Baseline

1200

### Target

1500
"""


@pytest.fixture
def mixed(fake: FakeGitHub) -> str:
    """Add a ticket citing €96k, £95k and $120k; return its label in a report."""
    day = (TODAY - dt.timedelta(days=10)).isoformat()
    issue = fake.add_issue(REPO, title="Exports in three currencies", body=MIXED.format(day=day), user="alice")
    return f"#{issue.number}"


def test_report_gives_each_currencys_total_without_a_currency(env: dict[str, str | None], mixed: str) -> None:
    rows = {r["ticket"]: r for r in csv_rows(run(env, "report", "--github", REPO, "--format", "csv"))}
    row = rows[mixed]
    assert (row["arr_EUR"], row["arr_GBP"], row["arr_USD"]) == ("96000", "95000", "120000")
    assert "arr" not in row and "currency" not in row
    data = json.loads(run(env, "report", "--github", REPO, "--format", "json").stdout)
    (shown,) = [item for item in data if f"#{item['key']}" == mixed]
    assert shown["arr"] == {"EUR": 96_000, "GBP": 95_000, "USD": 120_000} and shown["arr_converted"] is None
    table = run(env, "report", "--github", REPO, "--min-score", "0")
    assert table.exit_code == 0, table.output
    assert "€96k + £95k + $120k" in table.stdout


def test_report_converts_every_amount_or_names_each_missing_rate(env: dict[str, str | None], mixed: str) -> None:
    missing = run(env, "report", "--github", REPO, "--format", "csv", "--currency", "eur", "--rate", "USD=0.9")
    assert missing.exit_code == 2
    assert [line for line in missing.stderr.splitlines() if line.startswith("problemframe:")] == [
        "problemframe: --currency EUR: ARR is also cited in GBP, with no rate into EUR; give --rate GBP=NUMBER "
        "(the value of one unit in EUR)"
    ]
    assert missing.stdout == ""
    rated = ["--currency", "EUR", "--rate", "USD=0.9", "--rate", "gbp=1.2"]

    rows = {r["ticket"]: r for r in csv_rows(run(env, "report", "--github", REPO, "--format", "csv", *rated))}
    assert (rows[mixed]["arr"], rows[mixed]["currency"]) == ("318000", "EUR")
    assert rows[mixed]["arr_GBP"] == "95000"
    table = run(env, "report", "--github", REPO, *rated)
    assert table.exit_code == 0, table.output
    assert "ARR cited (EUR)" in table.stdout and "€318k = €96k + £95k + $120k" in table.stdout
    customers = json.loads(run(env, "report", "--github", REPO, "--by", "customer", "--format", "json",
                                *rated).stdout)
    initech = next(c for c in customers if c["customer"] == "Initech")
    assert initech["currency"] == "EUR" and initech["arr_converted"] >= 95_000 * 1.2
    by_customer = run(env, "report", "--github", REPO, "--by", "customer", *rated)
    assert by_customer.exit_code == 0 and "ARR cited (EUR)" in by_customer.stdout
