"""Comments on Jira issues: the shared sticky comment over Jira's calls, one-off comments, both fitted to the limit."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from integration.jira.comments import JIRA_STICKY
from integration.jira.connection import JiraConnection
from integration.jira.issue import identity, text_of
from integration.sticky import find_sticky, fit, has_first_line, same_text, upsert_sticky
from integration.tracker import Written
from problemframe.events import TicketRef

log = logging.getLogger(__name__)
Comment = dict[str, Any]


class _IssueThread:
    """One issue's comments for the shared sticky comment code."""

    def __init__(self, site: JiraConnection, key: str, issue: Mapping[str, Any] | None = None) -> None:
        self._site = site
        self._key = key
        self._issue = issue

    def comments(self) -> Sequence[Comment]:
        embedded = ((self._issue or {}).get("fields") or {}).get("comment") or {}
        listed = embedded.get("comments")
        # The issue carries its comments when Jira sent them all; otherwise page through them.
        if isinstance(listed, list) and len(listed) >= int(embedded.get("total", len(listed))):
            return listed
        return self._site.comments(self._key)

    def author(self, comment: Comment) -> str | None:
        return identity(comment.get("author"))

    def text(self, comment: Comment) -> str:
        return text_of(comment.get("body"))

    def create(self, body: str) -> None:
        self._write(None, body)

    def edit(self, comment: Comment, body: str) -> None:
        self._write(comment, body)

    def _write(self, found: Comment | None, body: str) -> None:
        told = Written(self._key, "comment", "updated" if found else "created")
        if self._site.dry_run:
            log.info("dry run: would %s the sticky comment on %s", "edit" if found else "post", self._key)
            self._site.calls.tell([told])
            return
        attempts = 0

        def create_or_edit() -> None:
            nonlocal attempts
            attempts += 1
            # A retry may follow a request Jira carried out before the answer was lost: look again, never re-post.
            current = found if attempts == 1 else _sticky(self._site, self._key)
            if current is None:
                self._site.client.add_comment(self._key, body)
            elif not same_text(self.text(current), body):
                self._site.client.comment(self._key, str(current["id"])).update(body=body)

        what = f"edit comment {found['id']} on {self._key}" if found else f"comment on {self._key}"
        self._site.calls.write(what, create_or_edit, written=[told])


def _sticky(site: JiraConnection, key: str) -> Comment | None:
    thread = _IssueThread(site, key)
    login = site.service_login()
    return find_sticky(thread.comments(), login=login, style=JIRA_STICKY, author=thread.author, text=thread.text)


def has_comment(site: JiraConnection, ref: TicketRef, first_line: str) -> bool:
    """Return whether the service already left a comment on the issue whose first line is `first_line`."""
    me = site.service_login()
    return has_first_line(
        site.comments(ref.key), first_line, login=me,
        author=lambda c: identity(c.get("author")), text=lambda c: str(c.get("body") or ""),
    )


def upsert_comment(site: JiraConnection, key: str, body: str, issue: Mapping[str, Any]) -> None:
    """Create or edit the sticky comment: found by its first line (MARKER) and by the service's authorship."""
    upsert_sticky(_IssueThread(site, key, issue), body, login=site.service_login(), style=JIRA_STICKY)


def post_comment(site: JiraConnection, key: str, body: str) -> None:
    """Post a one-off comment."""
    told = Written(key, "comment", "posted")
    if site.dry_run:
        log.info("dry run: would comment on %s", key)
        site.calls.tell([told])
        return
    text = fit(body, JIRA_STICKY)
    site.calls.write(f"comment on {key}", lambda: site.client.add_comment(key, text), written=[told])
