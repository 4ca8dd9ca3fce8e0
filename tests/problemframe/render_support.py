"""How the render tests read a comment back: Markdown rendered as a person's browser would, and what pings or links."""

from __future__ import annotations

import re

from markdown_it import MarkdownIt

MARKDOWN = MarkdownIt("commonmark").enable(["table", "strikethrough"])
MENTION = re.compile(r"(?<![A-Za-z0-9])@[A-Za-z0-9]")
ISSUE_REF = re.compile(r"#[0-9]|\bGH-[0-9]", re.IGNORECASE)


def rendered_text(markdown: str) -> str:
    """Return the visible text of rendered markdown, as GitHub's reference and mention filters see it."""
    return re.sub(r"<[^>]+>", "", MARKDOWN.render(markdown))
