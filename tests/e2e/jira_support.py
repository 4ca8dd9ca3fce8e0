"""A Jira site as an admin prepares it, the real service in front of it, and captured deliveries rewritten for it."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import uuid
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import httpx
from fastapi.testclient import TestClient
from pydantic import SecretStr

from integration.store import DeliveryStatus, Store, make_engine
from tests.fakes.jira.server import FakeJira
from tests.waiting import wait_until
from webhooks.app import create_app
from webhooks.settings import Settings
from webhooks.signatures import sign

SECRET = "jira-e2e-webhook-secret"
HOOK_URL = "https://problemframe.example.com/webhooks/jira"
PROJECT = "PROJ"
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "jira-webhooks"
DRAIN_SECONDS = 20.0


def admin_env(jira: FakeJira) -> dict[str, str]:
    """Return the environment an admin exports before running the command line against the site."""
    return {
        "PROBLEMFRAME_JIRA_URL": jira.url,
        "PROBLEMFRAME_JIRA_EMAIL": jira.email,
        "PROBLEMFRAME_JIRA_API_TOKEN": jira.api_token,
        "PROBLEMFRAME_JIRA_PAT": "",
        "PROBLEMFRAME_JIRA_WEBHOOK_SECRET": SECRET,
        "PROBLEMFRAME_WRITE_INTERVAL": "0",
        "PROBLEMFRAME_DRY_RUN": "false",
    }


def service_settings(jira: FakeJira, database_url: str, **overrides: Any) -> Settings:
    """Return the deployment's settings: the Jira site, the service account and the webhook secret."""
    values: dict[str, Any] = {
        "database_url": database_url,
        "jira_url": jira.url,
        "jira_email": jira.email,
        "jira_api_token": SecretStr(jira.api_token),
        "jira_webhook_secret": SecretStr(SECRET),
        "write_interval": 0.0,
        "worker_poll_seconds": 0.02,
        "scheduler_interval_seconds": 3600.0,
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)


def captured(name: str) -> dict[str, Any]:
    """Return a real Jira delivery as it was captured, such as 'issue_created'."""
    loaded: dict[str, Any] = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    return loaded


def issue_delivery(
    jira: FakeJira, name: str, key: str, *, by: str = "alice", items: Sequence[Mapping[str, Any]] | None = None
) -> dict[str, Any]:
    """Return a captured issue delivery rewritten to the issue as the site holds it now (and `by` acting)."""
    payload = captured(name)
    now = jira.issue_json(jira.issue(key), "2")
    seen = payload["issue"]
    payload["issue"] = {
        **seen, "id": now["id"], "key": now["key"], "self": now["self"], "fields": {**seen["fields"], **now["fields"]}
    }
    payload["user"] = jira.user_json(jira.users[by])
    if items is not None:
        payload["changelog"] = {**payload.get("changelog", {}), "items": [dict(item) for item in items]}
    return payload


def comment_delivery(jira: FakeJira, key: str, comment_id: str, *, with_issue: bool) -> dict[str, Any]:
    """Return a captured `comment_created` for a comment on the site; Server-style (no `issue`) unless asked."""
    payload = captured("comment_created")
    issue = jira.issue(key)
    [stored] = [comment for comment in issue.comments if comment["id"] == comment_id]
    payload["comment"] = {**payload["comment"], **jira.comment_json(issue, stored, "2")}
    if with_issue:
        payload["issue"] = jira.issue_json(issue, "2")
    return payload


def changed(jira: FakeJira, name: str, before: str | None, after: str) -> dict[str, Any]:
    """Return a changelog item for a custom field, as Jira writes it."""
    return {
        "field": name, "fieldtype": "custom", "fieldId": jira.field_by_name(name).id,
        "from": None, "fromString": before, "to": None, "toString": after,
    }


def status_item(jira: FakeJira, before: str, after: str) -> dict[str, Any]:
    """Return a changelog item for a status change, as Jira writes it."""
    return {
        "field": "status", "fieldtype": "jira", "fieldId": "status",
        "from": jira.workflow.status(before).id, "fromString": before,
        "to": jira.workflow.status(after).id, "toString": after,
    }


def move(jira: FakeJira, key: str, status: str) -> None:
    """Move an issue the way a person does on the board (a done status sets the resolution)."""
    issue = jira.issue(key)
    [transition] = [t for t in jira.available_transitions(issue) if t.to == status]
    jira.transition(issue, transition.id, {})


class Service:
    """The running service as Jira sees it: a webhook door, plus the inbox behind it."""

    def __init__(self, client: TestClient, store: Store) -> None:
        self.client = client
        self.store = store

    def deliver(
        self, payload: Mapping[str, Any], *, identifier: str | None = None, secret: str | None = SECRET,
        body: bytes | None = None,
    ) -> httpx.Response:
        """POST a delivery the way Jira does: signed raw body and a webhook identifier."""
        raw = body if body is not None else json.dumps(payload).encode()
        headers = {
            "Content-Type": "application/json",
            "X-Atlassian-Webhook-Identifier": identifier or str(uuid.uuid4()),
        }
        if secret is not None:
            headers["X-Hub-Signature"] = sign(secret, raw)
        return self.client.post("/webhooks/jira", content=raw, headers=headers)

    def drain(self) -> None:
        """Wait until the worker has finished every delivery (bounded), then check none failed."""

        def drained() -> bool:
            counts = self.store.inbox.counts()
            return counts[DeliveryStatus.PENDING] + counts[DeliveryStatus.PROCESSING] == 0

        wait_until(drained, "the inbox to drain", timeout=DRAIN_SECONDS)
        failed = self.store.inbox.find(status=DeliveryStatus.FAILED)
        assert failed == [], [delivery.last_error for delivery in failed]

    def statuses(self) -> dict[str, DeliveryStatus]:
        """Return each stored delivery's status by its identifier."""
        return {delivery.delivery_id: delivery.status for delivery in self.store.inbox.find(limit=1000)}


@contextlib.contextmanager
def running(settings: Settings, *, background: bool = True) -> Iterator[Service]:
    """Run the app built by create_app until the block ends (its lifespan starts the worker)."""
    store = Store(make_engine(settings.database_url))
    try:
        with TestClient(create_app(settings, start_background=background)) as client:
            yield Service(client, store)
    finally:
        store.close()


def recent(days: int) -> str:
    """Return the date `days` ago, so evidence stays recent whenever the tests run."""
    return (dt.datetime.now(dt.UTC).date() - dt.timedelta(days=days)).isoformat()
