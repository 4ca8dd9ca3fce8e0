"""Read customer evidence: one item per bullet or line, each with customer, link, kind, ARR, date and quote."""

from __future__ import annotations

import datetime as dt
import re

from problemframe.model import Evidence, EvidenceKind
from problemframe.parse.attribution import (
    ATTRIBUTION,
    INLINE_ATTRIBUTION,
    attributed_customer,
    has_org_suffix,
    looks_like_org,
    review_author,
    signed_handle,
    speaks_for_us,
)
from problemframe.parse.customers import find_customer, find_named_customer, plausible_name, tidy_name
from problemframe.parse.data_lead_in import section_lead_ins
from problemframe.parse.dates import find_date
from problemframe.parse.evidence_lines import one_per_voice, split_items
from problemframe.parse.hearsay import relayed
from problemframe.parse.kinds import kind_from_url, kind_from_words, kind_label, may_name_kind
from problemframe.parse.placeholders import is_no_response, is_placeholder
from problemframe.parse.quantities import find_money
from problemframe.parse.template_help import is_help
from problemframe.parse.text import find_links, replace_links, squash

MAX_ITEM_CHARS = 2_000

_QUOTE_MARKS = (("\"", "\""), ("“", "”"), ("„", "“”"), ("«", "»"))
_QUOTE_LABEL = re.compile(r"\bquote\s*:\s*(?P<quote>.{2,2000})$", re.IGNORECASE)
# Said as a whole: 'no customer has asked', 'we have not had reports', 'none yet'; a name such as 'Aa None' is not.
_DENIAL = re.compile(
    r"\b(?:(?:no|zero)\s+(?:\w+\s+)?(?:customers?|reports?|complaints?|tickets?|requests?|evidence|signals"
    r"|data|feedback)\b|(?:^|[.;:]\s*)no one\s*(?:yet|so far)?\W*$"
    r"|(?:not|never)\s+(?:yet\s+)?(?:had|received|seen|heard|got|been)\b[^.;]{0,30}\b(?:reports?|customers?"
    r"|complaints?|tickets?|requests?|asked|evidence)"
    r"|(?:haven'?t|hasn'?t|have not|has not)\s+(?:yet\s+)?(?:had|received"
    r"|seen|heard|got|asked|requested|reported|complained)|(?:nobody|no one)\s+(?:has\s+|have\s+)?(?:yet\s+)?(?:asked"
    r"|reported|requested|complained|mentioned|told us|said so)|^\W*none\s+(?:yet|so far)\b"
    # 'nobody outside the team has asked for it', 'not something a customer has asked for', 'not a customer-reported
    # problem': demand denied, in so many words.
    r"|(?:nobody|no one)(?:\s+[\w-]+){1,3}?\s+(?:has\s+|have\s+)?(?:asked|reported|requested|complained)"
    r"|\bnot (?:something|anything) (?:a |any |our )?(?:customers?|users?|clients?) (?:has |have )?(?:asked|requested"
    r"|reported)|\bnot (?:a |an )?(?:customer|user|client)[- ](?:reported|requested|driven|facing|raised)\b)",
    re.IGNORECASE,
)
_FIELD_VALUE = re.compile(r"^[*_\s]{0,4}[\w ()/'-]{1,40}[*_\s]{0,4}:[*_\s]{0,4}")
_SEPARATORS = re.compile(r"\s[—–|-]\s|[—–|;·•]|,\s")


# 'Evidence: strong', 'tier: strong. Please do not ask for more': a grade claimed for the ticket, no one's word.
VERDICT_ONLY = re.compile(r"^\W*(?:(?:tier|evidence|strength)\W+)?(?:strong|moderate|weak|high|medium|low|verified"
                          r"|validated|confirmed|yes|true|present|defined|done)\W*(?:[.;!]\s.*)?$", re.IGNORECASE)


def parse_evidence(text: str, *, today: dt.date | None = None) -> tuple[list[Evidence], int]:
    """Return the evidence items in a section and how many items were only placeholders."""
    items, text = section_lead_ins(text)
    placeholders = 0
    for raw in one_per_voice(split_items(text)):
        joined = squash(" ".join(raw.lines + raw.quotes))
        # '**CUSTOMER NAME(S):** <CUSTOMER>': a field whose value is still the template's.
        value = _FIELD_VALUE.sub("", joined, count=1) if ":" in joined else joined
        if is_placeholder(joined) or (value != joined and is_placeholder(value)) or is_no_response(joined) or is_help(
                joined) or denies_evidence(joined) or VERDICT_ONLY.match(value):
            placeholders += 1
            continue
        evidence = read_item(" ".join(raw.lines), quotes=raw.quotes, today=today, group=raw.group)
        if evidence is not None:
            items.append(evidence)
    return people_behind_organisations(items), placeholders


_ORGANISATION = re.compile(r"^\W{0,4}(?:organi[sz]ation|company|account|customer)\W{0,4}[:：]", re.IGNORECASE)
_CONTACT = re.compile(
    r"^\W{0,4}(?:requester|reporter|submitter|contact|requested by|reported by|raised by|signed)\W{0,4}[:：]"
    # '— Renata Caldas' under a report whose writer said where she works: her signature, not a second customer.
    r"|^\s*[—–~]\s*[^\W\d][\w .'’-]{1,60}$",
    re.IGNORECASE
)


def people_behind_organisations(items: list[Evidence]) -> list[Evidence]:
    """Drop 'Requester: Gwen Ashby' when the ticket names her organisation: the customer is the organisation."""
    contacts = [item for item in items if item.customer and not item.url and _CONTACT.match(item.text)]
    if not contacts:
        return items
    # 'Sou engenheira de integração na Tagus Regional Aviação S.A.' above 'Signed: Ana Lopes': she speaks for them.
    organisations = [item for item in items if item.customer and item not in contacts and (
        _ORGANISATION.match(item.text) or has_org_suffix(item.customer) or (
            item.kind is EvidenceKind.FIRST_HAND and looks_like_org(item.customer)))]
    return [item for item in items if item not in contacts] if organisations else items


_NEGATIONS = ("no", "not", "none", "never", "zero", "haven", "hasn", "nobody")


def denies_evidence(text: str) -> bool:
    """Return whether text says there is no evidence ('We have not had reports from customers yet')."""
    lowered = text.lower()
    if not any(word in lowered for word in _NEGATIONS):
        return False
    return bool(_DENIAL.search(text)) and not find_links(text)


def find_quote(text: str) -> tuple[str, int, int] | None:
    """Return (quote, start, end) of the first text in quotation marks ("…", “…”, „…“, «…»), in linear time."""
    best: tuple[str, int, int] | None = None
    for opening, closings in _QUOTE_MARKS:
        start = text.find(opening)
        while start >= 0 and (best is None or start < best[1]):
            if len(closings) == 1:
                end = text.find(closings, start + 1)
            else:
                end = min((i for i in (text.find(c, start + 1) for c in closings) if i >= 0), default=-1)
            if end < 0:
                break
            inner = text[start + 1 : end]
            if len(inner.strip()) >= 2 and "\n" not in inner:
                best = (inner, start, end + 1)
                break
            start = text.find(opening, end + 1)
    return best


_NO_SOURCE = re.compile(r"\b(?:no|not a|without|kein|keine|keinen|sin|sem|pas de|aucun|geen|ingen|inget|inga|brak"
                        r"|nessun[oa]?|senza|não temos|no hay|nie ma)\s+(?:\w+\s+)?(?:ticket|tickets|call|recording"
                        r"|aufnahme|grabación|gravação|record|ärende|zgłoszenia|email|e-mail|mail|crm|notes?|notiz"
                        r"|notitie|nota|notas|registo|registro|anteckning|notatki|salesforce|hubspot)\b"
                        # 'Nog geen notitie in het CRM': where the missing record would be is missing too.
                        r"[^.;\n]{0,40}", re.IGNORECASE)


def read_item(
    line: str,
    *,
    quotes: list[str] | None = None,
    today: dt.date | None = None,
    group: str | None = None,
    min_quote_words: int = 2,
) -> Evidence | None:
    """Return the evidence one item describes, or None for an intro line such as 'Customers who asked:'."""
    line = line[:MAX_ITEM_CHARS]
    quote = squash(" ".join(quotes)).strip("\"“”„«» ") if quotes else None
    work = line
    # Quotes first: a link inside a customer's words is part of what they said, not the item's source.
    found = find_quote(work)
    if found and len(found[0].split()) < min_quote_words:
        # A quoted word or two ('a "manager" story') is emphasis, not what a customer said.
        found = None
    if found:
        quote = quote or squash(found[0])
        work = _mask(work, found[1], found[2])
    links = find_links(work)
    work = replace_links(work, links)
    if not found and not quote and (labelled := _QUOTE_LABEL.search(work)):
        quote = squash(labelled.group("quote").strip("\"“” "))
        work = _mask(work, labelled.start(), labelled.end())
    explicit = None
    if may_name_kind(work):
        explicit = next((k for k in map(kind_label, _SEPARATORS.split(work)) if k is not None), None)
    named = find_named_customer(work)
    if named is not None:
        work = _mask(work, named[1], named[2])
    money = find_money(work)
    if money is not None:
        work = _mask(work, money.start, money.end)
    date = find_date(work, today=today)
    if date is not None:
        work = _mask(work, date.start, date.end)
    if named is None:
        named = find_customer(work)
        if named is not None:
            spoken_for = _speaking_for(named, work)
            work = _mask(work, named[1], named[2])
            named = spoken_for
    customer = named[0] if named else None
    heard = relayed(line, line.lower())
    if heard is not None and (heard[1] is not None or (customer and customer.lower() in heard[0].text)):
        # 'Laut Vertrieb will die **Entsorgung Lechtal GmbH** das gelöst haben': the team passed it on, the
        # organisation it names asked.
        customer = heard[1]
    link_kinds = [(link, kind_from_url(link.url)) for link in links]
    url = next((link.url for link, kind in link_kinds if kind is not None), links[0].url if links else None)
    if not (customer or url or quote or money or date or explicit) and squash(work).endswith(":"):
        return None
    kind = explicit or next((kind for _, kind in link_kinds if kind is not None), None)
    # 'Kein Ticket bisher', 'no recording': a source the item says is missing is none.
    kind = kind or kind_from_words(_NO_SOURCE.sub(" ", work)) or EvidenceKind.OTHER
    if customer is None:
        customer = _customer_elsewhere(work, quotes=quotes, group=group if kind is not EvidenceKind.INTERNAL else None)
    return Evidence(
        customer=customer,
        url=url,
        kind=kind,
        arr=money.money if money else None,
        date=date.date if date else None,
        quote=quote or None,
        text=squash(line + (" > " + " ".join(quotes) if quotes else ""))[:MAX_ITEM_CHARS],
    )


def _customer_elsewhere(work: str, *, quotes: list[str] | None, group: str | None) -> str | None:
    """Return the customer an item names after all: who signed its quote, a later cell of a row, its group heading."""
    if quotes and (signed := _attributed(quotes)) is not None:
        return signed
    if " — " in work:
        # '[SUP-4410](…) — Nimbus Freight — 02 May 2026': the customer need not come first in a row.
        named = next((name for part in work.split(" — ") if (name := tidy_name(part)) and len(name) > 2
                      and plausible_name(name, strict=True) and kind_label(name) is None), None)
        if named is not None:
            return named
    found = find_customer(group) if group is not None else None
    return found[0] if found else None


def _speaking_for(named: tuple[str, int, int], plain: str) -> tuple[str, int, int] | None:
    """Return who a 'Name, Role, Organisation' line speaks for: the organisation, or no one for our own people."""
    rest = plain[named[2]:]
    if not rest.lstrip(" )").startswith((",", "(")):
        return named
    who = squash(plain[named[1]:])
    speaking = attributed_customer(who)
    if speaking is None and not speaks_for_us(who):
        return named
    if speaking is not None and named[0].startswith(speaking):
        return named
    return (speaking, named[1], named[2]) if speaking is not None else None


def _attributed(quotes: list[str]) -> str | None:
    """Return who a quote is attributed to on its last line ('— Priya Raman, Operations Lead, Larchmont Vets')."""
    match = ATTRIBUTION.match(quotes[-1]) or INLINE_ATTRIBUTION.search(quotes[-1])
    if match is None:
        return review_author(quotes[0]) if len(quotes) > 1 else None
    who = replace_links(match.group("who"), find_links(match.group("who")))
    return attributed_customer(who) or signed_handle(who)


def _mask(text: str, start: int, end: int) -> str:
    """Blank out a span, keeping a separator so the text around it stays apart."""
    return text[:start] + " — " + text[end:]
