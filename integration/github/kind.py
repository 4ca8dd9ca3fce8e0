"""GitHub as a kind of tracker: its settings, names and keys, and how to connect (PyGithub is loaded on use)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import urlsplit

from integration.github.comments import GITHUB_STICKY
from integration.tracker import NotConfigured, Tracker
from integration.tracker_kind import Connection, Portfolio, Secret, WriteSettings, filled

if TYPE_CHECKING:
    from integration.github.clients import Clients
    from integration.github.tracker import GitHubTracker
    from problemframe.events import TicketEvent

GITHUB_TIMEOUT = 15
_REPO = re.compile(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")
_ALLOWED_REPO = re.compile(r"[A-Za-z0-9_.-]+/(?:[A-Za-z0-9_.-]+|\*)")


class GitHubSettings(WriteSettings, Protocol):
    """The settings GitHub reads."""

    @property
    def github_token(self) -> Secret | None: ...
    @property
    def github_app_id(self) -> str | None: ...
    @property
    def github_private_key(self) -> Secret | None: ...
    @property
    def github_api_url(self) -> str: ...
    def github_private_key_pem(self) -> str | None: ...


def github_clients(settings: GitHubSettings, *, prefer_token: bool = False) -> Clients:
    """Return GitHub clients as the App when its credentials are set, else with the token.

    `prefer_token` picks the token when both are set (an admin's token may reach what the App was not given).
    """
    from integration.github.clients import AppClients, TokenClients

    try:
        pem = settings.github_private_key_pem()
    except ValueError as exc:
        raise NotConfigured(str(exc)) from None
    token = settings.github_token
    if settings.github_app_id and pem and not (prefer_token and filled(token)):
        # One App connection: it reaches each repository through that repository's own installation.
        return AppClients(settings.github_app_id, pem, api_url=settings.github_api_url, timeout=GITHUB_TIMEOUT)
    if token is not None:
        return TokenClients(token.get_secret_value(), api_url=settings.github_api_url, timeout=GITHUB_TIMEOUT)
    raise NotConfigured(
        "GitHub needs PROBLEMFRAME_GITHUB_TOKEN, or PROBLEMFRAME_GITHUB_APP_ID + PROBLEMFRAME_GITHUB_PRIVATE_KEY"
    )


class GitHubKind:
    """GitHub Issues: repositories `owner/repo`, issue numbers, markdown comments."""

    name = "github"
    flag = "--github"
    wiki = False
    sticky = GITHUB_STICKY
    key_noun = "an issue number"
    container_noun = "repository"
    app_installations = True

    def ticket_label(self, container: str, key: str) -> str:
        return f"{container}#{key}"

    def key_pattern(self, container: str) -> str:
        return r"[0-9]+"

    def container_problem(self, container: str) -> str | None:
        return None if _REPO.fullmatch(container) else f"--github takes OWNER/REPO, not {container!r}"

    def budget(self, settings: GitHubSettings) -> str:
        host = urlsplit(settings.github_api_url).netloc
        if settings.github_app_id:
            return f"github:{host}:app:{settings.github_app_id}"
        token = settings.github_token.get_secret_value() if settings.github_token else ""
        return f"github:{host}:token:{hashlib.sha256(token.encode()).hexdigest()[:16]}"

    def has_credentials(self, settings: GitHubSettings) -> bool:
        return filled(settings.github_token) or (filled(settings.github_app_id) and filled(settings.github_private_key))

    def connect(self, settings: GitHubSettings, connection: Connection) -> GitHubTracker:
        return self._tracker(settings, github_clients(settings), connection)

    def portfolio(
        self, settings: GitHubSettings, container: str, *, state_dir: Path | None, connection: Connection
    ) -> Portfolio:
        from integration.github.calls import Calls, RetryPolicy
        from integration.github.portfolio import EtagCache, GitHubIssueReader

        clients = github_clients(settings)
        tracker = self._tracker(settings, clients, connection)
        calls = Calls(clock=connection.clock, sleep=connection.sleep, retry=RetryPolicy(), on_response=None)
        client = calls.retrying(lambda: clients.client(container, calls.call), what=f"client for {container}")
        cache = EtagCache(None if state_dir is None else state_dir / f"etags-{container.replace('/', '_')}.json")
        reader = GitHubIssueReader(client, container, cache=cache, calls=calls)
        return Portfolio(tracker, reader, reader.stats.created_at)

    def _tracker(self, settings: GitHubSettings, clients: Clients, connection: Connection) -> GitHubTracker:
        from integration.github.tracker import GitHubTracker

        metrics = connection.metrics

        def on_response(status: int, remaining: int | None) -> None:
            if metrics is not None:
                metrics.tracker_call(tracker="github", status=str(status))
                if remaining is not None:
                    metrics.rate_limit(tracker="github", remaining=remaining)

        return GitHubTracker(
            clients, write_interval=settings.write_interval, dry_run=settings.dry_run, on_response=on_response,
            clock=connection.clock, sleep=connection.sleep, ledger=connection.ledger, budget=self.budget(settings),
            on_write=connection.on_write,
        )

    def normalise(
        self, event: str, payload: Mapping[str, Any], tracker: Tracker, *, delivery_id: str
    ) -> TicketEvent | None:
        from integration.github.events import to_ticket_event

        return to_ticket_event(event, payload, service_login=tracker.service_login(), delivery_id=delivery_id)

    def installation_event(self, event: str) -> bool:
        from integration.github.events import INSTALLATION_EVENTS

        return event in INSTALLATION_EVENTS

    def installation_of(self, payload: Mapping[str, Any]) -> int | None:
        from integration.github.events import installation_id

        return installation_id(payload)

    def probe(self, settings: GitHubSettings) -> Iterator[str]:
        from integration.github.probe import probe_github

        return probe_github(settings)

    def allow_entry(self, entry: str) -> str | None:
        return entry.casefold() if _ALLOWED_REPO.fullmatch(entry) else None

    def allows(self, entries: frozenset[str], container: str) -> bool:
        owner = container.split("/", 1)[0]
        return container.casefold() in entries or f"{owner}/*".casefold() in entries


GITHUB = GitHubKind()
"""The GitHub kind, as the registry (integration/kinds.py) lists it."""


