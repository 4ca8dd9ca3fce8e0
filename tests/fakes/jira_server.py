"""A stateful fake Jira (Cloud or Data Center) on 127.0.0.1, checked against the official REST description."""

from __future__ import annotations

import base64
import datetime as dt
import itertools
import json
import re
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import parse_qsl, urlsplit

from tests.fakes.openapi_check import shared_checker
from tests.fakes.request_log import LoggedRequest, RequestLog
from tests.fakes.routing import Router
from tests.fakes.serving import Fault, Faults, Handler, Serving

CONTRACT = Path(__file__).resolve().parent.parent / "contracts" / "jira-cloud-rest-v3-issues.json"

TEXTAREA = "com.atlassian.jira.plugin.system.customfieldtypes:textarea"
NUMBER = "com.atlassian.jira.plugin.system.customfieldtypes:float"
SELECT = "com.atlassian.jira.plugin.system.customfieldtypes:select"
_SCHEMA_TYPES = {TEXTAREA: "string", NUMBER: "number", SELECT: "option"}
_CATEGORIES = {
    "new": (2, "To Do", "blue-gray"),
    "indeterminate": (4, "In Progress", "yellow"),
    "done": (3, "Done", "green"),
}
_READ_POSTS = ("/search", "/search/jql")


class JiraError(Exception):
    """An error answer in Jira's own shape."""

    def __init__(self, status: int, message: str, *, errors: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.body = {"errorMessages": [message] if message else [], "errors": dict(errors or {})}


def _is_write(request: LoggedRequest) -> bool:
    """Return True for a request that changes state (search by POST is a read)."""
    if request.method == "GET":
        return False
    return not (request.method == "POST" and request.path.endswith(_READ_POSTS))


@dataclass
class Status:
    """A workflow status and its category key (new, indeterminate, done)."""

    id: str
    name: str
    category: str


@dataclass
class WorkflowTransition:
    """A transition to `to`; available from `sources` (None: from every other status)."""

    id: str
    name: str
    to: str
    sources: frozenset[str] | None = None


@dataclass
class Workflow:
    """Statuses and transitions of a project."""

    statuses: list[Status]
    transitions: list[WorkflowTransition]

    def status(self, name: str) -> Status:
        """Return the status called `name`."""
        for status in self.statuses:
            if status.name.lower() == name.lower():
                return status
        raise KeyError(name)


def default_workflow(*, outcome_review: bool = False) -> Workflow:
    """Return To Do -> In Progress -> Done, optionally with an 'Outcome review' status."""
    statuses = [
        Status("10000", "To Do", "new"),
        Status("3", "In Progress", "indeterminate"),
        Status("10001", "Done", "done"),
    ]
    transitions = [
        WorkflowTransition("11", "Back to do", "To Do"),
        WorkflowTransition("21", "Start progress", "In Progress"),
        WorkflowTransition("31", "Finish", "Done"),
    ]
    if outcome_review:
        statuses.append(Status("10002", "Outcome review", "indeterminate"))
        transitions.append(WorkflowTransition("41", "Review outcome", "Outcome review"))
    return Workflow(statuses, transitions)


@dataclass
class User:
    """A Jira account: Cloud knows it by accountId, Data Center by name."""

    account_id: str
    name: str
    display_name: str
    email: str
    can_edit: bool = True


@dataclass
class CustomField:
    """A custom field with its contexts and their options."""

    id: str
    name: str
    type: str
    description: str = ""
    contexts: dict[str, dict[str, Any]] = field(default_factory=dict)


@dataclass
class Issue:
    """An issue's stored state."""

    id: str
    key: str
    project: str
    summary: str
    description: str | None
    labels: list[str]
    status: str
    reporter: User
    resolution: str | None = None
    custom: dict[str, Any] = field(default_factory=dict)
    comments: list[dict[str, Any]] = field(default_factory=list)
    created: str = ""
    updated: str = ""


def _now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.000+0000")


def adf(text: str) -> dict[str, Any]:
    """Return an Atlassian Document Format document holding `text`, one paragraph a line."""
    paragraphs = [
        {"type": "paragraph", "content": [{"type": "text", "text": line}] if line else []} for line in text.split("\n")
    ]
    return {"type": "doc", "version": 1, "content": paragraphs}


def adf_text(node: Any) -> str:
    """Return the plain text of an ADF document (paragraphs joined by newlines)."""
    if isinstance(node, str):
        return node
    if not isinstance(node, dict):
        return ""
    if node.get("type") == "text":
        return str(node.get("text", ""))
    parts = [adf_text(child) for child in node.get("content", [])]
    return ("\n" if node.get("type") == "doc" else "").join(parts)


class _Contract:
    """Check requests against the OpenAPI subset; v2 paths are checked against their v3 twin."""

    _lock = threading.Lock()

    _seen: ClassVar[dict[tuple[str, str, str, str], str]] = {}

    @classmethod
    def check(cls, method: str, path: str, query: list[tuple[str, str]], body: Any, headers: Mapping[str, str]) -> str:
        """Return '' when the request matches the contract, else what is wrong (memoised per request shape)."""
        # Issue keys and numeric ids stand for any other of their kind: path parameters are strings or integers.
        head, _, rest = path.partition("/rest/api/")
        version, _, tail = rest.partition("/")
        tail = "/".join(
            "KEY-1" if re.fullmatch(r"[A-Z][A-Z0-9_]*-\d+", part) else "1" if part.isdigit() else part
            for part in tail.split("/")
        )
        shape = f"{head}/rest/api/{version}/{tail}"
        key = (method, shape, json.dumps(sorted(query)), json.dumps(body, sort_keys=True))
        with cls._lock:
            known = cls._seen.get(key)
        if known is None:
            known = cls._check(method, shape, query, body, headers)
            with cls._lock:
                cls._seen[key] = known
        return known.replace(shape, path, 1) if known else ""

    @classmethod
    def _check(cls, method: str, path: str, query: list[tuple[str, str]], body: Any, headers: Mapping[str, str]) -> str:
        v3_path, v2 = _to_v3(path)
        if body is not None and v2:
            body = _v2_body_as_v3(v3_path, body)
        if isinstance(body, dict) and isinstance(body.get("transition"), dict):
            # The jira library sends the transition id as an integer; the description says string and Jira
            # accepts both (https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-issueidorkey-transitions-post).
            transition = dict(body["transition"])
            if isinstance(transition.get("id"), int):
                transition["id"] = str(transition["id"])
            body = {**body, "transition": transition}
        # The jira library sends validateQuery=True (Python's spelling); Jira reads the flag case-insensitively.
        query = [(k, v.lower() if k == "validateQuery" else v) for k, v in query]
        raw = None if body is None else json.dumps(body).encode()
        # Atlassian's description does not pass a strict spec check (an enum default of ''), so only requests are
        # validated against it, not the document itself.
        checker = shared_checker(CONTRACT, validate_spec=False)
        result = checker.check(method, v3_path, query=query, headers=headers, body=raw, content_type="application/json")
        if result.ok:
            return ""
        return f"{method} {path}: {result.verdict}: {result.message}"


def _to_v3(path: str) -> tuple[str, bool]:
    match = re.match(r"^/rest/api/(2|3|latest)(/.*)$", path)
    if not match:
        return path, False
    return "/rest/api/3" + match.group(2), match.group(1) != "3"


def _v2_body_as_v3(v3_path: str, body: Any) -> Any:
    """Swap v2 wiki strings for ADF where v3 takes a document (comment bodies, descriptions)."""
    if not isinstance(body, dict):
        return body
    body = dict(body)
    if re.search(r"/comment(/[^/]+)?$", v3_path) and isinstance(body.get("body"), str):
        body["body"] = adf(body["body"])
    fields = body.get("fields")
    if isinstance(fields, dict) and isinstance(fields.get("description"), str):
        body["fields"] = {**fields, "description": adf(fields["description"])}
    return body


# Admin webhooks and the screen list are not in the OpenAPI subset; their shapes come from
# https://developer.atlassian.com/cloud/jira/platform/webhooks/#registering-a-webhook-using-the-jira-rest-api-other-integrations
_OUTSIDE_SUBSET = {("GET", "/rest/api/3/screens"), ("GET", "/rest/api/3/user/permission/search")}
_ADMIN_WEBHOOK_KEYS = {"name", "url", "events", "filters", "excludeBody", "secret", "enabled", "description"}


def _check_admin_webhook(body: Any) -> str:
    if not isinstance(body, dict):
        return "webhook body must be an object"
    unknown = set(body) - _ADMIN_WEBHOOK_KEYS
    missing = {"name", "url", "events"} - set(body)
    if unknown or missing:
        return f"webhook body: unknown {sorted(unknown)}, missing {sorted(missing)}"
    if not all(isinstance(event, str) for event in body["events"]):
        return "webhook events must be strings"
    filters = body.get("filters", {})
    if not isinstance(filters, dict) or set(filters) - {"issue-related-events-section"}:
        return "webhook filters: only issue-related-events-section is known"
    return ""


class _Jql:
    """A small JQL subset: clauses joined by AND, then ORDER BY."""

    _token = re.compile(
        r'\s*(?:"((?:[^"\\]|\\.)*)"|\'((?:[^\'\\]|\\.)*)\'|(>=|<=|!=|=|>|<|~|\(|\)|,)|([^\s"\'=<>!~(),]+))'
    )

    def __init__(self, fake: FakeJira, jql: str) -> None:
        self.fake = fake
        self.tokens: list[tuple[str, str]] = []
        position = 0
        text = jql.strip()
        while position < len(text):
            match = self._token.match(text, position)
            if not match or match.end() == position:
                raise JiraError(400, f"Error in the JQL Query: unexpected character at position {position}.")
            quoted = match.group(1) if match.group(1) is not None else match.group(2)
            if quoted is not None:
                self.tokens.append(("str", quoted))
            elif match.group(3):
                self.tokens.append(("op", match.group(3)))
            else:
                self.tokens.append(("word", match.group(4)))
            position = match.end()
        self.clauses: list[tuple[str, str, list[str]]] = []
        self.order: list[tuple[str, bool]] = []
        self._parse()

    def _next(self) -> tuple[str, str]:
        if not self.tokens:
            raise JiraError(400, "Error in the JQL Query: the query ended unexpectedly.")
        return self.tokens.pop(0)

    def _peek_word(self, *words: str) -> bool:
        return bool(self.tokens) and self.tokens[0][0] == "word" and self.tokens[0][1].lower() in words

    def _parse(self) -> None:
        while self.tokens and not self._peek_word("order"):
            name = self._next()[1]
            self.fake.clause_field(name)
            kind, op = self._next()
            if kind == "word" and op.lower() in ("in", "is"):
                op = op.lower()
                if op == "is" and self._peek_word("not"):
                    self._next()
                    op = "is not"
            elif kind != "op":
                raise JiraError(400, f"Error in the JQL Query: expecting an operator but got '{op}'.")
            values: list[str] = []
            if op == "in":
                if self._next() != ("op", "("):
                    raise JiraError(400, "Error in the JQL Query: expecting '(' after IN.")
                while True:
                    values.append(self._next()[1])
                    sep = self._next()
                    if sep == ("op", ")"):
                        break
                    if sep != ("op", ","):
                        raise JiraError(400, "Error in the JQL Query: expecting ',' or ')'.")
            else:
                values.append(self._next()[1])
            self.clauses.append((name, op, values))
            if self._peek_word("and"):
                self._next()
            elif self.tokens and not self._peek_word("order"):
                raise JiraError(
                    400, f"Error in the JQL Query: expecting AND or ORDER BY but got '{self.tokens[0][1]}'."
                )
        if self._peek_word("order"):
            self._next()
            if not self._peek_word("by"):
                raise JiraError(400, "Error in the JQL Query: expecting BY after ORDER.")
            self._next()
            while self.tokens:
                name = self._next()[1]
                self.fake.clause_field(name)
                descending = False
                if self._peek_word("asc", "desc"):
                    descending = self._next()[1].lower() == "desc"
                self.order.append((name, descending))
                if self.tokens and self._next() != ("op", ","):
                    raise JiraError(400, "Error in the JQL Query: expecting ',' between ORDER BY fields.")

    def matches(self, issue: Issue) -> bool:
        return all(self._match(issue, name, op, values) for name, op, values in self.clauses)

    def _match(self, issue: Issue, name: str, op: str, values: list[str]) -> bool:
        actual = self.fake.clause_value(issue, name)
        if op in ("is", "is not"):
            empty = actual is None or actual == [] or actual == ""
            return empty if op == "is" else not empty
        candidates = actual if isinstance(actual, list) else [actual]
        if op == "in":
            return any(_equal(item, value) for item in candidates for value in values)
        value = values[0]
        if op == "=":
            return any(_equal(item, value) for item in candidates)
        if op == "!=":
            return actual is not None and not any(_equal(item, value) for item in candidates)
        if op == "~":
            return isinstance(actual, str) and value.lower().strip("*") in actual.lower()
        if actual is None or isinstance(actual, list):
            return False
        try:
            left, right = float(actual), float(value)
        except (TypeError, ValueError):
            left, right = str(actual).lower(), value.lower()  # type: ignore[assignment]
        return {">": left > right, ">=": left >= right, "<": left < right, "<=": left <= right}[op]

    def sort(self, issues: list[Issue]) -> list[Issue]:
        ordered = sorted(issues, key=lambda issue: int(issue.id))
        for name, descending in reversed(self.order):
            present = [issue for issue in ordered if self.fake.clause_value(issue, name) is not None]
            absent = [issue for issue in ordered if self.fake.clause_value(issue, name) is None]
            present.sort(key=lambda issue: _sort_key(self.fake.clause_value(issue, name)), reverse=descending)
            ordered = present + absent
        return ordered


def _equal(actual: Any, value: str) -> bool:
    if actual is None:
        return False
    if isinstance(actual, int | float):
        try:
            return float(actual) == float(value)
        except ValueError:
            return False
    return str(actual).lower() == value.lower()


def _sort_key(value: Any) -> tuple[int, float, str]:
    if isinstance(value, int | float):
        return (0, float(value), "")
    return (1, 0.0, str(value).lower())


class FakeJira:
    """The fake server and its state; use as a context manager or call start() and stop()."""

    def __init__(
        self,
        *,
        deployment: str = "Cloud",
        email: str = "bot@example.com",
        api_token: str = "api-token",
        pat: str = "personal-access-token",
        admin: bool = True,
        workflow: Workflow | None = None,
    ) -> None:
        self.deployment = deployment
        self.email = email
        self.api_token = api_token
        self.pat = pat
        self.admin = admin
        self.workflow = workflow or default_workflow()
        self.embedded_comments = 50  # an issue's JSON carries only its first comments; the rest are paged
        self.bot = User("5b10a2844c20165700ede21g", "problemframe-bot", "problemframe", email)
        self.users: dict[str, User] = {"bot": self.bot}
        self.add_user("alice", account_id="5b10ac8d82e05b22cc7d4ef5", display_name="Alice Example")
        self.projects: dict[str, dict[str, Any]] = {}
        self.issues: dict[str, Issue] = {}
        self.fields: dict[str, CustomField] = {}
        self.webhooks: list[dict[str, Any]] = []
        self.screens: dict[str, dict[str, Any]] = {}
        self.log = RequestLog()
        self.violations: list[str] = []
        self._faults = Faults(full_match=False)
        self._ids = itertools.count(10100)
        self._lock = threading.RLock()
        self._serving: Serving | None = None

    # --- life cycle ---------------------------------------------------------------------------------------------

    def start(self) -> FakeJira:
        """Serve on a free port of 127.0.0.1 from a background thread."""
        self._serving = Serving(self, _Handler, name="fake-jira")
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

    # --- arranging state ----------------------------------------------------------------------------------------

    def add_user(self, handle: str, *, account_id: str, display_name: str, can_edit: bool = True) -> User:
        """Add a person who can comment, and edit issues unless `can_edit` is False (Edit Issues permission)."""
        user = User(account_id, handle, display_name, f"{handle}@example.com", can_edit)
        self.users[handle] = user
        return user

    def add_project(self, key: str, *, name: str | None = None, style: str = "classic", screens: bool = True) -> None:
        """Add a project; a company-managed one gets its default screen with one tab."""
        with self._lock:
            self.projects[key] = {"id": str(next(self._ids)), "key": key, "name": name or key, "style": style}
            if screens and style == "classic":
                screen_id = str(next(self._ids))
                self.screens[screen_id] = {
                    "id": screen_id,
                    "name": f"{key}: Scrum Default Issue Screen",
                    "tabs": {"1": {"id": "1", "name": "Field Tab", "fields": ["summary", "description", "labels"]}},
                }

    def add_field(self, name: str, type_key: str, *, options: tuple[str, ...] = ()) -> str:
        """Add a custom field (with a global context holding `options` for a select); return its id."""
        with self._lock:
            number = next(self._ids)
            custom = CustomField(f"customfield_{number}", name, type_key)
            if type_key == SELECT:
                context_id = str(next(self._ids))
                custom.contexts[context_id] = {
                    "id": context_id,
                    "name": f"Default Configuration Scheme for {name}",
                    "options": [{"id": str(next(self._ids)), "value": value, "disabled": False} for value in options],
                }
            self.fields[custom.id] = custom
            return custom.id

    def add_issue(
        self,
        project: str,
        summary: str,
        *,
        description: str | None = "",
        labels: tuple[str, ...] = (),
        status: str = "To Do",
        fields: Mapping[str, Any] | None = None,
        reporter: str = "alice",
    ) -> str:
        """Add an issue; `fields` sets custom fields by display name; return its key."""
        with self._lock:
            if project not in self.projects:
                self.add_project(project)
            number = sum(1 for issue in self.issues.values() if issue.project == project) + 1
            key = f"{project}-{number}"
            issue = Issue(
                id=str(next(self._ids)),
                key=key,
                project=project,
                summary=summary,
                description=description,
                labels=list(labels),
                status=self.workflow.status(status).name,
                reporter=self.users[reporter],
                created=_now(),
                updated=_now(),
            )
            for name, value in (fields or {}).items():
                custom = self.field_by_name(name)
                issue.custom[custom.id] = self._option(custom, value) if custom.type == SELECT else value
            self.issues[key] = issue
            return key

    def add_comment(self, key: str, body: str, *, author: str = "alice") -> str:
        """Add a comment by `author` (a handle from `users`, 'bot' for the service); return its id."""
        with self._lock:
            issue = self.issue(key)
            comment = {"id": str(next(self._ids)), "body": body, "author": self.users[author], "created": _now()}
            comment["updated"] = comment["created"]
            issue.comments.append(comment)
            return str(comment["id"])

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

    # --- reading state ------------------------------------------------------------------------------------------

    def issue(self, key_or_id: str) -> Issue:
        """Return an issue by key or id."""
        for issue in self.issues.values():
            if key_or_id in (issue.key, issue.id):
                return issue
        raise JiraError(404, "Issue does not exist or you do not have permission to see it.")

    def field_by_name(self, name: str) -> CustomField:
        """Return the first custom field with this display name."""
        for custom in self.fields.values():
            if custom.name.lower() == name.lower():
                return custom
        raise KeyError(name)

    def value(self, key: str, name: str) -> Any:
        """Return a custom field's plain value (option text for a select) by display name."""
        custom = self.field_by_name(name)
        raw = self.issue(key).custom.get(custom.id)
        return raw["value"] if isinstance(raw, dict) else raw

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

    # --- JQL support --------------------------------------------------------------------------------------------

    _SYSTEM_CLAUSES = (
        "project",
        "labels",
        "status",
        "statuscategory",
        "key",
        "issuekey",
        "summary",
        "resolution",
        "id",
        "created",
        "updated",
    )

    def clause_field(self, name: str) -> str:
        """Return the clause's field id, or raise Jira's 400 for an unknown field."""
        lowered = name.lower()
        if lowered in self._SYSTEM_CLAUSES:
            return lowered
        match = re.fullmatch(r"cf\[(\d+)\]", lowered)
        if match and f"customfield_{match.group(1)}" in self.fields:
            return f"customfield_{match.group(1)}"
        try:
            return self.field_by_name(name).id
        except KeyError:
            raise JiraError(400, f"Field '{name}' does not exist or you do not have permission to view it.") from None

    def clause_value(self, issue: Issue, name: str) -> Any:
        """Return what a clause compares for an issue."""
        field_id = self.clause_field(name)
        status = self.workflow.status(issue.status)
        simple = {
            "project": issue.project,
            "labels": issue.labels,
            "status": issue.status,
            "statuscategory": _CATEGORIES[status.category][1],
            "key": issue.key,
            "issuekey": issue.key,
            "summary": issue.summary,
            "resolution": issue.resolution,
            "id": issue.id,
            "created": issue.created,
            "updated": issue.updated,
        }
        if field_id in simple:
            return simple[field_id]
        raw = issue.custom.get(field_id)
        return raw["value"] if isinstance(raw, dict) else raw

    # --- JSON views ---------------------------------------------------------------------------------------------

    def user_json(self, user: User) -> dict[str, Any]:
        if self.deployment == "Cloud":
            return {
                "self": f"{self.url}/rest/api/2/user?accountId={user.account_id}",
                "accountId": user.account_id,
                "accountType": "atlassian",
                "displayName": user.display_name,
                "active": True,
            }
        return {
            "self": f"{self.url}/rest/api/2/user?username={user.name}",
            "name": user.name,
            "key": user.name,
            "displayName": user.display_name,
            "emailAddress": user.email,
            "active": True,
        }

    def status_json(self, name: str) -> dict[str, Any]:
        status = self.workflow.status(name)
        category_id, category_name, colour = _CATEGORIES[status.category]
        return {
            "self": f"{self.url}/rest/api/2/status/{status.id}",
            "id": status.id,
            "name": status.name,
            "description": "",
            "statusCategory": {
                "self": f"{self.url}/rest/api/2/statuscategory/{category_id}",
                "id": category_id,
                "key": status.category,
                "colorName": colour,
                "name": category_name,
            },
        }

    def comment_json(self, issue: Issue, comment: dict[str, Any], version: str) -> dict[str, Any]:
        author = self.user_json(comment["author"])
        return {
            "self": f"{self.url}/rest/api/{version}/issue/{issue.id}/comment/{comment['id']}",
            "id": comment["id"],
            "author": author,
            "updateAuthor": author,
            "body": comment["body"] if version != "3" else adf(comment["body"]),
            "created": comment["created"],
            "updated": comment["updated"],
        }

    def issue_json(self, issue: Issue, version: str) -> dict[str, Any]:
        project = self.projects[issue.project]
        text = (lambda value: value) if version != "3" else (lambda value: None if value is None else adf(value))
        fields: dict[str, Any] = {
            "summary": issue.summary,
            "description": text(issue.description),
            "labels": list(issue.labels),
            "status": self.status_json(issue.status),
            "resolution": None if issue.resolution is None else {"id": "10000", "name": issue.resolution},
            "project": {"id": project["id"], "key": project["key"], "name": project["name"]},
            "issuetype": {"id": "10001", "name": "Story", "subtask": False},
            "reporter": self.user_json(issue.reporter),
            "created": issue.created,
            "updated": issue.updated,
            "comment": {
                "comments": [self.comment_json(issue, c, version) for c in issue.comments[: self.embedded_comments]],
                "maxResults": self.embedded_comments,
                "total": len(issue.comments),
                "startAt": 0,
            },
        }
        for custom in self.fields.values():
            raw = issue.custom.get(custom.id)
            if custom.type == SELECT and isinstance(raw, dict):
                raw = {"self": f"{self.url}/rest/api/2/customFieldOption/{raw['id']}", **raw}
            elif custom.type == TEXTAREA:
                raw = text(raw)
            fields[custom.id] = raw
        return {
            "expand": "renderedFields,names,schema,operations,editmeta,changelog",
            "id": issue.id,
            "self": f"{self.url}/rest/api/{version}/issue/{issue.id}",
            "key": issue.key,
            "fields": fields,
        }

    def field_json(self, custom: CustomField) -> dict[str, Any]:
        number = custom.id.removeprefix("customfield_")
        return {
            "id": custom.id,
            "key": custom.id,
            "name": custom.name,
            "custom": True,
            "orderable": True,
            "navigable": True,
            "searchable": True,
            "clauseNames": [f"cf[{number}]", custom.name],
            "schema": {
                "type": _SCHEMA_TYPES.get(custom.type, "string"),
                "custom": custom.type,
                "customId": int(number),
            },
        }

    def system_fields_json(self) -> list[dict[str, Any]]:
        names = {"summary": "Summary", "description": "Description", "labels": "Labels", "status": "Status"}
        names |= {"resolution": "Resolution", "project": "Project", "comment": "Comment", "reporter": "Reporter"}
        return [
            {"id": key, "key": key, "name": name, "custom": False, "clauseNames": [key], "schema": {"system": key}}
            for key, name in names.items()
        ]

    # --- writes -------------------------------------------------------------------------------------------------

    def _option(self, custom: CustomField, value: Any) -> dict[str, Any] | None:
        if value is None:
            return None
        wanted = value.get("value") if isinstance(value, dict) and "value" in value else value
        wanted_id = value.get("id") if isinstance(value, dict) else None
        for context in custom.contexts.values():
            for option in context["options"]:
                if (wanted_id is not None and option["id"] == str(wanted_id)) or option["value"] == wanted:
                    return {"id": option["id"], "value": option["value"]}
        raise JiraError(400, "", errors={custom.id: f"Option value '{wanted}' is not valid"})

    def set_fields(self, issue: Issue, fields: Mapping[str, Any], update: Mapping[str, Any]) -> None:
        """Apply an edit (fields set, update operations) the way Jira validates it."""
        errors: dict[str, str] = {}
        for key, value in fields.items():
            if key == "summary" and isinstance(value, str):
                issue.summary = value
            elif key == "description":
                issue.description = adf_text(value) if isinstance(value, dict) else value
            elif key == "labels" and isinstance(value, list):
                issue.labels = self._valid_labels(value, errors)
            elif key in self.fields:
                custom = self.fields[key]
                if custom.type == NUMBER and not (value is None or isinstance(value, int | float)):
                    errors[key] = "Operation value must be a number"
                elif custom.type == SELECT:
                    try:
                        issue.custom[key] = self._option(custom, value)
                    except JiraError as exc:
                        errors.update(exc.body["errors"])
                else:
                    issue.custom[key] = adf_text(value) if isinstance(value, dict) else value
            else:
                errors[key] = f"Field '{key}' cannot be set. It is not on the appropriate screen, or unknown."
        for key, operations in update.items():
            if key != "labels":
                errors[key] = f"Field '{key}' cannot be updated with operations in this fake."
                continue
            labels = list(issue.labels)
            for operation in operations:
                for verb, value in operation.items():
                    if verb == "add" and value not in labels:
                        labels.append(value)
                    elif verb == "remove" and value in labels:
                        labels.remove(value)
                    elif verb == "set":
                        labels = list(value)
            issue.labels = self._valid_labels(labels, errors)
        if errors:
            raise JiraError(400, "", errors=errors)
        issue.updated = _now()

    @staticmethod
    def _valid_labels(labels: list[Any], errors: dict[str, str]) -> list[str]:
        for label in labels:
            if not isinstance(label, str) or not label or " " in label or len(label) > 255:
                errors["labels"] = "The label must not contain spaces and must be 1 to 255 characters long."
        return [str(label) for label in labels]

    def available_transitions(self, issue: Issue) -> list[WorkflowTransition]:
        return [
            transition
            for transition in self.workflow.transitions
            if transition.to != issue.status and (transition.sources is None or issue.status in transition.sources)
        ]

    def transition(self, issue: Issue, transition_id: str, fields: Mapping[str, Any]) -> None:
        """Move the issue; entering a done status sets a resolution, leaving one clears it."""
        for transition in self.available_transitions(issue):
            if transition.id == transition_id:
                target = self.workflow.status(transition.to)
                issue.status = target.name
                resolution = fields.get("resolution")
                if target.category == "done":
                    issue.resolution = resolution.get("name", "Done") if isinstance(resolution, dict) else "Done"
                else:
                    issue.resolution = None
                issue.updated = _now()
                return
        raise JiraError(400, f"Transition id '{transition_id}' is not valid for this issue.")

    def require_admin(self) -> None:
        if not self.admin:
            raise JiraError(403, "You do not have permission to perform this operation (Jira administrators only).")


_Route = Callable[["_Handler", dict[str, str], dict[str, str], Any], tuple[int, Any]]
_ROUTES: Router[_Route] = Router()
_route = _ROUTES.route

_API = "/rest/api/{v:2|3|latest}"


class _Handler(Handler):
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
        route = _ROUTES.find(method, path)
        if route is None:
            fake.violations.append(f"{method} {path}: no such operation in the fake or the contract")
            raise JiraError(404, f"No route for {method} {path}")
        if path.startswith("/rest/api/") and (method, _to_v3(path)[0]) not in _OUTSIDE_SUBSET:
            headers = {"Authorization": self.headers.get("Authorization", "")}
            problem = _Contract.check(method, path, pairs, body, headers)
            if problem:
                fake.violations.append(problem)
        with fake._lock:
            return route.handler(self, route.params, query, body)


class _Scripted(Exception):
    def __init__(self, failure: Fault) -> None:
        super().__init__(failure.status)
        self.failure = failure


def _page(values: list[Any], query: Mapping[str, str], default: int = 50) -> dict[str, Any]:
    start, size = int(query.get("startAt", 0)), int(query.get("maxResults", default))
    chunk = values[start : start + size]
    return {
        "startAt": start,
        "maxResults": size,
        "total": len(values),
        "isLast": start + size >= len(values),
        "values": chunk,
    }


@_route("GET", _API + "/serverInfo")
def _server_info(h: _Handler, m: dict[str, str], q: dict[str, str], b: Any) -> tuple[int, Any]:
    cloud = h.jira.deployment == "Cloud"
    numbers = [1001, 0, 0] if cloud else [9, 12, 0]
    return 200, {
        "baseUrl": h.jira.url,
        "version": ".".join(map(str, numbers)),
        "versionNumbers": numbers,
        "deploymentType": h.jira.deployment,
        "buildNumber": 100300,
        "serverTitle": "Jira",
    }


@_route("GET", _API + "/myself")
def _myself(h: _Handler, m: dict[str, str], q: dict[str, str], b: Any) -> tuple[int, Any]:
    return 200, {**h.jira.user_json(h.jira.bot), "emailAddress": h.jira.email}


@_route("GET", _API + "/field")
def _fields(h: _Handler, m: dict[str, str], q: dict[str, str], b: Any) -> tuple[int, Any]:
    return 200, h.jira.system_fields_json() + [h.jira.field_json(custom) for custom in h.jira.fields.values()]


@_route("GET", _API + "/field/search")
def _field_search(h: _Handler, m: dict[str, str], q: dict[str, str], b: Any) -> tuple[int, Any]:
    text = q.get("query", "").lower()
    found = [h.jira.field_json(custom) for custom in h.jira.fields.values() if text in custom.name.lower()]
    return 200, _page(found, q)


@_route("POST", _API + "/field")
def _create_field(h: _Handler, m: dict[str, str], q: dict[str, str], b: Any) -> tuple[int, Any]:
    h.jira.require_admin()
    if b.get("type") not in _SCHEMA_TYPES:
        raise JiraError(400, "", errors={"type": f"Unsupported custom field type {b.get('type')}"})
    field_id = h.jira.add_field(b["name"], b["type"])
    h.jira.fields[field_id].description = b.get("description", "")
    return 201, h.jira.field_json(h.jira.fields[field_id])


def _custom(h: _Handler, field_id: str) -> CustomField:
    if field_id not in h.jira.fields:
        raise JiraError(404, "The custom field was not found.")
    return h.jira.fields[field_id]


@_route("GET", _API + "/field/{field}/context")
def _contexts(h: _Handler, m: dict[str, str], q: dict[str, str], b: Any) -> tuple[int, Any]:
    h.jira.require_admin()
    custom = _custom(h, m["field"])
    values = [
        {"id": c["id"], "name": c["name"], "isGlobalContext": True, "isAnyIssueType": True}
        for c in custom.contexts.values()
    ]
    return 200, _page(values, q, 100)


@_route("POST", _API + "/field/{field}/context")
def _create_context(h: _Handler, m: dict[str, str], q: dict[str, str], b: Any) -> tuple[int, Any]:
    h.jira.require_admin()
    custom = _custom(h, m["field"])
    context_id = str(next(h.jira._ids))
    custom.contexts[context_id] = {"id": context_id, "name": b["name"], "options": []}
    return 201, {"id": context_id, "name": b["name"], "projectIds": b.get("projectIds", []), "issueTypeIds": []}


def _context(h: _Handler, m: dict[str, str]) -> dict[str, Any]:
    custom = _custom(h, m["field"])
    if custom.type != SELECT:
        raise JiraError(400, "The custom field doesn't support options.")
    if m["context"] not in custom.contexts:
        raise JiraError(404, "The context was not found.")
    return custom.contexts[m["context"]]


@_route("GET", _API + "/field/{field}/context/{context}/option")
def _options(h: _Handler, m: dict[str, str], q: dict[str, str], b: Any) -> tuple[int, Any]:
    h.jira.require_admin()
    return 200, _page(list(_context(h, m)["options"]), q, 100)


@_route("POST", _API + "/field/{field}/context/{context}/option")
def _create_options(h: _Handler, m: dict[str, str], q: dict[str, str], b: Any) -> tuple[int, Any]:
    h.jira.require_admin()
    context = _context(h, m)
    created = []
    for option in b.get("options", []):
        if any(existing["value"] == option["value"] for existing in context["options"]):
            raise JiraError(400, f"Option '{option['value']}' already exists in this context.")
        new = {"id": str(next(h.jira._ids)), "value": option["value"], "disabled": bool(option.get("disabled", False))}
        context["options"].append(new)
        created.append(new)
    return 200, {"options": created}


@_route("GET", _API + "/project/{key}")
def _project(h: _Handler, m: dict[str, str], q: dict[str, str], b: Any) -> tuple[int, Any]:
    project = next((p for p in h.jira.projects.values() if m["key"] in (p["key"], p["id"])), None)
    if project is None:
        raise JiraError(404, f"No project could be found with key '{m['key']}'.")
    simplified = project["style"] != "classic"
    return 200, {
        "self": f"{h.jira.url}/rest/api/2/project/{project['id']}",
        **{k: project[k] for k in ("id", "key", "name")},
        "projectTypeKey": "software",
        "style": project["style"],
        "simplified": simplified,
    }


@_route("GET", _API + "/issue/{key}")
def _get_issue(h: _Handler, m: dict[str, str], q: dict[str, str], b: Any) -> tuple[int, Any]:
    return 200, h.jira.issue_json(h.jira.issue(m["key"]), h.version)


@_route("PUT", _API + "/issue/{key}")
def _edit_issue(h: _Handler, m: dict[str, str], q: dict[str, str], b: Any) -> tuple[int, Any]:
    issue = h.jira.issue(m["key"])
    h.jira.set_fields(issue, b.get("fields") or {}, b.get("update") or {})
    return 204, None


@_route("GET", _API + "/issue/{key}/comment")
def _comments(h: _Handler, m: dict[str, str], q: dict[str, str], b: Any) -> tuple[int, Any]:
    issue = h.jira.issue(m["key"])
    comments = [h.jira.comment_json(issue, c, h.version) for c in issue.comments]
    start, size = int(q.get("startAt", 0)), int(q.get("maxResults", 5000))
    return 200, {
        "startAt": start,
        "maxResults": size,
        "total": len(comments),
        "comments": comments[start : start + size],
    }


def _comment_text(h: _Handler, body: Any) -> str:
    text = body.get("body") if isinstance(body, dict) else None
    if h.version == "3" and isinstance(text, dict):
        return adf_text(text)
    if not isinstance(text, str) or not text.strip():
        raise JiraError(400, "", errors={"comment": "Comment body can not be empty!"})
    return text


@_route("POST", _API + "/issue/{key}/comment")
def _add_comment(h: _Handler, m: dict[str, str], q: dict[str, str], b: Any) -> tuple[int, Any]:
    issue = h.jira.issue(m["key"])
    text = _comment_text(h, b)
    if len(text) > 32767:
        raise JiraError(
            400, "", errors={"comment": "The entered text is too long. It exceeds the allowed limit of 32767."}
        )
    comment_id = h.jira.add_comment(issue.key, text, author="bot")
    comment = next(c for c in issue.comments if c["id"] == comment_id)
    return 201, h.jira.comment_json(issue, comment, h.version)


def _find_comment(h: _Handler, m: dict[str, str]) -> tuple[Issue, dict[str, Any]]:
    issue = h.jira.issue(m["key"])
    for comment in issue.comments:
        if comment["id"] == m["id"]:
            return issue, comment
    raise JiraError(404, "Can not find a comment for the id.")


@_route("GET", _API + "/issue/{key}/comment/{id}")
def _get_comment(h: _Handler, m: dict[str, str], q: dict[str, str], b: Any) -> tuple[int, Any]:
    issue, comment = _find_comment(h, m)
    return 200, h.jira.comment_json(issue, comment, h.version)


@_route("PUT", _API + "/issue/{key}/comment/{id}")
def _edit_comment(h: _Handler, m: dict[str, str], q: dict[str, str], b: Any) -> tuple[int, Any]:
    issue, comment = _find_comment(h, m)
    if comment["author"] is not h.jira.bot:
        raise JiraError(403, "You do not have the permission to edit this comment.")
    comment["body"] = _comment_text(h, b)
    comment["updated"] = _now()
    return 200, h.jira.comment_json(issue, comment, h.version)


@_route("DELETE", _API + "/issue/{key}/comment/{id}")
def _delete_comment(h: _Handler, m: dict[str, str], q: dict[str, str], b: Any) -> tuple[int, Any]:
    issue, comment = _find_comment(h, m)
    issue.comments.remove(comment)
    return 204, None


@_route("GET", _API + "/issue/{key}/transitions")
def _transitions(h: _Handler, m: dict[str, str], q: dict[str, str], b: Any) -> tuple[int, Any]:
    issue = h.jira.issue(m["key"])
    return 200, {
        "transitions": [
            {
                "id": t.id,
                "name": t.name,
                "to": h.jira.status_json(t.to),
                "hasScreen": False,
                "isGlobal": t.sources is None,
                "isInitial": False,
                "isAvailable": True,
                "isConditional": False,
                "isLooped": False,
            }
            for t in h.jira.available_transitions(issue)
        ]
    }


@_route("POST", _API + "/issue/{key}/transitions")
def _do_transition(h: _Handler, m: dict[str, str], q: dict[str, str], b: Any) -> tuple[int, Any]:
    issue = h.jira.issue(m["key"])
    h.jira.transition(issue, str(b.get("transition", {}).get("id")), b.get("fields") or {})
    return 204, None


def _search(h: _Handler, q: Mapping[str, Any], token_paging: bool) -> tuple[int, Any]:
    jql = _Jql(h.jira, str(q.get("jql", "")))
    found = jql.sort([issue for issue in h.jira.issues.values() if jql.matches(issue)])
    size = int(q.get("maxResults", 50))
    start = int(q.get("nextPageToken") or 0) if token_paging else int(q.get("startAt", 0))
    page = [h.jira.issue_json(issue, h.version) for issue in found[start : start + size]]
    if token_paging:
        answer: dict[str, Any] = {"issues": page, "isLast": start + size >= len(found)}
        if not answer["isLast"]:
            answer["nextPageToken"] = str(start + size)
        return 200, answer
    return 200, {"startAt": start, "maxResults": size, "total": len(found), "issues": page}


@_route("GET", _API + "/search")
def _search_get(h: _Handler, m: dict[str, str], q: dict[str, str], b: Any) -> tuple[int, Any]:
    return _search(h, q, token_paging=False)


@_route("POST", _API + "/search")
def _search_post(h: _Handler, m: dict[str, str], q: dict[str, str], b: Any) -> tuple[int, Any]:
    return _search(h, b or {}, token_paging=False)


@_route("GET", _API + "/search/jql")
def _search_jql_get(h: _Handler, m: dict[str, str], q: dict[str, str], b: Any) -> tuple[int, Any]:
    return _search(h, q, token_paging=True)


@_route("POST", _API + "/search/jql")
def _search_jql_post(h: _Handler, m: dict[str, str], q: dict[str, str], b: Any) -> tuple[int, Any]:
    return _search(h, b or {}, token_paging=True)


@_route("GET", _API + "/user/permission/search")
def _users_with_permissions(h: _Handler, m: dict[str, str], q: dict[str, str], b: Any) -> tuple[int, Any]:
    wanted = {p.strip() for p in q.get("permissions", "").split(",") if p.strip()}
    if not wanted or not (q.get("issueKey") or q.get("projectKey")):
        raise JiraError(400, "The permissions and an issueKey or projectKey are required.")
    if q.get("issueKey"):
        h.jira.issue(q["issueKey"])
    if wanted - {"EDIT_ISSUES", "BROWSE_PROJECTS", "ADD_COMMENTS"}:
        raise JiraError(400, f"Unknown permissions in this fake: {sorted(wanted)}")
    # Cloud knows people by accountId only; Data Center by user name only.
    cloud = h.jira.deployment == "Cloud"
    login = q.get("accountId" if cloud else "username")
    found = [
        user for user in h.jira.users.values()
        if login == (user.account_id if cloud else user.name) and (user.can_edit or wanted == {"BROWSE_PROJECTS"})
    ]
    return 200, [h.jira.user_json(user) for user in found]


@_route("GET", _API + "/screens")
def _screens(h: _Handler, m: dict[str, str], q: dict[str, str], b: Any) -> tuple[int, Any]:
    h.jira.require_admin()
    values = [{"id": int(s["id"]), "name": s["name"], "description": ""} for s in h.jira.screens.values()]
    if h.jira.deployment == "Cloud":
        return 200, _page(values, q, 100)
    return 200, values


def _screen(h: _Handler, m: dict[str, str]) -> dict[str, Any]:
    h.jira.require_admin()
    if m["screen"] not in h.jira.screens:
        raise JiraError(404, "The screen was not found.")
    return h.jira.screens[m["screen"]]


@_route("GET", _API + "/screens/{screen}/tabs")
def _tabs(h: _Handler, m: dict[str, str], q: dict[str, str], b: Any) -> tuple[int, Any]:
    return 200, [{"id": int(t["id"]), "name": t["name"]} for t in _screen(h, m)["tabs"].values()]


def _names(h: _Handler) -> dict[str, str]:
    names = {f["id"]: f["name"] for f in h.jira.system_fields_json()}
    return names | {custom.id: custom.name for custom in h.jira.fields.values()}


@_route("GET", _API + "/screens/{screen}/tabs/{tab}/fields")
def _tab_fields(h: _Handler, m: dict[str, str], q: dict[str, str], b: Any) -> tuple[int, Any]:
    tab = _screen(h, m)["tabs"].get(m["tab"])
    if tab is None:
        raise JiraError(404, "The screen tab was not found.")
    names = _names(h)
    return 200, [{"id": field_id, "name": names.get(field_id, field_id)} for field_id in tab["fields"]]


@_route("POST", _API + "/screens/{screen}/tabs/{tab}/fields")
def _add_tab_field(h: _Handler, m: dict[str, str], q: dict[str, str], b: Any) -> tuple[int, Any]:
    tab = _screen(h, m)["tabs"].get(m["tab"])
    if tab is None:
        raise JiraError(404, "The screen tab was not found.")
    field_id = b["fieldId"]
    if field_id in tab["fields"]:
        raise JiraError(400, f"Field '{field_id}' already exists on the screen.")
    tab["fields"].append(field_id)
    return 200, {"id": field_id, "name": _names(h).get(field_id, field_id)}


@_route("GET", _API + "/webhook")
def _dynamic_webhooks(h: _Handler, m: dict[str, str], q: dict[str, str], b: Any) -> tuple[int, Any]:
    raise JiraError(403, "Only Connect and OAuth 2.0 apps can use this operation.")


@_route("POST", _API + "/webhook")
def _register_dynamic_webhooks(h: _Handler, m: dict[str, str], q: dict[str, str], b: Any) -> tuple[int, Any]:
    raise JiraError(403, "Only Connect and OAuth 2.0 apps can use this operation.")


def _webhook_json(h: _Handler, hook: dict[str, Any]) -> dict[str, Any]:
    shown = {k: v for k, v in hook.items() if k not in ("id", "secret")}
    return {"self": f"{h.jira.url}/rest/webhooks/1.0/webhook/{hook['id']}", **shown, "enabled": True}


@_route("GET", "/rest/webhooks/1.0/webhook")
def _admin_webhooks(h: _Handler, m: dict[str, str], q: dict[str, str], b: Any) -> tuple[int, Any]:
    h.jira.require_admin()
    return 200, [_webhook_json(h, hook) for hook in h.jira.webhooks]


def _check_webhook_body(h: _Handler, body: Any) -> None:
    problem = _check_admin_webhook(body)
    if problem:
        h.jira.violations.append("/rest/webhooks/1.0/webhook: " + problem)
        raise JiraError(400, problem)


@_route("POST", "/rest/webhooks/1.0/webhook")
def _create_admin_webhook(h: _Handler, m: dict[str, str], q: dict[str, str], b: Any) -> tuple[int, Any]:
    h.jira.require_admin()
    _check_webhook_body(h, b)
    hook = {"id": str(next(h.jira._ids)), "excludeBody": False, "filters": {}, **b}
    h.jira.webhooks.append(hook)
    return 201, _webhook_json(h, hook)


@_route("PUT", r"/rest/webhooks/1.0/webhook/{id:\d+}")
def _update_admin_webhook(h: _Handler, m: dict[str, str], q: dict[str, str], b: Any) -> tuple[int, Any]:
    h.jira.require_admin()
    _check_webhook_body(h, b)
    for hook in h.jira.webhooks:
        if hook["id"] == m["id"]:
            hook.update(b)
            return 200, _webhook_json(h, hook)
    raise JiraError(404, "Webhook not found.")


@_route("DELETE", r"/rest/webhooks/1.0/webhook/{id:\d+}")
def _delete_admin_webhook(h: _Handler, m: dict[str, str], q: dict[str, str], b: Any) -> tuple[int, Any]:
    h.jira.require_admin()
    h.jira.webhooks[:] = [hook for hook in h.jira.webhooks if hook["id"] != m["id"]]
    return 204, None


TIERS = ("none", "weak", "moderate", "strong")
OUTCOMES = ("pending", "review", "met", "partial", "missed", "inconclusive")


def add_problemframe_fields(fake: FakeJira) -> None:
    """Give the fake the custom fields `problemframe setup jira` creates."""
    for name in ("Problem statement", "Customer evidence", "Success metric"):
        fake.add_field(name, TEXTAREA)
    fake.add_field("Evidence score", NUMBER)
    fake.add_field("Evidence strength", SELECT, options=TIERS)
    fake.add_field("Outcome", SELECT, options=OUTCOMES)


def serve(fake: FakeJira) -> Iterator[FakeJira]:
    """Yield a started fake and stop it afterwards (the body of a pytest fixture)."""
    fake.start()
    try:
        yield fake
    finally:
        fake.stop()


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="Run the fake Jira until interrupted.")
    parser.add_argument("--deployment", choices=["Cloud", "Server"], default="Cloud")
    parser.add_argument("--project", default="PROJ")
    parser.add_argument("--fields", action="store_true", help="create the problemframe custom fields up front")
    arguments = parser.parse_args()
    server = FakeJira(deployment=arguments.deployment).start()
    server.add_project(arguments.project)
    if arguments.fields:
        add_problemframe_fields(server)
    print(f"fake Jira at {server.url} (basic auth {server.email}:{server.api_token}, PAT {server.pat})", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        server.stop()
