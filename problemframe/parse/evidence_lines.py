"""Split an evidence section into items: bullets with their indented lines and quotes, table rows, or lines."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from problemframe.parse.attribution import INLINE_ATTRIBUTION

MAX_SECTION_CHARS = 64_000
"""Only this much of an evidence section is read item by item; the rest of a huge paste adds nothing."""
MAX_ITEMS = 100

_BULLET = re.compile(r"^(?P<indent>[ \t]*)(?:[-*+•‣▪◦]|\d{1,3}[.)])[ \t]+(?:\[[ xX]\][ \t]+)?")
_HEADING = re.compile(r"#{1,6}(?:\s|$)")
_BOLD_ONLY = re.compile(r"^(?:\*\*|__)([^*_\n]{1,80})(?:\*\*|__):?$")


@dataclass(slots=True)
class Item:
    """An item being collected: its lines, quote lines, bullet indent and group heading."""

    lines: list[str] = field(default_factory=list)
    quotes: list[str] = field(default_factory=list)
    indent: int = -1
    group: str | None = None
    header: bool = False


def split_items(text: str) -> list[Item]:
    """Split a section into items: bullets (with their indented lines and quotes), table rows, or lines."""
    lines = text[:MAX_SECTION_CHARS].split("\n")
    items: list[Item] = []
    group: str | None = None
    bold_group = False
    current: Item | None = None
    for number, line in enumerate(lines):
        if len(items) >= MAX_ITEMS:
            break
        stripped = line.strip()
        if not stripped and bold_group:
            group, bold_group = None, False
        if not stripped or stripped.startswith(("```", "~~~", "||")) or _is_table_rule(stripped):
            continue
        bold = _BOLD_ONLY.match(stripped)
        if bold or _HEADING.match(stripped):
            # A customer's name on a line of its own heads the items under it; alone, it is an item itself.
            group = (bold.group(1) if bold else stripped.lstrip("#")).strip(" *_:") or None
            bold_group = bold is not None
            current = None
            items.append(Item(lines=[group or stripped], group=group, header=True))
            continue
        if stripped.startswith(">"):
            quote = stripped.lstrip("> \t")
            after_blank = number > 0 and not lines[number - 1].strip()
            if current is not None and not (after_blank and (current.quotes or _introduces(current))):
                current.quotes.append(quote)
            elif quote:
                current = Item(quotes=[quote], group=group)
                items.append(current)
            continue
        if stripped.startswith("|"):
            following = lines[number + 1] if number + 1 < len(lines) else ""
            if _is_table_rule(following.strip()):
                continue
            cells = [cell.strip() for cell in stripped.strip("|").split("|") if cell.strip()]
            current = Item(lines=[" — ".join(cells)], group=group)
            items.append(current)
            continue
        bullet = _BULLET.match(line)
        indent = len(line) - len(line.lstrip())
        if bullet:
            content = line[bullet.end() :].strip()
            if current is not None and current.indent >= 0 and indent > current.indent + 1:
                current.lines.append(content)
                continue
            current = Item(lines=[content], indent=indent, group=group)
        elif current is not None and current.indent >= 0 and indent > current.indent:
            current.lines.append(stripped)
            continue
        else:
            current = Item(lines=[stripped], group=group)
        items.append(current)
    return [
        item
        for number, item in enumerate(items)
        if not item.header or not _heads(item, items[number + 1] if number + 1 < len(items) else None)
    ]


def one_per_voice(items: list[Item]) -> list[Item]:
    """Split a quote whose every line is signed ('"…" — *Kev D.*, App Store') into one item per line."""
    split: list[Item] = []
    for item in items:
        if len(item.quotes) > 1 and all(INLINE_ATTRIBUTION.search(line) for line in item.quotes):
            split.extend(Item(lines=list(item.lines) if number == 0 else [], quotes=[line], group=item.group)
                         for number, line in enumerate(item.quotes))
        else:
            split.append(item)
    return split


def _introduces(item: Item) -> bool:
    """Return whether an item's line introduces what follows ('Reviews from the last three weeks (AppFollow):').

    Quotes set apart below it, each with its own header or attribution, are items of their own.
    """
    return bool(item.lines) and item.lines[-1].rstrip(" *_").endswith(":")


def _heads(header: Item, following: Item | None) -> bool:
    """Return whether the item after a header line belongs under it (so the header is no item of its own)."""
    return following is not None and not following.header and following.group == header.group


def _is_table_rule(line: str) -> bool:
    """Return whether a line is a markdown table's header rule, such as `|---|:---:|`."""
    return "|" in line and "-" in line and not line.strip("|:- \t")
