"""The period digest: what was framed, shipped, measured and reviewed, and the strongest problems not started."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Literal

from pydantic import BaseModel, ConfigDict

from problemframe.digest_scorecard import scorecard_blocks
from problemframe.events import TicketState
from problemframe.numbers import figure
from problemframe.outcome import OutcomeState
from problemframe.portfolio import PortfolioRow, sort_rows, ticket_label
from problemframe.portfolio_export import format_amounts, write_csv
from problemframe.render_markup import MARKDOWN, WIKI, Block, Bullets, Heading, Paragraph, Span, render_blocks

# "framed" is a row's framed_at: when a ticket that is complete now was opened, as the tracker reader supplies it
# (no tracker records the moment a frame became complete without reading every ticket's history).
EventName = Literal["framed", "shipped", "measured", "reviewed"]
EVENT_NAMES: tuple[EventName, ...] = ("framed", "shipped", "measured", "reviewed")
HEADINGS: dict[EventName, str] = {
    "framed": "Framed",
    "shipped": "Shipped, now measuring",
    "measured": "Measured",
    "reviewed": "Reviewed",
}
UNSTARTED = frozenset({None, OutcomeState.FRAMED.value})
DIGEST_COLUMNS: tuple[str, ...] = ("date", "event", "ticket", "title", "tier", "score", "verdict", "url")


class DigestEvent(BaseModel):
    """One thing that happened to a ticket within the period."""

    model_config = ConfigDict(frozen=True)

    name: EventName
    at: dt.datetime
    row: PortfolioRow


def _moment(row: PortfolioRow, name: EventName) -> dt.datetime | None:
    moment: dt.datetime | None = getattr(row, f"{name}_at")
    return moment


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def events_between(rows: Iterable[PortfolioRow], *, since: dt.datetime, until: dt.datetime) -> list[DigestEvent]:
    """Return the events with since <= moment < until, oldest first."""
    start, end = _aware(since), _aware(until)
    found = []
    for row in rows:
        for name in EVENT_NAMES:
            moment = _moment(row, name)
            if moment is not None and start <= _aware(moment) < end:
                found.append(DigestEvent(name=name, at=_aware(moment), row=row))
    return sorted(found, key=lambda e: (e.at, EVENT_NAMES.index(e.name), e.row.container, e.row.number or 0))


def not_started(rows: Iterable[PortfolioRow], *, limit: int) -> list[PortfolioRow]:
    """Return the open problems with the strongest evidence that have not shipped yet."""
    waiting = [row for row in rows if row.state is TicketState.OPEN and row.shipped_at is None
               and row.outcome_state in UNSTARTED and row.score > 0]
    return sort_rows(waiting)[:limit]


def _money(row: PortfolioRow) -> str:
    return f", {format_amounts(row.arr)} ARR" if row.arr else ""


def _line(row: PortfolioRow) -> tuple[Span, ...]:
    label = Span(ticket_label(row), "link", row.url) if row.url else Span(ticket_label(row))
    count = len(row.customers)
    customers = f", {count} customer{'s' if count != 1 else ''}" if count else ""
    facts = f" — {row.tier} ({figure(row.score)}){customers}{_money(row)}"
    return (label, Span(" "), Span(row.title, "user"), Span(facts))


def _detail(event: DigestEvent) -> tuple[Span, ...]:
    row = event.row
    if event.name == "shipped" and row.due is not None:
        return (Span(f"; due {row.due.date().isoformat()}"),)
    if event.name == "reviewed" and row.verdict:
        return (Span("; "), Span(row.verdict, "strong"))
    if event.name == "framed" and row.metric:
        return (Span("; metric: "), Span(row.metric, "user"))
    return ()


def digest_blocks(rows: Sequence[PortfolioRow], *, since: dt.datetime, until: dt.datetime, top: int = 5) -> list[Block]:
    """Return the digest of a period as markup-neutral blocks; ticket text stays user text, escaped when rendered."""
    events = events_between(rows, since=since, until=until)
    counts = Counter(event.name for event in events)
    blocks: list[Block] = [
        Heading((Span(f"Problem digest: {since.date().isoformat()} to {until.date().isoformat()}"),)),
        Paragraph((Span(" · ".join(f"{name.capitalize()}: {counts[name]}" for name in EVENT_NAMES)),)),
    ]
    verdicts = Counter(e.row.verdict for e in events if e.name == "reviewed" and e.row.verdict)
    if verdicts:
        tally = ", ".join(f"{verdict} {n}" for verdict, n in sorted(verdicts.items()))
        blocks.append(Paragraph((Span(f"Verdicts: {tally}"),)))
    for name in EVENT_NAMES:
        chosen = [event for event in events if event.name == name]
        if chosen:
            items = tuple(
                (0, (Span(f"{event.at.date().isoformat()}: "), *_line(event.row), *_detail(event)))
                for event in chosen
            )
            blocks += [Heading((Span(HEADINGS[name]),)), Bullets(items, noun="tickets")]
    blocks.append(Heading((Span("Strongest problems not started"),)))
    waiting = not_started(rows, limit=top)
    if waiting:
        needs = (Span(" (needs framing)"),)
        items = tuple((0, (*_line(row), *(() if row.complete else needs))) for row in waiting)
        blocks.append(Bullets(items, noun="tickets"))
    else:
        blocks.append(Paragraph((Span("No open problem with evidence is waiting."),)))
    return blocks


def render_digest(
    rows: Sequence[PortfolioRow], *, since: dt.datetime, until: dt.datetime, top: int = 5, wiki: bool = False
) -> str:
    """Return the digest as GitHub markdown or Jira wiki markup, within the tracker's comment limit."""
    # The digest is posted as an ordinary comment, so it must not begin with the sticky comment's marker.
    syntax = replace(WIKI if wiki else MARKDOWN, marker="")
    blocks = digest_blocks(rows, since=since, until=until, top=top)
    blocks += scorecard_blocks(rows, today=until.date(), wiki=wiki)
    return render_blocks(blocks, syntax).lstrip("\n") + "\n"


def digest_csv(rows: Sequence[PortfolioRow], *, since: dt.datetime, until: dt.datetime) -> str:
    """Return the period's events as CSV, one line per event."""
    records = [
        [event.at.date().isoformat(), event.name, ticket_label(event.row), event.row.title, event.row.tier,
         f"{event.row.score:g}", event.row.verdict or "", event.row.url or ""]
        for event in events_between(rows, since=since, until=until)
    ]
    return write_csv(DIGEST_COLUMNS, records)
