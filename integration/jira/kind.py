"""Jira as a kind of tracker: its settings, names and keys, and how to connect (the jira library is loaded on use)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from integration.jira.comments import JIRA_STICKY
from integration.jira.jql import is_project_key
from integration.jira.policy_file import read_policies
from integration.tracker import NotConfigured, Tracker
from integration.tracker_kind import Connection, Portfolio, Secret, WriteSettings, filled

if TYPE_CHECKING:
    from integration.jira.tracker import JiraTracker
    from problemframe.events import TicketEvent

_PROJECT = re.compile(r"[A-Z][A-Z0-9_]*")


class JiraSettings(WriteSettings, Protocol):
    """The settings Jira reads."""

    @property
    def jira_url(self) -> str | None: ...
    @property
    def jira_email(self) -> str | None: ...
    @property
    def jira_api_token(self) -> Secret | None: ...
    @property
    def jira_pat(self) -> Secret | None: ...
    @property
    def jira_policy_file(self) -> Path | None: ...


class JiraKind:
    """Jira (Cloud or Data Center): projects `PROJ`, issue keys `PROJ-12`, wiki-markup comments."""

    name = "jira"
    flag = "--jira-project"
    wiki = True
    sticky = JIRA_STICKY
    key_noun = "an issue key of the project"
    container_noun = "project"
    app_installations = False

    def ticket_label(self, container: str, key: str) -> str:
        return key

    def key_pattern(self, container: str) -> str:
        return re.escape(container) + r"-[0-9]+"

    def container_problem(self, container: str) -> str | None:
        if is_project_key(container):
            return None
        return f"--jira-project takes a project key such as PROJ, not {container!r}"

    def budget(self, settings: JiraSettings) -> str:
        return f"jira:{settings.jira_url or ''}:{settings.jira_email or 'pat'}"[:200]

    def has_credentials(self, settings: JiraSettings) -> bool:
        return filled(settings.jira_url) and (
            (filled(settings.jira_email) and filled(settings.jira_api_token)) or filled(settings.jira_pat)
        )

    def connect(self, settings: JiraSettings, connection: Connection) -> JiraTracker:
        """Connect to the configured site; Jira paces and retries by the wall clock (its Caller's own)."""
        from integration.jira.tracker import JiraTracker

        metrics = connection.metrics

        def on_call(status: str) -> None:
            if metrics is not None:
                metrics.tracker_call(tracker="jira", status=status)

        if not settings.jira_url:
            raise NotConfigured("Jira needs PROBLEMFRAME_JIRA_URL")
        return JiraTracker.from_settings(
            settings.jira_url,
            email=settings.jira_email,
            api_token=settings.jira_api_token.get_secret_value() if settings.jira_api_token else None,
            pat=settings.jira_pat.get_secret_value() if settings.jira_pat else None,
            write_interval=settings.write_interval,
            dry_run=settings.dry_run,
            policies=read_policies(settings.jira_policy_file),
            on_call=on_call,
            ledger=connection.ledger,
            budget=self.budget(settings),
            on_write=connection.on_write,
        )

    def portfolio(
        self, settings: JiraSettings, container: str, *, state_dir: Path | None, connection: Connection
    ) -> Portfolio:
        """Open a project; nothing is kept between runs, and requests are paced by the wall clock."""
        from integration.jira.portfolio import JiraIssueReader

        tracker = self.connect(settings, connection)
        reader = JiraIssueReader(tracker, container)
        return Portfolio(tracker, reader, reader.stats.created_at)

    def normalise(
        self, event: str, payload: Mapping[str, Any], tracker: Tracker, *, delivery_id: str
    ) -> TicketEvent | None:
        from integration.jira.events import normalise_delivery

        return normalise_delivery(payload, tracker, delivery_id=delivery_id)

    def installation_event(self, event: str) -> bool:
        return False

    def installation_of(self, payload: Mapping[str, Any]) -> int | None:
        return None

    def probe(self, settings: JiraSettings) -> Iterator[str]:
        from integration.jira.probe import probe_jira

        return probe_jira(settings)

    def allow_entry(self, entry: str) -> str | None:
        return entry if _PROJECT.fullmatch(entry) else None

    def allows(self, entries: frozenset[str], container: str) -> bool:
        return container in entries


JIRA = JiraKind()
"""The Jira kind, as the registry (integration/kinds.py) lists it."""
