"""A stateful fake of GitHub's GraphQL API for Projects (v2): every document is validated against GitHub's schema.

Requests are parsed, validated and executed by graphql-core against the published schema, with resolvers that
answer from the state below; anything the schema refuses is recorded as a violation.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import secrets
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graphql import (
    GraphQLError,
    GraphQLSchema,
    OperationDefinitionNode,
    OperationType,
    build_schema,
    execute,
    parse,
    validate,
)

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "contracts" / "github-graphql-schema.graphql"
MAX_PAGE = 100

_schema_lock = threading.Lock()
_schema: GraphQLSchema | None = None


def shared_schema() -> GraphQLSchema:
    """Return GitHub's schema, built once per process (about a second)."""
    global _schema
    with _schema_lock:
        if _schema is None:
            _schema = build_schema(SCHEMA_PATH.read_text(encoding="utf-8"), assume_valid_sdl=True, assume_valid=True)
        return _schema


class GitHubGraphQLError(Exception):
    """An error GitHub reports in `errors[]` with its `type` (NOT_FOUND, UNPROCESSABLE ...)."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


@dataclass
class Option:
    """A single-select option."""

    id: str
    name: str
    color: str
    description: str


@dataclass
class Field:
    """A project field."""

    id: str
    name: str
    data_type: str
    options: list[Option] = field(default_factory=list)


@dataclass
class Item:
    """A project item: an issue and the values its fields hold (number, option id, ISO date, text)."""

    id: str
    content_id: str
    values: dict[str, Any] = field(default_factory=dict)


@dataclass
class Project:
    """A project of an organization or a user."""

    id: str
    owner: str
    number: int
    title: str
    fields: list[Field] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)

    def field_named(self, name: str) -> Field | None:
        """Return the field with this name, or None."""
        return next((f for f in self.fields if f.name.casefold() == name.casefold()), None)

    def item_for(self, content_id: str) -> Item | None:
        """Return the issue's item, or None."""
        return next((i for i in self.items if i.content_id == content_id), None)

    def value(self, content_id: str, field_name: str) -> Any:
        """Return what an issue's item holds in a field: a number, an option's name, a date or text; else None."""
        item, found = self.item_for(content_id), self.field_named(field_name)
        if item is None or found is None or found.id not in item.values:
            return None
        held = item.values[found.id]
        if found.data_type == "SINGLE_SELECT":
            return next((o.name for o in found.options if o.id == held), None)
        return held


# A new project's own fields (GitHub creates about ten).
DEFAULT_FIELDS = (
    ("Title", "TITLE"), ("Assignees", "ASSIGNEES"), ("Status", "SINGLE_SELECT"), ("Labels", "LABELS"),
    ("Linked pull requests", "LINKED_PULL_REQUESTS"), ("Milestone", "MILESTONE"), ("Repository", "REPOSITORY"),
    ("Reviewers", "REVIEWERS"), ("Parent issue", "PARENT_ISSUE"), ("Sub-issues progress", "SUB_ISSUES_PROGRESS"),
)


@dataclass(frozen=True)
class Mutation:
    """One mutation as the fake carried it out."""

    name: str
    input: Mapping[str, Any]


class FakeProjects:
    """Projects (v2) state and the GraphQL endpoint that serves it."""

    def __init__(self, *, issue_exists: Callable[[str], bool] = lambda node_id: True) -> None:
        self.schema = shared_schema()
        self.projects: dict[tuple[str, int], Project] = {}
        self.owner_kinds: dict[str, str] = {}
        self.mutations: list[Mutation] = []
        self.queries = 0
        self.violations: list[str] = []
        self._issue_exists = issue_exists
        self._reaches: Callable[[str], bool] = lambda owner: True
        self._ids = itertools.count(1)

    # ---- state set-up and inspection ----------------------------------------------------------------------------

    def _id(self, prefix: str) -> str:
        return f"{prefix}_{next(self._ids):04d}{secrets.token_hex(3)}"

    def add_project(self, owner: str, number: int, *, title: str = "Roadmap", kind: str = "Organization") -> Project:
        """Create a project with GitHub's default fields; `kind` is Organization or User."""
        project = Project(self._id("PVT"), owner, number, title)
        for name, data_type in DEFAULT_FIELDS:
            options = [Option(secrets.token_hex(4), s, "GRAY", "") for s in ("Todo", "In Progress", "Done")]
            project.fields.append(
                Field(self._id("PVTF"), name, data_type, options if data_type == "SINGLE_SELECT" else [])
            )
        self.projects[(owner.casefold(), number)] = project
        self.owner_kinds[owner.casefold()] = kind
        return project

    def add_field(
        self, project: Project, name: str, data_type: str, *, options: tuple[str, ...] = ()
    ) -> Field:
        """Create a field as a person would in the project's settings."""
        made = Field(self._id("PVTF"), name, data_type, [Option(secrets.token_hex(4), o, "GRAY", "") for o in options])
        project.fields.append(made)
        return made

    def project(self, owner: str, number: int) -> Project:
        """Return a project's state."""
        return self.projects[(owner.casefold(), number)]

    def writes(self) -> list[Mutation]:
        """Return the mutations carried out so far."""
        return list(self.mutations)

    # ---- the endpoint -------------------------------------------------------------------------------------------

    def handle(
        self,
        raw: bytes,
        *,
        before_mutation: Callable[[], None] = lambda: None,
        reaches: Callable[[str], bool] = lambda owner: True,
    ) -> tuple[int, dict[str, Any]]:
        """Validate and execute one GraphQL request body; return the status and the JSON answer.

        `before_mutation` runs before a valid mutation is carried out (the server's write limits may refuse it);
        `reaches` says whose projects the caller's credential reaches (callers are served one at a time).
        """
        self._reaches = reaches
        try:
            body = json.loads(raw)
            query = body["query"]
            variables = body.get("variables") or {}
        except (ValueError, KeyError, TypeError) as exc:
            self.violations.append(f"not a GraphQL request body: {exc}")
            return 400, {"message": "Problems parsing JSON"}
        try:
            document = parse(query)
        except GraphQLError as exc:
            self.violations.append(f"unparsable document: {exc.message}")
            return 200, {"errors": [exc.formatted]}
        problems = validate(self.schema, document)
        if problems:
            self.violations.extend(f"schema: {p.message}" for p in problems)
            return 200, {"errors": [p.formatted for p in problems]}
        if any(isinstance(d, OperationDefinitionNode) and d.operation is OperationType.MUTATION
               for d in document.definitions):
            before_mutation()
        result = execute(self.schema, document, root_value=self._root(), variable_values=variables)
        answer: dict[str, Any] = {"data": result.data}
        if result.errors:
            errors = []
            for error in result.errors:
                original = error.original_error
                entry = dict(error.formatted)
                if isinstance(original, GitHubGraphQLError):
                    entry["type"] = original.kind
                elif original is not None and not isinstance(original, GraphQLError):
                    self.violations.append(f"fake failed: {original!r}")
                else:
                    self.violations.append(f"execution: {error.message}")
                errors.append(entry)
            answer["errors"] = errors
        return 200, answer

    # ---- resolvers ----------------------------------------------------------------------------------------------

    def _root(self) -> dict[str, Any]:
        return {
            "repositoryOwner": self._owner,
            "organization": lambda info, login: self._owner(info, login, kind="Organization"),
            "user": lambda info, login: self._owner(info, login, kind="User"),
            "node": self._node,
            "addProjectV2ItemById": self._add_item,
            "updateProjectV2ItemFieldValue": self._set_value,
            "clearProjectV2ItemFieldValue": self._clear_value,
            "createProjectV2Field": self._create_field,
            "updateProjectV2Field": self._update_field,
        }

    @staticmethod
    def _page(items: list[Any], first: int | None, last: int | None, after: str | None) -> dict[str, Any]:
        if first is None and last is None:
            raise GitHubGraphQLError("MISSING_PAGINATION_BOUNDARIES", "You must provide a `first` or `last` value")
        size = first if first is not None else last
        assert size is not None
        if size > MAX_PAGE or size < 0:
            raise GitHubGraphQLError(
                "EXCESSIVE_PAGINATION", f"Requesting {size} records exceeds the `first` limit of {MAX_PAGE} records."
            )
        start = int(after) if after else 0
        chunk = items[start:start + size] if first is not None else items[max(len(items) - size, 0):]
        end = start + len(chunk)
        return {
            "nodes": chunk, "totalCount": len(items),
            "pageInfo": {"hasNextPage": first is not None and end < len(items), "endCursor": str(end),
                         "hasPreviousPage": start > 0, "startCursor": str(start)},
        }

    def _owner(self, info: Any, login: str, *, kind: str | None = None) -> dict[str, Any] | None:
        found = self.owner_kinds.get(login.casefold())
        if found is None or (kind is not None and found != kind):
            what = "an organization" if kind == "Organization" else "a user" if kind == "User" else "an owner"
            raise GitHubGraphQLError("NOT_FOUND", f"Could not resolve to {what} with the login of '{login}'.")
        return {
            "__typename": found, "login": login, "id": f"O_{login}",
            "projectV2": lambda info, number: self._project_json(self._owned(login, number)),
        }

    def _owned(self, login: str, number: int) -> Project | None:
        project = self.projects.get((login.casefold(), number))
        return None if project is None else self._reached(project)

    def _reached(self, project: Project) -> Project:
        """Return the project if the caller's credential reaches it: an installation token only its account's."""
        if not self._reaches(project.owner):
            raise GitHubGraphQLError("FORBIDDEN", "Resource not accessible by integration")
        return project

    def _project_json(self, project: Project | None) -> dict[str, Any] | None:
        if project is None:
            return None
        return {
            "__typename": "ProjectV2", "id": project.id, "title": project.title, "number": project.number,
            "url": f"https://github.com/orgs/{project.owner}/projects/{project.number}",
            "fields": lambda info, first=None, last=None, after=None, **_: self._page(
                [self._field_json(f) for f in project.fields], first, last, after
            ),
        }

    @staticmethod
    def _field_json(f: Field) -> dict[str, Any]:
        typename = "ProjectV2SingleSelectField" if f.data_type == "SINGLE_SELECT" else "ProjectV2Field"
        return {
            "__typename": typename, "id": f.id, "name": f.name, "dataType": f.data_type,
            "options": [vars(o) for o in f.options],
        }

    def _node(self, info: Any, id: str) -> dict[str, Any] | None:
        if not id.startswith("I_") or not self._issue_exists(id):
            raise GitHubGraphQLError("NOT_FOUND", f"Could not resolve to a node with the global id of '{id}'")
        items = [(p, i) for p in self.projects.values() if self._reaches(p.owner)
                 for i in p.items if i.content_id == id]
        return {
            "__typename": "Issue", "id": id,
            "projectItems": lambda info, first=None, last=None, after=None, **_: self._page(
                [self._item_json(p, i) for p, i in items], first, last, after
            ),
        }

    def _item_json(self, project: Project, item: Item) -> dict[str, Any]:
        values = [{"__typename": "ProjectV2ItemFieldTextValue", "text": "an issue",
                   "field": self._field_json(project.fields[0])}]
        for f in project.fields:
            if f.id not in item.values:
                continue
            held = item.values[f.id]
            kind = {"NUMBER": ("ProjectV2ItemFieldNumberValue", "number"),
                    "SINGLE_SELECT": ("ProjectV2ItemFieldSingleSelectValue", "optionId"),
                    "DATE": ("ProjectV2ItemFieldDateValue", "date"),
                    "TEXT": ("ProjectV2ItemFieldTextValue", "text")}[f.data_type]
            values.append({"__typename": kind[0], kind[1]: held, "field": self._field_json(f)})
        return {
            "__typename": "ProjectV2Item", "id": item.id, "project": self._project_json(project),
            "fieldValues": lambda info, first=None, last=None, after=None, **_: self._page(
                values, first, last, after
            ),
        }

    # ---- mutations ----------------------------------------------------------------------------------------------

    def _project_by_id(self, project_id: str) -> Project:
        found = next((p for p in self.projects.values() if p.id == project_id), None)
        if found is None:
            raise GitHubGraphQLError("NOT_FOUND", f"Could not resolve to ProjectV2 node with the global id of "
                                                  f"'{project_id}'.")
        return self._reached(found)

    def _target(self, data: Mapping[str, Any]) -> tuple[Project, Item, Field]:
        project = self._project_by_id(data["projectId"])
        item = next((i for i in project.items if i.id == data["itemId"]), None)
        target = next((f for f in project.fields if f.id == data["fieldId"]), None)
        if item is None or target is None:
            raise GitHubGraphQLError("NOT_FOUND", "Could not resolve to a node with the global id given.")
        return project, item, target

    def _record(self, name: str, data: Mapping[str, Any]) -> None:
        self.mutations.append(Mutation(name, dict(data)))

    def _add_item(self, info: Any, input: Mapping[str, Any]) -> dict[str, Any]:
        project = self._project_by_id(input["projectId"])
        content = input["contentId"]
        if not content.startswith("I_") or not self._issue_exists(content):
            raise GitHubGraphQLError("NOT_FOUND", f"Could not resolve to a node with the global id of '{content}'")
        self._record("addProjectV2ItemById", input)
        item = project.item_for(content)
        if item is None:  # adding an issue twice returns the item it already has
            item = Item(self._id("PVTI"), content)
            project.items.append(item)
        return {"item": self._item_json(project, item)}

    def _set_value(self, info: Any, input: Mapping[str, Any]) -> dict[str, Any]:
        project, item, target = self._target(input)
        value = {k: v for k, v in input["value"].items() if v is not None}
        wanted_key = {"NUMBER": "number", "SINGLE_SELECT": "singleSelectOptionId", "DATE": "date",
                      "TEXT": "text"}.get(target.data_type)
        if wanted_key is None or list(value) != [wanted_key]:
            raise GitHubGraphQLError(
                "UNPROCESSABLE", f"The field {target.name} of type {target.data_type} takes {wanted_key}, not {value}"
            )
        held = value[wanted_key]
        if target.data_type == "SINGLE_SELECT" and held not in {o.id for o in target.options}:
            raise GitHubGraphQLError("UNPROCESSABLE", f"The single select option Id does not belong to {target.name}")
        if target.data_type == "DATE":
            try:
                dt.date.fromisoformat(held)
            except ValueError as exc:
                raise GitHubGraphQLError("UNPROCESSABLE", f"{held!r} is not a date") from exc
        self._record("updateProjectV2ItemFieldValue", input)
        item.values[target.id] = float(held) if target.data_type == "NUMBER" else held
        return {"projectV2Item": self._item_json(project, item)}

    def _clear_value(self, info: Any, input: Mapping[str, Any]) -> dict[str, Any]:
        project, item, target = self._target(input)
        self._record("clearProjectV2ItemFieldValue", input)
        item.values.pop(target.id, None)
        return {"projectV2Item": self._item_json(project, item)}

    def _options(self, given: list[Mapping[str, Any]] | None) -> list[Option]:
        return [Option(secrets.token_hex(4), o["name"], o["color"], o["description"]) for o in given or []]

    def _create_field(self, info: Any, input: Mapping[str, Any]) -> dict[str, Any]:
        project = self._project_by_id(input["projectId"])
        name = input["name"]
        if project.field_named(name) is not None:
            raise GitHubGraphQLError("UNPROCESSABLE", "Name has already been taken")
        data_type = input["dataType"]
        options = self._options(input.get("singleSelectOptions"))
        if data_type == "SINGLE_SELECT" and not options:
            raise GitHubGraphQLError("UNPROCESSABLE", "Single select fields need at least one option")
        self._record("createProjectV2Field", input)
        created = Field(self._id("PVTSSF" if data_type == "SINGLE_SELECT" else "PVTF"), name, data_type, options)
        project.fields.append(created)
        return {"projectV2Field": self._field_json(created)}

    def _update_field(self, info: Any, input: Mapping[str, Any]) -> dict[str, Any]:
        found = [(p, f) for p in self.projects.values() for f in p.fields if f.id == input["fieldId"]]
        if not found:
            raise GitHubGraphQLError("NOT_FOUND", f"Could not resolve to a node with the global id of "
                                                  f"'{input['fieldId']}'")
        project, target = found[0]
        self._reached(project)
        self._record("updateProjectV2Field", input)
        if input.get("name"):
            target.name = input["name"]
        if input.get("singleSelectOptions") is not None:
            # The whole list is replaced: options get new ids, so values that pointed at the old ones are gone.
            target.options = self._options(input["singleSelectOptions"])
            for item in project.items:
                item.values.pop(target.id, None)
        return {"projectV2Field": self._field_json(target)}
