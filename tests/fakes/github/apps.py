"""The service's own identity and its App: the API root, rate limit, /user, /app, installations and their tokens."""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING, Any

from tests.fakes.github.model import Caller, GitHubError, Reply, Token, iso
from tests.fakes.github.routes import route
from tests.fakes.github.views import installation_json, user_json

if TYPE_CHECKING:
    from tests.fakes.github.server import FakeGitHub


@route("GET", "/")
def _root(fake: FakeGitHub, caller: Caller, p: dict[str, str], q: dict[str, str], data: Any) -> Reply:
    return 200, {"current_user_url": f"{fake.base_url}/user"}, {}


@route("GET", "/rate_limit")
def _rate_limit(fake: FakeGitHub, caller: Caller, p: dict[str, str], q: dict[str, str], data: Any) -> Reply:
    headers = fake.limits.headers(caller.login or "anonymous")
    core = {
        "limit": int(headers["x-ratelimit-limit"]), "remaining": int(headers["x-ratelimit-remaining"]),
        "reset": int(headers["x-ratelimit-reset"]), "used": int(headers["x-ratelimit-used"]),
    }
    return 200, {"resources": {"core": core}, "rate": core}, {}


@route("GET", "/user")
def _get_user(fake: FakeGitHub, caller: Caller, p: dict[str, str], q: dict[str, str], data: Any) -> Reply:
    if caller.kind == "anonymous":
        raise GitHubError(401, "Requires authentication")
    if caller.kind != "user" or caller.login is None:
        raise GitHubError(403, "Resource not accessible by integration")
    return 200, user_json(fake, fake.users[caller.login]), {}


@route("GET", "/app")
def _get_app(fake: FakeGitHub, caller: Caller, p: dict[str, str], q: dict[str, str], data: Any) -> Reply:
    if caller.app is None:
        raise GitHubError(401, "A JSON web token could not be decoded")
    app = caller.app
    return 200, {
        "id": app.id, "slug": app.slug, "node_id": f"A_{app.id}", "name": app.slug,
        "owner": user_json(fake, fake.add_user("octo-org")), "description": "", "external_url": fake.base_url,
        "html_url": f"{fake.base_url}/apps/{app.slug}", "created_at": iso(fake.clock()),
        "updated_at": iso(fake.clock()), "permissions": {"issues": "write"}, "events": ["issues"],
    }, {}


@route("GET", "/repos/{owner}/{repo}/installation")
def _repo_installation(fake: FakeGitHub, caller: Caller, p: dict[str, str], q: dict[str, str], data: Any) -> Reply:
    if caller.app is None:
        raise GitHubError(401, "A JSON web token could not be decoded")
    repo = fake.find_repo(f"{p['owner']}/{p['repo']}")
    installation = fake.installations.get(repo.installation_id or -1)
    if installation is None or installation.app.id != caller.app.id:
        raise GitHubError(404, "Not Found")
    return 200, installation_json(fake, installation), {}


def _account_installation(fake: FakeGitHub, caller: Caller, account: str, target_type: str) -> Reply:
    if caller.app is None:
        raise GitHubError(401, "A JSON web token could not be decoded")
    found = next((i for i in fake.installations.values() if i.app.id == caller.app.id
                  and i.account.casefold() == account.casefold() and i.target_type == target_type), None)
    if found is None:
        raise GitHubError(404, "Not Found")
    return 200, installation_json(fake, found), {}


@route("GET", "/orgs/{org}/installation")
def _org_installation(fake: FakeGitHub, caller: Caller, p: dict[str, str], q: dict[str, str], data: Any) -> Reply:
    # https://docs.github.com/rest/apps/apps#get-an-organization-installation-for-the-authenticated-app
    return _account_installation(fake, caller, p["org"], "Organization")


@route("GET", "/users/{username}/installation")
def _user_installation(fake: FakeGitHub, caller: Caller, p: dict[str, str], q: dict[str, str], data: Any) -> Reply:
    # https://docs.github.com/rest/apps/apps#get-a-user-installation-for-the-authenticated-app
    return _account_installation(fake, caller, p["username"], "User")


@route("POST", "/app/installations/{installation_id}/access_tokens")
def _access_token(fake: FakeGitHub, caller: Caller, p: dict[str, str], q: dict[str, str], data: Any) -> Reply:
    # https://docs.github.com/rest/apps/apps#create-an-installation-access-token-for-an-app
    if caller.app is None:
        raise GitHubError(401, "A JSON web token could not be decoded")
    installation = fake.installations.get(int(p["installation_id"]))
    if installation is None or installation.app.id != caller.app.id:
        raise GitHubError(404, "Not Found")
    value = "ghs_" + secrets.token_hex(18)
    expires = fake.clock() + installation.token_ttl
    fake.tokens[value] = Token(value, f"{installation.app.slug}[bot]", installation, expires)
    return 201, {
        "token": value, "expires_at": iso(expires), "permissions": {"issues": "write", "contents": "read"},
        "repository_selection": "selected",
    }, {}
