"""Send what the outbox holds: signed webhooks (Standard Webhooks), Slack messages and loop-closing comments."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import httpx
from slack_sdk.webhook import WebhookClient
from standardwebhooks import Webhook

from integration.outbound.plan import OutboundConfig
from integration.retry import backoff
from integration.store.outbox import Outbox, OutboxMessage
from integration.tracker import Tracker, TrackerError, TransientTrackerError
from problemframe.actions import PostComment
from problemframe.events import TicketRef
from problemframe.loop import LoopTarget

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8


class SendError(Exception):
    """A message could not be sent; `transient` says whether trying again later may help."""

    def __init__(self, message: str, *, transient: bool = True) -> None:
        super().__init__(message)
        self.transient = transient


class Sender(Protocol):
    """Sends one kind of outbox message."""

    def send(self, message: OutboxMessage, *, now: dt.datetime) -> None:
        """Send the message or raise SendError."""
        ...


def message_id(message: OutboxMessage) -> str:
    """Return the message's webhook-id: the same on every retry, so receivers can drop duplicates."""
    return "msg_" + hashlib.sha256(message.key.encode()).hexdigest()[:32]


class WebhookSender:
    """POST outcome events signed per the Standard Webhooks specification (webhook-id, -timestamp, -signature)."""

    def __init__(
        self, url: str, secret: str, *, client: httpx.Client | None = None,
        clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
    ) -> None:
        self.url = url
        self.signer = Webhook(secret)
        self.client = client or httpx.Client(timeout=10.0)
        self.clock = clock

    def send(self, message: OutboxMessage, *, now: dt.datetime) -> None:
        """Sign the payload and POST it; any answer but 2xx is a failure to retry."""
        # Signed at the moment of sending: receivers refuse timestamps more than a few minutes off their clock,
        # whatever time the scheduler is running as.
        now = self.clock()
        body = json.dumps(message.payload, sort_keys=True).encode()
        ident = message_id(message)
        headers = {
            "content-type": "application/json",
            "webhook-id": ident,
            "webhook-timestamp": str(int(now.timestamp())),
            "webhook-signature": self.signer.sign(ident, now, body),
        }
        try:
            response = self.client.post(self.url, content=body, headers=headers)
        except httpx.HTTPError as error:
            raise SendError(f"webhook: {type(error).__name__}: {error}") from None
        if not response.is_success:
            raise SendError(f"webhook: HTTP {response.status_code}")


class SlackSender:
    """Post a message through a Slack incoming webhook."""

    def __init__(self, url: str, *, timeout: int = 10) -> None:
        self.client = WebhookClient(url, timeout=timeout)

    def send(self, message: OutboxMessage, *, now: dt.datetime) -> None:
        """Post the message's text; Slack answers 200 'ok' when it took it."""
        try:
            response = self.client.send(text=str(message.payload.get("text", "")))
        except OSError as error:
            raise SendError(f"Slack: {type(error).__name__}: {error}") from None
        if response.status_code != 200:
            raise SendError(f"Slack: HTTP {response.status_code} {response.body[:200]}")


class CommentSender:
    """Leave a loop-closing comment on a cited ticket, once, and only where the operator allows it."""

    def __init__(self, trackers: Callable[[TicketRef], Tracker], config: OutboundConfig) -> None:
        self.trackers = trackers
        self.config = config

    def send(self, message: OutboxMessage, *, now: dt.datetime) -> None:
        """Post the comment unless the service's own marked comment is already there."""
        target = LoopTarget.model_validate(message.payload["target"])
        # Checked again at sending time: the allow-list may have shrunk since the message was stored.
        if not self.config.reaches(target):
            raise SendError(f"{target.ref} is not on PROBLEMFRAME_CLOSE_LOOP_ALLOW", transient=False)
        try:
            tracker = self.trackers(target.ref)
            # After a crash between posting and recording it, the marker tells that it was posted.
            if tracker.has_comment(target.ref, str(message.payload["marker"])):
                return
            tracker.apply([PostComment(ref=target.ref, body=str(message.payload["body"]))])
        except TrackerError as error:
            raise SendError(f"{target.ref}: {error}", transient=isinstance(error, TransientTrackerError)) from None


@dataclass
class Senders:
    """The senders the operator configured, by message kind."""

    webhook: Sender | None = None
    slack: Sender | None = None
    comment: Sender | None = None

    def of(self, kind: str) -> Sender | None:
        """Return the sender of a kind of message."""
        return {"webhook": self.webhook, "slack": self.slack, "comment": self.comment}.get(kind)


@dataclass(frozen=True)
class Sent:
    """What happened to one message."""

    message: OutboxMessage
    status: str  # sent, retry, failed
    error: str | None = None


def _wait(attempts: int) -> dt.timedelta:
    # 1, 2, 4 ... minutes, at most an hour.
    return dt.timedelta(seconds=backoff(attempts, base=60.0, cap=3600.0))


def deliver_due(
    outbox: Outbox, senders: Senders, *, now: dt.datetime, worker: str,
    lease: dt.timedelta = dt.timedelta(minutes=5), max_attempts: int = MAX_ATTEMPTS, limit: int = 50,
) -> list[Sent]:
    """Send every due message this process wins the lease for; failures wait and retry, then stay failed."""
    results = []
    for message in outbox.claim(now, worker, lease, limit=limit):
        sender = senders.of(message.kind)
        try:
            if sender is None:
                raise SendError(f"no {message.kind} receiver is configured", transient=False)
            sender.send(message, now=now)
        except SendError as error:
            attempts = message.attempts + 1
            if not error.transient or attempts >= max_attempts:
                outbox.give_up(message.id, worker=worker, error=str(error))
                results.append(Sent(message, "failed", str(error)))
            else:
                outbox.retry_at(message.id, worker=worker, error=str(error), at=now + _wait(attempts))
                results.append(Sent(message, "retry", str(error)))
            log.warning("outbox %s (%s): %s", message.id, message.key, error)
            continue
        outbox.sent(message.id, worker=worker, now=now)
        results.append(Sent(message, "sent"))
    return results
