"""Turn Atlassian Document Format (ADF) JSON into the markdown the section splitter reads."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

_MAX_DEPTH = 48
_MAX_NODES = 50_000
_TEXT_FIELD = re.compile(r'"text"\s*:\s*"((?:[^"\\\n]|\\.){0,5000})"')
_BLOCKS = frozenset({"paragraph", "heading", "bulletList", "orderedList", "blockquote", "codeBlock", "rule",
                     "panel", "table", "expand", "mediaSingle"})


def looks_like_adf(text: str) -> bool:
    """Return whether text is (or tries to be) an ADF document."""
    head = text.lstrip()[:4096]
    return head.startswith("{") and '"type"' in head and ('"doc"' in head or '"content"' in head)


def adf_to_markdown(text: str) -> str:
    """Return markdown for an ADF document; broken JSON gives its text fields, one per line."""
    try:
        doc = json.loads(text)
    except (ValueError, RecursionError):
        return _salvage(text)
    if not isinstance(doc, dict):
        return _salvage(text)
    writer = _Writer()
    return "\n".join(writer.blocks(doc, 0)).strip()


def _salvage(text: str) -> str:
    """Return the text fields of malformed ADF, so its words still count."""
    lines = []
    for match in _TEXT_FIELD.finditer(text):
        try:
            lines.append(str(json.loads('"' + match.group(1) + '"')))
        except ValueError:
            lines.append(match.group(1))
    return "\n".join(lines)


class _Writer:
    """Walk an ADF tree with bounded depth and a node budget."""

    def __init__(self) -> None:
        """Start with an empty node budget."""
        self.nodes = 0

    def blocks(self, node: Any, depth: int) -> list[str]:
        """Return the markdown lines of a block node."""
        self.nodes += 1
        if not isinstance(node, dict) or self.nodes > _MAX_NODES:
            return []
        if depth > _MAX_DEPTH:
            return [self.flat(node)]
        kind = node.get("type")
        attrs = _attrs(node)
        if kind == "paragraph":
            return [*self.inline(node).split("\n"), ""]
        if kind == "heading":
            level = attrs.get("level")
            depth_mark = min(max(level, 1), 6) if isinstance(level, int) else 2
            return ["#" * depth_mark + " " + self.inline(node).replace("\n", " "), ""]
        if kind in ("bulletList", "orderedList"):
            return [*self.items(node, depth, "- " if kind == "bulletList" else "1. "), ""]
        if kind == "blockquote":
            return ["> " + line if line else ">" for line in self.children(node, depth)] + [""]
        if kind == "codeBlock":
            return ["```", self.flat(node), "```", ""]
        if kind == "rule":
            return [""]
        if kind == "table":
            # A table ends at a blank line: text right under it would be read as one more row.
            return [*self.children(node, depth), ""]
        if kind == "tableRow":
            cells = [cell for cell in _content(node)[:50] if isinstance(cell, dict)]
            row = ["| " + " | ".join(self.flat(cell) for cell in cells) + " |"]
            if cells and all(cell.get("type") == "tableHeader" for cell in cells):
                row.append("|" + " --- |" * len(cells))
            return row
        if kind == "text" or kind in ("mention", "emoji", "inlineCard", "date", "status", "hardBreak"):
            return [self.inline({"content": [node]})]
        return self.children(node, depth)

    def children(self, node: dict[str, Any], depth: int) -> list[str]:
        """Return the lines of a node's block children, or its inline text when it has only inline children."""
        content = _content(node)
        if content and all(isinstance(c, dict) and c.get("type") not in _BLOCKS for c in content) and any(
            isinstance(c, dict) and c.get("type") == "text" for c in content
        ):
            return [self.inline(node)]
        lines: list[str] = []
        for child in content:
            lines.extend(self.blocks(child, depth + 1))
        return lines

    def items(self, node: dict[str, Any], depth: int, marker: str) -> list[str]:
        """Return the lines of a list: the first line of each item gets the marker, the rest are indented."""
        lines: list[str] = []
        for item in _content(node):
            body = [line for line in self.children(item, depth + 1) if line.strip()] if isinstance(item, dict) else []
            if not body:
                continue
            lines.append(marker + body[0])
            lines.extend("  " + line for line in body[1:])
        return lines

    def inline(self, node: dict[str, Any]) -> str:
        """Return the text of a node's inline children with links, bold and code as markdown."""
        out: list[str] = []
        for child in _content(node):
            self.nodes += 1
            if not isinstance(child, dict) or self.nodes > _MAX_NODES:
                continue
            out.append(_inline_text(child) if child.get("type") != "paragraph" else self.inline(child))
        return "".join(out)

    def flat(self, node: Any) -> str:
        """Return all text under a node on one line, walking it without recursion."""
        words: list[str] = []
        stack = [node]
        while stack and self.nodes <= _MAX_NODES:
            current = stack.pop()
            self.nodes += 1
            if not isinstance(current, dict):
                continue
            text = _inline_text(current)
            if text:
                words.append(text)
            stack.extend(reversed(_content(current)))
        return " ".join(" ".join(words).split())


def _attrs(node: dict[str, Any]) -> dict[str, Any]:
    """Return a node's attrs, or an empty mapping when they are missing or malformed."""
    attrs = node.get("attrs")
    return attrs if isinstance(attrs, dict) else {}


def _content(node: dict[str, Any]) -> list[Any]:
    """Return a node's children, or an empty list when they are missing or malformed."""
    content = node.get("content")
    return content if isinstance(content, list) else []


def _inline_text(node: dict[str, Any]) -> str:
    """Return the markdown text of one inline node."""
    kind = node.get("type")
    attrs = _attrs(node)
    if kind == "text":
        text = node.get("text")
        return _marked(text, node.get("marks")) if isinstance(text, str) else ""
    if kind == "hardBreak":
        return "\n"
    if kind in ("mention", "emoji", "status"):
        value = attrs.get("text") or attrs.get("shortName") or ""
        return value if isinstance(value, str) else ""
    if kind in ("inlineCard", "blockCard", "embedCard"):
        url = attrs.get("url")
        return f"<{url}>" if isinstance(url, str) else ""
    if kind == "date":
        return _date(attrs.get("timestamp"))
    return ""


def _marked(text: str, marks: Any) -> str:
    """Apply link, strong and code marks to a text run."""
    if not isinstance(marks, list):
        return text
    for mark in marks:
        if not isinstance(mark, dict):
            continue
        kind = mark.get("type")
        attrs = _attrs(mark)
        if kind == "link" and isinstance(attrs.get("href"), str):
            href = attrs["href"]
            text = f"<{href}>" if text.strip() == href else f"[{text}]({href})"
        elif kind == "strong" and text.strip():
            text = f"**{text}**"
        elif kind == "code":
            text = f"`{text}`"
    return text


def _date(timestamp: Any) -> str:
    """Return an ADF date node (milliseconds since the epoch, as text or number) as an ISO date."""
    try:
        seconds = float(timestamp) / 1000
        return dt.datetime.fromtimestamp(seconds, tz=dt.UTC).date().isoformat()
    except (TypeError, ValueError, OverflowError, OSError):
        return ""
