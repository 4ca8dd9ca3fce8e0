"""One report passed on: 'a seller emailed support', 'someone in the Slack reported it', 'got this from a review'."""

from __future__ import annotations

import re

from problemframe.model import EvidenceKind as K
from problemframe.parse.figures import Signal
from problemframe.parse.parties import CONDITION, WHO

# 'A seller emailed support about it yesterday', 'one hotel group he talked to', 'Un usuario se quejó en Twitter':
# one party's report, passed on. Thin, but a customer spoke.
_TOLD = re.compile(
    r"\b(?:told|said|asked|emailed|e-mailed|wrote (?:in|to)|complained|reported|mentioned|called (?:in|us|support)"
    r"|contacted|tweeted|posted|messaged|flagged|escalated|reached out|brought (?:it|this) up|left a review|pinged"
    r"|talked to|spoke to|se quejó|escribió|reclamó|reclamou|escreveu|reclamava|beschwerte|schrieb|meldete"
    r"|s'est plaint|a écrit|si è lamentato)\b"
)
_PASSED_ON = re.compile(r"\b(?:gemeldet|berichtet|reportó|informó|relatou|reportou|signalé|segnalato)\b"
                        # 'Another clinic hit this today': one more party met the problem.
                        r"|\b(?:hit|ran into|saw) (?:this|it)\b|\b(?:is|are|was|were) seeing (?:this|it)\b")
_ONE_PARTY = re.compile(
    r"(?:\b(?:a|an|one|another|un|una|um|uma|ein|eine|einer|une)\s+(?:[\w-]+\s+){0,2}?" + WHO
    + r"|\b(?:someone|somebody|jemand|alguien|alguém|quelqu'un|qualcuno))\b[^.;:!?]{0,50}?"
    r"(?:" + _TOLD.pattern + "|" + _PASSED_ON.pattern + ")"
)
_SOURCE_WORDS = ("review", "post", "thread", "comment", "message", "tweet", "recens", "rezens", "bewertung", "reseña",
                 "avalia", "avis", "recenz")
_STORE_REVIEW = re.compile(
    r"\b(?:a|an|one|another)\s+(?:[\w★☆-]+\s+){0,2}?(?:play store|app store|google play|store|g2|capterra"
    r"|trustpilot|reddit|forum|community|twitter|linkedin|discord|facebook|product hunt)\s+(?:review|post|thread"
    r"|comment|message)\b|\b(?:a|one) (?:tweet|(?:1|2|3|one|two|three)[- ]star review)\b"
    # 'en recension i Google Play', 'eine Bewertung im App Store', 'una reseña en la Play Store'.
    r"|\b(?:en|ein|eine|un|une|una|uma|um|een|jedna|jedną)\s+(?:recension|rezension|bewertung|reseña|valoración|avaliação"
    r"|recensione|recenzj\w*|review|avis)\s+(?:\w+\s+){0,3}?(?:i|in|im|en|em|no|na|auf|dans|sur|op|w|su|sul|nel)\s+"
    r"(?:der |la |le |el |de |o |a |il )?(?:google play|app store|play store|trustpilot|apple store)\b"
)
# 'Marco heard from a big bank in Frankfurt that …': the party stands after the verb.
_HEARD_FROM = re.compile(r"\b(?:heard|hear|got (?:this|it)|learned) (?:\w+ ){0,3}?from (?:a|an|one|another)\s+"
                         r"(?:[\w-]+\s+){0,2}?" + WHO + r"\b")

# 'Sales (Mark) says a large pharma prospect won't sign without it': a colleague passes on one party's word.
_RELAYED = re.compile(
    r"\b(?:sales|the sales team|our (?:ae|am|csm)|the (?:ae|am|csm)|csm|cs|support|customer success"
    r"|account (?:managers?|executives?)|community managers?|ops|(?:branch|regional|zone|store) managers?)\b"
    r"(?:\s*\([^()]{1,30}\))?\s+(?:says?|said|mentioned|mentions|told (?:us|me)|thinks|reports?|relayed|heard)\b"
    r"[^.;]{0,40}?\b(?:a|an|one|another)\s+(?:[\w-]+\s+){0,3}?" + WHO + r"\b"
)
_RELAY_WORDS = ("sales", "ae", "am", "csm", "cs", "support", "success", "account", "community", "ops", "manager")

# 'Support forwarded me an email', 'Hab vom Support eine Mail weitergeleitet bekommen': one message passed on.
_FORWARDED = re.compile(
    r"\bforwarded (?:me |us |to (?:me|us) )?(?:an?|this|the|one) (?:\w+ )?(?:e-?mail|mail|message|complaint|note)\b"
    r"|\b(?:e-?mail|mail|nachricht)\w* (?:\w+ ){0,3}?weitergeleitet\b|\bweitergeleitet (?:\w+ ){0,3}?(?:e-?mail|mail"
    r"|nachricht)|\breenvi\w+ (?:\w+ ){0,3}?(?:correo|e-?mail|mensaje)|\btransf[ée]r\w* (?:\w+ ){0,3}?(?:e-?mail|mail"
    r"|message)|\bencaminh\w+ (?:\w+ ){0,3}?(?:e-?mail|mensagem)"
)
_FORWARD_WORDS = ("forward", "weitergeleitet", "reenvi", "transf", "encaminh")


# 'Customer says merging two vendors wiped the bank details', 'someone on the community forum burned an afternoon on
# this': one party, unnamed, passed on without an article or a verb of telling.
_BARE_PARTY = re.compile(
    r"^\W{0,3}(?:the |our )?(?:customer|client|user|merchant|seller|shopper|player|patient|tenant)\s+(?:says|said"
    r"|reports?|reported|mentions?|mentioned|writes|wrote|complains?|complained)\b"
    r"|\b(?:someone|somebody|a user|one user) (?:on|in|from) the (?:[\w-]+ )?(?:forum|community|discord|slack"
    r"|subreddit|reddit|mailing list|newsletter replies)\b"
)

# 'I spoke with a prospect at the Milan event', 'ho parlato con un cliente', 'hablé con una clínica': one party met.
_TALKED_WITH = re.compile(
    r"\b(?:talked|spoke|chatted|met|had a call)(?: (?:to|with))? (?:a|an|one|another)\s+(?:[\w-]+\s+){0,2}?" + WHO
    + r"\b|\b(?:ho parlato|abbiamo parlato|hablé|hablamos|falei|falamos|conversei|j'ai parlé|nous avons parlé"
    r"|rozmawiał\w*|pratade|talade|sprak|heb gesproken)\s+(?:con|com|avec|à|z|med|met)\s+(?:un|una|um|uma|une|een|en"
    r"|ett|jednym|jedną)?\s*(?:[\w-]+\s+){0,2}?" + WHO + r"\b"
    r"|\bmit (?:einem|einer) (?:[\w-]+\s+){0,2}?" + WHO + r"\b[^.;]{0,30}\bgesprochen\b"
)
# 'C'est Julien, leur DAF, qui m'en a parlé', 'Me lo comentó el equipo de X', 'Volgens Femke (CSM) …': one
# party's word passed on to the writer, in the languages tickets arrive in.
_TOLD_ME = re.compile(
    r"\b(?:m'en a parlé|m'a parlé|m'a dit|nous a dit|me lo comentó|me comentó|me dijo|nos dijo|me disse|me falou"
    r"|nos disse|mi ha detto|ci ha detto|hat (?:mir|uns) (?:\w+ ){0,8}?(?:gesagt|erzählt)|heeft me verteld"
    # 'Sander hoorde het vorige week bij Dierenkliniek De Linde': heard it at one customer's.
    r"|hoorde (?:het|dit) (?:\w+ ){0,3}?bij|hörte (?:es|das) (?:\w+ ){0,3}?bei|heard (?:it|this) (?:\w+ ){0,3}?at"
    r"|vertelde me|powiedział[a]? mi|sa till mig|berättade för mig|told me about"
    # 'Camille nous a remonté que …', 'lui en a parlé', 'przekazał nam dział sprzedaży', 'telefonla aramış'.
    r"|nous a remonté|nous ont remonté|(?:lui|leur|nous) en a parlé|przekazał[aoy]? nam|telefonla aram\w*"
    r"|(?:bize|bana) (?:söyle|ilet)\w*)\b"
    r"|\b(?:according to|volgens|según|segundo|selon|laut)\s+\w+\s*\((?:ae|am|csm|cs|se|sales|support|account"
    r" manager)\b"
)
_TOLD_ME_WORDS = ("hoorde", "hörte", "heard", "m'", "me ", "nos ", "mi ", "ci ", "mir", "uns", "vertel", "mig",
                  "told me", "according", "volgens", "según", "segundo", "selon", "laut", "nous a", "nous ont",
                  "en a parlé", "przekaza", "telefonla", "bize", "bana")
_TALK_WORDS = ("talk", "spoke", "chatted", "met ", "had a call", "parl", "habl", "fal", "convers", "rozmaw", "prat",
               "tala", "sprak", "gesproken", "gesprochen")

# 'A customer called our support asking where …', 'Vorige week belde een klant …', 'se nás jeden zákazník ptal',
# 'eräs asiakas soitti': one unnamed customer got in touch, in the languages tickets arrive in, verb first or last.
_ONE_CUSTOMER = (r"(?:a|an|one|another) (?:[\w-]+ )?" + WHO + r"|een (?:\w+ )?klant|ein(?:e|er)? (?:\w+ )?"
                 r"kund(?:e|in)|une? (?:\w+ )?client(?:e)?|un(?:a|o)? (?:\w+ )?client[ea]|um(?:a)? (?:\w+ )?cliente"
                 r"|(?:jeden|jedna|nějaký|nějaká|jeden z) (?:\w+ )?zákazní(?:k|ce)"
                 r"|(?:jeden|jedna|pewien|pewna) klient(?:ka)?"
                 r"|en (?:\w+ )?kund|en (?:\w+ )?kunde|(?:eräs|yksi) asiakas")
_GOT_IN_TOUCH = (r"called (?:in|us|our|the|support)|phoned|rang (?:us|our|the|support)|emailed (?:us|our|the|support)"
                 r"|asked us|wrote to us|belde|mailde|vroeg ons|vroeg of|rief (?:\w+ )?an|hat (?:\w+ )?angerufen"
                 r"|fragte uns|nous a (?:appelés?|écrit|demandé)|a appelé|nos (?:llamó|escribió|preguntó)|llamó"
                 r"|(?:nos )?ligou|ci ha (?:chiamato|scritto|chiesto)|ha chiamato|(?:se )?(?:nás )?ptal[a]?|volal[a]?"
                 r"|pytał[a]?|zadzwonił[a]?|ringde|frågade oss|ringede|ringte|spurgte|soitti|kysyi meiltä")
# 'Una óptica de Valencia llamó a soporte', 'a shop in Leeds rang support': whoever rings our support is a customer.
_CALLED_SUPPORT = (r"(?:a|an|one|un|una|une|um|uma|ein|eine|een|en|et) [^\W\d]{3,25}(?: (?:de|from|in|aus|van|di|da|i)"
                   r" [^\W\d]{2,25})? (?:llamó|escribió|called|rang|phoned|emailed|a appelé|a écrit|ligou|chiamò"
                   r"|ha chiamato|belde|mailde|rief|hat|ringde|ringede|ringte) (?:a |al |le |o |the |our |ons |bei "
                   r"|beim |til |till |naar |den |das )?(?:soporte|support|suporte|supporto|assistenza|helpdesk"
                   r"|klantenservice|kundenservice|kundeservice|kundtjänst|service client)\b")
# 'En boghandler fra Aarhus spurgte os', 'a bookseller from Leeds asked us': one person from a place outside got in
# touch, whatever they are called. A colleague from another office is one of us.
_ONE_FROM_A_PLACE = (r"(?:a|an|one|en|et|ein|eine|einer|un|una|une|um|uma|een) (?!(?:colleague|coworker|teammate"
                     r"|kollega|kollege|kollegin|collègue|colega|collega|medarbejder)\b)[^\W\d]{3,25}"
                     r" (?:from|fra|från|aus|de|da|di|van) [^\W\d]{2,25}(?: [^\W\d]{2,25})? (?:" + _GOT_IN_TOUCH + r")")
_CONTACTED_BY_ONE = re.compile(r"\b(?:" + _ONE_CUSTOMER + r")\b[^.;:!?]{0,60}?\b(?:" + _GOT_IN_TOUCH + r")\b"
                               r"|\b(?:" + _GOT_IN_TOUCH + r")\b[^.;:!?]{0,12}?\b(?:" + _ONE_CUSTOMER + r")\b"
                               r"|\b" + _CALLED_SUPPORT + r"|\b" + _ONE_FROM_A_PLACE + r"\b")
_CONTACT_WORDS = ("call", "phon", "rang", "mail", "asked", "wrote", "belde", "vroeg", "rief", "angerufen", "fragte",
                  "appel", "écrit", "demandé", "llam", "escrib", "pregunt", "ligou", "chiam", "scritto", "chiesto",
                  "ptal", "volal", "pytał", "zadzwoni", "ringde", "frågade", "ringede", "ringte", "spurgte",
                  "soitti", "kysyi")

_BARE_WORDS = ("customer", "client", "user", "merchant", "seller", "shopper", "player", "patient", "tenant", "some")


# Each way one party's report is told, tried in this order: the pattern, the words it cannot match without (a cheap
# look first), the kind of source it names, and whether a condition before it ('when a user …') makes it a step of
# the story instead.
_TOLD_OF_ONE: tuple[tuple[re.Pattern[str], tuple[str, ...], K, bool], ...] = (
    (_BARE_PARTY, _BARE_WORDS, K.OTHER, False),
    (_STORE_REVIEW, _SOURCE_WORDS, K.SURVEY, False),
    (_HEARD_FROM, ("from",), K.OTHER, False),
    (_FORWARDED, _FORWARD_WORDS, K.EMAIL, False),
    (_RELAYED, _RELAY_WORDS, K.OTHER, True),
    (_TOLD_ME, _TOLD_ME_WORDS, K.OTHER, False),
    (_TALKED_WITH, _TALK_WORDS, K.CALL, True),
    (_CONTACTED_BY_ONE, _CONTACT_WORDS, K.OTHER, True),
)


def one_report(lowered: str) -> list[Signal]:
    """Return one report passed on from one party or one public post, if the sentence tells of one."""
    for pattern, cues, kind, conditional in _TOLD_OF_ONE:
        found = pattern.search(lowered) if any(cue in lowered for cue in cues) else None
        if found is not None and not (conditional and _in_a_condition(lowered, found.start())):
            return [Signal(1, kind, found.group(0).strip())]
    if not _TOLD.search(lowered) and not _PASSED_ON.search(lowered):
        return []
    for match in _ONE_PARTY.finditer(lowered):
        # 'when a user posts a photo': a step of the story, not a report of one.
        if not _in_a_condition(lowered, match.start()):
            words = match.group(0)
            kind = K.EMAIL if "mail" in words else K.CALL if any(
                word in words for word in ("called", "talked", "spoke")) else K.OTHER
            return [Signal(1, kind, words)]
    return []


def _in_a_condition(lowered: str, start: int) -> bool:
    return CONDITION.search(lowered[max(0, start - 12) : start]) is not None
