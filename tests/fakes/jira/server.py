"""The fake Jira served over real HTTP: requests logged, failed as a test scripts, authenticated with the bot's
credentials, checked against the contract and answered by a route."""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl, urlsplit

# Each routes module registers its operations when imported.
from tests.fakes.jira import comments, fields, issues, screens, search, webhooks  # noqa: F401
from tests.fakes.jira.contract import OUTSIDE_SUBSET, Contract, to_v3
from tests.fakes.jira.model import NUMBER, SELECT, TEXTAREA, JiraError, User
from tests.fakes.jira.routes import ROUTES
from tests.fakes.jira.views import JiraViews
from tests.fakes.request_log import LoggedRequest
from tests.fakes.serving import Fault, Handler, Serving

_READ_POSTS = ("/search", "/search/jql")
TIERS = ("none", "weak", "moderate", "strong")
OUTCOMES = ("pending", "review", "met", "partial", "missed", "inconclusive")


def _is_write(request: LoggedRequest) -> bool:
    """Return True for a request that changes state (search by POST is a read)."""
    if request.method == "GET":
        return False
    return not (request.method == "POST" and request.path.endswith(_READ_POSTS))


class FakeJira(JiraViews):
    """The fake server and its state; use as a context manager or call start() and stop()."""

    _serving: Serving | None = None

    # --- life cycle ---------------------------------------------------------------------------------------------

    def start(self) -> FakeJira:
        """Serve on a free port of 127.0.0.1 from a background thread."""
        self._serving = Serving(self, JiraHandler, name="fake-jira")
        return self

    def stop(self) -> None:
        """Stop serving."""
        if self._serving is not None:
            self._serving.stop()
            self._serving = None

    def __enter__(self) -> FakeJira:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        """Return the base URL (what a client passes as `server`)."""
        assert self._serving is not None, "start() the fake first"
        return self._serving.url

    # --- scripted failures and the request log ------------------------------------------------------------------

    def fail_next(
        self,
        method: str,
        path: str,
        status: int,
        *,
        times: int = 1,
        headers: Mapping[str, str] | None = None,
        after: bool = False,
    ) -> None:
        """Answer the next `times` requests whose path matches the regex `path` with `status`.

        With `after`, the request is carried out first and only its answer is lost, as when a connection drops.
        """
        with self._lock:
            body = {"errorMessages": [f"scripted failure {status}"], "errors": {}}
            self._faults.add(method, path, status, headers=headers, body=body, times=times, after=after)

    @property
    def requests(self) -> list[LoggedRequest]:
        """Return the logged requests, oldest first."""
        return self.log.entries()

    def writes(self, since: int = 0) -> list[LoggedRequest]:
        """Return the writes among the requests logged from index `since`."""
        return [request for request in self.log.entries(since) if _is_write(request) and request.status < 400]

    def mark(self) -> int:
        """Return the current position in the request log."""
        return self.log.mark()


class JiraHandler(Handler):
    """One request to the fake Jira: logged, maybe failed as scripted, authenticated, checked and routed."""

    @property
    def jira(self) -> FakeJira:
        return self.server.fake  # type: ignore[attr-defined]

    def do_GET(self) -> None:
        self._serve("GET")

    def do_POST(self) -> None:
        self._serve("POST")

    def do_PUT(self) -> None:
        self._serve("PUT")

    def do_DELETE(self) -> None:
        self._serve("DELETE")

    @property
    def version(self) -> str:
        return "3" if "/rest/api/3/" in self.path else "2"

    def _serve(self, method: str) -> None:
        fake = self.jira
        parts = urlsplit(self.path)
        pairs = parse_qsl(parts.query, keep_blank_values=True)
        query = dict(pairs)
        raw = self.read_body()
        body: Any = None
        logged = fake.log.add(LoggedRequest(method, parts.path, parts.query, time=time.time()))
        status, payload, extra = 500, None, {}
        try:
            if raw:
                try:
                    body = json.loads(raw)
                except ValueError:
                    raise JiraError(400, "Unexpected character: the body is not JSON.") from None
            logged.body = body
            with fake._lock:
                failure = fake._faults.take(method, parts.path)
                if failure is not None and not failure.after:
                    raise _Scripted(failure)
            logged.who = self._authenticate().name
            status, payload = self._dispatch(method, parts.path, pairs, query, body)
            if failure is not None and failure.after:
                raise _Scripted(failure)
        except _Scripted as scripted:
            status, payload, extra = scripted.failure.status, scripted.failure.body, scripted.failure.headers
        except JiraError as exc:
            status, payload = exc.status, exc.body
        logged.status = status
        data = b"" if payload is None else json.dumps(payload).encode()
        headers = {**extra, "Content-Type": "application/json;charset=UTF-8"} if data else extra
        self.reply(status, headers, data)

    def _authenticate(self) -> User:
        """Return the account the credentials belong to (both credentials are the bot's)."""
        fake = self.jira
        header = self.headers.get("Authorization", "")
        basic = "Basic " + base64.b64encode(f"{fake.email}:{fake.api_token}".encode()).decode()
        if header not in (basic, f"Bearer {fake.pat}"):
            raise JiraError(401, "You are not authenticated. Authentication required to perform this operation.")
        return fake.bot

    def _dispatch(
        self, method: str, path: str, pairs: list[tuple[str, str]], query: dict[str, str], body: Any
    ) -> tuple[int, Any]:
        fake = self.jira
        route = ROUTES.find(method, path)
        if route is None:
            fake.violations.append(f"{method} {path}: no such operation in the fake or the contract")
            raise JiraError(404, f"No route for {method} {path}")
        if path.startswith("/rest/api/") and (method, to_v3(path)[0]) not in OUTSIDE_SUBSET:
            headers = {"Authorization": self.headers.get("Authorization", "")}
            problem = Contract.check(method, path, pairs, body, headers)
            if problem:
                fake.violations.append(problem)
        with fake._lock:
            return route.handler(self, route.params, query, body)


class _Scripted(Exception):
    def __init__(self, failure: Fault) -> None:
        super().__init__(failure.status)
        self.failure = failure


def add_problemframe_fields(fake: FakeJira) -> None:
    """Give the fake the custom fields `problemframe setup jira` creates."""
    for name in ("Problem statement", "Customer evidence", "Success metric"):
        fake.add_field(name, TEXTAREA)
    fake.add_field("Evidence score", NUMBER)
    fake.add_field("Evidence strength", SELECT, options=TIERS)
    fake.add_field("Outcome", SELECT, options=OUTCOMES)
