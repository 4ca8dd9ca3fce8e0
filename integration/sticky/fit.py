"""Fitting a comment to a tracker's size limit without cutting through markup.

The longest list loses its last items first, replaced by one "… and N more" item, until the comment fits; only if
every list is down to one item are whole lines dropped from the end. The first line (the marker) always stays.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import accumulate

from integration.sticky.style import StickyStyle

ELLIPSIS = "…"


@dataclass
class _List:
    """A run of list items: where it starts, its bullet, its lines' lengths, and how many are still shown."""

    start: int
    bullet: str
    lengths: list[int] = field(default_factory=list)
    shown: int = 0
    prefix: list[int] = field(default_factory=list)

    def size(self, shown: int) -> int:
        """Return the characters the run takes (newlines included) with `shown` items and the summary item."""
        if len(self.prefix) != len(self.lengths) + 1:
            self.prefix = [0, *accumulate(self.lengths)]
        kept = self.prefix[shown] + shown
        hidden = len(self.lengths) - shown
        return kept + (len(self.summary(hidden)) + 1 if hidden else 0)

    def summary(self, hidden: int) -> str:
        return f"{self.bullet}{ELLIPSIS} and {hidden} more"


def fit(body: str, style: StickyStyle) -> str:
    """Return the body within `style.limit` characters (unchanged when it already fits)."""
    if len(body) <= style.limit:
        return body
    lines = body.split("\n")
    runs = _lists(lines, style)
    excess = len(body) - style.limit
    while excess > 0:
        longest = max((run for run in runs if run.shown > 1), key=lambda run: run.size(run.shown), default=None)
        if longest is None:
            break
        excess -= longest.size(longest.shown) - longest.size(longest.shown - 1)
        longest.shown -= 1
    trimmed = _render(lines, runs)
    return trimmed if excess <= 0 else _drop_last_lines(trimmed, style.limit)


def _lists(lines: list[str], style: StickyStyle) -> list[_List]:
    runs: list[_List] = []
    current: _List | None = None
    for index, line in enumerate(lines[1:], start=1):
        match = style.list_item.match(line)
        if match is None:
            current = None
            continue
        if current is None:
            current = _List(index, match.group(1) + " ")
            runs.append(current)
        current.lengths.append(len(line))
        current.shown += 1
    return [run for run in runs if len(run.lengths) > 1]


def _render(lines: list[str], runs: list[_List]) -> str:
    out = list(lines)
    for run in sorted(runs, key=lambda r: r.start, reverse=True):
        hidden = len(run.lengths) - run.shown
        if hidden:
            end = run.start + len(run.lengths)
            out[run.start + run.shown : end] = [run.summary(hidden)]
    return "\n".join(out)


def _drop_last_lines(body: str, limit: int) -> str:
    note = f"\n\n{ELLIPSIS} cut to fit the {limit:,}-character limit"
    lines = body.split("\n")
    ends = list(accumulate(len(line) + 1 for line in lines))  # length through each line and its newline
    keep = max(1, sum(1 for end in ends if end - 1 + len(note) <= limit))
    return "\n".join(lines[:keep])[: limit - len(note)] + note
