"""Read a success metric from form fields, `Label: value` lines or a sentence such as 'from 120 to 300 in 30 days'."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from problemframe.model import Direction, SuccessMetric
from problemframe.parse.dates import find_date
from problemframe.parse.metric_prose import is_metric_sentence
from problemframe.parse.metric_table import read_metric_table
from problemframe.parse.metric_words import find_source, find_window, split_labels, stated_direction
from problemframe.parse.placeholders import is_placeholder
from problemframe.parse.quantities import Quantity, convert, find_quantities
from problemframe.parse.text import squash

MAX_METRIC_CHARS = 2_000
MAX_VALUE_WORDS = 5
"""A 'Target:' or 'Baseline:' value longer than this is a sentence, not a number with its unit."""
MAX_METRIC_LINES = 12
PIECES = ("metric", "baseline", "target", "direction", "window", "source")

_QUALIFIER = (r"(?:under|below|less than|at most|no more than|over|above|more than|at least|no less than|about"
              r"|around|approximately|roughly|~|<=|>=|<|>|≤|≥)")
_CONNECT = re.compile(r"^[*_\s]*(?:/?[A-Za-z%]{1,20}(?:\s[a-z]{1,12})?[*_]*\s*)?\)?\s*(?:\([^()]{0,40}\)\s*)?(?:,\s*)?"
                      r"(?:to|->|→|=>|⟶|-->|—>|–>|➔|➡|-|–|—|until|till)[*_\s]*(?:" + _QUALIFIER + r"\s*)?[*_\s]*$",
                      re.IGNORECASE)
_BASE_CUE = re.compile(r"\b(?:currently|today|now|baseline|from|at|is|was|runs at|sits at|stands at|averages?|takes?"
                       r"|instead of|down from|up from|compared (?:to|with)|vs\.?|versus"
                       r"|measured)\s*(?:is|of|at|:)?\s*(?:about|around|roughly|approximately|nearly|~|≈)?\s*$",
                       re.IGNORECASE)
_STRONG_BASE_CUE = re.compile(r"\b(?:currently|today|now|baseline|from|was|instead of|down from|up from"
                              r"|compared (?:to|with)|vs\.?|versus|measured)\s*(?:is|of|at|:)?\s*"
                              r"(?:about|around|roughly|approximately|nearly|up to|~|≈)?\s*$", re.IGNORECASE)
_YEAR = re.compile(r"\b(?i:in|since|during|fy)\s(?P<year>(?:19|20)\d{2})\b(?!\s?%)")
_YEAR_DIGITS = re.compile(r"\b(?:19|20)\d{2}\b")
_BASE_AFTER = re.compile(r"^[\s*_]*(?:today|now|currently|at the moment|right now|at present)\b", re.IGNORECASE)
_TARGET_CUE = re.compile(r"(?:\b(?:to|target|goal|reach|hit|under|below|above|over|least|most|than)\s*(?:of|:)?"
                         r"|[<>≤≥]=?)\s*$", re.IGNORECASE)
_LEAD_VERB = re.compile(r"^(?:we want to\s+|to\s+)?(?:increase|decrease|reduce|grow|cut|lower|raise|improve|boost"
                        r"|drop|bring down|bring|get|move|shrink|halve|double|triple|lift|maximi[sz]e|minimi[sz]e"
                        r"|keep)\s+(?:the\s+|our\s+)?", re.IGNORECASE)
_WANT_TAIL = re.compile(r"[;,.]?\s*(?:and\s+)?(?:we(?:'d| would)?\s+(?:want|expect|aim|need)|target|goal)\b.*$",
                        re.IGNORECASE)
_EMPHASIS = re.compile(r"\*\*|__")
_BY = re.compile(r"\bby\s*(?:about|around|~)?\s*$", re.IGNORECASE)
_WORDS = re.compile(r"[^\W\d_]{3,}")
_AFTER_STOP = re.compile(r"[;,.:(]|\s(?:we|to|and|but|which|that|so|by|within|over|before|until|after|in)\s",
                         re.IGNORECASE)
_OF = re.compile(r"^(?:of|in|for|on)\s+", re.IGNORECASE)
_NAME_TAIL = re.compile(r"\s(?:from|is|at|by|of|was)$", re.IGNORECASE)
_NAME_TRIM = " \t:,(-–—="
_BULLET = re.compile(r"^[ \t]*(?:[-*+•]|\d{1,3}[.)])[ \t]+", re.MULTILINE)
_UNIT_TEXT = re.compile(r"^[^\W\d][\w /%$£€-]{0,29}$")


@dataclass(slots=True)
class MetricNotes:
    """What the findings need to know beyond the metric itself."""

    placeholders: set[str] = field(default_factory=set)
    stated: Direction | None = None
    inferred: Direction | None = None


@dataclass(slots=True)
class _Read:
    """What has been read of a metric so far."""

    name: str | None = None
    baseline: Quantity | None = None
    target: Quantity | None = None
    change: float | None = None
    days: int | None = None
    until: dt.date | None = None
    direction: Direction | None = None
    source: str | None = None


def parse_metric(parts: Mapping[str, str], *, today: dt.date | None = None) -> tuple[SuccessMetric | None, MetricNotes]:
    """Return the metric the parts describe (None when they hold nothing) and notes for the findings."""
    notes = MetricNotes()
    raw: dict[str, str] = {}
    for piece in PIECES:
        text = (parts.get(piece) or "").strip()[:MAX_METRIC_CHARS]
        if text and is_placeholder(text):
            notes.placeholders.add(piece)
        elif text:
            raw[piece] = text
    if not raw:
        return None, notes
    text = "\n".join(raw[piece] for piece in PIECES if piece in raw)
    metric_text = raw.get("metric", "")
    table = read_metric_table(metric_text) if "|" in metric_text else None
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
            raw.setdefault(key, _balanced(value) if key == "source" else value)
    read = _Read(name=labelled.get("name") if not is_placeholder(labelled.get("name", "")) else None)
    free = free.strip()
    if table is not None and table[0].get("metric"):
        read.name = table[0]["metric"]
    if "baseline" in raw or "target" in raw:
        first, _, more = free.partition("\n")
        if "target" not in raw and find_quantities(first, limit=1):
            # The first line states the target ('target: under 10 min within 45 days'): it is no name.
            first, more = "", free
        read.name = read.name or squash(first) or None
        _extras(more, read, today=today)
        if "target" not in raw and more.strip():
            # '- baseline: 47 min' as a field, '- target: under 10 min within 45 days of launch' as a sentence.
            stated = _Read()
            _first_metric_line(more, stated, today=today)
            read.target, read.change = stated.target, stated.change
    elif free:
        _first_metric_line(free, read, today=today)
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
    if read.target and not read.baseline and "target" not in raw and _completion(read.target, free):
        # 'v4 live for 100 % of sign-ups, v3 code removed', '100% done': how much of the work is done, no metric.
        read.target = None
    if read.baseline and read.target and read.target.unit:
        read.baseline = convert(read.baseline, read.target.unit)
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


_DONE = re.compile(r"\b(?:done|complete[d]?|live|rolled out|roll-?out|migrated|removed|shipped|finished|deployed"
                   r"|enabled|switched|archived|deleted|merged|exist|updated|verified|closed|upgraded)\b",
                   re.IGNORECASE)
_TIMEBOX = re.compile(r"\b(?:time-?box(?:ed)?|spike|estimate[ds]?|effort|sprints?)\b", re.IGNORECASE)


def _completion(target: Quantity, text: str) -> bool:
    """Return whether a lone value says how much work there is rather than where a measure should get to.

    '100 % done', 'the 47 flags are removed and archived', 'all 186 invoices exist' count the work finished;
    'timeboxed spike (5 days)' is the time it may take.
    """
    if target.unit in ("days", "weeks") and _TIMEBOX.search(text):
        return True
    if _DONE.search(text) is None:
        return False
    return (target.value == 100 and target.unit == "%") or (target.unit is None and not is_metric_sentence(text))


def _change_direction(change: float | None) -> Direction | None:
    if change is None or change == 0:
        return None
    return Direction.INCREASE if change > 0 else Direction.DECREASE


def _value(text: str, *, today: dt.date | None) -> Quantity | None:
    """Return the number a Baseline or Target field holds, with its unit ('120 exporters/week')."""
    masked = _mask_dates(text, today=today)
    found = find_quantities(masked, limit=1)
    if not found:
        return None
    quantity = found[0]
    if quantity.unit is None:
        rest = masked[quantity.end :].strip()
        if _UNIT_TEXT.match(rest):
            return quantity._replace(unit=rest)
    return quantity


def _sentence(text: str, read: _Read, *, today: dt.date | None) -> None:
    """Fill what a free sentence says: name, baseline -> target, window, direction, source."""
    flat = _EMPHASIS.sub(lambda match: " " * len(match.group(0)), squash(text))
    window = find_window(flat, loose=False, today=today)
    read.days, read.until = window.days, window.until
    masked = flat
    for start, end in window.spans:
        masked = masked[:start] + " " * (end - start) + masked[end:]
    source = find_source(masked)
    if source is not None:
        read.source = _balanced(source[0])
        masked = masked[: source[1]] + " " * (source[2] - source[1]) + masked[source[2] :]
    masked = _mask_dates(masked, today=today)
    quantities = find_quantities(masked)
    read.direction = stated_direction(masked, loose=False)
    pair = _connected(masked, quantities)
    if pair is not None:
        read.baseline, read.target = pair
    else:
        _cued(flat, quantities, read)
    changed = _relative(masked, quantities, read)
    first_number = min((q.start for q in (read.baseline, read.target, changed) if q), default=None)
    head = masked[:first_number] if first_number is not None else masked
    name = _LEAD_VERB.sub("", head.strip()).rstrip(_NAME_TRIM)
    name = _NAME_TAIL.sub("", name).strip(_NAME_TRIM)
    name = _WANT_TAIL.sub("", name).strip(_NAME_TRIM)
    for anchor in (read.baseline, read.target, changed):
        if len(_WORDS.findall(name)) >= 2 or anchor is None:
            continue
        # 'about 18 % of login attempts end in "Forgot password"': the name follows the number.
        after = _OF.sub("", _AFTER_STOP.split(masked[anchor.end :], maxsplit=1)[0].strip())
        if len(_WORDS.findall(after)) >= 2 and not any(ch.isdigit() for ch in after):
            name = after.strip(_NAME_TRIM + "\"'“”")
    read.name = squash(name)[:120] or None


def _first_metric_line(free: str, read: _Read, *, today: dt.date | None) -> None:
    """Fill `read` from the first line that states a metric: a list of success criteria names one per line."""
    lines = [line for line in free.split("\n") if line.strip()]
    if len(lines) > 1:
        reads = []
        for line in lines[:MAX_METRIC_LINES]:
            candidate = _Read(name=read.name)
            _sentence(line, candidate, today=today)
            reads.append(candidate)
        chosen = next((r for r in reads if r.target or r.change is not None), None)
        if chosen is not None and chosen.baseline is None and chosen.target is not None:
            # '- baseline: 47 min (Metabase)' and '- target: under 10 min' on lines of their own.
            unit = chosen.target.unit
            chosen.baseline = next((r.baseline for r in reads if r.baseline and not r.target and (
                r.baseline.unit == unit or convert(r.baseline, unit or "").unit == unit)), None)
        if chosen is not None:
            # The window or the source may stand on a line of its own ('- Measured in Mixpanel, 8 weeks after').
            whole = _Read()
            _sentence(free, whole, today=today)
            read.name, read.baseline, read.target, read.change = chosen.name, chosen.baseline, chosen.target, (
                chosen.change)
            read.direction = chosen.direction or whole.direction
            read.days, read.until = (chosen.days, chosen.until) if chosen.days or chosen.until else (whole.days,
                                                                                                    whole.until)
            read.source = chosen.source or whole.source
            return
    _sentence(free, read, today=today)


def _connected(masked: str, quantities: list[Quantity]) -> tuple[Quantity, Quantity] | None:
    """Return (baseline, target) written as 'from 38 % (3/8) in round 1 → at least 90 %', else None."""
    for number, (first, second) in enumerate(itertools.pairwise(quantities)):
        if not _CONNECT.match(masked[first.end : second.start]):
            continue
        if second.unit and first.unit != second.unit:
            # The arrow follows a side note ('(3/8) in round 1'): the baseline is the value in the target's unit.
            earlier = [q for q in quantities[:number] if q.unit == second.unit]
            if earlier:
                return earlier[-1], second
        return first, second
    return None


def _cued(flat: str, quantities: list[Quantity], read: _Read) -> None:
    """Read baseline and target from the words around each value: 'down from 12 % today', 'under 5 minutes'."""
    # Cue words are read from the unmasked text: 'Today about 18 %' masks 'Today' as a date.
    def before(quantity: Quantity) -> str:
        return flat[max(0, quantity.start - 24) : quantity.start]

    def after(quantity: Quantity) -> str:
        return flat[quantity.end : quantity.end + 24]

    strong = [q for q in quantities if _STRONG_BASE_CUE.search(before(q)) or _BASE_AFTER.match(after(q))]
    weak = [q for q in quantities if _BASE_CUE.search(before(q))]
    targets = [q for q in quantities if _TARGET_CUE.search(before(q))]
    baseline = strong[0] if strong else next((q for q in weak if q not in targets), None)
    target = next((q for q in targets if q is not baseline), None)
    if target is None and baseline is not None and strong:
        # 'v1 traffic at 0 % by March, down from 12 % today': the other value in the baseline's unit is the target.
        target = next((q for q in quantities if q is not baseline and q.unit == baseline.unit), None)
    if target is None and baseline is None and len(quantities) == 1:
        target = quantities[0]
    read.baseline, read.target = baseline, target


def _relative(flat: str, quantities: list[Quantity], read: _Read) -> Quantity | None:
    """Read '-25 % churn' or 'reduce churn by 30 %' as a change from the baseline, not a value to reach.

    Return the quantity read as the change, if any.
    """
    by = next((q for q in quantities if q.unit == "%" and _BY.search(flat[max(0, q.start - 12) : q.start])), None)
    target = read.target
    signed = target if target is not None and target.unit == "%" and (
        target.value < 0 or flat[target.start : target.start + 1] == "+") else None
    found = by or signed
    if found is None or (target is not None and target is not found):
        return None
    change = found.value
    if by is not None and read.direction is Direction.DECREASE:
        change = -abs(change)
    read.change = change
    read.target = None
    if read.baseline is None:
        read.baseline = next((q for q in quantities if q.end <= found.start and q is not found), None)
    if read.baseline is not None:
        value = read.baseline.value * (1 + change / 100)
        read.target = Quantity(round(value, 6), read.baseline.unit, found.start, found.end)
    return found


def _first_line(text: str) -> str | None:
    """Return the first line of text that is not a code fence."""
    for line in text.split("\n"):
        line = squash(line)
        if line and not line.startswith(("```", "~~~")):
            return line
    return None


def _balanced(text: str) -> str:
    """Drop a trailing ')' or '.' that closes nothing in the source text."""
    text = text.rstrip(" .,;")
    while text.endswith(")") and text.count(")") > text.count("("):
        text = text[:-1].rstrip(" .,;")
    return text


def _extras(text: str, read: _Read, *, today: dt.date | None) -> None:
    """Read a window and a data source from lines under a metric's name."""
    if not text.strip():
        return
    window = find_window(text, loose=False, today=today)
    read.days, read.until = window.days, window.until
    source = find_source(text)
    read.source = _balanced(source[0]) if source else None


def _mask_dates(text: str, *, today: dt.date | None) -> str:
    """Blank out dates, and years ('63 in 2023'), so their digits are not read as values."""
    for _ in range(5):
        found = find_date(text, today=today)
        if found is None:
            break
        text = text[: found.start] + " " * (found.end - found.start) + text[found.end :]
    return _YEAR.sub(_blank, text) if _YEAR_DIGITS.search(text) else text


def _blank(match: re.Match[str]) -> str:
    """Return the match with its year blanked: 'in 2023' -> 'in     '."""
    start, end = match.span("year")
    whole = match.group(0)
    offset = match.start()
    return whole[: start - offset] + " " * (end - start) + whole[end - offset :]
