"""The tracker's page header copied above an issue: '_@kim opened this issue · labels: bug_', 'assignee: @tom'.

People paste an issue with the lines the tracker shows around it. Those lines say who opened it and how it is
labelled; they are nobody's problem statement and no evidence, so they are set aside before the body is read.
"""

from __future__ import annotations

import re

HEADER_LINES = 6
"""How many lines under the title are looked at for the page header."""
MAX_HEADER_CHARS = 240
# 'opened this' in the tracker's other languages: 'abriu esta issue', 'a ouvert ce ticket'.
_OPENED_THIS = r"(?:abriu esta|abrió est[ae]|a ouvert cet(?:te)?|a ouvert ce|hat dieses|heeft dit|ha aperto questa)"
_HEADER = re.compile(
    r"(?<![A-Za-z0-9])opened this (?:issue|pull request|pr)(?![A-Za-z0-9])|\bwants to merge \d+ commits?\b"
    r"|\b" + _OPENED_THIS + r" (?:issue|ticket|incidencia|problema|pull request)\b"
    r"|(?<![A-Za-z0-9])(?:opened|created|filed|submitted|raised) by\W{0,4}(?:@[\w.-]+|[\w.-]+\[bot\]|dependabot"
    r"|renovate|(?:\*\*|__)[\w.-]+(?:\*\*|__))"
    # A Jira issue's field row copied above it: '**Project:** LCB | **Issue type:** Task | **Reporter:** Sergei'.
    r"|^\W{0,4}project\W{0,4}:.*\bissue ?type\W{0,4}:"
    r"|\b(?:issue|pull request|pr) #\d+\s*[·•|]"
    r"|^\W{0,4}(?:labels?|assignees?|reviewers?|milestone)\W{0,4}:"
    # The labels alone, as the page shows them: '`bug` `needs-triage`'.
    r"|^\s*(?:`[^`\n]{1,40}`[\s,·]*){1,8}$"
    # The page's own chrome, copied with it: 'Skip to content', 'acme / widgets  Public', 'Code  Issues 412  Pull
    # requests 9', and the issue's title as the page shows it, with its number: 'Split invoices by call #412'.
    r"|^\W{0,3}skip to content\W*$|^[\w.-]+\s?/\s?[\w.-]+\s+(?:public|private|internal)\W*$"
    # A labelled field ('**Customer:** Setas del Norte, Freshdesk #58214') is no title, nor is a record's number.
    r"|^\W{0,3}code\s+issues\b|^(?![*_\s]{0,4}[^\W\d][\w \t]{0,30}[*_]{0,2}\s*[:：])[^#\n][^\n]{2,200}"
    r"(?<!desk)(?<!ticket)(?<!case)(?<!intercom)(?<!hubspot)\s#\d{1,7}\s*$",
    re.IGNORECASE,
)
_OPENER = re.compile(
    r"(?:@|\*\*|__)(?P<handle>[A-Za-z0-9][\w.-]{0,38}(?:\[bot\])?)[*_]{0,2}(?P<role> bot)?\s+(?:opened this|"
    + _OPENED_THIS + r")\b"
    r"|(?<![A-Za-z0-9])(?:opened|created|filed|submitted|raised) by\W{0,4}@?(?P<by>[A-Za-z0-9][\w.-]{0,38}(?:\[bot\])?)"
    r"(?P<bot>[*_]{0,2}\s*\(bot\))?"
    # The page copied whole, its state before the handle: 'Open  tpalm opened this issue on Nov 14, 2024'.
    r"|^\W{0,3}(?:open|closed|merged|draft)[\s·•|-]+(?P<plain>[A-Za-z0-9][\w.-]{0,38})\s+opened this\b",
    re.IGNORECASE,
)
_TITLE = re.compile(r"^\s{0,3}#\s")


def split_header(markdown: str) -> tuple[list[str], str]:
    """Return the page header's lines and the body without them; a body without a header comes back whole.

    The header stands under the title, and a page copied whole has its chrome above the title too.
    """
    lines = markdown.split("\n")
    header: list[str] = []
    kept: list[str] = []
    number = _take_header(lines, 0, header, kept)
    if number < len(lines) and _TITLE.match(lines[number]):
        kept.append(lines[number])
        number += 1
    number = _take_header(lines, number, header, kept)
    kept.extend(lines[number:])
    return (header, "\n".join(kept)) if header else ([], markdown)


def _take_header(lines: list[str], start: int, header: list[str], kept: list[str]) -> int:
    """Move the header lines from `start` on into `header` (blank lines into `kept`); return where the text starts."""
    number = start
    while number < len(lines) and number - start < HEADER_LINES:
        line = lines[number]
        if line.strip() and not _is_header(line):
            break
        if line.strip():
            header.append(line.strip())
        else:
            kept.append(line)
        number += 1
    return number


def _is_header(line: str) -> bool:
    return len(line) <= MAX_HEADER_CHARS and _HEADER.search(line) is not None


# 'created by @nadia (founder)', 'opened by @tom (maintainer)': the header says the opener is one of ours.
_OUR_ROLE = re.compile(r"\s*\((?:[^()]*\b)?(?:founder|co-?founder|ceo|cto|pm|product|maintainer|member|owner|staff"
                       r"|team|eng|engineer|engineering|intern|support|sre|qa|design|designer)\b", re.IGNORECASE)


def opener(header: list[str]) -> str | None:
    """Return who opened the issue, as the header names them: '@kim opened this issue', 'opened by @ines'.

    An opener the header says is one of ours ('created by @nadia (founder)') is not returned.
    """
    for line in header:
        match = _OPENER.search(line)
        if match is not None:
            if match.group("bot") or match.group("role"):
                return f"{match.group('by') or match.group('handle')}[bot]"
            return None if _OUR_ROLE.match(line, match.end()) else (
                match.group("handle") or match.group("by") or match.group("plain"))
    return None


def opener_anywhere(lines: list[str]) -> str | None:
    """Return who opened the issue when the page's 'opened this issue' line was pasted under the text instead."""
    return opener([line for line in lines if ("opened" in line or "abri" in line) and _is_header(line)][:1])


def is_bot(who: str | None) -> bool:
    """Return whether an opener is a bot: 'dependabot[bot]', 'renovate'."""
    name = (who or "").lower()
    return name.endswith("[bot]") or name in ("dependabot", "renovate", "sentry", "github-actions")
