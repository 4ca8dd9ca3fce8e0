"""Every checklist message, on a feature request and on a bug report: it quotes the ticket and fits its kind."""

from __future__ import annotations

import datetime as dt

import pytest

from problemframe.model import ProblemFrame
from problemframe.parse import parse_ticket

TODAY = dt.date(2026, 12, 1)
PROBLEM = "Finance admins at Acme re-run CSV exports that time out, losing three hours every Monday."
BUG_PROBLEM = "Since 2.14 the CSV export times out for finance admins, so they rebuild the report by hand."
EVIDENCE = "- Acme Corp — https://acme.zendesk.com/agent/tickets/4512"
METRIC = "Weekly failed exports from 40 to 5 within 30 days (source: Datadog exports.failed)"


def body(problem: str | None = PROBLEM, evidence: str | None = EVIDENCE, metric: str | None = METRIC) -> str:
    parts = [("Problem statement", problem), ("Customer evidence", evidence), ("Success metric", metric)]
    return "\n\n".join(f"### {label}\n\n{text}" for label, text in parts if text is not None)


def judge(text: str, *, bug: bool) -> ProblemFrame:
    return parse_ticket(text, today=TODAY, labels={"bug"} if bug else set())


def messages(frame: ProblemFrame, code: str) -> list[str]:
    return [finding.message for finding in frame.findings if finding.code == code]


@pytest.mark.parametrize("bug", [False, True], ids=["feature", "bug"])
def test_a_missing_problem_asks_for_one_in_the_tickets_terms(bug: bool) -> None:
    frame = judge(body(problem=None), bug=bug)
    [message] = messages(frame, "problem.missing")
    if bug:
        assert "what breaks and who it affects" in message and "Since 2.14" in message
    else:
        assert "**Problem statement**" in message and "not the solution" in message


@pytest.mark.parametrize("bug", [False, True], ids=["feature", "bug"])
def test_template_help_left_in_place_is_quoted_back(bug: bool) -> None:
    frame = judge(body(problem="A clear and concise description of what the problem is. Ex. I'm always frustrated "
                               "when [...]"), bug=bug)
    [message] = messages(frame, "problem.placeholder")
    assert "A clear and concise" in message
    assert ("bug description" in message) is bug


@pytest.mark.parametrize("bug", [False, True], ids=["feature", "bug"])
def test_a_short_problem_is_quoted(bug: bool) -> None:
    frame = judge(body(problem="Exports broken"), bug=bug)
    [message] = messages(frame, "problem.too_short")
    assert "'Exports broken'" in message


@pytest.mark.parametrize(
    ("problem", "vague"),
    [
        ("doesnt work after update\n\n1. install\n2. run", True),
        ("The app is broken since the last update.", True),
        ("Export fails with `TimeoutError` for reports over 10k rows.", False),
        ("The Save button does not work on the invoice screen.", False),
    ],
)
def test_a_bug_that_fits_any_bug_asks_what_happens(problem: str, vague: bool) -> None:
    found = messages(judge(body(problem=problem), bug=True), "problem.vague")
    assert bool(found) is vague
    if vague:
        assert "does not say what happens" in found[0] and "Since 2.14" in found[0]


@pytest.mark.parametrize("bug", [False, True], ids=["feature", "bug"])
def test_a_solution_is_flagged_on_features_only(bug: bool) -> None:
    frame = judge(body(problem="Add a retry button to the export page."), bug=bug)
    found = messages(frame, "problem.solution_only")
    if bug:
        assert found == [] and "problem" not in frame.missing
    else:
        [message] = found
        assert "'Add a retry button to the export page.'" in message and "keep the solution for the design" in message


def test_untitled_wish_is_not_a_problem_statement() -> None:
    frame = judge("Would be nice to support TOML for the config file as well.", bug=False)
    [message] = messages(frame, "problem.not_stated")
    assert "'Would be nice to support TOML" in message and "what problem it solves" in message


@pytest.mark.parametrize("bug", [False, True], ids=["feature", "bug"])
def test_missing_evidence_fits_the_kind(bug: bool) -> None:
    frame = judge(body(evidence=None), bug=bug)
    [message] = messages(frame, "evidence.missing")
    if bug:
        assert "**who is affected**" in message and "how many reports" in message
        assert "evidence" not in frame.missing
    else:
        assert "**Customer evidence**" in message and "evidence" in frame.missing


@pytest.mark.parametrize("bug", [False, True], ids=["feature", "bug"])
def test_evidence_placeholder_is_quoted(bug: bool) -> None:
    frame = judge(body(evidence="TBD"), bug=bug)
    [message] = messages(frame, "evidence.placeholder")
    assert "'TBD'" in message


@pytest.mark.parametrize("bug", [False, True], ids=["feature", "bug"])
def test_opinion_alone_is_called_opinion(bug: bool) -> None:
    frame = judge(body(evidence="- I think users want this"), bug=bug)
    [message] = messages(frame, "evidence.internal_only")
    assert "internal opinion only" in message


@pytest.mark.parametrize("bug", [False, True], ids=["feature", "bug"])
def test_an_item_without_a_source_is_quoted(bug: bool) -> None:
    frame = judge(body(evidence="- see the forum thread"), bug=bug)
    [message] = messages(frame, "evidence.unattributed")
    assert "'see the forum thread'" in message and "no customer" in message


@pytest.mark.parametrize("bug", [False, True], ids=["feature", "bug"])
def test_customers_asking_unnamed_is_quoted_and_asked_for_names(bug: bool) -> None:
    frame = judge(body(evidence="- customers keep mentioning it"), bug=bug)
    [message] = messages(frame, "evidence.no_source")
    assert "'customers keep mentioning it'" in message and "name them" in message


@pytest.mark.parametrize("bug", [False, True], ids=["feature", "bug"])
def test_a_named_customer_without_a_source_is_named(bug: bool) -> None:
    frame = judge(body(evidence="- Wexford Analytics\n- Acme Corp — https://acme.zendesk.com/agent/tickets/4512"),
                  bug=bug)
    [message] = messages(frame, "evidence.no_source")
    assert message.startswith("**Wexford Analytics** is named but not where they said it")


def test_a_bug_report_is_never_asked_for_a_metric() -> None:
    frame = judge(body(metric=None), bug=True)
    assert frame.complete
    assert not [finding for finding in frame.findings if finding.field == "metric"]


@pytest.mark.parametrize(
    ("metric", "code", "quoted"),
    [
        (None, "metric.missing", "**Success metric**"),
        ("TBD", "metric.placeholder", "placeholder"),
        ("More people use exports", "metric.no_numbers", "'More people use exports'"),
        ("Weekly failed exports to 5 within 30 days", "metric.no_baseline", "**Baseline**"),
        ("Weekly failed exports from 40 to 40 within 30 days", "metric.target_equals_baseline", "(40)"),
        ("Weekly failed exports from 40 to 5", "metric.no_window", "**Measurement window**"),
        ("Happy finance admins: baseline 0 % → target 100 %", "metric.whole_way", "from 0 to 100"),
    ],
)
def test_metric_messages_on_a_feature(metric: str | None, code: str, quoted: str) -> None:
    frame = judge(body(metric=metric), bug=False)
    [message] = messages(frame, code)
    assert quoted in message


def test_metric_messages_on_a_bug_that_states_one_only_advise() -> None:
    frame = judge(body(problem=BUG_PROBLEM, metric="Weekly failed exports from 40 to 5"), bug=True)
    assert frame.complete
    assert {finding.severity.value for finding in frame.findings if finding.field == "metric"} == {"warning"}


def test_a_bug_whose_metric_only_says_done_is_not_lectured() -> None:
    frame = judge(body(problem=BUG_PROBLEM, metric="baseline 0 → target 100"), bug=True)
    assert frame.complete
    assert not [finding for finding in frame.findings if finding.field == "metric"]


@pytest.mark.parametrize("bug", [False, True], ids=["feature", "bug"])
def test_a_users_own_report_that_does_not_say_who_they_are_with_asks_for_it(bug: bool) -> None:
    report = ("I have been using Ledgerly for my shop's books for two years and since the update my saved "
              "reports are gone. I rebuilt them twice and I lost them again. Thanks for the app!")
    frame = judge(report, bug=bug)
    [message] = messages(frame, "evidence.no_source")
    assert "one user's own report" in message and "which customer or organisation" in message
    assert "evidence" not in frame.missing


def test_a_bugs_done_when_without_numbers_is_not_advised_on() -> None:
    text = (f"### What happened\n\n{BUG_PROBLEM}\n\n### Done when\n\nAll supported printers print Turkish "
            "characters with the default settings; a regression test is added.\n")
    frame = judge(text, bug=True)

    assert frame.metric is None
    assert not any(finding.field == "metric" for finding in frame.findings)


ROUTINE = ("*Issue type:* Task\n*Release manager:* Mei Tanaka\n\nh2. Before code freeze\n"
           "# (/) All 4.9 tickets merged\n# (x) Regression suite green on Android 14\n")


def test_routine_work_is_told_which_label_has_the_service_leave_it_alone() -> None:
    from problemframe.policy import Framing

    default = parse_ticket(ROUTINE, today=TODAY)
    own = parse_ticket(ROUTINE, today=TODAY, framing=Framing(skip_labels=frozenset({"wontfix", "release"})))
    none = parse_ticket(ROUTINE, today=TODAY, framing=Framing(skip_labels=frozenset()))

    assert "routine work" in messages(default, "problem.not_stated")[0]
    assert "add the 'chore' label" in messages(default, "problem.not_stated")[0]
    assert "add the 'release' label" in messages(own, "problem.not_stated")[0]
    assert "routine work" not in messages(none, "problem.not_stated")[0]
