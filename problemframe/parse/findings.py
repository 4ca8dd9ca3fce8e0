"""Judge a parsed frame: each finding names the part, a stable code and what the person should write."""

from __future__ import annotations

import re

from problemframe.checkable import record_number
from problemframe.model import Direction, Evidence, EvidenceKind, Finding, Part, Severity, SuccessMetric
from problemframe.parse.kinds import STORES
from problemframe.parse.metric import MetricNotes
from problemframe.parse.pain import distinct_word_count, says_pain, word_count
from problemframe.parse.text import shorten, without_fenced_code

_SOLUTION = re.compile(
    r"^\W{0,8}(?:(?:we should|we need to|we must|let'?s|please|pls|can we|could we|i want to|i'?d like to"
    r"|i would like to)\s+)?(?:add|implement|build|create|make|allow|enable|introduce|provide|integrate"
    r"|migrate|refactor|support(?!\s+(?:tickets?|agents?|teams?|staff|requests?|cases?|volume|load|costs?)\b)"
    r"|redesign|rewrite|update|change|move|replace|remove|ship|develop|set ?up|switch|upgrade|expose|include"
    r"|display|show|use)\b",
    re.IGNORECASE,
)
# 'Would be nice to support TOML', 'It would be great if …', 'Feature request: …': a wish, not a pain.
_WISH = re.compile(r"^\W{0,8}(?:(?:it )?would be (?:nice|great|cool|awesome|helpful|good)|feature request|request"
                   r"|wish|idea|suggestion|proposal|how about|what about|can you|could you|is it possible)\b",
                   re.IGNORECASE)
# "hi" or "exports broken" says neither who has the problem nor what it costs them.
MIN_PROBLEM_WORDS = 4
_PROBLEM_EXAMPLE = "e.g. 'Finance admins re-run CSV exports that time out, losing about 3 hours a week.'"
_BUG_EXAMPLE = ("e.g. 'Since 2.14, admins at EU customers cannot export invoices over 10k rows: the export times out "
                "and they rebuild the report by hand.'")
_METRIC_EXAMPLE = "e.g. 'weekly active exporters from 120 to 300 within 30 days'"
_EVIDENCE_EXAMPLE = ("e.g. '- Acme Corp — https://acme.zendesk.com/agent/tickets/4512 — $120k ARR — 2026-03-12 — "
                     "\"Exports time out every Monday.\"'")


# 'Bumps x from 1.2 to 1.3', 'Bumps [com.airbnb:lottie](…) from 6.1.0 to 6.4.1', 'chore(deps): bump protobuf-java
# 3.21.12 → 3.25.3', 'Update dependency x to v2', 'This PR bumps …': a dependency to update, whatever it fixes upstream.
_DEPENDENCY_UPDATE = re.compile(
    r"^\W{0,3}(?:this (?:pr|pull request)\s+)?(?:chore\(deps(?:-dev)?\):\s*|build\(deps\):\s*)?(?:bumps?|updates?"
    r"|upgrades?)\s+(?:dependency\s+)?\[?`?[@\w./:-]+`?\]?(?:\([^)\s]*\))?\s+(?:from\s+)?`?v?\d[\w.+-]*`?\s+"
    r"(?:to|→|->)\s+`?v?\d",
    re.IGNORECASE)
_BOT_UPDATE = re.compile(
    _DEPENDENCY_UPDATE.pattern
    + r"|^\W{0,3}(?:chore|build)\(deps(?:-dev)?\):"
    # Renovate's dashboard and pull requests, Dependabot's 'Updates the requirements on …'.
    r"|^\W{0,3}(?:this issue lists renovate updates|this pr contains the following updates"
    r"|updates the requirements on)\b"
    # A release checklist or report a bot files: '_This issue was opened automatically by `release-bot`_'.
    r"|^[\W_]{0,3}this (?:issue|ticket) (?:was|is|has been) (?:opened|created|generated|filed) (?:automatically )?by\b"
    r"|^[\W_]{0,3}(?:opened|created|generated|filed) automatically by\b",
    re.IGNORECASE)
# A tracking issue or a checklist gathers work; what hurts is in the issues it links.
_TRACKING = re.compile(
    r"^[\W_]{0,3}(?:(?:umbrella|tracking|meta|epic) issue (?:for|to track)|release checklist for"
    r"|tracks (?:the )?(?:work|progress|rollout|migration))\b",
    re.IGNORECASE)


# '[![Mend Renovate](…/banner.svg)](https://renovatebot.com)': a bot's banner above its words.
_LEADING_BADGES = re.compile(r"^(?:\s*\[?!\[[^\]\n]*\]\([^)\n]*\)(?:\]\([^)\n]*\))?\s*\n)+")


def _f(field: Part, code: str, message: str, severity: Severity = Severity.ERROR) -> Finding:
    """Return a finding."""
    return Finding(field=field, code=code, message=message, severity=severity)


def is_housekeeping(text: str) -> bool:
    """Return whether a text opens as housekeeping: a dependency update ('Bumps x from 1.2 to 1.3'), a bot-filed
    checklist or a tracking issue ('Umbrella issue for async drivers')."""
    return is_bot_update(text) or _TRACKING.match(text[:300]) is not None


def is_bot_update(text: str) -> bool:
    """Return whether a text opens as a bot's own: a dependency update, Renovate's dashboard, a bot-filed report."""
    return _BOT_UPDATE.match(_LEADING_BADGES.sub("", text[:600])[:300]) is not None


def is_solution_only(problem: str) -> bool:
    """Return whether a problem statement only names something to build, with no word of what hurts.

    A dependency update a bot opened ('Bumps [@tillpoint/node](…) from 14.2.0 to 14.9.1.') is one too, whatever its
    release notes say was fixed.
    """
    if is_housekeeping(problem):
        return True
    return bool(_SOLUTION.match(problem[:200])) and not says_pain(problem[:4000])


def problem_findings(
    problem: str | None, *, placeholder: str | None, who: str | None, stated: bool = True, bug: bool = False,
    routine_label: str | None = None,
) -> list[Finding]:
    """Return what is wrong with the problem statement (`stated` False: untitled text that says no pain).

    `routine_label`: the ticket names routine work (a release checklist, a key rotation, an upgrade), and this skip
    label of the policy would have the service leave it alone.
    """
    if routine_label is not None and not stated and placeholder is None:
        return [_f("problem", "problem.not_stated",
                   "This reads as routine work (a release checklist, a scheduled rotation, an upgrade), not a "
                   f"problem to frame. If it is, add the '{routine_label}' label and problemframe leaves it alone; if "
                   f"not, add a **Problem statement**: who has the problem and what it costs them today, "
                   f"{_PROBLEM_EXAMPLE}")]
    if bug:
        return _bug_problem_findings(problem, placeholder=placeholder)
    if placeholder is not None:
        return [_f("problem", "problem.placeholder",
                   f"The **Problem statement** still holds placeholder text ('{shorten(placeholder, 40)}'). "
                   "Replace it with what hurts, for whom, and what it costs them.")]
    if not problem:
        return [_f("problem", "problem.missing",
                   "Add a **Problem statement**: what hurts, for whom, and what it costs them (not the solution), "
                   f"{_PROBLEM_EXAMPLE}")]
    if word_count(problem, MIN_PROBLEM_WORDS) + word_count(who or "", MIN_PROBLEM_WORDS) < MIN_PROBLEM_WORDS:
        return [_f("problem", "problem.too_short",
                   f"The **Problem statement** is too short ('{shorten(problem, 40)}'). Say who has the problem and "
                   f"what it costs them, {_PROBLEM_EXAMPLE}")]
    if not stated and not who:
        opening = (f"The ticket says what to do ('{shorten(problem, 50)}') but not what problem it solves."
                   if _SOLUTION.match(problem[:200]) or _WISH.match(problem[:200]) else
                   f"The ticket does not say what hurts ('{shorten(problem, 50)}' names no cost to anyone).")
        return [_f("problem", "problem.not_stated",
                   f"{opening} Add a **Problem statement**: who has the problem and what it costs them today, "
                   f"{_PROBLEM_EXAMPLE}")]
    if is_solution_only(problem) and not who:
        return [_f("problem", "problem.solution_only",
                   f"The **Problem statement** describes a solution ('{shorten(problem, 50)}'). Say who has the "
                   "problem and what it costs them today; keep the solution for the design.")]
    return []


def _bug_problem_findings(problem: str | None, *, placeholder: str | None) -> list[Finding]:
    """Return what a bug report lacks: what breaks and for whom (never a lecture on solutions or metrics)."""
    if placeholder is not None:
        return [_f("problem", "problem.placeholder",
                   f"The bug description still holds template text ('{shorten(placeholder, 40)}'). Say what breaks, "
                   f"for whom, and what it costs them, {_BUG_EXAMPLE}")]
    if not problem:
        return [_f("problem", "problem.missing",
                   f"Say what breaks and who it affects (not only the steps to reproduce), {_BUG_EXAMPLE}")]
    if _DEPENDENCY_UPDATE.match(problem[:300]):
        # 'Bumps react-native from 0.72.6 to 0.73.4' quotes the fixes in its release notes; it breaks nothing.
        return [_f("problem", "problem.solution_only",
                   f"'{shorten(problem, 50)}' is an update to make, not a bug: say what breaks and who it affects, "
                   f"{_BUG_EXAMPLE}")]
    if word_count(problem, MIN_PROBLEM_WORDS) < MIN_PROBLEM_WORDS:
        return [_f("problem", "problem.too_short",
                   f"The bug description is too short ('{shorten(problem, 40)}'). Say what breaks, for whom, and what "
                   f"it costs them, {_BUG_EXAMPLE}")]
    described = _STEP.sub(" ", problem).strip()
    # 'FIX THIS NOW' three times over a pasted log: as vague as 'doesnt work', however loud. A report written
    # wholly inside a fence is its writer's prose all the same.
    prose = without_fenced_code(problem)
    if (prose.strip() and distinct_word_count(prose) < MIN_BUG_WORDS) or (
            word_count(described, MAX_VAGUE_BUG_WORDS + 1) <= MAX_VAGUE_BUG_WORDS and _VAGUE_BUG.search(described)
            and not (_SPECIFIC.search(described) or any(word[:1].isupper() for word in described.split()[1:]))):
        return [_f("problem", "problem.vague",
                   f"'{shorten(described, 40)}' does not say what happens. Name the screen or action, what you see "
                   f"(the error message), what you expected, and who hits it, {_BUG_EXAMPLE}")]
    return []


MAX_VAGUE_BUG_WORDS = 8
"""A bug described in this many words or fewer, in words that fit any bug ('doesnt work after update'), says nothing."""
MIN_BUG_WORDS = 5
"""A bug described in fewer different words than this, outside its logs, does not say what happens."""
_STEP = re.compile(r"(?:^|\s)\d{1,2}[.)]\s+[^\n]*?(?=\s\d{1,2}[.)]\s|$)", re.MULTILINE)
_VAGUE_BUG = re.compile(r"\b(?:does\s?n'?t|does not|do not|don'?t|is\s?n'?t|not|wo\s?n'?t|can'?t|cannot)\s+"
                        r"(?:work|working|load|run|start|open)\b|\bbroken\b|\bfails?\b|\bcrash(?:es|ed)?\b|\berrors?\b|\bbug\b",
                        re.IGNORECASE)
_SPECIFIC = re.compile(r"\d{2,}|`|\"|“|'[^']{3,}'|\b[A-Z][a-z]+[A-Z]\w*|\w+(?:Error|Exception)\b")


def evidence_findings(items: list[Evidence], *, placeholder: str | None, bug: bool = False,
                      link_only: str | None = None) -> list[Finding]:
    """Return what is wrong with the customer evidence, naming the customers and links the ticket gives.

    `link_only` is the link a ticket holds and nothing else: what it shows, and of whom, is not said.
    """
    if link_only is not None:
        return [_f("evidence", "evidence.unattributed",
                   f"The ticket is only a link ({shorten(link_only, 60)}): say who hit the problem or asked, and "
                   f"what they said, {_EVIDENCE_EXAMPLE}.")]
    if not items and bug and placeholder is None:
        return [_f("evidence", "evidence.missing",
                   "Say **who is affected**: the customers or users who hit this, with a link to their support "
                   "ticket or how many reports came in, e.g. '- Wexford Analytics — https://wexford.zendesk.com/agent/"
                   "tickets/4512 — 3 admins blocked since 2.14'.")]
    if not items:
        if placeholder is not None:
            return [_f("evidence", "evidence.placeholder",
                       f"The **Customer evidence** still holds placeholder text ('{shorten(placeholder, 40)}'). "
                       "List real evidence, one item per line: customer, link, ARR, date, quote, "
                       f"{_EVIDENCE_EXAMPLE}.")]
        return [_f("evidence", "evidence.missing",
                   "Add **Customer evidence**, one item per line: customer, link to the source (support ticket, "
                   f"call, CRM note), ARR, date, quote, {_EVIDENCE_EXAMPLE}.")]
    if all(item.kind is EvidenceKind.INTERNAL for item in items):
        return [_f("evidence", "evidence.internal_only",
                   "The evidence is internal opinion only. Add what customers said or did: a support ticket, call, "
                   "CRM note, survey or usage data, with the customer's name or a link.")]
    findings: list[Finding] = []
    external = [item for item in items if item.kind is not EvidenceKind.INTERNAL]
    # A quote from a store review or a survey says where it was said, if not by whom.
    if not any(item.customer or item.url or item.count or item.kind is EvidenceKind.FIRST_HAND or record_number(item)
               or item.quote for item in external):
        first = shorten(external[0].text, 50) if external and external[0].text else None
        what = f"'{first}' names" if first else "No evidence item names"
        findings.append(_f("evidence", "evidence.unattributed",
                           f"{what} no customer, links no source and gives no figure. Say who said it and link "
                           f"where (a support ticket, call recording or CRM note), {_EVIDENCE_EXAMPLE}."))
        return findings
    # 'Organizations: Torvik Marine' and 'Linked request: SUP-4411' on separate rows: the source is on the ticket.
    sourced = any((item.url or record_number(item)) and not item.customer for item in external)
    confirmed = any(item.reports for item in external)
    # A user's own report that others confirm in the thread is not asked for other reports again.
    notes = [note for item in external if (note := _advice(item, sourced=sourced)) is not None
             and not (confirmed and item.kind is EvidenceKind.FIRST_HAND)]
    for code, message in notes[:MAX_ITEM_NOTES]:
        findings.append(_f("evidence", code, message, Severity.WARNING))
    if len(notes) > MAX_ITEM_NOTES:
        findings.append(_f("evidence", "evidence.unattributed",
                           f"{len(notes) - MAX_ITEM_NOTES} more evidence items lack a customer or a source.",
                           Severity.WARNING))
    return findings


MAX_ITEM_NOTES = 3
_SOURCE_FOR_KIND = {
    EvidenceKind.SUPPORT_TICKET: "the support ticket", EvidenceKind.CALL: "the call recording or notes",
    EvidenceKind.CRM: "the CRM note", EvidenceKind.CHAT: "the chat thread", EvidenceKind.SURVEY: "the survey results",
    EvidenceKind.USAGE_DATA: "the dashboard or query", EvidenceKind.INTERVIEW: "the interview notes",
    EvidenceKind.EMAIL: "the email thread",
}
# A store review is a survey's kind of source, but what is missing is the review itself.
_STORE = re.compile(r"\b(?:" + STORES + r"|g2)\b", re.IGNORECASE)


def _advice(item: Evidence, *, sourced: bool) -> tuple[str, str] | None:
    """Return (code, message) for what one evidence item lacks, in the ticket's words; None when it is attributed.

    `sourced`: another line of the ticket links or numbers a source that names no customer of its own.
    """
    if record_number(item):
        return None
    if item.customer and not item.url and item.kind is EvidenceKind.OTHER and not (item.quote or item.arr or sourced):
        return ("evidence.no_source", f"**{item.customer}** is named but not where they said it: add a link to the "
                "support ticket, call recording or CRM note.")
    if item.customer and not item.url and item.kind in _SOURCE_FOR_KIND and not (item.arr or sourced):
        # 'X's office manager told us on the phone': the kind of source is known, where it is kept is not.
        missing = "the review" if item.kind is EvidenceKind.SURVEY and _STORE.search(item.text or "") else (
            _SOURCE_FOR_KIND[item.kind])
        return ("evidence.no_source", f"**{item.customer}** is named but nothing links {missing}: add the link, or "
                "the record's number, so others can look it up.")
    if item.kind is EvidenceKind.FIRST_HAND and not item.customer and not sourced:
        return ("evidence.no_source", "This is one user's own report, thin evidence on its own: say which customer "
                "or organisation they are with, or link their support ticket or other reports of the same problem.")
    if item.quote and not (item.customer or item.url or item.count) and item.kind is EvidenceKind.OTHER:
        return ("evidence.no_source", f"'{shorten(item.quote, 50)}' is quoted with no one's name: say who said it "
                "and link where (their support ticket, call recording or survey answer).")
    if not (item.customer or item.url or item.count or item.quote):
        return ("evidence.unattributed", f"'{shorten(item.text, 50)}' names no customer and links no source: add "
                "the customer's name or a link to the ticket, call or CRM note.")
    if item.count == 1 and not (item.customer or item.url or item.quote) and not any(ch.isdigit() for ch in item.text):
        # 'A customer called our support asking …': one party, passed on with no name.
        return ("evidence.no_source", f"'{shorten(item.text, 50)}' tells of one customer but names none and links "
                "nothing: say who they are and link their ticket, call or e-mail.")
    if item.count and not (item.customer or item.url or item.quote) and not any(ch.isdigit() for ch in item.text):
        # 'Several of our larger customers have asked': thin evidence, counted as such, with what would make it more.
        return ("evidence.no_source", f"'{shorten(item.text, 50)}' says customers asked but names none and links "
                "nothing: name them and link their tickets or calls, or count them where they are on file.")
    return None


def metric_findings(metric: SuccessMetric | None, notes: MetricNotes) -> list[Finding]:
    """Return what is wrong with the success metric."""
    if metric is None:
        if "metric" in notes.placeholders or notes.placeholders:
            return [_f("metric", "metric.placeholder",
                       "The **Success metric** still holds placeholder text. Replace it with a metric, a baseline "
                       f"and a target, {_METRIC_EXAMPLE}.")]
        return [_f("metric", "metric.missing",
                   f"Add a **Success metric** with a baseline and a target, {_METRIC_EXAMPLE}.")]
    findings: list[Finding] = []
    if notes.whole_way:
        findings.append(_f("metric", "metric.whole_way",
                           "A **Success metric** from 0 to 100 with no window or data source only says the work "
                           "gets done. Name what you will measure, its value today and the value that means success, "
                           f"{_METRIC_EXAMPLE}."))
    elif metric.baseline is None and metric.target is None and metric.change is None:
        what = f" '{shorten(metric.name, 40)}'" if metric.name else ""
        findings.append(_f("metric", "metric.no_numbers",
                           f"The **Success metric**{what} has no numbers. Add the value today (baseline) and the "
                           f"value that means success (target), {_METRIC_EXAMPLE}."))
    elif metric.baseline is None and metric.change is not None:
        findings.append(_f("metric", "metric.no_baseline",
                           f"The target is a change ({_num(metric.change)} %): add the **Baseline**, the metric's "
                           "value today, so the value to reach can be worked out, e.g. '8.2 % monthly churn'."))
    elif metric.baseline is None:
        findings.append(_f("metric", "metric.no_baseline",
                           "Add the **Baseline**: the metric's value today, e.g. '120'. If nobody measures it yet, "
                           "measure it before building."))
    elif metric.target is None:
        findings.append(_f("metric", "metric.no_target",
                           f"Add the **Target**: the value that would mean success, e.g. '{_example_target(metric)}'."))
    elif metric.baseline == metric.target:
        findings.append(_f("metric", "metric.target_equals_baseline",
                           f"The **Target** ({_num(metric.target)}) equals the **Baseline** ({_num(metric.baseline)}). "
                           "Set the value that would mean success."))
    elif notes.stated is not None and notes.inferred is not None and notes.stated is not notes.inferred:
        moved = "higher" if notes.inferred is Direction.INCREASE else "lower"
        findings.append(_f("metric", "metric.wrong_direction",
                           f"The metric should {notes.stated.value} but the target ({_num(metric.target)}) is {moved} "
                           f"than the baseline ({_num(metric.baseline)}). Fix the direction or the numbers."))
    if "metric" in notes.placeholders:
        findings.append(_f("metric", "metric.placeholder",
                           "The **Success metric** name still holds placeholder text. Name what you will measure, "
                           "e.g. 'weekly active exporters'."))
    elif not metric.name:
        findings.append(_f("metric", "metric.no_name",
                           "Name the **Success metric**: what you will measure, e.g. 'weekly active exporters'.",
                           Severity.WARNING))
    if metric.window_days is None and metric.window_until is None:
        findings.append(_f("metric", "metric.no_window",
                           "Add a **Measurement window**: how long after launch to measure, e.g. '30 days' or "
                           "'until 2027-03-01'."))
    if not metric.source:
        findings.append(_f("metric", "metric.no_source",
                           "Add a **Data source** so the result can be measured, e.g. "
                           "'prometheus prod: sum(rate(export_jobs_total[7d]))'.", Severity.WARNING))
    return findings


def _num(value: float | None) -> str:
    """Return a number as people write it: 120, not 120.0."""
    if value is None:
        return "?"
    return str(int(value)) if value.is_integer() else f"{value:g}"


def _example_target(metric: SuccessMetric) -> str:
    """Return an example target in the metric's direction."""
    if metric.baseline is None:
        return "300"
    factor = 0.5 if metric.direction is Direction.DECREASE else 2
    return _num(metric.baseline * factor)
