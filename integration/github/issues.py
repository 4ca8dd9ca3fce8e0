"""Reading GitHub issues: the issue behind a ref, re-read with its last ETag, and the Ticket it shows."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from cachetools import LRUCache
from github import Github
from github.Issue import Issue

from integration.github.calls import Calls
from integration.github.clients import Clients
from integration.github.events import thumbs_up
from integration.tracker import PermanentTrackerError
from problemframe.events import CloseReason, Ticket, TicketRef, TicketState


@dataclass(frozen=True)
class _CachedIssue:
    requester_owner: Github
    issue: Issue


class _IssueCache:
    """The last issues read, kept for their ETags; least recently used ones go first."""

    def __init__(self, capacity: int = 1024) -> None:
        self._entries: LRUCache[TicketRef, _CachedIssue] = LRUCache(maxsize=capacity)
        self._lock = threading.Lock()

    def get(self, ref: TicketRef) -> _CachedIssue | None:
        with self._lock:
            return self._entries.get(ref)

    def put(self, ref: TicketRef, entry: _CachedIssue) -> None:
        with self._lock:
            self._entries[ref] = entry

    def drop(self, ref: TicketRef) -> None:
        with self._lock:
            self._entries.pop(ref, None)


class Issues:
    """The issues of every repository the credential reaches, read through `calls`."""

    def __init__(self, clients: Clients, calls: Calls) -> None:
        self._clients = clients
        self._calls = calls
        self._cache = _IssueCache()

    def client(self, container: str) -> Github:
        """Return the client whose credential reaches a repository."""
        return self._clients.client(container, self._calls.call)

    def lazy(self, ref: TicketRef) -> tuple[Github, Issue]:
        """Return the issue object without reading it (enough to comment on it)."""
        if ref.tracker != "github":
            raise PermanentTrackerError(f"{ref} is not a GitHub issue")
        try:
            number = int(ref.key)
        except ValueError as exc:
            raise PermanentTrackerError(f"{ref}: GitHub issue numbers are integers") from exc
        gh = self.client(ref.container)
        return gh, gh.get_repo(ref.container).get_issue(number)

    def fresh(self, ref: TicketRef) -> tuple[Github, Issue]:
        """Return the issue as GitHub shows it now."""
        gh, issue = self.lazy(ref)
        cached = self._cache.get(ref)
        try:
            if cached is not None:
                # A conditional GET with the last ETag: a 304 costs no rate limit.
                # https://docs.github.com/rest/using-the-rest-api/best-practices-for-using-the-rest-api#use-conditional-requests-if-appropriate
                self._calls.call(
                    cached.requester_owner, cached.issue.update, status_of=lambda changed: 200 if changed else 304
                )
                return gh, cached.issue
            self._calls.call(gh, issue.complete)
        except PermanentTrackerError:
            self._cache.drop(ref)
            raise
        self._cache.put(ref, _CachedIssue(gh, issue))
        return gh, issue

    def ticket(self, ref: TicketRef) -> Ticket:
        """Return the ticket the issue shows now."""
        _, issue = self.fresh(ref)
        state = TicketState.CLOSED if issue.state == "closed" else TicketState.OPEN
        reason = issue.state_reason
        return Ticket(
            ref=ref,
            title=issue.title or "",
            body=issue.body or "",
            labels=frozenset(label.name for label in issue.labels),
            votes=thumbs_up(issue.raw_data.get("reactions")),
            state=state,
            close_reason=CloseReason(reason) if reason in set(CloseReason) else None,
            url=issue.html_url,
            author=issue.user.login if issue.user else None,
            updated_at=issue.updated_at,
        )
