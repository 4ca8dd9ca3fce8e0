"""Split a markdown body into named sections: headings, bold labels and inline `Label:` lines."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from problemframe.parse.document import Block, Document, blank_code_spans
from problemframe.parse.labels import FORM_LABELS, METRIC_KEYS, Key, Label, classify, classify_exact

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_ATX = re.compile(r"^ {0,3}(#{1,6})(?=[ \t]|$)")
_SETEXT = re.compile(r"^ {0,3}(?:={3,}|-{3,})[ \t]*$")
_DIGITS = re.compile(r"\d")
_BOLD_LABEL = re.compile(r"^ {0,3}(\*\*|__|\*|_)(?P<label>[^*_\n]{1,80}?)\1(?![*_])(?P<rest>.*)$")
_INLINE_LABEL = re.compile(r"^ {0,3}(?P<label>[^\s:：#>*|+\-\d\[(][^:：\n]{0,50}?)[ \t]*[:：][ \t]*(?P<rest>.*)$")
# A ticket's own fields: after a part given as a field ('**Requested by:** …'), one of these opens the next field.
_TICKET_FIELD = re.compile(
    r"(?i:priority|owners?|status|assignee|due(?: date)?|needed by|for|team|squad|components?|severity|sev|sprint"
    r"|epic|fix version|affects version|analytics owner|analyst|(?:eng|engineering|product) owner|reviewers?"
    r"|stakeholders|area|type|milestone|output|format|deliverable|timebox|effort|size|(?:story )?points"
    r"|(?:feature )?flag|(?:target )?release|platform|labels?|deadline)$"
)
_NOT_PLAIN = re.compile(r"^\s*(?:[-*+>|•]|\d{1,3}[.)]\s|$)")
_FRAME_KEYS: frozenset[Key] = frozenset({"problem", "who", "evidence", "metric"})
_FORM_HEADINGS = {label.lower(): key for label, key in FORM_LABELS.items()}
_MAX_FORM_SCAN = 400
MAX_LABEL_WORDS = 5
INLINE_LABEL_LEVEL = 7
"""The level of a section opened by a label line ('**Impact:** …'), below every heading."""
PROBLEM_HEADING = 3
"""The strength of a heading that names the problem outright ('Problem', 'What problem are we solving?')."""
_METRIC_PIECES: frozenset[Key] = METRIC_KEYS - {"metric"}


@dataclass(slots=True)
class Section:
    """A run of lines under one heading; `key` is None for text under no known heading."""

    key: Key | None
    strength: int
    label: str
    level: int
    start: int = 0
    lines: list[str] = field(default_factory=list)
    numbers: list[int] = field(default_factory=list)

    @property
    def text(self) -> str:
        """Return the section's lines joined and stripped."""
        return "\n".join(self.lines).strip()

    def masked_text(self, masked: list[str]) -> str:
        """Return the section's text from the masked body (code emptied), line for line."""
        return "\n".join(
            masked[number] if number >= 0 else blank_code_spans(line)
            for line, number in zip(self.lines, self.numbers, strict=True)
        ).strip()

    def add(self, line: str, number: int) -> None:
        """Append a body line and its number (-1: the rest of a label line, not a whole body line)."""
        self.lines.append(line)
        self.numbers.append(number)


def form_parts(lines: list[str]) -> frozenset[Key]:
    """Return the parts the project's issue form headings name, when the body has two or more of them."""
    found: set[Key] = set()
    for line in lines[:_MAX_FORM_SCAN]:
        if line.startswith("### "):
            key = _FORM_HEADINGS.get(line[4:].strip().lower())
            if key is not None:
                found.add(key)
    return frozenset(found) if len(found) >= 2 else frozenset()


def split_sections(text: str) -> list[Section]:
    """Split markdown into sections; the first one holds whatever comes before any heading."""
    lines = text.split("\n")
    # In the issue form's output, a label inside a field is text unless it names a part the form left out.
    taken = form_parts(lines)
    sections = [Section(None, 0, "", 0)]
    metric_seen = False
    fence = ""
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        current = sections[-1]
        if fence:
            current.add(line, index - 1)
            if line.strip().startswith(fence):
                fence = ""
            continue
        first = line.lstrip()[:1]
        fence_match = _FENCE.match(line) if first in ("`", "~") else None
        if fence_match:
            fence = fence_match.group(1)
            current.add(line, index - 1)
            continue
        # A blank line opens no section, and blank lines are about half of a body.
        heading = (
            _heading(line, lines[index] if index < len(lines) else "", taken=taken,
                     other=current.key == "other" or (current.key is None and current.level == INLINE_LABEL_LEVEL),
                     field_open=current.level == INLINE_LABEL_LEVEL and current.key in _FRAME_KEYS)
            if first else None
        )
        if heading is not None and len(sections) == 1 and not "".join(current.lines).strip() and _is_title(heading):
            # '# Consignee-facing ETA window narrower than "all day"' opening the body is its title, not a section.
            heading = (heading[0], heading[1], heading[2], None, heading[4])
        if heading is not None and heading[1] == INLINE_LABEL_LEVEL and heading[3] is not None and (
                heading[3].key in _METRIC_PIECES):
            # 'Source: JSM request' at the top of a ticket is where it came from, not a metric's data source.
            heading = heading if metric_seen else None
        elif heading is not None and heading[3] is not None and heading[3].key == "source" and not metric_seen and (
                heading[0].strip(" *_:").lower() == "source"):
            # 'h2. Source' in a bug with no metric above it tells where the report came from.
            heading = (heading[0], heading[1], heading[2], Label("evidence", 1), heading[4])
        if heading is None:
            if first and current.level == INLINE_LABEL_LEVEL and current.key == "other" and (
                    current.numbers[:1] == [-1] and index >= 2 and not lines[index - 2].strip()):
                # '*Environment:* prod EU' holds its value on its line; the paragraph after a blank line is text again.
                current = Section(None, 0, "", 0, start=index - 1)
                sections.append(current)
            current.add(line, index - 1)
            continue
        label, level, rest, found, setext = heading
        if _is_content(found, level, current):
            current.add(line, index - 1)
            continue
        metric_seen = metric_seen or (found is not None and found.key in METRIC_KEYS)
        section = Section(key=found.key if found else None, strength=found.strength if found else 0, label=label,
                          level=level, start=index - 1)
        if setext:
            index += 1
        if rest:
            section.add(rest, -1)
        sections.append(section)
    return sections


def _is_title(heading: tuple[str, int, str, Label | None, bool]) -> bool:
    """Return whether the body's first heading is the ticket's title: a long statement, not a question or a label."""
    label, level, _, found, _ = heading
    return (found is not None and level <= 2 and len(label.split()) > MAX_LABEL_WORDS and "?" not in label
            and not label.rstrip().endswith(":") and classify_exact(label) is None)


def _heading(
    line: str, following: str, *, taken: frozenset[Key], other: bool = False, field_open: bool = False
) -> tuple[str, int, str, Label | None, bool] | None:
    """Return (label, level, rest of line, classification, is setext) when the line opens a section."""
    first = line.lstrip()[:1]
    if not first:
        return None
    atx = _ATX.match(line) if first == "#" else None
    if atx:
        label = line[atx.end() :].strip()
        stripped = label.rstrip("#")
        if stripped != label and (not stripped or stripped[-1] in " \t"):
            label = stripped.strip()
        return label, len(atx.group(1)), "", classify(label), False
    if following.lstrip()[:1] in ("=", "-") and _SETEXT.match(following) and not _NOT_PLAIN.match(line):
        found = classify(line.strip())
        if found is not None:
            return line.strip(), 1 if following.strip()[0] == "=" else 2, "", found, True
        return None
    bold = _BOLD_LABEL.match(line) if first in ("*", "_") else None
    if bold:
        label = bold.group("label").strip()
        rest = bold.group("rest").strip()
        colon = label.endswith((":", "：")) or rest.startswith((":", "："))
        found = classify(label)
        if found is not None and found.key not in taken and (colon or not rest or label.endswith("?")):
            return label, INLINE_LABEL_LEVEL, rest.lstrip(":： \t"), found, False
        if found is None and colon and field_open and _TICKET_FIELD.match(label.rstrip(":： ")):
            # '**Requested by:** Marcus (CS Ops)' then '**For:** the offsite': the next field ends the one above.
            return label, INLINE_LABEL_LEVEL, rest.lstrip(":： \t"), None, False
        if found is None and not rest and (other or (field_open and not _DIGITS.search(label))) and len(
                label.split()) <= MAX_LABEL_WORDS:
            # '**Customer impact**' after '**Steps to reproduce**' ends the steps, though we do not know its name;
            # '**Child issues**' after '**Key results**' ends the key results.
            return label, INLINE_LABEL_LEVEL, "", None, False
        return None
    inline = _INLINE_LABEL.match(line) if ":" in line[:60] or "：" in line[:60] else None
    if inline:
        found = classify_exact(inline.group("label"))
        if found is not None and found.key in _FRAME_KEYS and found.key not in taken:
            return inline.group("label").strip(), INLINE_LABEL_LEVEL, inline.group("rest").strip(), found, False
    return None


def _is_content(found: Label | None, level: int, current: Section) -> bool:
    """Return whether a heading belongs inside the current section rather than opening a new one."""
    if current.key is None or current.key == "other":
        return False
    if found is not None and found.key == current.key and level == INLINE_LABEL_LEVEL:
        return True
    deeper = level > current.level
    return deeper and (found is None or found.key == current.key)


def pick_parts(sections: list[Section], masked: list[str] | None = None) -> dict[Key, str]:
    """Return the text of each part from its strongest sections; untitled text at the top is the problem.

    With `masked` (the body's lines with code emptied), the texts are taken from it instead.
    """
    texts = [section.text if masked is None else section.masked_text(masked) for section in sections]
    best: dict[Key, int] = {}
    for section, text in zip(sections, texts, strict=True):
        if section.key is not None and text:
            best[section.key] = max(best.get(section.key, -1), section.strength)
    parts: dict[Key, list[str]] = {}
    for section, text in zip(sections, texts, strict=True):
        key = section.key
        # Without a 'Problem' heading, 'Context' and 'Why now' together say what hurts, in the ticket's order.
        loose_problem = key == "problem" and best.get(key, 0) < PROBLEM_HEADING
        if key is not None and (section.strength == best.get(key) or loose_problem) and text:
            parts.setdefault(key, []).append(text)
    if "problem" not in parts:
        # Untitled text at the top (before any part's heading, or under the ticket's own title) is the problem.
        lead: list[str] = []
        for section, text in zip(sections, texts, strict=True):
            if section.key == "other" and section.level == INLINE_LABEL_LEVEL:
                continue  # a field among the header lines ('*Component:* Webhooks'), the text goes on after it
            if section.key is not None:
                break
            text = _without_fields(text)
            if text:
                lead.append(text)
        if lead:
            parts["problem"] = lead
    return {key: "\n\n".join(texts) for key, texts in parts.items()}


# '**Owner:** @lucia · **Status:** Ready for review' or '**Status:** Under consideration · 👍 412': fields, not prose.
_FIELD_LINE = re.compile(r"^\s*(?:[-*+]\s+)?(?:\*\*|__|\*|_)?[\w][\w /.-]{0,30}"
                         r"(?::(?:\*\*|__|\*|_)|(?:\*\*|__|\*|_)?:)\s*[^\n]{0,120}$")


def _without_fields(text: str) -> str:
    """Return untitled text without its leading field lines ('**Status:** …'), which state no problem."""
    lines = text.split("\n")
    while lines and (not lines[0].strip() or _FIELD_LINE.match(lines[0])):
        lines.pop(0)
    return "\n".join(lines).strip()


def part_strength(sections: list[Section], key: Key) -> int:
    """Return how sure the strongest heading naming a part is (0: the part is untitled text, or absent)."""
    return max((section.strength for section in sections if section.key == key and section.text), default=0)


def running_text(document: Document, sections: list[Section]) -> Iterator[tuple[Block, Section]]:
    """Yield each paragraph, list item and quote of a body with the section it stands in."""
    starts = [section.start for section in sections]
    for block in document.blocks:
        if block.kind in ("paragraph", "item", "quote"):
            yield block, sections[max(0, bisect.bisect_right(starts, block.start) - 1)]
