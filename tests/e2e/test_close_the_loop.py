"""Closing the loop on GitHub: after the review, cited issues in allowed places hear once; signed events and Slack."""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr
from sqlalchemy import update
from standardwebhooks import Webhook
from typer.testing import CliRunner

from integration.outbound import deliver_due
from integration.store.outbox import OutboxRow
from tests.e2e.github_support import (
    AUTHOR,
    BOT,
    BOT_TOKEN,
    MAINTAINER,
    REPO,
    World,
    framed_body,
    running_service,
    seed,
    service_settings,
)
from tests.fakes.clock import FakeClock
from tests.fakes.github.server import FakeGitHub
from tests.fakes.receivers import Receiver
from tests.webhooks.helpers import SECRET
from webhooks.cli import app as cli
from webhooks.outbound import outbound_config, senders
from webhooks.scheduler import tracker_for
from webhooks.trackers import from_settings

WHSEC = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
ALLOWED = "acme/portal"
NOT_ALLOWED = "other/tracker"


@pytest.fixture
def hook() -> Iterator[Receiver]:
    with Receiver() as receiver:
        yield receiver


@pytest.fixture
def slack() -> Iterator[Receiver]:
    with Receiver() as receiver:
        yield receiver


@pytest.fixture
def database(tmp_path: Path) -> Path:
    return tmp_path / "problemframe.db"


def options(hook: Receiver, slack: Receiver) -> dict[str, Any]:
    return {
        "close_loop_allow": f"{ALLOWED}, acme-labs/*", "outcome_webhook_url": hook.url,
        "outcome_webhook_secret": SecretStr(WHSEC), "slack_webhook_url": SecretStr(slack.url),
        "scheduler_interval_seconds": 3600.0,
    }


@pytest.fixture
def world(
    fake_github: FakeGitHub, fake_clock: FakeClock, database: Path, hook: Receiver, slack: Receiver
) -> Iterator[World]:
    seed(fake_github)
    for repo in (ALLOWED, NOT_ALLOWED):
        fake_github.add_repo(repo)
        fake_github.add_issue(repo, title="Exports fail for big boards", body="Our exports time out.", user=AUTHOR)
    settings = service_settings(database, fake_github, **options(hook, slack))
    with running_service(settings, fake_github, fake_clock) as running:
        yield running


def citing_body(world: World, *, window: str) -> str:
    """Return a frame whose evidence cites an issue in an allowed repository and one in another repository."""
    return (
        framed_body(window=window)
        .replace("https://acme.zendesk.com/agent/tickets/4512", f"{world.fake.base_url}/{ALLOWED}/issues/1")
        .replace("https://app.gong.io/call?id=7781", f"{world.fake.base_url}/{NOT_ALLOWED}/issues/1")
    )


def say(world: World, number: int, body: str) -> None:
    comment = world.comment(MAINTAINER, number, body)
    world.deliver("issue_comment", world.comment_payload(number, comment, association="MEMBER"))
    world.settle()


def shipped(world: World) -> int:
    ended = (dt.datetime.now(dt.UTC).date() - dt.timedelta(days=1)).isoformat()
    number = world.fake.add_issue(REPO, title="Exports time out", body=citing_body(world, window=f"until {ended}"),
                                  user=AUTHOR).number
    world.deliver("issues", world.issue_payload("issues.opened", number, sender=AUTHOR))
    world.settle()
    world.edit_issue(MAINTAINER, number, state="closed", state_reason="completed")
    world.deliver("issues", world.issue_payload("issues.closed", number, sender=MAINTAINER))
    world.settle()
    return number


def send_outbox(world: World, database: Path, hook: Receiver, slack: Receiver) -> str:
    """Run `problemframe outcomes due` as an operator would: it also sends what the outbox holds."""
    env = {
        "PROBLEMFRAME_DATABASE_URL": f"sqlite:///{database}", "PROBLEMFRAME_GITHUB_TOKEN": BOT_TOKEN,
        "PROBLEMFRAME_GITHUB_API_URL": world.fake.base_url, "PROBLEMFRAME_GITHUB_WEBHOOK_SECRET": SECRET,
        "PROBLEMFRAME_WRITE_INTERVAL": "0", "PROBLEMFRAME_CLOSE_LOOP_ALLOW": ALLOWED,
        "PROBLEMFRAME_OUTCOME_WEBHOOK_URL": hook.url, "PROBLEMFRAME_OUTCOME_WEBHOOK_SECRET": WHSEC,
        "PROBLEMFRAME_SLACK_WEBHOOK_URL": slack.url,
    }
    ran = CliRunner().invoke(cli, ["outcomes", "due"], env=env)
    assert ran.exit_code == 0, ran.output
    return ran.output


def loop_comments(world: World, repo: str) -> list[str]:
    return [c.body for c in world.fake.comments(repo, 1) if c.user.login == BOT]


def events(hook: Receiver) -> list[dict[str, Any]]:
    """Return the events the receiver got, each checked against its Standard Webhooks signature."""
    verified = []
    for request in hook.received:
        payload = Webhook(WHSEC).verify(request.body, request.headers)
        assert request.headers["webhook-id"].startswith("msg_")
        verified.append(payload)
    return verified


def test_the_review_tells_the_allowed_cited_issue_once_and_signs_the_events(
    world: World, database: Path, hook: Receiver, slack: Receiver
) -> None:
    number = shipped(world)
    say(world, number, "/measure 310")
    say(world, number, "/outcome met shipped to everyone")
    assert loop_comments(world, ALLOWED) == [] and hook.received == []

    send_outbox(world, database, hook, slack)

    [comment] = loop_comments(world, ALLOWED)
    assert comment.startswith(f"<!-- problemframe:loop {REPO}#{number} -->\n")
    assert "**met**" in comment and f"{world.fake.base_url}/{REPO}/issues/{number}" in comment
    assert loop_comments(world, NOT_ALLOWED) == []
    posted, reviewed = events(hook)
    assert (posted["type"], reviewed["type"]) == ("outcome.results_posted", "outcome.reviewed")
    data = reviewed["data"]
    assert (data["verdict"], data["observed"], data["reviewed_by"]) == ("met", 310, MAINTAINER)
    assert data["ticket"] == {"tracker": "github", "container": REPO, "key": str(number), "title": "Exports time out",
                              "url": f"{world.fake.base_url}/{REPO}/issues/{number}"}
    customers = {c["name"]: c["evidence_url"] for c in data["customers"]}
    assert customers["Acme Corp"] == f"{world.fake.base_url}/{ALLOWED}/issues/1"
    assert customers["Umbrella Health"] == "https://app.intercom.com/a/inbox/x1/conversation/8812"
    texts = [json.loads(request.body)["text"] for request in slack.received]
    assert len(texts) == 2 and "*met*" in texts[1] and "Acme Corp" in texts[1]

    # Another review command, another run: nobody hears twice.
    say(world, number, "/outcome met again")
    send_outbox(world, database, hook, slack)
    assert len(loop_comments(world, ALLOWED)) == 1 and len(hook.received) == 2 and len(slack.received) == 2


def test_redeliveries_restarts_and_two_replicas_post_the_loop_comment_once(
    world: World, fake_github: FakeGitHub, fake_clock: FakeClock, database: Path, hook: Receiver, slack: Receiver
) -> None:
    number = shipped(world)
    comment = world.comment(MAINTAINER, number, "/outcome partial")
    review = world.comment_payload(number, comment, association="MEMBER")
    for _ in range(2):
        world.deliver("issue_comment", review, delivery="review-delivery")
        world.settle()
    settings = service_settings(database, fake_github, **options(hook, slack))
    trackers = tracker_for(from_settings(settings, clock=fake_clock.time, sleep=fake_clock.sleep), world.store)
    replicas = [senders(settings, trackers, outbound_config(settings)) for _ in range(2)]
    barrier = threading.Barrier(2)

    def replica(index: int) -> None:
        barrier.wait()
        deliver_due(world.store.outbox, replicas[index], now=dt.datetime.now(dt.UTC), worker=f"replica-{index}")

    threads = [threading.Thread(target=replica, args=(index,)) for index in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(loop_comments(world, ALLOWED)) == 1 and len(hook.received) == 1
    # A restarted service on the same database, and the review delivered once more.
    with running_service(settings, fake_github, fake_clock) as restarted:
        restarted.deliver("issue_comment", review, delivery="review-delivery-again")
        restarted.settle()
        send_outbox(restarted, database, hook, slack)
    [told] = loop_comments(world, ALLOWED)
    assert "**partial**" in told and len(hook.received) == 1 and len(slack.received) == 1


def test_a_crash_after_posting_does_not_post_the_loop_comment_twice(
    world: World, database: Path, hook: Receiver, slack: Receiver
) -> None:
    number = shipped(world)
    say(world, number, "/outcome met")
    send_outbox(world, database, hook, slack)
    assert len(loop_comments(world, ALLOWED)) == 1
    # As if the process died between posting the comment and recording it as sent.
    with world.store.engine.begin() as connection:
        connection.execute(update(OutboxRow).where(OutboxRow.kind == "comment").values(status="pending"))

    send_outbox(world, database, hook, slack)

    assert len(loop_comments(world, ALLOWED)) == 1
    [message] = [m for m in world.store.outbox.list() if m.kind == "comment"]
    assert message.status.value == "sent"


def test_a_receiver_that_is_down_is_retried_shown_in_the_outbox_and_can_be_requeued(
    world: World, database: Path, hook: Receiver, slack: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    hook.status = 503
    number = shipped(world)
    say(world, number, "/outcome missed")
    send_outbox(world, database, hook, slack)

    [waiting] = [m for m in world.store.outbox.list() if m.kind == "webhook"]
    assert (waiting.status.value, waiting.attempts, waiting.last_error) == ("pending", 1, "webhook: HTTP 503")
    assert waiting.next_attempt_at > dt.datetime.now(dt.UTC)
    monkeypatch.setenv("PROBLEMFRAME_DATABASE_URL", f"sqlite:///{database}")
    listed = CliRunner().invoke(cli, ["outbox", "list"])
    assert listed.exit_code == 0 and "webhook: HTTP 503" in listed.output and f"{REPO}#{number}" in listed.output
    # The receiver stays down: after the last attempt the message is failed, and still shown.
    with world.store.engine.begin() as connection:
        connection.execute(update(OutboxRow).where(OutboxRow.id == waiting.id).values(attempts=7))
    world.store.outbox.requeue(waiting.id)
    with world.store.engine.begin() as connection:
        connection.execute(update(OutboxRow).where(OutboxRow.id == waiting.id).values(attempts=7))
    send_outbox(world, database, hook, slack)
    [failed] = [m for m in world.store.outbox.list() if m.kind == "webhook"]
    assert failed.status.value == "failed"

    hook.status = 200
    requeued = CliRunner().invoke(cli, ["outbox", "retry", str(failed.id)])
    assert requeued.exit_code == 0 and f"Message {failed.id} re-queued." in requeued.output
    send_outbox(world, database, hook, slack)
    [sent] = [m for m in world.store.outbox.list() if m.kind == "webhook"]
    assert sent.status.value == "sent"
    assert events(hook)[-1]["data"]["verdict"] == "missed"
    again = CliRunner().invoke(cli, ["outbox", "retry", str(failed.id)])
    assert again.exit_code == 1 and f"message {failed.id} was already sent at " in again.stderr
