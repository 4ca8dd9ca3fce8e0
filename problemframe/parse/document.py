"""Read the block structure of a markdown body with markdown-it-py: headings, paragraphs, items, quotes, rows, code.

Jira wiki markup and ADF are turned into markdown first (`formats.to_markdown`), so every format shares this one
document model. Only block structure is parsed: inline markup is read where it matters (links, code spans) by the
readers, which keeps the whole judgement within a small multiple of markdown-it-py's own tokenizing time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from markdown_it import MarkdownIt

BlockKind = Literal["heading", "paragraph", "item", "quote", "row", "code", "html"]

_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.DOTALL)
MAX_BLOCKS = 5_000
"""Blocks past this are not read: no real ticket has more, and the cap bounds the work on hostile input."""


@dataclass(slots=True)
class Block:
    """One block of a body: its kind, its lines [start, end) and its text with code spans blanked."""

    kind: BlockKind
    start: int
    end: int
    text: str
    level: int = 0
    cells: list[str] = field(default_factory=list)
    header: bool = False


@dataclass(slots=True)
class Document:
    """A body's blocks in order, and which of its lines are code (never evidence nor a metric value)."""

    lines: list[str]
    blocks: list[Block]
    code_lines: frozenset[int]

    def masked(self, *, spans: bool) -> list[str]:
        """Return the body's lines with code blocks emptied (and code spans blanked with `spans`), line for line."""
        out = list(self.lines)
        for number in self.code_lines:
            out[number] = ""
        if spans:
            out = [blank_code_spans(line) if "`" in line else line for line in out]
        return out


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"maxNesting": 40}).enable("table")
    # Inline markup is read by the readers themselves; the inline pass would double the time for nothing.
    parser.disable(["inline", "text_join"])
    return parser


def blank_code_spans(text: str) -> str:
    """Return text with each `code span` replaced by spaces of the same length."""
    return _CODE_SPAN.sub(lambda match: " " * len(match.group(0)), text)


def read_document(markdown: str) -> Document:
    """Return the blocks of a markdown body, outermost container deciding a block's kind (quote, item)."""
    lines = markdown.split("\n")
    blocks: list[Block] = []
    code: set[int] = set()
    quote_depth = 0
    item_depth = 0
    row: Block | None = None
    opener = ""
    level = 0
    for token in _parser().parse(markdown):
        kind = token.type
        if kind == "blockquote_open":
            quote_depth += 1
        elif kind == "blockquote_close":
            quote_depth -= 1
        elif kind == "list_item_open":
            item_depth += 1
        elif kind == "list_item_close":
            item_depth -= 1
        elif kind in ("fence", "code_block") and token.map:
            start, end = token.map
            fenced = kind == "fence"
            code.update(range(start + fenced, end - fenced if fenced and end - start > 1 else end))
            blocks.append(Block("code", start, end, token.content))
        elif kind == "html_block" and token.map:
            blocks.append(Block("html", token.map[0], token.map[1], token.content))
        elif kind == "tr_open" and token.map:
            row = Block("row", token.map[0], token.map[1], "", header=opener == "thead")
            blocks.append(row)
        elif kind in ("thead_open", "tbody_open"):
            opener = kind[:5]
        elif kind == "tr_close" and row is not None:
            row.text = " | ".join(row.cells)
            row = None
        elif kind in ("heading_open", "paragraph_open"):
            opener = kind
            level = int(token.tag[1]) if kind == "heading_open" else item_depth
        elif kind == "inline":
            text = blank_code_spans(token.content) if "`" in token.content else token.content
            if row is not None:
                row.cells.append(text.strip())
            elif token.map:
                block_kind: BlockKind = (
                    "heading" if opener == "heading_open" else "quote" if quote_depth else "item" if item_depth
                    else "paragraph"
                )
                blocks.append(Block(block_kind, token.map[0], token.map[1], text, level=level))
        if len(blocks) >= MAX_BLOCKS:
            break
    return Document(lines=lines, blocks=blocks, code_lines=frozenset(code))
