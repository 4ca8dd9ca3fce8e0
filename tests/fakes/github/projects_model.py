"""What the fake Projects (v2) keep (projects, fields, options, items) and the GraphQL schema that serves them."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graphql import GraphQLSchema, build_schema

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "contracts" / "github-graphql-schema.graphql"
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
