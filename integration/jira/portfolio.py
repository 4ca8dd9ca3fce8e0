"""Read every issue of a Jira project as tickets, page by page (Cloud token paging or Data Center startAt)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from integration.jira.comments import JIRA_STICKY
from integration.jira.issue import identity, parse_time, text_of, ticket_from_issue
from integration.jira.jql import quote
from integration.jira.tracker import JiraTracker
from integration.sticky import is_sticky
from integration.sticky import same_sticky_body as same_text_of_sticky
from integration.tracker import PermanentTrackerError
from problemframe.events import Ticket, TicketRef
from problemframe.portfolio import StateFilter

PAGE_SIZE = 100
BASE_FIELDS = ("summary", "description", "labels", "status", "resolution", "reporter", "updated", "created", "project")
_STATE_CLAUSES: dict[StateFilter, str] = {
    "open": " AND statusCategory != Done",
    "closed": " AND statusCategory = Done",
    "all": "",
}


@dataclass
class JiraReadStats:
    """What reading cost: search requests made and issues read."""

    pages: int = 0
    tickets: int = 0
    created_at: dict[str, dt.datetime] = field(default_factory=dict)


def project_jql(project: str, state: StateFilter) -> str:
    """Return the JQL for a project's issues in a state, oldest first."""
    return f"project = {quote(project)}{_STATE_CLAUSES[state]} ORDER BY created ASC"


class JiraIssueReader:
    """Iterate a project's issues as tickets, reading the frame from its custom fields or the description."""

    def __init__(self, tracker: JiraTracker, project: str, *, page_size: int = PAGE_SIZE) -> None:
        self.tracker = tracker
        self.project = project
        self.page_size = page_size
        self.stats = JiraReadStats()

    def _search(self, method: Callable[..., Any], jql: str, **arguments: Any) -> dict[str, Any]:
        page = self.tracker.calls.read(
            f"search {self.project}",
            partial(method, jql, maxResults=self.page_size, json_result=True, **arguments),
        )
        self.stats.pages += 1
        if not isinstance(page, dict):
            raise PermanentTrackerError(f"Jira search for {self.project} did not answer with a JSON object")
        return page

    def _pages(self, jql: str, fields: list[str]) -> Iterator[list[dict[str, Any]]]:
        client = self.tracker.client
        if self.tracker.is_cloud:
            # Jira Cloud retired startAt paging of /search; /search/jql pages with nextPageToken.
            # https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-search/
            token: str | None = None
            while True:
                page = self._search(client.enhanced_search_issues, jql, nextPageToken=token, fields=fields)
                yield list(page.get("issues") or [])
                token = page.get("nextPageToken")
                if page.get("isLast", True) or not token:
                    return
        start = 0
        while True:
            page = self._search(client.search_issues, jql, startAt=start, fields=fields)
            issues = list(page.get("issues") or [])
            yield issues
            start += len(issues)
            if not issues or start >= int(page.get("total", 0)):
                return

    def tickets(self, *, state: StateFilter = "open") -> Iterator[Ticket]:
        """Yield the project's issues in a state, oldest first."""
        frame_ids = self.tracker.frame_ids()
        fields = [*BASE_FIELDS, *frame_ids.values()]
        for issues in self._pages(project_jql(self.project, state), fields):
            for raw in issues:
                ticket = ticket_from_issue(raw, server_url=self.tracker.server_url, frame_ids=frame_ids)
                created = parse_time((raw.get("fields") or {}).get("created"))
                if created is not None:
                    self.stats.created_at[ticket.ref.key] = created
                self.stats.tickets += 1
                yield ticket

    def sticky_body(self, ref: TicketRef, *, login: str) -> str | None:
        """Return the body of the service's sticky comment on an issue (marker and author), None when absent."""
        for comment in self.tracker.comments(ref.key):
            body = text_of(comment.get("body"))
            if is_sticky(body, identity(comment.get("author")), login=login, style=JIRA_STICKY):
                return body
        return None


def same_sticky_body(held: str, wanted: str) -> bool:
    """Tell whether a stored sticky comment already says what a rendered one says."""
    return same_text_of_sticky(held, wanted, JIRA_STICKY)
