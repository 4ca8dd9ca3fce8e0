"""Every sample ticket under tests/fixtures/tickets parses to the findings a reviewer would expect."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from problemframe.parse import format_body, parse_ticket

TICKETS = Path(__file__).parents[1] / "fixtures" / "tickets"
EXPECTED: dict[str, list[str]] = {
    "bold_labels.md": [],
    "freeform_markdown.md": ["evidence.no_source"],
    "github_form_code_block.md": [],
    "github_form_complete.md": [],
    "github_form_placeholders.md": ["problem.placeholder", "evidence.placeholder", "metric.placeholder"],
    "inline_labels.md": [],
    "jira_adf.json": [],
    "jira_wiki.txt": [],
    "jira_wiki_incomplete.txt": ["problem.solution_only", "evidence.internal_only", "metric.placeholder"],
    "jira_wiki_sso.txt": [],
    "solution_only.md": ["problem.solution_only", "evidence.unattributed", "metric.no_numbers", "metric.no_window",
                         "metric.no_source"],
    "success_criteria_bullets.md": [],
    "table_evidence.md": [],
}


def test_every_fixture_has_an_expectation() -> None:
    assert sorted(path.name for path in TICKETS.iterdir()) == sorted(EXPECTED)


@pytest.mark.parametrize(("name", "codes"), EXPECTED.items())
def test_fixture_findings(name: str, codes: list[str]) -> None:
    frame = parse_ticket((TICKETS / name).read_text(), today=dt.date(2026, 11, 29))
    assert [finding.code for finding in frame.findings] == codes


@pytest.mark.parametrize("name", [name for name, codes in EXPECTED.items() if not codes])
def test_complete_fixtures_survive_being_rewritten_as_the_form(name: str) -> None:
    frame = parse_ticket((TICKETS / name).read_text(), today=dt.date(2026, 11, 29))
    again = parse_ticket(format_body(frame), today=dt.date(2026, 11, 29))
    assert again.problem == frame.problem
    assert [item.model_dump(exclude={"text"}) for item in again.evidence] == [
        item.model_dump(exclude={"text"}) for item in frame.evidence
    ]
    assert again.metric is not None and frame.metric is not None
    assert again.metric.model_dump(exclude={"text"}) == frame.metric.model_dump(exclude={"text"})
    assert again.findings == []
