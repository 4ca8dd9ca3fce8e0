"""Whether evidence can be looked up: a link, a record's number, a figure counted at its source, several voices."""

from __future__ import annotations

import re
from collections.abc import Sequence

from problemframe.model import Evidence, EvidenceKind
from problemframe.policy import EvidenceWeights

# A record someone can look up, though not linked: 'Zendesk ticket #88412', 'SUP-20931', 'case 00231877', 'HubSpot'.
_ON_RECORD = re.compile(r"\b[A-Z]{2,6}-\d{3,}\b|#\s?\d{3,}|\bINC\d{5,}|\b\d{6,}\b|\b(?i:zendesk|intercom|freshdesk"
                        r"|salesforce|sfdc|hubspot|gong|chorus|servicenow|help ?scout)\b"
                        # Front the shared inbox, not a front desk or the front end.
                        r"|\bFront\b(?![ -](?i:desk|line|end|door|office|of|page|counter|row|and))")
# The number of a record alone, without the name of the desk: 'SUP-4411', 'case #48213', 'ticket 00231877'.
# 'SUP-123' and 'XXX-0000' in a template's help are examples, not records.
# A bare '#112' is as often a survey respondent or an issue: a number after '#' is a record where a desk names it.
_RECORD_NUMBER = re.compile(
    r"(?:\b[A-Z]{2,6}-|\bINC|(?i:\b(?:case|ticket|request|zendesk|zd|intercom|freshdesk|help ?scout|jsm|servicenow"
    # 'ticket n° 22914', 'ticket n. 18327': the number sign as French and Italian write it.
    r"|conversation|chat|tiket|ärende|caso|chamado|zgłoszeni[ea])[\s:*_]{0,4}(?:#|n[°º.])?\s?))"
    r"(?!(?:1234?5?6?|0+)\b)"
    r"(?:(?<=[-#°º])\d{3,}|(?<=[#°º.] )\d{3,}|\d{5,})\b")
# Where product data is measured: 'per Amplitude', 'in Looker', 'our analytics', 'the events table', a query.
_MEASURED_IN = re.compile(r"(?i:amplitude|mixpanel|looker|metabase|tableau|power ?bi|posthog|heap|pendo|fullstory"
                          r"|hotjar|google analytics|\bga4?\b|segment|snowflake|bigquery|redshift|redash|superset"
                          r"|datadog|grafana|kibana|new relic|sentry|crashlytics|firebase"
                          r"|app store connect|play console"
                          r"|analytic\w*|telemetr\w*|dashboard\w*|quer(?:y|ies)|\bsql\b|database|\bdb\b|\bdata\b"
                          r"|\blogs?\b|events?|funnel\w*|report\w*|export\w*|warehouse|cohort\w*|\bbi\b|stats?"
                          r"|statisti\w*|measured|tracked|tracking|instrument\w*|auswertung|daten|données|datos|dados"
                          r"|dati|gegevens|statistik\w*|tilasto\w*|dane|veri)")
# Where a figure is counted: a help desk, analytics, a survey, a CRM, calls or interviews, not a hunch or a vote.
_COUNTED_KINDS = frozenset({EvidenceKind.SUPPORT_TICKET, EvidenceKind.USAGE_DATA, EvidenceKind.SURVEY,
                            EvidenceKind.CHAT, EvidenceKind.CRM, EvidenceKind.CALL, EvidenceKind.INTERVIEW,
                            EvidenceKind.EMAIL})


def counted_at_source(item: Evidence, count: int, weights: EvidenceWeights) -> bool:
    """Return whether an item's figure was counted where evidence lives and is written out in its words."""
    if count < weights.counted_figure_min or item.kind not in _COUNTED_KINDS:
        return False
    if item.kind is EvidenceKind.USAGE_DATA and not item.url and _MEASURED_IN.search(item.text) is None:
        # 'Friday and Saturday are 80 % of our bookings': a share told with no place it was measured is a say-so.
        return False
    # '37 👍 on #802' counts votes, which anyone can add: a reaction is a signal, not a count at a source.
    return _written(count, item.text, votes=False)


def _written(count: int, text: str, *, votes: bool = True) -> bool:
    """Return whether a figure stands in digits in the words: 'dozens of tickets' reads as 24 but was not counted."""
    digits = text.replace(",", "").replace(".", "").replace("\u202f", "")
    not_votes = "" if votes else r"(?!\s*(?:x\s*)?(?:👍|:\+1:|\+1|votes|upvotes|reactions|thumbs))"
    # '18.4 % of sessions' reads as 18: a share measured to the decimal was counted, not guessed.
    return re.search(rf"(?<!\d){count}(?!\d)" + not_votes, digits) is not None or re.search(
        rf"(?<![\d.,]){count}[.,]\d{{1,2}}\s?%", text) is not None


def record_number(item: Evidence) -> str | None:
    """Return the number an unlinked item is on record under ('Linked request: SUP-4411'), else None."""
    if item.url:
        return None
    found = _RECORD_NUMBER.search(item.text)
    # '*Zendesk:* #48213' is shown as 'Zendesk #48213': the field's marks are no part of the number.
    return " ".join(re.sub(r"[:*_]+(?=\s|#)", " ", found.group(0)).split()) if found else None


def checkable(items: Sequence[Evidence], *, customers: int, revenue: bool, weights: EvidenceWeights) -> bool:
    """Return whether someone could check the evidence: several customers or reports, revenue, a link, a record or a
    count."""
    reports = sum(item.reports for item in items)
    # A user's own report that another user confirms with their own case is two voices, each on the tracker.
    confirmed = reports >= weights.confirming_reports and any(item.kind is EvidenceKind.FIRST_HAND for item in items)
    if customers >= 2 or revenue or reports >= 2 or confirmed:
        return True
    # 'Harlow Dental has 40 seats blocked': a named customer's own figure can be checked with them; a figure in a
    # line that names no one ('employers want to book a team of 40', '👍 14') checks nothing about the customer named
    # elsewhere.
    return any(_looked_up(item, weights) or (item.customer and item.count and item.count >= 2 and _written(
        item.count, item.text)) for item in items)


def sourced(items: Sequence[Evidence], weights: EvidenceWeights) -> bool:
    """Return whether any item can be looked up on its own: a link, a record, revenue or a figure counted at source."""
    return any(item.arr or _looked_up(item, weights) for item in items)


def _looked_up(item: Evidence, weights: EvidenceWeights) -> bool:
    """Return whether one item says where to look it up: a link, a record, or a figure counted at its source."""
    # A customer's email pasted into the ticket, in their own words: the ticket itself holds the record.
    pasted_email = item.kind is EvidenceKind.EMAIL and bool(item.customer) and bool(item.quote)
    return bool(item.url or pasted_email or _ON_RECORD.search(item.text) or (
        item.count and counted_at_source(item, item.count, weights)))
