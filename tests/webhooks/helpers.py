"""Helpers for the service tests: settings, signed GitHub deliveries, fixture payloads, a stored outcome."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import SecretStr

from integration.store import Store
from problemframe.events import CloseReason, TicketRef
from problemframe.model import Direction, SuccessMetric
from problemframe.outcome import Measurement, OutcomeRecord, on_closed
from problemframe.policy import Policy
from webhooks.settings import Settings
from webhooks.signatures import sign

SECRET = "s3cret-for-tests"
FIXTURES = Path(__file__).parent.parent / "fixtures" / "github"


def settings_for(database_url: str, **overrides: Any) -> Settings:
    """Return settings for a test database, ignoring the environment's .env file."""
    values: dict[str, Any] = {
        "database_url": database_url, "github_webhook_secret": SecretStr(SECRET), "worker_poll_seconds": 0.02,
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


def fixture(name: str) -> dict[str, Any]:
    """Return a real GitHub payload, such as 'issues.opened'."""
    payload: dict[str, Any] = json.loads((FIXTURES / f"{name}.json").read_text())
    return payload


def github_headers(event: str, body: bytes, *, delivery: str | None = None, secret: str = SECRET) -> dict[str, str]:
    """Return the headers GitHub sends with a delivery, signed."""
    return {
        "X-GitHub-Event": event,
        "X-GitHub-Delivery": delivery or str(uuid.uuid4()),
        "X-Hub-Signature-256": sign(secret, body),
        "Content-Type": "application/json",
    }


def encode(payload: dict[str, Any]) -> bytes:
    """Serialise a payload the way a webhook body arrives."""
    return json.dumps(payload).encode()


def stored_outcome(
    store: Store, ref: TicketRef, *, shipped: dt.datetime, measurements: Sequence[Measurement] = ()
) -> OutcomeRecord:
    """Store the outcome of a ticket shipped at `shipped`, its metric reported by hand, and return it."""
    metric = SuccessMetric(name="weekly active exporters", baseline=120, target=300, direction=Direction.INCREASE,
                           window_days=30, source="manual")
    record, _ = on_closed(None, frame_complete=True, metric=metric, close_reason=CloseReason.COMPLETED,
                          policy=Policy(), now=shipped, ref=ref)
    assert record is not None
    record = record.model_copy(update={"measurements": tuple(measurements)})
    store.outcomes.save(record, expected=None, now=shipped)
    return record
