"""Markup-neutral blocks of a comment, and their rendering as GitHub markdown or Jira wiki markup within a limit."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from problemframe.numbers import figure
from problemframe.render_text import ELLIPSIS, escape_wiki, neutralise, safe_url

MARKER = "<!-- problemframe -->"
WIKI_MARKER = "{anchor:problemframe}"
GITHUB_COMMENT_LIMIT = 65_536
JIRA_COMMENT_LIMIT = 32_767
_MARKDOWN_ICONS: dict[str, str] = {"ok": "✅", "error": "❌", "warning": "⚠️", "skip": "➖"}
_WIKI_ICONS: dict[str, str] = {"ok": "(/)", "error": "(x)", "warning": "(!)", "skip": "(-)"}


@dataclass(frozen=True)
class Span:
    """A run of text: our own words (plain, strong, code, icon), user text (user, user_strong), or a link."""

    text: str
    style: Literal["plain", "user", "user_strong", "strong", "code", "icon", "link"] = "plain"
    url: str | None = None


Line = tuple[Span, ...]


@dataclass(frozen=True)
class Heading:
    """A section heading."""

    line: Line


@dataclass(frozen=True)
class Paragraph:
    """One line of prose."""

    line: Line


@dataclass(frozen=True)
class Bullets:
    """A list whose items are (nesting level, line); long lists are cut and say how many were left out."""

    items: tuple[tuple[int, Line], ...]
    noun: str = "lines"


@dataclass(frozen=True)
class Raw:
    """A block another module wrote in the target markup, passed through unchanged."""

    text: str


Block = Heading | Paragraph | Bullets | Raw


@dataclass(frozen=True)
class Syntax:
    """How one markup writes each kind of block and span, and how long a comment may be."""

    marker: str
    heading: str
    bullet: Callable[[int], str]
    strong: Callable[[str], str]
    code: Callable[[str], str]
    link: Callable[[str, str], str]
    escape: Callable[[str, int], str]
    icons: Mapping[str, str]
    limit: int


MARKDOWN = Syntax(
    marker=MARKER,
    heading="### ",
    bullet=lambda level: "  " * level + "- ",
    strong=lambda text: f"**{text}**",
    code=lambda text: f"`{text}`",
    link=lambda text, url: f"[{text}]({url})",
    escape=lambda text, limit: neutralise(text, limit=limit),
    icons=_MARKDOWN_ICONS,
    limit=GITHUB_COMMENT_LIMIT,
)
WIKI = Syntax(
    marker=WIKI_MARKER,
    heading="h3. ",
    bullet=lambda level: "*" * (level + 1) + " ",
    strong=lambda text: f"*{text}*",
    code=lambda text: "{{" + text + "}}",
    link=lambda text, url: f"[{text}|{url}]",
    escape=lambda text, limit: escape_wiki(text, limit=limit),
    icons=_WIKI_ICONS,
    limit=JIRA_COMMENT_LIMIT,
)


def tracker_syntax(tracker: str) -> Syntax:
    """Return Jira wiki markup for Jira and GitHub markdown otherwise."""
    return WIKI if tracker == "jira" else MARKDOWN


def _span(span: Span, syntax: Syntax, text_limit: int) -> str:
    if span.style in {"user", "user_strong"}:
        text = syntax.escape(span.text, text_limit)
        if span.style == "user_strong":
            return syntax.strong(text) if text else ""
        # Escaping trims the ends; keep one space where the user text had some, so spans do not run together.
        lead = " " if span.text[:1].isspace() else ""
        trail = " " if span.text[-1:].isspace() and text else ""
        return lead + text + trail
    if span.style == "strong":
        return syntax.strong(span.text)
    if span.style == "code":
        return syntax.code(span.text)
    if span.style == "icon":
        return syntax.icons[span.text]
    if span.style == "link":
        url = safe_url(span.url)
        return syntax.link(span.text, url) if url else span.text
    return span.text


def _block(block: Block, syntax: Syntax, *, max_items: int | None, text_limit: int) -> str:
    if isinstance(block, Raw):
        return block.text.strip("\n")
    if isinstance(block, Heading | Paragraph):
        text = "".join(_span(span, syntax, text_limit) for span in block.line)
        return syntax.heading + text if isinstance(block, Heading) else text
    return "\n".join(_bullet_lines(block, syntax, max_items=max_items, text_limit=text_limit))


def _bullet_lines(block: Bullets, syntax: Syntax, *, max_items: int | None, text_limit: int) -> list[str]:
    """Render list items, keeping at most `max_items` under each parent and saying how many were left out."""
    lines: list[str] = []
    shown: dict[int, int] = {}
    hidden: dict[int, int] = {}
    skipping_below: int | None = None

    def close(level: int) -> None:
        for deeper in sorted((lvl for lvl in shown if lvl > level), reverse=True):
            if hidden.get(deeper):
                lines.append(f"{syntax.bullet(deeper)}{ELLIPSIS} {hidden[deeper]} more {block.noun} not shown")
            shown.pop(deeper, None)
            hidden.pop(deeper, None)

    for level, line in block.items:
        if skipping_below is not None and level > skipping_below:
            continue  # children of a left-out item go with it
        skipping_below = None
        close(level)
        shown.setdefault(level, 0)
        if max_items is not None and shown[level] >= max_items:
            hidden[level] = hidden.get(level, 0) + 1
            skipping_below = level
            continue
        shown[level] += 1
        lines.append(syntax.bullet(level) + "".join(_span(span, syntax, text_limit) for span in line))
    close(-1)
    return lines


# Ever tighter (items per list, characters per user text) until the comment fits the tracker's limit.
_BUDGETS: tuple[tuple[int | None, int], ...] = ((None, 1000), (100, 300), (30, 160), (10, 100), (3, 60))


def render_blocks(blocks: Sequence[Block], syntax: Syntax, *, extra_sections: Sequence[str] = ()) -> str:
    """Render blocks in one markup, cutting lists and texts until the result fits the tracker's limit."""
    limit = syntax.limit - 256  # room for the note saying something was left out
    cut = False
    extras: list[str] = []
    used = 0
    for extra in extra_sections:
        text = extra.strip("\n")
        if not text.strip():
            continue
        # Other modules' sections (outcome status) may take half the room; the checklist keeps the rest.
        if used + len(text) + 2 > limit // 2:
            cut = True
            continue
        extras.append(text)
        used += len(text) + 2
    room = limit - used
    for index, (max_items, text_limit) in enumerate(_BUDGETS):
        body = _join(blocks, syntax, max_items=max_items, text_limit=text_limit)
        if len(body) <= room:
            cut = cut or index > 0
            break
    else:
        body = _hard_cut(_join(blocks, syntax, max_items=1, text_limit=40), room)
        cut = True
    body = "\n\n".join([body, *extras])
    return body + _cut_note(syntax) if cut else body


def _join(blocks: Sequence[Block], syntax: Syntax, *, max_items: int | None, text_limit: int) -> str:
    rendered = [_block(block, syntax, max_items=max_items, text_limit=text_limit) for block in blocks]
    return "\n\n".join([syntax.marker, *rendered])


def _cut_note(syntax: Syntax) -> str:
    return "\n\n" + syntax.strong(f"Some lines were left out to stay under the {figure(syntax.limit)}-character limit.")


def _hard_cut(text: str, limit: int) -> str:
    """Cut at a line boundary: every line is self-contained, so no markup is left open."""
    return text[:limit].rsplit("\n", 1)[0]
