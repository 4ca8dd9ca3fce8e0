"""Data introduced by a line that names where it was pulled: 'Numbers (Looker › search-health, 30 days):'.

Analysts paste what customers do as a list or a table under one line naming the tool, query or experiment it came
from; support leads do the same with their help desk's reports ('Zendesk data (Explore → Tickets by category):').
The line and the figures under it together are counted at their source, though no row names a customer. What the
team's own systems measure (latency, CPU, error rates) is not how customers behave, and stays out.
"""

from __future__ import annotations

import re

from problemframe.model import Evidence, EvidenceKind
from problemframe.parse.kinds import kind_from_url
from problemframe.parse.text import find_links, squash

# Where product data is pulled from: an analytics tool, a saved query, an experiment's readout.
_PRODUCT_DATA = re.compile(
    r"\b(?:looker|amplitude|mixpanel|posthog|heap analytics|pendo|metabase|tableau|mode analytics|redash|superset"
    r"|google analytics|ga4"
    r"|analytics|funnel|cohort|experiment|a/b test|saved query|event export|bigquery|snowflake)\b",
    re.IGNORECASE,
)
# A help desk's own reports: 'Zendesk data (Explore → "Tickets by category", Jan–Jun):' over a table of tickets.
_DESK_DATA = re.compile(r"\b(?:zendesk|intercom|freshdesk|help ?scout|gorgias|jira service management|explore"
                        r"|support data|ticket data|tickets by)\b", re.IGNORECASE)
# What customers do, counted: sessions, users, orders, conversion; figures beside such words.
_BEHAVIOUR = re.compile(
    r"\b(?:sessions?|users?|visitors?|customers?|accounts?|workspaces?|buyers?|shoppers?|orders?|checkouts?|sign-?ups?"
    r"|installs?|searches|conversions?|convert\w*|retention|retained|churn\w*|drop-?off|bounce\w*|clicks?|views?"
    r"|active|opened|completed|abandon\w*|purchases?|bookings?|trials?|subscribers?|players?|members?|tickets?"
    r"|contacts|conversations|complaints)\b",
    re.IGNORECASE,
)
_IDENTIFIERS = re.compile(r"(?:^|\|)\s*[\w ]{0,20}?(?:\b|_)(?:id|ids|uuid)\s*(?:\||$)", re.IGNORECASE)
_RECORD = re.compile(r"#\d{3,}|\b[A-Z]{2,6}-\d{3,}\b")
_URL = re.compile(r"https?://\S+")
_FIGURE = re.compile(r"\d[\d,.\u202f]*\s?%|\b\d{1,3}(?:[,\u202f]\d{3})+\b|\b\d{2,}\b")


def usage_lead_in(lead: str, following: list[str]) -> Evidence | None:
    """Return usage data (or a help desk's counts) for a line naming where data came from and the figures under it."""
    lead = lead.rstrip().rsplit("\n", 1)[-1]
    links = find_links(lead)
    url = next((link.url for link in links if kind_from_url(link.url) is EvidenceKind.USAGE_DATA), None)
    desk = _DESK_DATA.search(lead) is not None
    if url is None and not desk and not _PRODUCT_DATA.search(lead):
        return None
    if any(line.lstrip().startswith(("**", "__")) or _RECORD.search(line) for line in following):
        # '- **Giulia Ferraro** — #88120': customers listed with their tickets are read one by one, not as a count.
        return None
    if _IDENTIFIERS.search(following[0]):
        # A table of account ids from a query lists who might be affected; it counts nothing they did.
        return None
    shown = squash(f"{lead.rstrip(' :*_')}: {'; '.join(following)}")[:300]
    figures = _FIGURE.findall(_URL.sub(" ", shown[len(lead):]))
    # Figures linked at a product analytics tool are what customers do, in whatever language the rows are named.
    if not figures or not (url or _BEHAVIOUR.search(shown)):
        return None
    url = url or next((link.url for link in links), None)
    kind = EvidenceKind.SUPPORT_TICKET if desk else EvidenceKind.USAGE_DATA
    return Evidence(url=url, kind=kind, count=_largest(figures), text=shown)


def _largest(figures: list[str]) -> int | None:
    """Return the largest whole figure listed, the count a reader would cite."""
    values = []
    for figure in figures:
        digits = figure.rstrip(" %").replace(",", "").replace("\u202f", "")
        try:
            values.append(int(float(digits)))
        except ValueError:
            continue
    return max(values) if values else None


_LISTED = re.compile(r"^\s*(?:\||[-*+]\s|\d{1,3}[.)]\s)")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}")


def section_lead_ins(text: str) -> tuple[list[Evidence], str]:
    """Return the data lead-ins of an evidence section as items, and the section without their lines.

    Under an evidence heading every line is read as an item; a table of monthly counts under 'Zendesk data (Explore):'
    is one count at its source, not rows of customers.
    """
    if ":" not in text:
        return [], text
    lines = text.split("\n")
    found: list[Evidence] = []
    dropped: set[int] = set()
    for number, line in enumerate(lines):
        if not line.rstrip(" *_").endswith(":") or _LISTED.match(line):
            continue
        below = number + 1
        while below < len(lines) and not lines[below].strip():
            below += 1
        listed: list[int] = []
        while below < len(lines) and _LISTED.match(lines[below]):
            listed.append(below)
            below += 1
        rows = [" | ".join(cell.strip() for cell in lines[row].strip(" |").split("|")) for row in listed
                if not _TABLE_RULE.match(lines[row])]
        item = usage_lead_in(line, rows) if rows else None
        if item is not None:
            found.append(item)
            dropped.update([number, *listed])
    if not found:
        return [], text
    return found, "\n".join(line for number, line in enumerate(lines) if number not in dropped)
