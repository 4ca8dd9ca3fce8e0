"""`problemframe scorecard`: what share of the work was framed, reviewed and met its target, and what predicted it."""

from __future__ import annotations

import datetime as dt
import logging
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from integration.store import NotReady, Store
from integration.tracker import TrackerError
from problemframe.events import TicketRef
from problemframe.outcome import OutcomeRecord
from problemframe.scorecard import TIERS, VERDICTS, Scorecard, build_scorecard, ticket_facts
from problemframe.scorecard_html import to_html
from problemframe.scorecard_text import headline, percent, to_csv, to_json, weights_lines
from webhooks.cli.common import fail
from webhooks.cli.sources import DEFAULT_STATE_DIR, GithubOption, JiraOption, StateDirOption, open_source, source_failed
from webhooks.sources import MAX_OUTCOMES, Source

log = logging.getLogger(__name__)


class Format(StrEnum):
    """How `scorecard` prints."""

    TABLE = "table"
    CSV = "csv"
    JSON = "json"
    HTML = "html"


def read_scorecard(source: Source, *, since: dt.date | None, today: dt.date) -> Scorecard:
    """Read every ticket of the source and what the store knows of it; TrackerError when the tracker fails."""
    tickets = list(source.reader.tickets(state="all"))
    mine = source.container
    try:
        store = Store.open_existing(source.settings.database_url)
    except NotReady as error:
        # The tickets still make a scorecard of framing; outcomes and time to framed stay empty.
        log.warning("%s: no outcomes shown (run `problemframe migrate`, or point PROBLEMFRAME_DATABASE_URL at the "
                    "service's database)", error)
        outcomes: dict[TicketRef, OutcomeRecord] = {}
        framed_at: dict[TicketRef, dt.datetime] = {}
    else:
        try:
            outcomes = {r.ref: r for r in store.outcomes.list(limit=MAX_OUTCOMES)
                        if (r.ref.tracker, r.ref.container) == (mine.tracker, mine.container)}
            framed_at = store.tickets.first_framed(mine.tracker, mine.container)
        finally:
            store.close()
    policy = source.policy()
    facts = ticket_facts(
        tickets, policy=policy, today=today, outcomes=outcomes, opened_at=source.created_at, framed_at=framed_at
    )
    return build_scorecard(facts, tracker=mine.tracker, container=mine.container, policy=policy, today=today,
                           since=since)


def _tables(card: Scorecard) -> list[Table]:
    period = f"since {card.since}" if card.since else "all time"
    summary = Table(title=f"Scorecard: {card.container} ({period}, until {card.until})", show_header=False)
    summary.add_column("figure")
    summary.add_column("value", justify="right")
    for label, value in headline(card):
        summary.add_row(label, value)
    mix = Table(title="Verdicts of reviewed tickets")
    for verdict in VERDICTS:
        mix.add_column(verdict, justify="right")
    mix.add_row(*(str(card.verdicts[v]) for v in VERDICTS))
    tiers = Table(title="Evidence tier against verdict")
    tiers.add_column("tier")
    for verdict in VERDICTS:
        tiers.add_column(verdict, justify="right")
    tiers.add_column("met rate", justify="right")
    for tier in TIERS:
        row = card.tier_vs_verdict[tier]
        tiers.add_row(tier, *(str(row[v]) for v in VERDICTS), percent(card.met_rate_by_tier[tier]))
    return [summary, mix, tiers]


def scorecard(
    github: GithubOption = None,
    jira_project: JiraOption = None,
    since: Annotated[
        str | None, typer.Option("--since", metavar="DATE", help="Count tickets opened or shipped on or after DATE.")
    ] = None,
    output: Annotated[Format, typer.Option("--format", help="table, csv, json or html.")] = Format.TABLE,
    to: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file instead of the terminal.")
    ] = None,
    state_dir: StateDirOption = DEFAULT_STATE_DIR,
) -> None:
    """Print the scorecard: share framed and time to framed, shipped work reviewed, verdicts, and evidence against them.

    With 30 or more reviewed outcomes it also suggests evidence weights that better predict a met target, and shows
    how much better; the policy is not changed.
    """
    start: dt.date | None = None
    if since is not None:
        try:
            start = dt.date.fromisoformat(since.strip())
        except ValueError:
            fail(f"--since takes a date such as 2026-07-01, not {since!r}")
    source = open_source(github, jira_project, state_dir=state_dir)
    today = dt.datetime.now(dt.UTC).date()
    try:
        card = read_scorecard(source, since=start, today=today)
    except TrackerError as error:
        source_failed(source, error)
    if output is Format.TABLE and to is None:
        console = Console(width=160)
        for table in _tables(card):
            console.print(table)
        for line in weights_lines(card):
            console.print(line, highlight=False)
        return
    text = {Format.CSV: to_csv, Format.JSON: to_json, Format.HTML: to_html}.get(output)
    rendered = text(card) if text is not None else "\n".join(
        [*(f"{label}: {value}" for label, value in headline(card)), *weights_lines(card)]) + "\n"
    if to is None:
        typer.echo(rendered, nl=not rendered.endswith("\n"))
        return
    try:
        to.write_text(rendered, encoding="utf-8")
    except OSError as error:
        fail(f"cannot write {to}: {error.strerror or error}")


def register(app: typer.Typer) -> None:
    """Add `scorecard` to the command line."""
    app.command("scorecard")(scorecard)
