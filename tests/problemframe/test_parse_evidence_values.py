"""Evidence items: ARR, dates and quotes, read from lines as people write them."""

from __future__ import annotations

import datetime as dt

import pytest

from problemframe.model import Money
from problemframe.parse.evidence_items import read_item


@pytest.mark.parametrize(
    ("line", "money"),
    [
        ("Acme — $120k ARR", Money(amount=120_000, currency="USD")),
        ("Acme — £1.2m", Money(amount=1_200_000, currency="GBP")),
        ("Acme — €8k MRR", Money(amount=96_000, currency="EUR")),
        ("Acme — ARR: $45,000", Money(amount=45_000, currency="USD")),
        ("Acme — MRR $2,500", Money(amount=30_000, currency="USD")),
        ("Acme — 250k USD", Money(amount=250_000, currency="USD")),
        ("Acme — GBP 80k ARR", Money(amount=80_000, currency="GBP")),
        ("Acme — EUR 1.5 million", Money(amount=1_500_000, currency="EUR")),
        ("Acme — 90k ARR", Money(amount=90_000, currency="USD")),
        ("Acme — $3k/month", Money(amount=36_000, currency="USD")),
    ],
)
def test_revenue_is_read_as_yearly_money(line: str, money: Money) -> None:
    item = read_item(line)
    assert item is not None
    assert item.arr == money


def test_numbers_that_are_not_money_are_not_revenue() -> None:
    item = read_item("Acme — 40 seats, ticket 4512, exports of 10,000 rows")
    assert item is not None
    assert item.arr is None


@pytest.mark.parametrize(
    ("line", "date"),
    [
        ("Acme — 2026-03-12", dt.date(2026, 3, 12)),
        ("Acme — 12 March 2026", dt.date(2026, 3, 12)),
        ("Acme — 12th Mar 2026", dt.date(2026, 3, 12)),
        ("Acme — March 12, 2026", dt.date(2026, 3, 12)),
        ("Acme — Mar 2026", dt.date(2026, 3, 1)),
        ("Acme — 2026/03/12.", dt.date(2026, 3, 12)),
        ("Acme — 12 March", dt.date(2026, 3, 12)),
        ("Acme — 30 December", dt.date(2025, 12, 30)),
    ],
)
def test_dates_are_read_in_the_common_shapes(line: str, date: dt.date) -> None:
    item = read_item(line, today=dt.date(2026, 11, 29))
    assert item is not None
    assert item.date == date


def test_dates_without_a_year_need_today() -> None:
    item = read_item("Acme — 12 March")
    assert item is not None
    assert item.date is None


def test_impossible_dates_and_dates_inside_links_are_ignored() -> None:
    item = read_item("Acme — 2026-02-30 — https://app.gong.io/calls/2026-03-12")
    assert item is not None
    assert item.date is None


@pytest.mark.parametrize(
    ("line", "quote"),
    [
        ('Acme — "Exports time out every Monday."', "Exports time out every Monday."),
        ("Acme — “We lose half a day every week”", "We lose half a day every week"),
        ("Acme — Quote: we rebuild the board pack by hand", "we rebuild the board pack by hand"),
    ],
)
def test_quotes_are_read_from_quote_marks_and_labels(line: str, quote: str) -> None:
    item = read_item(line)
    assert item is not None
    assert item.quote == quote


def test_money_and_dates_inside_a_quote_stay_in_the_quote() -> None:
    item = read_item('Acme — "we lost $50k on 12 March 2026 because of this"')
    assert item is not None
    assert item.quote == "we lost $50k on 12 March 2026 because of this"
    assert item.arr is None
    assert item.date is None


@pytest.mark.parametrize(
    ("line", "money"),
    [
        ("Acme — ARR: 120k", Money(amount=120_000)),
        ("Acme — MRR 2k", Money(amount=24_000)),
        ("Acme — 120.000 € ARR", Money(amount=120_000, currency="EUR")),
        ("Acme — 45k £", Money(amount=45_000, currency="GBP")),
        ("Acme — £1,234.56 ARR", Money(amount=1234.56, currency="GBP")),
    ],
)
def test_revenue_written_label_first_or_european_style(line: str, money: Money) -> None:
    item = read_item(line)
    assert item is not None
    assert item.arr == money


@pytest.mark.parametrize(
    ("line", "date"),
    [("Acme — 14/02/2026", dt.date(2026, 2, 14)), ("Acme — 02/14/2026", dt.date(2026, 2, 14)),
     ("Acme — 03/02/2026", None)],
)
def test_slashed_dates_only_when_day_and_month_are_clear(line: str, date: dt.date | None) -> None:
    item = read_item(line)
    assert item is not None
    assert item.date == date


@pytest.mark.parametrize(
    ("line", "date"),
    [
        ("Acme — call yesterday", dt.date(2026, 11, 28)),
        ("Acme — 3 days ago, $5k ARR", dt.date(2026, 11, 26)),
        ("Acme — emailed last week", dt.date(2026, 11, 22)),
        ("Acme — two weeks ago", dt.date(2026, 11, 15)),
    ],
)
def test_relative_dates_count_back_from_today(line: str, date: dt.date) -> None:
    item = read_item(line, today=dt.date(2026, 11, 29))
    assert item is not None
    assert item.date == date
    undated = read_item(line)
    assert undated is not None
    assert undated.date is None
