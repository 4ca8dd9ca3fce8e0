"""A customer's word passed on by a colleague, in the languages tickets are written in.

'Laut Vertrieb will ein großer Kunde in Bayern das unbedingt', 'Erik (sälj) hörde det från **Apoteksgruppen
Norrsken AB**', 'Me lo comentaron por teléfono los de Discos Marea S.L.', 'Sales says several consortia keep asking'.
Said, never shown: a careful reader counts it as thin evidence, and names the customer when the sentence does.
"""

from __future__ import annotations

import re

from problemframe.model import EvidenceKind as K
from problemframe.parse.attribution import has_org_suffix, looks_like_org
from problemframe.parse.customers import plausible_name, tidy_name
from problemframe.parse.figures import Signal

_TEAM = (r"(?:sales|support|cs|customer success|customer care|account manage\w*|accountmanager\w*|key account\w*"
         r"|(?:legal|sales|rev|revenue|cs|support|bid) ops|presales|pre-sales|bid team"
         r"|the (?:ae|am|csm|se|tam)s?|our (?:ae|am|csm|se|tam)s?|csms?|onboarding|professional services)")
# '(Account Management West)', '(sälj)': the team a colleague is named with.
_COLLEAGUE_TEAM = (r"\((?:[^()]{0,20}\s)?(?:ae|am|csm|cs|se|sales|support|account manage\w*|account exec\w*"
                   r"|accountmanager\w*|kam"
                   r"|customer success|sälj|ventas|vendite|vertrieb|verkoop|comercial|commerciale|commercial|satış"
                   r"|handlowiec|sprzedaż)(?:\s[^()]{0,20})?\)")
# Who passed the word on, and how: a team or a colleague, 'according to', 'told me on the phone', in each language.
_RELAY = re.compile(
    r"\baccording to (?:our |the )?" + _TEAM + r"\b|\bper (?:\w+ (?:in|from|on) )?(?:" + _TEAM + r")\b"
    r"|\b" + _TEAM + r"(?:\s*\([^()]{1,30}\))?\s+(?:says?|said|mentioned|mentions|thinks|reports?|relayed|heard|hears"
    r"|passed (?:it |this )?on|told (?:us|me))\b"
    r"|\bheard (?:it |this )?from " + _TEAM + r"\b"
    r"|\b(?:relaying|passing on|passing along) (?:this|it)\b|\bpassing (?:this|it) (?:on|along)\b"
    r"|\brelayed (?:by|from|via)\b|\b(?:mentioned|said|raised) (?:it|this) in passing\b|\bin passing\b"
    r"|\b(?:to|in|via) our (?:sales|support|cs|info) (?:inbox|mailbox|address)\b"
    r"|\b(?:we|i) (?:hear|heard|keep hearing) (?:this|it) (?:everywhere|all the time|constantly|a lot|often)\b"
    r"|\bat (?:the|a|our|last) (?:user group|user day|meetup|conference|booth|trade show|trade fair|fair|summit|expo)\b"
    r"|\btog upp (?:det|detta)\b|\btok opp det\b|\bzgłoszenie telefoniczne\b|\btelefonicznie\b|\bprzez telefon\b"
    r"|\b(?:mentioned|said|told|raised|heard|brought (?:it|this) up)\b[^.;]{0,30}?\b(?:on the phone|by phone"
    r"|over the phone"
    r"|in (?:the |our |a )?(?:stand-?up|call|meeting|qbr|check-in|hallway)|at (?:the|a|our) (?:booth|fair|trade show"
    r"|conference|user group|user day|summit|meetup|expo))\b"
    # 'Laut Thomas (Account Management West)', 'Erik (sälj) hörde': a colleague named with their team.
    r"|\b(?:laut|según|segundo|secondo|selon|d'après|volgens|enligt|according to)\s+\w+ " + _COLLEAGUE_TEAM
    + r"|\b\w+ " + _COLLEAGUE_TEAM + r"\s+(?:says?|said|mentioned|told|heard|hörde|hat|dice|dit|disse|dijo|zei|sa"
    r"|säger|comenta|comentó|reports?|relayed)\b"
    # German, Swedish, Danish, Norwegian, Dutch.
    r"|\blaut (?:dem |unserem |unserer )?(?:vertrieb|support|kundenservice|kundendienst|cs|customer success|sales"
    r"|account[- ]?manage\w*|key account|außendienst)\b|\b(?:der |unser )?vertrieb (?:sagt|meint|berichtet|hat)\b"
    r"|\benligt (?:kundtjänst|support|sälj|cs|kundansvarig|account manager)\w*|\b(?:sälj|kundtjänst)\w* (?:säger|sa"
    r"|berättade|hörde)\b|\bifølge (?:salg|support|kundeservice)\w*"
    r"|\bvolgens (?:sales|support|cs|de klantenservice|klantenservice|customer success|het salesteam|sales"
    r"|onze accountmanager|de accountmanager|de verkoop)\b"
    # French, Spanish, Portuguese, Italian.
    r"|\b(?:d'après|selon) (?:l'équipe |le |les |la |notre |nos )?(?:cs|support|service client|commerciaux|commercial"
    r"|commerciale|ventes|sales|customer success|account manager|csm)\b|\b(?:le |les )?(?:commercial|commerciaux"
    r"|service client) (?:dit|disent|a dit|ont dit|rapporte|remonte)\b"
    r"|\bseg[uú]n (?:el equipo de |el equipo |el |los |la |nuestro |nuestra |la gente de )?(?:ventas|soporte|comercial"
    r"|comerciales|cs|sales"
    r"|customer success|atención al cliente|account manager)\b|\bdesde (?:soporte|ventas|atención al cliente)\b"
    r"|\bme lo (?:comentaron|comentó|dijeron|dijo|contaron|contó)\b|\bme (?:dicen|dijeron|comentaron|cuentan) que\b"
    r"|\b(?:comenta|comentó|cuenta|contó) que\b"
    r"|\bsegundo (?:o |a |os |nosso |nossa )?(?:pessoal d[eao] |equipa d[eao] |equipe d[eao] |time d[eao] )?"
    r"(?:comercial|vendas|suporte|cs|sales|customer success|atendimento"
    r"|account manager)\b|\bde acordo com (?:o |a )?(?:comercial|vendas|suporte)\b|\b(?:comentou|contou) que\b"
    r"|\bsecondo (?:il |la |le |i |l')?(?:commerciale|commerciali|vendite|supporto|assistenza|cs|sales|customer success"
    r"|account manager)\b|\b(?:dice|dicono|ha detto|riferisce|racconta) che\b|\bgliel'hanno detto\b"
    r"|\bce l'ha(?:nno)? detto\b"
    r"|\b(?:trouxe|trouxeram) (?:isso|isto|o assunto)\b|\bbelde\b[^.;]{0,30}\bmet\b"
    r"|\bcomentou (?:isto|isso) com\b|\b(?:conversa|chamada|llamada|conversación) telef[óo]nica\b|\bpor telefone\b"
    r"|\bpor teléfono\b|\bau téléphone\b|\bpar téléphone\b|\bal telefono\b|\bam telefon\b|\btelefonisch\b"
    r"|\b(?:nos )?passou a informação\b|\b(?:pediu|pidió|asked for|demandé|chiesto|gefragt) (?:isto |isso |esto |this "
    r"|it )?(?:à|a|al|to|an|alla|dem) (?:equipa|equipe|equipo|team|sales|vendas|ventas|commerciale|vertrieb)\b"
    # Polish, Turkish.
    r"|\bwedług (?:działu )?(?:sprzedaży|supportu|wsparcia|obsługi klienta|cs|handlowców|handlowca)\b"
    r"|\b(?:dział sprzedaży|handlowcy|handlowiec) (?:mówi|mówią|twierdzi|twierdzą|zgłasza|słyszał\w*)\b"
    r"|(?:satış|sales|destek|müşteri başarı|müşteri hizmetleri)\w*(?: ekib\w*)?[^.;]{0,40}?(?:göre|aktardı\w*)"
    r"|\btelefonla \S+ söyle\w*"
)
# Cheap looks first: a sentence with none of these words passes nothing on.
_RELAY_CUES = ("per ", "passing", "inbox", "mailbox", "hear", "user group", "user day", "meetup", "fair", "summit",
               "tog upp", "tok opp", "telefon", "sales", "support", "cs ", "cs,", "cs)", "success", "account", "ae",
               "am ", "csm", "onboarding", "relay",
               "passing", "phone", "stand", "call", "meeting", "qbr", "check-in", "booth", "fair", "show", "conference",
               "user group", "user day", "summit", "meetup", "expo", "hallway", "laut", "vertrieb", "enligt", "sälj",
               "kundtjänst", "ifølge", "volgens", "d'après", "selon", "commercial", "segun", "según", "desde", "me lo",
               "dicen", "dijeron", "comentaron", "cuentan", "comenta", "cuenta", "contó", "segundo", "acordo",
               "comentou", "contou", "secondo", "dice", "detto", "riferisce", "racconta", "według", "dział", "handlow",
               "satış", "göre", "aktardı", "destek", "(", "ce l'h", "trouxe", "belde", "müşteri", "telefonla",
               "professional services")
# What a customer wants or suffers, told of in each language.
_DEMAND = re.compile(
    r"\b(?:ask\w*|want\w*|need\w*|request\w*|complain\w*|waiting|blocked|demand\w*|requir\w*|must have"
    r"|deal-?breaker|pain ?point|table stakes|came up|comes up|brought (?:it|this) up|mentioned|raised"
    r"|will|wollen|möchte\w*|brauch\w*|frag\w*|beschwer\w*|klag\w*|pflicht|vill|ville|frågar|frågat|klagat|behöver"
    r"|kräver|önskar|veulent|veut|réclam\w*|plaign\w*|souhait\w*|quier\w*|pid\w*|necesit\w*|reclam\w*|quej\w*"
    r"|quer\w*|pedem|pediram|precis\w*|gostari\w*|vogliono|vuole|chied\w*|lament\w*|willen|wil|vragen|gevraagd"
    r"|won'?t (?:sign|buy|renew|move|switch)|will not (?:sign|buy|renew)|blocker|blocking|aimerai\w*|voudrai\w*"
    r"|parlé|mentionn\w*|happened|passiert|pasó|aconteceu|successo|arrivé|ped\w+|pregunt\w*|pergunt\w*"
    r"|genoemd|noemde|wünsch\w*|vilja|önska\w*|tog upp|angesprochen|zapyta\w*|zgłosi\w*"
    r"|klagen|chc\w*|pyta\w*|potrzeb\w*|skarż\w*|istiyor\w*|talep\w*|şikayet\w*|itiraz\w*|düşünüyor\w*)\b"
)
_MANY = re.compile(
    r"\b(?:several|a few|a couple|many|multiple|some|lots of|a lot of|a number of|most|every|mehrere|einige|viele"
    r"|flera|några|många|plusieurs|quelques|beaucoup|varios|varias|algunos|algunas|muchos|muchas|vários|várias|alguns"
    r"|algumas|muitos|muitas|diversi|alcuni|molti|meerdere|een paar|verschillende|kilka|kilku|wielu|birkaç|bazı"
    r"|çok)\b"
)
_COUNTED = re.compile(r"\b(?P<n>two|three|four|five|2|3|4|5)\s+(?:\w+\s+){0,2}?\w+s\b")
_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5}
# A capitalised name of up to six words, or one in bold: the candidates for the organisation passed on.
_CAPITALISED = re.compile(r"(?:\*\*|__)(?P<bold>[^*_\n]{2,60})(?:\*\*|__)"
                          r"|(?P<name>[A-ZÀ-ÖØ-Þ][\w&'’.-]*(?:\s+(?:[A-ZÀ-ÖØ-Þ0-9][\w&'’.-]*|&|de|del|of|van|von|di|do|da|dos"
                          r"|das)){1,5}"
                          r"(?:,?\s(?:S\.A\.|S\.L\.|S\.r\.l\.|A\.Ş\.|Soc\.\s?Coop\.|s\.r\.o\.|Sp\.\s?z\s?o\.o\.))?)")
# Names of a legal form the shared suffix list does not hold, and public bodies named as such in other languages.
# What the organisation is, where the name says it: 'Norrvik Energi', 'Grupo Hotelero Marisol', 'Dereköy Belediyesi'.
_FORM = re.compile(r"(?:\bS\.L\.|\bA\.Ş\.|\bSoc\.\s?Coop\.|Belediyesi|\b(?:Kommun|Kommune|Gemeente|Energi|Energie"
                   r"|Bibliotek|Bibliothek|Biblioteca|Library|Libraries|Apotek|Apotheke|Klinik|Kliniken|Stadtwerke)$"
                   r"|^(?:Grupo|Gruppo|Groupe|Farmacias?|Coop|Cooperativa|Clínica|Clinica|Hotel|Hôtel|Stadt|Gemeinde"
                   r"|Ayuntamiento|Comune|Prefeitura|Câmara|Apoteket|Biblioteca|Bibliothèque|Taxi)\b)")


# 'Klient (agencja z Krakowa …) zapytał', 'un cliente preguntó', 'ein Kunde fragte': one customer asked.
_CUSTOMER_ASKED = re.compile(
    r"\b(?:klient|kunde|cliente|client|klant|kund|müşteri)\b[^.;]{0,100}?\b(?:zapytał\w*|pytał\w*|fragte|hat gefragt"
    r"|preguntó|ha preguntado|perguntou|a demandé|chiese|ha chiesto|vroeg|heeft gevraagd|frågade|sordu)\b")
_WROTE_IN_CUES = ("wrote in", "emailed", "called", "reached out", "contacted", "rang")
# A meeting with the customer, told by whoever was in it: 'En la demo con Grupo Hotelero Marisol', 'ran into Marcus
# Dunmore (managing partner, Dunmore Reyes LLP) at the bar association dinner'. Ours as often as a customer's, so
# it counts only with the organisation named.
_MET_WITH = re.compile(
    r"\b(?:demo|call|meeting|reunión|reunião|riunione|réunion|rendez-vous|termin|besprechung|visita|visit|llamada"
    r"|chamada|telefonata|anruf|appel|onboarding|check-in|qbr|dinner|lunch|cena|almuerzo|almoço|pranzo|dîner"
    r"|déjeuner|gesprek|afspraak|spotkanie|möte)\b[^.;]{0,40}?\b(?:con|com|with|avec|mit|met|z|med)\b"
    r"|\b(?:ran|bumped) into\b|\bdurante (?:l'|la |il |o |a )?(?:onboarding|demo|call|riunione|reunión|reunião)\b"
    r"|\b(?:trouxe|trouxeram|brought|raised) (?:this|it|isso|isto)\b[^.;]{0,30}\b(?:meeting|call|reunião|qbr)\b")
_MET_CUES = ("demo", "call", "meeting", "reuni", "riunione", "réunion", "rendez-vous", "termin", "besprechung",
             "visit", "llamada", "chamada", "telefonata", "anruf", "appel", "onboarding", "check-in", "qbr", "dinner",
             "lunch", "cena", "almuerzo", "almoço", "pranzo", "dîner", "déjeuner", "gesprek", "afspraak", "spotkanie",
             "möte", "ran into", "bumped into", "trouxe", "brought", "raised")
# 'Autohaus Brenner (drei Standorte im Raum Augsburg)', 'Mark de Wit (ICT-coördinator bij Het Baken College)': a name
# introduced with a bracket, or the organisation the bracket says a person works at.
_INTRODUCED = re.compile(r"(?P<name>[A-ZÀ-ÖØ-Þ][\w&'’.-]*(?:\s+(?:[A-ZÀ-ÖØ-Þ0-9][\w&'’.-]*|&|de|del|van|von|di)){0,4})"
                         r"\s*\((?P<inside>[^()]{2,100})\)")
_WORKS_AT = re.compile(r"(?:\b(?:at|from|bij|bei|chez|en|na|no|de|del|da|w|på|hos)\s+|,\s*)"
                       r"(?P<org>[A-ZÀ-ÖØ-Þ][^(),;]{2,60})")
_OUR_SIDE = re.compile(r"\b(?:sales|support|account (?:manage\w*|executive)|customer success|csm|ae|am|cs|se|pm|po|em"
                       r"|sälj|ventas|vendite"
                       r"|vertrieb|verkoop|comercial|commerciale|satış|intern|staff|our)\b", re.IGNORECASE)
_DESCRIBED = re.compile(r"\d|\b(?:cliente?s?|customers?|clients?|kunde|klant|müşteri|standorte|filialen|sedi|locations"
                       r"|sites|stores|branches|hotels|hoteles|escolas|schools|drei|três|tres|trois|vier|cuatro"
                       r"|quatro|quattro|fünf|cinco|cinque)\b", re.IGNORECASE)
_ROLE_AFTER = re.compile(r"\s*\((?:[^()]*,)?[^()]*\b(?:lead|manager|head|director|owner|admin\w*|engineer|officer"
                         r"|executive|cto|ceo|cfo|coo|vp|chief|founder|csm|cs|se|pm|ae)\b", re.IGNORECASE)
_ROLE = re.compile(r"\b(?:lead|manager|head|director|owner|partner|admin\w*|engineer|coordinator|officer|executive"
                   r"|cto|ceo|cfo|coo|vp|chief|founder|president|leiter\w*|gerente|responsable|directeur|directora?"
                   r"|jefe|chef|secretar\w*|assistant|analyst|specialist|consultant|[\w-]*co[öo]rdinator)\b",
                   re.IGNORECASE)


# 'A tutor based in Zürich (tutor ID TU-104877) wrote in via Intercom last week': one outside party reached us.
_ONE_WROTE_IN = re.compile(
    r"\b(?:a|an|one|another)\s+(?!(?:colleague|coworker|co-worker|teammate|engineer|developer|designer|dev|pm|intern"
    r"|bot|job|script|test|alert|monitor|cron|build|release|deploy)\b)[a-z][\w-]+\b[^.;:]{0,80}?\b(?:wrote in"
    r"|emailed (?:us|support|in)|called (?:in|us|support)|reached out|contacted (?:us|support)|rang (?:us|support))\b")


def relayed(sentence: str, lowered: str) -> tuple[Signal, str | None] | None:
    """Return the word a colleague passed on in a sentence, and the organisation it names, if the sentence does so.

    A sentence that only says who relayed it counts when it also says what the customer wants or meets, or names an
    organisation unmistakably (a legal form, or in bold).
    """
    lowered = lowered.replace("’", "'")
    relay = _RELAY.search(lowered) if any(cue in lowered for cue in _RELAY_CUES) else None
    if relay is None and any(cue in lowered for cue in _WROTE_IN_CUES) and (
            wrote := _ONE_WROTE_IN.search(lowered)) is not None:
        return Signal(1, K.OTHER, wrote.group(0)), None
    if relay is None and (asked := _CUSTOMER_ASKED.search(lowered)) is not None:
        return Signal(1, K.OTHER, asked.group(0)), None
    if relay is None:
        met = _MET_WITH.search(lowered) if any(cue in lowered for cue in _MET_CUES) else None
        organisation = _organisation(sentence, met.group(0)) if met is not None else None
        return None if organisation is None or met is None else (Signal(1, K.OTHER, met.group(0)), organisation)
    organisation = _organisation(sentence, relay.group(0))
    if organisation is None and not _DEMAND.search(lowered):
        return None
    counted = _COUNTED.search(lowered)
    if organisation is not None:
        count = 1
    elif counted is not None:
        count = _NUMBERS.get(counted.group("n")) or int(counted.group("n"))
    else:
        count = 3 if _MANY.search(lowered) else 1
    return Signal(count, K.OTHER, relay.group(0)), organisation


# 'passing this along from my check-in with Pasta Madre Club': whoever it is passed on from is the customer.
_PASSED_FROM = re.compile(r"(?i:(?:passing|relaying) (?:this |it )?(?:on |along )?from (?:(?:my|our|a|the|last) "
                          r"[\w-]+(?: [\w-]+)? (?:with|at) )?)(?:\*\*|__)?(?P<name>[A-ZÀ-ÖØ-Þ][\w&'’.-]*"
                          r"(?:\s+(?:[A-ZÀ-ÖØ-Þ0-9][\w&'’.-]*|&|de|of)){0,4})")


def named_organisation(sentence: str) -> str | None:
    """Return the one organisation a sentence names beyond doubt: in bold, with its legal form, or by what it is."""
    return _organisation(sentence, "")


def _organisation(sentence: str, relay: str) -> str | None:
    """Return the organisation the relayed sentence names: in bold, with its legal form, or introduced by a bracket."""
    passed = _PASSED_FROM.search(sentence) if "from" in relay or "passing" in relay or "relaying" in relay else None
    if passed is not None:
        name = tidy_name(passed.group("name"))
        if name and plausible_name(name, strict=True) and looks_like_org(name):
            return name
    for match in _CAPITALISED.finditer(sentence):
        raw = match.group("bold") or match.group("name")
        name = tidy_name(raw)
        if not name or (relay and name.lower() in relay) or not plausible_name(name, strict=True) or not (
                looks_like_org(name)):
            continue
        if (match.group("bold") and not _ROLE_AFTER.match(sentence, match.end())) or has_org_suffix(name) or (
                _FORM.search(raw)):
            return name
    if "(" in sentence:
        for match in _INTRODUCED.finditer(sentence):
            inside = match.group("inside")
            if _OUR_SIDE.search(inside):
                continue  # 'Thomas (Account Management West)' is the colleague who passed it on
            role = _ROLE.search(inside) is not None
            works = _WORKS_AT.search(inside) if role else None
            # 'Grupo Radial Andino (una red de 14 programas)', 'Ferretti Arredamenti (cliente da gennaio)': what the
            # bracket says of the name is how big it is or that it is a customer; a person's bracket gives a role.
            described = _DESCRIBED.search(inside) is not None or len(match.group("name").split()) >= 3
            raw = works.group("org") if works is not None else None if role or not described else match.group("name")
            name = tidy_name(raw) if raw else ""
            if name and not (relay and name.lower() in relay) and len(name.split()) >= 2 and (
                    plausible_name(name, strict=True) and looks_like_org(name)):
                return name
    return None
