"""The portfolio core: rows, sort order, filters, the customers view, CSV, JSON and the digest."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest

from problemframe.currencies import MissingRates, converted, is_currency, missing_rates
from problemframe.events import TicketState
from problemframe.outcome import Measurement, OutcomeRecord, OutcomeState
from problemframe.portfolio import (
    PortfolioRow,
    RowFilter,
    build_row,
    by_customer,
    cited_currencies,
    convert_rows,
    select,
    sort_rows,
)
from problemframe.portfolio_export import (
    arr_cell,
    customers_csv,
    neutralise_cell,
    row_columns,
    rows_csv,
    short_money,
    to_json,
)
from problemframe.verdict import Verdict
from tests.problemframe.portfolio_support import METRIC, assessment, item, row, ticket


def test_build_row_counts_customers_once_and_arr_per_currency() -> None:
    evidence = [
        item("Acme", 120_000),
        item("ACME Inc.", 100_000, url="https://support.example.com/1"),
        item("Globex", 50_000, currency="GBP"),
        item("Initech"),
    ]
    row = build_row(ticket(7, "Checkout fails"), assessment(evidence))
    assert row.key == "7" and row.number == 7
    assert row.customers == ("Acme", "Globex", "Initech")
    assert row.arr == {"USD": 120_000, "GBP": 50_000}
    assert (row.currency, row.arr_converted) == (None, None)  # each currency's total until asked to convert
    (converted,) = convert_rows([row], currency="USD", rates={"GBP": 1.25})
    assert (converted.currency, converted.arr_converted) == ("USD", 120_000 + 50_000 * 1.25)
    assert row.customer_arr == {"Acme": {"USD": 120_000}, "Globex": {"GBP": 50_000}, "Initech": {}}
    assert row.complete and row.missing == ()
    assert row.tier in {"weak", "moderate", "strong"} and row.score > 0
    assert row.metric == "checkout conversion: 2.1 → 3 % in 30d"
    assert row.outcome_state is None and row.verdict is None


def test_a_currency_without_a_rate_is_never_left_out_of_a_converted_total() -> None:
    row = build_row(ticket(1), assessment([
        item("Acme", 10_000), item("Globex", 9_000, currency="EUR"), item("Initech", 8_000, currency="GBP"),
    ]))
    assert row.arr == {"USD": 10_000, "EUR": 9_000, "GBP": 8_000}
    assert cited_currencies([row]) == {"USD", "EUR", "GBP"}
    with pytest.raises(MissingRates) as missing:
        convert_rows([row], currency="EUR", rates={"USD": 0.9})
    assert missing.value.codes == ("GBP",)
    (row,) = convert_rows([row], currency="EUR", rates={"USD": 0.9, "GBP": 1.2})
    assert row.arr_converted == pytest.approx(9_000 + 10_000 * 0.9 + 8_000 * 1.2)


def test_incomplete_ticket_names_missing_parts_and_has_no_framed_date() -> None:
    moment = dt.datetime(2026, 10, 2, tzinfo=dt.UTC)
    row = build_row(ticket(2), assessment([], complete=False), framed_at=moment)
    assert not row.complete and row.missing == ("metric",)
    assert row.tier == "none" and row.framed_at is None


def test_outcome_is_carried_onto_the_row() -> None:
    shipped = dt.datetime(2026, 10, 5, tzinfo=dt.UTC)
    measured = shipped + dt.timedelta(days=30)
    reviewed = measured + dt.timedelta(days=2)
    outcome = OutcomeRecord(
        ref=ticket(3).ref, state=OutcomeState.REVIEWED, shipped_at=shipped, due_at=measured, metric=METRIC,
        measurements=(Measurement(value=2.5, source="manual", measured_at=measured),), verdict=Verdict.MET,
        reviewed_at=reviewed,
    )
    row = build_row(ticket(3), assessment([item("Acme")]), outcome)
    assert (row.outcome_state, row.verdict) == ("reviewed", "met")
    assert (row.shipped_at, row.due, row.measured_at, row.reviewed_at) == (shipped, measured, measured, reviewed)


def test_sort_is_score_descending_then_number_ascending() -> None:
    rows = [row(10, 40), row(9, 40), row(2, 80), row(100, 5)]
    assert [r.key for r in sort_rows(rows)] == ["2", "9", "10", "100"]


def test_jira_keys_sort_by_their_number() -> None:
    rows = [row(1, 50, tracker="jira", container="PROJ", key=k) for k in ("PROJ-10", "PROJ-9", "PROJ-100")]
    assert [r.key for r in sort_rows(rows)] == ["PROJ-9", "PROJ-10", "PROJ-100"]


@pytest.mark.parametrize(
    ("row_filter", "expected"),
    [
        (RowFilter(), ["1", "2", "3", "4"]),
        (RowFilter(tiers=frozenset({"strong"})), ["1"]),
        (RowFilter(tiers=frozenset({"strong", "weak"})), ["1", "4"]),
        (RowFilter(min_score=40), ["1", "2", "3"]),
        (RowFilter(state="closed"), ["3"]),
        (RowFilter(state="open"), ["1", "2", "4"]),
        (RowFilter(outcomes=frozenset({"none"})), ["1", "4"]),
        (RowFilter(outcomes=frozenset({"pending"})), ["2"]),
        (RowFilter(outcomes=frozenset({"met"})), ["3"]),
        (RowFilter(min_score=40, state="open", outcomes=frozenset({"none"})), ["1"]),
    ],
)
def test_filters(row_filter: RowFilter, expected: list[str]) -> None:
    rows = [
        row(4, 10, tier="weak"),
        row(3, 50, tier="moderate", state=TicketState.CLOSED, outcome_state="reviewed", verdict="met"),
        row(2, 60, tier="moderate", outcome_state="pending"),
        row(1, 90, tier="strong"),
    ]
    assert [r.key for r in select(rows, row_filter)] == expected


def test_customers_view_answers_what_we_did_for_acme() -> None:
    one = build_row(ticket(1), assessment([item("Acme", 100_000), item("Globex", 20_000)]))
    two = build_row(ticket(2), assessment([item("acme inc", 120_000, url="https://crm.example.com/a")]))
    three = build_row(ticket(3), assessment([item("Globex", 5_000, currency="GBP")]))
    view = {c.customer: c for c in by_customer([one, two, three], currency="USD", rates={"GBP": 1.25})}
    assert set(view) == {"Acme", "Globex"}
    acme = view["Acme"]
    assert set(acme.tickets) == {"#1", "#2"}
    assert acme.total_score == one.score + two.score
    assert acme.arr == {"USD": 120_000}  # the largest figure cited, not the sum
    globex = view["Globex"]
    assert globex.arr == {"USD": 20_000, "GBP": 5_000}
    assert globex.arr_converted == 20_000 + 5_000 * 1.25
    assert by_customer([one, two, three])[0].arr_converted is None
    ordered = by_customer([one, two, three])
    assert [c.total_score for c in ordered] == sorted((c.total_score for c in ordered), reverse=True)


def test_csv_round_trips_through_csv_reader() -> None:
    rows = sort_rows([
        build_row(ticket(5, 'Quotes "and", commas\nnewline'), assessment([item("Acme", 1_500)])),
        build_row(ticket(6, "Plain"), assessment([], complete=False)),
    ])
    parsed = list(csv.reader(io.StringIO(rows_csv(rows))))
    assert tuple(parsed[0]) == row_columns(["USD"])
    records = [dict(zip(parsed[0], line, strict=True)) for line in parsed[1:]]
    assert [r["ticket"] for r in records] == ["#5", "#6"]
    assert records[0]["title"] == 'Quotes "and", commas\nnewline'
    assert records[0]["customer_names"] == "Acme"
    assert records[0]["arr_USD"] == "1500" and "arr" not in records[0] and "currency" not in records[0]
    assert float(records[0]["score"]) == rows[0].score
    assert records[1]["complete"] == "no" and records[1]["missing"] == "metric"
    assert records[1]["url"] == "https://github.com/acme/app/issues/6"


@pytest.mark.parametrize("text", ["=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"])
def test_formula_cells_get_a_leading_apostrophe(text: str) -> None:
    assert neutralise_cell(text) == "'" + text
    row = build_row(ticket(1, text), assessment([item(text.strip())]))
    parsed = list(csv.reader(io.StringIO(rows_csv([row]))))
    record = dict(zip(parsed[0], parsed[1], strict=True))
    assert record["title"] == "'" + text


def test_ordinary_cells_are_left_as_written() -> None:
    for text in ["Acme", "50% faster", "a=b", "", "'quoted"]:
        assert neutralise_cell(text) == text


def test_customers_csv_and_json() -> None:
    rows = [build_row(ticket(1, "=cmd"), assessment([item("=Evil Corp", 2_000)]))]
    lines = list(csv.reader(io.StringIO(customers_csv(by_customer(rows)))))
    assert lines[0][0] == "customer" and lines[1][0] == "'=Evil Corp" and lines[1][1] == "#1"
    data = json.loads(to_json(rows))
    assert data[0]["key"] == "1" and data[0]["title"] == "=cmd" and data[0]["arr"] == {"USD": 2000.0}


def _three_currencies() -> PortfolioRow:
    return build_row(ticket(12, "Exports time out"), assessment([
        item("Globex", 96_000, currency="EUR"), item("Initech", 95_000, currency="GBP"), item("Acme", 120_000),
    ]))


def test_without_a_currency_each_currency_has_its_own_total_in_csv_json_and_cells() -> None:
    row = _three_currencies()
    parsed = list(csv.reader(io.StringIO(rows_csv([row]))))
    record = dict(zip(parsed[0], parsed[1], strict=True))
    assert (record["arr_EUR"], record["arr_GBP"], record["arr_USD"]) == ("96000", "95000", "120000")
    assert "arr" not in record and "currency" not in record
    data = json.loads(to_json([row]))[0]
    assert data["arr"] == {"EUR": 96_000, "GBP": 95_000, "USD": 120_000}
    assert data["currency"] is None and data["arr_converted"] is None
    assert arr_cell(row.arr, currency=None, total=None) == "€96k + £95k + $120k"
    customers = list(csv.reader(io.StringIO(customers_csv(by_customer([row])))))
    assert customers[0][4:7] == ["arr_EUR", "arr_GBP", "arr_USD"]


def test_with_a_currency_every_amount_is_converted_and_shown_beside_its_parts() -> None:
    (row,) = convert_rows([_three_currencies()], currency="EUR", rates={"USD": 0.9, "GBP": 1.2})
    total = 96_000 + 95_000 * 1.2 + 120_000 * 0.9
    parsed = list(csv.reader(io.StringIO(rows_csv([row], currency="EUR"))))
    record = dict(zip(parsed[0], parsed[1], strict=True))
    assert parsed[0][5:10] == ["arr", "currency", "arr_EUR", "arr_GBP", "arr_USD"]
    assert (record["arr"], record["currency"]) == (f"{total:.0f}", "EUR")
    assert json.loads(to_json([row]))[0]["arr_converted"] == pytest.approx(total)
    assert arr_cell(row.arr, currency="EUR", total=row.arr_converted) == "€318k = €96k + £95k + $120k"
    assert arr_cell({"EUR": 5_000}, currency="EUR", total=5_000) == "€5k"
    (customer,) = [c for c in by_customer([row], currency="EUR", rates={"USD": 0.9, "GBP": 1.2})
                   if c.customer == "Acme"]
    assert (customer.currency, customer.arr_converted) == ("EUR", pytest.approx(108_000))


@pytest.mark.parametrize(
    ("amount", "code", "shown"),
    [(96_000, "EUR", "€96k"), (1_250_000, "USD", "$1.2m"), (950, "GBP", "£950"), (95_500, "CHF", "95.5k CHF")],
)
def test_short_money_for_table_cells(amount: float, code: str, shown: str) -> None:
    assert short_money(amount, code) == shown


def test_currency_codes_and_missing_rates() -> None:
    assert is_currency("EUR") and is_currency("JPY") and not is_currency("XYZ") and not is_currency("eur")
    assert missing_rates(["EUR", "GBP", "USD", "GBP"], currency="EUR", rates={"USD": 0.9}) == ("GBP",)
    assert converted({}, currency="USD", rates={}) == 0.0
    with pytest.raises(MissingRates, match="no rate into EUR for GBP, USD"):
        converted({"GBP": 1.0, "USD": 2.0}, currency="EUR", rates={})
