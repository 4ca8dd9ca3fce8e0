"""Free-form markdown: varied headings, bold and inline labels, synonyms, and sections that are not ours."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from problemframe.model import EvidenceKind
from problemframe.parse import parse_ticket
from problemframe.parse.labels import classify
from problemframe.parse.sections import pick_parts, split_sections

TICKETS = Path(__file__).parents[1] / "fixtures" / "tickets"
EVIDENCE = "- Acme — https://acme.zendesk.com/agent/tickets/1"
METRIC = "exports from 120 to 300 within 30 days, measured in Amplitude"


@pytest.mark.parametrize(
    ("label", "key"),
    [
        ("Problem", "problem"), ("Problem statement", "problem"), ("What problem are we solving?", "problem"),
        ("🔥 The Problem:", "problem"), ("1. Problem / opportunity", "problem"), ("Why", "problem"),
        ("Why now?", "problem"), ("Background", "problem"), ("Evidence", "evidence"),
        ("Customer evidence", "evidence"), ("Who asked", "evidence"), ("Who asked for this?", "evidence"),
        ("Customer signal", "evidence"), ("Customer requests", "evidence"), ("Supporting evidence (links)", "evidence"),
        ("Success metric", "metric"), ("Success Criteria", "metric"), ("Metrics", "metric"),
        ("How will we know it worked?", "metric"), ("Definition of success", "metric"), ("KPIs", "metric"),
        ("📈 How we'll measure success", "metric"), ("Baseline", "baseline"), ("Target", "target"),
        ("Measurement window", "window"), ("Data source", "source"), ("Who is affected?", "who"),
        ("Proposed solution", "other"), ("Acceptance criteria", "other"), ("Notes", "other"),
        ("Success metric & baseline", "metric"), ("Problem (what hurts?)", "problem"), ("Evidence & data", "evidence"),
        ("Baseline value", "baseline"), ("Measurement window (optional)", "window"), ("Who is impacted", "who"),
        ("Who reported it", "evidence"), ("Who reported this?", "evidence"), ("Customer / source", "evidence"),
        ("Mikä on ongelma?", "problem"), ("Popis", "problem"), ("배경", "problem"), ("Podklady", "evidence"),
        ("근거", "evidence"),
    ],
)
def test_headings_people_write_map_to_parts(label: str, key: str) -> None:
    found = classify(label)
    assert found is not None
    assert found.key == key


@pytest.mark.parametrize("label", ["Screenshots of the thing", "Release", "Misc"])
def test_unrelated_headings_map_to_nothing(label: str) -> None:
    found = classify(label)
    assert found is None or found.key == "other"


@pytest.mark.parametrize(
    "body",
    [
        f"# Problem\nExports time out.\n\n# Evidence\n{EVIDENCE}\n\n# Success metric\n{METRIC}\n",
        f"## problem:\nExports time out.\n## EVIDENCE\n{EVIDENCE}\n## success metric ##\n{METRIC}\n",
        f"**Problem:** Exports time out.\n\n**Evidence:**\n{EVIDENCE}\n\n**Success metric:** {METRIC}\n",
        f"**Problem**\nExports time out.\n**Evidence**\n{EVIDENCE}\n**Success metric**\n{METRIC}\n",
        f"*Problem:* Exports time out.\n*Evidence:*\n{EVIDENCE}\n*Success metric:* {METRIC}\n",
        f"Problem: Exports time out.\n\nEvidence:\n{EVIDENCE}\n\nSuccess metric: {METRIC}\n",
        f"Problem\n=======\nExports time out.\n\nEvidence\n--------\n{EVIDENCE}\n\nMetrics\n-------\n{METRIC}\n",
        f"### Why\nExports time out.\n### Who asked\n{EVIDENCE}\n### How will we know it worked?\n{METRIC}\n",
    ],
)
def test_every_heading_style_gives_the_three_parts(body: str) -> None:
    frame = parse_ticket(body)
    assert frame.problem == "Exports time out."
    assert [item.customer for item in frame.evidence] == ["Acme"]
    assert frame.metric is not None
    assert (frame.metric.baseline, frame.metric.target, frame.metric.window_days) == (120, 300, 30)
    assert frame.metric.source == "Amplitude"


def test_a_solution_section_does_not_leak_into_the_problem() -> None:
    frame = parse_ticket("## Problem\nExports time out.\n\n## Proposed solution\nStream them.\n")
    assert frame.problem == "Exports time out."


def test_text_before_any_heading_is_the_problem_when_none_is_named() -> None:
    frame = parse_ticket(f"Exports time out for big accounts.\n\n## Evidence\n{EVIDENCE}\n")
    assert frame.problem == "Exports time out for big accounts."


def test_a_named_problem_wins_over_background() -> None:
    frame = parse_ticket("## Background\nWe ship exports.\n\n## Problem\nExports time out.\n")
    assert frame.problem == "Exports time out."


def test_deeper_unknown_headings_stay_inside_their_section() -> None:
    body = "## Problem\nExports time out.\n### Details\nAbove 10k rows.\n## Evidence\n" + EVIDENCE
    frame = parse_ticket(body)
    assert frame.problem == "Exports time out.\n### Details\nAbove 10k rows."


def test_labels_inside_running_text_and_bullets_are_not_headings() -> None:
    body = "## Problem\nExports time out.\n- Evidence: none yet, see below\nNote: big accounts only\n"
    parts = pick_parts(split_sections(body))
    assert set(parts) == {"problem"}


def test_a_bold_customer_name_is_not_a_heading() -> None:
    body = f"## Evidence\n**Acme Corp**\n{EVIDENCE}\n**Globex:** said the same\n"
    parts = pick_parts(split_sections(body))
    assert set(parts) == {"evidence"}


def test_hash_references_are_not_headings() -> None:
    parts = pick_parts(split_sections("## Problem\nExports time out.\n#123 is related\n"))
    assert parts["problem"] == "Exports time out.\n#123 is related"


def test_html_comments_from_templates_are_ignored() -> None:
    frame = parse_ticket("<!-- Describe the problem below -->\n## Problem\n<!-- who has it? -->\nExports time out.\n")
    assert frame.problem == "Exports time out."


def test_crlf_line_endings_and_emoji_headings() -> None:
    frame = parse_ticket(f"## 🚨 Problem\r\nExports time out.\r\n## 🧾 Evidence\r\n{EVIDENCE}\r\n")
    assert frame.problem == "Exports time out."
    assert len(frame.evidence) == 1


def test_freeform_fixture_reads_every_part() -> None:
    frame = parse_ticket((TICKETS / "freeform_markdown.md").read_text())
    assert frame.problem is not None and frame.problem.startswith("Finance admins")
    assert "Stream exports" not in frame.problem
    assert [item.customer for item in frame.evidence] == ["Acme Corp", "Globex", "Initech", None]
    assert frame.evidence[0].quote == "We lose half a day every Monday rebuilding the board pack."
    assert frame.evidence[3].kind is EvidenceKind.CHAT
    assert frame.metric is not None
    assert (frame.metric.name, frame.metric.baseline, frame.metric.target) == ("p95 export time", 40, 5)
    assert frame.metric.source == "Grafana: export_duration_seconds p95"
    # 'Several customers mentioned it in the #exports Slack channel': thin, and the note says what would make it more.
    assert [f.code for f in frame.findings] == ["evidence.no_source"]
    assert "names none and links nothing" in frame.findings[0].message


def test_bold_labels_fixture() -> None:
    frame = parse_ticket((TICKETS / "bold_labels.md").read_text())
    assert [item.customer for item in frame.evidence] == ["Umbrella Health", "Wayne Enterprises", None]
    assert [item.kind for item in frame.evidence] == [EvidenceKind.SUPPORT_TICKET, EvidenceKind.CRM,
                                                      EvidenceKind.SURVEY]
    assert frame.metric is not None
    assert (frame.metric.baseline, frame.metric.target, frame.metric.window_days) == (11, 7, 42)
    assert frame.complete


def test_inline_labels_fixture() -> None:
    frame = parse_ticket((TICKETS / "inline_labels.md").read_text())
    assert frame.problem is not None and frame.problem.startswith("Admins cannot find")
    assert [item.customer for item in frame.evidence] == ["Hooli", "Pied Piper"]
    assert frame.evidence[1].quote == "We gave up and emailed support."
    assert frame.metric is not None
    assert frame.metric.source == "Zendesk tag api-keys"
    assert frame.complete


def test_who_is_affected_is_not_evidence() -> None:
    frame = parse_ticket(f"## Problem\nExports time out.\n## Who is affected?\nFinance admins\n## Evidence\n{EVIDENCE}")
    assert frame.problem == "Exports time out."
    assert [item.customer for item in frame.evidence] == ["Acme"]


def test_today_resolves_dates_written_without_a_year() -> None:
    body = "## Evidence\n- Acme — https://acme.zendesk.com/agent/tickets/1 — 3 March\n"
    assert parse_ticket(body, today=dt.date(2026, 11, 29)).evidence[0].date == dt.date(2026, 3, 3)
    assert parse_ticket(body, today=dt.date(2026, 1, 10)).evidence[0].date == dt.date(2025, 3, 3)
    assert parse_ticket(body).evidence[0].date is None


def test_a_customer_and_source_field_is_evidence_not_the_metrics_data_source() -> None:
    frame = parse_ticket("### Describe the bug\n\nVAT is rounded per line, so invoices do not match the ledger.\n\n"
                         "### Customer / source\n\nReported by Quillon & Hart Ltd — Zendesk "
                         "[#60412](https://example.zendesk.com/agent/tickets/60412)\n", today=dt.date(2026, 12, 1))

    assert [(item.customer, item.kind) for item in frame.evidence] == [("Quillon & Hart Ltd",
                                                                        EvidenceKind.SUPPORT_TICKET)]
