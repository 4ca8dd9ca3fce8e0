"""The scorecard's headline in the weekly digest: three numbers, and on GitHub a Mermaid chart of the verdicts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from problemframe.outcome import OutcomeState
from problemframe.policy import Policy
from problemframe.portfolio import PortfolioRow
from problemframe.render_markup import Block, Heading, Paragraph, Raw, Span
from problemframe.scorecard import VERDICTS, Scorecard, TicketFacts, build_scorecard
from problemframe.scorecard_text import percent

SHIPPED_STATES = frozenset(
    {OutcomeState.PENDING.value, OutcomeState.REVIEW.value, OutcomeState.REVIEWED.value, OutcomeState.SKIPPED.value}
)


def facts_from_rows(rows: Sequence[PortfolioRow]) -> list[TicketFacts]:
    """Return the scorecard's view of portfolio rows (no framing times: the digest shows shares, not durations)."""
    facts = []
    for row in rows:
        verdict = "skipped" if row.outcome_state == OutcomeState.SKIPPED.value else (
            row.verdict if row.outcome_state == OutcomeState.REVIEWED.value else None)
        facts.append(TicketFacts(
            key=row.key, title=row.title, url=row.url, complete=row.complete, score=row.score, tier=row.tier,
            shipped_at=row.shipped_at if row.outcome_state in SHIPPED_STATES else None,
            reviewed_at=row.reviewed_at if verdict else None, verdict=verdict,
        ))
    return facts


def headline_numbers(card: Scorecard) -> list[tuple[str, str]]:
    """Return the three figures a team watches: framed, shipped work reviewed, reviewed work that met its target."""
    return [
        ("Framed", f"{card.framed} of {card.tickets} ({percent(card.framed_share)})"),
        ("Shipped and reviewed", f"{card.reviewed} of {card.shipped} ({percent(card.reviewed_share)})"),
        ("Met their target", f"{card.verdicts['met']} of {card.reviewed} ({percent(card.met_share)})"),
    ]


def scorecard_blocks(rows: Sequence[PortfolioRow], *, today: dt.date, wiki: bool) -> list[Block]:
    """Return the digest's scorecard section: a line of numbers and a Mermaid pie on GitHub, a table on Jira."""
    first = rows[0] if rows else None
    card = build_scorecard(
        facts_from_rows(rows), tracker=first.tracker if first else "", container=first.container if first else "",
        policy=Policy(), today=today, suggest_weights=False,
    )
    numbers = headline_numbers(card)
    blocks: list[Block] = [Heading((Span("Scorecard, all time"),))]
    if wiki:
        header = "||" + "||".join(label for label, _ in numbers) + "||"
        blocks.append(Raw(header + "\n|" + "|".join(value for _, value in numbers) + "|"))
        return blocks
    blocks.append(Paragraph((Span(" · ".join(f"{label}: {value}" for label, value in numbers)),)))
    shown = [(verdict, card.verdicts[verdict]) for verdict in VERDICTS if card.verdicts[verdict]]
    if shown:
        slices = "\n".join(f'    "{verdict}" : {count}' for verdict, count in shown)
        blocks.append(Raw(f"```mermaid\npie showData title Verdicts of reviewed tickets\n{slices}\n```"))
    return blocks
