"""A section about one conversation with a customer: 'Call notes — St Aldric's Hospital, 17 Sep'."""

from __future__ import annotations

import re

from problemframe.model import Evidence, EvidenceKind
from problemframe.parse.customers import plausible_name, tidy_name
from problemframe.parse.document import Block
from problemframe.parse.text import find_links

_TALK = r"(?:call|meeting|interview|qbr|ebr|session|visit|workshop|demo|conversation|check-?in|kick-?off|sync)"
_HEADING = re.compile(
    r"^(?:customer\s+)?" + _TALK + r"(?:\s+(?:notes|summary|recap|transcript|excerpt))?\s*(?:[—–:|-]|with)\s*"
    r"(?P<name>[^,(\n—–|]{2,80}?)\s*(?:[,(—–|]|$)"
    r"|^(?:notes|summary|recap|transcript|excerpt) (?:from|of) (?:(?:a|the|our) )?" + _TALK + r"\s+with\s+"
    r"(?P<name2>[^,(\n—–|]{2,80}?)\s*(?:[,(—–|]|$)"
    r"|^(?P<name3>[^,(\n—–|:]{2,60}?)\s+" + _TALK + r"(?:\s+(?:notes|summary|recap|transcript))?\s*(?:[,(—–|:]|$)",
    re.IGNORECASE,
)
_NOT_THEIRS = re.compile(r"\b(?:our|internal|team|weekly|daily|sprint|planning|retro|design|eng|engineering|product"
                         r"|sales|support|standup|stand-up|all-hands)\b", re.IGNORECASE)
_DATE_TAIL = re.compile(r"\s+(?:on\s+)?\d{1,2}(?:st|nd|rd|th)?\s+\w+$|\s+\w+\s+\d{1,2}$|\s+\d{4}-\d{2}-\d{2}$")
_LEADING_WORDS = re.compile(r"^(?:(?:from|at|in|on|during|with)\s+)?(?:(?:the|a|an)\s+)?", re.IGNORECASE)
_CAPITALISED_LEAD = re.compile(r"^[A-Z0-9][\w&'’.-]*(?:\s+(?:[A-Z0-9][\w&'’.-]*|&|of|and|de))*")
LINKS_LOOKED_AT = 4
"""How many blocks under the heading are searched for the recording or notes link."""


def conversation_item(heading: Block, following: list[Block]) -> Evidence | None:
    """Return the call a heading names with its customer, and the first link just under it, else None."""
    match = _HEADING.match(heading.text.strip(" *_#"))
    if match is None:
        return None
    name = _LEADING_WORDS.sub("", tidy_name(_DATE_TAIL.sub("", match.group("name") or match.group("name2")
                                                         or match.group("name3") or "")))
    # 'Brennan Haulage quarterly check-in' names Brennan Haulage: the name is its capitalised words.
    lead = _CAPITALISED_LEAD.match(name)
    name = lead.group(0).strip() if lead else name
    if not name or _NOT_THEIRS.search(name) or not plausible_name(name, strict=True):
        return None
    url = None
    for block in following[:LINKS_LOOKED_AT]:
        if block.kind == "heading":
            break
        links = find_links(block.text)
        if links:
            url = links[0].url
            break
    return Evidence(customer=name, kind=EvidenceKind.CALL, url=url, text=heading.text.strip())
