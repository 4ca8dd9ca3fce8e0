"""A customer's word passed on by a colleague, in the languages tickets are written in.

'Laut Vertrieb will ein großer Kunde in Bayern das unbedingt', 'Erik (sälj) hörde det från **Apoteksgruppen
Norrsken AB**', 'Me lo comentaron por teléfono los de Discos Marea S.L.', 'Sales says several consortia keep asking'.
Said, never shown: a careful reader counts it as thin evidence, and names the customer when the sentence does.
"""

from __future__ import annotations

import re

from problemframe.model import EvidenceKind as K
from problemframe.parse.attribution import has_legal_form, has_org_suffix, looks_like_org
from problemframe.parse.customers import plausible_name, tidy_name
from problemframe.parse.figures import Signal

_TEAM = (r"(?:sales|support|cs|customer success|customer care|account manage\w*|accountmanager\w*|key account\w*"
         r"|(?:field |sales |account )?reps"
         r"|(?:legal|sales|rev|revenue|cs|support|bid) ops|presales|pre-sales|bid team"
         r"|the (?:ae|am|csm|se|tam)s?|our (?:ae|am|csm|se|tam)s?|csms?|onboarding|professional services)")
# '(Account Management West)', '(sälj)': the team a colleague is named with.
_COLLEAGUE_TEAM = (r"\((?:[^()]{0,20}\s)?(?:ae|am|csm|cs|se|sales|support|account manage\w*|account exec\w*"
                   r"|accountmanager\w*|kam"
                   r"|customer success|sälj|ventas|vendite|vertrieb|verkoop|comercial|commerciale|commercial|satış"
                   r"|handlowiec|sprzedaż)(?:\s[^()]{0,20})?\)")
# Who passed the word on, and how: a team or a colleague, 'according to', 'told me on the phone', in each language.
# Each way is tried only when the words it cannot match without are in the sentence: most sentences hold none, and
# one alternation of them all costs more than the rest of the reading of a sentence.
# The words a way of passing the word on cannot be written without, looked up in the set of a sentence's words.
_TEAM_WORDS = ("sales", "support", "cs", "success", "care", "account", "ops", "presales", "bid", "ae", "am", "se",
               "tam", "aes", "ams", "ses", "tams", "csm", "csms", "onboarding", "services", "reps")
_SAYING = ("says", "say", "said", "mentioned", "mentions", "thinks", "report", "reports", "relayed", "heard", "hears",
           "hear", "passed",
           "passed", "told")
_COLLEAGUE_CUES = ("ae", "am", "cs", "se", "csm", "sales", "support", "account", "accountmanager", "kam", "success",
                   "sälj", "ventas", "vendite", "vertrieb", "verkoop", "comercial", "commercial", "commerciale",
                   "satış", "handlowiec", "sprzedaż")
_PHONE = ("telefon", "teléfono", "téléphone", "telefono", "telefone", "telefônica", "telefónica", "telefónico",
          "telefonisch", "telefonu")
_RELAYS: tuple[tuple[tuple[tuple[str, ...], ...], re.Pattern[str]], ...] = tuple(
    (cues, re.compile(pattern)) for cues, pattern in (
        ((("according",),), r"\baccording to (?:our |the |their )?(?:[\w-]+ )?" + _TEAM + r"\b"),
        ((("per",), _TEAM_WORDS), r"\bper (?:\w+ (?:in|from|on) )?(?:" + _TEAM + r")\b"),
        ((_TEAM_WORDS, _SAYING), r"\b" + _TEAM + r"(?:\s+(?:team|teams|folks|people))?(?:\s*\([^()]{1,30}\))?\s+"
                                 r"(?:says?|said|mentioned|mentions|thinks"
                                 r"|reports?|relayed|heard|hears|hear (?:this|it)|passed (?:it |this )?(?:on|along)"
                                 r"|have passed (?:it |this )?(?:on|along)"
                                 r"|told (?:us|me))\b"),
        ((("heard",), _TEAM_WORDS), r"\bheard (?:it |this )?from " + _TEAM + r"\b"),
        ((("relaying", "relayed", "passing"),), r"\b(?:relaying|passing on|passing along) (?:this|it)\b"
                                   r"|\bpassing (?:this|it) (?:on|along)\b|\brelayed (?:by|from|via)\b"),
        ((("passing",),), r"\bin passing\b"),
        ((("inbox", "mailbox", "address"),),
         r"\b(?:to|in|via) our (?:sales|support|cs|info) (?:inbox|mailbox|address)\b"),
        ((("hear",),), r"\b(?:we|i) (?:hear|heard|keep hearing) (?:this|it) (?:everywhere|all the time|constantly|a lot"
                       r"|often)\b"),
        ((("group", "day", "meetup", "conference", "booth", "show", "fair", "summit", "expo"),),
         r"\bat (?:the|a|our|last) (?:[\w/-]+ ){0,3}?(?:user group|user day|meetup|conference|booth|trade show"
         r"|trade fair|fair|summit|expo)\b"
         r"|\b(?:mentioned|said|told|raised|heard|brought (?:it|this) up)\b[^.;]{0,30}?\bat (?:the|a|our) (?:booth|fair"
         r"|trade show|conference|user group|user day|summit|meetup|expo)\b"),
        ((("phone", "standup", "stand", "call", "meeting", "qbr", "check", "hallway"), ("mentioned", "said", "told",
                                                                                          "raised", "heard",
                                                                                          "brought")),
         r"\b(?:mentioned|said|told|raised|heard|brought (?:it|this) up)\b[^.;]{0,30}?\b(?:on the phone|by phone"
         r"|over the phone|in (?:the |our |a )?(?:stand-?up|call|meeting|qbr|check-in|hallway))\b"),
        ((("tog", "tok", "zgłoszenie", "telefonicznie", "przez"),),
         r"\btog upp (?:det|detta)\b|\btok opp det\b|\bzgłoszenie telefoniczne\b|\btelefonicznie\b|\bprzez telefon\b"),
        # 'Laut Thomas (Account Management West)', 'Erik (sälj) hörde': a colleague named with their team.
        ((("(",), _COLLEAGUE_CUES),
         r"\b(?:laut|según|segundo|secondo|selon|d'après|volgens|enligt|according to)\s+\w+ " + _COLLEAGUE_TEAM
         + r"|" + _COLLEAGUE_TEAM + r"\s+(?:says?|said|mentioned|told|heard|hörde|hat|dice|dit|disse|dijo|zei|sa"
         r"|säger|comenta|comentó|reports?|relayed)\b"),
        # German, Swedish, Danish, Norwegian, Dutch.
        ((("laut", "vertrieb"),),
         r"\blaut (?:dem |unserem |unserer )?(?:vertrieb|support|kundenservice|kundendienst|cs|customer success|sales"
         r"|account[- ]?manage\w*|key account|außendienst)\b"
         r"|\b(?:der |unser )?vertrieb (?:sagt|meint|berichtet|hat)\b"),
        ((("enligt", "sälj", "kundtjänst", "ifølge", "salg", "salget", "supporten", "support"),),
         r"\benligt (?:kundtjänst|support|sälj|cs|kundansvarig|account manager)\w*|\b(?:sälj|kundtjänst)\w* (?:säger|sa"
         r"|berättade|hörde)\b|\bifølge (?:salg|support|kundeservice)\w*"
         # 'Salg siger, at to prospects …', 'Supporten fortæller, at …': Danish and Norwegian sales or support say so.
         r"|\b(?:salg|salget|salgsteamet|kundeservice|supporten|support) (?:siger|sagde|sier|sa|fortæller|fortalte"
         r"|forteller)\b"),
        ((("volgens",),), r"\bvolgens (?:sales|support|cs|de klantenservice|klantenservice|customer success"
                          r"|het salesteam|onze accountmanager|de accountmanager|de verkoop)\b"),
        # French, Spanish, Portuguese, Italian.
        ((("après", "selon", "commercial", "commerciaux", "client"),),
         r"\b(?:d'après|selon) (?:l'équipe |le |les |la |notre |nos )?(?:cs|support|service client|commerciaux"
         r"|commercial|commerciale|ventes|sales|customer success|account manager|csm)\b"
         r"|\b(?:le |les )?(?:commercial|commerciaux"
         r"|service client) (?:dit|disent|a dit|ont dit|rapporte|remonte)\b"),
        ((("segun", "según", "desde", "lo", "dicen", "dijeron", "comentaron", "cuentan", "comenta", "comentó",
           "cuenta", "contó"),),
         r"\bseg[uú]n (?:el equipo de |el equipo |el |los |la |nuestro |nuestra |la gente de )?(?:ventas|soporte"
         r"|comercial|comerciales|cs|sales|customer success|atención al cliente|account manager)\b"
         r"|\bdesde (?:soporte|ventas|atención al cliente)\b"
         r"|\bme lo (?:comentaron|comentó|dijeron|dijo|contaron|contó)\b"
         r"|\bme (?:dicen|dijeron|comentaron|cuentan) que\b"
         r"|\b(?:comenta|comentó|cuenta|contó) que\b"),
        ((("segundo", "acordo", "comentou", "contou", "trouxe", "trouxeram", "passou"),),
         r"\bsegundo (?:o |a |os |nosso |nossa )?(?:pessoal d[eao] |equipa d[eao] |equipe d[eao] |time d[eao] )?"
         r"(?:comercial|vendas|suporte|cs|sales|customer success|atendimento|account manager)\b"
         r"|\bde acordo com (?:o |a )?(?:comercial|vendas|suporte)\b|\b(?:comentou|contou) que\b"
         r"|\b(?:trouxe|trouxeram) (?:isso|isto|o assunto)\b|\bcomentou (?:isto|isso) com\b"
         r"|\b(?:nos )?passou a informação\b"),
        ((("secondo", "dice", "dicono", "detto", "riferisce", "racconta"),),
         r"\bsecondo (?:il |la |le |i |l')?(?:commerciale|commerciali|vendite|supporto|assistenza|cs|sales"
         r"|customer success|account manager)\b|\b(?:dice|dicono|ha detto|riferisce|racconta) che\b"
         r"|\bgliel'hanno detto\b|\bce l'ha(?:nno)? detto\b"),
        ((("belde",),), r"\bbelde\b[^.;]{0,30}\bmet\b"),
        ((_PHONE,), r"\b(?:conversa|chamada|llamada|conversación) telef[óo]nica\b|\bpor telefone\b|\bpor teléfono\b"
                    r"|\bau téléphone\b|\bpar téléphone\b|\bal telefono\b|\bam telefon\b|\btelefonisch\b"),
        ((("pediu", "pidió", "asked", "demandé", "chiesto", "gefragt"),),
         r"\b(?:pediu|pidió|asked for|demandé|chiesto|gefragt) (?:isto |isso |esto |this |it )?"
         r"(?:à|a|al|to|an|alla|dem) "
         r"(?:equipa|equipe|equipo|team|sales|vendas|ventas|commerciale|vertrieb)\b"),
        # Polish, Turkish.
        ((("według", "dział", "handlowcy", "handlowiec"),),
         r"\bwedług (?:działu )?(?:sprzedaży|supportu|wsparcia|obsługi klienta|cs|handlowców|handlowca)\b"
         r"|\b(?:dział sprzedaży|handlowcy|handlowiec) (?:mówi|mówią|twierdzi|twierdzą|zgłasza|słyszał\w*)\b"),
        ((("göre", "aktardığına", "aktardı", "telefonla"),),
         r"(?:satış|sales|destek|müşteri başarı|müşteri hizmetleri)\w*(?: ekib\w*)?[^.;]{0,40}?(?:göre|aktardı\w*)"
         r"|\btelefonla \S+ söyle\w*"),
    )
)


_RELAY_GROUPS = tuple((tuple(frozenset(group) for group in cues), pattern) for cues, pattern in _RELAYS)
_WORD = re.compile(r"\w+")
# Any other order of the same words: a team or a colleague, and a word of saying or of 'according to', anywhere in
# the sentence ('Een collega van sales zei dat …', 'Enligt vår CSM (Jonas) har …'). English 'support', 'am' and
# 'se' are left out: as a verb, a German preposition or a pronoun they say nothing of who passed word on.
_ANY_TEAM = frozenset({
    "sales", "csm", "csms", "cs", "ae", "aes", "tam", "kam", "presales", "colleague", "colleagues", "coworker", "reps",
    "vertrieb", "außendienst", "kundenservice", "kundendienst", "kollege", "kollegin", "kollegen",
    "verkoop", "klantenservice", "accountmanager", "collega", "collega's", "sälj", "säljare", "säljaren",
    "kundtjänst", "kundansvarig", "kollega", "kollegan", "salg", "kundeservice", "ventas", "vendas", "vendite",
    "comercial", "comerciales", "commerciale", "commerciali", "commercial", "commerciaux", "soporte", "suporte",
    "supporto", "assistenza", "atendimento", "compañero", "compañera", "colega", "collègue", "collègues",
    "handlowiec", "handlowcy", "sprzedaży", "sprzedaż", "współpracownik", "satış", "destek", "onboarding", "ceo",
    "founder", "cofounder"})
_ANY_SAYING = frozenset({
    "says", "said", "mentioned", "told", "heard", "according", "zei", "zegt", "vertelde", "hoorde", "volgens",
    "sagt", "sagte", "meinte", "erzählte", "berichtete", "laut", "gemäß", "säger", "berättade", "hörde", "enligt",
    "sier", "fortalte", "ifølge", "dit", "disait", "raconte", "selon", "après", "remonte", "remontent", "rapporte",
    "rapportent", "dice", "dijo", "comentó",
    "contó", "según", "disse", "comentou", "contou", "segundo", "detto", "secondo", "riferisce", "mówi",
    "powiedział", "powiedziała", "według", "söyledi", "dedi", "aktardı", "göre", "diz", "dizem", "conta",
    "contam", "dicen", "disent", "zeggen", "sagen", "säga", "hoor", "höre", "hören", "entends", "escucho",
    "ouço", "sento", "hör", "pinged", "relayed"})

# 'Will ask CS if anyone external has mentioned it': we are the ones asking; nobody has passed anything on yet.
_ASKING_US = frozenset({"if", "whether", "ask", "ob", "czy", "jeśli"})


def _asks_first(lowered: str) -> bool:
    """Return whether the asking comes before any word of saying ('Will ask CS if …'), not after it ('Heard from
    Lena (sales) that a large opera house asked whether …')."""
    for word in _WORD.findall(lowered):
        if word in _ASKING_US:
            return True
        if word in _ANY_SAYING:
            return False
    return False


def _relay(lowered: str, words: set[str]) -> tuple[str, bool] | None:
    """Return how the sentence says a colleague passed the word on, trying only the ways its words allow, and whether
    it was found by its words alone (a way's pattern did not match)."""
    for groups, pattern in _RELAY_GROUPS:
        if all(not words.isdisjoint(group) for group in groups) and (found := pattern.search(lowered)):
            return found.group(0), False
    team = words & _ANY_TEAM
    saying = words & _ANY_SAYING
    if not team or not saying or (not words.isdisjoint(_ASKING_US) and _asks_first(lowered)):
        return None
    return " ".join(sorted(team | saying)), True


# What a customer wants or suffers, told of in each language.
_DEMAND = re.compile(
    r"\b(?:ask\w*|want\w*|need\w*|request\w*|complain\w*|waiting|blocked|demand\w*|requir\w*|must have"
    r"|deal-?breaker|pain ?point|table stakes|came up|comes up|brought (?:it|this) up|mentioned|raised"
    r"|will|wollen|möchte\w*|brauch\w*|frag\w*|beschwer\w*|klag\w*|pflicht|vill|ville|frågar|frågat|klagat|behöver"
    r"|kräver|kræver|krever|ønsker|önskar|veulent|veut|réclam\w*|plaign\w*|souhait\w*|quier\w*|pid\w*|necesit\w*|reclam\w*|quej\w*"
    r"|quer\w*|pedem|pediram|precis\w*|gostari\w*|vogliono|vuole|chied\w*|lament\w*|willen|wil|vragen|gevraagd"
    r"|won'?t (?:sign|buy|renew|move|switch)|will not (?:sign|buy|renew)|blocker|blocking|aimerai\w*|voudrai\w*"
    r"|parlé|mentionn\w*|happened|passiert|pasó|aconteceu|successo|arrivé|ped\w+|pregunt\w*|pergunt\w*"
    r"|genoemd|noemde|wünsch\w*|vilja|önska\w*|tog upp|angesprochen|zapyta\w*|zgłosi\w*"
    r"|klagen|chc\w*|pyta\w*|potrzeb\w*|skarż\w*|nie podpisz\w*|nie kupi\w*"
    r"|istiyor\w*|talep\w*|şikayet\w*|itiraz\w*|düşünüyor\w*|söyle\w*|yapmayacağ\w*"
    # What the customer said, told in the past: 'hat … im letzten Gespräch gesagt, dass …'.
    r"|gesagt|erzählt|erwähnt|gezegd|verteld|sagt|sade|berättat|nämnde|dit que|dicho|disse|detto|powiedzia\w*"
    # Danish and Norwegian: said, told, that it was missing.
    r"|sagde|fortalte|mangled\w*|mangler|savner|ringede|ringet|ringte|irriter\w*"
    # What a relay itself says was heard or asked: 'gefragt', 'gemeldet', 'would love', 'hear this in every …'.
    r"|gefragt|angefragt|nachgefragt|gemeldet|would love|hear (?:this|it)|heard (?:this|it)|souhaiterai\w*"
    # What they feel about it: 'the checkout feels sluggish', 'paralegals hate the spam', 'een groot pijnpunt'.
    r"|hate[sd]?|feels?|struggl\w*|frustrat\w*|pijnpunt\w*"
    # 'en fait une condition pour signer', 'exige', 'c'est bloquant': a condition of buying, in French.
    r"|condition\w*|exige\w*|bloquant\w*|impérati\w*)\b"
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
                          r"|(?P<name>[A-ZÀ-ÖØ-Þ][\w&'’.-]*(?:\s+(?:[A-ZÀ-ÖØ-Þ0-9][\w&'’.-]*|&|(?:de|del|of|van|von|di|do|da|dos"
                          r"|das|della|delle|dello|degli|dei|du|des)(?!\w))){1,5}"
                          r"(?:,?\s(?i:S\.A\.|S\.L\.|S\.r\.l\.|A\.Ş\.|Soc\.\s?Coop\.|s\.r\.o\.|Sp\.\s?z\s?o\.\s?o\.|Lda\."
                          r"|Ltda\.|S\.p\.A\.|S\.A\.S\.|B\.V\.|N\.V\.|Co\.,?\s?Ltd\.?|Ltd\.?|Inc\.?)(?!\w))?)")
# A legal form the shared suffix list does not hold, or what the organisation is, where the name says it:
# 'Norrvik Energi', 'Grupo Hotelero Marisol', 'Dereköy Belediyesi'.
_FORM = re.compile(r"(?:\bS\.L\.|\bA\.Ş\.|\bSoc\.\s?Coop\.|Belediyesi|\b(?:Kommun|Kommune|Gemeente|Energi|Energie"
                   r"|Bibliotek|Bibliothek|Biblioteca|Library|Libraries|Apotek|Apotheke|Klinik|Kliniken|Stadtwerke"
                   r"|Co-op|Coop)$"
                   r"|^(?:Grupo|Gruppo|Groupe|Farmacias?|Coop|Cooperativa|Clínica|Clinica|Hotel|Hôtel|Stadt|Gemeinde"
                   r"|Ayuntamiento|Comune|Prefeitura|Câmara|Apoteket|Biblioteca|Bibliothèque|Taxi|Stichting|Stiftung"
                   r"|Fundación|Fundação|Fondazione|Fondation|Verein|Vereniging|Asociación|Associação|Associazione"
                   r"|Coöperatie|Genossenschaft|Spółdzielnia|Fundacja|Stowarzyszenie"
                   # Practices, libraries and town halls as they are named where tickets come from.
                   r"|Cabinet|Clinique|Pharmacie|Laboratoire|Praxis|Zahnarztpraxis|Tierarztpraxis|Kanzlei|Klinikum"
                   r"|Stadtbibliothek|Stadtverwaltung|Landratsamt|Praktijk|Tandartspraktijk|Dierenkliniek|Knihovna"
                   r"|Městská|Obecní|Městský|Biblioteka|Gmina|Urząd|Kaupunginkirjasto|Kirjasto|Kunta)\b)")


# 'Klient (agencja z Krakowa …) zapytał', 'un cliente preguntó', 'ein Kunde fragte': one customer asked.
_CUSTOMER_ASKED = re.compile(
    r"\b(?:klient|kunde|cliente|client|klant|kund|müşteri)\b[^.;]{0,100}?\b(?:zapytał\w*|pytał\w*|fragte|hat gefragt"
    r"|preguntó|ha preguntado|perguntou|a demandé|chiese|ha chiesto|vroeg|heeft gevraagd|frågade|sordu)\b")
# A meeting with the customer, told by whoever was in it: 'En la demo con Grupo Hotelero Marisol', 'ran into Marcus
# Dunmore (managing partner, Dunmore Reyes LLP) at the bar association dinner'. Ours as often as a customer's, so
# it counts only with the organisation named.
_MET_WITH = re.compile(
    r"\b(?:demo|call|meeting|reunión|reunião|riunione|réunion|rendez-vous|termin|besprechung|visita|visit|llamada"
    r"|chamada|telefonata|anruf|appel|onboarding|check-in|qbr|dinner|lunch|cena|almuerzo|almoço|pranzo|dîner"
    r"|déjeuner|gesprek|afspraak|spotkanie|möte)\b[^.;]{0,40}?\b(?:con|com|with|avec|mit|met|z|med)\b"
    r"|\b(?:ran|bumped) into\b|\bdurante (?:l'|la |il |o |a )?(?:onboarding|demo|call|riunione|reunión|reunião)\b"
    r"|\b(?:trouxe|trouxeram|brought|raised) (?:this|it|isso|isto)\b[^.;]{0,30}\b(?:meeting|call|reunião|qbr)\b")
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
    r"|emailed (?:us|support|in)|called (?:in|us|support)|reached out|contacted (?:us|support)|rang (?:us|support)"
    # 'A promoter asked me on a call last week': one outside party, told in passing.
    r"|asked (?:me|us) (?:on|in|during|at|over|by)|told (?:me|us) (?:on|in|during|at|over|by))\b")


_WROTE_IN_WORDS = frozenset({"wrote", "emailed", "called", "reached", "contacted", "rang", "asked", "told"})
_ASKED_WORDS = frozenset({"klient", "kunde", "cliente", "client", "klant", "kund", "müşteri"})
_MET_WORDS = frozenset({"demo", "call", "meeting", "reunión", "reunião", "riunione", "réunion", "rendez", "termin",
                        "besprechung", "visita", "visit", "llamada", "chamada", "telefonata", "anruf", "appel",
                        "onboarding", "check", "qbr", "dinner", "lunch", "cena", "almuerzo", "almoço", "pranzo",
                        "dîner", "déjeuner", "gesprek", "afspraak", "spotkanie", "möte", "ran", "bumped", "trouxe",
                        "trouxeram", "brought", "raised", "durante"})
# A sentence with none of these words passes no word on: most sentences are let go after one look.
_ANY_CUE = frozenset().union(*(group for groups, _ in _RELAY_GROUPS for group in groups), _WROTE_IN_WORDS,
                             _ASKED_WORDS, _MET_WORDS, _ANY_TEAM) - {"("}


def relayed(sentence: str, lowered: str) -> tuple[Signal, str | None] | None:
    """Return the word a colleague passed on in a sentence, and the organisation it names, if the sentence does so.

    A sentence that only says who relayed it counts when it also says what the customer wants or meets, or names an
    organisation unmistakably (a legal form, or in bold).
    """
    words = set(_WORD.findall(lowered))
    if words.isdisjoint(_ANY_CUE):
        return None
    lowered = lowered.replace("’", "'")
    if "(" in lowered:
        words.add("(")
    found = _relay(lowered, words)
    if found is None:
        return _heard_directly(sentence, lowered, words)
    relay, loose = found
    organisation = _organisation(sentence, relay)
    if organisation is None and not _DEMAND.search(lowered):
        return None
    counted = _COUNTED.search(lowered)
    if organisation is not None:
        count = 1
    elif counted is not None:
        count = _NUMBERS.get(counted.group("n")) or int(counted.group("n"))
    else:
        # 'Lots of 👍 from CSMs, I'm told …': by its words alone a relay does not say how many asked.
        count = 3 if not loose and _MANY.search(lowered) else 1
    return Signal(count, K.OTHER, relay), organisation


def _heard_directly(sentence: str, lowered: str, words: set[str]) -> tuple[Signal, str | None] | None:
    """Return one customer's word that reached us with no colleague between: they wrote in, asked, or met us."""
    if not words.isdisjoint(_WROTE_IN_WORDS) and (wrote := _ONE_WROTE_IN.search(lowered)) is not None:
        return Signal(1, K.OTHER, wrote.group(0)), None
    if not words.isdisjoint(_ASKED_WORDS) and (asked := _CUSTOMER_ASKED.search(lowered)) is not None:
        return Signal(1, K.OTHER, asked.group(0)), None
    met = _MET_WITH.search(lowered) if not words.isdisjoint(_MET_WORDS) else None
    organisation = _organisation(sentence, met.group(0)) if met is not None else None
    return None if organisation is None or met is None else (Signal(1, K.OTHER, met.group(0)), organisation)


# 'passing this along from my check-in with Pasta Madre Club': whoever it is passed on from is the customer.
_PASSED_FROM = re.compile(r"(?i:(?:passing|relaying) (?:this |it )?(?:on |along )?from (?:(?:my|our|a|the|last) "
                          r"[\w-]+(?: [\w-]+)? (?:with|at) )?)(?:\*\*|__)?(?P<name>[A-ZÀ-ÖØ-Þ][\w&'’.-]*"
                          r"(?:\s+(?:[A-ZÀ-ÖØ-Þ0-9][\w&'’.-]*|&|de|of)){0,4})")


def named_organisation(sentence: str) -> str | None:
    """Return the one organisation a sentence names beyond doubt: in bold, with its legal form, or by what it is."""
    return _organisation(sentence, "")


# 'Die Bergbahnen Hochkar GmbH verkauft …': the sentence's article is no part of the name.
_ARTICLE = re.compile(r"^(?:The|Die|Der|Das|La|Le|Les|El|Los|Las|Il)\s+(?=\S+\s)")


def organisation_names(sentence: str) -> list[str]:
    """Return every organisation a sentence names beyond a person's name: set in bold or in quotes, ending as
    organisations do ('Harbour Lane Campsites'), or introduced as someone's ('the owner of Mill Lane Stables',
    'Sjoerd van Fietsenmaker De Spaak', 'Tomáš Dvořák z Geodetická kancelář')."""
    names = []
    for match in _CAPITALISED.finditer(sentence):
        raw = match.group("bold") or match.group("name")
        name = _POSSESSIVE.sub("", tidy_name(raw))
        # 'Sjoerd van Fietsenmaker De Spaak': a first name, then the organisation they are of.
        person_of = _PERSON_OF.match(name)
        if person_of is not None and not looks_like_org(person_of.group("org")):
            person_of = None  # 'Fleur de Vries', 'Rechnungen von Hand': no organisation after the connector
        if person_of is not None:
            name = person_of.group("org")
        article = _ARTICLE.match(name) is not None
        name = _ARTICLE.sub("", name)
        if not name or name in names or not plausible_name(name, strict=True) or not looks_like_org(name) or (
                name.split()[0].lower() in _NOT_A_NAME_OPENING):
            continue
        quoted = sentence[match.start() - 1 : match.start()] in _OPENING_QUOTES
        # 'Il Palaghiaccio di Varese ci ha chiesto …': a name with an article before it is a thing, not a person.
        if match.group("bold") or quoted or article or person_of is not None or has_org_suffix(name) or (
                _FORM.search(raw)) or _BUSINESS.search(name) or _SOMEONE_OF.search(sentence, 0, match.start()) or (
                _ROLE_OF_IT.match(sentence, match.end())):
            names.append(name)
    return names


# '„Karaoke U Modré Lampy“', '"Mill Lane Stables"': a name set in quotes is a name, whatever its words.
_OPENING_QUOTES = frozenset('"“„«\'‘')
# 'the owner of', 'Sjoerd van', 'Tomáš Dvořák z', 'il gestore del', 'le gérant de': someone of an organisation.
_SOMEONE_OF = re.compile(r"(?:\b(?i:owner|manager|director|head|founder|team|staff|front desk|gestore|titolare"
                         r"|gérant|gérante|propriétaire|inhaber|inhaberin|leiter|leiterin|dueño|dueña|gerente"
                         r"|majitel|majitelka|vedoucí|właściciel|właścicielka|eigenaar|ägare|eier|ejer|member|chair"
                         r"|chairman|formand|formanden|formann|formannen|ordförande|voorzitter|président|presidente)"
                         r"\s+(?i:of|at|from|del|della|di|de|du|des|vom|von|der|z|ze|van|på|hos|fra|från|for|för)"
                         r"|\b[A-ZÀ-ÖØ-Þ][\w'’-]+,?\s+(?:van|z|ze|from|of|at|de|di|du|von|vom|från|fra|hos)"
                         # 'Reported by Bloemenatelier Roos', 'gemeld door …': who reported it.
                         r"|\b(?i:reported|requested|raised|gemeld|gevraagd|gemeldet|angefragt|signalé|demandé|pedido"
                         r"|solicitado|richiesto|segnalato|zgłoszone|nahlášeno)\s+(?i:by|door|von|par|por|da|przez"
                         r"|af|av))\s+(?:\*\*|__)?$")
_POSSESSIVE = re.compile(r"['’]s$")
# 'Quayside Storage's manager', 'Sahne Karaoke'nin işletme sahibi': the organisation someone works for.
_ROLE_OF_IT = re.compile(r"(?<=['’]s)\s+(?:[\w-]+\s+)?(?i:manager|owner|director|head|accountant|founder|team|staff"
                         r"|front desk|office|bookkeeper|chair)\b")
# What a business is, in its name: 'Mill Lane Stables', 'Hardanger Siderkompani', 'Floristería Amapola'.
_BUSINESS = re.compile(
    r"(?i:storage|stables|campsites?|camping|club|klub|klubb|guild|society|centre|center|shop|store|lounge|bar|café"
    r"|cafe|bakery|florist|farm|gardens?|market|salon|gym|hotel|hostel|park|marina|academy|laundry|atelier|cidery"
    r"|orchards?|bowl|lanes|arena|rink|pool|fitness|karaoke|kompani|kompagni|forening|foreningen|förening|selskap"
    r"|selskab)$"
    r"|^(?i:lavanderia|lavandería|floristería|floristeria|fioreria|bloemenatelier|blomsterhuset|camping|club|klub"
    r"|studio|salon|hotel|café|cafe|boulangerie|bäckerei|panadería|padaria|pasticceria|wasserette|karaoke)\b")
_PERSON_OF = re.compile(r"^[A-ZÀ-ÖØ-Þ][\w'’-]+\s+(?:van|of|z|ze|from|de|di|von|vom|fra|från|hos)\s+(?P<org>\S.*)$")
# 'Según Castellví', 'Według Tomka', 'Head of IT Risk', 'About 220': the words open a phrase, not a name.
_NOT_A_NAME_OPENING = frozenset({"según", "według", "laut", "selon", "segundo", "secondo", "volgens", "enligt",
                                 "ifølge", "about", "around", "head", "vp", "svp", "director", "mrs.", "mr.", "ms.",
                                 "dr.", "title", "leiter", "leiterin", "inhaber", "inhaberin", "geschäftsführer",
                                 "geschäftsführerin", "directeur", "directrice", "gérant", "gérante", "responsable"})


def legal_names(sentence: str) -> list[str]:
    """Return every organisation a sentence names by its legal form or by what it is ('Sørlift AS', 'Stichting X')."""
    names = []
    for match in _CAPITALISED.finditer(sentence):
        raw = match.group("bold") or match.group("name")
        name = _ARTICLE.sub("", tidy_name(raw))
        if name and plausible_name(name, strict=True) and looks_like_org(name) and (
                has_legal_form(name) or _FORM.search(raw)):
            names.append(name)
        elif match.group("bold") and ("**" in sentence or "__" in sentence):
            # '**Call notes (Haneul Solar Co., Ltd., 9 May)**': the name inside a bold line that is more than it.
            names.extend(legal_names(raw))
    return names


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
    named = [name for name in organisation_names(sentence) if not (relay and name.lower() in relay)]
    if len(named) == 1:
        # 'Der Inhaber vom Pinewood Storage Centre erwähnte am Telefon … 30 Rechnungen von Hand (Zendesk #48213)': a
        # name introduced as someone's or by what the business is comes before any capitalised words in a bracket.
        return named[0]
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
