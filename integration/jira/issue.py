"""Read Jira's JSON (REST v2 issues, webhook payloads) into the domain's Ticket; no I/O."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qs, urlsplit

from problemframe.events import CloseReason, Ticket, TicketRef, TicketState
from problemframe.render import JIRA_COMMENT_LIMIT, WIKI_MARKER
from problemframe.render import MARKER as HTML_MARKER

FRAME_FIELDS: Mapping[str, str] = {
    "Problem statement": "problem",
    "Customer evidence": "evidence",
    "Success metric": "metric",
}
"""Custom field display name -> key of `Ticket.fields`."""

MARKER = WIKI_MARKER
"""First line of the sticky comment.

Jira wiki markup shows an HTML comment such as `<!-- problemframe -->` as literal text, while the `{anchor}` macro
renders as an invisible link target (https://jira.atlassian.com/secure/WikiRendererHelpAction.jspa?section=all),
so the marker stays out of sight. The comment is recognised by this marker *and* by its author being the service's
own account, so a person quoting the marker cannot take the comment over.
"""

COMMENT_LIMIT = JIRA_COMMENT_LIMIT

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


def with_marker(body: str) -> str:
    """Return the sticky comment body beginning with the Jira marker (replacing a leading HTML marker)."""
    lines = body.split("\n", 1)
    if lines[0].strip() in (MARKER, HTML_MARKER):
        rest = lines[1] if len(lines) > 1 else ""
        return f"{MARKER}\n{rest}"
    return f"{MARKER}\n{body}"


def has_marker(body: Any) -> bool:
    """Return True when a comment body begins with the sticky marker."""
    first = text_of(body).lstrip().split("\n", 1)[0].strip()
    return first in (MARKER, HTML_MARKER)
