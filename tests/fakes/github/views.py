"""The JSON GitHub answers with for accounts, labels, repositories, issues, comments and installations."""

from __future__ import annotations

import urllib.parse

from tests.fakes.github.model import Comment, Installation, Issue, Json, Label, Repo, User, iso
from tests.fakes.github.state import GitHubState


def user_json(fake: GitHubState, user: User) -> Json:
    """Return an account as GitHub shows it."""
    return {
        "login": user.login, "id": user.id, "node_id": f"U_{user.id}", "type": user.type, "site_admin": False,
        "url": f"{fake.base_url}/users/{urllib.parse.quote(user.login)}",
        "html_url": f"{fake.base_url}/{urllib.parse.quote(user.login)}",
        "avatar_url": "", "gravatar_id": "",
    }


def label_json(fake: GitHubState, repo: Repo, label: Label) -> Json:
    """Return a repository label as GitHub shows it."""
    return {
        "id": label.id, "node_id": f"LA_{label.id}", "name": label.name, "color": label.color,
        "description": label.description, "default": False,
        "url": f"{fake.base_url}/repos/{repo.full_name}/labels/{urllib.parse.quote(label.name)}",
    }


def repo_json(fake: GitHubState, repo: Repo) -> Json:
    """Return a repository as GitHub shows it."""
    url = f"{fake.base_url}/repos/{repo.full_name}"
    return {
        "id": repo.id, "node_id": f"R_{repo.id}", "name": repo.name, "full_name": repo.full_name,
        "owner": user_json(fake, fake.add_user(repo.owner)), "private": repo.private, "url": url,
        "html_url": f"{fake.base_url}/{repo.full_name}", "default_branch": repo.default_branch,
        "issues_url": f"{url}/issues{{/number}}", "labels_url": f"{url}/labels{{/name}}",
        "has_issues": True, "archived": False, "disabled": False,
        "visibility": "private" if repo.private else "public",
    }


def issue_json(fake: GitHubState, repo: Repo, issue: Issue) -> Json:
    """Return an issue as GitHub shows it, with its labels, comment count and thumbs-up reactions."""
    url = f"{fake.base_url}/repos/{repo.full_name}/issues/{issue.number}"
    return {
        "id": issue.id, "node_id": f"I_{issue.id}", "number": issue.number, "url": url,
        "repository_url": f"{fake.base_url}/repos/{repo.full_name}",
        "labels_url": f"{url}/labels{{/name}}", "comments_url": f"{url}/comments", "events_url": f"{url}/events",
        "html_url": f"{fake.base_url}/{repo.full_name}/issues/{issue.number}",
        "title": issue.title, "body": issue.body, "state": issue.state, "state_reason": issue.state_reason,
        "locked": False, "user": user_json(fake, issue.user), "author_association": issue.author_association,
        "labels": [label_json(fake, repo, repo.labels[name.lower()]) for name in issue.labels],
        "assignee": None, "assignees": [], "milestone": None,
        "comments": sum(1 for c in repo.comments.values() if c.issue_number == issue.number),
        "created_at": iso(issue.created_at), "updated_at": iso(issue.updated_at),
        "closed_at": iso(issue.closed_at),
        "reactions": {"url": f"{url}/reactions", "total_count": issue.thumbs_up, "+1": issue.thumbs_up, "-1": 0,
                      "laugh": 0, "hooray": 0, "confused": 0, "heart": 0, "rocket": 0, "eyes": 0},
    }


def comment_json(fake: GitHubState, repo: Repo, comment: Comment) -> Json:
    """Return an issue comment as GitHub shows it."""
    return {
        "id": comment.id, "node_id": f"IC_{comment.id}", "body": comment.body,
        "url": f"{fake.base_url}/repos/{repo.full_name}/issues/comments/{comment.id}",
        "html_url": f"{fake.base_url}/{repo.full_name}/issues/{comment.issue_number}#issuecomment-{comment.id}",
        "issue_url": f"{fake.base_url}/repos/{repo.full_name}/issues/{comment.issue_number}",
        "user": user_json(fake, comment.user), "author_association": comment.author_association,
        "created_at": iso(comment.created_at), "updated_at": iso(comment.updated_at),
    }


def installation_json(fake: GitHubState, installation: Installation) -> Json:
    """Return an App's installation as GitHub shows it to the App."""
    return {
        "id": installation.id, "app_id": installation.app.id, "app_slug": installation.app.slug,
        "account": user_json(fake, fake.add_user(installation.account)),
        "target_type": installation.target_type,
        "repository_selection": "selected", "permissions": {"issues": "write", "contents": "read"},
        "events": ["issues", "issue_comment"], "single_file_name": None,
        "access_tokens_url": f"{fake.base_url}/app/installations/{installation.id}/access_tokens",
        "repositories_url": f"{fake.base_url}/installation/repositories",
        "html_url": f"{fake.base_url}/settings/installations/{installation.id}",
        "created_at": iso(fake.clock()), "updated_at": iso(fake.clock()),
    }
