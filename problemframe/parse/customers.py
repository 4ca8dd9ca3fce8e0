"""Find the customer an evidence item names: 'Customer: Acme', '**Acme**', 'Acme (Enterprise) —', 'call with Acme'."""

from __future__ import annotations

import re

_LABELLED = re.compile(
    r"\b(?:customer|client|account|company|org|organi[sz]ation|logo)\s*(?:name)?\s*[:=]\s*"
    r"(?P<name>[^—–|;,(\[\n:]{1,80}?)(?=\s+[-—–|]\s|\s*[—–|;,(\[\n]|\s*$)",
    re.IGNORECASE,
)
_BOLD = re.compile(r"^\s*(?:\*\*|__)(?P<name>[^*_\n]{1,80}?)(?:\*\*|__)")
_LEAD = re.compile(r"^\s*(?P<name>[^\s—–|:;,(\[\"“·•][^—–|:;,(\[\"“·•\n]{0,80}?)\s*(?=\s[-—–|]\s|[—–|:;,(·•]|$)")
_SUBJECT = re.compile(
    r"(?P<name>[A-Z0-9][\w&.+-]{0,40}(?:\s+(?:[A-Z0-9][\w&.+-]{0,40}|&|of|and)){0,4})(?:'s\b|’s\b"
    r"|\s+(?:asked|said|says|wants?|wanted|requested|reported|mentioned|complained|needs?|needed|told|raised|escalated|churned|threatened|is|are"
    r"|has|have|had|can'?t|cannot|was|were|uses|would|will|filed|opened|emailed|called|wrote)\b)"
)
_NAMED = re.compile(
    r"\b(?:from|at|with|for|by)\s+(?P<name>(?:[A-Z0-9][\w&'.+-]{0,40})(?:\s+(?:[A-Z0-9][\w&'.+-]{0,40}|&|of|and)){0,4})"
)
GENERIC_WORDS = frozenset(
    """a an the this that these those our we i you they he she it my their one two three several some many most
    multiple various few all every any each customer customers client clients user users account accounts team
    teams enterprise smb mid-market prospects prospect people folks someone somebody admins admin internal pm
    product sales support cs csm ae ops engineering note notes quote quotes link links ticket tickets call calls
    zendesk intercom freshdesk front gong chorus zoom salesforce sfdc hubspot slack typeform amplitude mixpanel
    looker dashboard survey interview email crm chat see per via re fwd fw n/a tbd todo source evidence data
    usage nps csat monday tuesday wednesday thursday friday saturday sunday january february march april may june
    july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec q1 q2 q3 q4
    arr mrr acv usd gbp eur yesterday today last next other kind type date should could would will can may might
    must does do did is are was were has have had if when then also maybe please so but or not no yes both either
    everyone everybody nobody none who what which why how where there here its it's our your his her
    sales marketing leadership management legal finance security design qa devops engineers developers pmm growth
    soc stack overflow reddit discord forum
    dach emea apac latam amer anz mena nordics benelux eu us uk usa north south east west central region regions
    prd prds spec specs rfc rfcs doc brief one-pager wiki mockup mockups wireframe wireframes
    figma miro notion confluence jira github gitlab google docs sheets loom lucidchart sketch invision sharepoint
    dropbox drive trello asana linear datadog sentry splunk okta stripe aws azure gcp
    linki enlaces liens collegamenti länkar verweise referencias referências références quellen fuentes
    fontes related proposal due intake contacts linked issues downstream upstream comment comments steps status
    owner owners reviewer reviewers assignee reporter runbook playbook wiki case cases caso chamado conversation
    conversations conversa conversación conversazione gesprek gespräch samtal rozmowa chamada llamada chiamata appel
    target targets ga eta line lines step phase stage ring wave milestone release version build
    label labels tag tags component components priority severity
    担当 担当者 報告者 起票者 営業 サポート 负责人 报告人 销售 客服 담당 담당자 보고자 영업
    c'est c’est it's it’s that's there's here's""".split()  # noqa: SIM905
)
_CONNECTORS = frozenset({"&", "of", "and", "the", "de", "von", "van", "du", "la", "+", "da", "do", "del", "di", "der",
                         "della", "delle", "dello", "degli", "dei", "des", "dos", "das"})
_ABBREVIATIONS = frozenset({"inc", "ltd", "co", "corp", "llc", "plc", "bv", "ag", "sa", "s.a", "pty", "gmbh"})
_TRAILING_CONNECTOR = re.compile(r"(?:\s+(?:and|of|&|de|von))+$")
_PREPOSITIONS = ("From", "On", "In", "At", "By", "Via", "With", "Per", "For")
_LEADING_PREPOSITION = re.compile(r"^(?:" + "|".join(_PREPOSITIONS) + r")\s+(?=\S)")
# Ticket keys, dates, quarters, years, money and first-person words are never a customer's name.
_NOT_A_NAME = re.compile(
    r"^[A-Z][A-Z0-9]{1,9}-\d+$|\b(?:Q[1-4]|H[12]|FY\d{2,4})\b|\b(?:19|20)\d{2}\b|\b\d{1,2}(?:st|nd|rd|th)?\s+"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*\s+"
    r"\d|\b(?:ARR|MRR|ACV|USD|EUR|GBP)\b|[$£€]|\b\d+(?:\.\d+)?\s?[kKmM]\b|\bI'?m\b|\d+\s?(?:am|pm)\b"
    r"|\b(?:escalated|reported|requested|raised|submitted|opened|created|asked) by\b|^tier \d|\bpriority$|^@"
    r"|^[A-Z]\d{1,3}$|^[A-Z]{2,10}\d{4,}$|^\d[\d,.]*\s+[a-z]|\s(?:product|engineering|sales|marketing|team|squad|department|dept|tribe"
    r"|guild)$"
    # 'Comment 14', 'Phase 2', 'RFC 0042', 'Step 3': a numbered part of a document or a thread.
    r"|^(?:comment|phase|rfc|step|part|section|stage|round|milestone|sprint|release|version|option|item|row)\s+\d"
    r"|^(?:option|variant|alternative|approach|plan|scenario)\s+[A-Z]$"
    # 'Pixel 6a', 'Galaxy A13', 'iPhone 15 Pro': the device a test ran on.
    r"|^(?:pixel|galaxy|iphone|ipad|redmi|xiaomi|oneplus|moto|nokia|huawei|oppo|vivo|realme|surface|macbook"
    r"|thinkpad)\s+\w*\d",
    re.IGNORECASE,
)
_TRAILING_WORDS = frozenset({"by", "of", "at", "from", "for", "with", "to", "and", "the", "priority", "volume"})
# Sentence punctuation or a run of sentence particles: Japanese or Chinese prose, not a name.
# Korean puts spaces between words: three words or more, a verb's ending ('…했습니다', '…없어요') or a word marked as
# a clause's topic or object ('사무소는', '…이며') is a sentence.
# 'Metabaseの「差し戻し理由別」では、…': a clause with its comma or a topic particle is part of a sentence, no name.
_CJK_SENTENCE = re.compile(r"[。！？、，]|では|には|について|[\u3040-\u30ff\u4e00-\u9fff]{24,}"
                           r"|^\d[\d\s]*[\u3040-\u30ff\u4e00-\u9fff]"
                           r"|(?:[\uac00-\ud7af]+\s+){2,}[\uac00-\ud7af]|[\uac00-\ud7af](?:니다|다|요)\W*$"
                           r"|[\uac00-\ud7af](?:는|을|를|며)(?:\s|$)")
_DIGITS_ONLY = re.compile(r"^[\d\s.,#%$£€/-]+$")


def find_named_customer(text: str) -> tuple[str, int, int] | None:
    """Return (name, start, end) of a customer named outright: 'Customer: Acme' or a leading '**Acme**'."""
    # A label needs ':' or '=', and bold markup sits at the start, so most items skip both expressions.
    labelled = _LABELLED.search(text) if ":" in text or "=" in text else None
    bold = _BOLD.match(text) if "**" in text or "__" in text else None
    for match in (labelled, bold):
        if match:
            name = tidy_name(match.group("name"))
            if match is bold and _is_label_phrase(match.group("name"), text[match.end() : match.end() + 2]):
                continue
            if name and plausible_name(name, strict=False):
                return name, match.start(), match.end()
    return None


ORG_CONNECTORS = frozenset({"&", "of", "de", "du", "des", "la", "le", "von", "van", "der", "den", "y", "e", "und", "di",
                            "del", "della", "delle", "dei", "degli", "da", "do", "dos", "das", "w", "och", "og", "en"})
"""Small words an organisation's name keeps in lower case: 'Bank of Ireland', 'Casa de Campo'."""
# A label phrase is told from a name by a lower-case word that a name would not keep.
_NAME_CONNECTORS = ORG_CONNECTORS | {"and"}


def _is_label_phrase(bold: str, after: str) -> bool:
    """Return whether a bold lead is a field's label ('**Triage data:**', '**Deal impact**:'), not a name.

    A label ends with its colon and reads as a phrase: a word after the first is in lower case.
    """
    if not (bold.rstrip().endswith((":", "：")) or after.lstrip().startswith((":", "："))):
        return False
    words = bold.strip(" :：").split()
    return any(word[:1].islower() and word not in _NAME_CONNECTORS for word in words[1:])


def find_customer(text: str) -> tuple[str, int, int] | None:
    """Return (name, start, end) of the customer an item names, or None."""
    named = find_named_customer(text)
    if named is not None:
        return named
    lead = len(text) - len(text.lstrip(" \t—–-|:;,"))
    match = _LEAD.match(text[lead:])
    if match:
        name = tidy_loose(match.group("name"))
        if name and plausible_name(name, strict=True):
            return name, lead + match.start("name"), lead + match.end("name")
    match = _SUBJECT.match(text[lead:])
    if match:
        name = tidy_loose(match.group("name"))
        if name and plausible_name(name, strict=True):
            return name, lead + match.start("name"), lead + match.end("name")
    for match in _NAMED.finditer(text):
        name = tidy_loose(match.group("name"))
        if name and plausible_name(name, strict=True):
            return name, match.start("name"), match.end("name")
    return None


# Legal forms written in lower case ('Sp. z o.o.', 's.r.o.', 'e.V.') end a name without making it a phrase.
SENTENCE_CASE_HEAD = re.compile(r"(?:Knihovna|Městská|Městský|Obecní|Advokátní|Zubní|Veterinární|Lékárna|Nemocnice"
                                 r"|Biblioteka|Miejska|Miejski|Gminna|Przychodnia|Kancelaria|Apteka|Szkoła|Urząd"
                                 r"|Mestská|Obecná|Lekáreň)\s")
_LOWER_CASE_LEGAL_FORM = re.compile(
    r"(?<!\s)\s++(?:sp\.\s?z\s?o\.\s?o\.?|s\.\s?r\.\s?o\.?|spol\. s r\.\s?o\.?|e\.\s?v\.?|s\.\s?p\.\s?a\.?"
    r"|s\.\s?r\.\s?l\.?"
    r"|s\.\s?a\.?|a\.\s?s\.?|k\.\s?k\.?|ltda\.?|lda\.?|gmbh & co\.? kg|pvt\.? ltd\.?|mbh|ggmbh|e\.\s?k\.?|d\.o\.o\.?|eg"
    r"|s\.\s?l\.?|s\.\s?n\.\s?c\.?|s\.\s?a\.\s?s\.?|s\.\s?l\.\s?p\.?|s\.\s?c\.?)$",
    re.IGNORECASE,
)


# "Veridian Health's 2,400-node workspace": the name ends where what it owns begins.
# 'ミナトフーズは月間約 18 000 個…': a Japanese name ends at the particle that makes it the sentence's topic.
_CJK_PARTICLE = re.compile(r"(?<=[\u3040-\u30ff\u4e00-\u9fff])(?:は|が|を|から|より|では|には)"
                           r"(?=[\u3040-\u30ff\u4e00-\u9fff\s\d]).*$")
_OWNED = re.compile(r"['’]s\s+(?:\d|[a-z]).*$")


def keeps_full_stop(name: str) -> bool:
    """Return whether a name's final full stop belongs to it ('Acme Inc.', 'Trans-Wisła Logistyka Sp. z o.o.')."""
    return name.rsplit(" ", 1)[-1].rstrip(".").lower() in _ABBREVIATIONS or bool(_LOWER_CASE_LEGAL_FORM.search(name))


def tidy_name(name: str) -> str:
    """Return a name without surrounding markup and punctuation, keeping 'Inc.'-style dots."""
    tidy = " ".join(_CJK_PARTICLE.sub("", _OWNED.sub("", name)).strip(" \t*_:.-—–\"'[]").split())
    if name.rstrip(" \t*_:").endswith(".") and keeps_full_stop(tidy + "."):
        tidy += "."
    return tidy


def tidy_loose(name: str) -> str:
    """Return a name read from running text, without a sentence's leading preposition ('From Arden Mutual')."""
    return _TRAILING_CONNECTOR.sub("", _LEADING_PREPOSITION.sub("", tidy_name(name)))


# '**Patient Advisory Panel survey**', '**DPO mailbox:**' name where evidence comes from, not who gave it.
_SOURCE_NAME = re.compile(r"\b(?:survey|tests?|interviews?|mailbox|inbox|study|report|dashboard|feedback|tickets?"
                          r"|calls?|sessions?|panel|poll|reviews?|logs?|metrics|tracker|notes|research round"
                          r"|app store|play store|google play|play console|trustpilot|capterra|product hunt"
                          r"|(?:contact|call|help|service) cent(?:re|er))\b", re.IGNORECASE)


def plausible_name(name: str, *, strict: bool) -> bool:
    """Return whether text can be a company name (strict: capitalised, short, not a common word)."""
    name = _LOWER_CASE_LEGAL_FORM.sub("", name) or name
    # 'ES', 'DB', 'UI': a two-letter abbreviation names a system, not a customer.
    # 'Source: Amplitude' is a field and its value, not a name.
    if len(name) > 80 or len(name) <= 2 or _DIGITS_ONLY.match(name) or "://" in name or _SOURCE_NAME.search(name) or (
            ": " in name or "：" in name):
        return False
    if _CJK_SENTENCE.search(name):
        return False  # '個の出荷があり、来年度の…': a sentence written without spaces, not a company's name
    words = name.split()
    # 'Customer ID' and 'CUSTOMER NAME(S)' label a field; a one-word name is only refused when read loosely.
    if (len(words) > 1 or strict) and any(
        word.lower().strip("().,'") in ("name", "names", "name(s)", "id", "ids") for word in words
    ):
        return False
    if not words or _NOT_A_NAME.search(name) or (strict and len(words) > 1 and words[-1].lower() in _TRAILING_WORDS):
        return False
    if not strict:
        return not all(word.lower().strip(".,'") in GENERIC_WORDS for word in words)
    if words[0].lower().strip(".,'") in GENERIC_WORDS or all(
            word.lower().strip(".,'") in GENERIC_WORDS or word in _PREPOSITIONS for word in words):
        return False
    # Czech, Slovak and Polish capitalise only a name's first word after what it is: 'Knihovna města Hradní',
    # 'Městská knihovna Lipov', 'Advokátní kancelář Novák'; its last word is a place's or a person's name.
    headed = SENTENCE_CASE_HEAD.match(name) is not None and words[-1][:1].isupper() and len(words) <= 5
    # Japanese, Chinese and Korean have no capitals: '株式会社ミナト物流' is written as a name is.
    return sum(word.lower() not in _CONNECTORS for word in words) <= 6 and "#" not in name and all(
        word[0].isupper() or word[0].isdigit() or word.lower() in _CONNECTORS or "\u3040" <= word[0] <= "\ud7af"
        or (headed and word[:1].isalpha())
        for word in words
    )
