"""The fake GitHub served over real HTTP: every request checked against GitHub's OpenAPI description, authenticated,
limited as GitHub limits it, answered by a route (or by a fault a test scripted) and logged."""

from __future__ import annotations

import hashlib
import json
import re
import time
import urllib.parse
from collections.abc import Callable, Iterator, Mapping
from http import HTTPStatus
from pathlib import Path
from typing import Any

import pytest

# Each routes module registers its operations when imported.
from tests.fakes.github import apps, comments, issues, labels  # noqa: F401
from tests.fakes.github.auth import authenticate, project_owners_of
from tests.fakes.github.limits import RateLimits, graphql_bucket
from tests.fakes.github.model import DOCS, Caller, GitHubError, Reply, Violation
from tests.fakes.github.projects import FakeProjects
from tests.fakes.github.routes import ROUTES, SLASH_PARAMS
from tests.fakes.github.state import GitHubState
from tests.fakes.openapi_check import OpenAPIChecker, Verdict, shared_checker
from tests.fakes.request_log import LoggedRequest, RequestLog
from tests.fakes.serving import Faults, Handler, Serving

SPEC_PATH = Path(__file__).resolve().parents[2] / "contracts" / "github-rest-issues.json"
WRITE_METHODS = frozenset({"POST", "PATCH", "PUT", "DELETE"})
# PyGithub's Issue.add_to_labels / set_labels send a bare JSON array; github.com accepts it (the endpoint docs say
# "you can also pass an array of labels directly") though the OpenAPI schema lists only {"labels": [...]}.
_BARE_LABEL_ARRAY = re.compile(r"^/repos/[^/]+/[^/]+/issues/\d+/labels$")


class FakeGitHub(GitHubState):
    """GitHub's issues REST API in memory, served over real HTTP for the real PyGithub client."""

    def __init__(
        self,
        *,
        checker: OpenAPIChecker | None = None,
        writes_per_minute: int = 80,
        writes_per_hour: int = 500,
        core_limit: int = 5000,
        clock: Callable[[], float] = time.time,
    ) -> None:
        super().__init__(clock=clock)
        self.checker = checker or shared_checker(SPEC_PATH, slash_params=SLASH_PARAMS)
        self.limits = RateLimits(
            clock=lambda: self.clock(), core_limit=core_limit, writes_per_minute=writes_per_minute,
            writes_per_hour=writes_per_hour,
        )
        self.log = RequestLog()
        self.violations: list[Violation] = []
        self._faults = Faults(full_match=True)
        self._last_caller: Caller | None = None
        self._serving: Serving | None = None
        self._projects: FakeProjects | None = None

    @property
    def projects(self) -> FakeProjects:
        """Return the Projects (v2) state behind `<api>/graphql` (GitHub's schema is loaded on first use)."""
        with self._lock:
            if self._projects is None:
                self._projects = FakeProjects(issue_exists=self._issue_node_exists)
            return self._projects

    def _issue_node_exists(self, node_id: str) -> bool:
        return any(f"I_{issue.id}" == node_id for repo in self.repos.values() for issue in repo.issues.values())

    def set_rate_limit(self, login: str, *, remaining: int, reset_in: float) -> None:
        """Set the primary rate limit left for an account and when it resets."""
        with self._lock:
            self.limits.set(login, remaining=remaining, reset_in=reset_in)

    def fail_next(
        self,
        method: str,
        path: str,
        status: int,
        *,
        headers: Mapping[str, str] | None = None,
        body: Any = None,
        times: int = 1,
        take_effect: bool = False,
    ) -> None:
        """Answer the next `times` requests whose method matches and whose path fully matches the regex `path`.

        With `take_effect`, the request is carried out first and only its answer is replaced (a write that landed
        although the client saw a 502 or a timeout).
        """
        with self._lock:
            payload = body if body is not None else {"message": HTTPStatus(status).phrase, "documentation_url": DOCS}
            self._faults.add(method, path, status, headers=headers, body=payload, times=times, after=take_effect)

    # ---- inspection ---------------------------------------------------------------------------------------------

    @property
    def requests(self) -> list[LoggedRequest]:
        """Return the logged requests, oldest first."""
        return self.log.entries()

    def writes(self) -> list[LoggedRequest]:
        """Return the logged REST write requests (POST, PATCH, PUT, DELETE); GraphQL ones are in `projects`."""
        return [r for r in self.log.entries() if r.method in WRITE_METHODS and r.path != "/graphql"]

    def take_violations(self) -> list[Violation]:
        """Return the recorded contract violations and forget them (for tests that provoke one on purpose)."""
        with self._lock:
            taken, self.violations = self.violations, []
            return taken

    def clear_log(self) -> None:
        """Forget the request log (state stays)."""
        self.log.clear()

    # ---- server -------------------------------------------------------------------------------------------------

    def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        """Serve in a background thread; return the base URL."""
        self._serving = Serving(self, _Handler, name="fake-github", host=host, port=port)
        self.base_url = self._serving.url
        return self.base_url

    def stop(self) -> None:
        """Stop serving."""
        if self._serving is not None:
            self._serving.stop()
            self._serving = None

    def __enter__(self) -> FakeGitHub:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ---- request handling ---------------------------------------------------------------------------------------

    def handle(
        self, method: str, target: str, headers: Mapping[str, str], raw: bytes
    ) -> tuple[int, dict[str, str], bytes]:
        """Answer one HTTP request: check it, authenticate, apply scripted failures and limits, route it."""
        split = urllib.parse.urlsplit(target)
        path, query = split.path, urllib.parse.parse_qsl(split.query, keep_blank_values=True)
        with self._lock:
            self._last_caller = None
            try:
                status, payload, extra = self._dispatch(method, path, query, headers, raw)
            except GitHubError as err:
                status, payload, extra = err.status, err.payload(), err.headers
            caller = self._last_caller
            out_headers = {"content-type": "application/json; charset=utf-8", **extra}
            body = b"" if payload is None else json.dumps(payload).encode()
            if method == "GET" and status == 200:
                etag = 'W/"' + hashlib.sha1(body).hexdigest() + '"'
                out_headers["etag"] = etag
                if headers.get("if-none-match") in (etag, etag[2:]):
                    status, body = 304, b""
            bucket = caller.login if caller and caller.login else "anonymous"
            if path == "/graphql":
                bucket = graphql_bucket(bucket)
            if status != 304 and not path.startswith("/rate_limit"):
                self.limits.spend(bucket)
            out_headers.update(self.limits.headers(bucket))
            who = caller.login if caller else None
            self.log.add(LoggedRequest(method, path, split.query, status, time=self.clock(), who=who))
            return status, out_headers, body

    def _dispatch(
        self,
        method: str,
        path: str,
        query: list[tuple[str, str]],
        headers: Mapping[str, str],
        raw: bytes,
    ) -> Reply:
        if path == "/graphql":
            return self._graphql(method, headers, raw)
        data: Any = None
        checked_body = raw
        if raw:
            try:
                data = json.loads(raw)
            except ValueError as exc:
                self.violations.append(Violation(method, path, f"body is not JSON: {exc}"))
                raise GitHubError(400, "Problems parsing JSON") from exc
            if isinstance(data, list) and method in ("POST", "PUT") and _BARE_LABEL_ARRAY.match(path):
                checked_body = json.dumps({"labels": data}).encode()
        result = self.checker.check(
            method, path, query=query, headers=headers, body=checked_body, content_type=headers.get("content-type")
        )
        if not result.ok:
            self.violations.append(Violation(method, path, f"{result.verdict}: {result.message}"))
            status = 422 if result.verdict is Verdict.INVALID else 404
            raise GitHubError(status, "Validation Failed" if status == 422 else "Not Found")
        caller = authenticate(self, headers.get("authorization", ""))
        self._last_caller = caller
        scripted = self._faults.take(method, path)
        if scripted is not None and not scripted.after:
            return scripted.status, scripted.body, scripted.headers
        bucket = caller.login or "anonymous"
        if self.limits.exhausted(bucket) and not path.startswith("/rate_limit"):
            raise GitHubError(403, f"API rate limit exceeded for {bucket}.")
        if method in WRITE_METHODS:
            self.limits.check_secondary(bucket)
        route = ROUTES.find(method, path)
        # The description's template decides: a path the fake would take under another one is not implemented.
        if route is None or route.template != result.template:
            self.violations.append(Violation(method, path, "endpoint in the description but not in the fake"))
            raise GitHubError(501, "Not implemented by the fake")
        reply = route.handler(self, caller, route.params, dict(query), data)
        if scripted is not None:
            return scripted.status, scripted.body, scripted.headers
        return reply

    def _graphql(self, method: str, headers: Mapping[str, str], raw: bytes) -> Reply:
        # https://docs.github.com/graphql/guides/forming-calls-with-graphql#communicating-with-graphql
        if method != "POST":
            self.violations.append(Violation(method, "/graphql", "GraphQL takes POST"))
            raise GitHubError(404, "Not Found")
        caller = authenticate(self, headers.get("authorization", ""))
        self._last_caller = caller
        if caller.kind == "anonymous":
            raise GitHubError(401, "This endpoint requires you to be authenticated.")
        if caller.kind == "app":  # an App's JWT only exchanges tokens; GraphQL wants an installation token
            raise GitHubError(401, "A JSON web token could not be decoded")
        scripted = self._faults.take("POST", "/graphql")
        if scripted is not None:
            return scripted.status, scripted.body, scripted.headers
        bucket = caller.login or "anonymous"
        if self.limits.exhausted(graphql_bucket(bucket)):
            # https://docs.github.com/graphql/overview/rate-limits-and-node-limits-for-the-graphql-api#exceeding-the-primary-rate-limit
            return 200, {"data": None, "errors": [{"type": "RATE_LIMITED", "message": "API rate limit exceeded"}]}, {}
        status, payload = self.projects.handle(
            raw, before_mutation=lambda: self.limits.check_secondary(bucket), reaches=project_owners_of(caller)
        )
        return status, payload, {}


class _Handler(Handler):
    server_version = "FakeGitHub/1"

    def _serve(self) -> None:
        raw = self.read_body()
        headers = {k.lower(): v for k, v in self.headers.items()}
        fake: FakeGitHub = self.server.fake  # type: ignore[attr-defined]
        self.reply(*fake.handle(self.command, self.path, headers, raw))

    do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = _serve


@pytest.fixture
def fake_github() -> Iterator[FakeGitHub]:
    """Serve a fresh fake GitHub; afterwards, fail unless every request followed GitHub's REST description."""
    fake = FakeGitHub()
    fake.start()
    try:
        yield fake
    finally:
        fake.stop()
    assert fake.violations == [], "requests outside GitHub's REST description"
    if fake._projects is not None:
        assert fake._projects.violations == [], "GraphQL documents outside GitHub's schema"
