"""Read Jira's JSON (REST v2 issues, webhook payloads) into the domain's Ticket; no I/O."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qs, urlsplit

from problemframe.events import CloseReason, Ticket, TicketRef, TicketState

FRAME_FIELDS: Mapping[str, str] = {
    "Problem statement": "problem",
    "Customer evidence": "evidence",
    "Success metric": "metric",
}
"""Custom field display name -> key of `Ticket.fields`."""

_NOT_PLANNED = {"won't do", "won't fix", "cannot reproduce", "incomplete", "declined", "obsolete", "rejected"}


def identity(user: Mapping[str, Any] | None) -> str | None:
    """Return a Jira user's stable login: accountId (Cloud), else name/key (Data Center), else the self URL's."""
    if not user:
        return None
    for key in ("accountId", "name", "key"):
        value = user.get(key)
        if isinstance(value, str) and value:
            return value
    query = parse_qs(urlsplit(str(user.get("self", ""))).query)
    for key in ("accountId", "username"):
        if query.get(key):
            return query[key][0]
    return None


def close_reason(resolution: Mapping[str, Any] | None) -> CloseReason:
    """Map a Jira resolution to the domain's close reason (no resolution counts as completed)."""
    name = str((resolution or {}).get("name", "")).strip().lower()
    if name == "duplicate":
        return CloseReason.DUPLICATE
    if name in _NOT_PLANNED:
        return CloseReason.NOT_PLANNED
    return CloseReason.COMPLETED


def is_done(status: Mapping[str, Any] | None) -> bool:
    """Return True when a status belongs to the Done category."""
    return str(((status or {}).get("statusCategory") or {}).get("key", "")) == "done"


def parse_time(value: Any) -> dt.datetime | None:
    """Parse Jira's timestamps: ISO text such as 2017-11-30T12:28:04.304+0300, or epoch milliseconds."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            return dt.datetime.fromtimestamp(value / 1000, tz=dt.UTC)
        except (OverflowError, OSError, ValueError):  # out of the platform's range: not a time Jira sends
            return None
    if isinstance(value, str):
        for pattern in ("%Y-%m-%dT%H:%M:%S.%f%z", "%Y-%m-%dT%H:%M:%S%z"):
            try:
                return dt.datetime.strptime(value, pattern)
            except ValueError:
                continue
    return None


def text_of(value: Any) -> str:
    """Return a field's text: wiki strings as they are, ADF documents flattened, anything else empty."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        if value.get("type") == "text":
            return str(value.get("text", ""))
        joiner = "\n" if value.get("type") == "doc" else ""
        return joiner.join(text_of(child) for child in value.get("content") or [])
    return ""


def ticket_from_issue(raw: Mapping[str, Any], *, server_url: str, frame_ids: Mapping[str, str]) -> Ticket:
    """Build a Ticket from an issue's JSON; `frame_ids` maps problem/evidence/metric to custom field ids."""
    fields: Mapping[str, Any] = raw.get("fields") or {}
    key = str(raw.get("key", ""))
    project = str((fields.get("project") or {}).get("key") or key.rsplit("-", 1)[0])
    frame = {part: text_of(fields.get(field_id)).strip() for part, field_id in frame_ids.items()}
    done = is_done(fields.get("status"))
    return Ticket(
        ref=TicketRef(tracker="jira", container=project, key=key),
        title=str(fields.get("summary") or ""),
        body=text_of(fields.get("description")),
        fields={part: value for part, value in frame.items() if value},
        labels=frozenset(str(label) for label in fields.get("labels") or []),
        issue_type=_name(fields.get("issuetype")),
        votes=_votes(fields.get("votes")),
        state=TicketState.CLOSED if done else TicketState.OPEN,
        close_reason=close_reason(fields.get("resolution")) if done else None,
        url=f"{server_url.rstrip('/')}/browse/{key}" if server_url and key else None,
        author=identity(fields.get("reporter")),
        updated_at=parse_time(fields.get("updated")),
    )


def _name(value: Any) -> str | None:
    name = value.get("name") if isinstance(value, Mapping) else None
    return name if isinstance(name, str) and name else None


def _votes(value: Any) -> int:
    count = value.get("votes") if isinstance(value, Mapping) else None
    return count if isinstance(count, int) and not isinstance(count, bool) and count > 0 else 0
