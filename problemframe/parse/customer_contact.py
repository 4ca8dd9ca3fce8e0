"""A customer named by its legal form who got in touch with us, in the languages tickets are written in.

'Léa (responsable comptoir chez Snowbase Chamonix SARL) nous a appelés mardi', 'Ruka Rent Oy:n myymäläpäällikkö
kertoi puhelimessa', 'Nahlásila nám to Bouldrovna Praha s.r.o.', 'Mentioned by the front desk at Kallio Oy during
their onboarding call'. The name's legal form makes it unmistakably an organisation, and the words around it say it
told us; whoever at the customer did the telling, and in whatever order the language puts it, the customer is named.
"""

from __future__ import annotations

import re

from problemframe.model import EvidenceKind
from problemframe.parse.hearsay import legal_names, organisation_names

# Got in touch, told, asked or complained: the words cannot be mistaken for anything but someone telling us.
_CONTACTED = re.compile(
    r"\b(?:called (?:us|in|support|our)|phoned|rang (?:us|support)|on the phone|by phone|over the phone"
    r"|mentioned (?:it |this )?(?:by|to us|on|in|during|that)|told (?:us|our|me)|complained|reached out"
    r"|on an? (?:[\w-]+ ){0,2}call with|told [a-z]+ (?:that|about|they|she|he)\b"
    r"|e-?mailed|wrote (?:to|in)|asked (?:us|our|me|about|if|whether|for)|came by|stopped by"
    # French, German, Dutch, Swedish, Norwegian, Danish.
    r"|nous a (?:appelés?|téléphoné|dit|parlé|signalé|demandé|écrit)|m'a (?:appelé|dit|parlé)|au téléphone"
    r"|par téléphone|a mentionné"
    r"|(?:hat|haben) uns (?:angerufen|erzählt|gesagt|geschrieben|gefragt)|am telefon|telefonisch|erzählte|erwähnte"
    r"|(?:heeft|hebben) (?:ons )?(?:gebeld|verteld|gevraagd|gemeld)|aan de telefoon|vertelde"
    r"|fragte|schrieb (?:uns|an)|meldete sich|per (?:e-?)?mail|via de telefoon|belde|vroeg|schreef|mailde"
    r"|ringde (?:oss|in|till)|berättade|nämnde|frågade|mejlade|i telefon|per telefon|fortalte|nevnte|nævnte"
    r"|spurgte|spurte|skrev til|ringede|i telefonen|på mail"
    # Spanish, Portuguese, Italian.
    r"|nos llamó|nos (?:lo )?(?:dijo|comentó|pidió|escribió)|preguntó|por teléfono|ligou|nos ligou"
    r"|nos (?:disse|pediu|escreveu)|perguntou|por telefone|ci ha chiamat[oi]|ci ha (?:chiesto|detto|scritto|segnalato)"
    r"|ha chiamato|ha (?:chiesto|scritto)|al telefono|per telefono|a demandé|nous a envoyé"
    # Finnish, Czech, Slovak, Polish, Turkish.
    r"|kertoi|soitti|ilmoitti|valitti|mainitsi|puhelimessa|puhelimitse|kysyi|sähköpostilla"
    r"|nahlásil[aiy]?|volal[aiy]?|telefonicky|stěžoval[aiy]? si|říkal[aiy]?|zmínil[aiy]?|nám (?:psal[aiy]?|řekl[aiy]?)"
    r"|dzwonił[aoy]?|zadzwonił[aoy]?|przez telefon|telefonicznie|skarżył[aoy]? się|wspomniał[aoy]?"
    r"|powiedział[aoy]? nam|zapytał[aoy]?|napisał[aoy]? do nas|zeptal[aiy]? se|napsal[aiy]? nám"
    r"|bahsetti|söyledi|sordu|telefonda)(?!\w)",
)
_PHONE = re.compile(r"phone|telef|puheli[nm]|soitti|volal|dzwoni|ringde|gebeld|angerufen|appel|llamó|ligou|chiamat"
                    r"|\b(?:called|rang|calls?)\b")
# 'We called Viestinvälitys Oy', 'our SMS provider X Oy told us': the organisation is one we went to, or our supplier.
_OURS = re.compile(r"\b(?:we|i) (?:called|phoned|rang|asked|contacted|told)\b|\b(?:our|the) (?:\w+ ){0,2}"
                   r"(?:provider|vendor|supplier|gateway|contractor|manufacturer)\b"
                   r"|\b(?:toimittaja|dodavatel|dostawca|fournisseur|lieferant|proveedor|fornecedor|fornitore)\w*")


def contacted_org(plain: str) -> tuple[str, EvidenceKind] | None:
    """Return the organisation a sentence says got in touch with us, and how ('call' when by phone), else None."""
    # The patterns are written in lower case and run on the lowered sentence: ignoring case is several times slower.
    lowered = plain.lower()
    contact = _CONTACTED.search(lowered)
    if contact is None or _OURS.search(lowered):
        return None
    names = legal_names(plain) or organisation_names(plain)
    if len(names) != 1:
        return None
    kind = EvidenceKind.CALL if _PHONE.search(lowered) else EvidenceKind.OTHER
    return names[0], kind
