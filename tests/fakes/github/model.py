"""What the fake GitHub keeps (accounts, repositories, issues, Apps, tokens) and how it refuses a request."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

DOCS = "https://docs.github.com/rest"

Json = dict[str, Any]
Reply = tuple[int, Any, dict[str, str]]


def iso(ts: float | None) -> str | None:
    """Return epoch seconds as GitHub writes a time (None stays None)."""
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
class Caller:
    """Who a request's credentials name."""

    kind: str  # "anonymous", "user", "installation", "app"
    login: str | None = None
    installation: Installation | None = None
    app: App | None = None


class GitHubError(Exception):
    """An error answer in GitHub's shape: a message, maybe `errors`, and where the documentation is."""

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
        """Return the JSON body of the answer."""
        body: dict[str, Any] = {"message": str(self)}
        if self.errors is not None:
            body["errors"] = self.errors
        body["documentation_url"] = self.docs
        return body
