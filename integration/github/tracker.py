"""GitHubTracker: the Tracker protocol over PyGithub, with minimal, paced and retried writes."""

from __future__ import annotations

import functools
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from github import Github
from github.Issue import Issue
from gql import GraphQLRequest

from integration.github.calls import (
    WRITES_PER_HOUR,
    WRITES_PER_MINUTE,
    Calls,
    GitHubRefused,
    NotFoundError,
    OnResponse,
)
from integration.github.clients import AppClients, Clients, TokenClients
from integration.github.comments import MARKER as MARKER  # re-exported: callers import it from here
from integration.github.comments import check_length, is_sticky, same_text, with_marker
from integration.github.events import thumbs_up
from integration.github.graphql import GraphQL
from integration.github.labels import RepoLabelCache, label_change
from integration.github.palette import label_style
from integration.github.policies import POLICY_PATH, LoadedPolicy, PolicyCache, policy_from_file
from integration.github.project_setup import SetupReport, setup_board
from integration.github.projects import BoardCache, Write, sync_issue
from integration.retry import Clock, RetryPolicy, Sleep, WriteLedger, WritePacer
from integration.tracker import PermanentTrackerError, TrackerError
from problemframe.actions import (
    Action,
    Close,
    PostComment,
    RecordMeasurement,
    RecordReview,
    Reopen,
    ScheduleOutcome,
    SetField,
    SetLabels,
    Transition,
    UpsertComment,
)
from problemframe.events import CloseReason, Ticket, TicketRef, TicketState
from problemframe.policy import Policy, ProjectRef
from problemframe.projects import ItemFields, item_fields

T = TypeVar("T")
log = logging.getLogger(__name__)

DEFAULT_API_URL = "https://api.github.com"
# Actions that never touch GitHub: SetField and Transition are Jira concepts; the store keeps Schedule/Record*.
NO_OP_ACTIONS: tuple[type[Any], ...] = (Transition, SetField, ScheduleOutcome, RecordMeasurement, RecordReview)
_CLOSE_REASONS = {
    CloseReason.COMPLETED: "completed",
    CloseReason.NOT_PLANNED: "not_planned",
    CloseReason.DUPLICATE: "duplicate",
}


@dataclass(frozen=True)
class _CachedIssue:
    requester_owner: Github
    issue: Issue


class _IssueCache:
    """The last issues read, kept for their ETags; least recently used ones go first."""

    def __init__(self, capacity: int = 1024) -> None:
        self._capacity = capacity
        self._entries: OrderedDict[TicketRef, _CachedIssue] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, ref: TicketRef) -> _CachedIssue | None:
        with self._lock:
            entry = self._entries.get(ref)
            if entry is not None:
                self._entries.move_to_end(ref)
            return entry

    def put(self, ref: TicketRef, entry: _CachedIssue) -> None:
        with self._lock:
            self._entries[ref] = entry
            self._entries.move_to_end(ref)
            while len(self._entries) > self._capacity:
                self._entries.popitem(last=False)

    def drop(self, ref: TicketRef) -> None:
        with self._lock:
            self._entries.pop(ref, None)


@dataclass
class _Writes:
    count: int = 0
    posted: set[int] = field(default_factory=set)  # id() of PostComment actions whose POST went out


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
    ) -> None:
        """Connect through `clients`; with a `ledger`, writes are booked there under `budget`, shared by replicas."""
        self.dry_run = dry_run
        self._clients = clients
        self._calls = Calls(clock=clock, sleep=sleep, retry=retry or RetryPolicy(), on_response=on_response)
        self._pacer = WritePacer(
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
        self._policies = PolicyCache(ttl=policy_ttl, clock=clock)
        self._repo_labels = RepoLabelCache(ttl=policy_ttl, clock=clock)
        self._issues = _IssueCache()
        self._clock = clock
        self._on_response = on_response
        self._boards = BoardCache(ttl=policy_ttl, clock=clock)
        self._graphql: dict[int, GraphQL] = {}
        self._graphql_lock = threading.Lock()

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

    @classmethod
    def from_app(
        cls,
        app_id: int | str,
        private_key_pem: str,
        *,
        api_url: str = DEFAULT_API_URL,
        installation_id: int | None = None,
        write_interval: float = 1.0,
        dry_run: bool = False,
        timeout: int = 15,
        clock: Clock = time.time,
        sleep: Sleep = time.sleep,
        retry: RetryPolicy | None = None,
        on_response: OnResponse | None = None,
    ) -> GitHubTracker:
        """Connect as a GitHub App; each repository is reached through its own installation's token."""
        clients = AppClients(app_id, private_key_pem, api_url=api_url, timeout=timeout, installation_id=installation_id)
        return cls(
            clients,
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
        return self._calls.retrying(lambda: self._ticket(ref), what=f"fetch {ref}")

    def has_comment(self, ref: TicketRef, first_line: str) -> bool:
        """Return whether the service already left a comment on the issue whose first line is `first_line`."""
        login = self.service_login()

        def look() -> bool:
            gh, issue = self._lazy_issue(ref)
            comments = self._calls.call(gh, lambda: list(issue.get_comments()))
            return any(c.user.login == login and c.body.split("\n", 1)[0] == first_line for c in comments)

        return self._calls.retrying(look, what=f"comments of {ref}")

    def load_policy(self, container: str) -> Policy:
        """Return the repository's policy; defaults when the file is missing or broken (see policy_error)."""
        return self._loaded_policy(container).policy

    def policy_error(self, container: str) -> str | None:
        """Return why the repository's policy file was ignored at the last load, or None if it was fine."""
        loaded = self._policies.last(container)
        return loaded.error if loaded else None

    def _client(self, container: str) -> Github:
        return self._clients.client(container, self._calls.call)

    def _lazy_issue(self, ref: TicketRef) -> tuple[Github, Issue]:
        if ref.tracker != "github":
            raise PermanentTrackerError(f"{ref} is not a GitHub issue")
        try:
            number = int(ref.key)
        except ValueError as exc:
            raise PermanentTrackerError(f"{ref}: GitHub issue numbers are integers") from exc
        gh = self._client(ref.container)
        return gh, gh.get_repo(ref.container).get_issue(number)

    def _issue(self, ref: TicketRef) -> tuple[Github, Issue]:
        gh, issue = self._lazy_issue(ref)
        cached = self._issues.get(ref)
        try:
            if cached is not None:
                # A conditional GET with the last ETag: a 304 costs no rate limit.
                # https://docs.github.com/rest/using-the-rest-api/best-practices-for-using-the-rest-api#use-conditional-requests-if-appropriate
                self._calls.call(
                    cached.requester_owner, cached.issue.update, status_of=lambda changed: 200 if changed else 304
                )
                return gh, cached.issue
            self._calls.call(gh, issue.complete)
        except PermanentTrackerError:
            self._issues.drop(ref)
            raise
        self._issues.put(ref, _CachedIssue(gh, issue))
        return gh, issue

    def _ticket(self, ref: TicketRef) -> Ticket:
        _, issue = self._issue(ref)
        state = TicketState.CLOSED if issue.state == "closed" else TicketState.OPEN
        reason = issue.state_reason
        return Ticket(
            ref=ref,
            title=issue.title or "",
            body=issue.body or "",
            labels=frozenset(label.name for label in issue.labels),
            votes=thumbs_up(issue.raw_data.get("reactions")),
            state=state,
            close_reason=CloseReason(reason) if reason in set(CloseReason) else None,
            url=issue.html_url,
            author=issue.user.login if issue.user else None,
            updated_at=issue.updated_at,
        )

    def _loaded_policy(self, container: str) -> LoadedPolicy:
        cached = self._policies.get(container)
        if cached is not None:
            return cached
        loaded = self._calls.retrying(lambda: self._read_policy(container), what=f"policy of {container}")
        if loaded.error:
            log.warning("%s: %s", container, loaded.error)
        self._policies.put(container, loaded)
        return loaded

    def _read_policy(self, container: str) -> LoadedPolicy:
        gh = self._client(container)
        repo = gh.get_repo(container)
        # Without `ref`, GitHub reads the default branch, which is where the policy lives.
        # https://docs.github.com/rest/repos/contents#get-repository-content
        try:
            content = self._calls.call(gh, lambda: repo.get_contents(POLICY_PATH))
        except NotFoundError:
            return policy_from_file(None)
        if isinstance(content, list):
            return LoadedPolicy(Policy(), f"{POLICY_PATH} is a directory; using the defaults.")
        return policy_from_file(content.decoded_content)

    # ---- writes -------------------------------------------------------------------------------------------------

    def apply(self, actions: Sequence[Action]) -> int:
        """Carry out the actions with as few writes as possible; return how many write requests were made."""
        writes = _Writes()
        try:
            for action in actions:
                if isinstance(action, NO_OP_ACTIONS):
                    log.debug("%s: %s has no effect on GitHub", action.ref, action.type)
                    continue
                handler = self._handlers().get(type(action))
                if handler is None:
                    raise PermanentTrackerError(f"{action.ref}: no GitHub handler for {action.type}")
                self._calls.retrying(functools.partial(handler, action, writes), what=f"{action.type} on {action.ref}")
            self._sync_projects(actions, writes)
        except TrackerError as error:
            error.writes = writes.count
            raise
        return writes.count

    def _handlers(self) -> dict[type[Any], Callable[[Any, _Writes], None]]:
        return {
            SetLabels: self._set_labels,
            UpsertComment: self._upsert_comment,
            PostComment: self._post_comment,
            Reopen: self._reopen,
            Close: self._close,
        }

    def _write(
        self, gh: Github, writes: _Writes, what: str, fn: Callable[[], T], *, comment: bool = False, status: int = 200
    ) -> T | None:
        if self.dry_run:
            log.info("dry run: would %s", what)
            return None
        self._pacer.wait(comment=comment)
        writes.count += 1
        log.info("%s", what)
        return self._calls.call(gh, fn, ok_status=status)

    def _set_labels(self, action: SetLabels, writes: _Writes) -> None:
        gh, issue = self._issue(action.ref)
        current = [label.name for label in issue.labels]
        change = label_change(current, wanted=action.wanted, managed=action.managed)
        if change.add:
            self._ensure_repo_labels(gh, action.ref.container, change.add, writes)
        if (change.add and change.remove) or len(change.remove) > 1:
            # One PUT instead of a POST and DELETEs (a tier change would cost three writes). The issue was just
            # re-read, so the window in which a person's new label could be overwritten is one round trip.
            removed = {name.lower() for name in change.remove}
            final = [name for name in current if name.lower() not in removed] + list(change.add)
            self._write(gh, writes, f"set labels {final} on {action.ref}", lambda: issue.set_labels(*final))
        elif change.add:
            added = list(change.add)
            self._write(gh, writes, f"add labels {added} to {action.ref}", lambda: issue.add_to_labels(*added))
        elif change.remove:
            (name,) = change.remove
            try:
                remove = functools.partial(issue.remove_from_labels, name)
                self._write(gh, writes, f"remove label {name!r} from {action.ref}", remove)
            except NotFoundError:
                log.info("%s: label %r was already gone", action.ref, name)

    def _ensure_repo_labels(self, gh: Github, container: str, names: Sequence[str], writes: _Writes) -> None:
        missing = self._repo_labels.missing(container, names)
        repo = gh.get_repo(container)
        if missing is None:
            existing = self._calls.call(gh, lambda: [label.name for label in repo.get_labels()])
            self._repo_labels.replace(container, existing)
            missing = self._repo_labels.missing(container, names) or set()
        naming = self.load_policy(container).labels
        for name in sorted(missing):
            style = label_style(name, naming)
            try:
                self._write(
                    gh,
                    writes,
                    f"create label {name!r} in {container}",
                    functools.partial(repo.create_label, name, style.color, style.description),
                    status=201,
                )
            except GitHubRefused as exc:
                # Another replica (or a person) made it a moment ago: what was wanted is there.
                if "already_exists" not in exc.codes:
                    raise
                log.info("label %r already exists in %s", name, container)
            if not self.dry_run:
                self._repo_labels.add(container, name)

    def _upsert_comment(self, action: UpsertComment, writes: _Writes) -> None:
        body = with_marker(action.body)
        check_length(action.ref, body)
        login = self.service_login()
        gh, issue = self._lazy_issue(action.ref)
        comments = self._calls.call(gh, lambda: list(issue.get_comments()))
        mine = next((c for c in comments if is_sticky(c.body, c.user.login, login=login)), None)
        if mine is None:
            self._write(
                gh, writes, f"create the sticky comment on {action.ref}", lambda: issue.create_comment(body),
                comment=True, status=201,
            )
        elif not same_text(mine.body, body):
            self._write(gh, writes, f"edit the sticky comment on {action.ref}", lambda: mine.edit(body))

    def _post_comment(self, action: PostComment, writes: _Writes) -> None:
        check_length(action.ref, action.body)
        gh, issue = self._lazy_issue(action.ref)
        if id(action) in writes.posted:
            # An earlier attempt's POST failed in flight (5xx, timeout) but may have landed: if the newest
            # comment is ours with this body, it did, and posting again would duplicate it.
            login = self.service_login()
            comments = self._calls.call(gh, lambda: list(issue.get_comments()))
            if comments and comments[-1].user.login == login and same_text(comments[-1].body, action.body):
                return
        writes.posted.add(id(action))
        self._write(
            gh, writes, f"comment on {action.ref}", lambda: issue.create_comment(action.body), comment=True, status=201
        )

    def _reopen(self, action: Reopen, writes: _Writes) -> None:
        gh, issue = self._issue(action.ref)
        if issue.state != "open":
            self._write(gh, writes, f"reopen {action.ref}", lambda: issue.edit(state="open"))

    def _close(self, action: Close, writes: _Writes) -> None:
        reason = _CLOSE_REASONS.get(action.reason)
        if reason is None:
            raise PermanentTrackerError(f"{action.ref}: cannot close an issue as {action.reason.value!r}")
        gh, issue = self._issue(action.ref)
        # GitHub ignores state_reason unless the state changes, so a closed issue is left as it is.
        # https://docs.github.com/rest/issues/issues#update-an-issue
        if issue.state != "closed":
            self._write(
                gh, writes, f"close {action.ref} as {reason}", lambda: issue.edit(state="closed", state_reason=reason)
            )

    # ---- GitHub Projects (v2) -----------------------------------------------------------------------------------

    def graphql(self, container: str) -> GraphQL:
        """Return the GraphQL endpoint with the credential that reaches a repository (or an owner's projects)."""
        gh = self._client(container)
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

    def _sync_projects(self, actions: Sequence[Action], writes: _Writes) -> None:
        by_container: dict[str, list[Action]] = {}
        for action in actions:
            if isinstance(action, SetField | SetLabels | ScheduleOutcome):
                by_container.setdefault(action.ref.container, []).append(action)
        for container, mine in by_container.items():
            policy = self.load_policy(container)
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

    def setup_project(self, project: ProjectRef, *, on_writes: Callable[[int], None] | None = None) -> SetupReport:
        """Create the project fields and options the service writes; a project already set up costs no write.

        `on_writes` hears how many write requests were made.
        """
        writes = _Writes()
        # A token reaches any owner's projects it may see; the container only picks the credential.
        graphql = self.graphql(f"{project.owner}/{project.owner}")
        write = self._graphql_writer(graphql, writes)
        try:
            return self._calls.retrying(lambda: setup_board(graphql, project, write=write), what=f"set up {project}")
        finally:
            self._boards.drop(project)
            if on_writes is not None:
                on_writes(writes.count)

    def _graphql_writer(self, graphql: GraphQL, writes: _Writes) -> Write:
        def write(what: str, document: GraphQLRequest, variables: Mapping[str, Any]) -> dict[str, Any] | None:
            if self.dry_run:
                log.info("dry run: would %s", what)
                return None
            self._pacer.wait()
            writes.count += 1
            log.info("%s", what)
            return graphql.execute(document, variables)

        return write

    def _sync_item(self, ref: TicketRef, fields: ItemFields, projects: tuple[ProjectRef, ...], writes: _Writes) -> None:
        _, issue = self._issue(ref)
        graphql = self.graphql(ref.container)
        sync_issue(
            graphql, self._boards, projects=projects, content_id=issue.node_id, fields=fields,
            write=self._graphql_writer(graphql, writes), where=str(ref),
        )
