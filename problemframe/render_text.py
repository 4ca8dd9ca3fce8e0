"""Make user text safe to echo: no pings, no cross-references, no hidden HTML, no broken layout."""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

ELLIPSIS = "…"
ZWJ = "\u200d"

# Control characters, zero-width characters and bidirectional overrides: invisible, and able to disguise text.
_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]")

# GitHub links @user and @org/team, #123, GH-123 and owner/repo#123, and bare URLs, www. and e-mail addresses;
# a zero-width joiner after the trigger keeps the text readable while GitHub no longer recognises it.
# https://docs.github.com/en/get-started/writing-on-github/working-with-advanced-formatting/autolinked-references-and-urls
_MARKDOWN_TOKEN = re.compile(
    r"""
    (?P<mention>@)(?=[A-Za-z0-9])
    | (?P<issue>\#)(?=[0-9])
    | (?P<gh>\b[Gg][Hh]-)(?=[0-9])
    | (?P<scheme>:)(?=//)
    | (?P<www>\b[Ww]{3})(?=\.)
    | (?P<html>[&<>])
    | (?P<punct>[\\`*_\[\]|~#!$])
    """,
    re.VERBOSE,
)
_HTML_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_LEADING_MARKER = re.compile(r"^(?:([-+=])|([0-9]+)([.)]))")

# Jira wiki markup: \X escapes a markup character; [~user] and [~accountid:...] are mentions, {macro} runs macros.
# https://jira.atlassian.com/secure/WikiRendererHelpAction.jspa?section=all
_WIKI_SPECIAL = re.compile(r"[\\\[\]{}*_?\-+^~|!#]")
_WIKI_BLOCK_START = re.compile(r"^(h[1-6]|bq)\.", re.IGNORECASE)

_URL_SAFE = "/:?#@!$&*+,;=%~-._"
MAX_URL_LENGTH = 2000


def _flatten(text: str, limit: int | None) -> str:
    """Drop invisible characters, fold all whitespace into single spaces, and cut to `limit` characters."""
    flat = " ".join(_INVISIBLE.sub("", text).split())
    if limit is not None and len(flat) > limit:
        flat = flat[: max(limit - 1, 0)].rstrip() + ELLIPSIS
    return flat


def _markdown_token(match: re.Match[str]) -> str:
    kind = match.lastgroup
    token = match.group(0)
    if kind == "issue":
        return "\\#" + ZWJ
    if kind in {"mention", "gh", "scheme", "www"}:
        return token + ZWJ
    if kind == "html":
        return _HTML_ENTITIES[token]
    return "\\" + token


def neutralise(text: str, *, limit: int | None = None) -> str:
    """Return user text as one inert line of GitHub markdown, cut to `limit` characters of the original."""
    flat = _flatten(text, limit)
    escaped = _MARKDOWN_TOKEN.sub(_markdown_token, flat)
    # A line starting with "-", "+", "=" or "1." would turn into a list or a heading underline.
    return _LEADING_MARKER.sub(lambda m: f"\\{m.group(1)}" if m.group(1) else f"{m.group(2)}\\{m.group(3)}", escaped)


def escape_wiki(text: str, *, limit: int | None = None) -> str:
    """Return user text as one inert line of Jira wiki markup, cut to `limit` characters of the original."""
    flat = _flatten(text, limit)
    escaped = _WIKI_SPECIAL.sub(lambda m: "\\" + m.group(0), flat)
    return _WIKI_BLOCK_START.sub(lambda m: m.group(1)[0] + ZWJ + m.group(1)[1:] + ".", escaped)


def safe_url(url: str | None) -> str | None:
    """Return an http(s) URL percent-encoded so it cannot break out of a link, or None if it is not one."""
    if not url:
        return None
    candidate = _INVISIBLE.sub("", url).strip()
    if len(candidate) > MAX_URL_LENGTH or any(char.isspace() for char in candidate):
        return None
    try:
        parts = urlsplit(candidate)
    except ValueError:
        return None
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
        return None
    return quote(candidate, safe=_URL_SAFE)
