"""Searching issues by JQL (paged by startAt, or by token on /search/jql) and who holds a permission."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from tests.fakes.jira.jql import Jql
from tests.fakes.jira.model import JiraError
from tests.fakes.jira.routes import API, route

if TYPE_CHECKING:
    from tests.fakes.jira.server import JiraHandler


def _search(h: JiraHandler, q: Mapping[str, Any], token_paging: bool) -> tuple[int, Any]:
    jql = Jql(h.jira, str(q.get("jql", "")))
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


@route("GET", API + "/search")
def _search_get(h: JiraHandler, m: dict[str, str], q: dict[str, str], b: Any) -> tuple[int, Any]:
    return _search(h, q, token_paging=False)


@route("POST", API + "/search")
def _search_post(h: JiraHandler, m: dict[str, str], q: dict[str, str], b: Any) -> tuple[int, Any]:
    return _search(h, b or {}, token_paging=False)


@route("GET", API + "/search/jql")
def _search_jql_get(h: JiraHandler, m: dict[str, str], q: dict[str, str], b: Any) -> tuple[int, Any]:
    return _search(h, q, token_paging=True)


@route("POST", API + "/search/jql")
def _search_jql_post(h: JiraHandler, m: dict[str, str], q: dict[str, str], b: Any) -> tuple[int, Any]:
    return _search(h, b or {}, token_paging=True)


@route("GET", API + "/user/permission/search")
def _users_with_permissions(h: JiraHandler, m: dict[str, str], q: dict[str, str], b: Any) -> tuple[int, Any]:
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
