"""Correctly signed but hostile bodies at both doors: a 400 with a reason, never a 5xx, nothing unreadable stored."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from pydantic import SecretStr

from integration.store import Store, make_engine
from tests.hostile import GITHUB, JIRA, Case, cases, request_of
from tests.webhooks.helpers import SECRET, settings_for
from webhooks.app import create_app
from webhooks.payloads import read_payload

JIRA_SECRET = "jira-s3cret"
SMOKE_EXAMPLES = 150  # bench/hostile.py runs 10,000


@pytest.fixture
def client(database_url: str) -> Iterator[TestClient]:
    config = settings_for(database_url, jira_webhook_secret=SecretStr(JIRA_SECRET), max_body_bytes=1024 * 1024)
    with TestClient(create_app(config, start_background=False), raise_server_exceptions=False) as test_client:
        yield test_client


def send(client: TestClient, case: Case) -> tuple[int, dict[str, object]]:
    path, headers = request_of(case, github_secret=SECRET, jira_secret=JIRA_SECRET)
    answer = client.post(path, content=case.body, headers=headers)
    return answer.status_code, answer.json()


def _github(name: str, raw: str, *, at: tuple[str, ...]) -> Case:
    payload = json.loads(json.dumps(dict(GITHUB)[name]))
    parent = payload
    for step in at[:-1]:
        parent = parent[step]
    parent[at[-1]] = "\x01hole\x01"
    body = json.dumps(payload).replace('"\\u0001hole\\u0001"', raw).encode()
    return Case("github", name.split(".")[0], body, f"fixed-{name}-{'.'.join(at)}-{len(raw)}")


def _jira(name: str, changelog_items: object) -> Case:
    payload = json.loads(json.dumps(dict(JIRA)[name]))
    payload["changelog"]["items"] = changelog_items
    return Case("jira", None, json.dumps(payload).encode(), f"fixed-{name}-{changelog_items!r}")


@pytest.mark.parametrize(
    ("case", "reason"),
    [
        (_github("issues.opened", "[" * 1000 + "]" * 1000, at=("issue", "body")), "nested deeper"),
        (_github("issues.opened", "9" * 5000, at=("issue", "id")), "more than 40 digits"),
        (_github("issues.opened", '"\\ud800"', at=("issue", "number")), "lone UTF-16 surrogate"),
        (_github("issues.opened", '"octo\\udfff/x"', at=("repository", "full_name")), "lone UTF-16 surrogate"),
        (_github("issues.opened", '"1"', at=("issue", "number")), "issue.number"),
        (_github("issues.opened", '"a\\u0000b/c"', at=("repository", "full_name")), "repository.full_name"),
        (_github("issue_comment.created", "[1, 2]", at=("comment", "user")), "comment.user"),
        (_github("issues.opened", '"opened\\u0000"', at=("action",)), "action holds a NUL"),
        (_github("issues.edited", '"yesterday"', at=("issue", "updated_at")), "issue.updated_at"),
        (_jira("issue_updated_status-changed", "status"), "changelog.items"),
        (_jira("issue_updated_status-changed", [1, 2, 3]), "changelog.items.0"),
    ],
    ids=lambda value: value.describe()[:60] if isinstance(value, Case) else None,
)
def test_the_issues_hostile_bodies_get_400_and_a_reason(
    client: TestClient, database_url: str, case: Case, reason: str
) -> None:
    status, answer = send(client, case)

    assert status == 400, answer
    assert reason in str(answer["detail"])
    store = Store(make_engine(database_url))
    try:
        assert store.inbox.find() == []
    finally:
        store.close()


@settings(max_examples=SMOKE_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=cases())
def test_no_hostile_variant_of_a_real_payload_gets_a_5xx(client: TestClient, case: Case) -> None:
    status, answer = send(client, case)

    assert status < 500, (status, answer, case.describe())
    if status in (200, 202):
        read_payload(case.body)  # what was stored, the worker can parse


def test_a_jira_timestamp_beyond_the_platforms_range_is_no_5xx(client: TestClient) -> None:
    payload = json.loads(json.dumps(dict(JIRA)["issue_updated_status-changed"]))
    payload["timestamp"] = 99999999999999999999
    status, _ = send(client, Case("jira", None, json.dumps(payload).encode(), "far-future"))

    assert status == 202
