"""Labels: an issue's labels (add, set, clear, remove one) and a repository's labels (list, create, edit, delete)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from tests.fakes.github.model import Caller, GitHubError, Reply
from tests.fakes.github.routes import route
from tests.fakes.github.views import label_json

if TYPE_CHECKING:
    from tests.fakes.github.server import FakeGitHub


@route("GET", "/repos/{owner}/{repo}/issues/{issue_number}/labels")
def _issue_labels(fake: FakeGitHub, caller: Caller, p: dict[str, str], q: dict[str, str], data: Any) -> Reply:
    repo = fake.visible_repo(caller, p["owner"], p["repo"])
    issue = fake.issue_in(repo, p["issue_number"])
    page, headers = fake.page(issue.labels, q, f"/repos/{repo.full_name}/issues/{issue.number}/labels")
    return 200, [label_json(fake, repo, repo.labels[n.lower()]) for n in page], headers


def _label_names(data: Any) -> list[str]:
    items = data if isinstance(data, list) else (data or {}).get("labels", [])
    return [x if isinstance(x, str) else x["name"] for x in items]


@route("POST", "/repos/{owner}/{repo}/issues/{issue_number}/labels")
def _add_labels(fake: FakeGitHub, caller: Caller, p: dict[str, str], q: dict[str, str], data: Any) -> Reply:
    repo = fake.visible_repo(caller, p["owner"], p["repo"], write=True)
    issue = fake.issue_in(repo, p["issue_number"])
    present = {n.lower() for n in issue.labels}
    for name in _label_names(data):
        if name.lower() not in present:
            issue.labels.append(fake.ensure_label(repo, name).name)
            present.add(name.lower())
    fake.touch(issue)
    return 200, [label_json(fake, repo, repo.labels[n.lower()]) for n in issue.labels], {}


@route("PUT", "/repos/{owner}/{repo}/issues/{issue_number}/labels")
def _set_labels(fake: FakeGitHub, caller: Caller, p: dict[str, str], q: dict[str, str], data: Any) -> Reply:
    repo = fake.visible_repo(caller, p["owner"], p["repo"], write=True)
    issue = fake.issue_in(repo, p["issue_number"])
    issue.labels = [fake.ensure_label(repo, n).name for n in dict.fromkeys(_label_names(data))]
    fake.touch(issue)
    return 200, [label_json(fake, repo, repo.labels[n.lower()]) for n in issue.labels], {}


@route("DELETE", "/repos/{owner}/{repo}/issues/{issue_number}/labels")
def _clear_labels(fake: FakeGitHub, caller: Caller, p: dict[str, str], q: dict[str, str], data: Any) -> Reply:
    repo = fake.visible_repo(caller, p["owner"], p["repo"], write=True)
    issue = fake.issue_in(repo, p["issue_number"])
    issue.labels = []
    fake.touch(issue)
    return 204, None, {}


@route("DELETE", "/repos/{owner}/{repo}/issues/{issue_number}/labels/{name}")
def _remove_label(fake: FakeGitHub, caller: Caller, p: dict[str, str], q: dict[str, str], data: Any) -> Reply:
    repo = fake.visible_repo(caller, p["owner"], p["repo"], write=True)
    issue = fake.issue_in(repo, p["issue_number"])
    kept = [n for n in issue.labels if n.lower() != p["name"].lower()]
    if len(kept) == len(issue.labels):
        raise GitHubError(404, "Label does not exist")
    issue.labels = kept
    fake.touch(issue)
    return 200, [label_json(fake, repo, repo.labels[n.lower()]) for n in issue.labels], {}


@route("GET", "/repos/{owner}/{repo}/labels")
def _list_labels(fake: FakeGitHub, caller: Caller, p: dict[str, str], q: dict[str, str], data: Any) -> Reply:
    repo = fake.visible_repo(caller, p["owner"], p["repo"])
    page, headers = fake.page(list(repo.labels.values()), q, f"/repos/{repo.full_name}/labels")
    return 200, [label_json(fake, repo, label) for label in page], headers


@route("POST", "/repos/{owner}/{repo}/labels")
def _create_label(fake: FakeGitHub, caller: Caller, p: dict[str, str], q: dict[str, str], data: Any) -> Reply:
    repo = fake.visible_repo(caller, p["owner"], p["repo"], write=True)
    name = str(data["name"])
    if name.lower() in repo.labels:
        # GitHub's answer when the name is taken (the code, not the message, says so).
        raise GitHubError(
            422, "Validation Failed", errors=[{"resource": "Label", "code": "already_exists", "field": "name"}],
            docs="https://docs.github.com/rest/issues/labels#create-a-label",
        )
    color = str(data.get("color", "ededed")).lstrip("#").lower()
    if not re.fullmatch(r"[0-9a-f]{6}", color):
        raise GitHubError(422, "Validation Failed: color is invalid")
    label = fake.add_label(repo.full_name, name, color=color, description=data.get("description"))
    return 201, label_json(fake, repo, label), {}


@route("GET", "/repos/{owner}/{repo}/labels/{name}")
def _get_label(fake: FakeGitHub, caller: Caller, p: dict[str, str], q: dict[str, str], data: Any) -> Reply:
    repo = fake.visible_repo(caller, p["owner"], p["repo"])
    label = repo.labels.get(p["name"].lower())
    if label is None:
        raise GitHubError(404, "Not Found")
    return 200, label_json(fake, repo, label), {}


@route("PATCH", "/repos/{owner}/{repo}/labels/{name}")
def _edit_label(fake: FakeGitHub, caller: Caller, p: dict[str, str], q: dict[str, str], data: Any) -> Reply:
    repo = fake.visible_repo(caller, p["owner"], p["repo"], write=True)
    label = repo.labels.pop(p["name"].lower(), None)
    if label is None:
        raise GitHubError(404, "Not Found")
    label.name = str(data.get("new_name") or label.name)
    label.color = str(data.get("color") or label.color)
    label.description = data.get("description", label.description)
    repo.labels[label.name.lower()] = label
    return 200, label_json(fake, repo, label), {}


@route("DELETE", "/repos/{owner}/{repo}/labels/{name}")
def _delete_label(fake: FakeGitHub, caller: Caller, p: dict[str, str], q: dict[str, str], data: Any) -> Reply:
    repo = fake.visible_repo(caller, p["owner"], p["repo"], write=True)
    if repo.labels.pop(p["name"].lower(), None) is None:
        raise GitHubError(404, "Not Found")
    for issue in repo.issues.values():
        issue.labels = [n for n in issue.labels if n.lower() != p["name"].lower()]
    return 204, None, {}
