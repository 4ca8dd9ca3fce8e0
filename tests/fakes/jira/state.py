"""The fake Jira's state: what a test sets up, what it reads back, and how an edit or a transition changes it."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Mapping
from typing import Any

from tests.fakes.jira.model import (
    NUMBER,
    SELECT,
    CustomField,
    Issue,
    JiraError,
    User,
    Workflow,
    WorkflowTransition,
    adf_text,
    default_workflow,
    jira_time,
)
from tests.fakes.request_log import RequestLog
from tests.fakes.serving import Faults


class JiraState:
    """A Jira site in memory: accounts, projects, custom fields, issues, and what it was asked."""

    def __init__(
        self,
        *,
        deployment: str = "Cloud",
        email: str = "bot@example.com",
        api_token: str = "api-token",
        pat: str = "personal-access-token",
        admin: bool = True,
        workflow: Workflow | None = None,
    ) -> None:
        self.deployment = deployment
        self.email = email
        self.api_token = api_token
        self.pat = pat
        self.admin = admin
        self.workflow = workflow or default_workflow()
        self.embedded_comments = 50  # an issue's JSON carries only its first comments; the rest are paged
        self.bot = User("5b10a2844c20165700ede21g", "problemframe-bot", "problemframe", email)
        self.users: dict[str, User] = {"bot": self.bot}
        self.add_user("alice", account_id="5b10ac8d82e05b22cc7d4ef5", display_name="Alice Example")
        self.projects: dict[str, dict[str, Any]] = {}
        self.issues: dict[str, Issue] = {}
        self.fields: dict[str, CustomField] = {}
        self.webhooks: list[dict[str, Any]] = []
        self.screens: dict[str, dict[str, Any]] = {}
        self.log = RequestLog()
        self.violations: list[str] = []
        self._faults = Faults(full_match=False)
        self._ids = itertools.count(10100)
        self._lock = threading.RLock()

    # --- arranging state ----------------------------------------------------------------------------------------

    def add_user(self, handle: str, *, account_id: str, display_name: str, can_edit: bool = True) -> User:
        """Add a person who can comment, and edit issues unless `can_edit` is False (Edit Issues permission)."""
        user = User(account_id, handle, display_name, f"{handle}@example.com", can_edit)
        self.users[handle] = user
        return user

    def add_project(self, key: str, *, name: str | None = None, style: str = "classic", screens: bool = True) -> None:
        """Add a project; a company-managed one gets its default screen with one tab."""
        with self._lock:
            self.projects[key] = {"id": str(next(self._ids)), "key": key, "name": name or key, "style": style}
            if screens and style == "classic":
                screen_id = str(next(self._ids))
                self.screens[screen_id] = {
                    "id": screen_id,
                    "name": f"{key}: Scrum Default Issue Screen",
                    "tabs": {"1": {"id": "1", "name": "Field Tab", "fields": ["summary", "description", "labels"]}},
                }

    def add_field(self, name: str, type_key: str, *, options: tuple[str, ...] = ()) -> str:
        """Add a custom field (with a global context holding `options` for a select); return its id."""
        with self._lock:
            number = next(self._ids)
            custom = CustomField(f"customfield_{number}", name, type_key)
            if type_key == SELECT:
                context_id = str(next(self._ids))
                custom.contexts[context_id] = {
                    "id": context_id,
                    "name": f"Default Configuration Scheme for {name}",
                    "options": [{"id": str(next(self._ids)), "value": value, "disabled": False} for value in options],
                }
            self.fields[custom.id] = custom
            return custom.id

    def add_issue(
        self,
        project: str,
        summary: str,
        *,
        description: str | None = "",
        labels: tuple[str, ...] = (),
        status: str = "To Do",
        fields: Mapping[str, Any] | None = None,
        reporter: str = "alice",
    ) -> str:
        """Add an issue; `fields` sets custom fields by display name; return its key."""
        with self._lock:
            if project not in self.projects:
                self.add_project(project)
            number = sum(1 for issue in self.issues.values() if issue.project == project) + 1
            key = f"{project}-{number}"
            issue = Issue(
                id=str(next(self._ids)),
                key=key,
                project=project,
                summary=summary,
                description=description,
                labels=list(labels),
                status=self.workflow.status(status).name,
                reporter=self.users[reporter],
                created=jira_time(),
                updated=jira_time(),
            )
            for name, value in (fields or {}).items():
                custom = self.field_by_name(name)
                issue.custom[custom.id] = self._option(custom, value) if custom.type == SELECT else value
            self.issues[key] = issue
            return key

    def add_comment(self, key: str, body: str, *, author: str = "alice") -> str:
        """Add a comment by `author` (a handle from `users`, 'bot' for the service); return its id."""
        with self._lock:
            issue = self.issue(key)
            comment = {"id": str(next(self._ids)), "body": body, "author": self.users[author], "created": jira_time()}
            comment["updated"] = comment["created"]
            issue.comments.append(comment)
            return str(comment["id"])

    # --- reading state ------------------------------------------------------------------------------------------

    def issue(self, key_or_id: str) -> Issue:
        """Return an issue by key or id."""
        for issue in self.issues.values():
            if key_or_id in (issue.key, issue.id):
                return issue
        raise JiraError(404, "Issue does not exist or you do not have permission to see it.")

    def field_by_name(self, name: str) -> CustomField:
        """Return the first custom field with this display name."""
        for custom in self.fields.values():
            if custom.name.lower() == name.lower():
                return custom
        raise KeyError(name)

    def value(self, key: str, name: str) -> Any:
        """Return a custom field's plain value (option text for a select) by display name."""
        custom = self.field_by_name(name)
        raw = self.issue(key).custom.get(custom.id)
        return raw["value"] if isinstance(raw, dict) else raw

    # --- writes -------------------------------------------------------------------------------------------------

    def _option(self, custom: CustomField, value: Any) -> dict[str, Any] | None:
        if value is None:
            return None
        wanted = value.get("value") if isinstance(value, dict) and "value" in value else value
        wanted_id = value.get("id") if isinstance(value, dict) else None
        for context in custom.contexts.values():
            for option in context["options"]:
                if (wanted_id is not None and option["id"] == str(wanted_id)) or option["value"] == wanted:
                    return {"id": option["id"], "value": option["value"]}
        raise JiraError(400, "", errors={custom.id: f"Option value '{wanted}' is not valid"})

    def set_fields(self, issue: Issue, fields: Mapping[str, Any], update: Mapping[str, Any]) -> None:
        """Apply an edit (fields set, update operations) the way Jira validates it."""
        errors: dict[str, str] = {}
        for key, value in fields.items():
            if key == "summary" and isinstance(value, str):
                issue.summary = value
            elif key == "description":
                issue.description = adf_text(value) if isinstance(value, dict) else value
            elif key == "labels" and isinstance(value, list):
                issue.labels = self._valid_labels(value, errors)
            elif key in self.fields:
                custom = self.fields[key]
                if custom.type == NUMBER and not (value is None or isinstance(value, int | float)):
                    errors[key] = "Operation value must be a number"
                elif custom.type == SELECT:
                    try:
                        issue.custom[key] = self._option(custom, value)
                    except JiraError as exc:
                        errors.update(exc.body["errors"])
                else:
                    issue.custom[key] = adf_text(value) if isinstance(value, dict) else value
            else:
                errors[key] = f"Field '{key}' cannot be set. It is not on the appropriate screen, or unknown."
        for key, operations in update.items():
            if key != "labels":
                errors[key] = f"Field '{key}' cannot be updated with operations in this fake."
                continue
            labels = list(issue.labels)
            for operation in operations:
                for verb, value in operation.items():
                    if verb == "add" and value not in labels:
                        labels.append(value)
                    elif verb == "remove" and value in labels:
                        labels.remove(value)
                    elif verb == "set":
                        labels = list(value)
            issue.labels = self._valid_labels(labels, errors)
        if errors:
            raise JiraError(400, "", errors=errors)
        issue.updated = jira_time()

    @staticmethod
    def _valid_labels(labels: list[Any], errors: dict[str, str]) -> list[str]:
        for label in labels:
            if not isinstance(label, str) or not label or " " in label or len(label) > 255:
                errors["labels"] = "The label must not contain spaces and must be 1 to 255 characters long."
        return [str(label) for label in labels]

    def available_transitions(self, issue: Issue) -> list[WorkflowTransition]:
        return [
            transition
            for transition in self.workflow.transitions
            if transition.to != issue.status and (transition.sources is None or issue.status in transition.sources)
        ]

    def transition(self, issue: Issue, transition_id: str, fields: Mapping[str, Any]) -> None:
        """Move the issue; entering a done status sets a resolution, leaving one clears it."""
        for transition in self.available_transitions(issue):
            if transition.id == transition_id:
                target = self.workflow.status(transition.to)
                issue.status = target.name
                resolution = fields.get("resolution")
                if target.category == "done":
                    issue.resolution = resolution.get("name", "Done") if isinstance(resolution, dict) else "Done"
                else:
                    issue.resolution = None
                issue.updated = jira_time()
                return
        raise JiraError(400, f"Transition id '{transition_id}' is not valid for this issue.")

    def require_admin(self) -> None:
        if not self.admin:
            raise JiraError(403, "You do not have permission to perform this operation (Jira administrators only).")
