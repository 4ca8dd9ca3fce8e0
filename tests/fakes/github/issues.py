"""Repositories, their files, and issues: list, create, read and edit."""

from __future__ import annotations

import base64
import hashlib
from typing import TYPE_CHECKING, Any

from tests.fakes.github.model import Caller, GitHubError, Reply
from tests.fakes.github.routes import route
from tests.fakes.github.views import issue_json, repo_json

if TYPE_CHECKING:
    from tests.fakes.github.server import FakeGitHub


@route("GET", "/repos/{owner}/{repo}")
def _get_repo(fake: FakeGitHub, caller: Caller, p: dict[str, str], q: dict[str, str], data: Any) -> Reply:
    return 200, repo_json(fake, fake.visible_repo(caller, p["owner"], p["repo"])), {}


@route("GET", "/repos/{owner}/{repo}/contents/{path}")
def _get_contents(fake: FakeGitHub, caller: Caller, p: dict[str, str], q: dict[str, str], data: Any) -> Reply:
    repo = fake.visible_repo(caller, p["owner"], p["repo"])
    ref = q.get("ref") or repo.default_branch
    content = repo.files.get((ref, p["path"]))
    if content is None:
        raise GitHubError(404, "Not Found")
    sha = hashlib.sha1(b"blob %d\0" % len(content) + content).hexdigest()
    url = f"{fake.base_url}/repos/{repo.full_name}/contents/{p['path']}?ref={ref}"
    encoded = base64.encodebytes(content).decode()
    return 200, {
        "type": "file", "encoding": "base64", "size": len(content), "name": p["path"].rsplit("/", 1)[-1],
        "path": p["path"], "content": encoded, "sha": sha, "url": url, "git_url": None, "html_url": None,
        "download_url": None, "_links": {"self": url, "git": None, "html": None},
    }, {}


@route("GET", "/repos/{owner}/{repo}/issues")
def _list_issues(fake: FakeGitHub, caller: Caller, p: dict[str, str], q: dict[str, str], data: Any) -> Reply:
    repo = fake.visible_repo(caller, p["owner"], p["repo"])
    state = q.get("state", "open")
    wanted = {name.strip().lower() for name in q.get("labels", "").split(",") if name.strip()}
    issues = [
        i for i in repo.issues.values()
        if (state == "all" or i.state == state) and wanted <= {name.lower() for name in i.labels}
    ]
    key = "updated_at" if q.get("sort") == "updated" else "created_at"
    issues.sort(key=lambda i: (getattr(i, key), i.number), reverse=q.get("direction", "desc") == "desc")
    page, headers = fake.page(issues, q, f"/repos/{repo.full_name}/issues")
    return 200, [issue_json(fake, repo, i) for i in page], headers


@route("POST", "/repos/{owner}/{repo}/issues")
def _create_issue(fake: FakeGitHub, caller: Caller, p: dict[str, str], q: dict[str, str], data: Any) -> Reply:
    repo = fake.visible_repo(caller, p["owner"], p["repo"], write=True)
    labels = [x if isinstance(x, str) else x["name"] for x in data.get("labels") or []]
    issue = fake.add_issue(repo.full_name, title=str(data["title"]), body=data.get("body"), labels=labels,
                           user=caller.login or "ghost", author_association="OWNER")
    return 201, issue_json(fake, repo, issue), {}


@route("GET", "/repos/{owner}/{repo}/issues/{issue_number}")
def _get_issue(fake: FakeGitHub, caller: Caller, p: dict[str, str], q: dict[str, str], data: Any) -> Reply:
    repo = fake.visible_repo(caller, p["owner"], p["repo"])
    return 200, issue_json(fake, repo, fake.issue_in(repo, p["issue_number"])), {}


@route("PATCH", "/repos/{owner}/{repo}/issues/{issue_number}")
def _edit_issue(fake: FakeGitHub, caller: Caller, p: dict[str, str], q: dict[str, str], data: Any) -> Reply:
    # https://docs.github.com/rest/issues/issues#update-an-issue
    repo = fake.visible_repo(caller, p["owner"], p["repo"], write=True)
    issue = fake.issue_in(repo, p["issue_number"])
    data = data or {}
    if "title" in data and data["title"] is not None:
        issue.title = str(data["title"])
    if "body" in data:
        issue.body = data["body"]
    if "labels" in data and data["labels"] is not None:
        names = [x if isinstance(x, str) else x["name"] for x in data["labels"]]
        issue.labels = [fake.ensure_label(repo, n).name for n in names]
    state = data.get("state")
    if state and state != issue.state:
        issue.state = state
        issue.closed_at = fake.clock() if state == "closed" else None
        issue.state_reason = data.get("state_reason") or ("completed" if state == "closed" else "reopened")
    fake.touch(issue)
    return 200, issue_json(fake, repo, issue), {}
