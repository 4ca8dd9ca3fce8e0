"""Closing the loop with the customers who asked: who they are, where their evidence lives, what to tell them."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict

from problemframe.events import TicketRef
from problemframe.model import Evidence, EvidenceKind
from problemframe.render_markup import Syntax
from problemframe.render_text import safe_url

NAME_LIMIT = 200
LOOP_MARKER = "<!-- problemframe:loop {ref} -->"
WIKI_LOOP_MARKER = "{{anchor:problemframe-loop-{ref}}}"

_GITHUB_ISSUE = re.compile(r"^/(?P<owner>[A-Za-z0-9_.-]+)/(?P<repo>[A-Za-z0-9_.-]+)/issues/(?P<number>[0-9]+)/?$")
_JIRA_ISSUE = re.compile(r"^(?:/.*)?/browse/(?P<key>(?P<project>[A-Z][A-Z0-9_]*)-[0-9]+)/?$")
_PLACES = {
    "intercom": "Intercom conversation", "zendesk": "Zendesk ticket", "gong": "Gong call",
    "salesforce": "Salesforce record", "force.com": "Salesforce record", "hubspot": "HubSpot record",
    "freshdesk": "Freshdesk ticket", "slack.com": "Slack thread", "atlassian.net": "Jira issue",
    "github": "GitHub issue",
}
_KINDS = {
    EvidenceKind.SUPPORT_TICKET: "support ticket", EvidenceKind.CALL: "call", EvidenceKind.CRM: "CRM record",
    EvidenceKind.CHAT: "chat", EvidenceKind.SURVEY: "survey", EvidenceKind.USAGE_DATA: "usage data",
    EvidenceKind.INTERVIEW: "interview", EvidenceKind.EMAIL: "email", EvidenceKind.INTERNAL: "internal note",
    EvidenceKind.OTHER: "evidence",
}


class CitedCustomer(BaseModel):
    """A customer the ticket cites, with the link to their evidence and what kind of place it is."""

    model_config = ConfigDict(frozen=True)

    name: str
    url: str | None = None
    place: str = "evidence"


class LoopTarget(BaseModel):
    """A ticket in a tracker the service may reach, cited as evidence (a GitHub issue, a Jira issue)."""

    model_config = ConfigDict(frozen=True)

    tracker: str
    host: str
    container: str
    key: str

    @property
    def ref(self) -> TicketRef:
        """Return the ticket's reference."""
        return TicketRef(tracker=self.tracker, container=self.container, key=self.key)


def place_of(item: Evidence) -> str:
    """Name where a piece of evidence lives, e.g. 'Intercom conversation', from its link or else its kind."""
    host = (urlsplit(item.url).hostname or "") if item.url else ""
    if item.url and _JIRA_ISSUE.match(urlsplit(item.url).path):
        return "Jira issue"
    for needle, place in _PLACES.items():
        if needle in host:
            return place
    return _KINDS.get(item.kind, "evidence")


def cited_customers(evidence: tuple[Evidence, ...] | list[Evidence]) -> tuple[CitedCustomer, ...]:
    """Return each named customer once, with the first link given for them."""
    found: dict[str, CitedCustomer] = {}
    for item in evidence:
        if not item.customer or item.kind is EvidenceKind.INTERNAL:
            continue
        key = item.customer.casefold()
        if key not in found or (found[key].url is None and item.url):
            found[key] = CitedCustomer(name=item.customer, url=safe_url(item.url), place=place_of(item))
    return tuple(found.values())


def tell_them(customers: tuple[CitedCustomer, ...], syntax: Syntax) -> list[str]:
    """Render the 'Tell them' checklist of the results comment; empty when no customer is named."""
    if not customers:
        return []
    wiki = syntax.heading.startswith("h")
    box = "☐ " if wiki else "[ ] "
    lines = [syntax.strong("Tell them:")]
    for customer in customers:
        name = syntax.escape(customer.name, NAME_LIMIT)
        where = syntax.link(customer.place, customer.url) if customer.url else customer.place
        lines.append(f"{syntax.bullet(0)}{box}{name} — {where}")
    return lines


def loop_target(url: str | None) -> LoopTarget | None:
    """Return the GitHub or Jira issue a link points at, or None for any other place."""
    safe = safe_url(url)
    if safe is None:
        return None
    parts = urlsplit(safe)
    host = (parts.hostname or "").lower()
    github = _GITHUB_ISSUE.match(parts.path)
    if github is not None and "/browse/" not in parts.path:
        return LoopTarget(tracker="github", host=host, container=f"{github['owner']}/{github['repo']}",
                          key=github["number"])
    jira = _JIRA_ISSUE.match(parts.path)
    if jira is not None:
        return LoopTarget(tracker="jira", host=host, container=jira["project"], key=jira["key"])
    return None


def loop_marker(reviewed: TicketRef, tracker: str) -> str:
    """Return the first line that marks a loop-closing comment about `reviewed` (one per cited ticket)."""
    if tracker == "jira":
        return WIKI_LOOP_MARKER.format(ref=re.sub(r"[^A-Za-z0-9]+", "-", str(reviewed)).strip("-"))
    return LOOP_MARKER.format(ref=re.sub(r"[^A-Za-z0-9/#_.-]+", "-", str(reviewed)))


def loop_comment(*, reviewed: TicketRef, title: str, url: str | None, verdict: str, tracker: str,
                 syntax: Syntax) -> str:
    """Render the short comment left on a cited ticket once the change it asked for has been reviewed."""
    name = syntax.escape(title, NAME_LIMIT) or str(reviewed)
    link = safe_url(url)
    shown = syntax.link(name, link) if link else name
    return "\n".join([
        loop_marker(reviewed, tracker),
        f"The change this was cited for, {shown}, has shipped and its outcome was reviewed:"
        f" {syntax.strong(verdict)}.",
        "",
        "Thank you for raising it.",
    ])
