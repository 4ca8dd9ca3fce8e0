"""Issue comments: list, add (up to Jira's length limit), read, edit (only the author may) and delete."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tests.fakes.jira.model import Issue, JiraError, adf_text, jira_time
from tests.fakes.jira.routes import API, route

if TYPE_CHECKING:
    from tests.fakes.jira.server import JiraHandler


@route("GET", API + "/issue/{key}/comment")
def _comments(h: JiraHandler, m: dict[str, str], q: dict[str, str], b: Any) -> tuple[int, Any]:
    issue = h.jira.issue(m["key"])
    comments = [h.jira.comment_json(issue, c, h.version) for c in issue.comments]
    start, size = int(q.get("startAt", 0)), int(q.get("maxResults", 5000))
    return 200, {
        "startAt": start,
        "maxResults": size,
        "total": len(comments),
        "comments": comments[start : start + size],
    }


def _comment_text(h: JiraHandler, body: Any) -> str:
    text = body.get("body") if isinstance(body, dict) else None
    if h.version == "3" and isinstance(text, dict):
        return adf_text(text)
    if not isinstance(text, str) or not text.strip():
        raise JiraError(400, "", errors={"comment": "Comment body can not be empty!"})
    return text


@route("POST", API + "/issue/{key}/comment")
def _add_comment(h: JiraHandler, m: dict[str, str], q: dict[str, str], b: Any) -> tuple[int, Any]:
    issue = h.jira.issue(m["key"])
    text = _comment_text(h, b)
    if len(text) > 32767:
        raise JiraError(
            400, "", errors={"comment": "The entered text is too long. It exceeds the allowed limit of 32767."}
        )
    comment_id = h.jira.add_comment(issue.key, text, author="bot")
    comment = next(c for c in issue.comments if c["id"] == comment_id)
    return 201, h.jira.comment_json(issue, comment, h.version)


def _find_comment(h: JiraHandler, m: dict[str, str]) -> tuple[Issue, dict[str, Any]]:
    issue = h.jira.issue(m["key"])
    for comment in issue.comments:
        if comment["id"] == m["id"]:
            return issue, comment
    raise JiraError(404, "Can not find a comment for the id.")


@route("GET", API + "/issue/{key}/comment/{id}")
def _get_comment(h: JiraHandler, m: dict[str, str], q: dict[str, str], b: Any) -> tuple[int, Any]:
    issue, comment = _find_comment(h, m)
    return 200, h.jira.comment_json(issue, comment, h.version)


@route("PUT", API + "/issue/{key}/comment/{id}")
def _edit_comment(h: JiraHandler, m: dict[str, str], q: dict[str, str], b: Any) -> tuple[int, Any]:
    issue, comment = _find_comment(h, m)
    if comment["author"] is not h.jira.bot:
        raise JiraError(403, "You do not have the permission to edit this comment.")
    comment["body"] = _comment_text(h, b)
    comment["updated"] = jira_time()
    return 200, h.jira.comment_json(issue, comment, h.version)


@route("DELETE", API + "/issue/{key}/comment/{id}")
def _delete_comment(h: JiraHandler, m: dict[str, str], q: dict[str, str], b: Any) -> tuple[int, Any]:
    issue, comment = _find_comment(h, m)
    issue.comments.remove(comment)
    return 204, None
