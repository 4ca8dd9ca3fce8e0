"""Read who is speaking in running text: quote attributions, labelled customers and named organisations."""

from __future__ import annotations

import re

from problemframe.parse.customers import (
    GENERIC_WORDS,
    ORG_CONNECTORS,
    SENTENCE_CASE_HEAD,
    find_named_customer,
    keeps_full_stop,
    plausible_name,
    tidy_name,
)

# "— Priya N., Head of Client Services, Wexford Analytics" after a quote, also with '--', '―', '~' or '-'.
ATTRIBUTION = re.compile(r"^\s*(?:[—―–~]|--?)\s*(?P<who>[^\n]{2,300})$")
_ROLE_WORDS = frozenset(
    """head vp director manager lead owner engineer admin administrator cto ceo cfo coo cio founder cofounder
    co-founder president officer analyst specialist coordinator architect developer designer pm csm ae am se
    champion buyer user customer consultant partner principal staff senior sr jr junior chief it ops operations
    finance product support success sales marketing accounts billing services client clients of and for at the
    team member controller accountant nurse teacher dispatcher agent supervisor managing dispatch leiterin leiter
    controlling coordinator rota office practice clinical general counsel associate assistant executive""".split()  # noqa: SIM905
)
# Legal forms written after the name, with their dots: 'Sp. z o.o.', 's.r.o.', 'S.A.', 'B.V.', 'A.Ş.'.
_DOTTED_FORM = (r"|\s(?i:sp\.\s?z\s?o\.\s?o|s\.\s?r\.\s?o|e\.\s?v|s\.\s?p\.\s?a|s\.\s?r\.\s?l"
                r"|k\.\s?k|ltda|lda|kg|kft|zrt|oü|d\.o\.o|a\.s|s\.a|mbh|ggmbh|eg|b\.\s?v|n\.\s?v|mbb|partg|s\.\s?l"
                r"|s\.\s?n\.\s?c|s\.\s?a\.\s?s|s\.\s?l\.\s?p|s\.\s?c\.\s?a\.\s?r\.\s?l|s\.\s?c|a\.\s?ş)\.?$")
# A sector word ends a name when capitalised ('Vireo Health Data'), not in a phrase ('Triage data').
_ORG_SUFFIX = re.compile(
    r"\b(?=[A-Z])(?i:inc|ltd|llc|llp|plc|corp|corporation|co|company|gmbh|ag|sa|sas|sarl|bv|nv|pty|oy|oyj|ab|group|labs?|analytics"
    r"|systems|solutions|services|software|technologies|tech|health|healthcare|bank|insurance|logistics|freight"
    r"|partners|holdings|industries|university|college|schools?|hospital|clinic|dental|media|studios?|capital"
    r"|foods|retail|airlines?|rail|energy|motors|networks|cloud|data|ventures|agency|council|county|city"
    r"|district|foundation|institute|gov|hq|church|parish|chapel|cathedral|ministries|fellowship|winery|brewery|brewing)"
    r"\.?$" + _DOTTED_FORM,
)
# '"…" — Priya N., Wexford Analytics' and a store review's '"…" ★★, **Saoirse D.** (UK, 16 May)'.
INLINE_ATTRIBUTION = re.compile(
    r"[\"”»][*_]{0,2}\s*(?:[—―–]|--|[★☆⭐]{1,5}\s*(?:[,—―–-]|\(\d\/5\),?)?)\s*(?P<who>[^\n\"“”]{3,200})$"
)
_FROM_ORG = re.compile(r"\s(?:from|at|@|of|for|on behalf of)\s+(?P<org>.+)$")
# Our own people: a requester who sells to or looks after the customer is not the customer.
_INTERNAL_ROLE = re.compile(
    r"\b(?:AE|CSM|SE|TAM|AM|SDR|BDR|PM|PO|EM|TPM|(?i:account (?:executive|manager|director)|customer success"
    r"|solutions? engineer(?:ing)?|sales(?:person|people|rep|team)?|support(?: engineer| agent| lead)?"
    r"|product manager|our|pmm|qa|l[123]|ux(?: research(?:er)?| design(?:er)?)?|user research(?:er)?"
    r"|product design(?:er)?|(?:cs|sales|rev|revenue|support|marketing|biz|business) ?ops|data team"
    r"|analytics (?:team|engineer(?:ing)?)"
    r"|devrel|developer relations|maintainers?|core team|co-?founder|founder"
    # Our own support desk in the languages it signs in: 'Soporte N2', 'Kundenservice', 'Service client'.
    r"|soporte|suporte|supporto|kundenservice|kundendienst|service client|klantenservice|atención al cliente"
    r"|atendimento|customer care|servicedesk|service desk|helpdesk"
    # Our account managers, engineers and product people in the same languages: 'Tomasz (opiekun klienta)'.
    r"|sre|devops|produkt|opiekun(?:ka)? klienta|kundansvarig|kundenbetreuer(?:in)?|chargée? de clientèle"
    r"|ejecutivo de cuenta|gerente de cuenta|responsable de compte|accountmanager))\b"
)
_OUR_TEAM = re.compile(r"^(?i:support|customer support|customer success|cs|sales|account management|solutions"
                       r"|professional services|qa|product|engineering|ops|operations)(?: team)?$")
_OUR_TEAM_CJK = re.compile(r"カスタマーサクセス|カスタマーサポート|サポート(?:チーム|窓口|担当)|CSチーム|CS担当"
                           r"|営業(?:部|担当|チーム)?|開発(?:部|チーム)|品質保証|（QA）|\(QA\)|고객\s?지원|고객\s?성공|영업팀|客服|客户成功|销售|技术支持")
_ROLE_IN_BRACKETS = re.compile(r"\((?P<inside>[^()]{3,120})\)")
# 'bluefin.io', 'tessellate.ai': a company that goes by its domain.
_DOMAIN_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{1,40}\.(?:io|ai|app|dev|com|co|net|so|xyz|tech|cloud)$", re.IGNORECASE)
_BRACKETS = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")


# A job title by its shape: 'Head of …', 'Chief … Officer', '… Lead', 'Leitung …', 'Directrice …'.
_ROLE_SHAPE = re.compile(
    r"^(?:head|chief|director|directrice|directeur|vp|svp|evp|leitung|leiter(?:in)?|jefe|jefa|gerente|responsable"
    r"|diretora?)\b|\b(?:lead|manager|officer|director|engineer|scientist|controller|coordinator|specialist|analyst"
    r"|architect|administrator|admin|owner|supervisor|consultant|designer|developer|accountant|planner|buyer"
    r"|executive|president|founder|platform|desk)$",
    re.IGNORECASE,
)


_TRAILING_OFFICER = re.compile(r"(?<=\w)\s+(?:CISO|CTO|CEO|CFO|CIO|COO|CPO|CMO|DPO|VP)(?=\s*(?:,|$))")


def attributed_customer(who: str) -> str | None:
    """Return the organisation (else the person) an attribution names: 'Priya N., Head of CS, Wexford Analytics'."""
    bracketed = _bracketed_org(who)
    if bracketed is not None:
        return bracketed
    text = _BRACKETS.sub(" ", who).strip(" *_,;")
    # 'Ondrava CISO, on the QBR recording': the organisation's officer speaks for it.
    text = _TRAILING_OFFICER.sub("", text)
    if not keeps_full_stop(text):
        text = text.rstrip(" .")
    named = find_named_customer(text)
    if named is not None:
        return named[0]
    segments = [tidy_name(segment) for segment in re.split(r",|\s[|·•]\s|\s[—–]\s", text) if segment.strip()]
    internal = any(_INTERNAL_ROLE.search(segment) for segment in segments[1:]) or any(
        _INTERNAL_ROLE.search(match.group("inside")) for match in _ROLE_IN_BRACKETS.finditer(who))
    # 'Ramesh Sharma, Sharma General Store, Vijay Nagar, Indore': the organisation comes first, the place after it.
    for segment in segments[1:]:
        unmistakable = _ORG_SUFFIX.search(segment) or "&" in segment or len(segment.split()) >= 3
        if unmistakable and looks_like_org(segment) and plausible_name(segment, strict=True) and not (
                is_role(segment) or _ROLE_SHAPE.search(segment) or _INTERNAL_ROLE.search(segment)
                or _from_org(segment)):
            return segment
    for segment in reversed(segments[1:]):
        via = _from_org(segment)
        candidate = tidy_name(via.group("org")) if via else segment
        if _DOMAIN_NAME.match(candidate):
            return candidate
        if candidate and plausible_name(candidate, strict=True) and not is_role(candidate) and (
                via or not _INTERNAL_ROLE.search(candidate)):
            return candidate
    if segments:
        first = segments[0]
        via = _from_org(first)
        if via and plausible_name(tidy_name(via.group("org")), strict=True):
            return tidy_name(via.group("org"))
        if plausible_name(first, strict=True) and len(first.split()) <= 4 and not internal:
            return first
    return None


def _from_org(segment: str) -> re.Match[str] | None:
    """Return 'at Corvid' in 'IT lead at Corvid', but nothing in 'Gary Hughes School of Motoring': an 'of' after a
    name of two or more words that is no role joins the organisation's own name."""
    via = _FROM_ORG.search(" " + segment)
    if via is None or not via.group(0).lstrip().startswith("of "):
        return via
    before = segment[: max(0, via.start() - 1)].split()
    return via if len(before) < 2 or is_role(" ".join(before)) or before[-1].lower() in _ROLE_WORDS else None


def speaks_for_us(who: str) -> bool:
    """Return whether an attribution names one of our own people ('Colm, Enterprise AE', '@Hollis Grant (CSM)')."""
    role = re.split(r"[,()·|]", who, maxsplit=2)
    if len(role) > 1 and _INTERNAL_ROLE.search(role[1]) is not None:
        return True
    if _OUR_TEAM_CJK.search(who) and not _CJK_ORG.search(who):
        # '報告者：山本（CSチーム・日本）', 'カスタマーサクセス 西村': one of ours, in the ticket's own script.
        return True
    # 'Support (filed by Hana, Tier 2 lead)': a team of ours, with who filed it in brackets.
    return _OUR_TEAM.match(role[0].strip(" *_")) is not None


def _bracketed_org(who: str) -> str | None:
    """Return the organisation in 'Priya Anand (office manager, Harbor & Finch Dental)' or '(IT lead at Corvid)'."""
    for match in _ROLE_IN_BRACKETS.finditer(who):
        segments = re.split(r",|\s(?:at|from|@)\s", match.group("inside"))
        if len(segments) < 2:
            continue
        candidate = tidy_name(segments[-1])
        if candidate and plausible_name(candidate, strict=True) and looks_like_org(candidate) and not is_role(
                candidate) and not _INTERNAL_ROLE.search(candidate):
            return candidate
    return None


_LEGAL_FORM = re.compile(
    r"\b(?=[A-Z])(?i:inc|ltd|llc|llp|plc|corp|corporation|gmbh|ag|sa|sas|bv|nv|pty|oy|oyj|ab|as|aps|kk|spa|srl|sl|sarl)\.?$"
    + _DOTTED_FORM
)


def has_legal_form(name: str) -> bool:
    """Return whether a name ends in a company's legal form ('Ltd', 'GmbH', 'S.A.', 'Oy'), not only a sector word."""
    return _LEGAL_FORM.search(name) is not None


def has_org_suffix(name: str) -> bool:
    """Return whether a name ends as organisations do: 'Ltd', 'GmbH', 'Group', 'Council', 'Analytics' ..."""
    return _ORG_SUFFIX.search(name) is not None


# 'らーめん一心 渋谷店', '株式会社ミナト', '서울치과의원': names in scripts without capitals end in what they are.
_CJK_ORG = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]{2,}.*(?:店|社|会社|商店|食堂|屋|クリニック|病院|医院"
                      r"|薬局|学校|大学|銀行|事務所|協会|スキー場|公司|集团|集團|银行|医院|회사|병원|의원|학교|마트|식당|약국|은행)"
                      r"|^(?:株式会社|有限会社|合同会社|㈱|（株）)")


def looks_like_org(name: str) -> bool:
    """Return whether a name reads as an organisation: a legal or sector suffix, or two or more capitalised words."""
    if _CJK_ORG.search(name):
        return True
    words = name.split()
    # 'Ab' or 'Healthcare' alone is the suffix, not a name that ends with it.
    if len(words) >= 2 and _ORG_SUFFIX.search(name):
        return True
    if len(words) >= 2 and SENTENCE_CASE_HEAD.match(name) and words[-1][:1].isupper():
        return True  # 'Knihovna města Hradní': what it is, then where, capitalised as Czech and Polish do
    # 'Banco de' or 'la Poste' is cut off: a connector joins words of a name, it neither opens nor ends one.
    return len(words) >= 2 and words[0] not in ORG_CONNECTORS and words[-1] not in ORG_CONNECTORS and all(
        word[:1].isupper() or word[:1].isdigit() or word in ORG_CONNECTORS for word in words)


_TITLE_WORDS = _ROLE_WORDS - {"of", "and", "for", "at", "the", "user", "customer", "client", "clients"}


def names_a_role(text: str) -> bool:
    """Return whether a segment holds a job title's word ('production manager', 'bindery lead')."""
    return any(word.strip(".,").lower() in _TITLE_WORDS for word in text.split())


def is_role(text: str) -> bool:
    """Return whether a segment is a job title ('Head of Client Services') rather than a name."""
    words = [word.strip(".,").lower() for word in text.split()]
    return bool(words) and all(word in _ROLE_WORDS or word in GENERIC_WORDS for word in words)


# '★☆☆☆☆ **"Useless warning"** — *Marta_R*, App Store (PL), 2 Mar' above the review's words: a review's header.
# '★☆☆☆☆ **Rahul M.** · Play · 14 Oct': the reviewer in bold, then the store and the date.
REVIEW_HEADER = re.compile(
    r"^(?=[^\n]*[★☆⭐])[★☆⭐\s]*(?:(?:\*\*|__)?[\"“][^\"”\n]{1,80}[\"”](?:\*\*|__)?)?\s*(?:[—–]\s*(?P<who>[^\n]{2,120})"
    r"|(?P<bold>(?:\*\*|__)(?![\"“])[^*_\n]{2,60}(?:\*\*|__))(?:\s*[·|,]\s*[^\n]{0,80})?)$"
)


def reviewer(header: re.Match[str]) -> str:
    """Return the words naming who wrote a review, from a matched REVIEW_HEADER."""
    return header.group("who") or header.group("bold")
_HANDLE = re.compile(r"^@?(?P<handle>[A-Za-z][\w.-]{2,30})$")


def signed_handle(who: str) -> str | None:
    """Return the user name a review or comment is signed with ('**mkbrewer88** (US, 14 May)', '@tessaloops')."""
    raw = re.split(r"[\s,(]", who.strip(" —―–-"), maxsplit=1)[0]
    first = raw.strip("*_")
    match = _HANDLE.match(first)
    # A plain lower-case word is a handle only when set apart: '**jtorresfl**', '@tessaloops'; the first word of
    # '*Verified reviewer, studio*' is not set apart on its own.
    if match is None or not (re.search(r"[\d_]|^@|[a-z][A-Z]", first) or (
            raw.startswith(("*", "_")) and raw.endswith(("*", "_")))):
        return None
    return match.group("handle")


def review_author(header: str) -> str | None:
    """Return who wrote a store review from its header line ('★★☆☆☆ "Late" — *jb_oakley*, Google Play'), else None."""
    match = REVIEW_HEADER.match(header.strip())
    if match is None:
        return None
    who = reviewer(match)
    return attributed_customer(who) or signed_handle(who)
