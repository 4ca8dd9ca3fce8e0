"""The outbox: what an outcome change plans, stored once with it, sent once by racing senders, retried."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator

import pytest
from standardwebhooks import Webhook

from integration.outbound import AllowList, OutboundConfig, Senders, deliver_due, plan_outbound
from integration.outbound.send import WebhookSender
from integration.store import OutboxItem, OutboxStatus, Store
from problemframe.commands import parse_commands
from problemframe.events import CloseReason, Permission, Ticket, TicketRef
from problemframe.loop import CitedCustomer
from problemframe.model import Direction, SuccessMetric
from problemframe.outcome import OutcomeRecord, on_closed, on_command
from problemframe.policy import Policy
from tests.fakes.receivers import Receiver

NOW = dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC)
WHSEC = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
REF = TicketRef(tracker="github", container="acme/app", key="7")
TICKET = Ticket(ref=REF, title="Exports time out", url="https://github.com/acme/app/issues/7")
CUSTOMERS = (
    CitedCustomer(name="Acme", url="https://github.com/acme/portal/issues/1", place="GitHub issue"),
    CitedCustomer(name="Labs", url="https://github.com/acme-labs/feedback/issues/4", place="GitHub issue"),
    CitedCustomer(name="Globex", url="https://github.com/globex/portal/issues/2", place="GitHub issue"),
    CitedCustomer(name="Enterprise", url="https://ghe.example.com/acme/portal/issues/3", place="GitHub issue"),
    CitedCustomer(name="Initech", url="https://initech.atlassian.net/browse/SUP-9", place="Jira issue"),
    CitedCustomer(name="Umbrella", url="https://other.atlassian.net/browse/SUP-1", place="Jira issue"),
    CitedCustomer(name="Wexford", url="https://app.intercom.com/a/inbox/x/conversation/1", place="Intercom"),
)
CONFIG = OutboundConfig(
    allow=AllowList.parse("acme/portal, acme-labs/*, SUP"), webhook=True, slack=True,
    hosts={"github": "github.com", "jira": "initech.atlassian.net"},
)


def lifecycle() -> tuple[OutcomeRecord, OutcomeRecord, OutcomeRecord]:
    metric = SuccessMetric(name="exports", baseline=1, target=2, direction=Direction.INCREASE, window_days=1)
    pending, _ = on_closed(None, frame_complete=True, metric=metric, close_reason=CloseReason.COMPLETED,
                           policy=Policy(), now=NOW, ref=REF)
    assert pending is not None
    pending = pending.model_copy(update={"customers": CUSTOMERS})

    def run(record: OutcomeRecord, text: str, days: int) -> OutcomeRecord:
        moved, _ = on_command(record, parse_commands(text)[0], permission=Permission.WRITE, actor="mona",
                              now=NOW + dt.timedelta(days=days), policy=Policy())
        return moved

    review = run(pending, "/measure 2", 2)
    return pending, review, run(review, "/outcome met", 3)


def test_results_and_review_plan_events_and_loop_comments_only_for_allowed_places_on_known_hosts() -> None:
    pending, review, reviewed = lifecycle()
    posted = plan_outbound(pending, review, ticket=TICKET, config=CONFIG, now=NOW)
    assert [(i.kind, i.key) for i in posted] == [
        ("webhook", "webhook:outcome.results_posted:acme/app#7:1"),
        ("slack", "slack:outcome.results_posted:acme/app#7:1"),
    ]
    done = plan_outbound(review, reviewed, ticket=TICKET, config=CONFIG, now=NOW)
    assert [i.key for i in done if i.kind == "comment"] == [
        "comment:acme/app#7->acme/portal#1", "comment:acme/app#7->acme-labs/feedback#4", "comment:acme/app#7->SUP-9",
    ]
    assert plan_outbound(reviewed, reviewed, ticket=TICKET, config=CONFIG, now=NOW) == []
    nothing = plan_outbound(review, reviewed, ticket=TICKET, config=OutboundConfig(), now=NOW)
    assert nothing == []


def test_an_allow_list_entry_in_neither_form_is_refused() -> None:
    with pytest.raises(ValueError, match=r"not 'https://github\.com/acme'"):
        AllowList.parse("acme/portal, https://github.com/acme")
    assert AllowList.parse(None) == AllowList()


@pytest.fixture
def hook() -> Iterator[Receiver]:
    with Receiver() as receiver:
        yield receiver


def test_two_senders_racing_send_each_message_once_signed(store: Store, hook: Receiver) -> None:
    store.outbox.add([
        OutboxItem(key=f"webhook:e:{n}", kind="webhook", payload={"type": "outcome.reviewed", "n": n})
        for n in range(12)
    ], now=NOW)
    store.outbox.add([OutboxItem(key="webhook:e:0", kind="webhook", payload={"type": "again"})], now=NOW)
    senders = Senders(webhook=WebhookSender(hook.url, WHSEC))
    barrier = threading.Barrier(2)

    def replica(name: str) -> None:
        barrier.wait()
        deliver_due(store.outbox, senders, now=NOW, worker=name, limit=100)

    threads = [threading.Thread(target=replica, args=(name,)) for name in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    sent = sorted(Webhook(WHSEC).verify(r.body, r.headers)["n"] for r in hook.received)
    assert sent == list(range(12))
    assert {m.status for m in store.outbox.list()} == {OutboxStatus.SENT}


def test_a_receiver_that_is_down_gets_retries_with_back_off_then_the_message_fails(
    store: Store, hook: Receiver
) -> None:
    hook.status = 500
    store.outbox.add([OutboxItem(key="webhook:x", kind="webhook", payload={"type": "outcome.reviewed"})], now=NOW)
    senders = Senders(webhook=WebhookSender(hook.url, WHSEC))
    at = NOW
    waits = []
    for _ in range(8):
        [result] = deliver_due(store.outbox, senders, now=at, worker="w")
        [message] = store.outbox.list()
        assert deliver_due(store.outbox, senders, now=at, worker="w") == []
        if result.status == "failed":
            break
        waits.append(message.next_attempt_at - at)
        at = message.next_attempt_at
    assert waits == [dt.timedelta(minutes=m) for m in (1, 2, 4, 8, 16, 32, 60)]
    assert (message.status, message.attempts, message.last_error) == (OutboxStatus.FAILED, 8, "webhook: HTTP 500")
    assert len(hook.received) == 8
    # A message whose kind has no receiver configured fails at once, visibly.
    store.outbox.add([OutboxItem(key="slack:y", kind="slack", payload={"text": "hi"})], now=NOW)
    [unsent] = deliver_due(store.outbox, senders, now=at, worker="w")
    assert (unsent.status, unsent.error) == ("failed", "no slack receiver is configured")


def test_the_migration_builds_the_outbox_table_the_model_describes(store: Store) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from integration.store.base import Base

    with store.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert [change for change in diff if "outbox" in repr(change)] == []
