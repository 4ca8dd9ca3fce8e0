"""The weekly digest carries the scorecard's three numbers: a Mermaid chart on GitHub, a table on Jira."""

from __future__ import annotations

import datetime as dt

from problemframe.digest import render_digest
from problemframe.portfolio import PortfolioRow

NOW = dt.datetime(2026, 12, 6, tzinfo=dt.UTC)
WEEK = NOW - dt.timedelta(days=7)


def row(key: int, *, complete: bool = True, outcome: str | None = None, verdict: str | None = None) -> PortfolioRow:
    """Return a portfolio row; shipped a month ago when it has an outcome past framing."""
    shipped = NOW - dt.timedelta(days=30) if outcome not in (None, "framed", "closed") else None
    reviewed = NOW - dt.timedelta(days=1) if outcome in ("reviewed", "skipped") else None
    return PortfolioRow(tracker="github", container="acme/app", key=str(key), title=f"Problem {key}",
                        complete=complete, score=40, tier="moderate", outcome_state=outcome, verdict=verdict,
                        shipped_at=shipped, reviewed_at=reviewed)


ROWS = [
    row(1, outcome="reviewed", verdict="met"), row(2, outcome="reviewed", verdict="met"),
    row(3, outcome="reviewed", verdict="missed"), row(4, outcome="skipped"), row(5, outcome="pending"),
    row(6, outcome="closed"), row(7, complete=False), row(8, complete=False),
]


def test_github_digest_shows_the_three_numbers_and_a_mermaid_pie_of_verdicts() -> None:
    text = render_digest(ROWS, since=WEEK, until=NOW)

    assert "Framed: 6 of 8 (75%) · Shipped and reviewed: 4 of 5 (80%) · Met their target: 2 of 4 (50%)" in text
    chart = text.split("```mermaid\n", 1)[1].split("```", 1)[0]
    assert chart.splitlines() == ["pie showData title Verdicts of reviewed tickets", '    "met" : 2',
                                  '    "missed" : 1', '    "skipped" : 1']


def test_jira_digest_shows_the_same_numbers_as_a_wiki_table() -> None:
    text = render_digest(ROWS, since=WEEK, until=NOW, wiki=True)

    assert "||Framed||Shipped and reviewed||Met their target||\n|6 of 8 (75%)|4 of 5 (80%)|2 of 4 (50%)|" in text
    assert "mermaid" not in text


def test_without_reviews_there_is_no_chart() -> None:
    text = render_digest([row(1), row(2, complete=False)], since=WEEK, until=NOW)

    assert "Shipped and reviewed: 0 of 0 (n/a)" in text and "mermaid" not in text
