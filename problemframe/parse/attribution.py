"""Read who is speaking in running text: quote attributions, labelled customers and named organisations."""

from __future__ import annotations

import re

from problemframe.parse.customers import GENERIC_WORDS, find_named_customer, plausible_name, tidy_name

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
_ORG_SUFFIX = re.compile(
    r"\b(?:inc|ltd|llc|llp|plc|corp|corporation|co|company|gmbh|ag|sa|sas|bv|nv|pty|oy|ab|group|labs?|analytics"
    r"|systems|solutions|services|software|technologies|tech|health|healthcare|bank|insurance|logistics|freight"
    r"|partners|holdings|industries|university|college|schools?|hospital|clinic|dental|media|studios?|capital"
    r"|foods|retail|airlines?|rail|energy|motors|networks|cloud|data|ventures|agency|council|county|city"
    r"|district|foundation|institute|gov|hq)\.?$",
    re.IGNORECASE,
)
_FROM_ORG = re.compile(r"\s(?:from|at|@|of)\s+(?P<org>.+)$")
_BRACKETS = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")


def attributed_customer(who: str) -> str | None:
    """Return the organisation (else the person) an attribution names: 'Priya N., Head of CS, Wexford Analytics'."""
    text = _BRACKETS.sub(" ", who).strip(" *_.,;")
    named = find_named_customer(text)
    if named is not None:
        return named[0]
    segments = [tidy_name(segment) for segment in re.split(r",|\s[|·•]\s|\s[—–]\s", text) if segment.strip()]
    for segment in reversed(segments[1:]):
        via = _FROM_ORG.search(" " + segment)
        candidate = tidy_name(via.group("org")) if via else segment
        if candidate and plausible_name(candidate, strict=True) and not _is_role(candidate):
            return candidate
    if segments:
        first = segments[0]
        via = _FROM_ORG.search(" " + first)
        if via and plausible_name(tidy_name(via.group("org")), strict=True):
            return tidy_name(via.group("org"))
        if plausible_name(first, strict=True) and len(first.split()) <= 4:
            return first
    return None


def has_org_suffix(name: str) -> bool:
    """Return whether a name ends as organisations do: 'Ltd', 'GmbH', 'Group', 'Council', 'Analytics' ..."""
    return _ORG_SUFFIX.search(name) is not None


def looks_like_org(name: str) -> bool:
    """Return whether a name reads as an organisation: a legal or sector suffix, or two or more capitalised words."""
    words = name.split()
    if _ORG_SUFFIX.search(name):
        return True
    return len(words) >= 2 and all(word[:1].isupper() or word[:1].isdigit() or word in ("&", "of") for word in words)


def _is_role(text: str) -> bool:
    """Return whether a segment is a job title ('Head of Client Services') rather than a name."""
    words = [word.strip(".,").lower() for word in text.split()]
    return bool(words) and all(word in _ROLE_WORDS or word in GENERIC_WORDS for word in words)
