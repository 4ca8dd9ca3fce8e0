"""The fake Projects' state: set up by tests, read by GraphQL queries as far as the caller's credential reaches."""

from __future__ import annotations

import itertools
import secrets
from collections.abc import Callable
from typing import Any

from tests.fakes.github.projects_model import (
    DEFAULT_FIELDS,
    MAX_PAGE,
    Field,
    GitHubGraphQLError,
    Item,
    Mutation,
    Option,
    Project,
    shared_schema,
)


class ProjectsState:
    """Projects of organizations and users, and the query resolvers that read them."""

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

    # ---- query resolvers ----------------------------------------------------------------------------------------

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
