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
    arr mrr acv usd gbp eur yesterday today last next other kind type date""".split()  # noqa: SIM905
)
_CONNECTORS = frozenset({"&", "of", "and", "the", "de", "von", "van", "du", "la", "+"})
_ABBREVIATIONS = frozenset({"inc", "ltd", "co", "corp", "llc", "plc", "bv", "ag", "sa", "s.a", "pty", "gmbh"})
_DIGITS_ONLY = re.compile(r"^[\d\s.,#%$£€/-]+$")


def find_named_customer(text: str) -> tuple[str, int, int] | None:
    """Return (name, start, end) of a customer named outright: 'Customer: Acme' or a leading '**Acme**'."""
    # A label needs ':' or '=', and bold markup sits at the start, so most items skip both expressions.
    labelled = _LABELLED.search(text) if ":" in text or "=" in text else None
    bold = _BOLD.match(text) if "**" in text or "__" in text else None
    for match in (labelled, bold):
        if match:
            name = tidy_name(match.group("name"))
            if name and plausible_name(name, strict=False):
                return name, match.start(), match.end()
    return None


def find_customer(text: str) -> tuple[str, int, int] | None:
    """Return (name, start, end) of the customer an item names, or None."""
    named = find_named_customer(text)
    if named is not None:
        return named
    lead = len(text) - len(text.lstrip(" \t—–-|:;,"))
    match = _LEAD.match(text[lead:])
    if match:
        name = tidy_name(match.group("name"))
        if name and plausible_name(name, strict=True):
            return name, lead + match.start("name"), lead + match.end("name")
    match = _SUBJECT.match(text[lead:])
    if match:
        name = tidy_name(match.group("name"))
        if name and plausible_name(name, strict=True):
            return name, lead + match.start("name"), lead + match.end("name")
    for match in _NAMED.finditer(text):
        name = tidy_name(match.group("name"))
        if name and plausible_name(name, strict=True):
            return name, match.start("name"), match.end("name")
    return None


def tidy_name(name: str) -> str:
    """Return a name without surrounding markup and punctuation, keeping 'Inc.'-style dots."""
    tidy = " ".join(name.strip(" \t*_:.-—–\"'").split())
    if name.rstrip(" \t*_:").endswith(".") and tidy.rsplit(" ", 1)[-1].lower() in _ABBREVIATIONS:
        tidy += "."
    return tidy


def plausible_name(name: str, *, strict: bool) -> bool:
    """Return whether text can be a company name (strict: capitalised, short, not a common word)."""
    if len(name) > 80 or _DIGITS_ONLY.match(name) or "://" in name:
        return False
    words = name.split()
    if not strict:
        return not all(word.lower().strip(".,'") in GENERIC_WORDS for word in words)
    if words[0].lower().strip(".,'") in GENERIC_WORDS:
        return False
    return len(words) <= 6 and "#" not in name and all(
        word[0].isupper() or word[0].isdigit() or word.lower() in _CONNECTORS for word in words
    )


_SUBJECT_IN_TEXT = re.compile(
    r"(?<![\w@#/.-])(?P<name>[A-Z0-9][\w&.+-]{0,40}(?:\s+(?:[A-Z0-9][\w&.+-]{0,40}|&|of|and)){0,4})"
    r"(?:\s*\([^()]{0,60}\))?,?\s+(?:(?:has|have|had|also|just|again|recently|repeatedly|both|all)\s+)?"
    r"(?:asked|requested|reported|complained|churned|escalated|threatened|walked us through|told us|told our"
    r"|wrote in|emailed us|emailed support|called us|called in|flagged|raised|cancel+ed|downgraded|(?:is|are|was|were)"
    r" blocked|(?:is|are) (?:asking|waiting|evaluating|threatening|pushing)|keeps? asking|filed|opened a (?:ticket|case)"
    r"|hit this|ran into|runs into|brought (?:this|it) up|pinged us|shared|described|showed us|mentioned)\b"
)


def find_subject(text: str) -> str | None:
    """Return an organisation that a sentence says did what customers do: 'Ferrovia Rail walked us through …'."""
    if not any(ch.isupper() for ch in text):
        return None
    for match in _SUBJECT_IN_TEXT.finditer(text):
        name = tidy_name(match.group("name"))
        words = name.split()
        # A capitalised sentence opener ("Support", "Legal") is no customer; an org name is.
        while words and words[0].lower().strip(".,'") in GENERIC_WORDS:
            words = words[1:]
        name = " ".join(words)
        if name and plausible_name(name, strict=True) and name.lower() not in _NOT_CUSTOMERS:
            return name
    return None


_NOT_CUSTOMERS = frozenset({"he", "she", "they", "we", "it", "i", "who", "what", "which", "nobody else", "someone", "everyone", "nobody", "legal", "finance",
                            "marketing", "leadership", "management", "security", "design", "qa", "devops", "github",
                            "jira", "google", "apple", "microsoft", "the team", "our team", "product team"})
