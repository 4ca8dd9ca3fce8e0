"""Find the organisation a sentence of running text names: in bold, in parentheses, or heading a list item."""

from __future__ import annotations

import re

from problemframe.parse.attribution import looks_like_org
from problemframe.parse.customers import find_customer, plausible_name, tidy_name

# 'Ridgeway Facilities: Zendesk #51902, …' or 'Corbel Elevators (ops lead, on the QBR): "…"' at an item's start.
LABEL_LEAD = re.compile(r"^\W{0,3}[A-Z][^:()\n]{1,60}?\s*(?:\([^()\n]{0,120}\))?\s*:\s+\S")
BOLD_LEAD = re.compile(r"^\W{0,3}(?:\*\*|__)[^*_\n]{2,60}(?:\*\*|__)\s*(?:[—–:(.,-]|\s[-—–]\s|$)")
_BOLD_NAME = re.compile(r"(?:\*\*|__)(?P<name>[^*_\n]{2,60})(?:\*\*|__)")
_PAREN_ORG = re.compile(r"\((?:[^()]{2,80}?(?:,|\s(?:at|from|@))\s*)(?P<org>[^(),]{3,60})\)")
CITED = re.compile(r"[$£€¥]\s?\d|\b(?:cannot|can'?t|unable|blocked|trialling|trialing|evaluating|renewal|moved"
                    r"|switched|migrated|left|signed|paying|pays)\b"
                    r"|\b\d+(?:\.\d+)?\s?[kKmM]?\s?(?:ARR|MRR|ACV|seats|users|licen[cs]es)\b"
                    r"|\b(?:19|20)\d{2}-\d{2}"
                    r"|\b(?:churned|asked|requested|reported|escalated|cancel+ed|renewal|renewing|blocked|lost|"
                    r"threatened|evaluating|trial|pilot|prospect|closed.lost|downgraded)\b", re.IGNORECASE)
_CONNECTOR = re.compile(r"^(?:and|or|plus|as well as|also)\s+", re.IGNORECASE)
_PAIN_WORDS = re.compile(r"\b(?:has to|have to|had to|every|manually|by hand|asked|wants?|needs?|cannot|can'?t)\b",
                         re.IGNORECASE)


_BOLD_BEFORE = re.compile(r"(?:\*\*|__)(?P<name>[^\W\d_][^*_\n]{1,60})(?:\*\*|__)\s*$")
_EMPHASIS = re.compile(r"(?<![\w*_])(\*\*|__|\*|_)(?P<name>[^*_\n]{2,60}?)\1(?![\w*_])")


def emphasised_orgs(sentence: str) -> list[str]:
    """Return the organisations a sentence sets in bold or italics ('among them *Lindqvist Apotheke Group* (INC…)')."""
    if "*" not in sentence and "_" not in sentence:
        return []
    names = [tidy_name(match.group("name")) for match in _EMPHASIS.finditer(sentence)]
    return [name for name in names if name and plausible_name(name, strict=True) and looks_like_org(name)]


def bold_org(sentence: str, plain: str) -> str | None:
    """Return a **bold** organisation in a sentence that says what the customer did or lost ('cannot', '$85k')."""
    if "**" not in sentence and "__" not in sentence:
        return None
    for match in _BOLD_NAME.finditer(sentence):
        name = tidy_name(match.group("name"))
        if name and plausible_name(name, strict=True) and looks_like_org(name) and CITED.search(plain):
            return name
    return None


def paren_org(plain: str, *, linked: bool) -> str | None:
    """Return the organisation in '(IT lead at Corvid Learning Trust, 11 schools)' or '(Rota coordinator, Ostler)'."""
    if "(" not in plain:
        return None
    for match in _PAREN_ORG.finditer(plain):
        before = _BOLD_BEFORE.search(plain, 0, match.start())
        # '**Stadtwerke Halbach** (Enterprise, Cloud EU)': a bracket after a bold name says what plan or region
        # that organisation is on; the bold name is the customer.
        name = tidy_name(before.group("name") if before is not None else match.group("org"))
        if name and plausible_name(name, strict=True) and looks_like_org(name) and (linked or CITED.search(plain)
                                                                                    or _PAIN_WORDS.search(plain)):
            return name
    return None


def lead_org(plain: str) -> str | None:
    """Return an organisation that heads a list item ('Kōan Labs GmbH — SUP-5377: …'), else None."""
    found = find_customer(_CONNECTOR.sub("", plain.strip(" -*+\t,;")))
    if found is None or not looks_like_org(found[0]) or found[1] > 4:
        return None
    return found[0]
