"""Organisations a sentence says did what customers do: 'Ferrovia Rail walked us through …', 'at the Saltwick QBR'.

Running text names customers in many phrasings (who asked, who we met, who signed a deal, whose staff complained);
each pattern here reads one, and `find_subject` tries them in order, keeping our own people and meetings out.
"""

from __future__ import annotations

import re

from problemframe.parse.attribution import has_org_suffix, looks_like_org
from problemframe.parse.customers import GENERIC_WORDS, plausible_name, tidy_loose, tidy_name

# Capitals of the Latin alphabets customers' names are written in: 'Los Álamos', 'Łódzkie Ogrody', 'Østfold'.
_UPPER = "A-ZÀ-ÖØ-ÞĀĂĄĆČĎĐĒĘĚĞĪİŁŃŇŌŐŒŘŚŞŠŢŤŪŮŰŹŻŽ"
_BY_NAME = re.compile(
    r"\b(?i:asked for by|requested by|raised by|reported by|flagged by|escalated by|suggested by|posted by"
    r"|submitted by|written by|sent by|we at|we['’]re at"
    r"|we are at|here at|i work at|i'?m at|from the team at|on behalf of"
    r"|(?:we|i)(?:['’]re| are| am)? (?:using|running|use|run|deploy|deploying)\s[^.;:!?\n]{1,40}?\s(?:at|in)"
    r"|(?:i'?m|i am|we['’]re|we are)\s+(?:a|an|the|one of the|part of the|on the)\s[^.;:!?\n]{0,50}?\s(?:at|from)"
    r"|(?:same|similar)(?: story| issue| problem| request| ask| thing| pain)? from"
    r"|(?:same|me too)(?: here)? (?:at|from)"
    r"|(?:requests?|asks?|feedback|complaints?|reports?|escalations?|tickets?|e-?mails?|messages?|letters?"
    r"|reviews?) from|heard(?: [a-z]+){0,4} from"
    # 'Vores formand hørte fra Skakklubben Løberen', 'Erik hörde det från Apoteksgruppen', 'hoorde van'.
    r"|(?:hørte|hörde|hörte|hoorde)(?: [^\W\d]+){0,3} (?:fra|från|av|von|van)"
    r"|we['’]re|we are|(?-i:(?i:including|such as|notably|especially)(?=\s+[A-Z0-9]))"
    r"|(?:call|meeting|chat|conversation|demo|qbr|session|coffee|lunch|dinner|drinks|breakfast) with"
    r"(?:\s+[A-Z][\w.'-]+){0,3}\s+(?:at|from|of)"
    # 'J'en ai parlé avec l'Agence Dufresne', 'hablé con Clínica Norte', 'mit der Stadtwerke Kiel gesprochen'.
    r"|(?:parlé|hablé|hablamos|falei|falamos|parlato)(?:\s+[\w'’]+){0,5}?\s+(?:avec|con|com)(?:\s+(?:la|le|el|o|a))?"
    r"(?:\s+l['’])?"
    r"|(?:call|meeting|chat|conversation|demo|qbr|session|check-?in|catch-?up|visit|workshop|interview) (?:with|w/)"
    r"|we\s*\(|this is|(?:lead|manager|head|director|owner|admin|administrator|vp|cto|ceo|engineer|coordinator"
    r"|officer) (?:at|from)"
    # 'Daglig leder på Hestesenteret Nord fortalte meg', 'der Inhaber vom Autohaus Brenner', 'la gérante de …'.
    r"|(?:daglig leder|leder|sjef|eier|ejer|ägare|inhaber(?:in)?|geschäftsführer(?:in)?|gérante?|propriétaire)"
    r" (?:på|hos|ved|vid|bei|vom|von|der|chez))"
    r"(?:\s+|(?<=\()|(?<=l['’]))(?:\*\*|__)?"
    r"(?P<name>[A-Za-z0-9][\w&'.+-]{0,40}"
    r"(?:\s+(?:[" + _UPPER + r"0-9][\w&'.+-]{0,40}|&|of|and|de|von)){0,4})"
)
_MEETING_OF = re.compile(
    r"\b(?i:at|in|during|on|from) (?i:the|our|their|a|an|last|this) "
    r"(?P<name>[A-Z0-9][\w&'.+-]{0,40}(?:\s+(?:[A-Z0-9][\w&'.+-]{0,40}|&|of|and)){0,4})\s+"
    r"(?i:QBR|EBR|renewal(?: call| review| meeting)?|kick-?off|onboarding(?: call| session)?|check-?in|call"
    r"|(?:quarterly|monthly|annual|yearly|business) (?:call|review|check-?in|meeting|sync)"
    r"|opportunity|opp|deal|contract|pilot|trial|poc|rollout|implementation|account|demo"
    r"|escalation)\b"
)
_ORG_WORDS = r"[" + _UPPER + r"][\w&'.+-]{0,40}(?:\s+(?:[" + _UPPER + r"0-9][\w&'.+-]{0,40}|&|of|de)){0,4}"
WORK_AT = (
    r"|\b(?i:(?:sou|soy|sono|je suis|ich bin|ik ben|jestem|jsem|jag är)\s+(?:\w+\s+){1,4}?(?:na|no|em|en|chez|bei|bij"
    r"|presso|w|ve|v|på|hos|nella|nel|alla|al)"
    r"|(?:trabalho|trabajo|lavoro|je travaille|ich arbeite|ik werk|pracuję|pracuji|jag jobbar|jag arbetar)"
    r"(?:\s+(?:como|comme|als|jako|som)(?:\s+\w+){1,4}?)?\s+(?:na|no|em|en|chez|bei|bij|presso|w|ve|v|på|hos|in|para"
    r"|per|für|voor|dla)"
    r"|i (?:work|am [\w ]{2,40}?) (?:at|for))\s+(?:(?i:the|la|el|der|die|das|de)\s+)?"
)
# 'At Lindqvist Freight we …' and 'customer Grupo Ferrol Salud they tell me …'.
_SPEAKING_FOR = re.compile(
    r"\b[Aa]t (?P<name>" + _ORG_WORDS + r"),? (?:we|our)\b|\b(?:our |the )?(?:customer|[Kk]lient|[Kk]unde|[Cc]liente"
    r"|[Kk]lant|[Mm]üşteri) (?:\*\*|__)?(?P<name2>" + _ORG_WORDS + r")\b"
    # The writer says where they work, in the languages users write in: 'Sou engenheira de integração na Tagus
    # Regional Aviação S.A.', 'Ich arbeite bei …', 'Je suis responsable paie chez …', 'Pracuji jako dispečer v …'.
    + WORK_AT + r"(?:\*\*|__)?(?P<name3>" + _ORG_WORDS + r")"
)
# 'policyholder Dariusz Wróbel lost his draft', 'patient Inês Rocha': a consumer named with what they are to us.
_CONSUMER_ROLES = ("patient", "policyholder", "shopper", "player", "subscriber", "cardholder", "member", "parent",
                   "student", "tenant", "resident", "homeowner", "claimant", "applicant", "passenger", "guest",
                   "learner", "rider", "caller", "reviewer")
_CONSUMER = re.compile(
    r"(?<!\bas )(?<!\bas a )\b(?:" + "|".join(_CONSUMER_ROLES) + r")\s+(?:(?:Mr|Mrs|Ms|Mx|Dr)\.?\s+)?"
    r"(?P<name>[A-Z][\w'’-]+\s+[A-Z][\w'’-]*\.?)(?![\w'’-])"
)
# 'Tamsin & Rhodes (ARR $48k) dropped to 3 active users': an account named with what it pays.
_WITH_REVENUE = re.compile(r"(?P<name>" + _ORG_WORDS + r")\s*\([^()]{0,20}\b(?:ARR|MRR|ACV)\b[^()]{0,20}\)")
_OUR_MEETINGS = re.compile(
    r"\b(?:qbr|ebr|sprint|planning|retro|stand-?up|all.?hands|council|team|guild|sync|weekly|daily)\b", re.IGNORECASE
)
_CUSTOMER_DID = (
    r"\s+(?:(?:has|have|had|was|were|also|just|again|recently|repeatedly|both|all)\s+)?"
    r"(?:asked|requested|reported|complained|churned|escalated|threatened|walked us through|told us|told our"
    r"|wrote in|emailed us|emailed support|called us|called in|flagged|raised|cancel+ed|downgraded|(?:is|are|was|were)"
    r" blocked|(?:is|are) (?:asking|waiting|evaluating|threatening|pushing)|keeps? asking|filed"
    r"|opened a (?:ticket|case)"
    r"|hit this|ran into|runs into|brought (?:[\w-]+\s+){0,3}?up|pinged us|shared|described|showed us|mentioned"
    r"|followed up|chased us|forwarded|relayed|passed (?:on|along)|sent (?:us|over|in)"
    r"|grumbled|moaned|vented|pushed back|(?:is|are|was|were) saying"
    r"|(?:is|are|was|were) (?:unhappy|frustrated|annoyed|upset)"
    r"|(?:is|are|keeps?|kept) (?:pushing|chasing|asking) (?:for|about|us)"
    r"|called (?:our )?support|contacted (?:us|support)|phoned (?:us|support|in)"
    # 'Lena from Brightwater Cycles called this morning about it': when they rang says it was us they rang.
    r"|(?:called|phoned|rang) (?:this (?:morning|afternoon|week)|yesterday|today|earlier today|last (?:week|night))"
    r"|(?:is|are) in (?:\w+\s+){0,5}?(?:trial|pilot|security review|procurement|evaluation|renewal talks)"
    # The same in the languages tickets arrive in: 'abriu o chamado', 'abrió un ticket', 'a signalé', 'meldete'.
    r"|abriu (?:o|um) (?:chamado|ticket)|abrió (?:un|el) (?:ticket|caso)|reclamou|relatou|solicitou|reportou|pediu"
    r"|reclamó|se quejó|solicitó|reportó|pidió|nos (?:contactó|escribió|llamó)|entrou em contato|nos escreveu"
    r"|a (?:signalé|demandé|ouvert un ticket|écrit|appelé|escaladé)|s'est plaint|nous a (?:contactés|écrit|appelés)"
    r"|meldete|beschwerte sich|bat um|fragte (?:nach|an)|eskalierte|hat (?:ein )?ticket (?:eröffnet|aufgemacht)"
    r"|ha (?:segnalato|chiesto|aperto un ticket)|si è lamentat[oa]|meldde|vroeg|klaagde"
    r"|zgłosił[aoy]?|poprosił[aoy]?|skarżył[aoy]?"
    # Told as it happens, or as done to us: 'reporta que', 'nos lo ha reportado', 'nous a signalé', 'meldet'.
    r"|reporta|informa que|solicita|se queja|relata|reclama|signale|meldet|klagt|segnala|zgłasza"
    r"|(?:nos\s+)?(?:lo\s+|la\s+)?(?:ha|han|había|habían) (?:reportado|escrito|pedido|solicitado|contactado|llamado"
    r"|avisado|informado)|(?:nos\s+)?(?:tem|têm|havia) (?:reportado|relatado|pedido|solicitado)"
    r"|nous a (?:signalé|contactés|écrit)|hat (?:uns )?(?:gemeldet|geschrieben|angefragt)"
    r"|nous (?:l['’])?(?:a|ont) (?:remonté|signalé|demandé)"
    # Told us in a conversation: 'nos comentó que', 'hat Kai im Gespräch erzählt', 'se nás na schůzce ptala'.
    r"|nos (?:lo |la |los |las )?(?:comentó|comentaron|contó|contaron|dijo|dijeron|explicó|explicaron|preguntó"
    r"|preguntaron|pidió|pidieron)"
    r"|hat (?:[\w-]+ ){0,4}?(?:erzählt|gesagt|gefragt|berichtet|erwähnt|angesprochen|angerufen)"
    # Danish and Norwegian: 'Øresund Akvarium har spurgt til det flere gange', 'X har bedt om en eksport'.
    r"|har (?:\w+ ){0,3}?(?:spurgt|spurt|bedt om|efterspurgt|etterspurt|klaget|ringet|skrevet til os|skrevet til oss)"
    r"|se (?:\w+ ){0,5}?ptal[aiy]?|požádal[aiy]?|nahlásil[aiy]?|stěžoval[aiy]?|prosił[aoy]?|pytał[aoy]?"
    r"|called (?:\w+ ){0,2}?asking"
    # Called, emailed or told us, in the simple past of Dutch, Swedish, Danish, Norwegian and Finnish: 'X uit Harlingen
    # belde hierover', 'X ringde i går', 'X ringte support i går', 'X soitti eilen'.
    r"|belde|mailde|ringde|ringede|ringte|mejlade|soitti|kertoi"
    r"|heeft (?:\w+ ){0,4}?(?:geschreven|gemeld|gevraagd|gebeld|geklaagd|gemaild))\b"
)
# 'We're on Enterprise (Halden Grid).', 'Pellucid Health here (self-hosted, v3.9).': a commenter names their company.
# What a writer's organisation owns or runs: 'our team at X', 'our upgrade at X' (not 'our PM at Kings Cross').
OUR_THINGS = (r"(?:team|teams|company|org|organi[sz]ation|engineers|developers|devs|upgrade|upgrades|deploys?"
              r"|deployments?|builds?|production|prod|setup|stack|clusters?|infra(?:structure)?|platform|product|app"
              r"|services?|customers|users|workloads?|pipelines?|release|releases|migration|rollout)")
_SELF_NAMED = re.compile(
    r"\b(?i:we(?:['’]re| are) on (?:the |our )?[\w-]+(?: plan| tier| edition)?) \((?P<name>" + _ORG_WORDS + r")\)"
    r"|(?:^|\s)\+1 (?:from|at) (?P<name3>" + _ORG_WORDS + r")|^\W{0,3}(?P<name2>" + _ORG_WORDS + r") here\b"
    r"|\b(?i:team|folks|people|engineers?|developers?|admins?) at (?:\*\*|__)?(?P<name4>" + _ORG_WORDS + r")"
    r"(?=[^.;!?\n]{0,60}?" + _CUSTOMER_DID + r")"
    # The writer's own organisation: 'this is blocking us at Quillfeather', 'our team at X', 'I work for X', 'We (X)'.
    r"|\b(?i:us|our (?:[a-z-]+ ){0,2}?" + OUR_THINGS + r"|i work) (?i:at|for) (?:\*\*|__)?(?P<name5>" + _ORG_WORDS
    + r")"
    r"|\b(?i:we) \((?P<name6>" + _ORG_WORDS + r")\)"
    # 'Priya from Kestrel Analytics here', 'somos del equipo de sistemas del Instituto X', 'wir sind das Team bei X'.
    r"|\b[A-Z][\w'’-]+ (?i:from|at) (?P<name7>" + _ORG_WORDS + r") here\b"
    r"|\b(?i:somos|soy|sou|wir sind|ich bin|nous sommes|je suis|siamo|sono)\s[^.;!?\n]{0,60}?"
    r"\b(?i:del|de la|de|da|do|dell[ao']?|von|vom|bei|chez|du)\s+(?P<name8>" + _ORG_WORDS + r")"
    # 'Somos **Ruta Verde** (app de reparto…)', 'Wir sind Brenner & Voss', 'We're **Halvorsen Marine**'.
    r"|(?:^|[.!?]\s+|\n)\W{0,3}(?:(?i:somos|wir sind|nous sommes|siamo|wij zijn|jesteśmy|vi är)\s+(?:\*\*|__)?"
    r"|(?i:we(?:['’]re| are))\s+(?:\*\*|__))(?P<name9>" + _ORG_WORDS + r")"
)
# What _BY_NAME and _SELF_NAMED cannot match without, looked for in the lowered sentence: their case-insensitive
# alternations are slow to try at every word, and most sentences hold none of these words.
_BY_NAME_CUE = re.compile(
    r" by\b|\bwe\b|parlé|hablé|hablamos|falei|falamos|parlato|hørte|hörde|hörte|hoorde"
    r"|\bi['’]?m\b|\bi am\b|\bi work|here at|from|behalf|same|me too|heard|including|such as|notably"
    r"|especially|with|w/|this is|similar|\bi(?:['’]re| are| am)? (?:using|running|use|run|deploy)"
    r"|\b(?:lead|manager|head|director|owner|admin|administrator|vp|cto|ceo|engineer|coordinator|officer) at\b"
    r"|\b(?:leder|sjef|eier|ejer|ägare|inhaber\w*|geschäftsführer\w*|gérante?|propriétaire) (?:på|hos|ved|vid|bei"
    r"|vom|von|der|chez)\b"
)
_SELF_NAMED_CUE = re.compile(
    r"we['’]re on|we are on|\+1 |here\b|\bat\b|\bfor\b|\bwe\s?\(|somos|soy|sou|wir sind|ich bin|nous sommes"
    r"|je suis|siamo|sono|wij zijn|jesteśmy|vi är|we['’]re \*|we are \*"
)
_SUBJECT_IN_TEXT = re.compile(
    r"(?<![\w@#/.-])(?P<name>[" + _UPPER + r"0-9][\w&.+-]{0,40}(?:\s+(?:[" + _UPPER + r"0-9][\w&.+-]{0,40}|&|of|and|de"
    r"|da|do|del|di|du|der"
    r"|von|van)){0,8})"
    # 'Zakład Pogrzebowy Anielski z Krakowa prosił', 'Hörakustik Brandt (Filiale Bielefeld) hat …': where they are.
    r"(?:\s*\([^()]{0,60}\)|\s+(?:z|ze|aus|uit|från)\s+[" + _UPPER + r"][\w-]+"
    # 'Bram from Trapkracht asked', 'Lena from Brightwater Cycles called': a person, and who they speak for.
    r"|\s+from\s+(?P<org>[" + _UPPER + r"][\w&'’-]+(?:\s+[" + _UPPER + r"][\w&'’-]+){0,3}))?,?" + _CUSTOMER_DID
)
_NAME_BEFORE = re.compile(r"[" + _UPPER + r"][\w&'’.-]*\s*$")
_OURS_BEFORE = re.compile(r"\b(?:our|my)\s+(?:[\w-]+\s+){0,2}$", re.IGNORECASE)
# 'Her practice (Harbourside Medical Centre) raised it with their account manager'.
# "Pennard's finance lead raised it in ZD-71882": the customer's own people did what customers do.
_POSSESSIVE_SUBJECT = re.compile(r"(?P<name>" + _ORG_WORDS + r")['’]s\s+(?:(?:[a-z-]+|[A-Z]{2,4})\s+){1,3}?"
                                 + _CUSTOMER_DID.lstrip("\\s+"))
_BRACKETED_SUBJECT = re.compile(r"\((?P<name>" + _ORG_WORDS + r")\)" + _CUSTOMER_DID)


_VERB_WORDS = frozenset(
    """asked requested reported complained churned escalated threatened walked told wrote emailed called flagged raised
    canceled cancelled downgraded blocked asking waiting evaluating threatening pushing keep keeps filed opened hit ran
    runs brought pinged shared described showed mentioned lost followed chased same similar forwarded relayed passed
    sent talked spoke chatted met grumbled moaned vented pushed
    unhappy frustrated annoyed upset saying abriu abrió reclamou relatou solicitou
    reportou pediu reclamó quejó solicitó reportó pidió contactó escribió llamó entrou escreveu signalé demandé ouvert
    écrit appelé escaladé plaint contactés meldete beschwerte bat fragte eskalierte eröffnet aufgemacht segnalato
    chiesto aperto lamentato lamentata meldde vroeg klaagde zgłosił zgłosiła zgłosiło zgłosiły poprosił poprosiła
    skarżył skarżyła reporta informa solicita queja relata reclama signale meldet klagt segnala zgłasza reportado
    escrito pedido solicitado contactado llamado avisado informado relatado gemeldet geschrieben angefragt
    comentó comentaron contó contaron dijo dijeron explicó explicaron preguntó preguntaron pidieron ptal ptala ptali
    ptaly požádal požádala požádali nahlásil nahlásila nahlásili stěžoval stěžovala stěžovali prosił prosiła prosiło
    prosiły pytał pytała pytało pytały asking remonté
    geschreven gemeld gevraagd gebeld geklaagd gemaild belde mailde ringde ringede soitti kertoi spurgt spurt bedt
    efterspurgt etterspurt klaget ringet skrevet gefragt erzählt gesagt ringte mejlade fortalte fortalde berättade
    """.split()  # noqa: SIM905
)
_BY_PHRASES = ("leder på", "leder hos", "eier av", "inhaber vom", "inhaberin vom", "gérant chez", "gérante chez",
               "parlé", "hablé", "hablamos", "falei", "falamos", "parlato", "hørte", "hörde", "hörte", "hoorde",
               # German past participles end a clause, so a comma often follows them: 'hat … erzählt, dass'.
               " erzählt", " gesagt", " gefragt", " berichtet", " erwähnt", " angesprochen", " angerufen",
               "asked for by", "requested by", "raised by", "reported by", "flagged by", "escalated by", "posted by",
               "submitted by", "written by", "sent by", "mail from", "message from", "letter from", "review from",
               "suggested by", "we at", "we're at", "were at", "we are at", "here at", "work at", "i'm at", "im at",
               "us at", "work for", "our ",
               "team at", "behalf of", " from ", "we're", "we are", "we (", "this is", " with ", " w/ ", "i'm ",
               "i am ", "including", "such as", "notably", "especially", "qbr", "ebr", "kickoff", "kick-off",
               "onboarding", " review", " call", " meeting", " demo", "renewal", "check-in", "checkin", "escalation",
               "customer ", "klient ", "kunde ", "cliente ", "klant ", "müşteri ",
               " here", "arr", "mrr", "acv", "'s ", "’s ", "folks at",
               "people at", "engineers at", "admins at", "developers at", "we're on", "we are on", "+1 ", "using",
               "we use", "we run", "somos ", "soy ", "sou ", "wir sind", "ich bin", "nous sommes", "je suis",
               "siamo ", "sono ", "trabajo ", "trabalho ", "lavoro ", "je travaille", "ich arbeite",
               "ik werk", "ik ben", "pracuj", "jestem", "jsem", "jag jobbar", "jag arbetar", "jag är",
               "lead at", "manager at", "head at", "director at", "owner at", "admin at",
               "administrator at", "engineer at", "coordinator at", "officer at", "vp at", "cto at", "ceo at",
               *(role + " " for role in _CONSUMER_ROLES))


# '라온 발레 스튜디오 원장님이 … 요청하셨습니다': the head of a named studio, shop or clinic asked, told or called
# us. The name is an organisation when it holds a space or ends as one ('학원', '센터'); '김민지 원장님' is a person.
_KOREAN_ROLE_SUBJECT = re.compile(
    r"^\W{0,3}(?P<name>[가-힣A-Za-z0-9&·][가-힣A-Za-z0-9&·\s]{1,30}?)\s?(?:의\s)?(?:원장|대표|사장|점주|실장|팀장|관장"
    r"|담당자|매니저|점장)님?(?:이|께서|은|는|도)\s[^.。!?]{0,160}?(?:요청|문의|말씀|연락|전화|불만|항의|제보|부탁)")
_KOREAN_NOT_A_NAME = re.compile(r"\d\s?[월일시]|에서|\b(?:CS|PM|AE|CSM|QA)\b")
_KOREAN_ORG_END = ("스튜디오", "학원", "센터", "클리닉", "병원", "약국", "카페", "공방", "아카데미", "체육관",
                   "매장", "상사", "컴퍼니", "협회", "지점", "본점")


def _korean_role_subject(text: str) -> str | None:
    match = _KOREAN_ROLE_SUBJECT.match(text)
    if match is None:
        return None
    name = " ".join(match.group("name").split())
    if _KOREAN_NOT_A_NAME.search(name):
        return None  # '11월 12일 미팅에서 CS 팀장님이': when and where, and a team of theirs or ours, no name
    return name if " " in name or name.endswith(_KOREAN_ORG_END) else None


def find_subject(text: str) -> str | None:
    """Return an organisation that a sentence says did what customers do: 'Ferrovia Rail walked us through …'."""
    if "님" in text and (korean := _korean_role_subject(text)) is not None:
        return korean
    if not any(ch.isupper() for ch in text):
        return None
    lowered = text.lower()
    # IGNORECASE matching is slow; a set look-up on the lowered words rules out most sentences first.
    if _VERB_WORDS.isdisjoint(lowered.split()) and not any(phrase in lowered for phrase in _BY_PHRASES) and not (
            lowered.lstrip(" *_>-").startswith("at ")):
        return None
    for finder in _FINDERS:
        name = finder(text)
        if name:
            return name
    return None


def _by_name(text: str) -> str | None:
    """'Raised by Ferrovia Rail', 'we at Marlin Analytics'."""
    if not _BY_NAME_CUE.search(text.lower()):
        return None
    for match in _BY_NAME.finditer(text):
        name = split_pair(tidy_loose(match.group("name")))[0]
        if name[:1].islower() and not _SLUG.search(name):
            # 'raised by dispensing pharmacies' names no one; 'raised by northwind-logistics' does.
            continue
        weak = match.group(0).lower().startswith(("we", "this"))
        if weak and not _ORG_LIKE.search(name) and len(name.split()) < 2:
            continue
        if name and plausible_name(name, strict=not name[:1].islower()) and _customer_like(name, text, match.start()):
            return _with_partner(name, tidy_loose(match.group("name")))
    return None


def _speaking_for(text: str) -> str | None:
    """'At Lindqvist Freight we …', 'customer Grupo Ferrol Salud'."""
    for match in _SPEAKING_FOR.finditer(text):
        name = tidy_loose(match.group("name") or match.group("name2") or match.group("name3"))
        # 'the customer ETA slips' names no one: after a bare 'customer', a name of two or more words.
        if match.group("name2") and len(name.split()) < 2:
            continue
        if name and plausible_name(name, strict=True) and _customer_like(name, name, 0):
            return name
    return None


_ORDINAL = re.compile(r"^\d+(?:st|nd|rd|th)?$")


def _meeting_of(text: str) -> str | None:
    """'in the Maplecrest renewal call'."""
    for match in _MEETING_OF.finditer(text):
        name = tidy_loose(match.group("name"))
        # 'the' belongs to the meeting here ('in the Maplecrest renewal call'), and the name is no sentence opener.
        if name and plausible_name(name, strict=True) and _customer_like(name, text, match.start("name"),
                                                                          inside_phrase=True) and not (
                _OUR_MEETINGS.search(name) or _ORDINAL.match(name)):
            return name
    return None


# 'When I talked to Brightpath Solar Co. last week they said …', 'Spoke with Trinity Hill Church on the phone'.
_TALKED_TO = re.compile(r"\b(?i:talked|spoke|chatted|met|was on a call|got off a call|had a call)\s+(?i:to|with)\s+"
                        r"(?:(?i:the)\s+)?(?:\*\*|__)?(?P<name>" + _ORG_WORDS + r")")


def _talked_to(text: str) -> str | None:
    """'Talked to Trinity Hill Church on the phone': an organisation by its name, not a colleague by theirs."""
    for match in _TALKED_TO.finditer(text):
        name = tidy_loose(match.group("name"))
        if plausible_name(name, strict=True) and has_org_suffix(name) and _customer_like(name, text, match.start(
                "name"), inside_phrase=True):
            return name
    return None


def _self_named(text: str) -> str | None:
    """'We're on Enterprise (X)', '+1 from X', 'X here', 'blocking us at X', 'I work for X', 'We (X)'."""
    if not _SELF_NAMED_CUE.search(text.lower()):
        return None
    for match in _SELF_NAMED.finditer(text):
        name = tidy_loose(match.group("name") or match.group("name2") or match.group("name3") or match.group("name4")
                          or match.group("name5") or match.group("name6") or match.group("name7")
                          or match.group("name8") or match.group("name9"))
        if plausible_name(name, strict=True) and (match.group("name2") is None or _ORG_LIKE.search(name)):
            return name
    return None


def _consumer(text: str) -> str | None:
    """'policyholder Dariusz Wróbel'."""
    for match in _CONSUMER.finditer(text):
        name = tidy_name(match.group("name"))
        if plausible_name(name, strict=True) and not _ORG_LIKE.search(name):
            return name
    return None


def _in_a_phrase(text: str) -> str | None:
    """'X (ARR $48k)', "Pennard's finance lead raised it"."""
    for pattern in (_WITH_REVENUE, _POSSESSIVE_SUBJECT):
        for match in pattern.finditer(text):
            name = tidy_loose(match.group("name"))
            if plausible_name(name, strict=True) and _customer_like(name, text, match.start(), inside_phrase=True):
                return name
    return None


def _bracketed(text: str) -> str | None:
    """'Her practice (Harbourside Medical Centre) raised it'."""
    for match in _BRACKETED_SUBJECT.finditer(text):
        before = text[max(0, match.start() - 40) : match.start()]
        if _OURS_BEFORE.search(before) or _NAME_BEFORE.search(before):
            # 'Our DPO (Claire M.) flagged this': one of ours, named in brackets; 'Hörakustik Brandt (Filiale
            # Bielefeld) hat …': the bracket says where the name before it is.
            continue
        name = tidy_loose(match.group("name"))
        if plausible_name(name, strict=True) and not any(word.isdigit() for word in name.split()) and (
                len(name.split()) > 1 or _ORG_LIKE.search(name)) and (
                _customer_like(name, text, 0, inside_phrase=True)):
            return name
    return None


def _sentence_subject(text: str) -> str | None:
    """'Ferrovia Rail Services walked us through this'."""
    for match in _SUBJECT_IN_TEXT.finditer(text):
        # 'Bram from Trapkracht': a first name, then who they speak for; 'Hörakustik Brandt from Berlin': where.
        org = tidy_loose(match.group("org") or "")
        if org and plausible_name(org, strict=True) and (len(match.group("name").split()) == 1 or (
                len(match.group("name").split()) == 2 and (has_org_suffix(org) or len(org.split()) >= 2))):
            return org
        whole = tidy_loose(match.group("name"))
        name = split_pair(whole)[0]
        words = name.split()
        start = match.start("name")
        if words and words[0].lower() in _OURS_OPENING:
            continue  # 'Internal Audit flagged this', 'Our Finance team raised it': one of ours.
        # A capitalised sentence opener ("Support", "Legal") is no customer; an org name is.
        while words and (words[0].lower().strip(".,'") in GENERIC_WORDS or (
                len(words) > 1 and words[0].lower() in _ARTICLES)):
            start += len(words[0]) + 1
            words = words[1:]
        name = " ".join(words)
        if _PLACE_OR_THEIRS.search(text[max(0, start - 30) : start]):
            continue  # 'Varios clientes de México nos lo han pedido', 'Laut ihrer Buchhaltung meldet': not who.
        placed = _NAME_IN_PLACE.search(text[max(0, start - 80) : start])
        if placed is not None:
            # 'a prospect, Northgate School Photography in Leeds, asked …': the town is where the customer is.
            org = tidy_loose(placed.group("org"))
            if plausible_name(org, strict=True) and looks_like_org(org) and _customer_like(org, text, start):
                return org
            continue
        if _OUR_COLLEAGUE_BEFORE.search(text[max(0, start - 80) : start]):
            continue  # 'Notre chargée de compte Île-de-France, Camille, nous a remonté que …': one of ours.
        # 'Cobaltline and Ruddock raised it': two names, so no bare sentence opener.
        paired = _with_partner(name, whole) if name else ""
        if name and plausible_name(name, strict=True) and _customer_like(paired, text, start):
            return paired
    return None


# 'clientes de México', 'Laut ihrer Buchhaltung': a place or the customer's own department, not who did it; 'Renata
# from Sunfield Dental' names the organisation a person speaks for.
_PLACE_OR_THEIRS = re.compile(r"(?:^|\s)[a-zà-ÿ][\w-]*\s+(?:de|from|in|en|aus|em|no|na|à)\s+$"
                              r"|\b(?i:ihrer|ihre|ihr|their|his|her|su|sus|leur|leurs|sua|seu|loro)\s+$")
_NAME_IN_PLACE = re.compile(r"(?P<org>[A-ZÀ-ÖØ-Þ][\w&'’.-]*(?:\s+(?:[A-ZÀ-ÖØ-Þ0-9][\w&'’.-]*|&|of|de))+)"
                            r"\s+(?:in|aus|en|à|em|i|w|v|ve|im)\s+$")
_OURS_OPENING = frozenset({"internal", "our", "my"})
_OUR_COLLEAGUE_BEFORE = re.compile(r"\b(?i:our|my|notre|nos|mon|ma|unser\w*|mein\w*|nuestr[oa]s?|mi|noss[oa]s?|meu"
                                   r"|minha|onze|mijn|vår|vårt|min|nasz\w*|mój|moja|il nostro|la nostra)"
                                   r"\s[^.;:—–()]{0,60},"
                                   r"\s*$")
# 'A Secretaria Municipal de Saúde …', 'La Clínica Sonrisa …', 'Die Stadtwerke Kiel …': an article before the name.
_ARTICLES = frozenset({"a", "o", "os", "as", "la", "el", "los", "las", "le", "les", "die", "der", "das", "il", "lo",
                       "de", "het"})

_FINDERS = (_by_name, _speaking_for, _meeting_of, _talked_to, _self_named, _consumer, _in_a_phrase, _bracketed,
            _sentence_subject)
"""The phrasings that name who did what customers do, tried in this order; the first that names someone wins."""


def _with_partner(first: str, whole: str) -> str:
    """Return 'A and B' when both are names ('Summit Valley Health Plan and Orchard Mutual both asked'), else A."""
    pair = split_pair(whole)
    return whole if len(pair) == 2 and pair[0].endswith(first) and plausible_name(pair[1], strict=True) else first


def split_pair(name: str) -> list[str]:
    """Return the two names in 'A and B', else [name]."""
    pair = _PAIR.match(name)
    return [pair.group("first"), pair.group("second")] if pair else [name]


_SLUG = re.compile(r"^[a-z0-9][\w.-]*[-.\d][\w.-]*$")
_CAPITALISED = r"[A-Z][\w&'.-]*(?:\s+[A-Z][\w&'.-]*)*"
_PAIR = re.compile(r"^(?P<first>" + _CAPITALISED + r")\s+and\s+(?P<second>" + _CAPITALISED + r")$")


def _customer_like(name: str, text: str, start: int, *, inside_phrase: bool = False) -> bool:
    """Return whether a name found in running text is a customer: no role, no 'our …', no bare sentence opener.

    `inside_phrase`: the name stands inside a phrase that already says it is another party ('at the X QBR').
    """
    lowered = name.lower()
    if lowered in _NOT_CUSTOMERS or all(word.strip(".,") in _ROLES for word in lowered.split()):
        return False
    if inside_phrase:
        return True
    if re.search(r"\b(?:our|my|the|your|their)\s*$", text[max(0, start - 8) : start], re.IGNORECASE):
        return False
    if _SUPPLIER_BEFORE.search(text[max(0, start - 40) : start]):
        return False  # 'Our supplier Kabelwerk Brandt GmbH told us …': someone we buy from, not a customer.
    words = name.split()
    opener = not text[:start].strip(" \t*_>-([\"“")
    inner_capital = any(ch.isupper() for ch in name[1:]) or any(ch.isdigit() for ch in name)
    return not (opener and len(words) == 1 and not inner_capital)


_SUPPLIER_BEFORE = re.compile(r"\b(?:our|my|the|their)\s+(?:[\w-]+\s+){0,2}?(?:suppliers?|vendors?|providers?"
                              r"|gateway|contractors?|subcontractors?|manufacturers?|auditors?)\s*,?\s*$",
                              re.IGNORECASE)
_ORG_LIKE = re.compile(r"\b(?:inc|ltd|llc|gmbh|ag|group|labs?|trust|association|authority|co|corp|company|partners"
                       r"|services|systems|solutions|health|clinics?|school|university|bank|logistics|architects)\b",
                       re.IGNORECASE)
_ROLES = frozenset("""vp svp evp head director manager lead cto ceo cfo coo cio cro cmo founder president chief sales
    marketing product engineering support success ops operations finance legal security it hr people team of and the
    am ae csm se pm pms""".split())  # noqa: SIM905


_NOT_CUSTOMERS = frozenset({"he", "she", "they", "we", "it", "i", "who", "what", "which", "nobody else", "someone",
                            "everyone", "nobody", "legal", "finance",
                            "marketing", "leadership", "management", "security", "design", "qa", "devops", "github",
                            "jira", "google", "apple", "microsoft", "the team", "our team", "product team"})
