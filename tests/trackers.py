"""The one way the tests build each tracker client against its fake server."""

from __future__ import annotations

from typing import Any

from integration.github.clients import AppClients
from integration.github.kind import GITHUB_TIMEOUT
from integration.github.tracker import GitHubTracker
from integration.jira.tracker import JiraTracker
from tests.fakes.clock import FakeClock
from tests.fakes.github.server import FakeGitHub
from tests.fakes.jira.server import FakeJira

BOT_TOKEN = "bot-token"


def github_tracker(fake: FakeGitHub, clock: FakeClock, **options: Any) -> GitHubTracker:
    """Return the service's token tracker on `fake`, pacing and retrying on `clock`; `options` go to from_token."""
    settings: dict[str, Any] = {"api_url": fake.base_url, "clock": clock.time, "sleep": clock.sleep, **options}
    return GitHubTracker.from_token(BOT_TOKEN, **settings)


def github_app_tracker(fake: FakeGitHub, app_id: int, private_key_pem: str, **options: Any) -> GitHubTracker:
    """Return the service's tracker connected as a GitHub App on `fake`, as the GitHub kind connects it;
    `options` go to GitHubTracker."""
    clients = AppClients(app_id, private_key_pem, api_url=fake.base_url, timeout=GITHUB_TIMEOUT)
    return GitHubTracker(clients, **options)


def jira_tracker(fake: FakeJira, **options: Any) -> JiraTracker:
    """Return the service's tracker on `fake`, with the credentials its deployment takes and no write pacing;
    `options` go to from_settings."""
    cloud = fake.deployment == "Cloud"
    credentials = {"email": fake.email, "api_token": fake.api_token} if cloud else {"pat": fake.pat}
    settings: dict[str, Any] = {**credentials, "write_interval": 0.0, **options}
    return JiraTracker.from_settings(fake.url, **settings)
