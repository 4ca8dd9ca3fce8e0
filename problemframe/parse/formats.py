"""Recognise a body's format (markdown, Jira wiki markup, ADF JSON) and turn it into markdown."""

from __future__ import annotations

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
        text = inline_html_to_markdown(text)
    return without_reader_instructions(text)
