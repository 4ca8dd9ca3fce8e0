"""Issue comments: list, post, read, edit (only the author may) and delete."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tests.fakes.github.model import Caller, Comment, GitHubError, Reply, Repo
from tests.fakes.github.routes import route
from tests.fakes.github.views import comment_json

if TYPE_CHECKING:
    from tests.fakes.github.server import FakeGitHub

MAX_COMMENT_CHARS = 65536


@route("GET", "/repos/{owner}/{repo}/issues/{issue_number}/comments")
def _list_comments(fake: FakeGitHub, caller: Caller, p: dict[str, str], q: dict[str, str], data: Any) -> Reply:
    repo = fake.visible_repo(caller, p["owner"], p["repo"])
    issue = fake.issue_in(repo, p["issue_number"])
    comments = fake.comments(repo.full_name, issue.number)
    page, headers = fake.page(comments, q, f"/repos/{repo.full_name}/issues/{issue.number}/comments")
    return 200, [comment_json(fake, repo, c) for c in page], headers


def _check_comment_body(data: Any) -> str:
    body = str((data or {}).get("body", ""))
    if len(body) > MAX_COMMENT_CHARS:
        raise GitHubError(422, f"Validation Failed: body is too long (maximum is {MAX_COMMENT_CHARS} characters)")
    return body


@route("POST", "/repos/{owner}/{repo}/issues/{issue_number}/comments")
def _create_comment(fake: FakeGitHub, caller: Caller, p: dict[str, str], q: dict[str, str], data: Any) -> Reply:
    repo = fake.visible_repo(caller, p["owner"], p["repo"], write=True)
    issue = fake.issue_in(repo, p["issue_number"])
    comment = fake.add_comment(repo.full_name, issue.number, _check_comment_body(data), user=caller.login or "ghost")
    fake.touch(issue)
    return 201, comment_json(fake, repo, comment), {}


def _comment(fake: FakeGitHub, caller: Caller, p: dict[str, str], *, write: bool) -> tuple[Repo, Comment]:
    repo = fake.visible_repo(caller, p["owner"], p["repo"], write=write)
    comment = repo.comments.get(int(p["comment_id"]))
    if comment is None:
        raise GitHubError(404, "Not Found")
    return repo, comment


@route("GET", "/repos/{owner}/{repo}/issues/comments/{comment_id}")
def _get_comment(fake: FakeGitHub, caller: Caller, p: dict[str, str], q: dict[str, str], data: Any) -> Reply:
    repo, comment = _comment(fake, caller, p, write=False)
    return 200, comment_json(fake, repo, comment), {}


@route("PATCH", "/repos/{owner}/{repo}/issues/comments/{comment_id}")
def _edit_comment(fake: FakeGitHub, caller: Caller, p: dict[str, str], q: dict[str, str], data: Any) -> Reply:
    repo, comment = _comment(fake, caller, p, write=True)
    if comment.user.login != caller.login:
        raise GitHubError(403, "You must be the author of this comment to edit it")
    comment.body = _check_comment_body(data)
    comment.updated_at = fake.clock()
    return 200, comment_json(fake, repo, comment), {}


@route("DELETE", "/repos/{owner}/{repo}/issues/comments/{comment_id}")
def _delete_comment(fake: FakeGitHub, caller: Caller, p: dict[str, str], q: dict[str, str], data: Any) -> Reply:
    repo, comment = _comment(fake, caller, p, write=True)
    del repo.comments[comment.id]
    return 204, None, {}
