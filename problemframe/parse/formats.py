"""Recognise a body's format (markdown, Jira wiki markup, ADF JSON) and turn it into markdown."""

from __future__ import annotations

import re

from problemframe.parse.adf import adf_to_markdown, looks_like_adf
from problemframe.parse.inline_html import inline_html_to_markdown
from problemframe.parse.reader_instructions import without_reader_instructions
from problemframe.parse.text import clean
from problemframe.parse.wiki import looks_like_wiki, wiki_to_markdown


def to_markdown(text: str) -> str:
    """Return cleaned markdown for a body or field value in any supported format."""
    text = clean(text)
    if looks_like_adf(text):
        text = clean(adf_to_markdown(text))
    elif looks_like_wiki(text):
        text = wiki_to_markdown(text)
    else:
        text = inline_html_to_markdown(_TEMPLATE_FRONT_MATTER.sub("", text, count=1))
    return without_reader_instructions(text)


# An issue template's own settings pasted above its body ('---\nname: Bug report\nabout: Create a report …\n---'):
# how GitHub files the template, not what anyone wrote in it.
_TEMPLATE_FRONT_MATTER = re.compile(r"\A\s*---[ \t]*\n(?=(?:[^\n]*\n){0,12}?(?:name|about|title|labels|assignees):)"
                                    r"(?:[\w-]{1,20}:[^\n]*\n){1,12}---[ \t]*(?:\n|\Z)")
