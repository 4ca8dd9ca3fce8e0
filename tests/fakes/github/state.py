"""The fake GitHub's state: setting it up, reading it, and the lookups every route makes."""

from __future__ import annotations

import itertools
import threading
import urllib.parse
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from tests.fakes.github.model import App, Caller, Comment, GitHubError, Installation, Issue, Label, Repo, Token, User


class GitHubState:
    """Accounts, repositories and Apps in memory; `clock` is the fake's own "now" (epoch seconds).

    A test may swap in a FakeClock's time to move the fake through time (token expiry, rate-limit windows,
    timestamps) without sleeping.
    """

    def __init__(self, *, clock: Callable[[], float]) -> None:
        self.clock = clock
        self.base_url = "http://127.0.0.1"
        self.users: dict[str, User] = {}
        self.tokens: dict[str, Token] = {}
        self.repos: dict[str, Repo] = {}
        self.apps: dict[int, App] = {}
        self.installations: dict[int, Installation] = {}
        self._ids = itertools.count(1001)
        self._lock = threading.RLock()

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
            self.find_repo(full_name).labels[name.lower()] = label
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
            repo = self.find_repo(full_name)
            now = self.clock()
            number = max([*repo.issues, 0]) + 1
            issue = Issue(
                number, next(self._ids), title, body, self.add_user(user), author_association, now, now, state,
                state_reason, now if state == "closed" else None,
            )
            repo.issues[number] = issue
            issue.labels = [self.ensure_label(repo, name).name for name in labels]
            issue.thumbs_up = thumbs_up
            return issue

    def add_comment(self, full_name: str, number: int, body: str, *, user: str) -> Comment:
        """Post a comment on an issue as `user`."""
        with self._lock:
            repo = self.find_repo(full_name)
            now = self.clock()
            comment = Comment(next(self._ids), number, body, self.add_user(user), now, now)
            repo.comments[comment.id] = comment
            return comment

    def put_file(self, full_name: str, path: str, content: str | bytes, *, ref: str | None = None) -> None:
        """Store a file on a branch (the default branch unless `ref` is given)."""
        with self._lock:
            repo = self.find_repo(full_name)
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
                self.find_repo(full_name).installation_id = installation.id
            return installation

    # ---- inspection ---------------------------------------------------------------------------------------------

    def repo(self, full_name: str) -> Repo:
        """Return a repository's state."""
        return self.find_repo(full_name)

    def issue(self, full_name: str, number: int) -> Issue:
        """Return an issue's state."""
        return self.find_repo(full_name).issues[number]

    def comments(self, full_name: str, number: int) -> list[Comment]:
        """Return an issue's comments, oldest first."""
        repo = self.find_repo(full_name)
        return sorted((c for c in repo.comments.values() if c.issue_number == number), key=lambda c: c.id)

    # ---- lookups for routes -------------------------------------------------------------------------------------

    def find_repo(self, full_name: str) -> Repo:
        """Return a repository, or answer 404."""
        repo = self.repos.get(full_name.lower())
        if repo is None:
            raise GitHubError(404, "Not Found")
        return repo

    def visible_repo(self, caller: Caller, owner: str, name: str, *, write: bool = False) -> Repo:
        """Return a repository the caller may read (or write), else answer as GitHub does."""
        repo = self.find_repo(f"{owner}/{name}")
        if caller.kind == "app":
            raise GitHubError(403, "Resource not accessible by integration")
        if caller.kind == "installation" and (caller.installation is None or repo.full_name.lower()
                                              not in caller.installation.repos):
            raise GitHubError(404, "Not Found")
        if caller.kind == "anonymous" and (repo.private or write):
            raise GitHubError(404 if repo.private else 401, "Not Found" if repo.private else "Requires authentication")
        return repo

    def issue_in(self, repo: Repo, number: str) -> Issue:
        """Return a repository's issue by its number in a path, or answer 404."""
        issue = repo.issues.get(int(number))
        if issue is None:
            raise GitHubError(404, "Not Found")
        return issue

    def ensure_label(self, repo: Repo, name: str) -> Label:
        """Return a repository's label by name, creating it when missing."""
        # Adding an unknown label to an issue creates it with the default colour, as github.com does.
        return repo.labels.get(name.lower()) or self.add_label(repo.full_name, name)

    def touch(self, issue: Issue) -> None:
        """Mark an issue updated now."""
        issue.updated_at = self.clock()

    def page(self, items: Sequence[Any], query: Mapping[str, str], path: str) -> tuple[list[Any], dict[str, str]]:
        """Return the page of `items` a query asks for, and the Link header to the other pages."""
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
