"""The portfolio written out: plain-text cells, CSV a spreadsheet opens safely, and JSON."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence

from problemframe.evidence import format_money
from problemframe.portfolio import CustomerRow, PortfolioRow, ticket_label

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value: str) -> str:
    """Return a cell a spreadsheet will not run as a formula (OWASP CSV injection)."""
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


def format_amounts(amounts: Mapping[str, float]) -> str:
    """Return amounts for people, such as '$120,000 + £5,000'."""
    return " + ".join(format_money(amount, code) for code, amount in sorted(amounts.items()))


def _amounts(amounts: Mapping[str, float]) -> str:
    return "; ".join(f"{code} {amount:.0f}" for code, amount in sorted(amounts.items()))


ROW_COLUMNS: tuple[str, ...] = (
    "ticket", "title", "tier", "score", "customers", "arr", "currency", "complete", "missing", "metric",
    "outcome", "verdict", "state", "customer_names", "arr_by_currency", "url",
)
CUSTOMER_COLUMNS: tuple[str, ...] = ("customer", "tickets", "ticket_count", "total_score", "arr", "currency",
                                     "arr_by_currency", "shipped")


def row_cells(row: PortfolioRow) -> list[str]:
    """Return a row's cells in ROW_COLUMNS order, as plain text."""
    return [
        ticket_label(row), row.title, row.tier, f"{row.score:g}", str(len(row.customers)), f"{row.arr_main:.0f}",
        row.currency, "yes" if row.complete else "no", " ".join(row.missing), row.metric, row.outcome_state or "",
        row.verdict or "", row.state.value, "; ".join(row.customers), _amounts(row.arr), row.url or "",
    ]


def customer_cells(row: CustomerRow) -> list[str]:
    """Return a customer row's cells in CUSTOMER_COLUMNS order, as plain text."""
    return [
        row.customer, " ".join(row.tickets), str(len(row.tickets)), f"{row.total_score:g}", f"{row.arr_main:.0f}",
        row.currency, _amounts(row.arr), " ".join(row.shipped),
    ]


def write_csv(header: Sequence[str], records: Iterable[Sequence[str]]) -> str:
    """Return CSV text with a header line, every cell safe to open in a spreadsheet."""
    out = io.StringIO()
    writer = csv.writer(out)  # CRLF, as RFC 4180 has it; a bare CR or LF in a cell is then quoted
    writer.writerow(header)
    for record in records:
        writer.writerow([neutralise_cell(cell) for cell in record])
    return out.getvalue()


def rows_csv(rows: Iterable[PortfolioRow]) -> str:
    """Return the portfolio as CSV."""
    return write_csv(ROW_COLUMNS, (row_cells(row) for row in rows))


def customers_csv(rows: Iterable[CustomerRow]) -> str:
    """Return the customers view as CSV."""
    return write_csv(CUSTOMER_COLUMNS, (customer_cells(row) for row in rows))


def to_json(rows: Sequence[PortfolioRow] | Sequence[CustomerRow]) -> str:
    """Return rows as a JSON array of objects."""
    return json.dumps([row.model_dump(mode="json") for row in rows], indent=2, ensure_ascii=False)
