"""A section about one conversation with a customer: 'Call notes — St Aldric's Hospital', 'Slack thread with X'."""

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
    r"|^(?P<name3>[^,(\n—–|:]{2,60}?)\s+" + _TALK + r"(?:\s+(?:notes|summary|recap|transcript))?\s*(?:[,(—–|:]|$)"
    # 'From the shared Slack channel with Tamarind Meals (#ext-tamarind)', 'Email thread with Osterfeld AG'.
    r"|^(?:(?:from|in)\s+)?(?:(?:the|a|our)\s+)?(?:shared\s+)?(?P<chat>slack|teams|email|e-mail|whatsapp|chat)?\s*"
    r"(?:channel|thread|conversation|chat|exchange|emails?)\s+with\s+(?P<name4>[^,(\n—–|]{2,80}?)\s*(?:[,(—–|]|$)",
    re.IGNORECASE,
)
_NOT_THEIRS = re.compile(r"\b(?:our|internal|team|weekly|daily|sprint|planning|retro|design|eng|engineering|product"
                         r"|sales|support|standup|stand-up|all-hands)\b", re.IGNORECASE)
_DATE_TAIL = re.compile(r"(?<!\s)\s++(?:(?:on\s+)?\d{1,2}(?:st|nd|rd|th)?\s+\w+$|\w+\s+\d{1,2}$|\d{4}-\d{2}-\d{2}$)")
_LEADING_WORDS = re.compile(r"^(?:(?:from|at|in|on|during|with)\s+)?(?:(?:the|a|an)\s+)?", re.IGNORECASE)
_CAPITALISED_LEAD = re.compile(r"^[A-Z0-9][\w&'’.-]*(?:\s+(?:[A-Z0-9][\w&'’.-]*|&|of|and|de))*")
# What may stand between the customer's name and the meeting: 'Brennan Haulage quarterly check-in'.
_QUALIFIERS = re.compile(r"(?:\s+(?:quarterly|monthly|weekly|annual|yearly|renewal|onboarding|discovery|intro|kick-?off"
                         r"|follow-?up|customer|sales|support|success|feedback|review|pilot|trial|first|second|third"
                         r"|final|escalation|executive|technical|product|roadmap|business|user|research|'s|’s))*\s*",
                         re.IGNORECASE)
LINKS_LOOKED_AT = 4
"""How many blocks under the heading are searched for the recording or notes link."""


def conversation_item(heading: Block, following: list[Block]) -> Evidence | None:
    """Return the call a heading names with its customer, and the first link just under it, else None."""
    match = _HEADING.match(heading.text.strip(" *_#"))
    if match is None:
        return None
    name = _LEADING_WORDS.sub("", tidy_name(_DATE_TAIL.sub("", match.group("name") or match.group("name2")
                                                         or match.group("name3") or match.group("name4") or "")))
    # 'Brennan Haulage quarterly check-in' names Brennan Haulage: the name is its capitalised words.
    lead = _CAPITALISED_LEAD.match(name)
    if match.group("name3") and (lead is None or not _QUALIFIERS.fullmatch(name[lead.end() :])):
        # 'Print name tags + parent pickup slips at kids check-in' is a title that ends on a word for a meeting.
        return None
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
    written = match.group("name4") is not None
    kind = EvidenceKind.EMAIL if written and "mail" in (match.group("chat") or "").lower() else (
        EvidenceKind.CHAT if written else EvidenceKind.CALL)
    return Evidence(customer=name, kind=kind, url=url, text=heading.text.strip())


# '**Customer call notes — Kingsway Driving Academy** · Recording: [Chorus](…)': a title set in bold, not a heading.
_BOLD_TITLE = re.compile(r"^\s*(\*\*|__)(?P<title>[^*_\n]{4,100})\1(?P<rest>[^\n]*)")


def bold_title_item(block: Block, following: list[Block]) -> Evidence | None:
    """Return the call a paragraph's bold title names, with the recording beside it or just under it, else None."""
    title = _BOLD_TITLE.match(block.text)
    if title is None:
        return None
    beside = Block("paragraph", block.start, block.end, title.group("rest"))
    return conversation_item(Block("heading", block.start, block.end, title.group("title")), [beside, *following])


# '**Ciara Nolan (Tamarind Meals, Delivery Ops Lead)** 9 Mar, 16:02': who speaks in a pasted chat, and when.
_SPEAKER = re.compile(
    r"^(?:\*\*|__)(?P<who>[^*_\n]{2,90}?)(?:\*\*|__)\s*[·,—–-]?\s*(?P<when>[^\n]{0,30}\d[^\n]{0,12})?$"
)


def their_messages(text: str, customer: str, *, kind: EvidenceKind) -> list[Evidence]:
    """Return the messages of a pasted chat that the customer's own people wrote, under a heading naming them.

    A speaker is theirs when the brackets after their name name the customer ('Ciara Nolan (Tamarind Meals)').
    """
    messages: list[tuple[str, list[str]]] = []
    for line in text.split("\n"):
        header = _SPEAKER.match(line.strip())
        if header is not None:
            messages.append((header.group("who"), []))
        elif messages and line.strip():
            messages[-1][1].append(line.strip())
    return [Evidence(customer=customer, kind=kind, quote=" ".join(words)[:500],
                     text=f"{speaker}: {' '.join(words)}"[:2_000])
            for speaker, words in messages if words and customer.lower() in speaker.lower()]
