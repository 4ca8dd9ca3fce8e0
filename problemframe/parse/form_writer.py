"""Who filled in an issue form, when the form asks: '### Your role / resort' answered 'Lift ops, Granite Basin'.

Issue forms on public trackers often ask who the writer is and where they work. The answer names the organisation
whose own case the form reports: one user's first-hand report, thin evidence but a named one.
"""

from __future__ import annotations

import re

from problemframe.model import Evidence, EvidenceKind
from problemframe.parse.attribution import attributed_customer, looks_like_org, speaks_for_us
from problemframe.parse.customers import plausible_name
from problemframe.parse.document import Document
from problemframe.parse.text import squash

# 'Your role / resort', 'Company', 'Organisation name', 'Which clinic are you with?', 'Empresa', 'Firma'.
_WHO_ARE_YOU = re.compile(
    r"^\W*(?:(?:your|which|what(?:'s| is)? your)\s+)?(?:role|company|organi[sz]ation|org|employer|business"
    r"|team|resort|clinic|practice|store|shop|school|firm|agency|site|venue|hotel|church|dealership|brewery|winery"
    r"|installer|farm|library|university)(?:\s*(?:/|,|and|&|or)\s*(?:your\s+)?[\w-]+){0,3}(?:\s+name)?"
    r"(?:\s+are you (?:with|from|at))?\W*$"
    r"|^\W*(?:empresa|firma|unternehmen|organisation|organización|organização|entreprise|société|bedrijf|organizacja"
    r"|firma / rolle|rolle / firma|tu empresa|votre entreprise|ihr unternehmen)\W*$",
    re.IGNORECASE,
)
MAX_ANSWER_WORDS = 14


def form_writer(document: Document) -> Evidence | None:
    """Return the writer's own report for the organisation a form's 'who are you' field names, else None."""
    blocks = document.blocks
    for number, block in enumerate(blocks[:-1]):
        if block.kind != "heading" or not _WHO_ARE_YOU.match(block.text.strip()):
            continue
        answer = blocks[number + 1]
        text = squash(answer.text)
        if answer.kind != "paragraph" or len(text.split()) > MAX_ANSWER_WORDS or speaks_for_us(text):
            return None
        customer = attributed_customer(text)
        if customer is None or not plausible_name(customer, strict=True) or not looks_like_org(customer):
            return None
        return Evidence(customer=customer, kind=EvidenceKind.FIRST_HAND,
                        text=f"{squash(block.text).strip('# ')}: {text}")
    return None
