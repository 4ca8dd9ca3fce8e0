"""Requests checked against Jira's OpenAPI subset (v2 against its v3 twin), and admin webhooks against their shape."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar

from tests.fakes.jira.model import adf
from tests.fakes.openapi_check import shared_checker

CONTRACT = Path(__file__).resolve().parents[2] / "contracts" / "jira-cloud-rest-v3-issues.json"
# Admin webhooks and the screen list are not in the OpenAPI subset; their shapes come from
# https://developer.atlassian.com/cloud/jira/platform/webhooks/#registering-a-webhook-using-the-jira-rest-api-other-integrations
OUTSIDE_SUBSET = {("GET", "/rest/api/3/screens"), ("GET", "/rest/api/3/user/permission/search")}
_ADMIN_WEBHOOK_KEYS = {"name", "url", "events", "filters", "excludeBody", "secret", "enabled", "description"}


class Contract:
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
        v3_path, v2 = to_v3(path)
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


def to_v3(path: str) -> tuple[str, bool]:
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


def check_admin_webhook(body: Any) -> str:
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
