"""GitHub Projects (v2) from the tracker's side: the GraphQL endpoint per credential, and item fields kept in sync."""

from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Callable, Sequence

from github import Github

from integration.github.calls import Calls, OnResponse
from integration.github.clients import Clients
from integration.github.graphql import GraphQL
from integration.github.issues import Issues
from integration.github.policies import Policies
from integration.github.project_setup import SetupReport, setup_board
from integration.github.projects import BoardCache, sync_issue
from integration.github.writes import Writer, Writes
from integration.retry import Clock
from integration.tracker import PermanentTrackerError
from problemframe.actions import Action, ScheduleOutcome, SetField, SetLabels
from problemframe.events import TicketRef
from problemframe.policy import ProjectRef
from problemframe.projects import ItemFields, item_fields

log = logging.getLogger(__name__)


class ProjectSync:
    """Keep the project items of issues in step with their labels and fields; set projects up."""

    def __init__(
        self,
        clients: Clients,
        issues: Issues,
        calls: Calls,
        writer: Writer,
        policies: Policies,
        *,
        ttl: float,
        clock: Clock,
        on_response: OnResponse | None,
    ) -> None:
        self._clients = clients
        self._issues = issues
        self._calls = calls
        self._writer = writer
        self._policies = policies
        self._clock = clock
        self._on_response = on_response
        self._boards = BoardCache(ttl=ttl, clock=clock)
        self._graphql: dict[int, GraphQL] = {}
        self._graphql_lock = threading.Lock()

    def graphql(self, container: str) -> GraphQL:
        """Return the GraphQL endpoint with the credential that reaches a repository."""
        return self._graphql_of(self._issues.client(container))

    def owner_graphql(self, owner: str) -> GraphQL:
        """Return the GraphQL endpoint with the credential that reaches an account's projects."""
        return self._graphql_of(self._clients.owner_client(owner, self._calls.call))

    def _graphql_of(self, gh: Github) -> GraphQL:
        with self._graphql_lock:
            found = self._graphql.get(id(gh))
            if found is None:
                requester = gh.requester
                auth = requester.auth
                if auth is None:
                    raise PermanentTrackerError("GitHub's GraphQL API needs a token or a GitHub App")
                found = GraphQL(
                    requester.graphql_url, lambda: auth.token, clock=self._clock, on_response=self._on_response
                )
                self._graphql[id(gh)] = found
            return found

    def sync(self, actions: Sequence[Action], writes: Writes) -> None:
        """Write the project fields the actions imply, for every repository whose policy names projects."""
        by_container: dict[str, list[Action]] = {}
        for action in actions:
            if isinstance(action, SetField | SetLabels | ScheduleOutcome):
                by_container.setdefault(action.ref.container, []).append(action)
        for container, mine in by_container.items():
            policy = self._policies.policy(container)
            if not policy.projects:
                continue
            for ref, fields in item_fields(mine, labels=policy.labels).items():
                try:
                    self._calls.retrying(
                        functools.partial(self._sync_item, ref, fields, policy.projects, writes),
                        what=f"project fields of {ref}",
                    )
                except PermanentTrackerError as exc:
                    # A project the credential may not read or edit must not fail the ticket's own labels and
                    # comment (already written); the next change of the ticket tries again.
                    log.error("%s: project fields not synced: %s", ref, exc)

    def setup(self, project: ProjectRef, *, on_writes: Callable[[int], None] | None = None) -> SetupReport:
        """Create the project fields and options the service writes; `on_writes` hears how many writes it made."""
        writes = Writes()
        # A GitHub App reaches an account's projects through its installation on that account.
        graphql = self._calls.retrying(lambda: self.owner_graphql(project.owner), what=f"credential for {project}")
        write = self._writer.graphql(graphql, writes)
        try:
            return self._calls.retrying(lambda: setup_board(graphql, project, write=write), what=f"set up {project}")
        finally:
            self._boards.drop(project)
            if on_writes is not None:
                on_writes(writes.count)

    def _sync_item(self, ref: TicketRef, fields: ItemFields, projects: tuple[ProjectRef, ...], writes: Writes) -> None:
        _, issue = self._issues.fresh(ref)
        graphql = self.graphql(ref.container)
        sync_issue(
            graphql, self._boards, projects=projects, content_id=issue.node_id, fields=fields,
            write=self._writer.graphql(graphql, writes, key=ref.key), where=str(ref),
        )
