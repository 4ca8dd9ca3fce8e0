"""What an outcome change calls for outside the ticket: events, Slack messages and loop-closing comments."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from integration.outbound.allow import AllowList
from integration.store.outbox import OutboxItem
from problemframe.events import Ticket
from problemframe.loop import LoopTarget, loop_comment, loop_marker, loop_target
from problemframe.outcome import OutcomeRecord, OutcomeState
from problemframe.render_markup import tracker_syntax

RESULTS_POSTED = "outcome.results_posted"
REVIEWED = "outcome.reviewed"


@dataclass(frozen=True)
class OutboundConfig:
    """Where the operator lets the service tell people about outcomes."""

    allow: AllowList = field(default_factory=AllowList)
    webhook: bool = False
    slack: bool = False
    hosts: dict[str, str] = field(default_factory=dict)  # tracker -> the host its issues' links carry

    def reaches(self, target: LoopTarget) -> bool:
        """Return whether the target is on a configured tracker's host and in an allowed place."""
        return self.hosts.get(target.tracker) == target.host and self.allow.allows(target)


def host_of(url: str | None) -> str | None:
    """Return the lower-case host of a URL."""
    return (urlsplit(url).hostname or "").lower() or None if url else None


def github_html_host(api_url: str) -> str | None:
    """Return the host of GitHub's web pages for an API URL: api.github.com serves github.com."""
    host = host_of(api_url)
    return "github.com" if host == "api.github.com" else host


def _iso(value: dt.datetime | None) -> str | None:
    return None if value is None else value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def event_data(record: OutcomeRecord, ticket: Ticket | None) -> dict[str, Any]:
    """Return the `data` of an outcome event: the ticket, metric, values, verdict and the customers who asked."""
    metric = record.metric
    return {
        "ticket": {
            "tracker": record.ref.tracker, "container": record.ref.container, "key": record.ref.key,
            "title": ticket.title if ticket else None, "url": ticket.url if ticket else None,
        },
        "metric": {
            "name": metric.name, "baseline": metric.baseline, "target": metric.target,
            "direction": metric.direction.value if metric.direction else None, "unit": metric.unit,
        },
        "shipped_at": _iso(record.shipped_at), "due_at": _iso(record.due_at),
        "observed": record.latest_value(),
        "suggested_verdict": record.suggested.value if record.suggested else None,
        "verdict": record.verdict.value if record.verdict else None,
        "reviewed_by": record.reviewed_by, "reviewed_at": _iso(record.reviewed_at),
        "reviewed_early": record.reviewed_early, "review_note": record.review_note or None,
        "customers": [{"name": c.name, "evidence_url": c.url, "evidence": c.place} for c in record.customers],
    }


def _slack_text(kind: str, record: OutcomeRecord, ticket: Ticket | None) -> str:
    title = (ticket.title if ticket else "") or str(record.ref)
    link = f"<{ticket.url}|{title}>" if ticket and ticket.url else title
    who = ", ".join(c.name for c in record.customers) or "no customer named"
    if kind == REVIEWED and record.verdict is not None:
        early = " (reviewed before the window ended)" if record.reviewed_early else ""
        head = f"Outcome reviewed: {link} — *{record.verdict.value}*{early}"
    else:
        suggested = record.suggested.value if record.suggested else "inconclusive"
        head = f"Outcome results: {link} — observed {record.latest_value()}, suggested *{suggested}*"
    return f"{head}\nAsked for by: {who}"


def _events(before: OutcomeRecord | None, after: OutcomeRecord) -> list[tuple[str, str]]:
    """Return (event type, occurrence) pairs; the occurrence keeps a re-measured result apart from the first."""
    events = []
    moved = before is None or before.state is not after.state or before.measurements != after.measurements
    if after.state is OutcomeState.REVIEW and moved:
        events.append((RESULTS_POSTED, str(len(after.measurements))))
    if after.state is OutcomeState.REVIEWED and (before is None or before.state is not OutcomeState.REVIEWED):
        events.append((REVIEWED, "1"))
    return events


def plan_outbound(
    before: OutcomeRecord | None, after: OutcomeRecord, *, ticket: Ticket | None, config: OutboundConfig,
    now: dt.datetime,
) -> list[OutboxItem]:
    """Return the messages an outcome change calls for, each keyed so it is stored and sent once."""
    items: list[OutboxItem] = []
    ref = str(after.ref)
    for kind, occurrence in _events(before, after):
        if config.webhook:
            payload = {"type": kind, "timestamp": _iso(now), "data": event_data(after, ticket)}
            items.append(OutboxItem(key=f"webhook:{kind}:{ref}:{occurrence}", kind="webhook", payload=payload))
        if config.slack:
            text = _slack_text(kind, after, ticket)
            items.append(OutboxItem(key=f"slack:{kind}:{ref}:{occurrence}", kind="slack", payload={"text": text}))
        if kind != REVIEWED or after.verdict is None:
            continue
        for customer in after.customers:
            target = loop_target(customer.url)
            if target is None or target.ref == after.ref or not config.reaches(target):
                continue
            body = loop_comment(
                reviewed=after.ref, title=ticket.title if ticket else ref, url=ticket.url if ticket else None,
                verdict=after.verdict.value, tracker=target.tracker, syntax=tracker_syntax(target.tracker),
            )
            payload = {
                "target": target.model_dump(), "marker": loop_marker(after.ref, target.tracker), "body": body,
            }
            items.append(OutboxItem(key=f"comment:{ref}->{target.ref}", kind="comment", payload=payload))
    return items
