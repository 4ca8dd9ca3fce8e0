"""The fault run's traffic: a fake GitHub that can go down, people editing issues, and GitHub's signed deliveries.

Each issue is opened empty and then edited many times: mostly its title, its body twice or three times, so the
run carries many deliveries but few changes to write (the service keeps to GitHub's 80 writes a minute).
"""

from __future__ import annotations

import collections
import threading
import time
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

import httpx
from fastapi.testclient import TestClient

from tests.e2e.github_support import AUTHOR, BOT_TOKEN, REPO, World, framed_body
from tests.fakes.github.server import FakeGitHub
from tests.webhooks.helpers import encode, github_headers

EMPTY = ""
VAGUE = "Exports are slow."
# GitHub's answer is retried this long (a redelivery, or the load balancer trying the other replica).
SEND_PATIENCE = 120.0


class FlakyGitHub(FakeGitHub):
    """The fake GitHub, able to answer the service's own requests with 503 for a while (an outage)."""

    def __init__(self) -> None:
        # Reads are not what the run is about: a core limit no run reaches; writes keep GitHub's own limits.
        super().__init__(core_limit=10**9)
        self.down_until = 0.0
        self.refused = 0

    def go_down(self, seconds: float) -> None:
        """Answer the service with 503 for the next `seconds`."""
        self.down_until = time.monotonic() + seconds

    def edit(self, number: int, *, title: str | None = None, body: str | None = None) -> None:
        """Change an issue as its author does on github.com (not through the API, so no write limit applies)."""
        with self._lock:
            issue = self.issue(REPO, number)
            issue.title = title if title is not None else issue.title
            issue.body = body if body is not None else issue.body
            issue.updated_at = self.clock()

    def handle(
        self, method: str, target: str, headers: Mapping[str, str], raw: bytes
    ) -> tuple[int, dict[str, str], bytes]:
        """Answer 503 to the service while down; otherwise as GitHub would."""
        if time.monotonic() < self.down_until and BOT_TOKEN in headers.get("authorization", ""):
            with self._lock:
                self.refused += 1
            return 503, {"content-type": "application/json; charset=utf-8"}, b'{"message": "Service Unavailable"}'
        return super().handle(method, target, headers, raw)


def final_bodies() -> dict[str, str]:
    """Return the bodies an issue can end with, by name."""
    return {"empty": EMPTY, "framed": framed_body(), "vague": VAGUE}


def script(issue: int, steps: int) -> list[str | None]:
    """Return the body of each delivery after the first (None: only the title changes)."""
    bodies: list[str | None] = [None] * max(steps - 1, 0)
    if bodies:
        bodies[len(bodies) // 3] = framed_body()
        if issue % 2:
            bodies[2 * len(bodies) // 3] = VAGUE
    return bodies


@dataclass
class Answers:
    """What the service answered, counted by status; refused connections apart."""

    statuses: collections.Counter[int] = field(default_factory=collections.Counter)
    refused: int = 0
    sent: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def count(self, status: int | None) -> None:
        """Count one answer (None: the connection was refused or dropped)."""
        with self._lock:
            if status is None:
                self.refused += 1
            else:
                self.statuses[status] += 1

    def delivered(self) -> int:
        """Count one more delivery sent and return the total."""
        with self._lock:
            self.sent += 1
            return self.sent


class Traffic:
    """Sends signed deliveries to the replicas, at most `rate` a second, trying the other replica when one fails."""

    def __init__(self, fake: FlakyGitHub, urls: Sequence[str], *, rate: float | None) -> None:
        self.fake = fake
        self.urls = list(urls)
        self.rate = rate
        self.answers = Answers()
        # Only to build payloads as GitHub would send them; nothing goes through this World's client.
        self.world = World(fake=fake, client=cast(TestClient, None), store=cast(Any, None))
        self._slots = 0
        self._started = time.monotonic()
        self._slot_lock = threading.Lock()

    def _wait_for_slot(self) -> None:
        if self.rate is None:
            return
        with self._slot_lock:
            at = self._started + self._slots / self.rate
            self._slots += 1
        time.sleep(max(0.0, at - time.monotonic()))

    def run_issue_step(self, number: int, step: int, body: str | None) -> None:
        """Carry out one step of an issue: open it, or edit it as its author, then deliver what GitHub sends."""
        self._wait_for_slot()
        if step == 0:
            payload = self.world.issue_payload("issues.opened", number, sender=AUTHOR)
        else:
            issue = self.fake.issue(REPO, number)
            if body is None:
                changes = {"title": {"from": issue.title}}
                self.fake.edit(number, title=f"Exports time out ({number}, edit {step})")
            else:
                changes = {"body": {"from": issue.body}}
                self.fake.edit(number, body=body)
            payload = self.world.issue_payload("issues.edited", number, sender=AUTHOR, changes=changes)
        delivery = str(uuid.uuid4())
        prefer = (number + step) % 2
        self.send(payload, delivery, prefer=prefer)
        if step % 5 == 1:  # a redelivery of the same delivery, through the other replica: stored once
            self.send(payload, delivery, prefer=1 - prefer)
        self.answers.delivered()

    def send(self, payload: dict[str, Any], delivery: str, *, prefer: int) -> int:
        """POST one delivery until a replica stores it or refuses it; return the final status."""
        body = encode(payload)
        headers = github_headers("issues", body, delivery=delivery)
        deadline = time.monotonic() + SEND_PATIENCE
        turn = prefer
        while True:
            url = self.urls[turn % len(self.urls)]
            try:
                status: int | None = httpx.post(f"{url}/webhooks/github", content=body, headers=headers,
                                                timeout=15).status_code
            except httpx.TransportError:
                status = None
            self.answers.count(status)
            if status is not None and status != 503:
                return status
            if time.monotonic() > deadline:
                return status or 599
            turn += 1
            time.sleep(0.2)
