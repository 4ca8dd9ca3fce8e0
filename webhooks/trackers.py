"""Tracker connections chosen from the process settings, built once and shared by the worker and scheduler."""

from __future__ import annotations

import threading
from typing import Protocol

from integration.github import GitHubTracker
from integration.jira.tracker import JiraTracker
from integration.tracker import PermanentTrackerError, Tracker
from webhooks.metrics import Metrics
from webhooks.settings import Settings


class TrackerFactory(Protocol):
    """Return the tracker connection that serves deliveries from a source (and GitHub App installation)."""

    def __call__(self, source: str, *, installation_id: int | None) -> Tracker:
        """Return a tracker for this source."""
        ...


def github_tracker(settings: Settings, *, metrics: Metrics | None = None) -> GitHubTracker:
    """Connect to GitHub as the App when its credentials are set, else with the token."""

    def on_response(status: int, remaining: int | None) -> None:
        if metrics is not None:
            metrics.tracker_call(tracker="github", status=str(status))
            if remaining is not None:
                metrics.rate_limit(tracker="github", remaining=remaining)

    pem = settings.github_private_key_pem()
    if settings.github_app_id and pem:
        # One App connection: it reaches each repository through that repository's own installation.
        return GitHubTracker.from_app(
            settings.github_app_id, pem, api_url=settings.github_api_url, write_interval=settings.write_interval,
            dry_run=settings.dry_run, on_response=on_response,
        )
    if settings.github_token is not None:
        return GitHubTracker.from_token(
            settings.github_token.get_secret_value(), api_url=settings.github_api_url,
            write_interval=settings.write_interval, dry_run=settings.dry_run, on_response=on_response,
        )
    raise PermanentTrackerError(
        "GitHub needs PROBLEMFRAME_GITHUB_TOKEN, or PROBLEMFRAME_GITHUB_APP_ID + PROBLEMFRAME_GITHUB_PRIVATE_KEY"
    )


def jira_tracker(settings: Settings) -> JiraTracker:
    """Connect to the configured Jira site."""
    if not settings.jira_url:
        raise PermanentTrackerError("Jira needs PROBLEMFRAME_JIRA_URL")
    return JiraTracker.from_settings(
        settings.jira_url,
        email=settings.jira_email,
        api_token=settings.jira_api_token.get_secret_value() if settings.jira_api_token else None,
        pat=settings.jira_pat.get_secret_value() if settings.jira_pat else None,
        write_interval=settings.write_interval,
        dry_run=settings.dry_run,
    )


def from_settings(settings: Settings, *, metrics: Metrics | None = None) -> TrackerFactory:
    """Return a factory of GitHub and Jira connections; each is made on first use and then reused."""
    made: dict[str, Tracker] = {}
    lock = threading.Lock()

    def factory(source: str, *, installation_id: int | None) -> Tracker:
        with lock:
            if source not in made:
                if source == "github":
                    made[source] = github_tracker(settings, metrics=metrics)
                elif source == "jira":
                    made[source] = jira_tracker(settings)
                else:
                    raise PermanentTrackerError(f"unknown tracker {source!r}")
            return made[source]

    return factory
