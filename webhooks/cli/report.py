"""`problemframe report`: the evidence portfolio as PMs read it, per ticket or per customer."""

from __future__ import annotations

import re
from collections.abc import Sequence
from enum import StrEnum
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from problemframe.evidence import Tier
from problemframe.outcome import OutcomeState
from problemframe.portfolio import NO_OUTCOME, CustomerRow, PortfolioRow, RowFilter, by_customer, select, ticket_label
from problemframe.portfolio_export import customers_csv, format_amounts, rows_csv, to_json
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


def _parse_rates(rates: Sequence[str]) -> dict[str, float]:
    parsed: dict[str, float] = {}
    for item in rates:
        match = re.fullmatch(r"([A-Za-z]{3})=([0-9]+(?:\.[0-9]+)?)", item.strip())
        if match is None:
            fail(f"--rate takes CODE=NUMBER such as GBP=1.27, not {item!r}")
        parsed[match.group(1).upper()] = float(match.group(2))
    return parsed


def _ticket_table(rows: Sequence[PortfolioRow]) -> Table:
    table = Table(title=f"Evidence portfolio ({len(rows)} tickets)")
    for column, justify in (("ticket", "left"), ("title", "left"), ("tier", "left"), ("score", "right"),
                            ("customers", "right"), ("ARR cited", "right"), ("missing", "left"),
                            ("metric", "left"), ("outcome", "left")):
        table.add_column(column, justify=justify, overflow="fold")  # type: ignore[arg-type]
    for row in rows:
        outcome = " ".join(part for part in (row.outcome_state, row.verdict) if part)
        table.add_row(
            ticket_label(row), terminal_text(row.title), row.tier, f"{row.score:g}", str(len(row.customers)),
            format_amounts(row.arr), " ".join(row.missing), terminal_text(row.metric), outcome,
        )
    return table


def _customer_table(rows: Sequence[CustomerRow]) -> Table:
    table = Table(title=f"Customers ({len(rows)})")
    for column in ("customer", "tickets", "total evidence score", "ARR cited", "shipped (verdict)"):
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(
            terminal_text(row.customer), " ".join(row.tickets), f"{row.total_score:g}", format_amounts(row.arr),
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
    currency: Annotated[str, typer.Option("--currency", help="The currency ARR is summed in.")] = "USD",
    rate: Annotated[
        list[str] | None, typer.Option("--rate", metavar="CODE=NUMBER", help="Value of one unit in --currency.")
    ] = None,
    state_dir: StateDirOption = DEFAULT_STATE_DIR,
) -> None:
    """Print the evidence portfolio: every ticket's score, tier, customers, ARR cited, metric and outcome."""
    rates = _parse_rates(rate or [])
    outcomes = frozenset(o.strip().lower() for o in outcome or [])
    if unknown := outcomes - OUTCOME_CHOICES:
        fail(f"--outcome takes one of {', '.join(sorted(OUTCOME_CHOICES))}, not {', '.join(sorted(unknown))}")
    source = open_source(github, jira_project, state_dir=state_dir)
    row_filter = RowFilter(
        tiers=frozenset(t.value for t in tier or []), min_score=min_score, state=state.value, outcomes=outcomes
    )
    rows = select(portfolio_rows(source, state=state, currency=currency.upper(), rates=rates), row_filter)
    console = Console(width=200)
    if by is By.CUSTOMER:
        customers = by_customer(rows, currency=currency.upper(), rates=rates)
        if output is Format.CSV:
            typer.echo(customers_csv(customers), nl=False)
        elif output is Format.JSON:
            typer.echo(to_json(customers))
        else:
            console.print(_customer_table(customers))
        return
    if output is Format.CSV:
        typer.echo(rows_csv(rows), nl=False)
    elif output is Format.JSON:
        typer.echo(to_json(rows))
    else:
        console.print(_ticket_table(rows))


def register(app: typer.Typer) -> None:
    """Add `report` to the command line."""
    app.command("report")(report)
