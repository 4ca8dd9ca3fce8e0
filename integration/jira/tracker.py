"""JiraTracker: the Tracker protocol over the `jira` library (REST v2, Cloud or Data Center)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from jira import JIRA

from integration.jira.calls import Caller
from integration.jira.comment_writes import has_comment, post_comment, upsert_comment
from integration.jira.connection import JiraConnection, connector
from integration.jira.edit import edit
from integration.jira.fields import FieldCatalogue
from integration.jira.issue import ticket_from_issue
from integration.jira.transitions import move
from integration.retry import Clock, Sleep, WriteLedger
from integration.tracker import PermanentTrackerError, TrackerError, WriteListener
from problemframe.actions import (
    Action,
    Close,
    PostComment,
    Reopen,
    SetField,
    SetLabels,
    Transition,
    UpsertComment,
)
from problemframe.events import Ticket, TicketRef
from problemframe.policy import Policy

log = logging.getLogger(__name__)


class JiraTracker(JiraConnection):
    """One Jira site, as the worker and the CLI use it."""

    def __init__(
        self,
        connect: Callable[[], JIRA],
        *,
        server_url: str,
        write_interval: float = 1.0,
        dry_run: bool = False,
        policies: Mapping[str, Policy] | None = None,
        caller: Caller | None = None,
    ) -> None:
        super().__init__(
            connect, server_url=server_url, dry_run=dry_run, calls=caller or Caller(write_interval=write_interval)
        )
        self.policies = dict(policies or {})
        self._fields = FieldCatalogue(self)

    @classmethod
    def from_settings(
        cls,
        url: str,
        *,
        email: str | None = None,
        api_token: str | None = None,
        pat: str | None = None,
        write_interval: float = 1.0,
        dry_run: bool = False,
        policies: Mapping[str, Policy] | None = None,
        on_call: Callable[[str], None] | None = None,
        clock: Clock = time.time,
        sleep: Sleep = time.sleep,
        ledger: WriteLedger | None = None,
        budget: str = "",
        on_write: WriteListener | None = None,
    ) -> JiraTracker:
        """Connect with Cloud basic auth (email + API token) or a Data Center personal access token.

        `on_call` hears the outcome of every REST call: ok, transient or permanent. `clock` (epoch seconds) and
        `sleep` time the pacing and the retries; writes are booked in `ledger` under `budget` when one is given.
        `on_write` hears each change made to an issue (labels, fields, comment, status).
        """
        connect = connector(url, email=email, api_token=api_token, pat=pat)
        caller = Caller(
            write_interval=write_interval, on_call=on_call, clock=clock, sleep=sleep, ledger=ledger, budget=budget,
            on_write=on_write,
        )
        return cls(
            connect, server_url=url, write_interval=write_interval, dry_run=dry_run, policies=policies, caller=caller
        )

    # --- reads --------------------------------------------------------------------------------------------------

    def field_ids(self, *, refresh: bool = False) -> dict[str, str]:
        """Return custom field display name -> id (the first field of each name wins)."""
        return self._fields.ids(refresh=refresh)

    def missing_score_fields(self) -> tuple[str, ...]:
        """Return the score fields the site lacks until `setup jira` creates them; logs once what that means."""
        return self._fields.missing_score_fields()

    def field_id(self, name: str) -> str:
        """Return the id of the custom field called `name`, or raise a permanent error naming the set-up step."""
        return self._fields.id_of(name)

    def frame_ids(self) -> dict[str, str]:
        """Return problem/evidence/metric -> custom field id, for the frame fields that exist."""
        return self._fields.frame_ids()

    def fetch_issue(self, id_or_key: str) -> Ticket:
        """Return the ticket for an issue id or key (webhook payloads without an issue carry only the id)."""
        return ticket_from_issue(self.issue_json(id_or_key), server_url=self.server_url, frame_ids=self.frame_ids())

    def fetch_ticket(self, ref: TicketRef) -> Ticket:
        """Return the ticket as Jira shows it now."""
        return self.fetch_issue(ref.key)

    def load_policy(self, container: str) -> Policy:
        """Return the project's policy from the service configuration, defaults otherwise."""
        return self.policies.get(container, Policy())

    def policy_error(self, container: str) -> str | None:
        """Return a notice for the sticky comment while the score fields are missing, else None.

        Jira policies come from the service configuration, checked when the service starts; what people can act on
        here is the project's set-up.
        """
        missing = self.missing_score_fields()
        if not missing:
            return None
        names = " and ".join(f"'{name}'" for name in missing)
        return (f"The evidence score is not stored in Jira fields yet: this site has no {names} field. Labels and "
                "this comment are kept up to date meanwhile; to add the fields, a Jira administrator runs: "
                f"problemframe setup jira --project {container}")

    def has_comment(self, ref: TicketRef, first_line: str) -> bool:
        """Return whether the service already left a comment on the issue whose first line is `first_line`."""
        return has_comment(self, ref, first_line)

    # --- writes -------------------------------------------------------------------------------------------------

    def apply(self, actions: Sequence[Action]) -> int:
        """Carry out the actions with as few writes as possible; return how many write requests were made."""
        before = self.calls.writes
        by_ticket: dict[TicketRef, list[Action]] = {}
        for action in actions:
            if isinstance(action, SetLabels | SetField | UpsertComment | PostComment | Reopen | Close | Transition):
                by_ticket.setdefault(action.ref, []).append(action)
            # ScheduleOutcome is the store's business, not Jira's.
        try:
            for ref, todo in by_ticket.items():
                if ref.tracker != "jira":
                    raise PermanentTrackerError(f"{ref} is not a Jira issue")
                self._apply_one(ref, todo)
        except TrackerError as error:
            error.writes = self.calls.writes - before
            raise
        return self.calls.writes - before

    def _apply_one(self, ref: TicketRef, actions: list[Action]) -> None:
        # Reopen first (a closed issue may refuse edits), then edit fields and labels in one request, then comments,
        # then moves towards Done last so the issue is complete before it closes.
        key = ref.key
        issue: dict[str, Any] = self.issue_json(key)
        for action in actions:
            if isinstance(action, Reopen):
                issue = move(self, key, issue, category="new", label="reopen") or issue
        edit(self, self._fields, key, issue, [a for a in actions if isinstance(a, SetLabels | SetField)])
        for action in actions:
            if isinstance(action, UpsertComment):
                upsert_comment(self, key, action.body, issue)
            elif isinstance(action, PostComment):
                post_comment(self, key, action.body)
        for action in actions:
            if isinstance(action, Transition):
                issue = move(self, key, issue, status=action.status, label=f"move to '{action.status}'") or issue
            elif isinstance(action, Close):
                done = self.load_policy(ref.container).outcome.done_status
                issue = move(self, key, issue, category="done", prefer=done, label="close") or issue
