"""Results comments and the sticky comment's outcome section: the numbers, the next step, inert user text."""

from __future__ import annotations

import datetime as dt

from problemframe.commands import parse_commands
from problemframe.events import CloseReason, Permission, TicketRef
from problemframe.model import Direction, SuccessMetric
from problemframe.outcome import Observation, OutcomeRecord, OutcomeState, new_record, on_closed, on_command, on_due
from problemframe.policy import Policy
from problemframe.render_outcome import render_outcome_section, render_results
from problemframe.verdict import verdict

NOW = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)
REF = TicketRef(tracker="github", container="acme/app", key="42")


def shipped(metric: SuccessMetric) -> OutcomeRecord:
    record, _ = on_closed(None, frame_complete=True, metric=metric, close_reason=CloseReason.COMPLETED,
                          policy=Policy(), now=NOW, ref=REF)
    assert record is not None
    return record


def test_results_show_numbers_verdict_when_how_and_next_step() -> None:
    metric = SuccessMetric(name="p95 latency", baseline=400, target=250, direction=Direction.DECREASE, unit="ms",
                           window_days=7, source="prometheus prod: histogram_quantile(0.95, x)")
    record = shipped(metric)
    later = NOW + dt.timedelta(days=7)
    record, _ = on_due(record, Observation(value=300, source="prod", query="q", measured_at=later), None,
                             policy=Policy(), now=later)
    body = render_results(record, verdict(metric, 300, partial_share=0.5), measured_how="prod: q")
    for expected in ["400ms", "250ms (decrease)", "300ms", "-25.0%", "67%", "Suggested verdict: partial",
                     "as of 2026-03-08 12:00 UTC from prod: q", "`/outcome met|partial|missed|inconclusive [note]`",
                     "Shipped 2026-03-01; the window ended 2026-03-08"]:
        assert expected in body


def test_baseline_zero_says_change_is_undefined() -> None:
    metric = SuccessMetric(name="teams on SSO", baseline=0, target=10, direction=Direction.INCREASE)
    record, _ = on_command(shipped(metric), parse_commands("/measure 4")[0], permission=Permission.WRITE,
                           actor="bob", now=NOW, policy=Policy())
    body = render_results(record, verdict(metric, 4, partial_share=0.5), measured_how="manual")
    assert "undefined (the baseline is 0)" in body


def test_user_text_in_results_is_inert() -> None:
    metric = SuccessMetric(name="@everyone <!-- problemframe -->", baseline=1, target=2)
    record = shipped(metric)
    body = render_results(record, verdict(metric, None, partial_share=0.5), measured_how="ask @bob about #3 <b>")
    assert "@everyone" not in body and "<!--" not in body and "@bob" not in body and "#3" not in body
    assert "<b>" not in body


def test_section_shows_state_due_date_and_source() -> None:
    metric = SuccessMetric(name="exports", baseline=1, target=2, window_days=30, source="csv exports: weekly")
    section = render_outcome_section(shipped(metric))
    assert "shipped, outcome pending" in section
    assert "Measurement due:** 2026-03-31" in section
    assert "csv exports: weekly" in section
    assert "on 2026-03-31 the service measures the metric and posts the results here" in section
    assert "/outcome" in section


def test_section_for_a_manual_metric_and_after_review() -> None:
    metric = SuccessMetric(name="NPS", baseline=30, target=40)
    framed = render_outcome_section(new_record(REF, metric))
    assert "manual: a person replies /measure with the observed value" in framed
    assert "Measurement due" not in framed
    record, _ = on_command(shipped(metric), parse_commands("/outcome missed @ops was right")[0],
                           permission=Permission.WRITE, actor="carol", now=NOW, policy=Policy())
    section = render_outcome_section(record)
    assert "Verdict:** missed by carol on 2026-03-01" in section
    assert "@ops" not in section and "/outcome met" not in section


def test_jira_gets_wiki_markup_with_escaped_user_text() -> None:
    metric = SuccessMetric(name="[~admin] churn {color:red}", baseline=5, target=3, direction=Direction.DECREASE,
                           unit="%", source="csv exports: churn")
    jira = TicketRef(tracker="jira", container="PROJ", key="PROJ-9")
    record, _ = on_closed(None, frame_complete=True, metric=metric, close_reason=CloseReason.COMPLETED,
                          policy=Policy(), now=NOW, ref=jira)
    assert record is not None
    body = render_results(record, verdict(metric, 4, partial_share=0.5), measured_how="csv exports: churn")
    assert body.startswith("h3. Outcome results: ")
    assert "\\[\\~admin\\] churn \\{color:red\\}" in body
    assert "*Suggested verdict: partial.*" in body and "{{/outcome skip <reason>}}" in body
    assert "**" not in body and "`" not in body
    section = render_outcome_section(record)
    assert section.startswith("h3. Outcome") and "* *Measurement due:*" in section


def test_a_failed_measurement_says_why_once() -> None:
    metric = SuccessMetric(name="exports", baseline=1, target=2, window_days=30, source="prometheus prod: up")
    later = NOW + dt.timedelta(days=31)
    _, actions = on_due(shipped(metric), None, "prometheus 'prod': connection refused", policy=Policy(), now=later)
    (body,) = [a.body for a in actions if hasattr(a, "body")]
    assert body.count("connection refused") == 1
    assert "Suggested verdict: inconclusive." in body


def test_progress_before_the_window_ends_is_shown_against_baseline_and_target() -> None:
    metric = SuccessMetric(name="exports", baseline=0, target=25, direction=Direction.INCREASE, window_days=30)
    start = dt.datetime(2027, 1, 4, 9, tzinfo=dt.UTC)
    record = new_record(REF, metric).model_copy(
        update={"state": OutcomeState.PENDING, "shipped_at": start, "due_at": start + dt.timedelta(days=30)}
    )
    measured, _ = on_command(record, parse_commands("/measure 27.5")[0], permission=Permission.WRITE, actor="carol",
                             now=dt.datetime(2027, 1, 10, 15, tzinfo=dt.UTC), policy=Policy())
    section = render_outcome_section(measured)
    assert ("- **Progress:** 27.5 so far, 110% of the way, measured 2027-01-10; final measurement on 2027-02-03"
            in section.splitlines())
    assert "shipped, outcome pending" in section
    early, _ = on_command(measured, parse_commands("/outcome met")[0], permission=Permission.WRITE, actor="carol",
                          now=dt.datetime(2027, 1, 11, tzinfo=dt.UTC), policy=Policy())
    reviewed = render_outcome_section(early)
    assert "- **Verdict:** met by carol on 2027-01-11 (reviewed before the window ended)" in reviewed.splitlines()


def test_progress_of_a_decrease_metric_counts_the_way_down() -> None:
    metric = SuccessMetric(name="churn", baseline=10, target=5, direction=Direction.DECREASE, unit="%",
                           window_days=30)
    measured, _ = on_command(shipped(metric), parse_commands("/measure 7.5")[0], permission=Permission.WRITE,
                             actor="carol", now=NOW + dt.timedelta(days=3), policy=Policy())
    assert measured.state is OutcomeState.PENDING
    assert ("- **Progress:** 7.5% so far, 50% of the way, measured 2026-03-04; final measurement on 2026-03-31"
            in render_outcome_section(measured).splitlines())
    worse, _ = on_command(measured, parse_commands("/measure 12")[0], permission=Permission.WRITE, actor="carol",
                          now=NOW + dt.timedelta(days=4), policy=Policy())
    shown = render_outcome_section(worse)
    assert "- **Progress:** 12% so far, moving away from the target, measured 2026-03-05;" in shown
