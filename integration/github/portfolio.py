"""Read every issue of a GitHub repository as tickets, page by page, with conditional requests."""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from github import Github
from github.Requester import Requester

from integration.github.calls import Calls, RetryPolicy
from integration.github.comments import GITHUB_STICKY
from integration.github.events import _ticket, _time
from integration.sticky import is_sticky
from integration.sticky import same_sticky_body as same_text_of_sticky
from problemframe.events import Ticket, TicketRef
from problemframe.portfolio import StateFilter

PAGE_SIZE = 100  # the largest page GitHub serves: fewest requests
NOT_MODIFIED = 304


@dataclass
class CachedPage:
    """A page as last served: its ETag, its items and the link to the next page."""

    etag: str
    items: list[dict[str, Any]]
    next_url: str | None


class EtagCache:
    """Pages by URL with their ETags, kept in a JSON file so that the next run can ask 'changed since?'.

    A 304 answer does not count against GitHub's primary rate limit:
    https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api#use-conditional-requests-if-appropriate
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self._pages: dict[str, CachedPage] = {}
        if path is not None and path.exists():
            raw = json.loads(path.read_text(encoding="utf-8"))
            self._pages = {url: CachedPage(**page) for url, page in raw.items()}

    def get(self, url: str) -> CachedPage | None:
        """Return the cached page for a URL."""
        return self._pages.get(url)

    def put(self, url: str, page: CachedPage) -> None:
        """Remember a page."""
        self._pages[url] = page

    def save(self) -> None:
        """Write the cache to its file atomically (nothing happens for an in-memory cache)."""
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = {url: vars(page) for url, page in self._pages.items()}
        handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=self.path.name, suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(data, out)
        Path(temporary).replace(self.path)


@dataclass
class ReadStats:
    """What reading cost: pages requested, pages answered 304, pull requests skipped."""

    pages: int = 0
    not_modified: int = 0
    pull_requests: int = 0
    tickets: int = 0
    created_at: dict[str, dt.datetime] = field(default_factory=dict)


def _next_link(headers: dict[str, Any]) -> str | None:
    for part in str(headers.get("link", "")).split(","):
        url, _, rel = part.partition(";")
        if 'rel="next"' in rel:
            return url.strip().strip("<>")
    return None


class GitHubIssueReader:
    """Iterate a repository's issues (never its pull requests) as tickets.

    PyGithub's `get_issues` gives no access to response status or ETags, so pages are fetched through its
    `Requester` (same authentication, retries and rate-limit handling) with `If-None-Match` added by hand.
    """

    def __init__(
        self,
        client: Github,
        repo: str,
        *,
        cache: EtagCache | None = None,
        page_size: int = PAGE_SIZE,
        calls: Calls | None = None,
    ) -> None:
        self._client = client
        self._requester: Requester = client.requester
        self._calls = calls or Calls(clock=time.time, sleep=time.sleep, retry=RetryPolicy(), on_response=None)
        self.repo = repo
        self.cache = cache if cache is not None else EtagCache()
        self.page_size = page_size
        self.stats = ReadStats()

    def _fetch(self, url: str, parameters: dict[str, Any] | None, key: str) -> tuple[list[dict[str, Any]], str | None]:
        cached = self.cache.get(key)
        headers = {"If-None-Match": cached.etag} if cached else {}
        status, response_headers, body = self._requester.requestJson("GET", url, parameters, headers)
        self.stats.pages += 1
        if status == NOT_MODIFIED and cached is not None:
            self.stats.not_modified += 1
            return cached.items, cached.next_url
        if status >= 400:
            data = json.loads(body) if body.strip().startswith("{") else {"message": body}
            raise self._requester.createException(status, response_headers, data)
        items = json.loads(body)
        next_url = _next_link(response_headers)
        etag = response_headers.get("etag")
        if etag:
            self.cache.put(key, CachedPage(etag=str(etag), items=items, next_url=next_url))
        return items, next_url

    def _get(self, url: str, parameters: dict[str, Any] | None) -> tuple[list[dict[str, Any]], str | None]:
        key = url if parameters is None else url + "?" + urlencode(sorted(parameters.items()))
        return self._calls.retrying(
            lambda: self._calls.call(self._client, lambda: self._fetch(url, parameters, key)), what=f"GET {key}"
        )

    def tickets(self, *, state: StateFilter = "open") -> Iterator[Ticket]:
        """Yield the repository's issues, oldest first, following GitHub's `Link: rel="next"` pages."""
        url: str | None = f"/repos/{self.repo}/issues"
        parameters: dict[str, Any] | None = {
            "state": state, "per_page": self.page_size, "sort": "created", "direction": "asc",
        }
        repository = {"full_name": self.repo}
        while url is not None:
            items, url = self._get(url, parameters)
            parameters = None  # the next link carries every parameter
            for item in items:
                if item.get("pull_request"):
                    self.stats.pull_requests += 1
                    continue
                ticket = _ticket(item, repository)
                created = _time(item.get("created_at"))
                if created is not None:
                    self.stats.created_at[ticket.ref.key] = created
                self.stats.tickets += 1
                yield ticket
        self.cache.save()

    def sticky_body(self, ref: TicketRef, *, login: str) -> str | None:
        """Return the body of the service's sticky comment on an issue (marker and author), None when absent."""
        issue = self._client.get_repo(ref.container).get_issue(int(ref.key))

        def find() -> str | None:
            for comment in issue.get_comments():
                if is_sticky(comment.body, comment.user.login, login=login, style=GITHUB_STICKY):
                    return str(comment.body)
            return None

        return self._calls.retrying(lambda: self._calls.call(self._client, find), what=f"comments of {ref}")


def same_sticky_body(held: str, wanted: str) -> bool:
    """Tell whether a stored sticky comment already says what a rendered one says."""
    return same_text_of_sticky(held, wanted, GITHUB_STICKY)
