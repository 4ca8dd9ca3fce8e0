"""POST /webhooks/jira: X-Hub-Signature on the raw body, dedupe by X-Atlassian-Webhook-Identifier, 4xx refusals."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from integration.store import DeliveryStatus, Store, make_engine
from tests.webhooks.helpers import settings_for
from webhooks import jira_door
from webhooks.app import create_app
from webhooks.jira_door import derived_identifier
from webhooks.signatures import sign

SECRET = "jira-secret-for-tests"
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "jira-webhooks"
LIMIT = 64 * 1024


def payload(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    return loaded


def encode(value: dict[str, Any]) -> bytes:
    return json.dumps(value).encode()


def headers(body: bytes, *, identifier: str | None = "d-1", secret: str = SECRET) -> dict[str, str]:
    sent = {"X-Hub-Signature": sign(secret, body), "Content-Type": "application/json"}
    if identifier is not None:
        sent["X-Atlassian-Webhook-Identifier"] = identifier
    return sent


@pytest.fixture
def client(database_url: str) -> Iterator[TestClient]:
    settings = settings_for(database_url, jira_webhook_secret=SecretStr(SECRET), max_body_bytes=LIMIT)
    with TestClient(create_app(settings, start_background=False)) as test_client:
        yield test_client


@pytest.fixture
def store(database_url: str, client: TestClient) -> Iterator[Store]:
    opened = Store(make_engine(database_url))
    yield opened
    opened.close()


def post(client: TestClient, body: bytes, sent: dict[str, str]) -> tuple[int, dict[str, Any]]:
    response = client.post("/webhooks/jira", content=body, headers=sent)
    return response.status_code, response.json()


def test_a_signed_issue_event_is_accepted_and_stored(client: TestClient, store: Store) -> None:
    body = encode(payload("issue_created"))
    status, answer = post(client, body, headers(body, identifier="a1"))
    assert (status, answer["result"]) == (202, "accepted")
    [stored] = store.inbox.find()
    assert (stored.source, stored.delivery_id, stored.event, stored.action) == (
        "jira",
        "a1",
        "jira:issue_created",
        "issue_created",
    )
    assert stored.status is DeliveryStatus.PENDING and stored.body == body
    assert stored.ticket_key == f"jira:issue:{payload('issue_created')['issue']['id']}"


def test_a_retry_with_the_same_identifier_is_stored_once(client: TestClient, store: Store) -> None:
    body = encode(payload("issue_updated_description-update"))
    assert post(client, body, headers(body, identifier="same"))[0] == 202
    status, answer = post(client, body, headers(body, identifier="same"))
    assert (status, answer["result"]) == (200, "duplicate")
    assert len(store.inbox.find()) == 1


def test_without_an_identifier_the_body_hash_dedupes(client: TestClient, store: Store) -> None:
    body = encode(payload("comment_created"))
    status, answer = post(client, body, headers(body, identifier=None))
    assert (status, answer["delivery"]) == (202, derived_identifier(body))
    assert post(client, body, headers(body, identifier=None))[1]["result"] == "duplicate"
    later = encode({**payload("comment_created"), "timestamp": 1512034099999})
    assert post(client, later, headers(later, identifier=None))[0] == 202
    [first, second] = store.inbox.find()
    assert first.ticket_key == second.ticket_key == "jira:issue:26313"


def test_the_signature_test_vector_passes_the_check(database_url: str) -> None:
    settings = settings_for(database_url, jira_webhook_secret=SecretStr("It's a Secret to Everybody"))
    expected = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"
    with TestClient(create_app(settings, start_background=False)) as test_client:
        sent = {"X-Hub-Signature": expected, "X-Atlassian-Webhook-Identifier": "v"}
        status, answer = post(test_client, b"Hello, World!", sent)
        assert (status, answer["result"]) == (400, "malformed")  # signed correctly, but not JSON
        sent["X-Hub-Signature"] = expected[:-1] + "0"
        assert post(test_client, b"Hello, World!", sent)[0] == 401


@pytest.mark.parametrize(
    "signature",
    [
        "sha256=" + "0" * 64,
        "",
        None,
        "sha1=" + "0" * 40,
        "SHA256=" + "0" * 64,
    ],
    ids=["wrong", "empty", "missing", "sha1", "other-method-spelling"],
)
def test_bad_missing_or_other_method_signatures_are_401(
    client: TestClient, store: Store, signature: str | None
) -> None:
    body = encode(payload("issue_created"))
    sent = headers(body)
    if signature is None:
        del sent["X-Hub-Signature"]
    else:
        sent["X-Hub-Signature"] = signature
    status, answer = post(client, body, sent)
    assert (status, answer["result"]) == (401, "unauthorized")
    assert store.inbox.find() == []


def test_sha1_of_the_right_secret_is_refused(client: TestClient) -> None:
    body = encode(payload("issue_created"))
    sha1 = "sha1=" + hmac.new(SECRET.encode(), body, hashlib.sha1).hexdigest()
    assert post(client, body, {**headers(body), "X-Hub-Signature": sha1})[0] == 401


def test_another_secret_is_401(client: TestClient) -> None:
    body = encode(payload("issue_created"))
    assert post(client, body, headers(body, secret="not the secret"))[0] == 401


@pytest.mark.parametrize("signature", ["sha256=" + "0" * 64, None], ids=["bad", "missing"])
def test_without_an_identifier_a_bad_signature_is_401_before_an_id_is_derived(
    client: TestClient, store: Store, monkeypatch: pytest.MonkeyPatch, signature: str | None
) -> None:
    derived: list[bytes] = []

    def spy(body: bytes) -> str:
        derived.append(body)
        return derived_identifier(body)

    monkeypatch.setattr(jira_door, "derived_identifier", spy)
    body = encode(payload("issue_created"))
    sent = headers(body, identifier=None)
    if signature is None:
        del sent["X-Hub-Signature"]
    else:
        sent["X-Hub-Signature"] = signature
    status, answer = post(client, body, sent)
    assert (status, answer["result"]) == (401, "unauthorized")
    assert derived == [] and store.inbox.find() == []
    status, answer = post(client, body, headers(body, identifier=None))
    assert (status, answer["delivery"]) == (202, derived_identifier(body)) and derived == [body]

def test_no_configured_secret_refuses_every_delivery(database_url: str) -> None:
    app = create_app(settings_for(database_url, jira_webhook_secret=None), start_background=False)
    body = encode(payload("issue_created"))
    with TestClient(app) as test_client:
        for secret in ("", SECRET):
            status, answer = post(test_client, body, headers(body, secret=secret))
            assert status == 401 and "no webhook secret" in str(answer["detail"])


@pytest.mark.parametrize(
    ("body", "detail"),
    [(b"[1]", "JSON object"), (b"{oops", "not JSON"), (b'{"no": "event"}', "recognisable")],
)
def test_malformed_signed_deliveries_are_400(client: TestClient, body: bytes, detail: str) -> None:
    status, answer = post(client, body, headers(body))
    assert status == 400 and detail in str(answer["detail"])


def test_noise_and_unhandled_events_are_200_and_not_queued(client: TestClient, store: Store) -> None:
    for number, name in enumerate(["issue_updated_rank-changed", "issue_updated_issue-assigned", "comment_deleted"]):
        body = encode(payload(name))
        status, answer = post(client, body, headers(body, identifier=f"n{number}"))
        assert (status, answer["result"]) == (200, "ignored")
    assert store.inbox.depth() == 0
    assert all(stored.body == b"" for stored in store.inbox.find())


@pytest.mark.parametrize("identifier", ["big", None])
def test_a_body_over_the_limit_is_413(client: TestClient, store: Store, identifier: str | None) -> None:
    body = b'{"webhookEvent": "' + b"x" * LIMIT + b'"}'
    status, answer = post(client, body, headers(body, identifier=identifier))
    assert (status, answer["result"]) == (413, "too_large")

    def chunks() -> Iterator[bytes]:
        for start in range(0, len(body), 8192):
            yield body[start : start + 8192]

    response = client.post("/webhooks/jira", content=chunks(), headers=headers(body, identifier=identifier))
    assert response.status_code == 413
    assert store.inbox.find() == []


def test_every_captured_payload_gets_a_2xx(client: TestClient, store: Store) -> None:
    names = sorted(path.stem for path in FIXTURES.glob("*.json"))
    for name in names:
        body = (FIXTURES / f"{name}.json").read_bytes()
        status, _ = post(client, body, headers(body, identifier=name))
        assert status in (200, 202), name
    assert len(store.inbox.find()) == len(names)
