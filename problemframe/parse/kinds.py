"""Infer where a piece of evidence comes from: the link's host first, then the words around it."""

from __future__ import annotations

import re
from functools import lru_cache

from problemframe.model import EvidenceKind as K

# The stores whose reviews are read as customers' words: named in running text, in attributions and in findings.
STORES = r"app store|play store|google play|trustpilot|capterra"

# A help desk on the company's own domain: 'support.kassenwerk.de/browse/SUP-4412', '…/agent/tickets/90412'.
# 'pomoc.medkarta.pl/tickets/20931', 'hilfe.…', 'soporte.…': the same desk named in the team's language; any desk
# numbers its tickets under '/tickets/'.
_DESK_HOST = r"(?:support|helpdesk|servicedesk|desk|help|pomoc|hilfe|aide|ayuda|ajuda|soporte|suporte|assistenza|hulp"
_DESK_HOST += r"|kundtjanst|kundenservice|kundendienst|klantenservice|care|customercare)"
_SELF_HOSTED_DESK = re.compile(
    r"^" + _DESK_HOST + r"\.[^/]+/(?:.*/)?(?:browse|tickets?|requests?|cases?|conversations?)/"
    r"[\w-]*\d|^" + _DESK_HOST + r"\.[^/]+/(?:.*/)?[a-z]{2,6}-\d{3,}$"
    r"|/(?:agent/tickets|hc/(?:[a-z-]+/)?requests|servicedesk/customer/portal)/\d|/tickets?/\d{3,}(?:$|[/?#])"
    # GLPI, osTicket and OTRS, whose ticket's number stands in the query: '…/ticket.form.php?id=88412'.
    r"|/front/ticket\.form\.php$|/scp/tickets\.php$|/otrs/index\.pl$|/znuny/index\.pl$"
)
# A CRM on the company's own domain: 'crm.pebblecart.example/accounts/0017Q00000LDG'.
_SELF_HOSTED_CRM = re.compile(r"^crm\.[^/]+/(?:.*/)?(?:accounts?|companies|company|contacts?|deals?|opportunit\w+"
                              r"|organi[sz]ations?)/[\w-]*\d")
_HOSTS: tuple[tuple[str, K], ...] = (
    ("zendesk.com", K.SUPPORT_TICKET), ("intercom.com", K.SUPPORT_TICKET), ("intercom.io", K.SUPPORT_TICKET),
    ("freshdesk.com", K.SUPPORT_TICKET), ("frontapp.com", K.SUPPORT_TICKET), ("front.com", K.SUPPORT_TICKET),
    ("helpscout.net", K.SUPPORT_TICKET), ("helpscout.com", K.SUPPORT_TICKET), ("service-now.com", K.SUPPORT_TICKET),
    ("gorgias.com", K.SUPPORT_TICKET), ("kustomer.com", K.SUPPORT_TICKET), ("hubspot.com/help-desk", K.SUPPORT_TICKET),
    ("atlassian.net/servicedesk", K.SUPPORT_TICKET), ("atlassian.net/jira/servicedesk", K.SUPPORT_TICKET),
    ("gong.io", K.CALL), ("chorus.ai", K.CALL), ("zoom.us", K.CALL), ("fathom.video", K.CALL),
    ("grain.com", K.CALL), ("otter.ai", K.CALL), ("meet.google.com", K.CALL),
    ("salesforce.com", K.CRM), ("force.com", K.CRM), ("hubspot.com", K.CRM), ("pipedrive.com", K.CRM),
    ("attio.com", K.CRM), ("close.com", K.CRM), ("dynamics.com", K.CRM),
    ("slack.com", K.CHAT), ("discord.com", K.CHAT), ("teams.microsoft.com", K.CHAT),
    ("typeform.com", K.SURVEY), ("surveymonkey.com", K.SURVEY), ("qualtrics.com", K.SURVEY),
    ("apps.apple.com", K.SURVEY), ("play.google.com/store", K.SURVEY), ("trustpilot.com", K.SURVEY),
    ("g2.com", K.SURVEY), ("capterra.com", K.SURVEY), ("forms.gle", K.SURVEY),
    ("docs.google.com/forms", K.SURVEY), ("tally.so", K.SURVEY), ("delighted.com", K.SURVEY),
    ("amplitude.com", K.USAGE_DATA), ("mixpanel.com", K.USAGE_DATA), ("looker.com", K.USAGE_DATA),
    ("lookerstudio.google.com", K.USAGE_DATA), ("metabase", K.USAGE_DATA), ("grafana", K.INTERNAL),
    ("tableau", K.USAGE_DATA), ("posthog.com", K.USAGE_DATA), ("heap.io", K.USAGE_DATA), ("pendo.io", K.USAGE_DATA),
    ("datadoghq.com", K.INTERNAL), ("mode.com", K.USAGE_DATA), ("sentry.io", K.INTERNAL),
    ("dovetail.com", K.INTERVIEW), ("dovetailapp.com", K.INTERVIEW),
    ("mail.google.com", K.EMAIL), ("outlook.office.com", K.EMAIL), ("outlook.live.com", K.EMAIL),
)

# A vendor's name as a label of the host ('marketloom.zendesk.example', 'gong.internal'): the tool, on another domain.
_BRANDS: dict[str, K] = {
    "zendesk": K.SUPPORT_TICKET, "intercom": K.SUPPORT_TICKET, "freshdesk": K.SUPPORT_TICKET,
    "helpscout": K.SUPPORT_TICKET, "gorgias": K.SUPPORT_TICKET, "kustomer": K.SUPPORT_TICKET, "gong": K.CALL,
    "chorus": K.CALL, "salesforce": K.CRM, "hubspot": K.CRM, "pipedrive": K.CRM, "typeform": K.SURVEY,
    "surveymonkey": K.SURVEY, "qualtrics": K.SURVEY, "amplitude": K.USAGE_DATA, "mixpanel": K.USAGE_DATA,
    "posthog": K.USAGE_DATA, "dovetail": K.INTERVIEW, "looker": K.USAGE_DATA, "superset": K.USAGE_DATA,
    "redash": K.USAGE_DATA, "hotjar": K.SURVEY,
}
_URL = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]{0,20}://(?:[^@/?#\s]{0,200}@)?(?P<host>[^/?#:\s]{0,253})(?::\d{1,5})?"
                  r"(?P<path>[^?#\s]{0,500})")
_INTERNAL = re.compile(
    r"\b(?:i (?:just |really |honestly |personally |still )?(?:think|believe|feel)|we think|we believe|we feel"
    r"|(?:pm|our|my|internal|rough|ballpark) estimate|my (?:gut|opinion|hunch)|in my opinion"
    r"|(?:our|the) team (?:feels|thinks|believes)|pm opinion|product opinion|gut (?:feel|feeling)"
    r"|internal(?:ly)? (?:opinion|feedback|request|ask|idea|discussion|brainstorm|wish(?:list)?|only|use)|internally"
    r"|^\W*internal(?=\W*[:—–-])"
    r"|hunch|we assume|i suspect|we suspect"
    r"|i'?m (?:pretty |fairly |quite |100 ?% )?(?:sure|certain|convinced)|trust me"
    r"|sales (?:team )?(?:thinks|says|believes|feels|reckons)"
    r"|(?:product )?leadership (?:wants|thinks|asked)|in my experience|my last company|i'?d guess|i reckon"
    r"|(?:the )?(?:ceo|cto|cpo|vp \w+|head of \w+) (?:thinks|wants|believes|feels))\b",
    re.IGNORECASE,
)
_WORDS = re.compile(
    r"\b(?:(?P<support_ticket>zendesk|intercom|freshdesk|help ?scout|support (?:ticket|case|request)s?|tickets?"
    r"|(?:formal )?complaints?"
    r"|case #?\d+|escalation|INC\d{5,}|RITM\d{5,})"
    # 'the 11 call sites', 'a huge deal for customers': code, and an idiom, not a call or a deal on file.
    r"|(?P<call>gong|chorus|zoom|(?:sales |discovery |customer |qbr |demo )?(?<!api )(?<!cloud )(?<!rpc )(?<!http )"
    r"(?<!network )(?<!remote )(?<!function )(?<!system )calls?(?!\s+(?:sites?|stacks?|graphs?|chains?)\b)|meeting|qbr"
    # 'the Berlin demo room', 'Acme Solar (demo tenant)': where we show the product, not a demo given to a customer.
    r"|demo(?!\s+(?:room|tenant|account|unit|environment|site|data|store|instance|device|kiosk)s?\b))"
    r"|(?P<crm>salesforce|sfdc|hubspot|crm|opportunity|opp|(?<!big )(?<!huge )(?<!great )(?<!good )deal(?!-?breaker)"
    r"|renewal|account notes?)"
    r"|(?P<chat>slack|discord|chat|dm)"
    r"|(?P<survey>typeform|survey|nps|csat|questionnaire|poll|" + STORES + r")"
    r"|(?P<interview>(?:user |customer )?interviews?|user research|research session|usability (?:test|session)"
    r"|dovetail)"
    r"|(?P<email>e-?mails?|emailed|mailing list)"
    r"|(?P<usage_data>dashboards?|analytics|amplitude|mixpanel|looker|metabase|posthog|telemetry"
    r"|usage(?: data)?|funnel|event data|product data|logs|crashlytics)"
    r"|(?P<internal>grafana|sentry|bugsnag|datadog|new relic|prometheus|kibana|cloudwatch|honeycomb|pagerduty))\b",
    re.IGNORECASE,
)
_LABELS: dict[str, K] = {
    "support ticket": K.SUPPORT_TICKET, "support_ticket": K.SUPPORT_TICKET, "ticket": K.SUPPORT_TICKET,
    "call": K.CALL, "crm": K.CRM, "crm note": K.CRM, "chat": K.CHAT, "survey": K.SURVEY,
    "usage data": K.USAGE_DATA, "usage_data": K.USAGE_DATA, "interview": K.INTERVIEW, "email": K.EMAIL,
    "first-hand": K.FIRST_HAND, "first_hand": K.FIRST_HAND, "first-hand report": K.FIRST_HAND,
    "internal": K.INTERNAL, "other": K.OTHER,
}
# Every label's first word, which a segment naming a kind holds (in some case) whatever its spacing.
_LABEL_WORDS = tuple({re.split(r"[ _]", label)[0] for label in _LABELS})
KIND_LABELS: dict[K, str] = {
    K.SUPPORT_TICKET: "support ticket", K.CALL: "call", K.CRM: "CRM", K.CHAT: "chat", K.SURVEY: "survey",
    K.USAGE_DATA: "usage data", K.INTERVIEW: "interview", K.EMAIL: "email", K.FIRST_HAND: "first-hand report",
    K.INTERNAL: "internal", K.OTHER: "other",
}


def kind_label(segment: str) -> K | None:
    """Return the kind a segment names outright ('call', 'support ticket', 'Kind: crm'), else None."""
    text = segment.strip(" \t*_[]()").lower()
    if not text or len(text) > 30:
        return None
    found = _LABELS.get(text)
    if found is not None or ":" not in text:
        return found
    label, _, value = text.partition(":")
    return _LABELS.get(" ".join(value.split())) if label.strip() in ("kind", "type", "source") else None


def may_name_kind(text: str) -> bool:
    """Return whether some segment of text could name a kind outright; False means kind_label finds none."""
    lowered = text.lower()
    return any(word in lowered for word in _LABEL_WORDS)


@lru_cache(maxsize=1024)
def kind_from_url(url: str) -> K | None:
    """Return the kind a link's host (and path) points to, else None."""
    match = _URL.match(url)
    if match is None:
        return None
    host, path = match.group("host").lower(), match.group("path").lower()
    if _SELF_HOSTED_DESK.search(host + path):
        return K.SUPPORT_TICKET
    if _SELF_HOSTED_CRM.search(host + path):
        return K.CRM
    for needle, kind in _HOSTS:
        if "/" in needle:
            if needle in host + path:
                return kind
        elif ("." in needle and (host == needle or host.endswith("." + needle))) or (
            "." not in needle and needle in host
        ):
            return kind
    return next((_BRANDS[label] for label in host.split(".") if label in _BRANDS), None)


def kind_from_words(text: str) -> K | None:
    """Return the kind the words of an item suggest: internal opinion first, then the earliest source word."""
    if _INTERNAL.search(text):
        return K.INTERNAL
    match = _WORDS.search(text)
    if match is None or match.lastgroup is None:
        return None
    return K(match.lastgroup)
