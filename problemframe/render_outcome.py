"""Outcome results and the sticky comment's outcome section, as GitHub markdown or Jira wiki markup."""

from __future__ import annotations

import datetime as dt

from problemframe.loop import tell_them
from problemframe.numbers import percent
from problemframe.outcome_record import OutcomeRecord
from problemframe.render_markup import Syntax, tracker_syntax
from problemframe.verdict import VerdictResult, fmt, verdict

TEXT_LIMIT = 600
NAME_LIMIT = 200
EARLY_REVIEW = "reviewed before the window ended"

_STATE_TEXT = {
    "framed": "framed: the measurement window starts when the ticket is closed as completed",
    "pending": "shipped, outcome pending",
    "review": "measured, waiting for the outcome review",
    "reviewed": "reviewed",
    "skipped": "closed without an outcome review",
    "closed": "closed without measuring",
}


def syntax_for(record: OutcomeRecord) -> Syntax:
    """Return Jira wiki markup for Jira issues and GitHub markdown otherwise."""
    return tracker_syntax(record.ref.tracker)


def next_step(syntax: Syntax) -> str:
    """Tell people how to finish the outcome review."""
    return (
        f"{syntax.strong('Next:')} a person with write access reviews the outcome by replying"
        f" {syntax.code('/outcome met|partial|missed|inconclusive [note]')}, or"
        f" {syntax.code('/outcome skip <reason>')} to close without a review. A different value can be recorded"
        f" first with {syntax.code('/measure <number> [note]')}."
    )


def waiting_step(syntax: Syntax, *, due: dt.datetime) -> str:
    """Tell people what happens while the measurement window is open."""
    return (
        f"{syntax.strong('Next:')} on {_date(due)} the service measures the metric and posts the results here;"
        f" then a person with write access reviews them with {syntax.code('/outcome met|partial|missed|inconclusive')}."
        f" {syntax.code('/measure <number> [note]')} records progress until then;"
        f" {syntax.code('/outcome met|partial|missed|inconclusive [note]')} now records an early review;"
        f" {syntax.code('/outcome skip <reason>')} closes without a review."
    )


def asking_step(syntax: Syntax) -> str:
    """Ask for the value of a manual metric once its window has ended."""
    return (
        f"{syntax.strong('Next:')} a person with write access replies {syntax.code('/measure <number> [note]')}"
        " with the value at the window's end, and the results are posted at once; or"
        f" {syntax.code('/outcome inconclusive [note]')} if it cannot be measured."
    )


def _when(value: dt.datetime | None) -> str:
    return "n/a" if value is None else value.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


def _date(value: dt.datetime | None) -> str:
    return "n/a" if value is None else value.astimezone(dt.UTC).strftime("%Y-%m-%d")


def render_results(record: OutcomeRecord, result: VerdictResult, *, measured_how: str) -> str:
    """Render the results comment: baseline, target, observed, change, suggested verdict, how, and what next."""
    syntax = syntax_for(record)

    def text(value: str, limit: int = TEXT_LIMIT) -> str:
        return syntax.escape(value, limit)

    metric = record.metric
    unit = metric.unit
    latest = record.measurements[-1] if record.measurements else None
    observed = record.latest_value()
    if result.change_pct is not None:
        change = f"{result.change_pct:+.1f}%"
    elif observed is not None and metric.baseline == 0:
        change = "undefined (the baseline is 0)"
    else:
        change = "n/a"
    direction = metric.direction.value if metric.direction is not None else "direction not stated"
    rows = [
        ("Baseline", text(fmt(metric.baseline, unit))),
        ("Target", f"{text(fmt(metric.target, unit))} ({direction})"),
        ("Observed", text(fmt(observed, unit))),
        ("Change from baseline", change),
    ]
    if result.progress_share is not None:
        rows.append(("Share of the way to the target", percent(result.progress_share)))
    lines = [f"{syntax.heading}Outcome results: {text(metric.name or 'success metric', NAME_LIMIT)}", ""]
    lines += [f"{syntax.bullet(0)}{syntax.strong(label + ':')} {value}" for label, value in rows]
    lines += [
        "",
        f"{syntax.strong(f'Suggested verdict: {result.verdict.value}.')} {text(result.explanation)}",
        "",
        f"Measured as of {_when(latest.measured_at if latest else None)} from {text(measured_how)}.",
    ]
    if latest is not None and latest.value is None and latest.note and latest.note not in result.explanation:
        lines.append(f"The measurement failed: {text(latest.note)}")
    if record.shipped_at is not None:
        # A `/measure` may come before the window's end; the comment must not claim the window is over.
        early = latest is not None and record.due_at is not None and latest.measured_at < record.due_at
        tense = "ends" if early else "ended"
        lines.append(f"Shipped {_date(record.shipped_at)}; the window {tense} {_date(record.due_at)}.")
    lines += ["", next_step(syntax)]
    checklist = tell_them(record.customers, syntax)
    if checklist:
        lines += ["", *checklist]
    return "\n".join(lines)


def render_ask(record: OutcomeRecord) -> str:
    """Render the results comment of a manual metric nobody has measured: it asks for the value."""
    syntax = syntax_for(record)
    metric = record.metric
    unit = metric.unit
    direction = metric.direction.value if metric.direction is not None else "direction not stated"
    lines = [
        f"{syntax.heading}Outcome results: {syntax.escape(metric.name or 'success metric', NAME_LIMIT)}", "",
        f"{syntax.bullet(0)}{syntax.strong('Baseline:')} {syntax.escape(fmt(metric.baseline, unit), NAME_LIMIT)}",
        f"{syntax.bullet(0)}{syntax.strong('Target:')} {syntax.escape(fmt(metric.target, unit), NAME_LIMIT)}"
        f" ({direction})",
        f"{syntax.bullet(0)}{syntax.strong('Observed:')} n/a",
        "",
        f"The measurement window ended {_date(record.due_at)} and no value was recorded with"
        f" {syntax.code('/measure')}, so there is nothing to judge yet.",
        "",
        asking_step(syntax),
    ]
    checklist = tell_them(record.customers, syntax)
    if checklist:
        lines += ["", *checklist]
    return "\n".join(lines)


def progress_text(record: OutcomeRecord, syntax: Syntax) -> str | None:
    """Say how far the latest value has come while the window runs, e.g. '27.5 so far, 110% of the way'."""
    latest = record.latest_measurement()
    if latest is None or latest.value is None:
        return None
    # Only the unit is the ticket's own text; escaping the figures would show '27\\.5' in the raw comment.
    unit = record.metric.unit
    shown = fmt(latest.value, unit)
    if unit:
        shown = shown[: len(shown) - len(unit)] + syntax.escape(unit, NAME_LIMIT)
    parts = [f"{shown} so far"]
    share = verdict(record.metric, latest.value, partial_share=1.0).progress_share
    if share is not None and share < 0:
        parts.append("moving away from the target")
    elif share is not None:
        parts.append(f"{percent(share)} of the way")
    parts.append(f"measured {_date(latest.measured_at)}")
    text = ", ".join(parts)
    return f"{text}; final measurement on {_date(record.due_at)}" if record.due_at is not None else text


def measured_how(record: OutcomeRecord) -> str:
    """Describe where the metric will be measured from."""
    source = record.metric.source
    if source and source.strip():
        return source.strip()
    return "manual: a person replies /measure with the observed value"


def render_outcome_section(record: OutcomeRecord) -> str:
    """Render the outcome block of the sticky comment: state, due date, and how it will be measured."""
    syntax = syntax_for(record)
    state = str(record.state)

    def item(label: str, value: str) -> str:
        return f"{syntax.bullet(0)}{syntax.strong(label + ':')} {value}"

    asked = state == "pending" and record.asked_at is not None
    shown_state = "the window has ended, waiting for a measured value" if asked else _STATE_TEXT.get(state, state)
    lines = [f"{syntax.heading}Outcome", "", item("State", shown_state)]
    if record.shipped_at is not None:
        lines.append(item("Shipped", _date(record.shipped_at)))
    if record.due_at is not None:
        lines.append(item("Measurement due", _date(record.due_at)))
    lines.append(item("Measured from", syntax.escape(measured_how(record), TEXT_LIMIT)))
    progress = progress_text(record, syntax) if state == "pending" else None
    observed = record.latest_value()
    if progress is not None:
        lines.append(item("Progress", progress))
    elif observed is not None:
        lines.append(item("Latest value", syntax.escape(fmt(observed, record.metric.unit), NAME_LIMIT)))
    if record.suggested is not None and state == "review":
        lines.append(item("Suggested verdict", record.suggested.value))
    by = f" by {syntax.escape(record.reviewed_by, NAME_LIMIT)}" if record.reviewed_by else ""
    if record.verdict is not None:
        early = f" ({EARLY_REVIEW})" if record.reviewed_early else ""
        lines.append(item("Verdict", f"{record.verdict.value}{by} on {_date(record.reviewed_at)}{early}"))
        if record.review_note:
            lines.append(item("Review note", syntax.escape(record.review_note, TEXT_LIMIT)))
    if record.skip_reason:
        lines.append(item(f"Skipped{by}", syntax.escape(record.skip_reason, TEXT_LIMIT)))
    if asked:
        lines += ["", asking_step(syntax)]
    elif state == "pending" and record.due_at is not None:
        lines += ["", waiting_step(syntax, due=record.due_at)]
    elif state in {"pending", "review"}:
        lines += ["", next_step(syntax)]
    return "\n".join(lines)
