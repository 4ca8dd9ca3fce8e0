"""GitHubTracker: the Tracker protocol over PyGithub, with minimal, paced and retried writes."""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable, Sequence
from typing import Any

from integration.github.calls import WRITES_PER_HOUR, WRITES_PER_MINUTE, Calls, OnResponse
from integration.github.clients import Clients, TokenClients
from integration.github.comment_writes import CommentWriter
from integration.github.comments import MARKER as MARKER  # re-exported: callers import it from here
from integration.github.graphql import GraphQL
from integration.github.issues import Issues
from integration.github.label_writes import LabelWriter
from integration.github.policies import Policies
from integration.github.project_setup import SetupReport
from integration.github.project_sync import ProjectSync
from integration.github.writes import Writer, Writes
from integration.retry import Clock, RetryPolicy, Sleep, WriteLedger, WritePacer
from integration.tracker import PermanentTrackerError, TrackerError, WriteListener, Written
from problemframe.actions import (
    Action,
    Close,
    PostComment,
    Reopen,
    ScheduleOutcome,
    SetField,
    SetLabels,
    Transition,
    UpsertComment,
)
from problemframe.events import CloseReason, Ticket, TicketRef
from problemframe.policy import Policy, ProjectRef

log = logging.getLogger(__name__)

DEFAULT_API_URL = "https://api.github.com"
# Actions that never touch GitHub: SetField and Transition are Jira concepts; the store keeps ScheduleOutcome.
NO_OP_ACTIONS: tuple[type[Any], ...] = (Transition, SetField, ScheduleOutcome)
_CLOSE_REASONS = {
    CloseReason.COMPLETED: "completed",
    CloseReason.NOT_PLANNED: "not_planned",
    CloseReason.DUPLICATE: "duplicate",
}


class GitHubTracker:
    """One GitHub connection (token or App) as the worker and the CLI use it."""

    def __init__(
        self,
        clients: Clients,
        *,
        write_interval: float = 1.0,
        dry_run: bool = False,
        clock: Clock = time.time,
        sleep: Sleep = time.sleep,
        retry: RetryPolicy | None = None,
        on_response: OnResponse | None = None,
        policy_ttl: float = 300.0,
        comment_factor: float = 3.0,
        ledger: WriteLedger | None = None,
        budget: str = "",
        on_write: WriteListener | None = None,
    ) -> None:
        """Connect through `clients`; with a `ledger`, writes are booked there under `budget`, shared by replicas.

        `on_write` hears each change made to an issue (its labels, comment, state, project fields).
        """
        self._clients = clients
        self._calls = Calls(clock=clock, sleep=sleep, retry=retry or RetryPolicy(), on_response=on_response)
        pacer = WritePacer(
            interval=write_interval,
            clock=clock,
            sleep=sleep,
            comment_factor=comment_factor,
            per_minute=WRITES_PER_MINUTE,
            per_hour=WRITES_PER_HOUR,
            max_wait=self._calls.retry.max_wait,
            ledger=ledger,
            budget=budget,
        )
        self._writer = Writer(self._calls, pacer, dry_run=dry_run, on_write=on_write)
        self._issues = Issues(clients, self._calls)
        self._policies = Policies(self._issues, self._calls, ttl=policy_ttl, clock=clock)
        self._labels = LabelWriter(self._issues, self._calls, self._writer, self._policies, ttl=policy_ttl, clock=clock)
        self._comments = CommentWriter(self._issues, self._calls, self._writer, self.service_login)
        self._projects = ProjectSync(
            clients, self._issues, self._calls, self._writer, self._policies, ttl=policy_ttl, clock=clock,
            on_response=on_response,
        )

    @property
    def dry_run(self) -> bool:
        """Return whether writes are only logged."""
        return self._writer.dry_run

    @classmethod
    def from_token(
        cls,
        token: str,
        *,
        api_url: str = DEFAULT_API_URL,
        write_interval: float = 1.0,
        dry_run: bool = False,
        timeout: int = 15,
        clock: Clock = time.time,
        sleep: Sleep = time.sleep,
        retry: RetryPolicy | None = None,
        on_response: OnResponse | None = None,
    ) -> GitHubTracker:
        """Connect with a personal access token or a bot account's token."""
        return cls(
            TokenClients(token, api_url=api_url, timeout=timeout),
            write_interval=write_interval,
            dry_run=dry_run,
            clock=clock,
            sleep=sleep,
            retry=retry,
            on_response=on_response,
        )

    # ---- reads --------------------------------------------------------------------------------------------------

    def service_login(self) -> str:
        """Return the login the service writes as (its own events and comments are recognised by it)."""
        return self._calls.retrying(lambda: self._clients.login(self._calls.call), what="service login")

    def fetch_ticket(self, ref: TicketRef) -> Ticket:
        """Return the issue as GitHub shows it now."""
        return self._calls.retrying(lambda: self._issues.ticket(ref), what=f"fetch {ref}")

    def has_comment(self, ref: TicketRef, first_line: str) -> bool:
        """Return whether the service already left a comment on the issue whose first line is `first_line`."""
        return self._comments.has_comment(ref, first_line)

    def load_policy(self, container: str) -> Policy:
        """Return the repository's policy; defaults when the file is missing or broken (see policy_error)."""
        return self._policies.policy(container)

    def policy_error(self, container: str) -> str | None:
        """Return why the repository's policy file was ignored at the last load, or None if it was fine."""
        return self._policies.error(container)

    # ---- writes -------------------------------------------------------------------------------------------------

    def apply(self, actions: Sequence[Action]) -> int:
        """Carry out the actions with as few writes as possible; return how many write requests were made."""
        writes = Writes()
        try:
            for action in actions:
                if isinstance(action, NO_OP_ACTIONS):
                    log.debug("%s: %s has no effect on GitHub", action.ref, action.type)
                    continue
                handler = self._handlers().get(type(action))
                if handler is None:
                    raise PermanentTrackerError(f"{action.ref}: no GitHub handler for {action.type}")
                self._calls.retrying(functools.partial(handler, action, writes), what=f"{action.type} on {action.ref}")
            self._projects.sync(actions, writes)
        except TrackerError as error:
            error.writes = writes.count
            raise
        return writes.count

    def _handlers(self) -> dict[type[Any], Callable[[Any, Writes], None]]:
        return {
            SetLabels: self._labels.set_labels,
            UpsertComment: self._comments.upsert,
            PostComment: self._comments.post,
            Reopen: self._reopen,
            Close: self._close,
        }

    def _reopen(self, action: Reopen, writes: Writes) -> None:
        gh, issue = self._issues.fresh(action.ref)
        if issue.state != "open":
            self._writer.rest(gh, writes, f"reopen {action.ref}", lambda: issue.edit(state="open"),
                              written=Written(action.ref.key, "status", "reopened"))

    def _close(self, action: Close, writes: Writes) -> None:
        reason = _CLOSE_REASONS.get(action.reason)
        if reason is None:
            raise PermanentTrackerError(f"{action.ref}: cannot close an issue as {action.reason.value!r}")
        gh, issue = self._issues.fresh(action.ref)
        # GitHub ignores state_reason unless the state changes, so a closed issue is left as it is.
        # https://docs.github.com/rest/issues/issues#update-an-issue
        if issue.state != "closed":
            self._writer.rest(
                gh, writes, f"close {action.ref} as {reason}", lambda: issue.edit(state="closed", state_reason=reason),
                written=Written(action.ref.key, "status", f"closed as {reason}"),
            )

    # ---- GitHub Projects (v2) -----------------------------------------------------------------------------------

    def graphql(self, container: str) -> GraphQL:
        """Return the GraphQL endpoint with the credential that reaches a repository."""
        return self._projects.graphql(container)

    def setup_project(self, project: ProjectRef, *, on_writes: Callable[[int], None] | None = None) -> SetupReport:
        """Create the project fields and options the service writes; a project already set up costs no write.

        `on_writes` hears how many write requests were made.
        """
        return self._projects.setup(project, on_writes=on_writes)
