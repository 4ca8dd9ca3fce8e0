"""One Jira site over the `jira` library: the connection, the service account, and the reads the adapter makes."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import urlencode

from jira import JIRA

from integration.jira.calls import Caller, JiraRefused
from integration.jira.issue import identity
from integration.tracker import NotConfigured, PermanentTrackerError, Written
from problemframe.events import Permission

log = logging.getLogger(__name__)

_COMMENT_PAGE = 100


def connector(url: str, *, email: str | None, api_token: str | None, pat: str | None) -> Callable[[], JIRA]:
    """Return how to connect with Cloud basic auth (email + API token) or a Data Center personal access token."""
    if email and api_token:
        auth: dict[str, Any] = {"basic_auth": (email, api_token)}
    elif pat:
        auth = {"token_auth": pat}
    else:
        raise NotConfigured(
            "Jira needs PROBLEMFRAME_JIRA_EMAIL + PROBLEMFRAME_JIRA_API_TOKEN, or PROBLEMFRAME_JIRA_PAT"
        )

    def connect() -> JIRA:
        # max_retries=0: retries and Retry-After are handled by Caller (see its docstring for why).
        return JIRA(server=url, max_retries=0, timeout=(10, 30), **auth)

    return connect


class JiraConnection:
    """A Jira site reached through `calls`, which paces, retries and counts every request."""

    def __init__(self, connect: Callable[[], JIRA], *, server_url: str, dry_run: bool, calls: Caller) -> None:
        self._connect = connect
        self._client: JIRA | None = None
        self.server_url = server_url.rstrip("/")
        self.dry_run = dry_run
        self.calls = calls
        self._me: dict[str, Any] | None = None

    @property
    def client(self) -> JIRA:
        """Return the connected client (the first use asks the server for its version)."""
        if self._client is None:
            self._client = self.calls.read("connect", self._connect)
        return self._client

    @property
    def is_cloud(self) -> bool:
        """Return True for Jira Cloud (accounts by accountId), False for Data Center (by name)."""
        return self.client.deploymentType == "Cloud"

    def myself(self) -> dict[str, Any]:
        """Return the service account as Jira describes it."""
        if self._me is None:
            self._me = self.calls.read("myself", self.client.myself)
        return self._me

    def service_login(self) -> str:
        """Return the accountId (Cloud) or user name (Data Center) the service writes as."""
        login = identity(self.myself())
        if login is None:
            raise PermanentTrackerError("Jira did not say who the service account is (GET /myself)")
        return login

    def issue_json(self, key: str) -> dict[str, Any]:
        """Return an issue's JSON (REST v2: descriptions as wiki markup)."""
        issue = self.calls.read(f"GET issue {key}", lambda: self.client.issue(key))
        return dict(issue.raw)

    def comments(self, key: str) -> list[dict[str, Any]]:
        """Return every comment of an issue, page by page."""
        found: list[dict[str, Any]] = []
        while True:

            def page_from(start: int = len(found)) -> list[Any]:
                return list(self.client.comments(key, start_at=start, max_results=_COMMENT_PAGE))

            page = self.calls.read(f"GET comments {key}", page_from)
            found.extend(dict(comment.raw) for comment in page)
            if len(page) < _COMMENT_PAGE:
                return found

    def permission(self, key: str, login: str) -> Permission:
        """Return WRITE when Jira lets the person (accountId or user name) edit the issue, else NONE.

        Webhooks do not say what the commenter may do, so Jira is asked (Find users with permissions):
        https://developer.atlassian.com/cloud/jira/platform/rest/v2/api-group-user-search/#api-rest-api-2-user-permission-search-get
        """
        who = "accountId" if self.is_cloud else "username"
        query = urlencode({"permissions": "EDIT_ISSUES", "issueKey": key, who: login})
        try:
            found = self.rest("GET", f"user/permission/search?{query}", write=False)
        except JiraRefused as exc:
            log.warning("cannot tell whether %s may edit %s, so treating them as a reader: %s", login, key, exc)
            return Permission.NONE
        allowed = {identity(user) for user in found or [] if isinstance(user, dict)}
        return Permission.WRITE if login in allowed else Permission.NONE

    def transitions(self, key: str) -> list[dict[str, Any]]:
        """Return the transitions the service account may make on an issue now."""
        return list(self.calls.read(f"GET transitions {key}", lambda: self.client.transitions(key)))

    def rest(self, method: str, path: str, body: Any = None, *, write: bool, written: Sequence[Written] = ()) -> Any:
        """Call a REST path the library has no method for (field contexts, screens, admin webhooks).

        `path` is relative to the site (`/rest/webhooks/1.0/webhook`) or, without a leading slash, to REST v2.
        The library's session is reused so authentication and its retry setting stay in one place. A write tells
        `written`, the changes it makes to a ticket, once it succeeded.
        """
        url = f"{self.server_url}{path}" if path.startswith("/") else f"{self.server_url}/rest/api/2/{path}"
        data = None if body is None else json.dumps(body)

        def call() -> Any:
            response = self.client._session.request(method, url, data=data)
            return response.json() if response.content else None

        if write:
            return self.calls.write(f"{method} {path}", call, written=written)
        return self.calls.read(f"{method} {path}", call)
