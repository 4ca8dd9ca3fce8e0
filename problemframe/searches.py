"""Saved searches per evidence tier, linked from the checklist so PMs can jump to the list they filter."""

from __future__ import annotations

from urllib.parse import quote, quote_plus

from problemframe.events import Ticket
from problemframe.evidence import Tier
from problemframe.policy import Policy


def saved_searches(ticket: Ticket, *, policy: Policy) -> dict[str, str]:
    """Return tier -> URL of the open tickets with that tier's label, derived from the ticket's own URL."""
    url = ticket.url or ""
    if ticket.ref.tracker == "github" and "/issues/" in url:
        base = url.split("/issues/")[0] + "/issues?q="
        return {tier.value: base + quote_plus(f"is:open label:{policy.labels.evidence(tier.value)}") for tier in Tier}
    if ticket.ref.tracker == "jira" and "/browse/" in url:
        base = url.split("/browse/")[0] + "/issues/?jql="
        project = ticket.ref.container
        jql = 'project = "{project}" AND labels = "{label}" AND statusCategory != Done'
        return {
            tier.value: base + quote(jql.format(project=project, label=policy.labels.evidence(tier.value)))
            for tier in Tier
        }
    return {}
