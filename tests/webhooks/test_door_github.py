"""POST /webhooks/github verifies before parsing, answers each failure with its own code, and stores once."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from integration.store import DeliveryStatus, Store, make_engine
from tests.webhooks.helpers import encode, fixture, github_headers, settings_for
from webhooks.app import create_app


@pytest.fixture
def client(database_url: str) -> Iterator[TestClient]:
    app = create_app(settings_for(database_url, max_body_bytes=512 * 1024), start_background=False)
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def inbox_store(database_url: str, client: TestClient) -> Iterator[Store]:
    store = Store(make_engine(database_url))
    yield store
    store.close()


def _post(client: TestClient, body: bytes, headers: dict[str, str]) -> tuple[int, dict[str, object]]:
    response = client.post("/webhooks/github", content=body, headers=headers)
    return response.status_code, response.json()


def test_a_signed_issue_event_is_accepted_and_stored(client: TestClient, inbox_store: Store) -> None:
    body = encode(fixture("issues.opened"))
    status, answer = _post(client, body, github_headers("issues", body, delivery="d-1"))
    assert (status, answer["result"]) == (202, "accepted")
    (stored,) = inbox_store.inbox.find()
    assert (stored.delivery_id, stored.event, stored.action, stored.status) == (
        "d-1", "issues", "opened", DeliveryStatus.PENDING
    )
    assert stored.body == body
    assert stored.ticket_key == "github:Codertocat/Hello-World:1"


def test_a_redelivery_is_stored_once_and_answered_200(client: TestClient, inbox_store: Store) -> None:
    body = encode(fixture("issue_comment.created"))
    headers = github_headers("issue_comment", body, delivery="same")
    assert _post(client, body, headers)[0] == 202
    status, answer = _post(client, body, headers)
    assert (status, answer["result"]) == (200, "duplicate")
    assert len(inbox_store.inbox.find()) == 1


def test_ping_and_unhandled_events_are_answered_200_and_not_queued(client: TestClient, inbox_store: Store) -> None:
    ping = encode(fixture("ping"))
    status, answer = _post(client, ping, github_headers("ping", ping))
    assert (status, answer["result"], answer["event"]) == (200, "ignored", "ping")
    assigned = encode({**fixture("issues.opened"), "action": "assigned"})
    assert _post(client, assigned, github_headers("issues", assigned))[0] == 200
    assert inbox_store.inbox.depth() == 0
    assert inbox_store.inbox.counts()[DeliveryStatus.IGNORED] == 2


@pytest.mark.parametrize(
    "headers",
    [
        {"X-Hub-Signature-256": "sha256=" + "0" * 64},
        {"X-Hub-Signature-256": ""},
        {"X-Hub-Signature-256": None},
    ],
    ids=["wrong", "empty", "missing"],
)
def test_bad_or_missing_signature_is_401(
    client: TestClient, inbox_store: Store, headers: dict[str, str | None]
) -> None:
    body = encode(fixture("issues.opened"))
    sent = {**github_headers("issues", body), **headers}
    status, answer = _post(client, body, {k: v for k, v in sent.items() if v is not None})
    assert (status, answer["result"]) == (401, "unauthorized")
    assert inbox_store.inbox.find() == []


def test_a_body_signed_with_another_secret_is_401(client: TestClient) -> None:
    body = encode(fixture("issues.opened"))
    assert _post(client, body, github_headers("issues", body, secret="not the secret"))[0] == 401


def test_no_configured_secret_refuses_every_delivery(database_url: str) -> None:
    app = create_app(settings_for(database_url, github_webhook_secret=None), start_background=False)
    body = encode(fixture("issues.opened"))
    with TestClient(app) as client:
        status, answer = _post(client, body, github_headers("issues", body))
    assert status == 401 and "no webhook secret" in str(answer["detail"])


@pytest.mark.parametrize(
    ("body", "drop", "detail"),
    [
        (b"[1, 2]", None, "JSON object"),
        (b"{not json", None, "not JSON: Expecting property name"),
        (b"\xff\xfe", None, "not UTF-8"),
        (b"{}", "X-GitHub-Delivery", "X-GitHub-Delivery"),
        (b"{}", "X-GitHub-Event", "recognisable"),
    ],
)
def test_malformed_signed_deliveries_are_400(client: TestClient, body: bytes, drop: str | None, detail: str) -> None:
    headers = github_headers("issues", body)
    if drop:
        del headers[drop]
    status, answer = _post(client, body, headers)
    assert status == 400 and detail in str(answer["detail"])


def test_a_body_over_the_limit_is_413_by_declared_length(client: TestClient, inbox_store: Store) -> None:
    body = b"{" + b" " * (512 * 1024) + b"}"
    status, answer = _post(client, body, github_headers("issues", body))
    assert (status, answer["result"]) == (413, "too_large")
    assert inbox_store.inbox.find() == []


def test_a_body_over_the_limit_is_413_while_streaming_without_length(client: TestClient) -> None:
    body = b"{" + b" " * (512 * 1024) + b"}"

    def chunks() -> Iterator[bytes]:
        for start in range(0, len(body), 8192):
            yield body[start:start + 8192]

    response = client.post("/webhooks/github", content=chunks(), headers=github_headers("issues", body))
    assert response.status_code == 413


def test_door_results_are_counted_in_metrics(client: TestClient) -> None:
    body = encode(fixture("issues.opened"))
    _post(client, body, github_headers("issues", body))
    _post(client, body, github_headers("issues", body, secret="nope"))
    text = client.get("/metrics").text
    assert 'problemframe_deliveries_total{event="issues",result="accepted",source="github"} 1.0' in text
    assert 'problemframe_deliveries_total{event="unknown",result="unauthorized",source="github"} 1.0' in text
    assert "problemframe_inbox_depth 1.0" in text


def test_a_large_signed_delivery_under_the_limit_is_accepted(client: TestClient, inbox_store: Store) -> None:
    payload = fixture("issues.opened")
    payload["issue"]["body"] = "x" * (300 * 1024)
    body = encode(payload)
    status, answer = _post(client, body, github_headers("issues", body))
    assert (status, answer["result"]) == (202, "accepted")
    assert inbox_store.inbox.find()[0].body == body
    forged = body.replace(b"xxxx", b"yyyy", 1)
    assert _post(client, forged, github_headers("issues", body))[0] == 401
