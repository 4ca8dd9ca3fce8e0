"""A ticket a user of the product wrote themselves: 'I use Lanternfish every day … since the update my highlights …'.

On a public tracker, an in-app feedback form or a store review turned issue, the person hitting the problem often
files it. Their report is first-hand evidence from one user: thin on its own, but not nothing. It is recognised by
its voice (the writer says 'I' and 'my' throughout), by a signature at its foot (a bare name or a handle), or by
what only a user says (they use or pay for the product, thank the team for it, lost their own data).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from problemframe.model import Evidence, EvidenceKind
from problemframe.parse.attribution import has_org_suffix, looks_like_org, speaks_for_us
from problemframe.parse.cues import AnyOf
from problemframe.parse.customers import GENERIC_WORDS, plausible_name, tidy_name
from problemframe.parse.document import Block, Document
from problemframe.parse.field_report import FOUND_INTERNALLY
from problemframe.parse.handles import STAFF_HANDLE, commenter
from problemframe.parse.labels import classify
from problemframe.parse.pain import says_pain
from problemframe.parse.pasted_email import SIGN_OFF
from problemframe.parse.placeholders import is_no_response, is_placeholder
from problemframe.parse.template_help import is_help
from problemframe.parse.text import sentences, squash

MIN_I_OR_MY = 3
MIN_TOLD_WORDS = 20
# The writer speaking for themselves, in the languages tickets arrive in: 'I', 'my', 'je', 'ich', 'yo', 'eu'.
# English 'I' only in capitals ('i' is often a list marker); the other languages' words in any case, on lowered text.
_I_OR_MY = re.compile(r"\b(?:I|I'm|I've|I'd|[Mm]y|[Mm]e)(?=\W|$)")
# Not inside a link or an address: 'gong.io/', 'mi@example.com'.
_I_OR_MY_OTHER = re.compile(r"(?<![\w.@/-])(?:je|mon|ma|mes|moi|ich|mein|meine|meinen|mir|mich|yo|mi|mis|eu|meu"
                            r"|minha|meus|io|mio|mia|ik|mijn|benim|mój|moja|moje|mojego|mojej|mnie|jag|mitt"
                            # Finnish, Czech, Slovak, Turkish, Danish and Norwegian.
                            r"|minä|minun|olen|minulla|já|jsem|můj|pracuji|používám|môj|jeg)"
                            r"(?=\W|$)|\bj'")
# A team writing in as one user: 'wir nutzen', 'usamos', 'nous', 'we have 2 gateways'.
_WE_ANY_LANGUAGE = re.compile(
    r"\b(?:we|our|us|we're|we've|wir|unser\w*|uns|nous|notre|nos|nosotros|nuestr[oa]s?|nós|noss[oa]s?|noi|nostr[oaie]"
    r"|wij|ons|onze|nasz\w*|vi|vår\w*|usamos|utilizamos|tenemos|perdimos|temos|usiamo|abbiamo|używamy|mamy)\b"
    r"|私たち|弊社|当社|我们|我們")
# Only someone outside the team speaks to it of 'your API' or offers it their logs: 'eure Statements-API',
# 'votre application', 'I can attach the checkpoint listing'.
_TO_THE_TEAM = re.compile(
    r"\b(?:your|eure[rnms]?|euer|votre|vos|vuestr[oa]s?) (?:[\w-]+ )?(?:app|apps|api|apis|[\w-]*-api|product|tool"
    r"|library|service|platform|sdk|plugin|docs|documentation|application|logiciel|software|team|support|widget|extension"
    r"|integration|connector|module|theme|portal|dashboard|editor|cli|package|runner|agent|firmware|hub)\b"
    r"|\b(?:i|we) (?:can|could) (?:attach|provide|share) (?:a |the )?(?:logs?|repro\w*|(?:[\w-]+ )?(?:dump|listing"
    r"|trace|file|sample))\b")
# A bug report form's own headings: the user filling it in describes what they met.
_BUG_FORM = re.compile(r"\b(?:describe the bug|bug description|to reproduce|steps to reproduce|what happened)\b",
                       re.IGNORECASE)
MAX_NOTE_WORDS = 60
# What a user in a hurry writes: 'pls fix asap', 'nothing comes out', 'stoped printing'.
_PLEA = re.compile(r"\b(?:pls|please|plz)\s+(?:fix|help|add|look)|\bfix (?:it |this )?,?(?:pls|please|plz|asap)\b"
                   r"|\bfix it\W*$|\basap\b|\bstop+ed\b|\bnothing (?:comes|happens|shows|prints|loads)\b",
                   re.MULTILINE)
MAX_CHECKS = 3
_QUOTED = re.compile(r'"[^"\n]{0,80}"|“[^”\n]{0,80}”|«[^»\n]{0,80}»')
_CHECKBOX = re.compile(r"^\s*\[[ xX]\]")
_PERSON = re.compile(r"^(?:[A-ZÀ-Ý][\w'’-]+|[A-Z]\.)(?:\s+(?:[A-ZÀ-Ý][\w'’-]+|[A-Z]\.)){1,2}$")
# '— @kenta-mori', '-- ana-lucia-r', 'Krzysztof (kwojcik-reads)': a handle or a first name with the handle.
_HANDLE_SIGNATURE = re.compile(
    r"^(?:[—–~]|--?)\s*(?:(?:opened|filed|reported|posted|submitted) by\s+)?@?(?P<handle>[A-Za-z0-9][\w.-]{1,38})"
    r"(?:\s*[·|,]\s.*)?$"
    # '@haruka-sd · kairos 4.3.1 · Node 22', 'Opened by @fenna-kuipers on 2026-11-19'.
    r"|^(?:(?i:opened|filed|reported|posted|submitted) by\s+)?@(?P<at>[A-Za-z0-9][\w.-]{1,38})"
    r"(?:\s*[·|,]\s.*|\s+on\s+[\w ,.-]{4,20})?$"
    r"|^(?P<first>[A-ZÀ-Ý][\w'’-]+)\s*\(@?(?P<paren>[A-Za-z0-9][\w.-]{1,38})\)$"
)
_FIRST_NAME = re.compile(r"^[A-ZÀ-Ý][a-zà-ÿ'’-]{1,20}$")
_RULE = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,})\s*$")
# What a user says of the product, and staff do not: they use or pay for it, thank the team for it, lost their own.
_USER_CUE = re.compile(
    r"\bI(?:'ve| have)?(?: been)? (?:use|using|rely on|relying on|pay for|paying for|subscribed|subscribe)\b"
    r"|\bI(?:'m| am) (?:an? )?(?:[\w-]+ ){0,2}(?:user|customer|subscriber|member)\b"
    r"|\b(?:as|am) an? (?:long-?time |paying |premium |pro |happy |loyal )?(?:user|customer|subscriber)\b"
    r"|\bI(?:'m| am) (?:a )?(?:freelance|paying|premium|pro)\b|\bpaying (?:on|for) the\b"
    r"|\bthank(?:s| you)(?: so much| a lot)? for (?:the|this|your|a) (?:great |amazing |awesome |nice |good )?"
    r"(?:app|tool|project|library|plugin|extension|work|product|software)\b"
    r"|\b(?:love|like|enjoy) (?:the|this|your) (?:app|tool|product|library|plugin)\b"
    r"|\bsorry for my (?:bad |poor )?english\b"
    r"|\bI(?:'m| am) (?:on|using) (?:an?|my) (?:\w+ )?(?:iphone|ipad|pixel|samsung|galaxy|android|mac|macbook|windows"
    r"|chromebook|kindle|kobo|laptop|phone|tablet)\b"
    r"|\bmy (?:own )?(?:data|notes|files|photos|highlights|bookmarks|account|subscription|money|payment|card|orders?"
    r"|library|projects?|workspace|settings|history|progress|savings|balance|thesis|work)\b.{0,60}\b(?:lost|gone|"
    r"disappear\w*|deleted|wiped|missing|charged|debited|overwritten)\b"
    # What the problem cost them: 'I spent most of an afternoon', 'our nightly job now dies', 'in our prod'.
    r"|\bI (?:spent|wasted|lost) (?:most of |all |half |a whole |the whole )?(?:an?|the|my|two|three|\d+) "
    r"(?:afternoon|morning|day|days|hours|evening|weekend|week)s?\b"
    r"|\b(?:in|on|to) (?:our|my) prod(?:uction)?\b|\bour (?:nightly|production|prod|ingestion|office|lab)\b",
    re.IGNORECASE,
)
_WE_UPGRADED = re.compile(r"\bsince we (?:upgraded|updated|moved|migrated|switched|installed)\b")
# The writer meeting the problem themselves: 'when I run `sync` it crashes', 'after upgrading to 2.4 I get …'.
_MET_IT = re.compile(
    r"\b(?:when|whenever|if|every time|each time) (?:I|we) (?:try to |tried to )?(?:run|ran|open|opened|click|clicked"
    r"|call|called|use|used|upgrade|upgraded|update|updated|install|installed|build|built|deploy|deployed|start|started"
    r"|import|imported|pass|passed|set|add|added|save|saved|type|typed|press|pressed|tap|tapped|log in|login|sign in)\b"
    r"|\b(?:after|since) (?:upgrading|updating|bumping|moving|migrating|switching|installing)\b"
    r"|\bI(?:'m| am)? (?:get|getting|got|see|seeing|keep getting|hit|hitting|ran into|run into|noticed|tried"
    r"|can't|cannot|couldn't|can not|am unable|was unable|lost|just lost|end up|ended up|have to|had to"
    r"|keep having to|spend|spent)\b"
    r"|\b(?:works|worked|fails|failed|breaks|crashes) (?:fine |for me|on my)\b|\bfor me\b"
    r"|" + _WE_UPGRADED.pattern,
    re.IGNORECASE,
)
# A user writing in closes with thanks in their own words: 'Danke!', 'Thanks in advance', 'Merci de regarder'.
_THANKS = re.compile(r"^\W*(?:(?:thanks|thank you|thx|danke|gracias|merci|obrigad[oa]|grazie|dank je|dziękuję|tak"
                     r"|kiitos|děkuji|díky|ďakujem|teşekkürler|teşekkür ederim|tack|takk|bedankt|dank u)\b"
                     r"|よろしくお願いします|よろしくお願いいたします|ありがとうございます|谢谢|謝謝|감사합니다)"
                     r"[\w ,'!.。！🙏…]{0,40}$", re.IGNORECASE)
# 'I' and 'my' in the languages written without spaces: '我们项目', '私の', '僕は', '저는'.
_I_OR_MY_CJK = re.compile(r"我们|我們|我|私(?=[はがのもを])|僕|俺|저는|제가|나는|내 ")
# 'Hi,' or 'Hello!' from someone writing in; 'Hello team,' is as often a colleague.
_GREETING = re.compile(
    r"^\W*(?:hi|hello|hey|hola|bonjour|hallo|olá|oi|ciao|salut|hej|cześć|dzień dobry|buongiorno|hei|moi|terve"
    r"|dobrý den|ahoj|merhaba|selam|goddag|god dag|goedemiddag|goedemorgen|dobrý deň"
    r"|good (?:morning|afternoon))(?:\s+(?:all|everyone|folks|there|zusammen|à tous|a todos|pessoal|tutti|allemaal"
    r"|wszystkim))?"
    r"\s*(?:[,!👋]\W*|$)",
    re.IGNORECASE,
)
# A team member writing about users: 'our users', 'customers report', 'we should'.
_STAFF_VOICE = AnyOf(re.compile(
    r"\bour (?:users|customers|clients|merchants|members|subscribers)\b|\b(?:users|customers|clients) (?:report|"
    r"reported|are|were|have|keep|complain\w*)\b|\bwe (?:should|need to|could|will|shipped|released|deployed|ship"
    r"|release|build|bundle|link|vendor|maintain|publish)\b|\btime-?box"
    # A colleague setting work: 'Let's do:', 'we need this before the launch', '@pm-lead can you scope this'.
    r"|\blet'?s (?:do|build|ship|add|make|scope|plan|get|prioriti[sz]e|discuss)\b|\bwe need (?:this|it)\b"
    r"|(?:^|\s)@[\w-]+,? can you\b|\b(?:scope|estimate|size) (?:this|it)\b|\bthe board\b"
    # Asking the team for an estimate, in the languages sales and support write in: 'eine grobe Aufwandsschätzung'.
    r"|\b(?:aufwandsschätzung|aufwand schätzen|una estimación|uma estimativa|una stima|une estimation|wycen\w+)\b"
    # A colleague asking how it works: 'Quick question for whoever owns the rules engine'.
    r"|\b(?:quick question|question) for (?:whoever|the \w+ (?:team|folks))\b|^\W*quick (?:one|q)\b"
    # Planning our own work: 'before I plan the ScanBridge work for next sprint', 'This ticket tracks the migration'.
    r"|\b(?:this|next|the current|last|upcoming) sprint\b|\bthis ticket tracks\b"
    r"|\bthe (?:whole )?(?:frontend|front-end|backend|back-end|platform|infra|mobile) team\b"
    # An incident written up by whoever was on call: 'SEV-2', 'Incident commander: Dana', the postmortem.
    r"|\bsev-?[0-4]\b|\bincident commander\b|\bpost-?mortem\b"
    # Passing a customer's word on: 'passing this on from Dalby Marine', 'I'm their CSM'.
    r"|\bpassing (?:this|it) (?:on|along)\b|\brelaying (?:this|it)\b|\bi'?m their (?:csm|am|ae|account manager)\b"
    # A story written for the backlog, or an engineer reading our own code: 'As a planner, I want …'.
    r"|(?:^|\n)\W*as an? [\w /-]{2,40}, i (?:want|need|would like)\b|\bi'?m reading (?:the|our) (?:[\w-]+ )?(?:code"
    r"|source)\b"
    # Guessing what customers would like: 'Je pense que les clients aimeraient'.
    r"|\b(?:i think|je pense|ich denke|ich glaube|creo|acho|penso)(?: que| dass| che)? (?:the |les |die |los |os |i )?"
    r"(?:customers|clients|kunden|clientes|users|utilisateurs|nutzer|usuarios|clienti)\b"
    r"|\b(?:customers|clients|users) would (?:like|love|want|prefer)\b|\bles clients (?:aimeraient|voudraient)\b"
    # A hunch, our own code, our own help centre, a colleague asked for their view: 'Gut feeling is …', 'My own view
    # after a year on this code', 'Writing the answer for the help centre article', '@priya-raman thoughts?'.
    r"|\bgut (?:feel|feeling)\b|\bmy own view\b|\b(?:on|in) (?:this|our) (?:code|codebase)\b"
    r"|\b(?:within|across) engineering\b|\bhelp (?:centre|center) article\b|@[\w-]+,? (?:thoughts|any thoughts|wdyt)\b"
    r"|\bhappy to pair with\b|\bwhoever knows\b|\b(?:platform|eng|engineering|product|design|planning|team) sync\b"
    r"|\byour team owns\b|\bfinance (?:gave|told|sent) me\b"
    # 'Noticed on the Grafana panel this morning', '… per Firebase': our own monitoring saw it.
    r"|\b(?:on|in) the (?:grafana|datadog|kibana|sentry) (?:panel|board|dashboard)\b|\bper (?:firebase|crashlytics"
    r"|sentry|datadog|grafana)\b"
    # '团队内部讨论过', '社内で検討', '내부 논의': discussed within the team.
    r"|内部讨论|团队内部|社内で|내부 논의|내부적으로"))


def own_report(document: Document, author: str | None = None) -> Evidence | None:
    """Return the evidence of a ticket written in the first person by a user of the product, else None.

    `author` is who opened the issue, when its copied page header says: a handle that is not one of ours writing
    in the first person throughout is a user telling of their own case, whatever cue words they use.
    """
    blocks = opening_post(document)
    # A form's unanswered fields ('_No response_') are not the writer's words.
    said = _writers_words(blocks, dropped=_unanswered)
    lowered = said.lower()
    # The writer's 'I' and 'my' in English, in the other languages, and in the languages written without spaces.
    mine_elsewhere = len(_I_OR_MY_OTHER.findall(lowered)) + len(_I_OR_MY_CJK.findall(said))
    speaking = len(_I_OR_MY.findall(said)) + mine_elsewhere
    said_sentences = sentences(said)
    # 'Hi, since updating to 4.2 the app crashes every time I …': a user writing in greets the team first, or
    # closes with thanks. A title line ('Nepal timezone missing') may stand above the greeting.
    greeted = bool(said_sentences) and (any(_GREETING.match(sentence) for sentence in said_sentences[:2])
                                        or _THANKS.match(said_sentences[-1]) is not None)
    # The patterns below are run on lowered text: ignoring case in their long alternations is several times slower.
    # The slowest looks (is it staff? is it addressed to us?) run only once a text may be a user's.
    outside = _Looked(lambda: _TO_THE_TEAM.search(_QUOTED.sub("", lowered)) is not None)
    staff = _Looked(lambda: _STAFF_VOICE.found(lowered) or FOUND_INTERNALLY.found(lowered))
    writer, handle = _signer(document, len(blocks))
    # A bare name under a text is a signature only when the text speaks as 'I' throughout, or greets the team as
    # someone writing in does; '— @handle' under a text in the first person ('our dashboards') always is.
    if writer is not None and (speaking >= MIN_I_OR_MY or (
            (handle or greeted) and (speaking or _WE_ANY_LANGUAGE.search(lowered)) and not staff())):
        return Evidence(customer=writer, kind=EvidenceKind.FIRST_HAND, text=f"Signed: {writer}")
    if not speaking and (_WE_UPGRADED.search(lowered) or (
            (greeted or outside()) and _WE_ANY_LANGUAGE.search(lowered))):
        speaking = 1  # 'every windows build has been red since we upgraded to 0.15': a team using the product
    if not speaking or staff():
        return None
    # 'Every time I save a file the dev server grows … Started after upgrading to 5.0': the writer meets it.
    met = next((sentence for sentence in said_sentences if _MET_IT.search(sentence)), None)
    if speaking < MIN_I_OR_MY and not greeted and not outside() and met is None:
        return None
    opening = next((sentence for sentence in said_sentences if not _GREETING.fullmatch(sentence.strip())), None)
    cue = next((sentence for sentence in said_sentences if _USER_CUE.search(sentence)
                or _TO_THE_TEAM.search(sentence.lower())),
               opening if greeted else None) or met
    # The voice alone tells only in a text long enough to be someone's account: 'Je je je.' is no report.
    # A form with its own evidence field asks for evidence there; the voice of its problem field is not a report.
    told = cue is None and (len(said.split()) >= MIN_TOLD_WORDS or len(_I_OR_MY_CJK.findall(said)) >= MIN_I_OR_MY) and (
        not any(block.kind == "heading" and (label := classify(block.text)) is not None and label.key == "evidence"
                for block in blocks))
    if told and speaking >= MIN_I_OR_MY and author is not None and not STAFF_HANDLE.search(author):
        cue = next((sentence for sentence in said_sentences if _I_OR_MY.search(sentence)), None)
    if cue is None and told and mine_elsewhere >= MIN_I_OR_MY:
        # 'Ich habe meine Firmenkarte in der App gesperrt …': the cues above are English; a text in the first person
        # throughout in another language is read by its voice alone.
        cue = next((sentence for sentence in said_sentences if _I_OR_MY_OTHER.search(sentence.lower())
                    or _I_OR_MY_CJK.search(sentence)), None)
    if cue is None:
        return None
    words = squash(cue)[:300]
    return Evidence(kind=EvidenceKind.FIRST_HAND, quote=words, text=f"A user's own report: {words}")


def opened_by_user(document: Document, author: str | None) -> Evidence | None:
    """Return the report of an issue a user opened, as its copied page header says, when it reads as theirs.

    'export to csv doesnt work since yesterday, just spins forever. pls fix' under '· opened by @bjornh': a short
    note or a bug form from a handle that is not one of ours is that user's own report. A long text from an
    outside handle may still be a colleague's plan, so only the short note and the bug form count.
    """
    if author is None or STAFF_HANDLE.search(author):
        return None
    blocks = opening_post(document)
    # A form's help text left in place ('A clear and concise description of what the bug is') is nobody's report.
    said = _writers_words(blocks, dropped=is_help)
    lowered = said.lower()
    checks = sum(1 for block in blocks if block.kind == "item" and _CHECKBOX.match(block.text))
    # A checklist is a plan to carry out, and a text with no word of what hurts reports nothing.
    if checks >= MAX_CHECKS or not (says_pain(said) or _PLEA.search(lowered)) or (
            _STAFF_VOICE.found(lowered) or FOUND_INTERNALLY.found(lowered)):
        return None
    form = any(block.kind == "heading" and _BUG_FORM.search(block.text) for block in blocks)
    if not form and len(said.split()) > MAX_NOTE_WORDS:
        return None
    opening = next(iter(sentences(said)), None)
    if opening is None:
        return None
    words = squash(opening)[:300]
    return Evidence(kind=EvidenceKind.FIRST_HAND, quote=words,
                    text=f"A user's own report (opened by @{author}): {words}")


class _Looked:
    """A look at the text taken once, when first asked for."""

    def __init__(self, look: Callable[[], bool]) -> None:
        self._look = look
        self._seen: bool | None = None

    def __call__(self) -> bool:
        if self._seen is None:
            self._seen = self._look()
        return self._seen


def _writers_words(blocks: list[Block], *, dropped: Callable[[str], bool]) -> str:
    """Return the text of the writer's paragraphs and list items; a form's own checkboxes ('[x] I searched existing
    issues') and the blocks `dropped` says are the form's are not the writer's words."""
    return "\n".join(block.text for block in blocks if not dropped(block.text) and (
        block.kind == "paragraph" or (block.kind == "item" and not _CHECKBOX.match(block.text))))


def _unanswered(text: str) -> bool:
    return is_placeholder(text) or is_no_response(text)


def opening_post(document: Document) -> list[Block]:
    """Return the blocks of the issue itself, before the first pasted comment ('**@ines** commented on Apr 1')."""
    blocks = document.blocks
    starts = [number for number, block in enumerate(blocks) if block.kind in ("paragraph", "quote")
              and commenter(block.text.lstrip("> ").split("\n", 1)[0]) is not None]
    if not starts:
        return blocks
    if any(block.kind != "heading" for block in blocks[: starts[0]]):
        return blocks[: starts[0]]
    # '**nkovacs-interp** commented 5 days ago' above everything: the page shows the issue's own text as its first
    # comment, and that text runs to the next one.
    return blocks[starts[0] + 1 : starts[1] if len(starts) > 1 else len(blocks)]


def _signer(document: Document, until: int) -> tuple[str | None, bool]:
    """Return who signs the report at its foot, and whether by handle: '… the app. / Thandiwe', '— @kenta-mori'."""
    blocks = document.blocks
    for number in range(until - 1, 0, -1):
        block, above = blocks[number], blocks[number - 1]
        if block.kind != "paragraph" or above.kind not in ("paragraph", "item") or not _ends_the_text(document, number):
            continue
        lines = [line.strip(" *_") for line in block.text.strip().split("\n") if line.strip(" *_")]
        thanked = len(lines) == 2 and bool(SIGN_OFF.match(lines[0]) or _THANKS.match(lines[0]))
        if thanked:
            lines = lines[1:]
        handle = _HANDLE_SIGNATURE.match(lines[-1]) if lines else None
        if handle is not None and (len(lines) == 1 or handle.group("at")):
            return handle.group("handle") or handle.group("paren") or handle.group("at"), True
        if len(lines) == 2 and _PERSON.match(lines[0]) and (has_org_suffix(lines[1]) or "&" in lines[1]):
            # 'Mia Torres / Saltwater Studio': the name, and the organisation on the line under it.
            organisation = _signing_organisation(f"{lines[0]} — {lines[1]}")
            if organisation is not None:
                return organisation, True
        if len(lines) != 1:
            continue
        line = lines[0]
        organisation = _signing_organisation(line)
        if organisation is not None:
            return organisation, True
        # 'Gracias! / Lucía': under thanks, a first name alone signs the report.
        person = _PERSON.match(line) or (thanked and _FIRST_NAME.match(line))
        if person and classify(line) is None and not all(
                word.lower() in GENERIC_WORDS for word in line.split()):
            return line, False
    return None, False


# 'Sean Doherty — Meridian Utilities', 'Zahnarztpraxis Dr. Keller, Freiburg – Kundennummer 20-1187': a customer signs
# with the organisation they write for, or with their customer number.
_SIGNATURE_PARTS = re.compile(r"\s*(?:[—–|,]|\s-\s)\s*")
_CUSTOMER_NUMBER = re.compile(
    r"(?:kundennummer|kunden-?nr\.?|customer (?:no\.?|number|id|#)|account (?:no\.?|number|id)|n° client|numéro client"
    r"|número de cliente|nº de cliente|klantnummer|kundnummer|numer klienta|codice cliente)\b", re.IGNORECASE)
_SIGNER_NAME = re.compile(r"^(?:[A-ZÀ-Ý][\w'’-]+\.?\s+){1,2}[A-ZÀ-Ý][\w'’-]+$")


def _signing_organisation(line: str) -> str | None:
    """Return the organisation a signature line names beside the writer or with a customer number, else None."""
    parts = [part for part in _SIGNATURE_PARTS.split(line) if part]
    if len(parts) >= 2 and _CUSTOMER_NUMBER.match(parts[-1]):
        found = parts[0]
    elif len(parts) == 2 and _SIGNER_NAME.match(parts[0]):
        found = parts[1]
    else:
        return None
    if speaks_for_us(", ".join(parts)):
        return None  # 'Rocío Márquez — Soporte N2' signs for our own desk
    name = tidy_name(found)
    return name if name and plausible_name(name, strict=True) and looks_like_org(name) and classify(name) is None else (
        None)


def _ends_the_text(document: Document, number: int) -> bool:
    """Return whether a block is the last of the writer's text: nothing after it but a rule or a new heading."""
    blocks = document.blocks
    if number + 1 == len(blocks) or blocks[number + 1].kind == "heading":
        return True
    between = document.lines[blocks[number].end : blocks[number + 1].start]
    return any(_RULE.match(line) for line in between)
