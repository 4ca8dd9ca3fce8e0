"""The portfolio written out: plain-text cells, CSV a spreadsheet opens safely, and JSON."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence

from problemframe.evidence import CURRENCY_SYMBOLS, format_money
from problemframe.portfolio import CustomerRow, PortfolioRow, ticket_label

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value: str) -> str:
    """Return a cell a spreadsheet will not run as a formula (OWASP CSV injection)."""
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


def format_amounts(amounts: Mapping[str, float]) -> str:
    """Return amounts for people, such as '$120,000 + £5,000'."""
    return " + ".join(format_money(amount, code) for code, amount in sorted(amounts.items()))


def short_money(amount: float, currency: str) -> str:
    """Return an amount for a table cell: '€96k', '$1.2m', '£950', '95k CHF'."""
    for size, suffix in ((1e6, "m"), (1e3, "k")):
        if abs(amount) >= size:
            text = f"{amount / size:,.1f}".removesuffix(".0") + suffix
            break
    else:
        text = f"{amount:,.0f}"
    symbol = CURRENCY_SYMBOLS.get(currency)
    return f"{symbol}{text}" if symbol else f"{text} {currency}"


def arr_cell(amounts: Mapping[str, float], *, currency: str | None, total: float | None) -> str:
    """Return ARR for a table: each currency's total ('€96k + £95k + $120k'), or, converted, the total first
    ('€318k = €96k + £95k + $120k')."""
    each = " + ".join(short_money(amount, code) for code, amount in sorted(amounts.items()))
    if currency is None or total is None or not amounts:
        return each
    if set(amounts) == {currency}:
        return short_money(total, currency)
    return f"{short_money(total, currency)} = {each}"


HEAD_COLUMNS: tuple[str, ...] = ("ticket", "title", "tier", "score", "customers")
TAIL_COLUMNS: tuple[str, ...] = (
    "complete", "missing", "metric", "outcome", "verdict", "state", "customer_names", "url",
)
CUSTOMER_HEAD: tuple[str, ...] = ("customer", "tickets", "ticket_count", "total_score")
CUSTOMER_TAIL: tuple[str, ...] = ("shipped",)


def arr_columns(currencies: Iterable[str], *, currency: str | None) -> tuple[str, ...]:
    """Return the ARR columns: one per currency cited (`arr_EUR`), led by `arr` and `currency` when converted."""
    converted = ("arr", "currency") if currency is not None else ()
    return (*converted, *(f"arr_{code}" for code in sorted(set(currencies))))


def row_columns(currencies: Iterable[str], *, currency: str | None = None) -> tuple[str, ...]:
    """Return the portfolio's CSV columns for the currencies cited, converted into `currency` if given."""
    return (*HEAD_COLUMNS, *arr_columns(currencies, currency=currency), *TAIL_COLUMNS)


def customer_columns(currencies: Iterable[str], *, currency: str | None = None) -> tuple[str, ...]:
    """Return the customers view's CSV columns for the currencies cited, converted into `currency` if given."""
    return (*CUSTOMER_HEAD, *arr_columns(currencies, currency=currency), *CUSTOMER_TAIL)


def _arr_cells(amounts: Mapping[str, float], currencies: Sequence[str], *, currency: str | None,
               total: float | None) -> list[str]:
    converted = [f"{total or 0.0:.0f}", currency] if currency is not None else []
    return [*converted, *(f"{amounts.get(code, 0.0):.0f}" for code in currencies)]


def row_cells(row: PortfolioRow, currencies: Sequence[str]) -> list[str]:
    """Return a row's cells in row_columns(currencies, currency=row.currency) order, as plain text."""
    return [
        ticket_label(row), row.title, row.tier, f"{row.score:g}", str(len(row.customers)),
        *_arr_cells(row.arr, currencies, currency=row.currency, total=row.arr_converted),
        "yes" if row.complete else "no", " ".join(row.missing), row.metric, row.outcome_state or "",
        row.verdict or "", row.state.value, "; ".join(row.customers), row.url or "",
    ]


def customer_cells(row: CustomerRow, currencies: Sequence[str]) -> list[str]:
    """Return a customer row's cells in customer_columns(currencies, currency=row.currency) order, as plain text."""
    return [
        row.customer, " ".join(row.tickets), str(len(row.tickets)), f"{row.total_score:g}",
        *_arr_cells(row.arr, currencies, currency=row.currency, total=row.arr_converted), " ".join(row.shipped),
    ]


def write_csv(header: Sequence[str], records: Iterable[Sequence[str]]) -> str:
    """Return CSV text with a header line, every cell safe to open in a spreadsheet."""
    out = io.StringIO()
    writer = csv.writer(out)  # CRLF, as RFC 4180 has it; a bare CR or LF in a cell is then quoted
    writer.writerow(header)
    for record in records:
        writer.writerow([neutralise_cell(cell) for cell in record])
    return out.getvalue()


def rows_csv(rows: Sequence[PortfolioRow], *, currency: str | None = None) -> str:
    """Return the portfolio as CSV: ARR per currency cited and, with `currency`, converted into it."""
    currencies = sorted({code for row in rows for code in row.arr})
    return write_csv(row_columns(currencies, currency=currency), (row_cells(row, currencies) for row in rows))


def customers_csv(rows: Sequence[CustomerRow], *, currency: str | None = None) -> str:
    """Return the customers view as CSV: ARR per currency cited and, with `currency`, converted into it."""
    currencies = sorted({code for row in rows for code in row.arr})
    return write_csv(
        customer_columns(currencies, currency=currency), (customer_cells(row, currencies) for row in rows)
    )


def to_json(rows: Sequence[PortfolioRow] | Sequence[CustomerRow]) -> str:
    """Return rows as a JSON array of objects."""
    return json.dumps([row.model_dump(mode="json") for row in rows], indent=2, ensure_ascii=False)
