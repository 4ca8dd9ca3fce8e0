"""A stateful fake GitHub REST API on 127.0.0.1 that checks every request against GitHub's OpenAPI description."""

from __future__ import annotations

import argparse
import base64
import hashlib
import itertools
import json
import re
import secrets
import threading
import time
import urllib.parse
from collections import deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from http import HTTPStatus
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from tests.fakes.github_graphql import FakeProjects
from tests.fakes.openapi_check import OpenAPIChecker, Verdict, shared_checker
from tests.fakes.request_log import LoggedRequest, RequestLog
from tests.fakes.routing import Router
from tests.fakes.serving import Faults, Handler, Serving

SPEC_PATH = Path(__file__).resolve().parent.parent / "contracts" / "github-rest-issues.json"
DOCS = "https://docs.github.com/rest"
MAX_COMMENT_CHARS = 65536
WRITE_METHODS = frozenset({"POST", "PATCH", "PUT", "DELETE"})
SLASH_PARAMS = ("path",)  # a file's path in /contents/{path} keeps its slashes
# PyGithub's Issue.add_to_labels / set_labels send a bare JSON array; github.com accepts it (the endpoint docs say
# "you can also pass an array of labels directly") though the OpenAPI schema lists only {"labels": [...]}.
_BARE_LABEL_ARRAY = re.compile(r"^/repos/[^/]+/[^/]+/issues/\d+/labels$")

Json = dict[str, Any]
Reply = tuple[int, Any, dict[str, str]]


def app_key_pair() -> tuple[str, str]:
    """Return a fresh RSA key pair for a GitHub App: (private PEM for the service, public PEM for add_app)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    public = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()
    return private, public


def graphql_bucket(login: str) -> str:
    """Return the rate-limit bucket of an account's GraphQL calls (GraphQL has a limit of its own)."""
    return f"graphql:{login}"


def _iso(ts: float | None) -> str | None:
    return None if ts is None else time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(ts))


@dataclass
class User:
    """An account: a person, or an App's bot user."""

    login: str
    id: int
    type: str = "User"


@dataclass
class Label:
    """A repository label."""

    name: str
    color: str
    description: str | None
    id: int


@dataclass
class Comment:
    """An issue comment."""

    id: int
    issue_number: int
    body: str
    user: User
    created_at: float
    updated_at: float
    author_association: str = "NONE"


@dataclass
class Issue:
    """An issue with its labels (names, in the repository's spelling)."""

    number: int
    id: int
    title: str
    body: str | None
    user: User
    author_association: str
    created_at: float
    updated_at: float
    state: str = "open"
    state_reason: str | None = None
    closed_at: float | None = None
    labels: list[str] = field(default_factory=list)
    thumbs_up: int = 0


@dataclass
class Repo:
    """A repository: its labels, issues, comments and files on branches."""

    owner: str
    name: str
    id: int
    default_branch: str = "main"
    private: bool = False
    labels: dict[str, Label] = field(default_factory=dict)
    issues: dict[int, Issue] = field(default_factory=dict)
    comments: dict[int, Comment] = field(default_factory=dict)
    files: dict[tuple[str, str], bytes] = field(default_factory=dict)
    installation_id: int | None = None

    @property
    def full_name(self) -> str:
        """Return 'owner/name'."""
        return f"{self.owner}/{self.name}"


@dataclass
class App:
    """A GitHub App: its id, slug and the public half of its signing key."""

    id: int
    slug: str
    public_key_pem: str


@dataclass
class Installation:
    """An App installed on an account's repositories; `token_ttl` is how long its access tokens live.

    Its tokens reach the account's projects too; `target_type` says whether the account is an Organization or a User.
    """

    id: int
    app: App
    account: str
    repos: set[str]
    token_ttl: float = 3600.0
    target_type: str = "Organization"


@dataclass
class Token:
    """A credential: a personal token (login) or an installation access token (expires)."""

    value: str
    login: str
    installation: Installation | None = None
    expires_at: float | None = None


@dataclass(frozen=True)
class Violation:
    """A request that GitHub's REST description does not allow."""

    method: str
    path: str
    message: str


@dataclass(frozen=True)
class _Caller:
    kind: str  # "anonymous", "user", "installation", "app"
    login: str | None = None
    installation: Installation | None = None
    app: App | None = None


class _Error(Exception):
    def __init__(
        self,
        status: int,
        message: str,
        headers: dict[str, str] | None = None,
        *,
        errors: list[dict[str, str]] | None = None,
        docs: str = DOCS,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.headers = headers or {}
        self.errors = errors
        self.docs = docs

    def payload(self) -> dict[str, Any]:
        body: dict[str, Any] = {"message": str(self)}
        if self.errors is not None:
            body["errors"] = self.errors
        body["documentation_url"] = self.docs
        return body


class FakeGitHub:
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
        self.checker = checker or shared_checker(SPEC_PATH, slash_params=SLASH_PARAMS)
        # The fake's own "now" (epoch seconds): token expiry, rate-limit windows, timestamps. A test may swap in
        # a FakeClock's time to move the fake through time without sleeping.
        self.clock = clock
        self.writes_per_minute = writes_per_minute
        self.writes_per_hour = writes_per_hour
        self.core_limit = core_limit
        self.base_url = "http://127.0.0.1"
        self.log = RequestLog()
        self.violations: list[Violation] = []
        self.users: dict[str, User] = {}
        self.tokens: dict[str, Token] = {}
        self.repos: dict[str, Repo] = {}
        self.apps: dict[int, App] = {}
        self.installations: dict[int, Installation] = {}
        self._ids = itertools.count(1001)
        self._faults = Faults(full_match=True)
        self._rate: dict[str, list[float]] = {}
        self._write_times: dict[str, deque[float]] = {}
        self._lock = threading.RLock()
        self._last_caller: _Caller | None = None
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

    # ---- state set-up -------------------------------------------------------------------------------------------

    def add_user(self, login: str, *, token: str | None = None, bot: bool = False) -> User:
        """Create an account (idempotent) and optionally a personal token for it."""
        with self._lock:
            user = self.users.get(login) or User(login, next(self._ids), "Bot" if bot else "User")
            self.users[login] = user
            if token is not None:
                self.tokens[token] = Token(token, login)
            return user

    def add_repo(self, full_name: str, *, default_branch: str = "main", private: bool = False) -> Repo:
        """Create a repository."""
        owner, name = full_name.split("/")
        with self._lock:
            self.add_user(owner)
            repo = Repo(owner, name, next(self._ids), default_branch, private)
            self.repos[full_name.lower()] = repo
            return repo

    def add_label(self, full_name: str, name: str, *, color: str = "ededed", description: str | None = None) -> Label:
        """Create a repository label."""
        with self._lock:
            label = Label(name, color, description, next(self._ids))
            self._repo(full_name).labels[name.lower()] = label
            return label

    def add_issue(
        self,
        full_name: str,
        *,
        title: str = "An issue",
        body: str | None = "",
        labels: Sequence[str] = (),
        user: str = "octocat",
        author_association: str = "MEMBER",
        state: str = "open",
        state_reason: str | None = None,
        thumbs_up: int = 0,
    ) -> Issue:
        """Create an issue; its labels are created in the repository when missing."""
        with self._lock:
            repo = self._repo(full_name)
            now = self.clock()
            number = max([*repo.issues, 0]) + 1
            issue = Issue(
                number, next(self._ids), title, body, self.add_user(user), author_association, now, now, state,
                state_reason, now if state == "closed" else None,
            )
            repo.issues[number] = issue
            issue.labels = [self._ensure_label(repo, name).name for name in labels]
            issue.thumbs_up = thumbs_up
            return issue

    def add_comment(self, full_name: str, number: int, body: str, *, user: str) -> Comment:
        """Post a comment on an issue as `user`."""
        with self._lock:
            repo = self._repo(full_name)
            now = self.clock()
            comment = Comment(next(self._ids), number, body, self.add_user(user), now, now)
            repo.comments[comment.id] = comment
            return comment

    def put_file(self, full_name: str, path: str, content: str | bytes, *, ref: str | None = None) -> None:
        """Store a file on a branch (the default branch unless `ref` is given)."""
        with self._lock:
            repo = self._repo(full_name)
            data = content.encode() if isinstance(content, str) else content
            repo.files[(ref or repo.default_branch, path)] = data

    def add_app(self, app_id: int, *, slug: str, public_key_pem: str) -> App:
        """Register a GitHub App and its bot user '<slug>[bot]'."""
        with self._lock:
            app = App(app_id, slug, public_key_pem)
            self.apps[app_id] = app
            self.add_user(f"{slug}[bot]", bot=True)
            return app

    def install_app(
        self,
        app_id: int,
        repos: Sequence[str],
        *,
        account: str | None = None,
        target_type: str = "Organization",
        token_ttl: float = 3600.0,
    ) -> Installation:
        """Install an App on repositories of one account (named by `account` when there are none); return it."""
        with self._lock:
            owner = account or repos[0].split("/")[0]
            installation = Installation(
                next(self._ids), self.apps[app_id], owner, {r.lower() for r in repos}, token_ttl, target_type
            )
            self.installations[installation.id] = installation
            for full_name in repos:
                self._repo(full_name).installation_id = installation.id
            return installation

    def set_rate_limit(self, login: str, *, remaining: int, reset_in: float) -> None:
        """Set the primary rate limit left for an account and when it resets."""
        with self._lock:
            self._rate[login] = [float(remaining), self.clock() + reset_in]

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

    def repo(self, full_name: str) -> Repo:
        """Return a repository's state."""
        return self._repo(full_name)

    def issue(self, full_name: str, number: int) -> Issue:
        """Return an issue's state."""
        return self._repo(full_name).issues[number]

    def comments(self, full_name: str, number: int) -> list[Comment]:
        """Return an issue's comments, oldest first."""
        repo = self._repo(full_name)
        return sorted((c for c in repo.comments.values() if c.issue_number == number), key=lambda c: c.id)

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
            except _Error as err:
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
                self._spend(bucket)
            out_headers.update(self._rate_headers(bucket))
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
                raise _Error(400, "Problems parsing JSON") from exc
            if isinstance(data, list) and method in ("POST", "PUT") and _BARE_LABEL_ARRAY.match(path):
                checked_body = json.dumps({"labels": data}).encode()
        result = self.checker.check(
            method, path, query=query, headers=headers, body=checked_body, content_type=headers.get("content-type")
        )
        if not result.ok:
            self.violations.append(Violation(method, path, f"{result.verdict}: {result.message}"))
            status = 422 if result.verdict is Verdict.INVALID else 404
            raise _Error(status, "Validation Failed" if status == 422 else "Not Found")
        caller = self._authenticate(headers.get("authorization", ""))
        self._last_caller = caller
        scripted = self._faults.take(method, path)
        if scripted is not None and not scripted.after:
            return scripted.status, scripted.body, scripted.headers
        bucket = caller.login or "anonymous"
        remaining, reset = self._rate.get(bucket, [float(self.core_limit), self.clock() + 3600])
        if remaining <= 0 and self.clock() < reset and not path.startswith("/rate_limit"):
            raise _Error(403, f"API rate limit exceeded for {bucket}.")
        if method in WRITE_METHODS:
            self._check_secondary_limit(bucket)
        route = _ROUTES.find(method, path)
        # The description's template decides: a path the fake would take under another one is not implemented.
        if route is None or route.template != result.template:
            self.violations.append(Violation(method, path, "endpoint in the description but not in the fake"))
            raise _Error(501, "Not implemented by the fake")
        reply = route.handler(self, caller, route.params, dict(query), data)
        if scripted is not None:
            return scripted.status, scripted.body, scripted.headers
        return reply

    def _graphql(self, method: str, headers: Mapping[str, str], raw: bytes) -> Reply:
        # https://docs.github.com/graphql/guides/forming-calls-with-graphql#communicating-with-graphql
        if method != "POST":
            self.violations.append(Violation(method, "/graphql", "GraphQL takes POST"))
            raise _Error(404, "Not Found")
        caller = self._authenticate(headers.get("authorization", ""))
        self._last_caller = caller
        if caller.kind == "anonymous":
            raise _Error(401, "This endpoint requires you to be authenticated.")
        if caller.kind == "app":  # an App's JWT only exchanges tokens; GraphQL wants an installation token
            raise _Error(401, "A JSON web token could not be decoded")
        scripted = self._faults.take("POST", "/graphql")
        if scripted is not None:
            return scripted.status, scripted.body, scripted.headers
        bucket = caller.login or "anonymous"
        remaining, reset = self._rate.get(graphql_bucket(bucket), [float(self.core_limit), self.clock() + 3600])
        if remaining <= 0 and self.clock() < reset:
            # https://docs.github.com/graphql/overview/rate-limits-and-node-limits-for-the-graphql-api#exceeding-the-primary-rate-limit
            return 200, {"data": None, "errors": [{"type": "RATE_LIMITED", "message": "API rate limit exceeded"}]}, {}
        status, payload = self.projects.handle(
            raw, before_mutation=lambda: self._check_secondary_limit(bucket), reaches=self._project_owners_of(caller)
        )
        return status, payload, {}

    @staticmethod
    def _project_owners_of(caller: _Caller) -> Callable[[str], bool]:
        """Return which accounts' projects a caller reaches: an installation token only its own account's."""
        installation = caller.installation
        if caller.kind != "installation" or installation is None:
            return lambda owner: True
        return lambda owner: owner.casefold() == installation.account.casefold()

    def _authenticate(self, authorization: str) -> _Caller:
        if not authorization:
            return _Caller("anonymous")
        scheme, _, credential = authorization.partition(" ")
        if scheme.lower() not in ("token", "bearer") or not credential:
            raise _Error(401, "Bad credentials")
        token = self.tokens.get(credential)
        if token is not None:
            if token.expires_at is not None and token.expires_at <= self.clock():
                raise _Error(401, "Bad credentials")
            return _Caller("installation" if token.installation else "user", token.login, token.installation)
        if scheme.lower() == "bearer" and credential.count(".") == 2:
            return self._verify_jwt(credential)
        raise _Error(401, "Bad credentials")

    def _verify_jwt(self, credential: str) -> _Caller:
        # https://docs.github.com/apps/creating-github-apps/authenticating-with-a-github-app/generating-a-json-web-token-jwt-for-a-github-app
        try:
            claims = jwt.decode(credential, options={"verify_signature": False})
            app = self.apps[int(claims["iss"])]
            jwt.decode(
                credential, app.public_key_pem, algorithms=["RS256"], options={"require": ["iat", "exp", "iss"]}
            )
        except (jwt.PyJWTError, KeyError, ValueError) as exc:
            raise _Error(401, f"A JSON web token could not be decoded: {exc}") from exc
        if int(claims["exp"]) - int(claims["iat"]) > 660:
            raise _Error(401, "'Expiration time' claim ('exp') is too far in the future")
        return _Caller("app", None, None, app)

    def _check_secondary_limit(self, bucket: str) -> None:
        # https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits
        now = self.clock()
        times = self._write_times.setdefault(bucket, deque())
        while times and times[0] < now - 3600:
            times.popleft()
        last_minute = sum(1 for t in times if t >= now - 60)
        if last_minute >= self.writes_per_minute or len(times) >= self.writes_per_hour:
            raise _Error(
                403,
                "You have exceeded a secondary rate limit and have been temporarily blocked from content creation. "
                "Please retry your request again later.",
                {"retry-after": "60"},
            )
        times.append(now)

    def _spend(self, bucket: str) -> None:
        now = self.clock()
        state = self._rate.setdefault(bucket, [float(self.core_limit), now + 3600])
        if now >= state[1]:
            state[:] = [float(self.core_limit), now + 3600]
        state[0] = max(0.0, state[0] - 1)

    def _rate_headers(self, bucket: str) -> dict[str, str]:
        remaining, reset = self._rate.get(bucket, [float(self.core_limit), self.clock() + 3600])
        return {
            "x-ratelimit-limit": str(self.core_limit),
            "x-ratelimit-remaining": str(int(remaining)),
            "x-ratelimit-reset": str(int(reset)),
            "x-ratelimit-used": str(self.core_limit - int(remaining)),
            "x-ratelimit-resource": "graphql" if bucket.startswith("graphql:") else "core",
        }

    # ---- helpers for routes -------------------------------------------------------------------------------------

    def _repo(self, full_name: str) -> Repo:
        repo = self.repos.get(full_name.lower())
        if repo is None:
            raise _Error(404, "Not Found")
        return repo

    def _visible_repo(self, caller: _Caller, owner: str, name: str, *, write: bool = False) -> Repo:
        repo = self._repo(f"{owner}/{name}")
        if caller.kind == "app":
            raise _Error(403, "Resource not accessible by integration")
        if caller.kind == "installation" and (caller.installation is None or repo.full_name.lower()
                                              not in caller.installation.repos):
            raise _Error(404, "Not Found")
        if caller.kind == "anonymous" and (repo.private or write):
            raise _Error(404 if repo.private else 401, "Not Found" if repo.private else "Requires authentication")
        return repo

    def _issue(self, repo: Repo, number: str) -> Issue:
        issue = repo.issues.get(int(number))
        if issue is None:
            raise _Error(404, "Not Found")
        return issue

    def _ensure_label(self, repo: Repo, name: str) -> Label:
        # Adding an unknown label to an issue creates it with the default colour, as github.com does.
        return repo.labels.get(name.lower()) or self.add_label(repo.full_name, name)

    def _page(self, items: Sequence[Any], query: Mapping[str, str], path: str) -> tuple[list[Any], dict[str, str]]:
        # https://docs.github.com/rest/using-the-rest-api/using-pagination-in-the-rest-api
        per_page = min(int(query.get("per_page", 30)), 100)
        page = max(int(query.get("page", 1)), 1)
        last = max((len(items) + per_page - 1) // per_page, 1)
        links = []
        for rel, number in (("prev", page - 1), ("next", page + 1), ("last", last), ("first", 1)):
            if (rel == "prev" and page > 1) or (rel == "next" and page < last) or (rel in ("last", "first")
                                                                                   and last > 1):
                q = urllib.parse.urlencode({**query, "per_page": per_page, "page": number})
                links.append(f'<{self.base_url}{path}?{q}>; rel="{rel}"')
        headers = {"link": ", ".join(links)} if links else {}
        return list(items[(page - 1) * per_page : page * per_page]), headers

    def _user_json(self, user: User) -> Json:
        return {
            "login": user.login, "id": user.id, "node_id": f"U_{user.id}", "type": user.type, "site_admin": False,
            "url": f"{self.base_url}/users/{urllib.parse.quote(user.login)}",
            "html_url": f"{self.base_url}/{urllib.parse.quote(user.login)}",
            "avatar_url": "", "gravatar_id": "",
        }

    def _label_json(self, repo: Repo, label: Label) -> Json:
        return {
            "id": label.id, "node_id": f"LA_{label.id}", "name": label.name, "color": label.color,
            "description": label.description, "default": False,
            "url": f"{self.base_url}/repos/{repo.full_name}/labels/{urllib.parse.quote(label.name)}",
        }

    def _repo_json(self, repo: Repo) -> Json:
        url = f"{self.base_url}/repos/{repo.full_name}"
        return {
            "id": repo.id, "node_id": f"R_{repo.id}", "name": repo.name, "full_name": repo.full_name,
            "owner": self._user_json(self.add_user(repo.owner)), "private": repo.private, "url": url,
            "html_url": f"{self.base_url}/{repo.full_name}", "default_branch": repo.default_branch,
            "issues_url": f"{url}/issues{{/number}}", "labels_url": f"{url}/labels{{/name}}",
            "has_issues": True, "archived": False, "disabled": False,
            "visibility": "private" if repo.private else "public",
        }

    def _issue_json(self, repo: Repo, issue: Issue) -> Json:
        url = f"{self.base_url}/repos/{repo.full_name}/issues/{issue.number}"
        return {
            "id": issue.id, "node_id": f"I_{issue.id}", "number": issue.number, "url": url,
            "repository_url": f"{self.base_url}/repos/{repo.full_name}",
            "labels_url": f"{url}/labels{{/name}}", "comments_url": f"{url}/comments", "events_url": f"{url}/events",
            "html_url": f"{self.base_url}/{repo.full_name}/issues/{issue.number}",
            "title": issue.title, "body": issue.body, "state": issue.state, "state_reason": issue.state_reason,
            "locked": False, "user": self._user_json(issue.user), "author_association": issue.author_association,
            "labels": [self._label_json(repo, repo.labels[name.lower()]) for name in issue.labels],
            "assignee": None, "assignees": [], "milestone": None,
            "comments": sum(1 for c in repo.comments.values() if c.issue_number == issue.number),
            "created_at": _iso(issue.created_at), "updated_at": _iso(issue.updated_at),
            "closed_at": _iso(issue.closed_at),
            "reactions": {"url": f"{url}/reactions", "total_count": issue.thumbs_up, "+1": issue.thumbs_up, "-1": 0,
                          "laugh": 0, "hooray": 0, "confused": 0, "heart": 0, "rocket": 0, "eyes": 0},
        }

    def _comment_json(self, repo: Repo, comment: Comment) -> Json:
        return {
            "id": comment.id, "node_id": f"IC_{comment.id}", "body": comment.body,
            "url": f"{self.base_url}/repos/{repo.full_name}/issues/comments/{comment.id}",
            "html_url": f"{self.base_url}/{repo.full_name}/issues/{comment.issue_number}#issuecomment-{comment.id}",
            "issue_url": f"{self.base_url}/repos/{repo.full_name}/issues/{comment.issue_number}",
            "user": self._user_json(comment.user), "author_association": comment.author_association,
            "created_at": _iso(comment.created_at), "updated_at": _iso(comment.updated_at),
        }

    def _installation_json(self, installation: Installation) -> Json:
        return {
            "id": installation.id, "app_id": installation.app.id, "app_slug": installation.app.slug,
            "account": self._user_json(self.add_user(installation.account)),
            "target_type": installation.target_type,
            "repository_selection": "selected", "permissions": {"issues": "write", "contents": "read"},
            "events": ["issues", "issue_comment"], "single_file_name": None,
            "access_tokens_url": f"{self.base_url}/app/installations/{installation.id}/access_tokens",
            "repositories_url": f"{self.base_url}/installation/repositories",
            "html_url": f"{self.base_url}/settings/installations/{installation.id}",
            "created_at": _iso(self.clock()), "updated_at": _iso(self.clock()),
        }


Route = Callable[[FakeGitHub, _Caller, dict[str, str], dict[str, str], Any], Reply]
_ROUTES: Router[Route] = Router(greedy=SLASH_PARAMS)
_route = _ROUTES.route


def _touch(fake: FakeGitHub, issue: Issue) -> None:
    issue.updated_at = fake.clock()


@_route("GET", "/")
def _root(fake: FakeGitHub, caller: _Caller, p: dict[str, str], q: dict[str, str], data: Any) -> Reply:
    return 200, {"current_user_url": f"{fake.base_url}/user"}, {}


@_route("GET", "/rate_limit")
def _rate_limit(fake: FakeGitHub, caller: _Caller, p: dict[str, str], q: dict[str, str], data: Any) -> Reply:
    headers = fake._rate_headers(caller.login or "anonymous")
    core = {
        "limit": int(headers["x-ratelimit-limit"]), "remaining": int(headers["x-ratelimit-remaining"]),
        "reset": int(headers["x-ratelimit-reset"]), "used": int(headers["x-ratelimit-used"]),
    }
    return 200, {"resources": {"core": core}, "rate": core}, {}


@_route("GET", "/user")
def _get_user(fake: FakeGitHub, caller: _Caller, p: dict[str, str], q: dict[str, str], data: Any) -> Reply:
    if caller.kind == "anonymous":
        raise _Error(401, "Requires authentication")
    if caller.kind != "user" or caller.login is None:
        raise _Error(403, "Resource not accessible by integration")
    return 200, fake._user_json(fake.users[caller.login]), {}


@_route("GET", "/app")
def _get_app(fake: FakeGitHub, caller: _Caller, p: dict[str, str], q: dict[str, str], data: Any) -> Reply:
    if caller.app is None:
        raise _Error(401, "A JSON web token could not be decoded")
    app = caller.app
    return 200, {
        "id": app.id, "slug": app.slug, "node_id": f"A_{app.id}", "name": app.slug,
        "owner": fake._user_json(fake.add_user("octo-org")), "description": "", "external_url": fake.base_url,
        "html_url": f"{fake.base_url}/apps/{app.slug}", "created_at": _iso(fake.clock()),
        "updated_at": _iso(fake.clock()), "permissions": {"issues": "write"}, "events": ["issues"],
    }, {}


@_route("GET", "/repos/{owner}/{repo}/installation")
def _repo_installation(fake: FakeGitHub, caller: _Caller, p: dict[str, str], q: dict[str, str], data: Any) -> Reply:
    if caller.app is None:
        raise _Error(401, "A JSON web token could not be decoded")
    repo = fake._repo(f"{p['owner']}/{p['repo']}")
    installation = fake.installations.get(repo.installation_id or -1)
    if installation is None or installation.app.id != caller.app.id:
        raise _Error(404, "Not Found")
    return 200, fake._installation_json(installation), {}


def _account_installation(fake: FakeGitHub, caller: _Caller, account: str, target_type: str) -> Reply:
    if caller.app is None:
        raise _Error(401, "A JSON web token could not be decoded")
    found = next((i for i in fake.installations.values() if i.app.id == caller.app.id
                  and i.account.casefold() == account.casefold() and i.target_type == target_type), None)
    if found is None:
        raise _Error(404, "Not Found")
    return 200, fake._installation_json(found), {}


@_route("GET", "/orgs/{org}/installation")
def _org_installation(fake: FakeGitHub, caller: _Caller, p: dict[str, str], q: dict[str, str], data: Any) -> Reply:
    # https://docs.github.com/rest/apps/apps#get-an-organization-installation-for-the-authenticated-app
    return _account_installation(fake, caller, p["org"], "Organization")


@_route("GET", "/users/{username}/installation")
def _user_installation(fake: FakeGitHub, caller: _Caller, p: dict[str, str], q: dict[str, str], data: Any) -> Reply:
    # https://docs.github.com/rest/apps/apps#get-a-user-installation-for-the-authenticated-app
    return _account_installation(fake, caller, p["username"], "User")


@_route("POST", "/app/installations/{installation_id}/access_tokens")
def _access_token(fake: FakeGitHub, caller: _Caller, p: dict[str, str], q: dict[str, str], data: Any) -> Reply:
    # https://docs.github.com/rest/apps/apps#create-an-installation-access-token-for-an-app
    if caller.app is None:
        raise _Error(401, "A JSON web token could not be decoded")
    installation = fake.installations.get(int(p["installation_id"]))
    if installation is None or installation.app.id != caller.app.id:
        raise _Error(404, "Not Found")
    value = "ghs_" + secrets.token_hex(18)
    expires = fake.clock() + installation.token_ttl
    fake.tokens[value] = Token(value, f"{installation.app.slug}[bot]", installation, expires)
    return 201, {
        "token": value, "expires_at": _iso(expires), "permissions": {"issues": "write", "contents": "read"},
        "repository_selection": "selected",
    }, {}


@_route("GET", "/repos/{owner}/{repo}")
def _get_repo(fake: FakeGitHub, caller: _Caller, p: dict[str, str], q: dict[str, str], data: Any) -> Reply:
    return 200, fake._repo_json(fake._visible_repo(caller, p["owner"], p["repo"])), {}


@_route("GET", "/repos/{owner}/{repo}/contents/{path}")
def _get_contents(fake: FakeGitHub, caller: _Caller, p: dict[str, str], q: dict[str, str], data: Any) -> Reply:
    repo = fake._visible_repo(caller, p["owner"], p["repo"])
    ref = q.get("ref") or repo.default_branch
    content = repo.files.get((ref, p["path"]))
    if content is None:
        raise _Error(404, "Not Found")
    sha = hashlib.sha1(b"blob %d\0" % len(content) + content).hexdigest()
    url = f"{fake.base_url}/repos/{repo.full_name}/contents/{p['path']}?ref={ref}"
    encoded = base64.encodebytes(content).decode()
    return 200, {
        "type": "file", "encoding": "base64", "size": len(content), "name": p["path"].rsplit("/", 1)[-1],
        "path": p["path"], "content": encoded, "sha": sha, "url": url, "git_url": None, "html_url": None,
        "download_url": None, "_links": {"self": url, "git": None, "html": None},
    }, {}


@_route("GET", "/repos/{owner}/{repo}/issues")
def _list_issues(fake: FakeGitHub, caller: _Caller, p: dict[str, str], q: dict[str, str], data: Any) -> Reply:
    repo = fake._visible_repo(caller, p["owner"], p["repo"])
    state = q.get("state", "open")
    wanted = {name.strip().lower() for name in q.get("labels", "").split(",") if name.strip()}
    issues = [
        i for i in repo.issues.values()
        if (state == "all" or i.state == state) and wanted <= {name.lower() for name in i.labels}
    ]
    key = "updated_at" if q.get("sort") == "updated" else "created_at"
    issues.sort(key=lambda i: (getattr(i, key), i.number), reverse=q.get("direction", "desc") == "desc")
    page, headers = fake._page(issues, q, f"/repos/{repo.full_name}/issues")
    return 200, [fake._issue_json(repo, i) for i in page], headers


@_route("POST", "/repos/{owner}/{repo}/issues")
def _create_issue(fake: FakeGitHub, caller: _Caller, p: dict[str, str], q: dict[str, str], data: Any) -> Reply:
    repo = fake._visible_repo(caller, p["owner"], p["repo"], write=True)
    labels = [x if isinstance(x, str) else x["name"] for x in data.get("labels") or []]
    issue = fake.add_issue(repo.full_name, title=str(data["title"]), body=data.get("body"), labels=labels,
                           user=caller.login or "ghost", author_association="OWNER")
    return 201, fake._issue_json(repo, issue), {}


@_route("GET", "/repos/{owner}/{repo}/issues/{issue_number}")
def _get_issue(fake: FakeGitHub, caller: _Caller, p: dict[str, str], q: dict[str, str], data: Any) -> Reply:
    repo = fake._visible_repo(caller, p["owner"], p["repo"])
    return 200, fake._issue_json(repo, fake._issue(repo, p["issue_number"])), {}


@_route("PATCH", "/repos/{owner}/{repo}/issues/{issue_number}")
def _edit_issue(fake: FakeGitHub, caller: _Caller, p: dict[str, str], q: dict[str, str], data: Any) -> Reply:
    # https://docs.github.com/rest/issues/issues#update-an-issue
    repo = fake._visible_repo(caller, p["owner"], p["repo"], write=True)
    issue = fake._issue(repo, p["issue_number"])
    data = data or {}
    if "title" in data and data["title"] is not None:
        issue.title = str(data["title"])
    if "body" in data:
        issue.body = data["body"]
    if "labels" in data and data["labels"] is not None:
        names = [x if isinstance(x, str) else x["name"] for x in data["labels"]]
        issue.labels = [fake._ensure_label(repo, n).name for n in names]
    state = data.get("state")
    if state and state != issue.state:
        issue.state = state
        issue.closed_at = fake.clock() if state == "closed" else None
        issue.state_reason = data.get("state_reason") or ("completed" if state == "closed" else "reopened")
    _touch(fake, issue)
    return 200, fake._issue_json(repo, issue), {}


@_route("GET", "/repos/{owner}/{repo}/issues/{issue_number}/labels")
def _issue_labels(fake: FakeGitHub, caller: _Caller, p: dict[str, str], q: dict[str, str], data: Any) -> Reply:
    repo = fake._visible_repo(caller, p["owner"], p["repo"])
    issue = fake._issue(repo, p["issue_number"])
    page, headers = fake._page(issue.labels, q, f"/repos/{repo.full_name}/issues/{issue.number}/labels")
    return 200, [fake._label_json(repo, repo.labels[n.lower()]) for n in page], headers


def _label_names(data: Any) -> list[str]:
    items = data if isinstance(data, list) else (data or {}).get("labels", [])
    return [x if isinstance(x, str) else x["name"] for x in items]


@_route("POST", "/repos/{owner}/{repo}/issues/{issue_number}/labels")
def _add_labels(fake: FakeGitHub, caller: _Caller, p: dict[str, str], q: dict[str, str], data: Any) -> Reply:
    repo = fake._visible_repo(caller, p["owner"], p["repo"], write=True)
    issue = fake._issue(repo, p["issue_number"])
    present = {n.lower() for n in issue.labels}
    for name in _label_names(data):
        if name.lower() not in present:
            issue.labels.append(fake._ensure_label(repo, name).name)
            present.add(name.lower())
    _touch(fake, issue)
    return 200, [fake._label_json(repo, repo.labels[n.lower()]) for n in issue.labels], {}


@_route("PUT", "/repos/{owner}/{repo}/issues/{issue_number}/labels")
def _set_labels(fake: FakeGitHub, caller: _Caller, p: dict[str, str], q: dict[str, str], data: Any) -> Reply:
    repo = fake._visible_repo(caller, p["owner"], p["repo"], write=True)
    issue = fake._issue(repo, p["issue_number"])
    issue.labels = [fake._ensure_label(repo, n).name for n in dict.fromkeys(_label_names(data))]
    _touch(fake, issue)
    return 200, [fake._label_json(repo, repo.labels[n.lower()]) for n in issue.labels], {}


@_route("DELETE", "/repos/{owner}/{repo}/issues/{issue_number}/labels")
def _clear_labels(fake: FakeGitHub, caller: _Caller, p: dict[str, str], q: dict[str, str], data: Any) -> Reply:
    repo = fake._visible_repo(caller, p["owner"], p["repo"], write=True)
    issue = fake._issue(repo, p["issue_number"])
    issue.labels = []
    _touch(fake, issue)
    return 204, None, {}


@_route("DELETE", "/repos/{owner}/{repo}/issues/{issue_number}/labels/{name}")
def _remove_label(fake: FakeGitHub, caller: _Caller, p: dict[str, str], q: dict[str, str], data: Any) -> Reply:
    repo = fake._visible_repo(caller, p["owner"], p["repo"], write=True)
    issue = fake._issue(repo, p["issue_number"])
    kept = [n for n in issue.labels if n.lower() != p["name"].lower()]
    if len(kept) == len(issue.labels):
        raise _Error(404, "Label does not exist")
    issue.labels = kept
    _touch(fake, issue)
    return 200, [fake._label_json(repo, repo.labels[n.lower()]) for n in issue.labels], {}


@_route("GET", "/repos/{owner}/{repo}/issues/{issue_number}/comments")
def _list_comments(fake: FakeGitHub, caller: _Caller, p: dict[str, str], q: dict[str, str], data: Any) -> Reply:
    repo = fake._visible_repo(caller, p["owner"], p["repo"])
    issue = fake._issue(repo, p["issue_number"])
    comments = fake.comments(repo.full_name, issue.number)
    page, headers = fake._page(comments, q, f"/repos/{repo.full_name}/issues/{issue.number}/comments")
    return 200, [fake._comment_json(repo, c) for c in page], headers


def _check_comment_body(data: Any) -> str:
    body = str((data or {}).get("body", ""))
    if len(body) > MAX_COMMENT_CHARS:
        raise _Error(422, f"Validation Failed: body is too long (maximum is {MAX_COMMENT_CHARS} characters)")
    return body


@_route("POST", "/repos/{owner}/{repo}/issues/{issue_number}/comments")
def _create_comment(fake: FakeGitHub, caller: _Caller, p: dict[str, str], q: dict[str, str], data: Any) -> Reply:
    repo = fake._visible_repo(caller, p["owner"], p["repo"], write=True)
    issue = fake._issue(repo, p["issue_number"])
    comment = fake.add_comment(repo.full_name, issue.number, _check_comment_body(data), user=caller.login or "ghost")
    _touch(fake, issue)
    return 201, fake._comment_json(repo, comment), {}


def _comment(fake: FakeGitHub, caller: _Caller, p: dict[str, str], *, write: bool) -> tuple[Repo, Comment]:
    repo = fake._visible_repo(caller, p["owner"], p["repo"], write=write)
    comment = repo.comments.get(int(p["comment_id"]))
    if comment is None:
        raise _Error(404, "Not Found")
    return repo, comment


@_route("GET", "/repos/{owner}/{repo}/issues/comments/{comment_id}")
def _get_comment(fake: FakeGitHub, caller: _Caller, p: dict[str, str], q: dict[str, str], data: Any) -> Reply:
    repo, comment = _comment(fake, caller, p, write=False)
    return 200, fake._comment_json(repo, comment), {}


@_route("PATCH", "/repos/{owner}/{repo}/issues/comments/{comment_id}")
def _edit_comment(fake: FakeGitHub, caller: _Caller, p: dict[str, str], q: dict[str, str], data: Any) -> Reply:
    repo, comment = _comment(fake, caller, p, write=True)
    if comment.user.login != caller.login:
        raise _Error(403, "You must be the author of this comment to edit it")
    comment.body = _check_comment_body(data)
    comment.updated_at = fake.clock()
    return 200, fake._comment_json(repo, comment), {}


@_route("DELETE", "/repos/{owner}/{repo}/issues/comments/{comment_id}")
def _delete_comment(fake: FakeGitHub, caller: _Caller, p: dict[str, str], q: dict[str, str], data: Any) -> Reply:
    repo, comment = _comment(fake, caller, p, write=True)
    del repo.comments[comment.id]
    return 204, None, {}


@_route("GET", "/repos/{owner}/{repo}/labels")
def _list_labels(fake: FakeGitHub, caller: _Caller, p: dict[str, str], q: dict[str, str], data: Any) -> Reply:
    repo = fake._visible_repo(caller, p["owner"], p["repo"])
    page, headers = fake._page(list(repo.labels.values()), q, f"/repos/{repo.full_name}/labels")
    return 200, [fake._label_json(repo, label) for label in page], headers


@_route("POST", "/repos/{owner}/{repo}/labels")
def _create_label(fake: FakeGitHub, caller: _Caller, p: dict[str, str], q: dict[str, str], data: Any) -> Reply:
    repo = fake._visible_repo(caller, p["owner"], p["repo"], write=True)
    name = str(data["name"])
    if name.lower() in repo.labels:
        # GitHub's answer when the name is taken (the code, not the message, says so).
        raise _Error(
            422, "Validation Failed", errors=[{"resource": "Label", "code": "already_exists", "field": "name"}],
            docs="https://docs.github.com/rest/issues/labels#create-a-label",
        )
    color = str(data.get("color", "ededed")).lstrip("#").lower()
    if not re.fullmatch(r"[0-9a-f]{6}", color):
        raise _Error(422, "Validation Failed: color is invalid")
    label = fake.add_label(repo.full_name, name, color=color, description=data.get("description"))
    return 201, fake._label_json(repo, label), {}


@_route("GET", "/repos/{owner}/{repo}/labels/{name}")
def _get_label(fake: FakeGitHub, caller: _Caller, p: dict[str, str], q: dict[str, str], data: Any) -> Reply:
    repo = fake._visible_repo(caller, p["owner"], p["repo"])
    label = repo.labels.get(p["name"].lower())
    if label is None:
        raise _Error(404, "Not Found")
    return 200, fake._label_json(repo, label), {}


@_route("PATCH", "/repos/{owner}/{repo}/labels/{name}")
def _edit_label(fake: FakeGitHub, caller: _Caller, p: dict[str, str], q: dict[str, str], data: Any) -> Reply:
    repo = fake._visible_repo(caller, p["owner"], p["repo"], write=True)
    label = repo.labels.pop(p["name"].lower(), None)
    if label is None:
        raise _Error(404, "Not Found")
    label.name = str(data.get("new_name") or label.name)
    label.color = str(data.get("color") or label.color)
    label.description = data.get("description", label.description)
    repo.labels[label.name.lower()] = label
    return 200, fake._label_json(repo, label), {}


@_route("DELETE", "/repos/{owner}/{repo}/labels/{name}")
def _delete_label(fake: FakeGitHub, caller: _Caller, p: dict[str, str], q: dict[str, str], data: Any) -> Reply:
    repo = fake._visible_repo(caller, p["owner"], p["repo"], write=True)
    if repo.labels.pop(p["name"].lower(), None) is None:
        raise _Error(404, "Not Found")
    for issue in repo.issues.values():
        issue.labels = [n for n in issue.labels if n.lower() != p["name"].lower()]
    return 204, None, {}


class _Handler(Handler):
    server_version = "FakeGitHub/1"

    def _serve(self) -> None:
        raw = self.read_body()
        headers = {k.lower(): v for k, v in self.headers.items()}
        fake: FakeGitHub = self.server.fake  # type: ignore[attr-defined]
        self.reply(*fake.handle(self.command, self.path, headers, raw))

    do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = _serve


class FakeClock:
    """A wall clock for code under test that only moves when it sleeps; sleeps are recorded, not waited."""

    def __init__(self, start: float | None = None) -> None:
        self.now = time.time() if start is None else start
        self.sleeps: list[float] = []

    def time(self) -> float:
        """Return the current (virtual) epoch time."""
        return self.now

    def sleep(self, seconds: float) -> None:
        """Record a sleep and move the clock on."""
        self.sleeps.append(seconds)
        self.now += seconds


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


@pytest.fixture
def fake_clock() -> FakeClock:
    """Return a virtual clock whose sleeps return at once."""
    return FakeClock()


def _iter_pairs(values: Sequence[str]) -> Iterator[tuple[str, str]]:
    for value in values:
        token, _, login = value.partition(":")
        yield token, login


def main(argv: Sequence[str] | None = None) -> None:
    """Serve a fake GitHub until interrupted (manual runs and benchmarks)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--token", action="append", default=[], metavar="TOKEN:LOGIN")
    parser.add_argument("--repo", action="append", default=[], metavar="OWNER/NAME")
    parser.add_argument("--issues", type=int, default=0, help="issues to create in each repository")
    args = parser.parse_args(argv)
    fake = FakeGitHub()
    for token, login in _iter_pairs(args.token):
        fake.add_user(login, token=token)
    for full_name in args.repo:
        fake.add_repo(full_name)
        for n in range(args.issues):
            fake.add_issue(full_name, title=f"Issue {n + 1}")
    print(fake.start(args.host, args.port), flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        fake.stop()


if __name__ == "__main__":
    main()
