"""Customer fields a ticket states outright: 'Customer: Acme', 'Reported by: @handle', 'Affected accounts: A, B'."""

from __future__ import annotations

import datetime as dt
import re

from problemframe.model import Evidence, EvidenceKind
from problemframe.parse.attribution import attributed_customer, has_org_suffix, looks_like_org, speaks_for_us
from problemframe.parse.customers import plausible_name, tidy_name
from problemframe.parse.evidence_items import VERDICT_ONLY, read_item
from problemframe.parse.named_orgs import emphasised_orgs
from problemframe.parse.quoted_evidence import source_kind
from problemframe.parse.subjects import find_subject
from problemframe.parse.text import find_links, replace_links, sentences, squash

LABEL_LINE = re.compile(
    r"^\W{0,4}(?P<label>customers?|clients?|accounts?|companies|company|organi[sz]ations?|orgs?|reported by|reporters?"
    r"|requested by"
    r"|raised by|asked by|requesters?|affected (?:accounts|customers|clients|orgs|organi[sz]ations)"
    r"|(?:customers|accounts|clients|tenants|organi[sz]ations) (?:affected|impacted)"
    r"|impacted (?:accounts|customers|clients)|from customer|customer names?|account names?"  # and in 7 languages
    r"|kund(?:e|in|en)|clientes?|klant(?:en)?|klient(?:en)?|müşteri|pelanggan|empresa|gemeldet von|reportado por"
    r"|relatado por|signalé par|segnalato da|solicitado por|angefragt von|melder|gemeld door|zgłaszający"
    r"|talep eden|richiesto da|demandé par|aangevraagd door|pedido por"
    r"|zgłoszone przez|zgłoszenie|rapporteur|rapportör|anmäld av|informador|bildiren|報告者|起票者|申請者|보고자"
    r"|신고자|报告人"
    r"|报告者|提出人|betroffene kunden|clients? concernés?"
    r"|clientes? afectados?|klienci|kunder|asiakas|対象顧客|顧客名?|お客様名?|取引先|客户(?:名称)?|客戶|고객사?"
    r"|prospects?|prospekt|prospecto|conta|cuenta|compte|kund|wie|wer|qui|quién|quem|chi|kto|vem"
    r"|zákazník|zákazníci|zákaznice|klientka|asiakkaat|müşteriler|klantnaam)"
    # A two-column field table reads 'Reported by | Kestrel Outdoor Co. |' where a form says 'Reported by:'.
    r"\W{0,4}(?:[:：]|\s\|)[^\w@]{0,4}"
    r"(?P<rest>\S.*)$",
    re.IGNORECASE | re.DOTALL,
)
_REPORTED = re.compile(r"report|raised|opened|filed|meld|zgłasz|rapport|anmäl|informador|bildir|報告|起票|보고|신고"
                       r"|报告|提出", re.IGNORECASE)
_REPORTER_HANDLE = re.compile(r"@([A-Za-z0-9][\w.-]{1,38})\b(?!\.\w)")
_LIST_LABELS = re.compile(r"s$|affected|impacted", re.IGNORECASE)
# A field that holds the customer itself: 'Account:', 'Customer:', 'Kunde:', 'Cliente:'.
_CUSTOMER_LABEL = re.compile(r"^(?:customer|account|client|kunde|kundin|cliente|klant|kund|asiakas|zákazník"
                             r"|zákaznice|klient|klientka|müşteri)(?: name)?$", re.IGNORECASE)
_SEGMENT_END = re.compile(r"\s[—–-]\s|[,(·|;（、]")


def first_segment_org(value: str) -> str | None:
    """Return the organisation a field's value opens with, when it is plausibly a name."""
    first = tidy_name(_SEGMENT_END.split(value, maxsplit=1)[0])
    return first if plausible_name(first, strict=True) and looks_like_org(first) else None


_FULL_WIDTH_BRACKETED = re.compile(r"\s*（[^（）]*）")
_BRACKETED = re.compile(r"\s*\([^()]*\)|" + _FULL_WIDTH_BRACKETED.pattern)


def labelled_items(label: str, rest: str, *, today: dt.date | None) -> list[Evidence]:
    """Return items from 'Customer: Acme', 'Affected accounts: A, B and C', 'Reported by: Priya (Wexford)'."""
    links = find_links(rest)
    plain = squash(replace_links(rest, links))
    if VERDICT_ONLY.match(plain):
        return []  # 'Evidence: strong', 'tier: strong': a grade claimed for the ticket, no one's word
    if _LIST_LABELS.search(label.strip()):
        names = name_list(plain)
        if len(names) >= 2:
            return one_per_name(names, url=links[0].url if links else None, kind=source_kind(links, plain),
                                 text=squash(f"{label}: {rest}"))
    item = read_item(rest, today=today)
    if _REPORTED.match(label) and (_BARE_PERSON.match(plain.strip(" *_.")) or _PERSON_OF_A_TEAM.match(plain.strip())):
        # 'Reporter: Tyler Grant', a tracker's own field: whoever filed it, one of us as often as not; says no more.
        # 'Reporter: Gemma Thorne (Logistics)', 'Reported by: Gustavo Lindqvist (platform)': one of our teams.
        return []
    reporter = _REPORTER_HANDLE.match(plain) if _REPORTED.match(label) else None
    if reporter is not None and not speaks_for_us(plain):
        # 'Reporter: @rmbeltran (synced from in-app feedback)': a user on the tracker filed it themselves.
        return [Evidence(customer=reporter.group(1), kind=EvidenceKind.FIRST_HAND, text=squash(f"{label}: {rest}"))]
    if item is None:
        return []
    # 'Reporter: Jonas Everett, build infra at Maplestone. Also opened as case 00231877.': the first sentence names.
    who = next(iter(sentences(plain)), plain)
    ours = speaks_for_us(who)
    customer = attributed_customer(who) or (None if ours else item.customer)
    if not ours and _CUSTOMER_LABEL.match(label.strip(" *_")) and (first := first_segment_org(who)) is not None:
        # 'Account: Spin City Laundromat — 9 stores · Platinum · ARR $64,800': the value opens with the customer; what
        # follows describes it.
        customer = first
    if ours and customer is not None and customer == tidy_name(re.split(r"[,(·|]", who, maxsplit=1)[0]):
        # 'Reporter: Sam Okafor (PM)': the person is one of ours, and no organisation is named after them.
        customer = None
    if customer is None:
        # 'Reported by: Tomás (Support), from JSM ticket FS-4821, customer **Halvorsen Plumbing**': the line names them.
        customer = find_subject(plain) or next(iter(emphasised_orgs(rest)), None)
    if customer is None and not ours and not _REPORTED.search(label) and not _LIST_LABELS.search(label.strip()):
        # 'Kunde: Brenner & Voss Steuerberatung PartG mbB · Ticket: ZD-51890': the field's value is the customer.
        value = tidy_name(_SEGMENT_END.split(who, maxsplit=1)[0])
        # '顧客: 株式会社サクラ物流（Zendesk #51877）': a name in a script without capitals is one all the same.
        customer = value if (value[:1].isupper() or not value[:1].isascii()) and len(value.split()) <= 6 else None
    via = tidy_name(_VIA.split(who, maxsplit=1)[0]) if customer is None and _REPORTED.search(label) else ""
    if via and has_org_suffix(via):
        # 'Reported by: Hudson Bay Aggregates Inc. via Intercom — …': the organisation, then the channel it came by.
        customer = via
    if customer is None and ours and not links:
        # 'Reported by: Magnus Ek (Support, L2)' relays; the customer is named elsewhere or not at all.
        return []
    if customer is not None and _REPORTED.search(label) and (org := _org_named_in_brackets(who)) is not None:
        # 'Melder: Bart de Vries (Maasvlakte Trucking BV)': the person files for the organisation in brackets.
        customer = org
    elif customer is not None:
        # '株式会社ミナト物流（エンタープライズ契約）': what stands in brackets describes the customer.
        customer = _FULL_WIDTH_BRACKETED.sub("", customer) or customer
    if customer is not None and not plausible_name(customer, strict=False):
        customer = None
    if customer is None and not _REPORTED.search(label) and not (
            item.quote or item.count or (item.url and item.kind is not EvidenceKind.OTHER)):
        # 'Client: aa $3k [docs](…)': the field names no one, counts nothing and links no place evidence lives.
        return []
    return [item.model_copy(update={"customer": customer, "text": squash(f"{label}: {rest}")})]


_VIA = re.compile(r"\s+via\s+", re.IGNORECASE)
_BARE_PERSON = re.compile(r"^[A-ZÀ-Ý][a-zà-ÿ'’-]+(?:\s+(?:de|van|von|da|do|dos|del|la|le))?"
                          r"(?:\s+[A-ZÀ-Ý][a-zà-ÿ'’-]+){1,2}$")
_DEPARTMENT = (r"(?i:platform|logistics|flight ops|ops|operations|finance|marketing|hr|people|it|dispatch|warehouse"
               r"|facilities|legal|compliance|data|analytics|security|infra\w*|billing|payments|growth|engineering"
               r"|product|design|qa|support|sales|backend|frontend|mobile|web|devops|sre|accounting|front desk"
               r"|customer service|office|admin|[\w-]+ (?:team|ops|squad|crew|office|dept|department))")
_PERSON_OF_A_TEAM = re.compile(_BARE_PERSON.pattern.rstrip("$") + r"\s*\(" + _DEPARTMENT + r"\)\W*$")
_ORG_IN_BRACKETS = re.compile(r"[(（](?P<org>[^()（）]{3,80})[)）]")


def _org_named_in_brackets(who: str) -> str | None:
    """Return 'Maasvlakte Trucking BV' of 'Bart de Vries (Maasvlakte Trucking BV)', an organisation by its suffix."""
    for match in _ORG_IN_BRACKETS.finditer(who):
        org = tidy_name(re.split(r"[,、・]|\s(?=[^\s]*(?:運営|担当|部|課)$)", match.group("org"))[0])
        if org and (has_org_suffix(org) or (looks_like_org(org) and not org.isascii())) and not speaks_for_us(org):
            return org
    return None


def name_list(plain: str, *, strict: bool = False) -> list[str]:
    """Return the names in 'A, B and C' (two or more), else []; what stands in brackets describes a name."""
    plain = _BRACKETED.sub("", plain)
    if not ("," in plain or " and " in plain or ";" in plain):
        return []
    names = [tidy_name(name) for name in re.split(r",|;|\band\b" if strict else r",|;|\band\b|&", plain)]
    names = [name for name in names if name and plausible_name(name, strict=strict) and len(name.split()) <= 6
             and (not strict or looks_like_org(name) or len(name.split()) == 1)]
    return names if len(names) >= 2 else []


def one_per_name(names: list[str], *, url: str | None, kind: EvidenceKind, text: str) -> list[Evidence]:
    """Return one item per customer a line names; the line's link is the first one's source."""
    return [Evidence(customer=name, url=url if index == 0 else None, kind=kind, text=text)
            for index, name in enumerate(names)]
