"""The GitHub scenarios' world: the real app on a temp database, the fake GitHub, people, and signed deliveries."""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from fastapi.testclient import TestClient

from integration.github.comments import MARKER
from integration.store import DeliveryStatus, Store, make_engine
from tests.fakes.clock import FakeClock
from tests.fakes.github.model import Comment, Issue
from tests.fakes.github.server import FakeGitHub
from tests.fakes.request_log import LoggedRequest
from tests.waiting import wait_until
from tests.webhooks.helpers import encode, fixture, github_headers, settings_for
from webhooks.app import create_app
from webhooks.metrics import Metrics
from webhooks.settings import Settings
from webhooks.trackers import from_settings

# The captured payloads' own repository, seeded in the fake so their repository block stays as captured.
REPO = "Codertocat/Hello-World"
BOT = "problemframe-bot"
BOT_TOKEN = "bot-token"
AUTHOR = "alice"
MAINTAINER = "mona"
READER = "rando"
PEOPLE = {AUTHOR: "alice-token", MAINTAINER: "mona-token", READER: "rando-token"}


def framed_body(
    *, source: str = "manual", customer: str = "Acme Corp", window_days: int = 30, window: str | None = None
) -> str:
    """Return a complete issue body: problem, four customers' evidence dated recently, and a metric."""
    today = dt.date.today()

    def ago(days: int) -> str:
        return (today - dt.timedelta(days=days)).isoformat()

    return f"""### Problem statement

Finance admins at mid-market customers cannot export reports larger than about 10,000 rows: the export job times
out after 60 seconds, so every Monday they split the board pack into pieces. That costs each admin 3 hours a week.

### Customer evidence

- **{customer}** — https://acme.zendesk.com/agent/tickets/4512 — $120k ARR — {ago(10)} — "We lose half a day."
- **Globex** — Gong call with their CFO https://app.gong.io/call?id=7781 — {ago(20)} — "Exports keep failing."
- **Initech** — Salesforce renewal note https://initech.lightning.force.com/lightning/r/Opportunity/6AB — {ago(30)}
- **Umbrella Health** — Intercom conversation https://app.intercom.com/a/inbox/x1/conversation/8812 — {ago(40)}

### Success metric

weekly active exporters

### Baseline

120

### Target

300

### Direction

increase

### Measurement window

{window or f"{window_days} days"}

### Data source

{source}
"""


def _iso(epoch: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(epoch))


@dataclass
class World:
    """One running service and the fake GitHub it talks to, seen the way the people on GitHub see it."""

    fake: FakeGitHub
    client: TestClient
    store: Store

    # ---- what people do on GitHub -------------------------------------------------------------------------------

    def person(self, login: str, method: str, path: str, payload: dict[str, Any]) -> dict[str, Any]:
        """Make one REST call to the fake GitHub as a person (their edits, closes and comments)."""
        response = httpx.request(
            method, f"{self.fake.base_url}{path}", json=payload,
            headers={"Authorization": f"token {PEOPLE[login]}", "Accept": "application/vnd.github+json"},
        )
        response.raise_for_status()
        answer: dict[str, Any] = response.json()
        return answer

    def edit_issue(self, login: str, number: int, **changes: Any) -> None:
        """Change an issue's title, body or state as a person."""
        self.person(login, "PATCH", f"/repos/{REPO}/issues/{number}", changes)

    def comment(self, login: str, number: int, body: str) -> Comment:
        """Post a comment as a person and return it as the fake stores it."""
        posted = self.person(login, "POST", f"/repos/{REPO}/issues/{number}/comments", {"body": body})
        return self.fake.repo(REPO).comments[int(posted["id"])]

    # ---- what GitHub sends ----------------------------------------------------------------------------------------

    def issue_payload(
        self, name: str, number: int, *, sender: str, changes: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        """Return a captured `issues` payload rewritten to show the fake's issue now, sent by `sender`."""
        payload = fixture(name)
        payload["issue"] = self._issue_json(payload["issue"], self.fake.issue(REPO, number))
        payload["sender"] = self._user_json(payload["sender"], sender)
        if changes is not None:
            payload["changes"] = changes
        return payload

    def comment_payload(self, number: int, comment: Comment, *, association: str) -> dict[str, Any]:
        """Return a captured `issue_comment.created` payload for a comment on the fake's issue."""
        payload = fixture("issue_comment.created")
        payload["issue"] = self._issue_json(payload["issue"], self.fake.issue(REPO, number))
        captured = payload["comment"]
        captured.update(
            id=comment.id, body=comment.body, author_association=association,
            user=self._user_json(captured["user"], comment.user.login),
            created_at=_iso(comment.created_at), updated_at=_iso(comment.updated_at),
            html_url=f"{self.fake.base_url}/{REPO}/issues/{number}#issuecomment-{comment.id}",
            url=f"https://api.github.com/repos/{REPO}/issues/comments/{comment.id}",
            issue_url=f"https://api.github.com/repos/{REPO}/issues/{number}",
        )
        payload["sender"] = self._user_json(payload["sender"], comment.user.login)
        return payload

    def _user_json(self, captured: dict[str, Any], login: str) -> dict[str, Any]:
        user = self.fake.users[login]
        rewritten = copy.deepcopy(captured)
        rewritten.update(login=user.login, id=user.id, type=user.type)
        return rewritten

    def _issue_json(self, captured: dict[str, Any], issue: Issue) -> dict[str, Any]:
        rewritten = copy.deepcopy(captured)
        template = captured["labels"][0] if captured["labels"] else {}
        api = f"https://api.github.com/repos/{REPO}/issues/{issue.number}"
        rewritten.update(
            number=issue.number, id=issue.id, title=issue.title, body=issue.body, state=issue.state,
            author_association=issue.author_association, user=self._user_json(captured["user"], issue.user.login),
            labels=[{**template, "name": name, "id": self.fake.repo(REPO).labels[name.lower()].id}
                    for name in issue.labels],
            created_at=_iso(issue.created_at), updated_at=_iso(issue.updated_at),
            closed_at=_iso(issue.closed_at) if issue.closed_at is not None else None,
            html_url=f"{self.fake.base_url}/{REPO}/issues/{issue.number}", url=api, comments_url=f"{api}/comments",
            events_url=f"{api}/events", labels_url=f"{api}/labels{{/name}}",
        )
        if "state_reason" in captured or issue.state_reason is not None:
            rewritten["state_reason"] = issue.state_reason
        return rewritten

    def deliver(self, event: str, payload: dict[str, Any], *, delivery: str | None = None) -> httpx.Response:
        """Sign and POST a delivery to the service the way GitHub does."""
        body = encode(payload)
        headers = github_headers(event, body, delivery=delivery or str(uuid.uuid4()))
        return self.client.post("/webhooks/github", content=body, headers=headers)

    def settle(self) -> None:
        """Wait until the worker has finished every delivery it was given."""
        wait_until(lambda: self.store.inbox.depth() == 0, "the worker to drain the inbox")

    def statuses(self) -> dict[str, DeliveryStatus]:
        """Return each stored delivery's status by delivery id."""
        return {record.delivery_id: record.status for record in self.store.inbox.find(limit=1000)}

    # ---- what people see on GitHub ------------------------------------------------------------------------------

    def labels(self, number: int) -> set[str]:
        """Return the issue's label names."""
        return set(self.fake.issue(REPO, number).labels)

    def comments(self, number: int) -> list[Comment]:
        """Return the issue's comments, oldest first."""
        return self.fake.comments(REPO, number)

    def bot_comments(self, number: int) -> list[Comment]:
        """Return the comments the service wrote on the issue."""
        return [comment for comment in self.comments(number) if comment.user.login == BOT]

    def sticky(self, number: int) -> Comment:
        """Return the service's one sticky comment on the issue, failing if there is not exactly one."""
        (sticky,) = [c for c in self.bot_comments(number) if c.body.startswith(MARKER)]
        return sticky

    def bot_writes(self) -> list[LoggedRequest]:
        """Return the write requests the service made since the log was last cleared."""
        return [request for request in self.fake.writes() if request.who == BOT]


def seed(fake: FakeGitHub) -> None:
    """Create the service's account, the people and the captured payloads' repository in the fake."""
    fake.add_user(BOT, token=BOT_TOKEN)
    for login, token in PEOPLE.items():
        fake.add_user(login, token=token)
    fake.add_repo(REPO)


def service_settings(database: Path, fake: FakeGitHub, **overrides: Any) -> Settings:
    """Return the service's settings: a temp SQLite file, the webhook secret, and a token for the fake GitHub."""
    values: dict[str, Any] = {"github_api_url": fake.base_url, "github_token": BOT_TOKEN, **overrides}
    return settings_for(f"sqlite:///{database}", **values)


@contextlib.contextmanager
def running_service(
    settings: Settings, fake: FakeGitHub, clock: FakeClock | None = None, *, background: bool = True
) -> Iterator[World]:
    """Run the real app until the block ends: its worker and scheduler unless `background` is False (door only).

    With `clock`, the service's GitHub connection paces and waits on that virtual clock.
    """
    metrics = Metrics()
    factory = (
        from_settings(settings, metrics=metrics, clock=clock.time, sleep=clock.sleep) if clock is not None else None
    )
    store = Store(make_engine(settings.database_url))
    try:
        app = create_app(settings, tracker_factory=factory, metrics=metrics, start_background=background)
        with TestClient(app) as client:
            yield World(fake=fake, client=client, store=store)
    finally:
        store.close()
