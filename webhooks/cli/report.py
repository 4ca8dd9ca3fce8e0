"""`problemframe report`: the evidence portfolio as PMs read it, per ticket or per customer."""

from __future__ import annotations

import re
from collections.abc import Sequence
from enum import StrEnum
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from problemframe.currencies import is_currency, missing_rates
from problemframe.evidence import Tier
from problemframe.outcome import OutcomeState
from problemframe.portfolio import (
    NO_OUTCOME,
    CustomerRow,
    PortfolioRow,
    RowFilter,
    by_customer,
    cited_currencies,
    convert_rows,
    select,
    ticket_label,
)
from problemframe.portfolio_export import arr_cell, customers_csv, rows_csv, to_json
from problemframe.verdict import Verdict
from webhooks.cli.common import fail, terminal_text
from webhooks.cli.sources import (
    DEFAULT_STATE_DIR,
    GithubOption,
    JiraOption,
    State,
    StateDirOption,
    open_source,
    portfolio_rows,
)

OUTCOME_CHOICES = frozenset({NO_OUTCOME, *(s.value for s in OutcomeState), *(v.value for v in Verdict)})


class Format(StrEnum):
    """How `report` prints the portfolio."""

    TABLE = "table"
    CSV = "csv"
    JSON = "json"


class By(StrEnum):
    """One row per ticket, or one per customer."""

    TICKET = "ticket"
    CUSTOMER = "customer"


def _currency(code: str, option: str) -> str:
    upper = code.strip().upper()
    if not is_currency(upper):
        fail(f"{option} takes an ISO 4217 currency code such as USD, EUR or GBP, not {code!r}")
    return upper


def _parse_rates(rates: Sequence[str], currency: str | None) -> dict[str, float]:
    parsed: dict[str, float] = {}
    for item in rates:
        match = re.fullmatch(r"([A-Za-z]{3})=([0-9]+(?:\.[0-9]+)?)", item.strip())
        if match is None or float(match.group(2)) <= 0:
            fail(f"--rate takes CODE=NUMBER, a currency and the value of one unit in --currency, such as GBP=1.27, "
                 f"not {item!r}")
        code = _currency(match.group(1), "--rate")
        if code == currency:
            fail(f"--rate {item}: {code} is the --currency itself")
        parsed[code] = float(match.group(2))
    if parsed and currency is None:
        fail("--rate converts ARR into --currency: give --currency as well, such as --currency USD")
    return parsed


def _check_rates(rows: Sequence[PortfolioRow], currency: str, rates: dict[str, float]) -> None:
    missing = missing_rates(cited_currencies(rows), currency=currency, rates=rates)
    if missing:
        give = " ".join(f"--rate {code}=NUMBER" for code in missing)
        fail(f"--currency {currency}: ARR is also cited in {', '.join(missing)}, with no rate into {currency}; "
             f"give {give} (the value of one unit in {currency})")


def _arr_heading(currency: str | None) -> str:
    return "ARR cited" if currency is None else f"ARR cited ({currency})"


def _ticket_table(rows: Sequence[PortfolioRow], currency: str | None) -> Table:
    table = Table(title=f"Evidence portfolio ({len(rows)} tickets)")
    for column, justify in (("ticket", "left"), ("title", "left"), ("tier", "left"), ("score", "right"),
                            ("customers", "right"), (_arr_heading(currency), "right"), ("missing", "left"),
                            ("metric", "left"), ("outcome", "left")):
        table.add_column(column, justify=justify, overflow="fold")  # type: ignore[arg-type]
    for row in rows:
        outcome = " ".join(part for part in (row.outcome_state, row.verdict) if part)
        table.add_row(
            ticket_label(row), terminal_text(row.title), row.tier, f"{row.score:g}", str(len(row.customers)),
            arr_cell(row.arr, currency=row.currency, total=row.arr_converted), " ".join(row.missing),
            terminal_text(row.metric), outcome,
        )
    return table


def _customer_table(rows: Sequence[CustomerRow], currency: str | None) -> Table:
    table = Table(title=f"Customers ({len(rows)})")
    for column in ("customer", "tickets", "total evidence score", _arr_heading(currency), "shipped (verdict)"):
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(
            terminal_text(row.customer), " ".join(row.tickets), f"{row.total_score:g}",
            arr_cell(row.arr, currency=row.currency, total=row.arr_converted),
            ", ".join(row.shipped),
        )
    return table


def report(
    github: GithubOption = None,
    jira_project: JiraOption = None,
    output: Annotated[Format, typer.Option("--format", help="table, csv or json.")] = Format.TABLE,
    tier: Annotated[list[Tier] | None, typer.Option("--tier", help="Only this tier (repeatable).")] = None,
    min_score: Annotated[float | None, typer.Option("--min-score", min=0, max=100, help="Lowest score shown.")] = None,
    state: Annotated[State, typer.Option("--state", help="open, closed or all tickets.")] = State.OPEN,
    outcome: Annotated[
        list[str] | None,
        typer.Option("--outcome", help="Outcome state or verdict (pending, review, met, ... or none; repeatable)."),
    ] = None,
    by: Annotated[By, typer.Option("--by", help="One row per ticket or per customer.")] = By.TICKET,
    currency: Annotated[
        str | None,
        typer.Option("--currency", metavar="CODE", help="Convert every ARR amount into this ISO 4217 currency "
                     "(each other currency cited needs a --rate). Without it: each currency's total."),
    ] = None,
    rate: Annotated[
        list[str] | None, typer.Option("--rate", metavar="CODE=NUMBER", help="Value of one unit in --currency.")
    ] = None,
    state_dir: StateDirOption = DEFAULT_STATE_DIR,
) -> None:
    """Print the evidence portfolio: every ticket's score, tier, customers, ARR cited, metric and outcome."""
    target = _currency(currency, "--currency") if currency is not None else None
    rates = _parse_rates(rate or [], target)
    outcomes = frozenset(o.strip().lower() for o in outcome or [])
    if unknown := outcomes - OUTCOME_CHOICES:
        fail(f"--outcome takes one of {', '.join(sorted(OUTCOME_CHOICES))}, not {', '.join(sorted(unknown))}")
    source = open_source(github, jira_project, state_dir=state_dir)
    row_filter = RowFilter(
        tiers=frozenset(t.value for t in tier or []), min_score=min_score, state=state.value, outcomes=outcomes
    )
    rows = select(portfolio_rows(source, state=state), row_filter)
    if target is not None:
        _check_rates(rows, target, rates)
        rows = convert_rows(rows, currency=target, rates=rates)
    console = Console(width=200)
    if by is By.CUSTOMER:
        customers = by_customer(rows, currency=target, rates=rates)
        if output is Format.CSV:
            typer.echo(customers_csv(customers, currency=target), nl=False)
        elif output is Format.JSON:
            typer.echo(to_json(customers))
        else:
            console.print(_customer_table(customers, target))
        return
    if output is Format.CSV:
        typer.echo(rows_csv(rows, currency=target), nl=False)
    elif output is Format.JSON:
        typer.echo(to_json(rows))
    else:
        console.print(_ticket_table(rows, target))


def register(app: typer.Typer) -> None:
    """Add `report` to the command line."""
    app.command("report")(report)
