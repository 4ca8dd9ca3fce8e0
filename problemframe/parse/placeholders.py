"""Recognise text that only stands in for content: TBD, template hints, `_No response_`."""

from __future__ import annotations

import re

NO_RESPONSE = "_No response_"

# Hint texts of the project's issue form and of common templates, compared after normalising.
_HINTS = (
    "Describe the problem, who has it, and what it costs them. Not the solution.",
    "One per line: customer, link, ARR, date, quote.",
    "e.g. weekly active exporters",
    "Describe the problem here",
    "Describe the problem",
    "Add customer evidence here",
    "Add evidence here",
    "Add the success metric here",
    "What problem are we solving?",
    "Who asked for this?",
    "How will we know it worked?",
    "Insert text here",
    "Lorem ipsum",
    "Fill in",
    "Fill this in",
    "To be added",
    "To be confirmed",
    "To be determined",
    "Coming soon",
    "Not yet known",
    "Unknown",
    "None",
    "Nothing yet",
    "No evidence yet",
    "Same as title",
    "See title",
)
_WORDS = frozenset({"tbd", "tbc", "todo", "to do", "na", "n a", "n/a", "none", "nil", "null", "xxx", "xx", "x",
                    "wip", "placeholder", "pending", "later", "soon", "tba", "fixme", "no response", "unknown"})
_PUNCT_ONLY = re.compile(r"^[\s\-–—?.…_*#>|/\\~=+`'\"]*$")
_BRACKETED = re.compile(r"^(?:\[[^\[\]]{0,200}\]|<[^<>]{0,200}>|\{[^{}]{0,200}\})$")
_NON_WORD = re.compile(r"[^\w\s/]+")
_LEADING = re.compile(r"^_*(?:tbd|tbc|todo|to do|wip|fixme|tba)\b")
_LATER = re.compile(r"\b(?:will (?:fill|add|write|update|complete|follow)|to follow|to be (?:added|written|filled)"
                    r"|fill(?:ed)? in later|coming soon)\b")


def _norm(text: str) -> str:
    """Return text in lower case with punctuation turned into single spaces."""
    return " ".join(_NON_WORD.sub(" ", text.lower()).split())


_HINT_SET = frozenset(_norm(hint) for hint in _HINTS)


def is_no_response(text: str) -> bool:
    """Return whether text is GitHub's marker for an empty form field."""
    return text.strip() == NO_RESPONSE


def is_placeholder(text: str) -> bool:
    """Return whether text holds no content of its own (TBD, '-', a template hint ...)."""
    stripped = text.strip()
    if len(stripped) > 200 or "://" in stripped:
        return False
    if _PUNCT_ONLY.match(stripped) or _BRACKETED.match(stripped):
        return True
    norm = _norm(stripped)
    if norm in _WORDS or norm in _HINT_SET:
        return True
    # 'TBD — will fill in after the community call': a promise to write it, still nothing written.
    return bool(_LEADING.match(norm)) and (len(norm) <= 40 or _LATER.search(norm) is not None)
