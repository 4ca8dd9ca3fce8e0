"""Find a success metric stated in running text anywhere in a ticket: 'we expect p95 to drop from 1.4 s to 400 ms'.

Only a sentence that both wants something (a target, an expectation, a goal) and gives a value to reach counts:
numbers that describe the past ('memory grew from 310 MB to 2.1 GB') or sit in code are no metric.
"""

from __future__ import annotations

import bisect
import re

from problemframe.parse.document import Document
from problemframe.parse.labels import METRIC_KEYS
from problemframe.parse.metric_table import table_columns
from problemframe.parse.parties import WHO
from problemframe.parse.sections import MAX_LABEL_WORDS, Section, running_text
from problemframe.parse.template_help import is_help
from problemframe.parse.text import TASK_BOX, sentences

_WANT = re.compile(
    r"\b(?:target(?![a-z])|goal|success for (?:us|me)|we(?:'d| would)? want|we expect|expected to"
    r"|expect(?:ing)? (?:it|this|that|the|p\d\d)"
    r"|aim(?:ing)? (?:to|for)|success (?:is|means|looks like|=)|success\s*=|should (?:drop|fall|rise|go|be|get"
    r"|reach|stay|finish|come|take)|we'?ll know|key result|kr\s?\d|okr|objective|want (?:it|that|this|to see)"
    r"|(?:to|will|should) (?:reduce|increase|cut|grow|lift|raise|improve|halve|double|bring|get|move|drop|shrink)"
    r"|by (?:the )?end of|within \d+\s*(?:days?|weeks?|months?)|after (?:launch|shipping|rollout|ga)"
    # 'since the move to the shared cluster', 'an increase in load': a noun after an article tells what happened.
    r"|(?<!\bthe )(?<!\ba )(?<!\ban )(?:reduce|increase|cut|grow|lift|raise|improve|halve|double|bring|move|shrink)"
    r"\s+\w+)",
)
_OBSERVED = re.compile(r"\b(?:dropped|fell|rose|bumped|went (?:up|down|from)|increased|decreased|jumped|grew|climbed"
                       r"|spiked|has (?:dropped|fallen|risen|grown)|have (?:dropped|fallen|risen|grown)"
                       # 'since the timeout was lowered from 5000 ms to 1500 ms': a setting someone changed.
                       r"|(?:was|were|got|has been|have been|had been) (?:lowered|raised|reduced|increased|decreased"
                       r"|changed|moved|cut|bumped|set)"
                       # 'agent-gateway 2.8.0 raised the keepalive interval from 30 s to 300 s': a change made.
                       r"|(?<!\bbe )(?<!\bto )(?:raised|lowered|reduced|changed)(?= (?:the|its|our|their|it)\b))\b")
# 'raise `minSdkVersion` from 26 to 29', 'bump `max_connections` to 200': a setting to change, named as code (or as
# the blank the document leaves where code stood).
_SETTING = re.compile(r"\b(?:raise|lower|bump|set|change|increase|decrease|reduce|move|update)\s(?:\s*`[^`\n]{1,60}`"
                      r"|\s{3,})\s*(?:from|to)\b", re.IGNORECASE)
_STATED_WANT = re.compile(r"\b(?:target|goal|we(?:'d| would)? want|we expect|expected to|aim|should|okr|kr\s?\d"
                          r"|key result|success)\b")
_VALUE_TO_REACH = re.compile(
    r"(?:\bfrom\b(?:[^.;\n]|\.(?=\d)){0,60}?\d(?:[^.;\n]|\.(?=\d)){0,40}?\b(?:to|→|->|down to|up to)\b[^.;\n]{0,20}?\d"
    r"|\d[^.;\n]{0,30}?(?:→|->|⟶|=>)\s*[^.;\n]{0,15}?\d"
    # A bare '<' or '≥' is as often a condition or a spec ('with > 64 slaves', 'should be < 5 min') as a target.
    r"|\b(?:under|below|above|over|less than|more than|at least|at most|fewer than|no more than)\s*~?\s*"
    r"\$?\d"
    r"|\bby\s+-?\d{1,3}(?:\.\d+)?\s?%"
    r"|\b(?:target|goal)\s*[:=]?\s*[~≈]?\s*[$£€]?\d)",
)
_SKIPPED = re.compile(
    r"\b(?:non.?goals?|out of scope|not in scope|what (?:is|are|it is) not|alternatives|steps to reproduce|to reproduce"
    r"|environment|versions?|logs?|stack ?trace|actual|observed|what happened|risks?|open questions|appendix"
    r"|scoring|estimate|effort|rice|confidence|timeline|acceptance|guardrails?|counter.?metrics?|to.?do|tasks"
    r"|implementation(?: notes| plan| steps)?|exit criteria|go.?no.?go|not (?:a |the )?(?:metrics?|goals?|targets?))\b",
    re.IGNORECASE,
)
# 'nice, but not a goal', 'there is no target yet': the word is there to say there is none; 'target Mon 22 July',
# 'target date: 2024-09-30': the day the work is due.
_NOT_WANTED = re.compile(
    r"\b(?:not|no|isn't|is not|aren't|without)\s+(?:a |the |our |any )?(?:product |business |real )?(?:goal|target)s?\b"
    r"|\btarget(?: date)?\s*[:=]?\s*(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?\s+)?(?:\d{1,2}(?:st|nd|rd|th)?\s+)?"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b"
    r"|\btarget(?: date)?\s*[:=]?\s*(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\b|\d{4}-\d\d-\d\d|eo[dwmq]\b)"
    # 'iOS min deployment target 13.4', 'compile target 17': a build setting names a platform version.
    r"|\b(?:deployment|build|compile|sdk|api|jvm) target\b")
# 'Code freeze: Mon 14 Oct · Target 100 %: Thu 24 Oct': a release's schedule, its percentages rollout stages.
_RELEASE_SCHEDULE = re.compile(r"\b(?:code freeze|release captain|release manager|staged rollout|phased rollout"
                               r"|rollout schedule|target (?:submission|release|ship|launch|go-?live) ?(?:date)?\s*:)")
# 'Alert when collections exceed the expected total by more than 0.1 %': a monitor's rule, not where a measure goes.
_ALERT_RULE = re.compile(r"^\W{0,4}(?:alert|page|notify|warn|trigger|fire|escalate)(?: \w+){0,2} (?:when|if|on)\b")
# 'Target for the prototype: p95 < 2 s', 'a prototype counts as promising if …': the bar an experiment must clear to
# go on, not where the product's measure should get to.
_PROTOTYPE_BAR = re.compile(r"\b(?:for|of|on) (?:the|a|this|our) (?:prototype|spike|poc|proof of concept)\b"
                            r"|\bprototype (?:counts|is considered|passes|qualifies)\b")
_DIGIT = re.compile(r"\d")
# 'Over 500 customers want this', 'more than 40 clubs asked for it': how many want the work, not where a measure goes.
_DEMAND_COUNTED = re.compile(r"\b(?:over|more than|at least)\s*~?\s*\d[\d,.]*\+?\s+(?:[\w-]+\s+){0,2}?" + WHO
                             + r"\s+(?:\w+\s+)?(?:want|wants|wanted|asked|ask|asks|need|needs|requested|voted)\b")
# A goal's own word as teams head a column in the other languages tickets arrive in: 'Ziel', 'Mål', 'Meta'.
_GOALS = (r"ziel|soll|mål|meta|objetivo|objectif|cible|obiettivo|doel|streefwaarde|cel|wartość docelowa|hedef"
          r"|tavoite|cíl|目標|목표")
_WANTED = re.compile(r"\b(?:target|goal|objective|desired|expected|aim|want|success|slo|" + _GOALS + ")")
# A bug's 'Current | Expected' compares what it does with what it should do: only a goal's own word makes a metric.
_GOAL_WANTED = re.compile(r"\b(?:target|goal|objective|aim|success|slo|" + _GOALS + ")")
_MY = re.compile(r"\b[Mm]y\b")
_QUOTED = re.compile(r'"[^"\n]*"|“[^”\n]*”')
_MARKS = re.compile(r"\*\*|__|`")
_DECISION = re.compile(
    r"^\W{0,4}(?:decide|choose|pick|select|evaluate|assess|recommend|determine|find out|figure out|understand"
    r"|investigate|explore|answer|learn)\b",
    re.IGNORECASE,
)


def is_metric_sentence(sentence: str) -> bool:
    """Return whether a sentence wants a metric to reach a value ('Target: 30 % of editors within 60 days')."""
    if len(sentence) > 600 or not _DIGIT.search(sentence) or sentence.rstrip(" *_)").endswith("?"):
        # 'Should we move from Unity 2021.3 LTS to 2022.3 LTS?' asks; it sets no target.
        return False
    # The patterns are written in lower case: matching the lowered sentence is much faster than ignoring case.
    # Emphasis and code marks around a value ('Target: **33%+**') say nothing about it.
    lowered = _MARKS.sub("", sentence.lower())
    if "goal" in lowered or "target" in lowered:
        lowered = _NOT_WANTED.sub(" ", lowered)
    if _RELEASE_SCHEDULE.search(lowered) or _ALERT_RULE.search(lowered) or _SETTING.search(sentence) or (
            _PROTOTYPE_BAR.search(lowered)) or _DEMAND_COUNTED.search(lowered):
        return False
    if _OBSERVED.search(lowered) and not _STATED_WANT.search(lowered):
        # 'crash-free users dropped from 99.6 % → 91.2 % in 24 h after rollout' tells what happened.
        return False
    return bool(_VALUE_TO_REACH.search(lowered) and _WANT.search(lowered)) and not is_help(sentence)


def states_a_decision(text: str) -> bool:
    """Return whether a goal is a decision to make ('Decide whether we keep Elasticsearch 7.10 or …'), not a metric.

    A spike's goal names what to learn; the numbers in it are versions and options, unless it also wants a value.
    """
    return bool(_DECISION.match(text.strip())) and not any(is_metric_sentence(sentence)
                                                            for sentence in sentences(text))


def skipped_section(label: str) -> bool:
    """Return whether a section's numbers are never a metric (non-goals, logs, steps to reproduce, estimates)."""
    return bool(label) and len(label.split()) <= MAX_LABEL_WORDS and _SKIPPED.search(label) is not None


def find_metric_sentence(document: Document, sections: list[Section]) -> str | None:
    """Return the first sentence outside code that wants a metric to reach a value, else None."""
    for block, section in running_text(document, sections):
        # A customer's words under the evidence heading ('our target is 40 %') are not the ticket's metric.
        if section.key in METRIC_KEYS - {"metric"} or section.key == "evidence" or skipped_section(section.label):
            continue
        if is_help(block.text.strip()):
            # '_One primary metric, e.g. "reduce time-to-X from 18 s to under 10 s"._': the template's example.
            continue
        if block.kind == "item" and TASK_BOX.match(block.text):
            # '- [ ] iOS min target 13.4 → 15.1': a step of the work sets a value; no one will measure it.
            continue
        for sentence in sentences(block.text):
            # 'My beagle is on a plan from our vet (target 12.5 kg)': a user's own goal, not the ticket's metric.
            if is_metric_sentence(sentence) and not _MY.search(_QUOTED.sub(" ", sentence)):
                return sentence
    return None


def find_metric_table(document: Document, sections: list[Section], *, bug: bool = False) -> str | None:
    """Return the first table outside the evidence with both a baseline and a target column, as markdown."""
    starts = [section.start for section in sections]
    for number, block in enumerate(document.blocks):
        if block.kind != "row" or not block.header:
            continue
        section = sections[max(0, bisect.bisect_right(starts, block.start) - 1)]
        if section.key in METRIC_KEYS - {"metric"} or section.key == "evidence" or skipped_section(section.label):
            continue
        columns = table_columns(block.cells)
        target = next((index for index, piece in columns.items() if piece == "target"), None)
        wanted = _GOAL_WANTED if bug else _WANTED
        if target is None or "baseline" not in columns.values() or not wanted.search(block.cells[target].lower()):
            # 'before 3.18 | after 3.18' in a bug report tells what happened; a wanted value is named so.
            continue
        end = number + 1
        while end < len(document.blocks) and document.blocks[end].kind == "row":
            end += 1
        return "\n".join(document.lines[block.start : document.blocks[end - 1].end])
    return None
