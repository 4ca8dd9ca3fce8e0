"""The portfolio core: rows, sort order, filters, the customers view, CSV, JSON and the digest."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest

from problemframe.currencies import MissingRates, converted, is_currency, missing_rates
from problemframe.decide import Assessment
from problemframe.digest import digest_csv, events_between, not_started, render_digest
from problemframe.events import Ticket, TicketRef, TicketState
from problemframe.evidence import score_evidence
from problemframe.model import Direction, Evidence, EvidenceKind, Finding, Money, ProblemFrame, SuccessMetric
from problemframe.outcome import Measurement, OutcomeRecord, OutcomeState
from problemframe.policy import Policy
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

TODAY = dt.date(2026, 11, 1)
POLICY = Policy()
METRIC = SuccessMetric(name="checkout conversion", baseline=2.1, target=3.0, direction=Direction.INCREASE,
                       unit="%", window_days=30)


def _assessment(evidence: list[Evidence], *, complete: bool = True) -> Assessment:
    findings = [] if complete else [Finding(field="metric", code="metric.missing", message="Add a metric.")]
    frame = ProblemFrame(problem="Checkout fails for EU cards", evidence=evidence, metric=METRIC, findings=findings)
    weights, tiers = POLICY.evidence.weights, POLICY.evidence.tiers
    return Assessment(frame=frame, score=score_evidence(evidence, weights=weights, tiers=tiers, today=TODAY))


def _ticket(number: int, title: str = "A problem", state: TicketState = TicketState.OPEN) -> Ticket:
    return Ticket(ref=TicketRef(tracker="github", container="acme/app", key=str(number)), title=title, state=state,
                  url=f"https://github.com/acme/app/issues/{number}")


def _item(customer: str, amount: float | None = None, currency: str = "USD", url: str | None = None) -> Evidence:
    arr = Money(amount=amount, currency=currency) if amount is not None else None
    return Evidence(customer=customer, arr=arr, kind=EvidenceKind.SUPPORT_TICKET, date=dt.date(2026, 10, 1), url=url)


def _row(number: int, score: float, **changes: object) -> PortfolioRow:
    base = build_row(_ticket(number), _assessment([_item("Acme", 1000)]))
    return base.model_copy(update={"score": score, **changes})


def test_build_row_counts_customers_once_and_arr_per_currency() -> None:
    evidence = [
        _item("Acme", 120_000),
        _item("ACME Inc.", 100_000, url="https://support.example.com/1"),
        _item("Globex", 50_000, currency="GBP"),
        _item("Initech"),
    ]
    row = build_row(_ticket(7, "Checkout fails"), _assessment(evidence))
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
    row = build_row(_ticket(1), _assessment([
        _item("Acme", 10_000), _item("Globex", 9_000, currency="EUR"), _item("Initech", 8_000, currency="GBP"),
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
    row = build_row(_ticket(2), _assessment([], complete=False), framed_at=moment)
    assert not row.complete and row.missing == ("metric",)
    assert row.tier == "none" and row.framed_at is None


def test_outcome_is_carried_onto_the_row() -> None:
    shipped = dt.datetime(2026, 10, 5, tzinfo=dt.UTC)
    measured = shipped + dt.timedelta(days=30)
    reviewed = measured + dt.timedelta(days=2)
    outcome = OutcomeRecord(
        ref=_ticket(3).ref, state=OutcomeState.REVIEWED, shipped_at=shipped, due_at=measured, metric=METRIC,
        measurements=(Measurement(value=2.5, source="manual", measured_at=measured),), verdict=Verdict.MET,
        reviewed_at=reviewed,
    )
    row = build_row(_ticket(3), _assessment([_item("Acme")]), outcome)
    assert (row.outcome_state, row.verdict) == ("reviewed", "met")
    assert (row.shipped_at, row.due, row.measured_at, row.reviewed_at) == (shipped, measured, measured, reviewed)


def test_sort_is_score_descending_then_number_ascending() -> None:
    rows = [_row(10, 40), _row(9, 40), _row(2, 80), _row(100, 5)]
    assert [r.key for r in sort_rows(rows)] == ["2", "9", "10", "100"]


def test_jira_keys_sort_by_their_number() -> None:
    rows = [_row(1, 50, tracker="jira", container="PROJ", key=k) for k in ("PROJ-10", "PROJ-9", "PROJ-100")]
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
        _row(4, 10, tier="weak"),
        _row(3, 50, tier="moderate", state=TicketState.CLOSED, outcome_state="reviewed", verdict="met"),
        _row(2, 60, tier="moderate", outcome_state="pending"),
        _row(1, 90, tier="strong"),
    ]
    assert [r.key for r in select(rows, row_filter)] == expected


def test_customers_view_answers_what_we_did_for_acme() -> None:
    one = build_row(_ticket(1), _assessment([_item("Acme", 100_000), _item("Globex", 20_000)]))
    two = build_row(_ticket(2), _assessment([_item("acme inc", 120_000, url="https://crm.example.com/a")]))
    three = build_row(_ticket(3), _assessment([_item("Globex", 5_000, currency="GBP")]))
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
        build_row(_ticket(5, 'Quotes "and", commas\nnewline'), _assessment([_item("Acme", 1_500)])),
        build_row(_ticket(6, "Plain"), _assessment([], complete=False)),
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
    row = build_row(_ticket(1, text), _assessment([_item(text.strip())]))
    parsed = list(csv.reader(io.StringIO(rows_csv([row]))))
    record = dict(zip(parsed[0], parsed[1], strict=True))
    assert record["title"] == "'" + text


def test_ordinary_cells_are_left_as_written() -> None:
    for text in ["Acme", "50% faster", "a=b", "", "'quoted"]:
        assert neutralise_cell(text) == text


def test_customers_csv_and_json() -> None:
    rows = [build_row(_ticket(1, "=cmd"), _assessment([_item("=Evil Corp", 2_000)]))]
    lines = list(csv.reader(io.StringIO(customers_csv(by_customer(rows)))))
    assert lines[0][0] == "customer" and lines[1][0] == "'=Evil Corp" and lines[1][1] == "#1"
    data = json.loads(to_json(rows))
    assert data[0]["key"] == "1" and data[0]["title"] == "=cmd" and data[0]["arr"] == {"USD": 2000.0}


def _three_currencies() -> PortfolioRow:
    return build_row(_ticket(12, "Exports time out"), _assessment([
        _item("Globex", 96_000, currency="EUR"), _item("Initech", 95_000, currency="GBP"), _item("Acme", 120_000),
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


def _at(day: int) -> dt.datetime:
    return dt.datetime(2026, 11, day, 12, tzinfo=dt.UTC)


def _digest_rows() -> list[PortfolioRow]:
    return [
        _row(1, 30, title="Framed early", framed_at=_at(1)),
        _row(2, 70, title="Shipped <b>@team</b> #5", tier="strong", shipped_at=_at(3), due=_at(30),
             outcome_state="pending"),
        _row(3, 50, title="Reviewed", outcome_state="reviewed", verdict="missed", state=TicketState.CLOSED,
             shipped_at=dt.datetime(2026, 9, 1, tzinfo=dt.UTC), measured_at=_at(4), reviewed_at=_at(5)),
        _row(4, 90, title="Strong idea @alice", tier="strong"),
        _row(5, 20, title="Weak idea", tier="weak", complete=False),
        _row(6, 95, title="Old strong", tier="strong", framed_at=dt.datetime(2026, 10, 1, tzinfo=dt.UTC)),
        _row(7, 99, title="Closed", state=TicketState.CLOSED),
    ]


def test_digest_events_fall_within_the_period() -> None:
    events = events_between(_digest_rows(), since=_at(2), until=_at(5))
    assert [(e.name, e.row.key) for e in events] == [("shipped", "2"), ("measured", "3")]


def test_not_started_lists_open_unshipped_problems_by_evidence() -> None:
    assert [r.key for r in not_started(_digest_rows(), limit=3)] == ["6", "4", "1"]


def test_digest_markdown_names_each_section_and_neutralises_titles() -> None:
    text = render_digest(_digest_rows(), since=_at(1), until=_at(8), top=2)
    assert "2026-11-01 to 2026-11-08" in text
    assert "Framed: 1 · Shipped: 1 · Measured: 1 · Reviewed: 1" in text
    assert "Verdicts: missed 1" in text
    assert "### Framed" in text and "Framed early" in text
    assert "due 2026-11-30" in text
    assert "**missed**" in text
    not_started_part = text.split("### Strongest problems not started")[1]
    assert "Old strong" in not_started_part and "Strong idea" in not_started_part
    assert "Weak idea" not in not_started_part  # past the limit
    assert "@alice" not in text and "@team" not in text and "<b>" not in text


def test_digest_csv_has_one_line_per_event() -> None:
    lines = list(csv.reader(io.StringIO(digest_csv(_digest_rows(), since=_at(1), until=_at(8)))))
    assert lines[0][:3] == ["date", "event", "ticket"]
    assert [(line[1], line[2]) for line in lines[1:]] == [
        ("framed", "#1"), ("shipped", "#2"), ("measured", "#3"), ("reviewed", "#3")]


def test_digest_in_wiki_markup_for_jira_and_never_with_the_sticky_marker() -> None:
    rows = [row.model_copy(update={"tracker": "jira", "container": "PROJ", "key": f"PROJ-{row.key}",
                                   "url": f"https://jira.example.com/browse/PROJ-{row.key}"})
            for row in _digest_rows()]
    rows[3] = rows[3].model_copy(update={"title": "Strong idea [~alice] {code}x{code}"})
    wiki = render_digest(rows, since=_at(1), until=_at(8))
    assert wiki.startswith("### Problem digest")  # markdown unless asked
    text = render_digest(rows, since=_at(1), until=_at(8), wiki=True)
    assert text.startswith("h3. Problem digest: 2026-11-01 to 2026-11-08")
    assert "* 2026-11-05: [PROJ-3|https://jira.example.com/browse/PROJ-3] Reviewed" in text
    assert "*missed*" in text
    assert "Strong idea \\[\\~alice\\] \\{code\\}x\\{code\\}" in text  # no mention, no macro
    assert "{anchor" not in text and "<!--" not in wiki
