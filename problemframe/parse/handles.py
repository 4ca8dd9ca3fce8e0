"""Users named by their handle: '@ewa-stasiak (#1190): "all our configs broke"', '**@hiro-tanaka** wrote:'.

On a public tracker the people hitting a problem are users named by handle. An @mention counts only when the line
cites them (their own issue, or their words); 'cc @luca' or '@ivan can you confirm?' addresses a colleague.
"""

from __future__ import annotations

import re

_MENTION = re.compile(r"(?<![\w@/.])@(?P<handle>[A-Za-z0-9](?:[\w.-]{0,37}[A-Za-z0-9])?)(?![\w@/-])")
_ISSUE = re.compile(r"(?<![\w&])#\d{1,7}\b")
_QUOTED = re.compile(r"[\"“][^\"“”]{12,}[\"”]")
# 'cc @luca', '… and ping @mreyes', 'Suspect commit: "…" by @karolina-dev': a colleague addressed or a commit's author.
_ADDRESSED = re.compile(r"^\W*(?:/?cc|fyi|ping|thanks|thank you)\b|\?\s*$|\b(?:ping|cc|loop in|assign(?:ed)? to)\s+@"
                        r"|\bcommit\b", re.IGNORECASE)
# The verb under which a tracker pastes a comment, in the languages issues are written in.
_SAID = (r"(?:wrote|commented|said|replied|posted|skomentował[a]?|napisał[a]?|ha commentato|ha scritto|a commenté"
         r"|a écrit|comentó|comentou|escribió|escreveu|kommentierte|hat kommentiert|schrieb|schreef|reageerde"
         r"|kommenterade|skrev|コメントしました|さんのコメント|がコメント)")
_WROTE = re.compile(
    r"^[*_\s]{0,4}(?P<at>@)?(?P<handle>[A-Za-z0-9][\w.-]{1,38})\W{0,4}(?:\s+" + _SAID + r"\b"
    r"[^:\n]{0,40}:?)?"
    # '**@tjarvik** (Aug 2)', '**@mo-sadiq** · 3 Aug': a pasted thread's header, dated.
    r"(?:\s*\((?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8}|\d{4}-\d{2}-\d{2})[^()\n]{0,12}\)[*_]{0,2}:?)?\s*$",
    re.IGNORECASE,
)
_NOBODY = frozenset({"customer", "user", "he", "she", "they", "someone", "somebody", "client", "we", "i"})


def cited_handle(sentence: str) -> str | None:
    """Return the user a line cites by handle, with their issue or their words, else None."""
    if "@" not in sentence or _ADDRESSED.search(sentence):
        return None
    mention = _MENTION.search(sentence)
    if mention is None or not (_ISSUE.search(sentence) or _QUOTED.search(sentence)):
        return None
    # '@marketing-ops', '@lena-support': one of ours, whatever they are cited for.
    return None if STAFF_HANDLE.search(mention.group("handle")) else mention.group("handle")


def writer_of_next(text: str) -> str | None:
    """Return who wrote the quote below a line such as '**@hiro-tanaka** wrote:' or 'mfaulkner commented', else None."""
    match = _WROTE.match(text.strip())
    if match is None or match.group("handle").lower() in _NOBODY:
        return None
    # A bare line is a commenter only when it is a handle: '**@mfaulkner**', not 'Notes'.
    if not match.group("at") and not re.search(r"\b" + _SAID + r"\b", text, re.IGNORECASE):
        return None
    return match.group("handle")


# When the tracker says it was written: '3 weeks ago', 'an hour ago', 'yesterday'.
_AGO = (r"(?:(?:\d{1,3}|an?|one|two|three|a few)\s+(?:minutes?|hours?|days?|weeks?|months?|years?)\s+ago"
        r"|yesterday|today)")
# A pasted issue comment's header: '**@jbrandvold** commented on Nov 4, 2026', '**@hollis-r** · Nov 13'.
# '**tomasz-rybak-design** commented' names the user without the '@' when the verb says it is a comment.
_COMMENT_HEADER = re.compile(
    r"^[*_\s]{0,4}(?:@|(?<=\*\*)(?=[\w.-]+\*\*\s*(?:\([^()]{1,40}\)\s*)?" + _SAID + r"))"
    r"(?P<handle>[A-Za-z0-9][\w.-]{0,38}(?:\[bot\])?)[*_]{0,2}\s*(?P<role>\([^()]{1,40}\))?\s*"
    r"(?:" + _SAID + r"(?:\s+(?:on|em|el|le|am|il|op|den|dnia)\s+[^\n]{3,30}|\s+" + _AGO + r")?"
    r"|[·•—–-]\s*(?:\d{1,2}\s+)?[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,?\s+\d{4})?"
    r"|[·•—–-]\s*(?:\d{4}-\d{2}-\d{2}|" + _AGO + r"))\s*:?\s*$"
)
_STAFF = re.compile(r"\b(?:maintainer|member|owner|collaborator|staff|team|triage|bot|core|author|support|success"
                    r"|engineering|developer|dev)\b|/",
                    re.IGNORECASE)


# '@ola-maintainer', '@lena-support', '@dario-cs': the handle says which side of the desk its owner sits on.
# '@arjun-founder', '@ines-intern', '@minji-community': the handle of someone on our side of the desk.
STAFF_HANDLE = re.compile(r"maintainer|[-_.](?:support|cs|csm|success|staff|team|triage|core|founder|cofounder"
                          r"|co-founder|intern|stagiair|praktikant|pm|community|devrel|eng|ops)(?:[-_.][a-z]{2,12})?$"
                          r"|bot\]?$",
                          re.IGNORECASE)


# A bug tracker's numbered comment: '**Comment 14 — Joanna Wierzbicka** (2013-06-02)', 'Comment #31 by T. Engström'.
# 'Comment from @sam-okafor:', 'Comment by Ines K.': the same without a number.
_NUMBERED_COMMENT = re.compile(
    r"^[*_\s]{0,4}(?i:comment)\s+(?:#?\d{1,5}\s*(?:[—–-]|(?i:by))|(?i:from|by))\s*@?"
    r"(?P<name>[^*_\n()\d:][^*_\n():]{1,58}?)[*_]{0,2}"
    r"\s*(?P<role>\([^()]{1,40}\))?\s*:?[*_]{0,2}\s*:?\s*$"
)


def commenter(first_line: str) -> tuple[str, bool] | None:
    """Return who a pasted comment's header names, and whether they are one of us (maintainer, member, a bot)."""
    line = first_line.strip()
    numbered = _NUMBERED_COMMENT.match(line) if line[:12].lstrip("*_ ").lower().startswith("comment") else None
    if numbered is not None:
        name = numbered.group("name").strip()
        return name, bool(_STAFF.search(numbered.group("role") or "") or STAFF_HANDLE.search(name))
    match = _COMMENT_HEADER.match(line)
    if match is None:
        return None
    handle = match.group("handle")
    role = match.group("role") or ""
    ours = bool(_STAFF.search(role) or STAFF_HANDLE.search(handle)) or handle.lower().endswith(("bot", "[bot]"))
    return handle, ours

