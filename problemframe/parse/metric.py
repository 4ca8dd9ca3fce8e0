"""Read a success metric from form fields, `Label: value` lines or a sentence such as 'from 120 to 300 in 30 days'."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from problemframe.model import Direction, SuccessMetric
from problemframe.parse.metric_prose import is_metric_sentence
from problemframe.parse.metric_sentence import MetricRead, balanced, mask_dates, read_metric_lines
from problemframe.parse.metric_table import read_metric_table
from problemframe.parse.metric_words import find_source, find_window, split_labels, stated_direction
from problemframe.parse.placeholders import is_placeholder
from problemframe.parse.quantities import Quantity, convert, find_quantities
from problemframe.parse.text import squash

MAX_METRIC_CHARS = 2_000
MAX_VALUE_WORDS = 5
"""A 'Target:' or 'Baseline:' value longer than this is a sentence, not a number with its unit."""
PIECES = ("metric", "baseline", "target", "direction", "window", "source")

_RELEASE = re.compile(r"^\W*(?:v\d+(?:\.\d+)*|\d+\.0|\d+\.\d+\.\d+)\W*$", re.IGNORECASE)
# 'Target: 2024.09', 'Target: 24.10': a release named by its year and month.
_CALENDAR_RELEASE = re.compile(r"^\W*(?:20)?\d\d\.(?:0[1-9]|1[0-2])\W*$")
# 'Subscription renewal job cron | every 60 min | every 15 min', 'Payment retry timeout': a setting to change; the
# value it is set to is the work, not what anyone will measure.
_SETTING_NAME = re.compile(r"\b(?:cron(?: job| schedule)?|timeout|ttl|(?:polling |retry |backoff )?interval"
                           r"|(?:batch|pool|page|buffer|chunk|heap) size|retry count|max retries|concurrency)\W*$",
                           re.IGNORECASE)
_CERTAINTY = re.compile(r"^\W*(?:(?:our|my|team|pm|product)\s+)?(?:confidence(?: level| score)?|certainty|conviction"
                        r"|sureness|gut feel(?:ing)?|priority|importance|urgency)\W*$", re.IGNORECASE)
_BULLET = re.compile(r"^[ \t]*(?:[-*+•]|\d{1,3}[.)])[ \t]+", re.MULTILINE)
_UNIT_TEXT = re.compile(r"^[^\W\d][\w /%$£€-]{0,29}$")


@dataclass(slots=True)
class MetricNotes:
    """What the findings need to know beyond the metric itself."""

    placeholders: set[str] = field(default_factory=set)
    stated: Direction | None = None
    inferred: Direction | None = None
    whole_way: bool = False


def parse_metric(parts: Mapping[str, str], *, today: dt.date | None = None) -> tuple[SuccessMetric | None, MetricNotes]:
    """Return the metric the parts describe (None when they hold nothing) and notes for the findings."""
    notes = MetricNotes()
    raw = _pieces(parts, notes)
    if not raw:
        return None, notes
    text = "\n".join(raw[piece] for piece in PIECES if piece in raw)
    labelled, free, name = _read_metric_field(raw, notes)
    read = MetricRead(name=name)
    _read_free_text(free, raw, read, today=today)
    _read_fields(raw, read, today=today)
    if read.target and not read.baseline and "target" not in raw and (
            _completion(read.target, free) or _checked_off(read.target, raw.get("metric", ""))):
        # 'v4 live for 100 % of sign-ups, v3 code removed', '100% done': how much of the work is done, no metric.
        read.target = None
    if read.target and not (read.name or read.baseline or read.target.unit) and _RELEASE.match(raw.get("target", "")):
        # An RFC's 'Status: Draft · Target: 3.0' names the release it is aimed at.
        read.target = None
    if read.target and not (read.baseline or read.target.unit) and _CALENDAR_RELEASE.match(raw.get("target", "")):
        read.target = None
    if read.name and not read.baseline and _CERTAINTY.match(read.name):
        # 'Metric: confidence 100 %', 'priority: 9/10': how sure or keen the writer is, not what anyone will measure.
        read.target = None
    if read.name and _SETTING_NAME.search(read.name) and not (read.target and read.target.unit == "%"):
        read.baseline = read.target = None  # ('Checkout timeout | 12 % | 2 %' is a share of checkouts, measured)
    if read.baseline and read.target and read.target.unit:
        read.baseline = convert(read.baseline, read.target.unit)
    if _all_or_nothing(read, labelled="target" in raw):
        # 'baseline 0 → target 100', '0 % happy pilots → 100 %', with no window and no source: the whole way from
        # nothing to everything says the work should be done, not what a team would measure.
        read.baseline = read.target = None
        notes.whole_way = True
    notes.stated = read.direction
    if read.baseline and read.target and read.baseline.value != read.target.value:
        notes.inferred = Direction.INCREASE if read.target.value > read.baseline.value else Direction.DECREASE
    unit = labelled.get("unit") or (read.target and read.target.unit) or (read.baseline and read.baseline.unit) or None
    metric = SuccessMetric(
        name=read.name,
        baseline=read.baseline.value if read.baseline else None,
        target=read.target.value if read.target else None,
        change=read.change,
        direction=read.direction or notes.inferred or _change_direction(read.change),
        unit=unit,
        window_days=read.days,
        window_until=read.until,
        source=read.source or None,
        text=text,
    )
    return metric, notes


def _all_or_nothing(read: MetricRead, *, labelled: bool) -> bool:
    """Return whether the goal is 100 (or 100 %), from 0 or from nothing, with nothing saying when or where it is
    measured."""
    baseline, target = read.baseline, read.target
    # 'Time saved: 100 %' alone claims everything, 'ROI: 1000 %' more than that; no one sets out to measure either.
    # A form's own Target field set to 100 was filled in as a target, and is read as one.
    if target is None or read.days is not None or read.until is not None or read.source:
        return False
    alone = baseline is None and not labelled
    from_nothing = alone or (baseline is not None and baseline.value == 0)
    return (target.value == 100 and target.unit in (None, "%") and from_nothing) or (
        target.value > 100 and target.unit == "%" and alone)


# 'TBD — need to agree what we'd measure (bookings with >1 payer?)': a metric still to be chosen, whatever follows.
_UNDECIDED = re.compile(
    r"^\W*(?:tbd|tbc|todo|to be (?:defined|decided|confirmed|agreed)|not (?:yet )?(?:defined|decided))\b",
    re.IGNORECASE)
_FROM_TO = re.compile(r"\bfrom\s+~?\d[\d.,]*\s*\S{0,6}\s+to\s+\S{0,6}\d", re.IGNORECASE)


def _pieces(parts: Mapping[str, str], notes: MetricNotes) -> dict[str, str]:
    """Return the pieces that hold something, noting the ones that hold only a template's placeholder."""
    raw: dict[str, str] = {}
    for piece in PIECES:
        text = (parts.get(piece) or "").strip()[:MAX_METRIC_CHARS]
        if text and (is_placeholder(text) or (_UNDECIDED.match(text) and not _FROM_TO.search(text))):
            notes.placeholders.add(piece)
        elif text:
            raw[piece] = text
    return raw


def _read_metric_field(raw: dict[str, str], notes: MetricNotes) -> tuple[dict[str, str], str, str | None]:
    """Read the metric field's table and `Label: value` lines into `raw` (where a piece is not given apart).

    Return the labelled values, the free text left to read as sentences, and the metric's name when labelled.
    """
    metric_text = raw.get("metric", "")
    table = read_metric_table(metric_text) if "|" in metric_text else None
    if table is None:
        # 'Baseline: [Grafana](…)' above 'Indicator | Current | SLO target' carries the metric in its table.
        for piece in ("baseline", "target"):
            found = read_metric_table(raw[piece]) if "|" in raw.get(piece, "") else None
            if found is not None and found[0]:
                table = found
                del raw[piece]
                metric_text = metric_text + "\n" + found[1]
                break
    if table is not None:
        pieces, metric_text = table
        for piece, value in pieces.items():
            if piece != "metric":
                raw.setdefault(piece, value)
        metric_text = pieces.get("metric", "") + "\n" + metric_text.strip()
    labelled, free = split_labels(_BULLET.sub("", metric_text))
    if find_quantities(labelled.get("name", ""), limit=1):
        # 'Goal: reduce failed exports from 12% to 2%' is a whole sentence, not a name.
        free = labelled.pop("name") + "\n" + free
    for key in ("target", "baseline"):
        if len(labelled.get(key, "").split()) > MAX_VALUE_WORDS and "\n" not in labelled[key]:
            # 'Target: 30 % of editors use dark mode within 60 days (0 % today)' is a sentence to read whole.
            free = f"{key}: {labelled.pop(key)}\n{free}"
    for key, value in labelled.items():
        if is_placeholder(value):
            notes.placeholders.add(key if key != "name" else "metric")
        elif key in PIECES:
            raw.setdefault(key, balanced(value) if key == "source" else value)
    name = labelled.get("name") if not is_placeholder(labelled.get("name", "")) else None
    if table is not None and table[0].get("metric"):
        name = table[0]["metric"]
    return labelled, free.strip(), name


def _read_free_text(free: str, raw: Mapping[str, str], read: MetricRead, *, today: dt.date | None) -> None:
    """Fill `read` from the text outside the fields: a name above Baseline and Target fields, or a whole sentence."""
    if "baseline" in raw or "target" in raw:
        first, _, more = free.partition("\n")
        if "target" not in raw and find_quantities(first, limit=1):
            # The first line states the target ('target: under 10 min within 45 days'): it is no name.
            first, more = "", free
        read.name = read.name or squash(first) or None
        _extras(more, read, today=today)
        if "target" not in raw and more.strip():
            # '- baseline: 47 min' as a field, '- target: under 10 min within 45 days of launch' as a sentence.
            stated = MetricRead()
            read_metric_lines(more, stated, today=today)
            read.target, read.change = stated.target, stated.change
    elif free:
        read_metric_lines(free, read, today=today)


def _read_fields(raw: Mapping[str, str], read: MetricRead, *, today: dt.date | None) -> None:
    """Let the pieces given apart (fields, labels, table columns) win over what the free text said."""
    if "baseline" in raw:
        read.baseline = _value(raw["baseline"], today=today)
    if "target" in raw:
        read.target = _value(raw["target"], today=today)
    if "window" in raw:
        window = find_window(raw["window"], loose=True, today=today)
        if window.days is not None or window.until is not None:
            read.days, read.until = window.days, window.until
    if "direction" in raw:
        read.direction = stated_direction(raw["direction"], loose=True) or read.direction
    if "source" in raw:
        read.source = _first_line(raw["source"]) or read.source


_DONE = re.compile(r"\b(?:done|complete[d]?|live|rolled out|roll-?out|migrated|removed|shipped|finished|deployed"
                   r"|enabled|switched|archived|deleted|merged|exists?|populated|backfilled|updated|verified|closed|upgraded)\b",
                   re.IGNORECASE)
_ALL_OF = re.compile(r"^\W*(?:all|every one of)\s+(?:the\s+|of the\s+|our\s+)?\d+\s", re.IGNORECASE)
_TIMEBOX = re.compile(r"\b(?:time-?box(?:ed)?|spike|estimate[ds]?|effort|sprints?)\b", re.IGNORECASE)


def _completion(target: Quantity, text: str) -> bool:
    """Return whether a lone value says how much work there is rather than where a measure should get to.

    '100 % done', 'the 47 flags are removed and archived', 'all 186 invoices exist', 'all 15 kiosks report the new
    serial' count the work finished;
    'timeboxed spike (5 days)' is the time it may take.
    """
    if target.unit in ("days", "weeks") and _TIMEBOX.search(text):
        return True
    if target.unit is None and _ALL_OF.match(text) and not _COMPARISON.search(text):
        return True  # 'All 15 kiosks report the new serial': every one of them done, no measure to move
    if _DONE.search(text) is None:
        return False
    return (target.value == 100 and target.unit == "%") or (target.unit is None and not is_metric_sentence(text))


# What makes a checklist line a measure to reach: 'error rate below 1 %', 'p95 ≤ 2 s', 'cut refunds to 3 a week'.
_COMPARISON = re.compile(
    r"[<>≤≥→]|->|\b(?:under|below|above|(?<!-)over|at (?:least|most)|less than|more than|fewer than|no more than"
    r"|up to|reduce\w*|increase\w*|cut(?!-?over)|drop\w*|rais\w*|grow\w*|improv\w*|lower\w*|from|to \S*\d"
    r"|target\w*|goal|within)\b",
    re.IGNORECASE,
)
_LIST_ITEM = re.compile(r"^\s*(?:[-*+•]|\d{1,2}[.)]|\[[ xX]\])\s")


def _checked_off(target: Quantity, text: str) -> bool:
    """Return whether a lone value is a check in a list of things to do, not a measure to reach.

    '- No auth errors in the 24 h window', '- Vacancy report re-checked for 3 sample agencies': the list says when
    the work is done; nothing is measured against a target.
    """
    lines = [line for line in text.split("\n") if line.strip()]
    if sum(1 for line in lines if _LIST_ITEM.match(line)) < 2:
        return False
    if not any(found.value == target.value and found.unit == target.unit
               for line in lines for found in find_quantities(line)):
        return False
    # A list with one measure in it ('- ≥ 80 % of plugins declare v2 within 6 months') is read for that measure.
    return not any(_COMPARISON.search(line) and find_quantities(line, limit=1) for line in lines)


def _change_direction(change: float | None) -> Direction | None:
    if change is None or change == 0:
        return None
    return Direction.INCREASE if change > 0 else Direction.DECREASE


def _value(text: str, *, today: dt.date | None) -> Quantity | None:
    """Return the number a Baseline or Target field holds, with its unit ('120 exporters/week')."""
    masked = mask_dates(text, today=today)
    found = find_quantities(masked, limit=1)
    if not found:
        return None
    quantity = found[0]
    if quantity.unit is None:
        rest = masked[quantity.end :].strip()
        if _UNIT_TEXT.match(rest):
            return quantity._replace(unit=rest)
    return quantity


def _first_line(text: str) -> str | None:
    """Return the first line of text that is not a code fence."""
    for line in text.split("\n"):
        line = squash(line)
        if line and not line.startswith(("```", "~~~")):
            return line
    return None


def _extras(text: str, read: MetricRead, *, today: dt.date | None) -> None:
    """Read a window and a data source from lines under a metric's name."""
    if not text.strip():
        return
    window = find_window(text, loose=False, today=today)
    read.days, read.until = window.days, window.until
    source = find_source(text)
    read.source = balanced(source[0]) if source else None
