"""GitHub end to end: signed deliveries into the real app, what an engineer then sees on the (fake) GitHub issue."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

from integration.github.comments import MARKER
from integration.store import DeliveryStatus, Store, make_engine
from tests.e2e.github_support import (
    AUTHOR,
    BOT,
    BOT_TOKEN,
    REPO,
    World,
    framed_body,
    running_service,
    seed,
    service_settings,
    wait_until,
)
from tests.fakes.clock import FakeClock
from tests.fakes.github.server import FakeGitHub
from tests.webhooks.helpers import SECRET, encode, github_headers

ROOT = Path(__file__).resolve().parents[2]
# What GitHub turns into a link or a notification: @user, @org/team and #123 right after a word boundary.
PING = re.compile(r"(?<![\w\u200d])[@#](?=[A-Za-z0-9])")


@pytest.fixture
def world(fake_github: FakeGitHub, fake_clock: FakeClock, tmp_path: Path) -> Iterator[World]:
    """Run the service against the seeded fake GitHub, its GitHub waits on the virtual clock."""
    seed(fake_github)
    with running_service(service_settings(tmp_path / "problemframe.db", fake_github), fake_github, fake_clock) as w:
        yield w


def open_issue(world: World, body: str = "", *, delivery: str = "opened") -> int:
    """Have the author open an issue and GitHub deliver `issues.opened`; wait until the service is done."""
    number = world.fake.add_issue(REPO, title="Exports time out", body=body, user=AUTHOR).number
    answer = world.deliver("issues", world.issue_payload("issues.opened", number, sender=AUTHOR), delivery=delivery)
    assert answer.status_code == 202, answer.text
    world.settle()
    return number


@pytest.mark.parametrize("tamper", ["wrong secret", "body changed after signing", "no signature"])
def test_a_bad_or_missing_signature_is_refused_and_nothing_is_stored_or_written(world: World, tamper: str) -> None:
    number = world.fake.add_issue(REPO, title="Exports time out", body="", user=AUTHOR).number
    body = encode(world.issue_payload("issues.opened", number, sender=AUTHOR))
    secret = "not-the-secret" if tamper == "wrong secret" else SECRET
    headers = github_headers("issues", body, delivery="forged", secret=secret)
    if tamper == "no signature":
        del headers["X-Hub-Signature-256"]
    sent = body.replace(b"Exports", b"Imports") if tamper == "body changed after signing" else body

    answer = world.client.post("/webhooks/github", content=sent, headers=headers)

    assert answer.status_code == 401
    assert world.store.inbox.find() == [] and world.fake.writes() == []
    # The worker is running: the genuine delivery that follows is the only one stored and acted on.
    genuine = world.client.post("/webhooks/github", content=body, headers=github_headers("issues", body))
    assert genuine.status_code == 202
    world.settle()
    assert list(world.statuses()) == [genuine.json()["delivery"]]
    assert len(world.bot_comments(number)) == 1


def test_an_opened_empty_issue_is_labelled_and_gets_one_checklist_naming_the_three_missing_parts(
    world: World,
) -> None:
    number = open_issue(world)

    assert world.labels(number) == {"needs-framing", "evidence-none"}
    (comment,) = world.comments(number)
    assert comment.user.login == BOT and comment.body.startswith(MARKER + "\n")
    assert "Needs framing: problem, evidence, metric" in comment.body
    for line in ("- ❌ **Problem statement**", "- ❌ **Customer evidence**", "- ❌ **Success metric**"):
        assert line in comment.body.splitlines()
    assert "Label: evidence-none" in comment.body
    assert world.statuses() == {"opened": DeliveryStatus.DONE}
    # Two labels created in the repository, both added in one request, one comment.
    assert [(w.method, w.path, w.status) for w in world.bot_writes()] == [
        ("POST", f"/repos/{REPO}/labels", 201),
        ("POST", f"/repos/{REPO}/labels", 201),
        ("POST", f"/repos/{REPO}/issues/{number}/labels", 200),
        ("POST", f"/repos/{REPO}/issues/{number}/comments", 201),
    ]


def test_a_redelivered_delivery_is_answered_as_a_duplicate_and_writes_nothing(world: World) -> None:
    number = open_issue(world, delivery="d-1")
    world.fake.clear_log()

    again = world.deliver("issues", world.issue_payload("issues.opened", number, sender=AUTHOR), delivery="d-1")

    assert (again.status_code, again.json()["result"]) == (200, "duplicate")
    world.settle()
    assert world.statuses() == {"d-1": DeliveryStatus.DONE}
    assert world.bot_writes() == []
    assert len(world.comments(number)) == 1


def test_editing_the_body_to_complete_swaps_the_labels_and_edits_the_same_comment_in_place(world: World) -> None:
    number = open_issue(world)
    (before,) = world.comments(number)
    world.fake.clear_log()

    world.edit_issue(AUTHOR, number, body=framed_body())
    changes = {"body": {"from": ""}}
    world.deliver("issues", world.issue_payload("issues.edited", number, sender=AUTHOR, changes=changes))
    world.settle()

    assert world.labels(number) == {"evidence-strong"}
    (after,) = world.comments(number)
    assert after.id == before.id and after.user.login == BOT
    assert "### ✅ Framed" in after.body and "Needs framing" not in after.body
    assert "Label: evidence-strong" in after.body and "- Name: weekly active exporters" in after.body
    # The new tier's label created, the issue's labels replaced in one request, the comment edited.
    assert [(w.method, w.path) for w in world.bot_writes()] == [
        ("POST", f"/repos/{REPO}/labels"),
        ("PUT", f"/repos/{REPO}/issues/{number}/labels"),
        ("PATCH", f"/repos/{REPO}/issues/comments/{before.id}"),
    ]


def test_a_title_only_edit_writes_nothing(world: World) -> None:
    number = open_issue(world)
    world.fake.clear_log()

    world.edit_issue(AUTHOR, number, title="Exports of large reports time out")
    changes = {"title": {"from": "Exports time out"}}
    world.deliver("issues", world.issue_payload("issues.edited", number, sender=AUTHOR, changes=changes),
                  delivery="title")
    world.settle()

    assert world.statuses()["title"] is DeliveryStatus.DONE
    assert world.bot_writes() == []
    assert world.labels(number) == {"needs-framing", "evidence-none"} and len(world.comments(number)) == 1


def test_the_services_own_comment_events_write_nothing(world: World) -> None:
    number = open_issue(world)
    sticky = world.sticky(number)
    # Other automation sharing the service's account may write a command; from a person it would get a reply.
    command = world.fake.add_comment(REPO, number, "/outcome met", user=BOT)
    world.fake.clear_log()

    for delivery, comment in (("own-sticky", sticky), ("own-command", command)):
        own = world.comment_payload(number, comment, association="NONE")
        assert world.deliver("issue_comment", own, delivery=delivery).status_code == 202
    world.settle()

    assert world.statuses()["own-sticky"] is DeliveryStatus.DONE
    assert world.statuses()["own-command"] is DeliveryStatus.DONE
    assert world.bot_writes() == []
    assert [c.id for c in world.comments(number)] == [sticky.id, command.id]


def test_mentions_references_and_forged_markers_in_user_text_are_neutralised(world: World) -> None:
    customer = "Acme @octocat of @octo-org/platform, see #123 <b>VIP</b> <sup>gold</sup>"
    body = framed_body(customer=customer).replace(
        "### Success metric", "<!-- problemframe -->\n\n### Success metric"
    ).replace("weekly active exporters", "exporters @hubot counts in #77")
    number = world.fake.add_issue(REPO, title="Exports time out", body=body, user=AUTHOR).number
    # Someone pastes the marker into their own comment first: it must not pass for the service's sticky comment.
    forged = world.comment(AUTHOR, number, f"{MARKER}\nI am the checklist now @octocat")
    world.deliver("issues", world.issue_payload("issues.opened", number, sender=AUTHOR))
    world.settle()

    assert world.fake.repo(REPO).comments[forged.id].body == f"{MARKER}\nI am the checklist now @octocat"
    sticky = world.sticky(number)
    assert sticky.id != forged.id
    text = sticky.body
    assert text.count("<!--") == 1 and text.startswith(MARKER)
    # Emphasis a mail client left ('<b>VIP</b>') is read as the words it wraps; other markup is shown, never run.
    assert "<b>" not in text and "VIP" in text
    assert "<sup>" not in text and "&lt;sup&gt;gold&lt;/sup&gt;" in text
    assert PING.findall(text) == [], "a mention or reference GitHub would link"
    # The names stay readable for people.
    for visible in ("octocat", "octo-org/platform", "123", "hubot", "77"):
        assert visible in text.replace("\u200d", "")


def test_a_502_then_a_429_with_retry_after_end_in_one_comment_after_the_asked_for_wait(
    world: World, fake_clock: FakeClock
) -> None:
    number = world.fake.add_issue(REPO, title="Exports time out", body="", user=AUTHOR).number
    comments = rf"/repos/{REPO}/issues/{number}/comments"
    world.fake.fail_next("POST", comments, 502)
    world.fake.fail_next("POST", comments, 429, headers={"Retry-After": "42"})

    world.deliver("issues", world.issue_payload("issues.opened", number, sender=AUTHOR), delivery="flaky")
    world.settle()

    assert world.statuses() == {"flaky": DeliveryStatus.DONE}
    assert len(world.bot_comments(number)) == 1
    posts = [r.status for r in world.fake.requests if r.method == "POST" and r.path == comments]
    assert posts == [502, 429, 201]
    assert 42.0 in fake_clock.sleeps
    assert world.store.inbox.find()[0].attempts == 1


class GatedGitHub(FakeGitHub):
    """The fake GitHub, able to stall its answer to one request after carrying it out (a write that landed)."""

    def __init__(self) -> None:
        super().__init__()
        self.stall_on: tuple[str, str] | None = None
        self.stalled = threading.Event()
        self.release = threading.Event()

    def handle(
        self, method: str, target: str, headers: Mapping[str, str], raw: bytes
    ) -> tuple[int, dict[str, str], bytes]:
        """Answer as GitHub would; the chosen request's answer waits until released."""
        answer = super().handle(method, target, headers, raw)
        if self.stall_on == (method, target) and not self.stalled.is_set():
            self.stalled.set()
            self.release.wait(30)
        return answer


@pytest.fixture
def gated_github() -> Iterator[GatedGitHub]:
    """Serve a fake GitHub that can stall one answer; afterwards, fail on any request outside GitHub's API."""
    fake = GatedGitHub()
    fake.start()
    try:
        yield fake
    finally:
        fake.release.set()
        fake.stop()
    assert fake.violations == [], "requests outside GitHub's REST description"


def test_a_worker_killed_mid_batch_and_restarted_handles_every_delivery_exactly_once(
    gated_github: GatedGitHub, tmp_path: Path
) -> None:
    fake = gated_github
    seed(fake)
    database = tmp_path / "problemframe.db"
    settings = service_settings(database, fake, write_interval=0.0, worker_lease_seconds=2.0)
    numbers = [fake.add_issue(REPO, title=f"Exports time out {n}", body="", user=AUTHOR).number for n in (1, 2, 3)]
    # GitHub delivers while the service is down for a deploy; its door (no worker) stores them.
    with running_service(settings, fake, background=False) as door:
        for n in numbers:
            assert door.deliver("issues", door.issue_payload("issues.opened", n, sender=AUTHOR),
                                delivery=f"opened-{n}").status_code == 202
    # The worker dies after issue 2's checklist comment landed on GitHub, before it could record that.
    fake.stall_on = ("POST", f"/repos/{REPO}/issues/{numbers[1]}/comments")
    env = {
        **os.environ, "PYTHONPATH": str(ROOT), "PROBLEMFRAME_DATABASE_URL": settings.database_url,
        "PROBLEMFRAME_GITHUB_WEBHOOK_SECRET": SECRET, "PROBLEMFRAME_GITHUB_TOKEN": BOT_TOKEN,
        "PROBLEMFRAME_GITHUB_API_URL": fake.base_url, "PROBLEMFRAME_WRITE_INTERVAL": "0",
        "PROBLEMFRAME_WORKER_POLL_SECONDS": "0.05", "PROBLEMFRAME_WORKER_LEASE_SECONDS": "2",
    }
    serve = subprocess.Popen(
        [str(Path(sys.executable).with_name("problemframe")), "serve", "--port", "0", "--log-level", "warning"],
        env=env, cwd=tmp_path,
    )
    try:
        wait_until(fake.stalled.is_set, "the worker to post issue 2's comment", timeout=30)
    finally:
        serve.send_signal(signal.SIGKILL)
        serve.wait(10)
        fake.release.set()
    store = Store(make_engine(settings.database_url))
    try:
        mid_batch = store.inbox.counts()
        assert mid_batch[DeliveryStatus.DONE] == 1 and mid_batch[DeliveryStatus.PROCESSING] == 2
    finally:
        store.close()
    assert [len(fake.comments(REPO, n)) for n in numbers] == [1, 1, 0]

    with running_service(settings, fake) as restarted:
        wait_until(lambda: set(restarted.statuses().values()) == {DeliveryStatus.DONE},
                   "the restarted service to finish every delivery")
        attempts = {d.delivery_id: d.attempts for d in restarted.store.inbox.find()}

    assert attempts == {"opened-1": 1, "opened-2": 2, "opened-3": 2}
    for n in numbers:
        (comment,) = fake.comments(REPO, n)
        assert comment.user.login == BOT and "Needs framing: problem, evidence, metric" in comment.body
        assert set(fake.issue(REPO, n).labels) == {"needs-framing", "evidence-none"}
    posts = [r for r in fake.requests if r.method == "POST" and r.path.endswith("/comments")]
    assert len(posts) == 3
