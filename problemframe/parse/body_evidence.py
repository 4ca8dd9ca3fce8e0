"""Find customer evidence outside the evidence section, where it must be unmistakable to count.

Under an evidence heading every line is read as an item (`evidence_items`). Elsewhere a line counts only when it
links a place evidence lives, attributes a quote, labels a customer, names an organisation doing something a
customer does (asked, reported, walked us through), or gives a figure that speaks for customers.
"""

from __future__ import annotations

import datetime as dt
import re

from problemframe.model import Evidence, EvidenceKind
from problemframe.parse.attribution import has_org_suffix, looks_like_org
from problemframe.parse.customer_contact import contacted_org
from problemframe.parse.customers import plausible_name, tidy_name
from problemframe.parse.evidence_items import denies_evidence, find_quote, read_item
from problemframe.parse.handles import cited_handle
from problemframe.parse.hearsay import named_organisation, relayed
from problemframe.parse.kinds import kind_from_url, kind_from_words
from problemframe.parse.labelled_fields import LABEL_LINE, first_segment_org, labelled_items, name_list, one_per_name
from problemframe.parse.named_orgs import BOLD_LEAD, CITED, LABEL_LEAD, bold_org, emphasised_orgs, lead_org, paren_org
from problemframe.parse.quoted_evidence import source_kind
from problemframe.parse.signals import Signal, find_signals
from problemframe.parse.subjects import OUR_THINGS, WORK_AT, find_subject, split_pair
from problemframe.parse.template_help import is_help
from problemframe.parse.text import Link, find_links, replace_links, squash, unemphasised

MAX_BODY_ITEMS = 40
RUNNING_QUOTE_WORDS = 3
"""In running text a quoted word or two ('a "manager" story') is emphasis, not what a customer said."""
_COUNTED_NAMES = re.compile(
    r"\b(?:customers?|accounts?|clients?|companies|organi[sz]ations)\s*\((?P<names>[^()]{3,200})\)"
)
_WHO_ASKED = re.compile(r"\b(?:customers?|clients?|accounts?|companies|organi[sz]ations|logos|tenants)\b.{0,40}"
                        r"\b(?:asked|requested|reported|raised|complained|churned|escalated|want|need|are|were)\b"
                        r"|\b(?:including|e\.g\.|such as|from|by)\s*$", re.IGNORECASE)
_HEARD = re.compile(r"\b(?:asked|requested|reported|mentioned|complained|raised|told us|said|says"
                    r"|brought (?:it|this) up|asks?|keeps? telling|kept telling|keeps? saying|keeps? asking|kept asking"
                    r"|wrote in|emailed|called|escalated|churned|cancel+ed|apareció|pidieron|reclamaram)\b",
                    re.IGNORECASE)
SOURCED = frozenset({EvidenceKind.SUPPORT_TICKET, EvidenceKind.CRM, EvidenceKind.CALL})
# Where a record beside a name makes it that customer's: a desk, a call, a CRM, an email thread, a chat.
_NAMED_BESIDE = SOURCED | {EvidenceKind.EMAIL, EvidenceKind.CHAT}
NEXT_LABEL = re.compile(r"\s[|·•]\s+(?=[*_]{0,2}[A-Za-z][\w ./-]{0,30}[*_]{0,2}\s*:)")
_TRACKER_ISSUE = re.compile(r"github\.com/[^/\s]+/[^/\s]+/issues/\d+|gitlab\.[^/\s]+/.+/-/issues/\d+"
                            r"|atlassian\.net/(?:browse|servicedesk)/|/jira/servicedesk/|linear\.app/.+/issue/")
_DEMAND = re.compile(r"\b(?:duplicate|dupe|request\w*|asked|ask|report\w*|customer\w*|users?|\+1|same (?:issue|"
                     r"problem)|also|affected|complain\w*|escalat\w*|votes?)\b|👍", re.IGNORECASE)
_CUSTOMER_CALL = re.compile(
    r"\b(?:on|in|during|from|via)\s+(?:a|one|two|three|several|\d+)\s+(?:customer|client|sales|discovery|support"
    r"|prospect|renewal)\s+(?:calls?|tickets?|interviews?|conversations?|emails?|meetings?|demos?)\b",
    re.IGNORECASE,
)
# 'Zendesk chat #7731042', 'Salesforce case 00231877', 'JSM ticket FS-4821': a source on file, named by its number.
_SOURCE_REFERENCE = re.compile(
    r"\b(?:zendesk|intercom|freshdesk|help ?scout|front|jsm|service ?desk|servicenow|salesforce|hubspot|gong|chorus"
    r"|support|customer|formal|written)\s+(?:ticket|chat|conversation|case|call|recording|request|email|complaint)"
    r"\s*(?:#\s?|no\.?\s?|n[°º.]\s?)?(?:[A-Z]{2,6}-)?(?:\d{4}-)?\d{3,}\b"
    # 'case CS-20931', 'linked request SUP-4411', 'Freshdesk #48213': a record named by its desk or its own prefix.
    r"|\b(?:case|request|caso|fall|dossier)\s*:?\s*#?\s?(?-i:[A-Z]{2,6})-\d{3,}\b"
    # '*Zendesk:* #48213', 'Freshdesk, tiket **#20931**': the desk named as a field, its number as the value.
    r"|\b(?:zendesk|zd|intercom|freshdesk|help ?scout|servicenow|jsm|support|sfdc)[\s:,*_]{0,4}"
    r"(?:(?:ticket|case|tiket|ärende|sag|sak|caso|chamado|fall)[\s*_]{0,4})?#\s?\d{3,}\b",
    re.IGNORECASE,
)
# A desk's or CRM's record names its customer after its number ('Zendesk #48211 – Oakmere Primary'); without a number
# the words after the dash are the email's subject or the deal's title ('Email – Dimissioni', 'Salesforce – Expansão').
# A call recording is titled by whom it was with ('Gong – Larchfield ISD renewal call').
_AFTER_SOURCE = re.compile(r"(?:\b(?i:zendesk|intercom|freshdesk|salesforce|hubspot|jsm|ticket|case)\b[^–—\n]{0,20}?\d"
                           r"[^–—\n]{0,8}?|\b(?i:gong|chorus|call)\b[^–—\n]{0,20}?)"
                           r"\s[–—-]\s(?P<name>[A-Z][\w&'.-]+(?:\s+(?:[A-Z][\w&'.-]+|&|of)){0,4})")
_CALL_WORDS = ("call", "ticket", "interview", "conversation", "mail", "meeting", "demo")
_THREE_DIGITS = re.compile(r"\d{3}")
# 'Café Grünwald OG (AT) — ZD-77134': an organisation, then the record it is on file under.
_RECORD = re.compile(r"(?<![\w/-])[A-Z]{2,6}-\d{3,}\b")
# '**Giulia Ferraro** — #88120 — charged twice': a customer in bold, then the ticket they are on file under.
_BOLD_RECORD = re.compile(r"^\W{0,3}\*\*(?P<name>[^*\n]{2,60})\*\*\s*(?:\([^()\n]{0,60}\))?\s*[—–-]\s+"
                          r"#\d{4,}\b")
# 'Hissmontage Väst AB — ärende i Jira Service Desk *HSD-4412*': the record's key a few words after the dash.
_RECORD_LED = re.compile(r"^\W{0,3}[A-ZÀ-ÖØ-Þ][^—–:\n]{1,60}?\s[—–-]\s+(?:[^\s—–]+\s){0,5}?[*_`]*[A-Z]{2,6}-\d{3,}\b")
_MEETING_WORDS = ("call", "recording", "meeting", "demo", "interview")
# The writer names the organisation they speak for: 'I'm a platform engineer at X', 'on behalf of X', 'We (X) …'.
_FIRST_PERSON = re.compile(
    r"\b(?:i['’]m(?!\w)|i am|i work|we['’]re|we are|we at|here at|on behalf of|we\s*\(|us at"
    r"|our (?:[a-z-]+ ){0,2}?" + OUR_THINGS + r" at)|^\W*at\b.{1,60}?\bwe\b" + WORK_AT, re.IGNORECASE
)


def per_link(sentence: str) -> list[str]:
    """Split a sentence that cites several sources into one piece per link: 'A (link) and B (Intercom: link)'."""
    links = find_links(sentence) if "http" in sentence else []
    evidence = [link for link in links if kind_from_url(link.url) is not None or _TRACKER_ISSUE.search(link.url)]
    if len(evidence) < 2:
        return [sentence]
    pieces: list[str] = []
    start = 0
    for link in evidence:
        end = link.end + (1 if sentence[link.end : link.end + 1] == ")" else 0)
        pieces.append(sentence[start:end])
        start = end
    pieces[-1] += sentence[start:]
    return pieces


_AT_ORGANISATION = re.compile(r"\b(?:at|from|of) (?:\*\*|__)?[A-Z][\w&'.-]+(?:\s+[A-Z][\w&'.-]+)+")
_OF_ORGANISATION = re.compile(r"^\W{0,3}(?:from|at|of|@)\s", re.IGNORECASE)


def read_pieces(pieces: list[str], *, today: dt.date | None) -> list[Evidence]:
    """Read each linked piece of a sentence; '[Erica Chase](chat) from [Halvorsen](crm)' cites Halvorsen twice."""
    reads = [read_sentence(piece, today=today) for piece in pieces]
    for number in range(len(pieces) - 1, 0, -1):
        organisation = next((item.customer for item in reads[number] if item.customer), None)
        if organisation is None or not _OF_ORGANISATION.match(pieces[number]) or not looks_like_org(organisation):
            continue
        reads[number - 1] = [item.model_copy(update={"customer": organisation})
                             if item.customer and not has_org_suffix(item.customer) else item
                             for item in reads[number - 1]]
    return [item for read in reads for item in read]


# 'Hallberg Apotek called support about it (phone, no ticket)': the record is missing, not the customer's word.
_RECORD_ONLY_DENIED = re.compile(r"\b(?:called|phoned|rang|told|said|mentioned|asked|complained|raised"
                                 # 'Came up on a call with Harlan Creek Legal Aid (no ticket; I took notes)'.
                                 r"|(?:a|the|our) (?:call|meeting|visit|demo))\b[^.;]{0,120}"
                                 r"[(,;—–-]\s*(?:but\s+)?no (?:concrete |formal |written |actual |specific )?"
                                 r"(?:ticket|record|notes?|link|recording|written record|requests?)\b"
                                 # 'No ticket yet, he heard it from their dispatcher on the phone.'
                                 r"|^\W*no (?:ticket|record|notes?|link|recording)(?: yet)?\s*[,;—–-][^.;]{0,80}"
                                 r"\b(?:heard|told|said|called|mentioned|asked|complained)\b"
                                 # 'Several drivers have apparently asked … I haven't seen the messages myself'.
                                 r"|\b(?:asked|complained|requested|mentioned|reported)\b[^.;]{0,200}"
                                 r"\b(?:haven'?t|have not|didn'?t|did not|never) (?:seen|read|got|received)"
                                 r" (?:the |their |any )?(?:messages?"
                                 r"|tickets?|e-?mails?|recording|notes|thread)\b",
                                 re.IGNORECASE)
# 'Imagine a customer who …', "let's call them Acme Corp": a customer made up to explain, nobody who asked.
_IMAGINED = re.compile(r"\b(?:imagine|let'?s call (?:them|it|her|him)|let'?s say|hypothetical(?:ly)?|suppose)\b",
                       re.IGNORECASE)


def read_sentence(sentence: str, *, today: dt.date | None) -> list[Evidence]:
    """Return the evidence one sentence of running text gives, if it is unmistakable."""
    if is_help(sentence) or _IMAGINED.search(sentence) or (denies_evidence(sentence) and not _RECORD_ONLY_DENIED.search(
            sentence)):
        return []
    labelled = LABEL_LINE.match(sentence.lstrip("-*+> \t"))
    if labelled:
        # '*Requested by:* X | *Target CAB:* 14.05.2024': the label's value ends where the next label starts.
        rest = NEXT_LABEL.split(labelled.group("rest"), maxsplit=1)[0]
        return labelled_items(labelled.group("label"), rest, today=today)
    links = find_links(sentence)
    plain = replace_links(sentence, links) if links else sentence
    found = _evidence_link(links, plain)
    subject = find_subject(squash(unemphasised(plain)))
    # A question ('Should the bucket be 50 % of the tenant limit?') reports nothing.
    signals = find_signals(plain) if not plain.rstrip(" *_)").endswith("?") else []
    heard = relayed(plain, plain.lower()) if not signals else None
    if heard is not None and subject is not None and heard[1] is None:
        heard = None  # 'O Rui (vendas) diz que …' with no organisation named: the subject read stays
    if heard is not None:
        # 'Laut Vertrieb will ein großer Kunde in Bayern das unbedingt': word passed on, thin but a customer's.
        signals, subject = [heard[0]], heard[1]
    call = _source_named(plain)
    if call is not None and not signals:
        # 'On a customer call' counts one call; naming where it is on file ('Zendesk #48213') counts nothing, and the
        # record's number earns its points as a link would.
        signals = [Signal(0 if call.re is _SOURCE_REFERENCE else 1,
                          kind_from_words(call.group(0)) or _record_kind(call.group(0)), call.group(0))]
    if subject is None:
        subject = bold_org(sentence, plain) or paren_org(plain, linked=bool(links) or bool(signals))
    handle = None
    if subject is None and not emphasised_orgs(sentence) and not _AT_ORGANISATION.search(plain):
        # A user named by handle, when the line names no organisation they speak for.
        subject = handle = cited_handle(sentence)
    if subject is None and found is not None and (after_source := _AFTER_SOURCE.search(plain)):
        # '[Zendesk #48211 – Oakmere Primary: "archiving 64 classes …"](…)': the link's text names the customer.
        subject = tidy_name(after_source.group("name"))
        subject = subject if plausible_name(subject, strict=True) else None
    if not signals and (contact := contacted_org(plain)) is not None and subject in (None, contact[0]):
        # 'Ruka Rent Oy:n myymäläpäällikkö kertoi puhelimessa': the customer told us, on a call or otherwise, with no
        # record of it.
        subject, signals = contact[0], [Signal(0, contact[1], plain)]
    if subject is None and found is not None and kind_from_url(found) in _NAMED_BESIDE:
        # 'Boğaz Medya A.Ş. bildirdi: [Zendesk #8233](…)': a linked record beside an unmistakable name is theirs.
        subject = named_organisation(sentence)
    if subject is None and found is not None and kind_from_url(found) in _NAMED_BESIDE and (
            led := _SOURCE_LED.match(plain)) is not None:
        # '**Source:** Mikrofoni Baari (Helsinki), [Freshdesk #6043](…)': the source line opens with whose it is.
        subject = _source_owner(led.group("rest"))
    bold_record = _BOLD_RECORD.match(sentence) if subject is None else None
    if bold_record is not None and plausible_name(name := tidy_name(bold_record.group("name")), strict=True):
        subject = name
    if subject is None and (links or BOLD_LEAD.match(sentence) or LABEL_LEAD.match(plain) or _RECORD_LED.match(plain)):
        # A list item that opens with an organisation and links a ticket (or states what the customer did, money,
        # a date, a source, their own words) is a citation, whatever the heading.
        subject = lead_org(plain)
        if subject is not None and _RECORD.search(subject):
            subject = None  # 'SDK-511 Go: propagate traceparent' is a work item, not an organisation
        if subject is not None and not links and not _cites(plain):
            subject = None
        found = found or (links[0].url if subject and links else None)
    named = emphasised_orgs(sentence) if subject is None else []
    if named and (found or kind_from_words(plain) in SOURCED):
        # 'Salesforce case 00048213 – *Hollenbeck Logistik GmbH*, Head of Treasury': the source names them.
        return one_per_name(named, url=found, kind=source_kind(links, plain), text=squash(sentence))
    if found is None and subject is None and not signals:
        return []
    several = _several_named(sentence, plain, links, url=found, subject=subject, signals=signals)
    if several:
        return several
    item = read_item(sentence, today=today, min_quote_words=RUNNING_QUOTE_WORDS)
    if item is None and (subject is not None or signals):
        # 'Customer Swiftline Couriers reported this, from 3 of their drivers:' introduces the tickets below it;
        # 'From support (Zendesk, 212 tickets in Oct):' counts them.
        item = Evidence(customer=subject, text=squash(sentence)[:2_000])
    if item is None:
        return []
    customer = _sentence_customer(item.customer, subject, plain)
    # 'I'm opening a fresh one … @devkaro posted the same trace in #1207': the 'I' is the writer, not the user cited.
    kind = _sentence_kind(item.kind, signals, plain, named=customer is not None,
                          speaker=customer is not None and customer == subject and customer != handle)
    if found is None and customer is None and not signals:
        return []
    if kind is EvidenceKind.INTERNAL:
        return []
    count = max((signal.figure for signal in signals), default=None) or None
    reports = max((signal.reports for signal in signals), default=0)
    url = found or (item.url if customer or signals else None)
    names: list[str | None] = list(split_pair(customer)) if customer else [None]
    return [item.model_copy(update={"customer": name, "kind": kind, "count": count, "url": url if index == 0 else None,
                                    "reports": reports if index == 0 else 0})
            for index, name in enumerate(names)]


# 'Source:', 'Zdroj:', 'Quelle:', 'Lähde:', '出典:': a line that says where the evidence comes from.
_SOURCE_LED = re.compile(r"^\W{0,4}(?i:source|sources|zdroj|quelle|fuente|fonte|bron|källa|kilde|lähde|kaynak"
                         r"|źródło|出典|출처|来源)\W{0,4}[:：]\W{0,4}(?P<rest>\S.*)$")


def _source_owner(rest: str) -> str | None:
    """Return the organisation a source line opens with, unless it names a tool ('Zendesk', 'Looker Studio')."""
    name = first_segment_org(rest)
    return None if name is None or kind_from_words(name) else name


def _source_named(plain: str) -> re.Match[str] | None:
    """Return 'on two customer calls' or 'Zendesk chat #7731042' in a sentence; cheap looks first."""
    lowered = plain.lower()
    if any(word in lowered for word in _CALL_WORDS) and (call := _CUSTOMER_CALL.search(plain)):
        return call
    return _SOURCE_REFERENCE.search(plain) if _THREE_DIGITS.search(plain) else None


def _record_kind(named: str) -> EvidenceKind:
    """Return the kind of a source named without a source word: 'on two customer calls' or 'case CS-20931'."""
    return EvidenceKind.CALL if any(word in named.lower() for word in _MEETING_WORDS) else EvidenceKind.SUPPORT_TICKET


def _sentence_kind(kind: EvidenceKind, signals: list[Signal], plain: str, *, named: bool,
                   speaker: bool) -> EvidenceKind:
    """Return the kind of source a running sentence cites: its own words', else its figure's, else first-hand."""
    if kind is EvidenceKind.INTERNAL and (signals or named) and _HEARD.search(plain):
        # 'A few customers have asked for this on calls, and I think it would help retention', 'Sales says Tenuta
        # Valmarino asked for it in the demo': the opinion or the telling is ours, the asking was the customers'.
        # Second-hand, it still counts for what it reports.
        kind = EvidenceKind.OTHER
    if kind is EvidenceKind.OTHER and signals:
        kind = signals[0].kind
    if kind is EvidenceKind.OTHER and speaker and _FIRST_PERSON.search(plain):
        kind = EvidenceKind.FIRST_HAND
    return kind


def _several_named(sentence: str, plain: str, links: list[Link], *, url: str | None, subject: str | None,
                   signals: list[Signal]) -> list[Evidence]:
    """Return one item per customer a sentence lists: '2 customers (A, B) told …', 'Asked for by: A, B and C'."""
    counted = _COUNTED_NAMES.search(plain)
    if counted is not None:
        # '2 existing customers (Brackwater Insurance, Lumen Dental Labs) told their CSM …': each is named.
        bracketed = name_list(counted.group("names"), strict=True)
        if bracketed:
            return one_per_name(bracketed, url=url, kind=signals[0].kind if signals else source_kind(links, plain),
                                 text=squash(sentence))
    if subject is None and ":" in plain:
        return _listed_customers(squash(plain), links, kind=signals[0].kind if signals else EvidenceKind.OTHER,
                                 text=squash(sentence))
    return []


def _cites(plain: str) -> bool:
    """Return whether a line led by an organisation says what the customer did, lost or said, or where it is on file."""
    if CITED.search(plain) or find_quote(plain) is not None or _RECORD_LED.match(plain):
        return True
    return kind_from_words(plain) not in (None, EvidenceKind.INTERNAL, EvidenceKind.USAGE_DATA)


def _evidence_link(links: list[Link], plain: str) -> str | None:
    """Return the first link to a place evidence lives (a support desk, a call, a CRM, another tracker's request)."""
    for link in links:
        if kind_from_url(link.url) is not None:
            return str(link.url)
        if _TRACKER_ISSUE.search(link.url) and _DEMAND.search(plain):
            return str(link.url)
    return None


def _sentence_customer(read: str | None, subject: str | None, plain: str) -> str | None:
    """Return the customer a running sentence names: its subject, else an organisation read_item found."""
    if subject is not None:
        return subject
    if read is not None and looks_like_org(read) and kind_from_words(plain) is not EvidenceKind.INTERNAL:
        return read
    return None


def _listed_customers(plain: str, links: list[Link], *, kind: EvidenceKind, text: str) -> list[Evidence]:
    """Return one item per organisation in 'Three customers asked for this: Aldgate Foods, Penrose and Tallis'."""
    head, colon, tail = plain.partition(":")
    if not colon or not _WHO_ASKED.search(head):
        return []
    return one_per_name(name_list(tail.strip(" ."), strict=True), url=links[0].url if links else None, kind=kind,
                         text=text)
