"""The organisation a paragraph is about, for a source cited in another of its sentences.

'Larchmont Dental Group bought 40 codes as staff gifts; their office manager escalated. See [CRM account](…) and
case CS-77120.' names the customer in one sentence and links where it is on file in the next. The link is that
customer's evidence, as a reader takes it.
"""

from __future__ import annotations

import re

from problemframe.parse.attribution import looks_like_org, names_a_role
from problemframe.parse.customers import plausible_name, tidy_name

# A sentence that opens with a name of two or more capitalised words and says what that customer did or meets:
# 'Ferncastle Payments noticed …', 'Larchmont Dental Group bought …', 'Quillfeather Insurance cannot …'.
# An article before the name is no part of it: 'Das Hallenbad Bergheim hat …', 'The Kelso Baths had …'.
_ARTICLE = r"(?i:the|das|der|die|le|la|el|het|de|il|lo)\s"
_LEADING_NAME = re.compile(
    r"^[\W_]{0,4}(?:" + _ARTICLE + r"+)?"
    r"(?P<name>(?!" + _ARTICLE + r")[A-Z][\w'’.-]*"
    r"(?:\s+(?:[A-Z0-9][\w'’.-]*|&|of|de|and|und|et|y)){1,4})"
    # 'Autoškola Novák (Brno) cannot …': where the customer is, said in passing.
    r"(?:\s*\((?P<aside>[^()\n]{1,40})\))?\s+"
    r"(?:(?:has|have|had|just|also|then|first|again|now)\s+)?"
    r"(?:noticed|bought|purchased|escalated|reported|asked|emailed|wrote|called|opened|raised|flagged|complained"
    r"|hit|lost|saw|sees|found|told|mentioned|contacted|uses|use|used|runs|ran|migrated|moved|tried|tries|needs"
    r"|wants|cannot|can'?t|couldn'?t|is (?:blocked|unable|stuck|losing|waiting|threatening|evaluating)"
    r"|are (?:blocked|unable|stuck|losing|waiting|threatening|evaluating)|pays|paid|churned|signed|renews"
    r"|rely|relies|depends|started|stopped|keeps|kept|sent|filed|submitted|discovered|experienced"
    # 'Cascadia Solar Collective had a permit rejected by the city': what the customer met.
    r"|(?:had|got) (?:a|an|their|its|\d+) (?:[\w-]+ ){0,3}?(?:rejected|declined|refused|returned|bounced|denied"
    r"|cancel+ed|delayed|lost|stuck|blocked|flagged)"
    # What the customer went through, told plainly: 'Kelso Baths had an inspection last week', 'hat am Freitag …'.
    r"|had (?:an?|their|its) \w+|hat (?:am|an|im|seit|letzte|gestern|heute|eine?n?)\b"
    # Cannot, or reported it, as the languages tickets arrive in say so.
    r"|kann (?:nicht|keine)|nemůže|nemohou|nahlásil[aiy]?|nie (?:może|mogą)|zgłosił[aoy]?|no (?:puede|pueden)"
    r"|reportó|ne (?:peut|peuvent) pas|a signalé|não (?:consegue|pode)|reportou|non (?:riesce|può|possono)"
    r"|ha segnalato|kan (?:niet|inte|ikke)|meldde|rapporterade|rapporterte|ilmoitti|ei voi)\b",
)


# '*Agência Cajuína* (Fortaleza/CE), plano Organization, 23 editores.': a customer set apart at the head of its card.
_EMPHASISED_LEAD = re.compile(r"^[\W_]{0,3}?(\*\*|__|\*|_)(?P<name>[^*_\n]{2,60}?)\1\s*(?:[(,—–:]|\s-\s)")


def paragraph_org(sentences: list[str]) -> str | None:
    """Return the one organisation the paragraph's sentences open with, else None (none, or several)."""
    names = set()
    for sentence in sentences:
        match = _LEADING_NAME.match(sentence) or _EMPHASISED_LEAD.match(sentence)
        if match is None or names_a_role(match.groupdict().get("aside") or ""):
            continue  # 'Priya Raman (owner) wrote in': a person, named with what they do
        name = tidy_name(match.group("name"))
        if name and looks_like_org(name) and plausible_name(name, strict=True):
            names.add(name)
    return names.pop() if len(names) == 1 else None
