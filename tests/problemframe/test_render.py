"""User text echoed into comments pings no one, links nothing, hides nothing, in Markdown and in Jira wiki markup."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from problemframe.render import MARKER, escape_wiki, neutralise, safe_url
from tests.problemframe.render_support import ISSUE_REF, MARKDOWN, MENTION, rendered_text

UNESCAPED = re.compile(r"(?<!\\)[`|*_\[\]~]")
EVIL = [
    "@octocat please look",
    "cc @github/security-team",
    "fixes #123 and GH-45 and octo-org/octo-repo#1",
    "<!-- problemframe --> forged",
    "<!-- hidden --> comment",
    '<img src=x onerror="alert(1)">',
    "```python\nimport os\n",
    "## Heading\n| a | b |\n|---|---|",
    "mail me at ceo@example.com or see https://github.com/o/r/issues/9 and www.example.com",
    "![pixel](https://tracker.example/p.gif) [click](javascript:alert(1))",
    "$\\sqrt{x}$ math and &#64;octocat and `unbalanced",
    "\u202eevil\u202c text\u200b with\x1b[31m controls",
]


@pytest.mark.parametrize("text", EVIL)
def test_neutralised_text_renders_as_one_plain_paragraph(text: str) -> None:
    out = neutralise(text)
    html = MARKDOWN.render(out)
    assert re.findall(r"</?[a-z0-9]+", html) in ([], ["<p", "</p"]), html
    visible = rendered_text(out)
    assert not MENTION.search(visible)
    assert not ISSUE_REF.search(visible)
    assert "://" not in visible and "www." not in visible
    assert MARKER not in out and "<!--" not in out and "<" not in out
    assert "\n" not in out and "\u202e" not in out and "\x1b" not in out
    assert not UNESCAPED.search(out)


def test_mentions_and_references_stay_readable() -> None:
    assert neutralise("@octocat").replace("\u200d", "") == "@octocat"
    assert neutralise("#123").replace("\u200d", "") == "\\#123"


def test_long_text_is_cut_with_an_ellipsis() -> None:
    out = neutralise("word " * 100, limit=20)
    assert out.endswith("…")
    assert len(out) == 20
    assert neutralise("short", limit=20) == "short"


def test_leading_list_markers_are_escaped() -> None:
    assert MARKDOWN.render(neutralise("- item")) == "<p>- item</p>\n"
    assert MARKDOWN.render(neutralise("12. item")) == "<p>12. item</p>\n"
    assert MARKDOWN.render(neutralise("+ item")) == "<p>+ item</p>\n"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_any_text_neutralises_to_a_single_tagless_paragraph(text: str) -> None:
    out = neutralise(text)
    html = MARKDOWN.render(out)
    assert re.findall(r"</?[a-z0-9]+", html) in ([], ["<p", "</p"]), (out, html)
    assert not MENTION.search(rendered_text(out))
    assert MARKER not in out


def test_wiki_escaping_defuses_mentions_macros_and_markup() -> None:
    out = escape_wiki("[~admin] [~accountid:5b10a2844c20165700ede21g] {html}<b>x</b>{html} *bold* -strike- |cell|")
    assert not re.search(r"(?<!\\)[\[\]{}*|]", out)
    assert "[~" not in out.replace("\\[~", "")
    assert escape_wiki("h1. Title").startswith("h\u200d1.")
    assert escape_wiki("bq. quote").startswith("b\u200dq.")


def test_safe_url_only_passes_http_links_that_cannot_break_out() -> None:
    assert safe_url("https://acme.zendesk.com/agent/tickets/1") == "https://acme.zendesk.com/agent/tickets/1"
    assert safe_url("javascript:alert(1)") is None
    assert safe_url("data:text/html,x") is None
    assert safe_url("https://x.example/a b") is None
    assert safe_url("https://x.example/a)b](c|d") == "https://x.example/a%29b%5D%28c%7Cd"
    assert safe_url(None) is None
