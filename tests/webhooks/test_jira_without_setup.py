"""A Jira site where `setup jira` has not run yet: labels and the checklist still arrive, with one notice."""

from __future__ import annotations

import io
import json
import logging
import time
from collections.abc import Iterator
from typing import Any

import pytest

from integration.jira.comments import MARKER
from integration.jira.fields import FIELD_RECHECK_SECONDS
from integration.jira.tracker import JiraTracker
from integration.store import DeliveryStatus, Store, ticket_key
from tests.fakes.jira.server import FakeJira, add_problemframe_fields
from tests.trackers import jira_tracker
from webhooks.logs import configure_logging
from webhooks.pipeline import Pipeline
from webhooks.worker import Worker


class Clock:
    """Epoch seconds that a test moves forward."""

    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def fake() -> Iterator[FakeJira]:
    server = FakeJira()
    server.add_project("PROJ")
    with server:
        yield server
    assert server.violations == []


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def tracker(fake: FakeJira, clock: Clock) -> JiraTracker:
    return jira_tracker(fake, clock=clock, sleep=lambda _: None)


@pytest.fixture
def warnings() -> Iterator[io.StringIO]:
    stream = io.StringIO()
    handler = configure_logging(logging.WARNING, "json", stream=stream)
    try:
        yield stream
    finally:
        logging.getLogger().removeHandler(handler)


def deliver(store: Store, fake: FakeJira, key: str, delivery_id: str) -> None:
    payload: dict[str, Any] = {
        "timestamp": int(time.time() * 1000), "webhookEvent": "jira:issue_updated",
        "user": fake.user_json(fake.users["alice"]), "issue": fake.issue_json(fake.issue(key), "2"),
    }
    store.inbox.accept(
        source="jira", delivery_id=delivery_id, event="jira:issue_updated", action=None,
        body=json.dumps(payload).encode(), ticket_key=ticket_key("jira", "PROJ", key),
    )


def test_labels_and_the_checklist_are_written_with_one_notice_until_setup_runs(
    store: Store, fake: FakeJira, tracker: JiraTracker, clock: Clock, warnings: io.StringIO
) -> None:
    first = fake.add_issue("PROJ", "Make exports faster", description="Exports are slow.")
    second = fake.add_issue("PROJ", "Dark mode", description="Please add dark mode.")
    worker = Worker(store.inbox, Pipeline(store, lambda source, *, installation_id: tracker))
    deliver(store, fake, first, "d-1")
    deliver(store, fake, second, "d-2")
    worker.run_once()

    assert {d.delivery_id: d.status for d in store.inbox.find()} == {"d-1": DeliveryStatus.DONE,
                                                                     "d-2": DeliveryStatus.DONE}
    for key in (first, second):
        issue = fake.issue(key)
        assert {"needs-framing", "evidence-none"} <= set(issue.labels)
        [comment] = issue.comments
        assert comment["body"].startswith(MARKER)
        assert comment["body"].count("problemframe setup jira") == 1
        assert comment["body"].rstrip().endswith("--project PROJ".replace("-", "\\-"))
        assert "'Evidence score'" in comment["body"]
    logged = [json.loads(line) for line in warnings.getvalue().splitlines()]
    told = [line for line in logged if "has no custom field" in line["message"]]
    assert len(told) == 1, logged
    assert "'Evidence score', 'Evidence strength', 'Outcome'" in told[0]["message"]

    # The administrator runs `setup jira`; within the recheck interval the service notices and fills the fields.
    add_problemframe_fields(fake)
    clock.now += FIELD_RECHECK_SECONDS
    deliver(store, fake, first, "d-3")
    worker.run_once()
    issue = fake.issue(first)
    [comment] = issue.comments
    assert "setup jira" not in comment["body"]
    assert (fake.value(first, "Evidence score"), fake.value(first, "Evidence strength")) == (0, "none")
