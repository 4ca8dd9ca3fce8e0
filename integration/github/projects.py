"""GitHub Projects (v2): read a project's fields, keep an issue's item fields in sync with as few writes as possible."""

from __future__ import annotations

import datetime as dt
import functools
import logging
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from cachetools import TTLCache
from gql import GraphQLRequest

from integration.github import project_queries as q
from integration.github.calls import NotFoundError
from integration.github.graphql import GraphQL
from integration.retry import Clock
from integration.tracker import PermanentTrackerError
from problemframe.policy import ProjectRef
from problemframe.projects import FIELDS, FieldKind, ItemFields, Value, same_value

log = logging.getLogger(__name__)

Write = Callable[[str, GraphQLRequest, Mapping[str, Any]], dict[str, Any] | None]
"""Send one mutation (paced and counted by the caller); None in a dry run."""


@dataclass(frozen=True)
class Option:
    """A single-select option as the project holds it."""

    id: str
    name: str
    color: str
    description: str


@dataclass(frozen=True)
class BoardField:
    """A project field: its id, name, GitHub data type and, for a single select, its options."""

    id: str
    name: str
    data_type: str
    options: tuple[Option, ...] = ()

    def option_id(self, name: str) -> str | None:
        """Return the id of the option with this name (any letter case), or None."""
        return next((o.id for o in self.options if o.name.casefold() == name.casefold()), None)


@dataclass(frozen=True)
class Board:
    """A project and its fields, keyed by name in any letter case."""

    ref: ProjectRef
    id: str
    title: str
    url: str
    fields: Mapping[str, BoardField] = field(default_factory=dict)

    def field(self, name: str) -> BoardField | None:
        """Return the field with this name, or None."""
        return self.fields.get(name.casefold())


def read_board(graphql: GraphQL, ref: ProjectRef) -> Board:
    """Read a project and all its fields; NotFoundError when the owner or project is not visible."""
    fields: dict[str, BoardField] = {}
    after: str | None = None
    while True:
        data = graphql.execute(q.PROJECT, {"owner": ref.owner, "number": ref.number, "after": after})
        project = (data.get("repositoryOwner") or {}).get("projectV2")
        if project is None:
            raise NotFoundError(f"project {ref.owner}/{ref.number} was not found (or the credential cannot see it)",
                                status=404)
        page = project["fields"]
        for node in page["nodes"] or []:
            if not node or "id" not in node:
                continue
            options = tuple(
                Option(o["id"], o["name"], o.get("color") or "GRAY", o.get("description") or "")
                for o in node.get("options") or []
            )
            fields[node["name"].casefold()] = BoardField(node["id"], node["name"], node["dataType"], options)
        if not page["pageInfo"]["hasNextPage"]:
            return Board(ref, project["id"], project["title"], project["url"], fields)
        after = page["pageInfo"]["endCursor"]


@dataclass(frozen=True)
class Item:
    """An issue's item in one project and the values it holds, by field id."""

    id: str
    values: Mapping[str, Value]


def _value(node: Mapping[str, Any]) -> tuple[str, Value] | None:
    field_id = (node.get("field") or {}).get("id")
    if not field_id:
        return None
    kind = node.get("__typename")
    if kind == "ProjectV2ItemFieldNumberValue":
        number = node.get("number")
        return field_id, float(number) if number is not None else None
    if kind == "ProjectV2ItemFieldSingleSelectValue":
        return field_id, node.get("optionId")
    if kind == "ProjectV2ItemFieldDateValue":
        return field_id, node.get("date")
    return None


def read_items(graphql: GraphQL, content_id: str) -> dict[str, Item]:
    """Return the issue's items keyed by project id (one query for every project)."""
    data = graphql.execute(q.ISSUE_ITEMS, {"id": content_id})
    node = data.get("node")
    if node is None:
        raise NotFoundError(f"issue {content_id} was not found in GitHub's GraphQL API", status=404)
    items: dict[str, Item] = {}
    for item in (node.get("projectItems") or {}).get("nodes") or []:
        if not item:
            continue
        values = dict(v for v in map(_value, item["fieldValues"]["nodes"] or []) if v is not None)
        items[item["project"]["id"]] = Item(item["id"], values)
    return items


def _encode(board_field: BoardField, wanted: Value) -> tuple[Value, dict[str, Any]] | None:
    """Return the value as the item holds it and the ProjectV2FieldValue that sets it, or None if unknown."""
    if isinstance(wanted, dt.date):
        return wanted.isoformat(), {"date": wanted.isoformat()}
    if isinstance(wanted, int | float):
        return float(wanted), {"number": float(wanted)}
    if isinstance(wanted, str):
        option = board_field.option_id(wanted)
        return (option, {"singleSelectOptionId": option}) if option else None
    return None


_KINDS = {spec.name.casefold(): spec.kind for spec in FIELDS}
_DATA_TYPES = {FieldKind.NUMBER: "NUMBER", FieldKind.SINGLE_SELECT: "SINGLE_SELECT", FieldKind.DATE: "DATE"}


def sync_item(board: Board, item: Item, fields: ItemFields, *, write: Write, where: str) -> None:
    """Set each field whose value differs, empty those that should be empty; fields already right cost nothing."""
    for name, wanted in fields.by_field().items():
        board_field = board.field(name)
        expected = _DATA_TYPES[_KINDS[name.casefold()]]
        if board_field is None or board_field.data_type != expected:
            log.warning("%s: project %s has no %s field %r; run `problemframe setup github-project --owner %s "
                        "--number %d`", where, board.title, expected, name, board.ref.owner, board.ref.number)
            continue
        current = item.values.get(board_field.id)
        ids = {"project": board.id, "item": item.id, "field": board_field.id}
        if wanted is None:
            if current is not None:
                write(f"empty {name!r} of {where} in project {board.title}", q.CLEAR_VALUE, ids)
            continue
        encoded = _encode(board_field, wanted)
        if encoded is None:
            log.warning("%s: field %r of project %s has no option %r", where, name, board.title, wanted)
            continue
        held, value = encoded
        if not same_value(current, held):
            write(f"set {name!r} of {where} to {wanted} in project {board.title}", q.SET_VALUE, {**ids, "value": value})


class BoardCache:
    """Remember each project's fields for `ttl` seconds (a field's id does not change while it exists)."""

    def __init__(self, *, ttl: float, clock: Clock, size: int = 1024) -> None:
        self._entries: TTLCache[tuple[str, int], Board] = TTLCache(maxsize=size, ttl=ttl, timer=clock)
        self._lock = threading.Lock()

    def get(self, ref: ProjectRef, read: Callable[[], Board]) -> Board:
        """Return the cached board while fresh, else read it."""
        key = (ref.owner.casefold(), ref.number)
        with self._lock:
            board = self._entries.get(key)
        if board is not None:
            return board
        board = read()
        with self._lock:
            self._entries[key] = board
        return board

    def drop(self, ref: ProjectRef) -> None:
        """Forget a project (its fields changed, or it was not found)."""
        with self._lock:
            self._entries.pop((ref.owner.casefold(), ref.number), None)


def sync_issue(
    graphql: GraphQL,
    boards: BoardCache,
    *,
    projects: tuple[ProjectRef, ...],
    content_id: str,
    fields: ItemFields,
    write: Write,
    where: str,
) -> None:
    """Make the issue an item of each project (added if missing) holding `fields`."""
    items = read_items(graphql, content_id)
    for ref in projects:
        try:
            board = boards.get(ref, functools.partial(read_board, graphql, ref))
        except PermanentTrackerError as exc:
            # A project the service cannot see must not stop the ticket's own labels and comment.
            log.error("%s: project %s/%d skipped: %s", where, ref.owner, ref.number, exc)
            continue
        item = items.get(board.id)
        if item is None:
            ids = {"project": board.id, "content": content_id}
            added = write(f"add {where} to project {board.title}", q.ADD_ITEM, ids)
            if added is None:
                continue
            item = Item(added["addProjectV2ItemById"]["item"]["id"], {})
        try:
            sync_item(board, item, fields, write=write, where=where)
        except NotFoundError:
            boards.drop(ref)  # a field or option removed since the board was read: read it afresh next time
            raise
