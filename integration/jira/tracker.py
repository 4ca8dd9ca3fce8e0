"""JiraTracker: the Tracker protocol over the `jira` library (REST v2, Cloud or Data Center)."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any
from urllib.parse import urlencode

from jira import JIRA

from integration.jira.calls import Caller, JiraRefused
from integration.jira.issue import (
    COMMENT_LIMIT,
    FRAME_FIELDS,
    has_marker,
    identity,
    is_done,
    ticket_from_issue,
    with_marker,
)
from integration.retry import Clock, Sleep, WriteLedger
from integration.tracker import PermanentTrackerError, TrackerError
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
from problemframe.decide import EVIDENCE_SCORE_FIELD, EVIDENCE_STRENGTH_FIELD, OUTCOME_FIELD
from problemframe.events import Permission, Ticket, TicketRef
from problemframe.policy import Policy

log = logging.getLogger(__name__)

_COMMENT_PAGE = 100
# The fields `problemframe setup jira` creates for the score; labels and the comment need none of them.
SCORE_FIELDS = (EVIDENCE_SCORE_FIELD, EVIDENCE_STRENGTH_FIELD, OUTCOME_FIELD)
# While fields are missing, Jira's field list is read again at most this often, to notice `setup jira` has run.
FIELD_RECHECK_SECONDS = 300.0


class JiraTracker:
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
        self._connect = connect
        self._client: JIRA | None = None
        self.server_url = server_url.rstrip("/")
        self.dry_run = dry_run
        self.policies = dict(policies or {})
        self.calls = caller or Caller(write_interval=write_interval)
        self._me: dict[str, Any] | None = None
        self._field_ids: dict[str, str] | None = None
        self._field_types: dict[str, str] = {}
        self._fields_read_at = 0.0
        self._told_missing: tuple[str, ...] = ()

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
    ) -> JiraTracker:
        """Connect with Cloud basic auth (email + API token) or a Data Center personal access token.

        `on_call` hears the outcome of every REST call: ok, transient or permanent. `clock` (epoch seconds) and
        `sleep` time the pacing and the retries; writes are booked in `ledger` under `budget` when one is given.
        """
        if email and api_token:
            auth: dict[str, Any] = {"basic_auth": (email, api_token)}
        elif pat:
            auth = {"token_auth": pat}
        else:
            raise PermanentTrackerError(
                "Jira needs PROBLEMFRAME_JIRA_EMAIL + PROBLEMFRAME_JIRA_API_TOKEN, or PROBLEMFRAME_JIRA_PAT"
            )

        def connect() -> JIRA:
            # max_retries=0: retries and Retry-After are handled by Caller (see its docstring for why).
            return JIRA(server=url, max_retries=0, timeout=(10, 30), **auth)

        caller = Caller(
            write_interval=write_interval, on_call=on_call, clock=clock, sleep=sleep, ledger=ledger, budget=budget
        )
        return cls(
            connect, server_url=url, write_interval=write_interval, dry_run=dry_run, policies=policies, caller=caller
        )

    # --- reads --------------------------------------------------------------------------------------------------

    @property
    def client(self) -> JIRA:
        """Return the connected client (the first use asks the server for its version)."""
        if self._client is None:
            self._client = self.calls.read("connect", self._connect)
        return self._client

    @property
    def is_cloud(self) -> bool:
        """Return True for Jira Cloud (accounts by accountId), False for Data Center (by name)."""
        return self.client.deploymentType == "Cloud"

    def myself(self) -> dict[str, Any]:
        """Return the service account as Jira describes it."""
        if self._me is None:
            self._me = self.calls.read("myself", self.client.myself)
        return self._me

    def service_login(self) -> str:
        """Return the accountId (Cloud) or user name (Data Center) the service writes as."""
        login = identity(self.myself())
        if login is None:
            raise PermanentTrackerError("Jira did not say who the service account is (GET /myself)")
        return login

    def field_ids(self, *, refresh: bool = False) -> dict[str, str]:
        """Return custom field display name -> id (the first field of each name wins)."""
        if self._field_ids is None or refresh:
            ids: dict[str, str] = {}
            for field in self.calls.read("fields", self.client.fields):
                if field.get("custom"):
                    ids.setdefault(str(field["name"]), str(field["id"]))
                    self._field_types[str(field["id"])] = str((field.get("schema") or {}).get("type", "string"))
            self._field_ids = ids
            self._fields_read_at = self.calls.clock()
        return self._field_ids

    def missing_score_fields(self) -> tuple[str, ...]:
        """Return the score fields the site lacks until `setup jira` creates them; logs once what that means."""
        ids = self.field_ids()
        missing = tuple(name for name in SCORE_FIELDS if name not in ids)
        if missing and self.calls.clock() - self._fields_read_at >= FIELD_RECHECK_SECONDS:
            ids = self.field_ids(refresh=True)
            missing = tuple(name for name in SCORE_FIELDS if name not in ids)
        if missing and missing != self._told_missing:
            log.warning("Jira at %s has no custom field %s: labels and the checklist comment are written, the "
                        "score only once `problemframe setup jira --project KEY` has run",
                        self.server_url, ", ".join(f"'{name}'" for name in missing))
        self._told_missing = missing
        return missing

    def field_id(self, name: str) -> str:
        """Return the id of the custom field called `name`, or raise a permanent error naming the set-up step."""
        ids = self.field_ids()
        if name not in ids:
            ids = self.field_ids(refresh=True)
        if name not in ids:
            raise PermanentTrackerError(f"Jira has no custom field '{name}': run `problemframe setup jira`")
        return ids[name]

    def frame_ids(self) -> dict[str, str]:
        """Return problem/evidence/metric -> custom field id, for the frame fields that exist."""
        ids = self.field_ids()
        return {part: ids[name] for name, part in FRAME_FIELDS.items() if name in ids}

    def issue_json(self, key: str) -> dict[str, Any]:
        """Return an issue's JSON (REST v2: descriptions as wiki markup)."""
        issue = self.calls.read(f"GET issue {key}", lambda: self.client.issue(key))
        return dict(issue.raw)

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

    def comments(self, key: str) -> list[dict[str, Any]]:
        """Return every comment of an issue, page by page."""
        found: list[dict[str, Any]] = []
        while True:

            def page_from(start: int = len(found)) -> list[Any]:
                return list(self.client.comments(key, start_at=start, max_results=_COMMENT_PAGE))

            page = self.calls.read(f"GET comments {key}", page_from)
            found.extend(dict(comment.raw) for comment in page)
            if len(page) < _COMMENT_PAGE:
                return found

    def permission(self, key: str, login: str) -> Permission:
        """Return WRITE when Jira lets the person (accountId or user name) edit the issue, else NONE.

        Webhooks do not say what the commenter may do, so Jira is asked (Find users with permissions):
        https://developer.atlassian.com/cloud/jira/platform/rest/v2/api-group-user-search/#api-rest-api-2-user-permission-search-get
        """
        who = "accountId" if self.is_cloud else "username"
        query = urlencode({"permissions": "EDIT_ISSUES", "issueKey": key, who: login})
        try:
            found = self.rest("GET", f"user/permission/search?{query}", write=False)
        except JiraRefused as exc:
            log.warning("cannot tell whether %s may edit %s, so treating them as a reader: %s", login, key, exc)
            return Permission.NONE
        allowed = {identity(user) for user in found or [] if isinstance(user, dict)}
        return Permission.WRITE if login in allowed else Permission.NONE

    def transitions(self, key: str) -> list[dict[str, Any]]:
        """Return the transitions the service account may make on an issue now."""
        return list(self.calls.read(f"GET transitions {key}", lambda: self.client.transitions(key)))

    def rest(self, method: str, path: str, body: Any = None, *, write: bool) -> Any:
        """Call a REST path the library has no method for (field contexts, screens, admin webhooks).

        `path` is relative to the site (`/rest/webhooks/1.0/webhook`) or, without a leading slash, to REST v2.
        The library's session is reused so authentication and its retry setting stay in one place.
        """
        url = f"{self.server_url}{path}" if path.startswith("/") else f"{self.server_url}/rest/api/2/{path}"
        data = None if body is None else json.dumps(body)

        def call() -> Any:
            response = self.client._session.request(method, url, data=data)
            return response.json() if response.content else None

        run = self.calls.write if write else self.calls.read
        return run(f"{method} {path}", call)

    # --- writes -------------------------------------------------------------------------------------------------

    def apply(self, actions: Sequence[Action]) -> int:
        """Carry out the actions with as few writes as possible; return how many write requests were made."""
        before = self.calls.writes
        by_ticket: dict[TicketRef, list[Action]] = {}
        for action in actions:
            if isinstance(action, SetLabels | SetField | UpsertComment | PostComment | Reopen | Close | Transition):
                by_ticket.setdefault(action.ref, []).append(action)
            # ScheduleOutcome, RecordMeasurement and RecordReview are the store's business, not Jira's.
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
        issue = self.issue_json(key)
        for action in actions:
            if isinstance(action, Reopen):
                issue = self._move(key, issue, category="new", label="reopen") or issue
        self._edit(key, issue, [a for a in actions if isinstance(a, SetLabels | SetField)])
        for action in actions:
            if isinstance(action, UpsertComment):
                self._upsert_comment(key, action.body, issue)
            elif isinstance(action, PostComment):
                self._post_comment(key, action.body)
        for action in actions:
            if isinstance(action, Transition):
                issue = self._move(key, issue, status=action.status, label=f"move to '{action.status}'") or issue
            elif isinstance(action, Close):
                done = self.load_policy(ref.container).outcome.done_status
                issue = self._move(key, issue, category="done", prefer=done, label="close") or issue

    def _edit(self, key: str, issue: dict[str, Any], actions: list[Action]) -> None:
        fields_now: Mapping[str, Any] = issue.get("fields") or {}
        labels_now = set(fields_now.get("labels") or [])
        operations: list[dict[str, str]] = []
        changes: dict[str, Any] = {}
        for action in actions:
            if isinstance(action, SetLabels):
                add = sorted(action.wanted - labels_now)
                remove = sorted((action.managed & labels_now) - action.wanted)
                operations = [{"add": label} for label in add] + [{"remove": label} for label in remove]
                labels_now = (labels_now | action.wanted) - set(remove)
            elif isinstance(action, SetField):
                if action.name in SCORE_FIELDS and action.name in self.missing_score_fields():
                    continue  # told in the comment and the log; `setup jira` creates the field
                field_id = self.field_id(action.name)
                kind = self._field_types.get(field_id, "string")
                wanted = self._encode(fields_now.get(field_id), action.value, option=kind == "option")
                if wanted is not _UNCHANGED:
                    changes[field_id] = wanted
        if not operations and not changes:
            return
        body: dict[str, Any] = {}
        if changes:
            body["fields"] = changes
        if operations:
            body["update"] = {"labels": operations}
        if self.dry_run:
            log.info("dry run: would edit %s: %s", key, json.dumps(body))
            return
        # One PUT, without the library's Issue.update reload: https://developer.atlassian.com/cloud/jira/platform/rest/v2/api-group-issues/#api-rest-api-2-issue-issueidorkey-put
        self.rest("PUT", f"issue/{issue['key']}", body, write=True)

    @staticmethod
    def _encode(current: Any, value: float | str | None, *, option: bool) -> Any:
        """Return the REST value for a field (a select takes {"value": ...}), or _UNCHANGED when Jira holds it."""
        if isinstance(current, dict):
            current = current.get("value")
        if value is None:
            return _UNCHANGED if current is None else None
        if isinstance(value, int | float) and not isinstance(value, bool):
            return _UNCHANGED if isinstance(current, int | float) and float(current) == float(value) else value
        if current == value:
            return _UNCHANGED
        return {"value": value} if option else value

    def has_comment(self, ref: TicketRef, first_line: str) -> bool:
        """Return whether the service already left a comment on the issue whose first line is `first_line`."""
        me = self.service_login()
        return any(
            identity(comment.get("author")) == me and str(comment.get("body") or "").split("\n", 1)[0] == first_line
            for comment in self.comments(ref.key)
        )

    def _sticky(self, key: str, issue: Mapping[str, Any] | None = None) -> dict[str, Any] | None:
        me = self.service_login()
        embedded = ((issue or {}).get("fields") or {}).get("comment") or {}
        listed = embedded.get("comments")
        # The issue carries its comments when Jira sent them all; otherwise page through them.
        complete = isinstance(listed, list) and len(listed) >= int(embedded.get("total", len(listed)))
        comments: list[dict[str, Any]] = listed if complete and isinstance(listed, list) else self.comments(key)
        for comment in comments:
            if identity(comment.get("author")) == me and has_marker(comment.get("body")):
                return comment
        return None

    def _upsert_comment(self, key: str, body: str, issue: Mapping[str, Any]) -> None:
        """Create or edit the sticky comment: found by its first line (MARKER) and by the service's authorship."""
        body = _fit(with_marker(body))
        existing = self._sticky(key, issue)
        if existing is not None and existing.get("body") == body:
            return
        if self.dry_run:
            log.info("dry run: would %s the sticky comment on %s", "edit" if existing else "post", key)
            return
        attempts = 0

        def create_or_edit() -> None:
            nonlocal attempts
            attempts += 1
            # A retry may follow a request Jira carried out before the answer was lost: look again, never re-post.
            found = existing if attempts == 1 else self._sticky(key)
            if found is None:
                self.client.add_comment(key, body)
            elif found.get("body") != body:
                self.client.comment(key, str(found["id"])).update(body=body)

        what = f"edit comment {existing['id']} on {key}" if existing else f"comment on {key}"
        self.calls.write(what, create_or_edit)

    def _post_comment(self, key: str, body: str) -> None:
        if self.dry_run:
            log.info("dry run: would comment on %s", key)
            return
        text = _fit(body)
        self.calls.write(f"comment on {key}", lambda: self.client.add_comment(key, text))

    def _move(
        self,
        key: str,
        issue: dict[str, Any],
        *,
        status: str | None = None,
        category: str | None = None,
        prefer: str | None = None,
        label: str,
    ) -> dict[str, Any] | None:
        """Make one transition towards a status name or a status category; return the issue as it is afterwards."""
        current = (issue.get("fields") or {}).get("status") or {}
        if status is not None and str(current.get("name", "")).lower() == status.lower():
            return None
        if category is not None and (is_done(current) == (category == "done")):
            return None
        options = self.transitions(key)
        if status is not None:
            chosen = [t for t in options if str(t["to"]["name"]).lower() == status.lower()]
        else:
            chosen = [t for t in options if t["to"].get("statusCategory", {}).get("key") == category]
            chosen.sort(key=lambda t: str(t["to"]["name"]).lower() != (prefer or "").lower())
        if not chosen:
            targets = ", ".join(sorted({f"'{t['to']['name']}' (via '{t['name']}')" for t in options})) or "none"
            raise PermanentTrackerError(f"Jira cannot {label} {key} from '{current.get('name')}'; available: {targets}")
        transition_id = str(chosen[0]["id"])
        if self.dry_run:
            log.info("dry run: would %s %s via '%s'", label, key, chosen[0]["name"])
            return None
        self.calls.write(f"{label} {key}", lambda: self.client.transition_issue(key, transition_id))
        return self.issue_json(key)


class _Unchanged:
    """Sentinel: the field already holds the wanted value."""


_UNCHANGED: Any = _Unchanged()


def _fit(body: str) -> str:
    if len(body) <= COMMENT_LIMIT:
        return body
    note = "\n\n(cut to fit Jira's comment limit)"
    return body[: COMMENT_LIMIT - len(note)] + note
