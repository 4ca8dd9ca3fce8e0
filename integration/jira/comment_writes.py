"""Comments on Jira issues: the sticky one found by marker and author and edited in place, one-off ones posted."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from integration.jira.connection import JiraConnection
from integration.jira.issue import COMMENT_LIMIT, has_marker, identity, with_marker
from problemframe.events import TicketRef

log = logging.getLogger(__name__)


def has_comment(site: JiraConnection, ref: TicketRef, first_line: str) -> bool:
    """Return whether the service already left a comment on the issue whose first line is `first_line`."""
    me = site.service_login()
    return any(
        identity(comment.get("author")) == me and str(comment.get("body") or "").split("\n", 1)[0] == first_line
        for comment in site.comments(ref.key)
    )


def sticky(site: JiraConnection, key: str, issue: Mapping[str, Any] | None = None) -> dict[str, Any] | None:
    """Return the service's sticky comment on the issue, or None."""
    me = site.service_login()
    embedded = ((issue or {}).get("fields") or {}).get("comment") or {}
    listed = embedded.get("comments")
    # The issue carries its comments when Jira sent them all; otherwise page through them.
    complete = isinstance(listed, list) and len(listed) >= int(embedded.get("total", len(listed)))
    comments: list[dict[str, Any]] = listed if complete and isinstance(listed, list) else site.comments(key)
    for comment in comments:
        if identity(comment.get("author")) == me and has_marker(comment.get("body")):
            return comment
    return None


def upsert_comment(site: JiraConnection, key: str, body: str, issue: Mapping[str, Any]) -> None:
    """Create or edit the sticky comment: found by its first line (MARKER) and by the service's authorship."""
    body = _fit(with_marker(body))
    existing = sticky(site, key, issue)
    if existing is not None and existing.get("body") == body:
        return
    if site.dry_run:
        log.info("dry run: would %s the sticky comment on %s", "edit" if existing else "post", key)
        return
    attempts = 0

    def create_or_edit() -> None:
        nonlocal attempts
        attempts += 1
        # A retry may follow a request Jira carried out before the answer was lost: look again, never re-post.
        found = existing if attempts == 1 else sticky(site, key)
        if found is None:
            site.client.add_comment(key, body)
        elif found.get("body") != body:
            site.client.comment(key, str(found["id"])).update(body=body)

    what = f"edit comment {existing['id']} on {key}" if existing else f"comment on {key}"
    site.calls.write(what, create_or_edit)


def post_comment(site: JiraConnection, key: str, body: str) -> None:
    """Post a one-off comment."""
    if site.dry_run:
        log.info("dry run: would comment on %s", key)
        return
    text = _fit(body)
    site.calls.write(f"comment on {key}", lambda: site.client.add_comment(key, text))


def _fit(body: str) -> str:
    if len(body) <= COMMENT_LIMIT:
        return body
    note = "\n\n(cut to fit Jira's comment limit)"
    return body[: COMMENT_LIMIT - len(note)] + note
