"""Customers' own words: quotes with their attribution, pasted emails, and tickets the customer signed."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from problemframe.model import Evidence, EvidenceKind
from problemframe.parse.attribution import (
    ATTRIBUTION,
    INLINE_ATTRIBUTION,
    REVIEW_HEADER,
    attributed_customer,
    looks_like_org,
    reviewer,
    signed_handle,
    speaks_for_us,
)
from problemframe.parse.document import Block, Document
from problemframe.parse.evidence_items import read_item
from problemframe.parse.kinds import STORES, kind_from_url, kind_from_words
from problemframe.parse.pasted_email import email_sender, is_header, sender_customer, signature_card, signed_off
from problemframe.parse.text import Link, find_links, replace_links, sentences, squash

ReadSentence = Callable[[str], list[Evidence]]
"""Reads one sentence of running text for evidence (body_evidence.read_sentence, with its date)."""

_LEADING_SPEAKER = re.compile(
    r"^[★☆⭐\s]*(?:\*\*|__)@?(?P<who>[^*\n]{2,40}?)(?:\*\*|__)(?P<role>\s*\([^()]{1,40}\))?\s*[—–]\s*"
    r"(?P<rest>\S.{2,})$"
)
_SOURCED_QUOTE = re.compile(r"[\"”»]\s*\((?P<source>[^()]{3,80})\)\s*$")


def one_quote(document: Document, first: int) -> tuple[int, Block]:
    """Return the last block of the blockquote that starts at block `first`, and its paragraphs as one block.

    A quote's paragraphs are blocks of their own; a pasted email or a quote with its attribution below reads whole.
    """
    blocks = document.blocks
    last = first
    while last + 1 < len(blocks) and blocks[last + 1].kind == "quote" and blocks[last + 1].level == blocks[first].level:
        between = document.lines[blocks[last].end : blocks[last + 1].start]
        if not all(line.lstrip().startswith(">") for line in between):
            break
        last += 1
    if last == first:
        return first, blocks[first]
    text = "\n".join(block.text for block in blocks[first : last + 1])
    return last, Block("quote", blocks[first].start, blocks[last].end, text, level=blocks[first].level)


def source_kind(links: list[Link], plain: str) -> EvidenceKind:
    """Return the kind of source a line's links (else its words) point to."""
    for link in links:
        found = kind_from_url(link.url)
        if found is not None:
            return found
    return kind_from_words(plain) or EvidenceKind.OTHER


# 'Ruth Adeyemi, Support Operations Lead, Quillfeather Insurance': a name, a role and an organisation, alone on a line.
_SIGNATURE_LINE = re.compile(r"^[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){1,3},\s+[^,\n]{2,60},\s+[^,\n]{2,60}$")


_BARE_URL = re.compile(r"^<?https?://\S+>?$")


def quote_items(block: Block, following: Block | None, *, today: dt.date | None, read_running: ReadSentence,
                said_by: str | None = None, context: str = "") -> list[Evidence]:
    """Return the item an attributed quote gives: the words, and who said them (inside the quote or just after).

    `said_by` names who the line above says wrote it ('**@hiro-tanaka** wrote:'); `context` is the ticket's text,
    where the organisation an email's address belongs to may be spelled out ('Pasted from ZD-77120 (Kessler Druck').
    """
    lines = [line.strip() for line in block.text.split("\n") if line.strip()]
    if len(lines) > 2 and _BARE_URL.match(lines[-1]) and ATTRIBUTION.match(lines[-2]):
        # '— **Lucía Fernández**, 21/04' over the review's address: the link is where the words were said.
        lines[-2:] = [f"{lines[-2]} ({lines[-1]})"]
    sender = email_sender(lines)
    if sender is not None:
        return email_items(lines, sender, context or block.text, read_running=read_running)
    attribution = None
    speakers = [match for line in lines if (match := _LEADING_SPEAKER.match(line)) is not None and _voice(match)]
    if len(speakers) > 1:
        # '**kiwi_tanker** — 17 min queue …' / '**mossbank** — we stopped playing …': one voice a line.
        return [item for match in speakers for item in _quote_item(match.group("rest"), "— " + match.group("who"),
                                                                    today=today)]
    header = REVIEW_HEADER.match(lines[0]) if len(lines) > 1 else None
    leading = speakers[0] if speakers and speakers[0].string == lines[0] and header is None else None
    if header is not None:
        attribution = "— " + reviewer(header)
        lines = lines[1:]
    elif leading is not None:
        # '★☆☆☆☆ **Hannah K.** — "Updated and the widget is gone."': the reviewer signs first.
        attribution = "— " + leading.group("who")
        lines[0] = leading.group("rest")
    elif lines and ATTRIBUTION.match(lines[-1]) and len(lines) > 1:
        attribution = lines.pop()
    elif len(lines) > 1 and _SIGNATURE_LINE.match(lines[-1]) and attributed_customer(lines[-1]):
        # An email pasted whole ends with its writer's signature: 'Ruth Adeyemi, Support Operations Lead, Quillfeather'.
        attribution = "— " + lines.pop()
    elif following is not None and following.kind == "paragraph" and following.start - block.end <= 1:
        first = following.text.strip().split("\n", 1)[0]
        if ATTRIBUTION.match(first):
            attribution = first
    if attribution is None:
        signed = signed_off(lines)
        if signed is not None:
            attribution, lines = signed
    if attribution is None and lines:
        inline = INLINE_ATTRIBUTION.search(lines[-1])
        if inline:
            attribution = "— " + inline.group("who")
            lines[-1] = lines[-1][: inline.start()]
    if attribution is None and said_by is not None:
        attribution = f"— @{said_by}"
    if attribution is None and lines and (sourced := _SOURCED_QUOTE.search(lines[-1])) is not None:
        # '★☆☆☆☆ "Every Garmin run appears three times." (App Store, UK, 1 Jun)': someone's words, from a source.
        kind = kind_from_words(sourced.group("source"))
        if kind is not None and kind is not EvidenceKind.INTERNAL:
            words = squash(" ".join([*lines[:-1], lines[-1][: sourced.start() + 1]])).strip("\"“”„«»★☆⭐ ")
            return [Evidence(kind=kind, quote=words[:500] or None, text=squash(" ".join(lines))[:2_000])]
    words = squash(" ".join(lines)).strip("\"“”„«» ")
    if attribution is None:
        # Unattributed quoted text (a pasted summary, a list inside a quote) is read like running text; someone's own
        # words set apart with no name under them ('> "We nearly missed a deadline …"') are a customer's voice no one
        # can look up: thin evidence, and the checklist asks who said it.
        running = _running(lines, read_running)
        if running or not _UNSIGNED_VOICE.match(" ".join(lines)) or len(words.split()) < MIN_VOICE_WORDS or (
                find_links(words) or _SIGNED_BY_US.search(words)):
            return running
        return [Evidence(kind=EvidenceKind.OTHER, quote=words[:500], text=squash(f"> {words}")[:2_000])]
    return _quote_item(words, attribution, today=today)


MIN_VOICE_WORDS = 6
# '> We need AI this year. — Priya Raman, CEO': signed, by one of ours (a customer's signature is read above).
_SIGNED_BY_US = re.compile(r"\s[—―–]\s*[A-Z]")
# Words wholly in quotation marks, or spoken in the first person: '> «Le porte sono il 60% …»', '> I spend twenty …'.
_UNSIGNED_VOICE = re.compile(r"^\s*(?:[\"“„«「『][^\n]{15,}[\"”“»」』]\s*$"
                             r"|(?:I|I'm|I've|We|We're|We've|We'd|My|Our)\s)")


# '— respondent #217', '— NPS detractor, Enterprise', '— P4 (interview)': someone real, named only by where they spoke.
_ANONYMOUS = re.compile(
    r"^(?:(?:an?|one|survey|nps|csat|anonymous|verified)\s+)*(?:respondent|detractor|promoter|passive|participant|interviewee"
    r"|p\d{1,2}\b|reviewer|user|customer|caller)\b"
    # '— ticket #551203', '— App Store review, 1★, 24 Oct': no name, but where the words were said.
    r"|^(?:(?:support|zendesk|intercom|freshdesk|jsm)\s+)?(?:ticket|case|chat|conversation)\s*#?\s*\d{3,}"
    r"|^(?:" + STORES + r"|store|g2)\s+review\b"
    # '— App Store, 12 Mar', '— Google Play (DE)': a store, then only when or where.
    r"|^(?:apple app store|" + STORES + r")(?=\s*(?:[,(·|]|$))",
    re.IGNORECASE,
)


def unsigned_voice(item: Evidence) -> bool:
    """Return whether an item is someone's words quoted with no name, source or figure: it stands only alone."""
    return bool(item.quote) and item.kind is EvidenceKind.OTHER and item.text.startswith("> ") and not (
        item.customer or item.url or item.count)


def _anonymous_kind(who: str) -> EvidenceKind:
    lowered = who.lower()
    if lowered.startswith(("participant", "interviewee")) or re.match(r"p\d", lowered):
        return EvidenceKind.INTERVIEW
    if "ticket" in lowered or "case" in lowered:
        return EvidenceKind.SUPPORT_TICKET
    return EvidenceKind.CHAT if "chat" in lowered or "conversation" in lowered else EvidenceKind.SURVEY


def _voice(match: re.Match[str]) -> bool:
    """Return whether '**name** — words' is someone speaking: not our own people, not a chat's timestamp line."""
    role = match.group("role") or ""
    return len(match.group("rest").split()) >= 3 and not speaks_for_us(match.group("who") + role)


# '★★ App Store, *hoofbeats_mia*: "Booking takes 7 taps …"': a review on one line, where and who before the words.
_REVIEW_LINE = re.compile(r"^[★☆⭐]{1,5}\s*(?P<where>[^,:\"“\n]{2,40}),\s*(?P<who>[^:\"“\n]{2,60}):\s*"
                          r"(?P<words>[\"“].{8,})$")


def signed_quote_line(text: str, *, today: dt.date | None) -> list[Evidence]:
    """Return the item of a list item that is one person's quoted words and who said them, else nothing.

    '"Booking is harder than the old system." — *Jo*, Trustpilot' and '★★ App Store, *hoofbeats_mia*: "…"' cite
    someone as a quote set apart does, whatever heading the list stands under.
    """
    line = text.strip()
    review = _REVIEW_LINE.match(line)
    if review is not None:
        return _quote_item(review.group("words"), f"— {review.group('who')}, {review.group('where')}", today=today)
    inline = INLINE_ATTRIBUTION.search(line)
    if inline is None or not line.lstrip("★☆⭐ *_").startswith(("\"", "“", "„", "«")):
        return []
    return [item for item in _quote_item(line[: inline.start() + 1], "— " + inline.group("who"), today=today)
            if item.customer is not None]


def _quote_item(words: str, attribution: str, *, today: dt.date | None) -> list[Evidence]:
    """Return the item of a customer's words and the '— name, role, company' that says whose they are."""
    # '★☆☆☆☆ *"Took me 20 minutes…"*': a store review's rating, and the emphasis around the words, are not said.
    words = words.lstrip("★☆⭐ *_").strip("\"“”„«» *_")
    who = ATTRIBUTION.match(attribution)
    assert who is not None
    links = find_links(who.group("who"))
    plain = replace_links(who.group("who"), links)
    customer = attributed_customer(plain) or signed_handle(plain)
    anonymous = _ANONYMOUS.match(plain.strip(" —―–-*_"))
    if customer is None and not links and anonymous is None:
        return []
    item = read_item(attribution.lstrip("—―–~- "), today=today)
    return [Evidence(
        customer=customer,
        url=next((link.url for link in links if kind_from_url(link.url)), links[0].url if links else None),
        kind=source_kind(links, plain) if links else (
            _anonymous_kind(anonymous.group(0)) if anonymous else item.kind if item else EvidenceKind.OTHER),
        date=item.date if item else None,
        arr=item.arr if item else None,
        quote=words[:500] or None,
        text=squash(f"> {words} {attribution}")[:2_000],
    )]


def email_items(lines: list[str], sender: str, context: str, *, read_running: ReadSentence) -> list[Evidence]:
    """Return the item a pasted email gives: its sender's organisation, its words and the largest figure in them.

    The organisation comes from the `From:` value or address, else the sign-off or the signature line at its foot;
    an email no one can be named for is read like running text.
    """
    body = [line for line in lines if not is_header(line)]
    customer = sender_customer(sender, context)
    signed = signed_off(body)
    if signed is not None:
        signer = attributed_customer(signed[0].lstrip("— "))
        customer = customer or (signer if signer is not None and looks_like_org(signer) else None)
        body = signed[1]
    elif body and (card := signature_card(body[-1])) is not None:
        customer = customer or card
        body = body[:-1]
    running = _running(body, read_running)
    if customer is None:
        return running
    words = squash(" ".join(body)).strip("\"“”„«» ")
    count = max((item.count for item in running if item.count is not None), default=None)
    return [Evidence(customer=customer, kind=EvidenceKind.EMAIL, count=count, quote=words[:500] or None,
                     text=squash(f"From: {sender} > {words}")[:2_000])]


def _running(lines: list[str], read_running: ReadSentence) -> list[Evidence]:
    return [item for line in lines for sentence in sentences(line.lstrip("-*+ \t")) for item in read_running(sentence)]


_SIGNED_TAIL = re.compile(r"\w[.!?]\s+(?P<line>[—–]\s*[^—–\n!?:\"“”()]{2,120})$")


# A mail app's footer under the signature: 'Sent from my iPhone', 'Von meinem iPhone gesendet', 'Get Outlook for iOS'.
_MAIL_FOOTER = re.compile(
    r"\n\s*(?:sent from my|get outlook for|enviado desde mi|enviado do meu|envoyé de mon|envoyé depuis mon|inviato dal"
    r"|verzonden (?:vanaf|met) mijn|wysłane z|skickat från min|sendt fra min|lähetetty)\s[^\n]{1,40}"
    r"|\n\s*von meinem [^\n]{1,30} gesendet\s*$",
    re.IGNORECASE,
)


def signature(block: Block, *, after_sign_off: bool) -> Evidence | None:
    """Return the customer who signs a ticket ('— Tomasz W., mobile lead @ Kestrel Pantry'), else None.

    After a paragraph that ends 'Kind regards,' a signature card (name, role, organisation, phone) signs it too.
    """
    text = block.text.strip()
    footer = _MAIL_FOOTER.search(text)
    if footer is not None and not text[footer.end():].strip():
        text = text[: footer.start()].strip()
    if after_sign_off and (card := signature_card(text)) is not None:
        return Evidence(customer=card, kind=EvidenceKind.FIRST_HAND, text=squash(text))
    if "\n" in text:
        # 'Many thanks / Tomasz / Kettle & Ember Coffee Roasters': a customer's own email, signed at its foot; or a
        # report whose last line signs it ('— Dana Whitfield, box office, Lakeshore Symphony Association Inc.').
        lines = [line.strip() for line in text.split("\n") if line.strip()]
        signed = signed_off(lines)
        if signed is None and not lines[-2].startswith(">") and not lines[-1].endswith(":") and ATTRIBUTION.match(
                lines[-1]):
            signed = (lines[-1], lines[:-1])
        if signed is None:
            return None
        text = signed[0]
    elif block.kind == "paragraph" and (tail := _SIGNED_TAIL.search(text)) is not None:
        # '… Happens since last week. — Gary, Gary Hughes School of Motoring': signed on the report's own line.
        text = tail.group("line")
    elif block.kind == "paragraph" and _SIGNATURE_LINE.match(text) and not any(char.isdigit() for char in text):
        # 'Dana Whitfield, Office Manager, Desert Sky Hearing' on a line of its own: a name, a role, an organisation
        # ('Browser Edge, Excel 365, Windows 11' lists a setup).
        text = "— " + text
    who = ATTRIBUTION.match(text)
    if who is None:
        return None
    customer = attributed_customer(replace_links(who.group("who"), find_links(who.group("who"))))
    if customer is None or not looks_like_org(customer):
        return None
    return Evidence(customer=customer, kind=EvidenceKind.FIRST_HAND, text=squash(text))


def is_attribution_of_quote(block: Block, previous: Block | None) -> bool:
    """Return whether a paragraph is the '— name, role, company' line of the quote just above it."""
    # The '— name' line stands right under the quote, or one blank line below it.
    return (previous is not None and previous.kind == "quote" and block.start - previous.end <= 1
            and bool(ATTRIBUTION.match(block.text.strip().split("\n", 1)[0])))
