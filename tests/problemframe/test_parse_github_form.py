"""The project's GitHub issue form: its exact headings, `_No response_`, hint texts and fenced code."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from problemframe.model import Direction, EvidenceKind, Money
from problemframe.parse import parse_ticket

ROOT = Path(__file__).parents[2]
TICKETS = ROOT / "tests" / "fixtures" / "tickets"


def test_complete_example_is_complete() -> None:
    frame = parse_ticket((ROOT / "examples" / "complete.md").read_text())
    assert frame.findings == []
    assert frame.problem is not None and frame.problem.startswith("Finance admins at mid-market customers")
    acme, globex, initech, umbrella = frame.evidence
    assert (acme.customer, acme.kind, acme.arr, acme.date) == (
        "Acme Corp", EvidenceKind.SUPPORT_TICKET, Money(amount=120_000), dt.date(2026, 3, 12))
    assert acme.quote == "We lose half a day every Monday rebuilding the board pack."
    assert (globex.kind, globex.arr) == (EvidenceKind.CALL, Money(amount=96_000, currency="EUR"))
    assert (initech.kind, initech.arr) == (EvidenceKind.CRM, Money(amount=95_000, currency="GBP"))
    assert umbrella.kind is EvidenceKind.SUPPORT_TICKET
    metric = frame.metric
    assert metric is not None
    assert (metric.name, metric.baseline, metric.target) == ("weekly active exporters", 120, 300)
    assert (metric.direction, metric.window_days) == (Direction.INCREASE, 30)
    assert metric.source == "prometheus prod: sum(increase(export_jobs_succeeded_total[7d]))"


def test_incomplete_example_says_what_is_wrong() -> None:
    frame = parse_ticket((ROOT / "examples" / "incomplete.md").read_text())
    assert [finding.code for finding in frame.findings] == [
        "problem.solution_only", "evidence.internal_only", "metric.no_numbers", "metric.no_window", "metric.no_source"]
    assert frame.missing == ["problem", "evidence", "metric"]


def test_untouched_hint_texts_are_placeholders() -> None:
    frame = parse_ticket((TICKETS / "github_form_placeholders.md").read_text())
    assert [finding.code for finding in frame.findings] == [
        "problem.placeholder", "evidence.placeholder", "metric.placeholder"]


def test_no_response_means_empty() -> None:
    form = "".join(f"### {label}\n\n_No response_\n\n" for label in ("Problem statement", "Customer evidence",
                                                                     "Success metric"))
    frame = parse_ticket(form)
    assert [finding.code for finding in frame.findings] == ["problem.missing", "evidence.missing", "metric.missing"]


def test_headings_inside_fenced_code_are_content() -> None:
    frame = parse_ticket((TICKETS / "github_form_code_block.md").read_text())
    assert frame.problem is not None
    assert "### Success metric" in frame.problem
    assert frame.problem.endswith("about 20 minutes per import.")
    assert frame.metric is not None and frame.metric.name == "failed imports per week"
    assert frame.findings == []


def test_inline_labels_inside_form_fields_are_text() -> None:
    form = "### Problem statement\n\nWhy: exports time out.\nEvidence: none yet\n\n### Customer evidence\n\n- Acme — https://acme.zendesk.com/agent/tickets/1\n"
    frame = parse_ticket(form)
    assert frame.problem == "Why: exports time out.\nEvidence: none yet"
    assert [item.customer for item in frame.evidence] == ["Acme"]


def test_a_sentence_in_the_metric_field_is_read_when_baseline_and_target_are_empty() -> None:
    form = (
        "### Problem statement\n\nExports time out.\n\n### Success metric\n\n"
        "weekly active exporters from 120 to 300 within 30 days\n\n### Baseline\n\n_No response_\n\n"
        "### Target\n\n_No response_\n\n### Data source\n\nAmplitude\n"
    )
    metric = parse_ticket(form).metric
    assert metric is not None
    assert (metric.name, metric.baseline, metric.target, metric.window_days, metric.source) == (
        "weekly active exporters", 120, 300, 30, "Amplitude")
