"""Find dates as people write them: 2026-03-12, 12 March 2026, March 12, 2026, Mar 2026."""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple

_MONTH = (r"(?P<{}>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_DAY = r"(?P<{}>[0-3]?\d)(?:st|nd|rd|th)?"
MONTHS = {name: number for number, name in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}

_DIGIT = re.compile(r"\d")
_PATTERNS = (
    # The look-behind follows the first digit so that the search can skip ahead to digits.
    re.compile(r"(?P<y>\d(?<![\w/.-]\d)\d{3})[-/.](?P<m>[01]?\d)[-/.](?P<d>[0-3]?\d)(?![\w/]|\.\d|-\d)"),
    re.compile(r"\b" + _DAY.format("d") + r"\s+(?:of\s+)?" + _MONTH.format("mn") + r",?\s+(?P<y>\d{4})\b",
               re.IGNORECASE),
    re.compile(r"\b" + _MONTH.format("mn") + r"\s+" + _DAY.format("d") + r",?\s+(?P<y>\d{4})\b", re.IGNORECASE),
    re.compile(r"\b" + _MONTH.format("mn") + r",?\s+(?P<y>\d{4})\b", re.IGNORECASE),
    re.compile(r"(?P<y>\d(?<![\w/.-]\d)\d{3})-(?P<m>[01]\d)(?![\w/.-])"),
    re.compile(r"(?<![\w/.-])(?P<a>[0-3]?\d)/(?P<b>[0-3]?\d)/(?P<y>\d{4})(?![\w/]|\.\d)"),
    re.compile(r"\b" + _DAY.format("d") + r"\s+(?:of\s+)?" + _MONTH.format("mn") + r"(?![\w])", re.IGNORECASE),
    re.compile(r"\b" + _MONTH.format("mn") + r"\s+" + _DAY.format("d") + r"\b(?!\s*[:,.]?\d)", re.IGNORECASE),
)


_RELATIVE = re.compile(r"\b(?:today|yesterday|last (?:week|month)|(?:a|one|two|three|\d{1,3}) (?:days?|weeks?) ago)\b",
                       re.IGNORECASE)
_RELATIVE_DAYS = {"today": 0, "yesterday": 1, "last week": 7, "last month": 30, "a day": 1, "one day": 1,
                  "two day": 2, "three day": 3, "a week": 7, "one week": 7, "two week": 14, "three week": 21}
_NUMERIC = (_PATTERNS[0], _PATTERNS[4], _PATTERNS[5])
# The character that 2026-03 and 14/02/2026 need, and how far past a match's start it sits at most: when it first
# comes later than that past the best date so far, the pattern cannot find an earlier one.
_SIGNS = {_PATTERNS[4]: ("-", 4), _PATTERNS[5]: ("/", 2)}
# The leading class lets the search skip letters no month starts with.
_MONTH_WORD = re.compile(r"(?=[jfmasond])(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)", re.IGNORECASE)


class Found(NamedTuple):
    """A date and where it was in the text."""

    date: dt.date
    start: int
    end: int


def find_date(text: str, *, today: dt.date | None = None) -> Found | None:
    """Return the first date in text; dates without a year need `today` and take its most recent occurrence."""
    best: Found | None = None
    if not _DIGIT.search(text):
        return _relative(text, today)
    patterns = _PATTERNS if _MONTH_WORD.search(text) else _NUMERIC
    for pattern in patterns:
        sign = _SIGNS.get(pattern)
        if sign is not None:
            at = text.find(sign[0])
            if at < 0 or (best is not None and at >= best.start + sign[1]):
                continue
        for match in pattern.finditer(text):
            if best is not None and match.start() >= best.start:
                break
            date = _date(match, today)
            if date is not None:
                best = Found(date, match.start(), match.end())
                break
    return best or _relative(text, today)


def _relative(text: str, today: dt.date | None) -> Found | None:
    """Return a date written relative to today ('yesterday', 'last week'), when today is known."""
    if today is None:
        return None
    match = _RELATIVE.search(text)
    if match is None:
        return None
    word = match.group(0).lower()
    count, _, unit = word.partition(" ")
    if count.isdigit():
        days = int(count) * (7 if unit.startswith("week") else 1)
    else:
        days = next((days for prefix, days in _RELATIVE_DAYS.items() if word.startswith(prefix)), 0)
    try:
        return Found(today - dt.timedelta(days=days), match.start(), match.end())
    except OverflowError:
        return None


def _date(match: re.Match[str], today: dt.date | None) -> dt.date | None:
    """Return the date a match names, or None when it names none (31 February, a bare 'may 5' ...)."""
    groups = match.groupdict()
    if groups.get("a"):
        # 14/02/2026 and 02/14/2026 are clear; 03/02/2026 could be either, so it is no date.
        first, second = int(groups["a"]), int(groups["b"])
        if (first > 12) == (second > 12):
            return None
        groups["d"], groups["m"] = (groups["a"], groups["b"]) if first > 12 else (groups["b"], groups["a"])
    month = int(groups["m"]) if groups.get("m") else MONTHS.get((groups.get("mn") or "")[:3].lower())
    day = int(groups["d"]) if groups.get("d") else 1
    if month is None:
        return None
    year_text = groups.get("y")
    if year_text is None:
        if today is None:
            return None
        try:
            date = dt.date(today.year, month, day)
        except ValueError:
            return None
        return date if date <= today else _previous_year(date)
    try:
        return dt.date(int(year_text), month, day)
    except ValueError:
        return None


def _previous_year(date: dt.date) -> dt.date | None:
    """Return the same day a year earlier, or None for 29 February."""
    try:
        return date.replace(year=date.year - 1)
    except ValueError:
        return None

