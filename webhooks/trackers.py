"""Tracker connections chosen from the process settings, built once and shared by the worker and scheduler."""

from __future__ import annotations

import hashlib
import threading
import time
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

import yaml
from pydantic import ValidationError

from integration.github import GitHubTracker
from integration.github.clients import AppClients, Clients, TokenClients
from integration.jira.tracker import JiraTracker
from integration.retry import Clock, Sleep, WriteLedger
from integration.tracker import PermanentTrackerError, Tracker
from problemframe.policy import MetricSource, Policy, PolicyError, load_policy
from webhooks.metrics import Metrics
from webhooks.settings import Settings
from webhooks.yaml_text import yaml_problem

GITHUB_TIMEOUT = 15


class TrackerFactory(Protocol):
    """Return the tracker connection that serves deliveries from a source (and GitHub App installation)."""

    def __call__(self, source: str, *, installation_id: int | None) -> Tracker:
        """Return a tracker for this source."""
        ...


def github_clients(settings: Settings) -> Clients:
    """Return GitHub clients as the App when its credentials are set, else with the token."""
    try:
        pem = settings.github_private_key_pem()
    except ValueError as exc:
        raise PermanentTrackerError(str(exc)) from None
    if settings.github_app_id and pem:
        # One App connection: it reaches each repository through that repository's own installation.
        return AppClients(settings.github_app_id, pem, api_url=settings.github_api_url, timeout=GITHUB_TIMEOUT)
    if settings.github_token is not None:
        return TokenClients(
            settings.github_token.get_secret_value(), api_url=settings.github_api_url, timeout=GITHUB_TIMEOUT
        )
    raise PermanentTrackerError(
        "GitHub needs PROBLEMFRAME_GITHUB_TOKEN, or PROBLEMFRAME_GITHUB_APP_ID + PROBLEMFRAME_GITHUB_PRIVATE_KEY"
    )


def write_budget(settings: Settings, source: str) -> str:
    """Name the account whose write budget a tracker draws on: the token or App, never its secret."""
    if source == "github":
        host = urlsplit(settings.github_api_url).netloc
        if settings.github_app_id:
            return f"github:{host}:app:{settings.github_app_id}"
        token = settings.github_token.get_secret_value() if settings.github_token else ""
        return f"github:{host}:token:{hashlib.sha256(token.encode()).hexdigest()[:16]}"
    return f"jira:{settings.jira_url or ''}:{settings.jira_email or 'pat'}"[:200]


def github_tracker(
    settings: Settings,
    *,
    metrics: Metrics | None = None,
    clock: Clock = time.time,
    sleep: Sleep = time.sleep,
    ledger: WriteLedger | None = None,
) -> GitHubTracker:
    """Connect to GitHub with the configured credentials; every response is counted in the metrics.

    With a `ledger`, writes are paced against the budget every replica sharing these credentials draws on.
    """

    def on_response(status: int, remaining: int | None) -> None:
        if metrics is not None:
            metrics.tracker_call(tracker="github", status=str(status))
            if remaining is not None:
                metrics.rate_limit(tracker="github", remaining=remaining)

    return GitHubTracker(
        github_clients(settings), write_interval=settings.write_interval, dry_run=settings.dry_run,
        on_response=on_response, clock=clock, sleep=sleep, ledger=ledger, budget=write_budget(settings, "github"),
    )


def _read_mapping(path: Path, what: str) -> dict[Any, Any]:
    try:
        document: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise PermanentTrackerError(f"{path}: cannot read the {what} ({exc.strerror or exc})") from exc
    except UnicodeDecodeError as exc:
        raise PermanentTrackerError(f"{path}: the {what} is not UTF-8 text") from exc
    except yaml.YAMLError as exc:
        raise PermanentTrackerError(f"{path}: the {what} is not valid YAML ({yaml_problem(exc)})") from exc
    if document is None:
        return {}
    if not isinstance(document, dict):
        raise PermanentTrackerError(f"{path}: the {what} must be a mapping")
    return document


def jira_policies(settings: Settings) -> dict[str, Policy]:
    """Read the per-project Jira policies from PROBLEMFRAME_JIRA_POLICY_FILE; none configured means defaults."""
    path = settings.jira_policy_file
    if path is None:
        return {}
    document = _read_mapping(path, "Jira policies (project key -> policy)")
    try:
        return {str(project).upper(): load_policy(policy) for project, policy in document.items()}
    except PolicyError as exc:
        raise PermanentTrackerError(f"{path}: {exc}") from exc


def metric_sources(settings: Settings) -> dict[str, MetricSource]:
    """Read the operator's named metric sources from PROBLEMFRAME_METRIC_SOURCES_FILE; none means manual only."""
    path = settings.metric_sources_file
    if path is None:
        return {}
    document = _read_mapping(path, "metric sources (name -> source)")
    sources = {}
    for name, source in document.items():
        try:
            sources[str(name)] = MetricSource.model_validate(source)
        except ValidationError as exc:
            problems = "; ".join(f"{'.'.join(map(str, (name, *e['loc'])))}: {e['msg']}" for e in exc.errors())
            raise PermanentTrackerError(f"{path}: invalid metric source: {problems}") from None
    return sources


def jira_tracker(
    settings: Settings, *, metrics: Metrics | None = None, ledger: WriteLedger | None = None
) -> JiraTracker:
    """Connect to the configured Jira site; every REST call is counted in the metrics."""

    def on_call(status: str) -> None:
        if metrics is not None:
            metrics.tracker_call(tracker="jira", status=status)

    if not settings.jira_url:
        raise PermanentTrackerError("Jira needs PROBLEMFRAME_JIRA_URL")
    return JiraTracker.from_settings(
        settings.jira_url,
        email=settings.jira_email,
        api_token=settings.jira_api_token.get_secret_value() if settings.jira_api_token else None,
        pat=settings.jira_pat.get_secret_value() if settings.jira_pat else None,
        write_interval=settings.write_interval,
        dry_run=settings.dry_run,
        policies=jira_policies(settings),
        on_call=on_call,
        ledger=ledger,
        budget=write_budget(settings, "jira"),
    )


def from_settings(
    settings: Settings,
    *,
    metrics: Metrics | None = None,
    clock: Clock = time.time,
    sleep: Sleep = time.sleep,
    ledger: WriteLedger | None = None,
) -> TrackerFactory:
    """Return a factory of GitHub and Jira connections; each is made on first use and then reused.

    `clock` and `sleep` pace and retry the GitHub connection's requests (tests pass a virtual clock); `ledger`
    keeps the write budget shared with other replicas.
    """
    made: dict[str, Tracker] = {}
    lock = threading.Lock()

    def factory(source: str, *, installation_id: int | None) -> Tracker:
        with lock:
            if source not in made:
                if source == "github":
                    made[source] = github_tracker(settings, metrics=metrics, clock=clock, sleep=sleep, ledger=ledger)
                elif source == "jira":
                    made[source] = jira_tracker(settings, metrics=metrics, ledger=ledger)
                else:
                    raise PermanentTrackerError(f"unknown tracker {source!r}")
            return made[source]

    return factory
