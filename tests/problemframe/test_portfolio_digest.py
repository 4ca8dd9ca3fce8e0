"""The weekly digest built from portfolio rows: what happened in the period, what has not started, and its CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io

from problemframe.digest import digest_csv, events_between, not_started, render_digest
from problemframe.events import TicketState
from problemframe.portfolio import PortfolioRow
from tests.problemframe.portfolio_support import row


def _at(day: int) -> dt.datetime:
    return dt.datetime(2026, 11, day, 12, tzinfo=dt.UTC)


def _digest_rows() -> list[PortfolioRow]:
    return [
        row(1, 30, title="Framed early", framed_at=_at(1)),
        row(2, 70, title="Shipped <b>@team</b> #5", tier="strong", shipped_at=_at(3), due=_at(30),
             outcome_state="pending"),
        row(3, 50, title="Reviewed", outcome_state="reviewed", verdict="missed", state=TicketState.CLOSED,
             shipped_at=dt.datetime(2026, 9, 1, tzinfo=dt.UTC), measured_at=_at(4), reviewed_at=_at(5)),
        row(4, 90, title="Strong idea @alice", tier="strong"),
        row(5, 20, title="Weak idea", tier="weak", complete=False),
        row(6, 95, title="Old strong", tier="strong", framed_at=dt.datetime(2026, 10, 1, tzinfo=dt.UTC)),
        row(7, 99, title="Closed", state=TicketState.CLOSED),
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
