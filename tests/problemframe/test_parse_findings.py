"""Every finding: its code, its severity, and a message that says what to write."""

from __future__ import annotations

import pytest

from problemframe.model import ProblemFrame, Severity
from problemframe.parse import parse_ticket
from problemframe.policy import Framing

PROBLEM = "Finance admins cannot export more than 10k rows, so they rebuild reports by hand every week."
EVIDENCE = "- **Acme** — https://acme.zendesk.com/agent/tickets/1 — $120k ARR"
METRIC = "weekly active exporters from 120 to 300 within 30 days. Source: Amplitude"


def body(problem: str = PROBLEM, evidence: str = EVIDENCE, metric: str = METRIC) -> str:
    return f"## Problem\n{problem}\n\n## Evidence\n{evidence}\n\n## Success metric\n{metric}\n"


def codes(frame: ProblemFrame) -> list[tuple[str, Severity]]:
    return [(finding.code, finding.severity) for finding in frame.findings]


E, W = Severity.ERROR, Severity.WARNING


def test_a_complete_ticket_has_no_findings() -> None:
    frame = parse_ticket(body())
    assert frame.findings == []
    assert frame.complete


def test_empty_body_misses_all_three_parts() -> None:
    frame = parse_ticket("")
    assert codes(frame) == [("problem.missing", E), ("evidence.missing", E), ("metric.missing", E)]
    assert frame.missing == ["problem", "evidence", "metric"]
    assert "**Success metric**" in frame.findings[2].message
    assert "from 120 to 300" in frame.findings[2].message


@pytest.mark.parametrize(
    "placeholder",
    ["TBD", "todo", "N/A", "-", "?", "...", "Describe the problem here", "<problem>", "TBD - will add after the call",
     "[describe the problem]", "TBD — will fill in once we have talked to the pilot schools.",
     "One paragraph explanation of the feature.",
     "_Who is stuck today, and what can they not do once this ships? Why would they care?_"],
)
def test_problem_placeholders(placeholder: str) -> None:
    frame = parse_ticket(body(problem=placeholder))
    assert codes(frame) == [("problem.placeholder", E)]
    assert frame.problem is None


@pytest.mark.parametrize(
    "problem",
    ["Add a button to export all reports", "Implement SSO for the admin console", "Build a Salesforce sync",
     "We should support CSV imports.", "Please add dark mode"],
)
def test_solution_only_problem_is_no_problem_statement(problem: str) -> None:
    frame = parse_ticket(body(problem=problem))
    assert codes(frame) == [("problem.solution_only", E)]
    assert frame.missing == ["problem"]


@pytest.mark.parametrize("problem", ["hi", "Exports broken", "Exports are slow.", "**Slow** exports!"])
def test_a_problem_under_four_words_is_too_short(problem: str) -> None:
    frame = parse_ticket(body(problem=problem))
    assert codes(frame) == [("problem.too_short", E)]
    assert frame.missing == ["problem"] and frame.problem is not None
    message = frame.findings[0].message
    assert "**Problem statement**" in message and "who has the problem and what it costs them" in message


def test_who_is_affected_counts_towards_a_short_problem() -> None:
    framed = body(problem="Exports time out.\n\n### Who is affected?\nFinance admins at Acme")
    assert "problem.too_short" not in [code for code, _ in codes(parse_ticket(framed))]
    assert codes(parse_ticket(body(problem="Finance exports time out"))) == []

@pytest.mark.parametrize(
    "problem",
    ["Add a button: admins can't export more than 10k rows and lose 3 hours a week",
     "Implement SSO because IT teams are blocked from rolling us out"],
)
def test_a_solution_that_names_the_pain_is_fine(problem: str) -> None:
    assert parse_ticket(body(problem=problem)).findings == []


def test_solution_with_a_who_section_is_fine() -> None:
    frame = parse_ticket(body(problem="Add bulk export") + "\n## Who is affected?\nFinance admins at 40 accounts")
    assert frame.findings == []


@pytest.mark.parametrize("evidence", ["TBD", "- TBD\n- ?", "One per line: customer, link, ARR, date, quote."])
def test_evidence_placeholders(evidence: str) -> None:
    frame = parse_ticket(body(evidence=evidence))
    assert codes(frame) == [("evidence.placeholder", E)]
    assert frame.evidence == []


def test_unattributed_items_warn_one_by_one() -> None:
    frame = parse_ticket(body(evidence=EVIDENCE + "\n- lots of people want this\n- see the forum thread"))
    assert codes(frame) == [("evidence.no_source", W), ("evidence.unattributed", W)]
    assert "lots of people want this" in frame.findings[0].message
    assert "see the forum thread" in frame.findings[1].message


def test_people_asking_with_no_one_named_are_thin_evidence_with_a_note() -> None:
    frame = parse_ticket(body(evidence="- lots of people want this\n- sales says it's the top ask"))
    assert codes(frame) == [("evidence.no_source", W)]
    assert "names none and links nothing" in frame.findings[0].message


def test_no_attributed_item_at_all_is_an_error() -> None:
    frame = parse_ticket(body(evidence="- see the forum thread\n- sales says it's the top ask"))
    assert codes(frame) == [("evidence.unattributed", E)]


def test_internal_opinion_only_is_an_error() -> None:
    frame = parse_ticket(body(evidence="- I think users want this\n- Our team feels exports are slow"))
    assert codes(frame) == [("evidence.internal_only", E)]
    assert "support ticket" in frame.findings[0].message


def test_internal_opinion_beside_real_evidence_is_fine() -> None:
    assert parse_ticket(body(evidence=EVIDENCE + "\n- We believe it helps retention")).findings == []


@pytest.mark.parametrize(
    ("metric", "expected"),
    [
        ("TBD", [("metric.placeholder", E)]),
        ("More people use exports", [("metric.no_numbers", E), ("metric.no_window", E), ("metric.no_source", W)]),
        ("Keep p95 export time under 5s within 30 days. Source: Grafana", [("metric.no_baseline", E)]),
        ("Exports (currently 120) within 30 days. Source: Amplitude", [("metric.no_target", E)]),
        ("exports from 120 to 120 within 30 days. Source: Amplitude", [("metric.target_equals_baseline", E)]),
        ("Increase exports from 300 to 120 within 30 days. Source: Amplitude", [("metric.wrong_direction", E)]),
        ("Reduce export time from 5s to 40s within 30 days. Source: Grafana", [("metric.wrong_direction", E)]),
        ("exports from 120 to 300. Source: Amplitude", [("metric.no_window", E)]),
        ("exports from 120 to 300 within 30 days", [("metric.no_source", W)]),
    ],
)
def test_metric_findings(metric: str, expected: list[tuple[str, Severity]]) -> None:
    assert codes(parse_ticket(body(metric=metric))) == expected


def test_wrong_direction_message_names_both_numbers() -> None:
    frame = parse_ticket(body(metric="Increase exports from 300 to 120 within 30 days. Source: Amplitude"))
    assert "should increase" in frame.findings[0].message
    assert "(120)" in frame.findings[0].message and "(300)" in frame.findings[0].message


def test_form_placeholders_in_baseline_and_target() -> None:
    form = body(metric="exports") + "\n## Baseline\nTBD\n## Target\n300\n## Measurement window\n30 days\n"
    assert [code for code, _ in codes(parse_ticket(form))] == ["metric.no_baseline", "metric.no_source"]


def test_parts_not_required_give_no_missing_and_only_warnings() -> None:
    framing = Framing(required=frozenset({"problem"}))
    assert parse_ticket(f"## Problem\n{PROBLEM}", framing=framing).findings == []
    frame = parse_ticket(body(metric="More people use exports"), framing=framing)
    assert {finding.severity for finding in frame.findings} == {W}
    assert frame.complete


def test_required_parts_follow_the_policy() -> None:
    framing = Framing(required=frozenset({"problem", "evidence"}))
    frame = parse_ticket(f"## Problem\n{PROBLEM}", framing=framing)
    assert codes(frame) == [("evidence.missing", E)]


def test_every_message_says_what_to_write() -> None:
    frame = parse_ticket(body(problem="TBD", evidence="- I think so", metric="Exports matter"))
    for finding in frame.findings:
        assert finding.message.rstrip().endswith((".", "'"))
        assert any(word in finding.message for word in ("Add", "Replace", "Say", "Set", "Fix", "List"))


def test_a_hint_left_in_the_metric_name_is_a_placeholder_even_with_numbers() -> None:
    form = (
        "### Problem statement\n\nExports time out for finance admins.\n\n### Customer evidence\n\n"
        f"{EVIDENCE}\n\n### Success metric\n\ne.g. weekly active exporters\n\n### Baseline\n\n120\n\n"
        "### Target\n\n300\n\n### Measurement window\n\n30 days\n\n### Data source\n\nAmplitude\n"
    )
    assert codes(parse_ticket(form)) == [("metric.placeholder", E)]


def test_a_metric_without_a_name_is_a_warning() -> None:
    frame = parse_ticket(body(metric="35/month -> 10/month, measured 6 weeks after launch. Source: Zendesk"))
    assert codes(frame) == [("metric.no_name", W)]


@pytest.mark.parametrize("steps", ["Steps to reproduce the behaviour:", "How can we reproduce it?\n1. Run '...'"])
def test_a_junk_bug_with_the_templates_own_steps_is_vague(steps: str) -> None:
    frame = parse_ticket(f"**Describe the bug**\ndoesnt work\n\n{steps}\n", labels={"bug"})
    assert "problem" in frame.missing


@pytest.mark.parametrize(
    "text",
    [
        "Our wheels still target the old interpreter, so every install on the new laptops fails for a day.",
        "I do most of my reviewing at night and the all-white editor is brutal on the eyes after an hour.",
        "Sales mentioned prospects were surprised the monthly price was higher than the one on the pricing page.",
        "The groomer calendar is blinding when the salon lights are dimmed for nervous dogs. Add a dark theme.",
        "let people add dryer time from their phone instead of walking back to the machine, it takes ages",
    ],
)
def test_untitled_text_that_says_what_hurts_in_other_words_states_a_problem(text: str) -> None:
    frame = parse_ticket(f"{text}\n\n- [ ] do the thing\n")

    assert not any(finding.code.startswith("problem.") for finding in frame.findings)
