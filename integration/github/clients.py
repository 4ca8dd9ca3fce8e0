"""PyGithub clients for a token or a GitHub App (one installation client per installation)."""

from __future__ import annotations

import abc
import threading
from collections.abc import Callable
from typing import Any

from github import Auth, Github, GithubIntegration

from integration.github.calls import HasRequester, NotFoundError
from integration.tracker import PermanentTrackerError

Call = Callable[[HasRequester, Callable[[], Any]], Any]

# PyGithub's own retry (urllib3 Retry) and throttling (seconds_between_requests/_writes) are switched off:
# both sleep with time.sleep, which tests cannot observe, retry a single request rather than a unit of work
# (so a retried comment could be posted twice), and hide requests from our write count. calls.py and
# integration/retry.py do that work instead, with an injected clock. lazy=True saves a GET of the
# repository before each issue call.
CLIENT_OPTIONS: dict[str, Any] = {
    "retry": None,
    "seconds_between_requests": None,
    "seconds_between_writes": None,
    "per_page": 100,
    "lazy": True,
}


class Clients(abc.ABC):
    """Hand out the Github client for a repository and name the account it writes as."""

    @abc.abstractmethod
    def client(self, container: str, call: Call) -> Github:
        """Return the client that may act on repository 'owner/repo', making any lookup through `call`."""

    @abc.abstractmethod
    def owner_client(self, owner: str, call: Call) -> Github:
        """Return the client that may act on an account's projects, making any lookup through `call`."""

    @abc.abstractmethod
    def login(self, call: Call) -> str:
        """Return the service's own login, fetching it once through `call`."""


class TokenClients(Clients):
    """One client for every repository, authenticated with a token."""

    def __init__(self, token: str, *, api_url: str, timeout: int) -> None:
        self._github = Github(base_url=api_url, auth=Auth.Token(token), timeout=timeout, **CLIENT_OPTIONS)
        self._login: str | None = None

    def client(self, container: str, call: Call) -> Github:
        """Return the token's client."""
        return self._github

    def owner_client(self, owner: str, call: Call) -> Github:
        """Return the token's client: a token reaches any account's projects it may see."""
        return self._github

    def login(self, call: Call) -> str:
        """Return the token owner's login (GET /user, once)."""
        if self._login is None:
            self._login = str(call(self._github, lambda: self._github.get_user().login))
        return self._login


class AppClients(Clients):
    """A GitHub App: a JWT-authenticated integration plus one installation client per installation.

    PyGithub's AppInstallationAuth exchanges the JWT for an installation token on first use and again shortly
    before the token expires, so the cached clients stay valid.
    """

    def __init__(
        self,
        app_id: int | str,
        private_key_pem: str,
        *,
        api_url: str,
        timeout: int,
    ) -> None:
        self._auth = Auth.AppAuth(app_id, private_key_pem)
        self._api_url = api_url
        self._timeout = timeout
        self.integration = GithubIntegration(
            auth=self._auth,
            base_url=api_url,
            timeout=timeout,
            retry=None,
            seconds_between_requests=None,
            seconds_between_writes=None,
        )
        self._installations: dict[str, int] = {}
        self._owner_installations: dict[str, int] = {}
        self._clients: dict[int, Github] = {}
        self._login: str | None = None
        self._lock = threading.Lock()

    def installation_id(self, container: str, call: Call) -> int:
        """Return the installation that covers a repository (GET /repos/{owner}/{repo}/installation, cached)."""
        key = container.lower()
        if key not in self._installations:
            owner, repo = container.split("/", 1)
            found = call(self.integration, lambda: self.integration.get_repo_installation(owner, repo).id)
            self._installations[key] = int(found)
        return self._installations[key]

    def owner_installation_id(self, owner: str, call: Call) -> int:
        """Return the App's installation on an organization or user account (cached).

        GET /orgs/{org}/installation, then GET /users/{username}/installation when the owner is no organization.
        """
        key = owner.lower()
        if key not in self._owner_installations:
            self._owner_installations[key] = self._find_owner_installation(owner, call)
        return self._owner_installations[key]

    def _find_owner_installation(self, owner: str, call: Call) -> int:
        integration = self.integration
        try:
            return int(call(integration, lambda: integration.get_org_installation(owner).id))
        except NotFoundError:
            pass
        try:
            return int(call(integration, lambda: integration.get_user_installation(owner).id))
        except NotFoundError:
            raise PermanentTrackerError(
                f"the GitHub App is not installed on {owner}: install it on that account (with the Projects "
                "permission), or set PROBLEMFRAME_GITHUB_TOKEN"
            ) from None

    def client(self, container: str, call: Call) -> Github:
        """Return the installation client for a repository."""
        return self._installation_client(self.installation_id(container, call))

    def owner_client(self, owner: str, call: Call) -> Github:
        """Return the installation client for an account's projects."""
        return self._installation_client(self.owner_installation_id(owner, call))

    def _installation_client(self, installation: int) -> Github:
        with self._lock:
            if installation not in self._clients:
                auth = self._auth.get_installation_auth(installation)
                self._clients[installation] = Github(
                    base_url=self._api_url, auth=auth, timeout=self._timeout, **CLIENT_OPTIONS
                )
            return self._clients[installation]

    def login(self, call: Call) -> str:
        """Return '<app slug>[bot]', the login GitHub shows for the App's writes (GET /app, once)."""
        if self._login is None:
            slug = call(self.integration, lambda: self.integration.get_app().slug)
            self._login = f"{slug}[bot]"
        return self._login
