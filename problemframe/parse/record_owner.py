"""Whose a record is, when the ticket names one organisation and cites its ticket or call on another line.

'**Aguas del Valle S.A.** emite unas 9.000 facturas …' and, later, 'Ticket en Freshdesk: [#21044](…)': a careful
reader takes the ticket as that customer's. Only an organisation named beyond doubt (with its legal form, or by what
it is; a name in bold may be a product) counts, and only when it is the one such name in the ticket.
"""

from __future__ import annotations

import re

from problemframe.checkable import record_number
from problemframe.model import Evidence, EvidenceKind
from problemframe.parse.attribution import has_org_suffix, looks_like_org
from problemframe.parse.customers import plausible_name, tidy_name
from problemframe.parse.document import Block
from problemframe.parse.hearsay import legal_names
from problemframe.parse.paragraph_subject import paragraph_org
from problemframe.parse.text import sentences

_RECORDS = frozenset({EvidenceKind.SUPPORT_TICKET, EvidenceKind.CRM, EvidenceKind.CALL, EvidenceKind.CHAT,
                      EvidenceKind.EMAIL})
_PROSE = ("paragraph", "item", "heading")


def owned_records(items: list[Evidence], blocks: list[Block]) -> list[Evidence]:
    """Return the items with each unnamed record given the ticket's one named organisation, when it has exactly one."""
    unnamed = [item for item in items if item.customer is None and item.kind in _RECORDS
               and (item.url or record_number(item))]
    if not unnamed or any(item.customer for item in items):
        return items
    organisations = {name for block in blocks if block.kind in _PROSE for sentence in sentences(block.text)
                     for name in legal_names(sentence)}
    if not organisations:
        # 'Kelso Baths had an inspection last week …' and, a paragraph on, 'Support-Ticket: [ZD-51877](…)': with no
        # legal form anywhere, the one organisation a paragraph opens a sentence with, saying what it went through.
        organisations = {name for block in blocks if block.kind == "paragraph"
                         and (name := paragraph_org(sentences(block.text))) is not None}
        # '**Brigade:** Millbrook Volunteer Fire Company': a field whose value ends as organisations do.
        organisations |= {name for block in blocks if block.kind in _PROSE for line in block.text.split("\n")
                          if (name := _field_org(line)) is not None}
    if len(organisations) != 1:
        return items
    owner = organisations.pop()
    return [item.model_copy(update={"customer": owner}) if item in unnamed else item for item in items]


_FIELD = re.compile(r"^[\W_]{0,4}[A-Za-zÀ-ÿ][\w ]{1,25}?[*_]{0,2}\s?:[*_]{0,2}\s+(?P<value>[^\n,;(—–|]{3,80}?)"
                    r"[\s*_.]*$")


def _field_org(line: str) -> str | None:
    """Return the organisation a 'Label: Value' line names by its ending ('Brigade: Millbrook Volunteer Fire Co.')."""
    field = _FIELD.match(line)
    if field is None:
        return None
    name = tidy_name(field.group("value"))
    return name if has_org_suffix(name) and looks_like_org(name) and plausible_name(name, strict=True) else None
