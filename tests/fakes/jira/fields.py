"""Custom fields: the field list and search, creating a field, its contexts and a select field's options."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tests.fakes.jira.model import SCHEMA_TYPES, SELECT, CustomField, JiraError
from tests.fakes.jira.routes import API, page, route

if TYPE_CHECKING:
    from tests.fakes.jira.server import JiraHandler


@route("GET", API + "/field")
def _fields(h: JiraHandler, m: dict[str, str], q: dict[str, str], b: Any) -> tuple[int, Any]:
    return 200, h.jira.system_fields_json() + [h.jira.field_json(custom) for custom in h.jira.fields.values()]


@route("GET", API + "/field/search")
def _field_search(h: JiraHandler, m: dict[str, str], q: dict[str, str], b: Any) -> tuple[int, Any]:
    text = q.get("query", "").lower()
    found = [h.jira.field_json(custom) for custom in h.jira.fields.values() if text in custom.name.lower()]
    return 200, page(found, q)


@route("POST", API + "/field")
def _create_field(h: JiraHandler, m: dict[str, str], q: dict[str, str], b: Any) -> tuple[int, Any]:
    h.jira.require_admin()
    if b.get("type") not in SCHEMA_TYPES:
        raise JiraError(400, "", errors={"type": f"Unsupported custom field type {b.get('type')}"})
    field_id = h.jira.add_field(b["name"], b["type"])
    h.jira.fields[field_id].description = b.get("description", "")
    return 201, h.jira.field_json(h.jira.fields[field_id])


def _custom(h: JiraHandler, field_id: str) -> CustomField:
    if field_id not in h.jira.fields:
        raise JiraError(404, "The custom field was not found.")
    return h.jira.fields[field_id]


@route("GET", API + "/field/{field}/context")
def _contexts(h: JiraHandler, m: dict[str, str], q: dict[str, str], b: Any) -> tuple[int, Any]:
    h.jira.require_admin()
    custom = _custom(h, m["field"])
    values = [
        {"id": c["id"], "name": c["name"], "isGlobalContext": True, "isAnyIssueType": True}
        for c in custom.contexts.values()
    ]
    return 200, page(values, q, 100)


@route("POST", API + "/field/{field}/context")
def _create_context(h: JiraHandler, m: dict[str, str], q: dict[str, str], b: Any) -> tuple[int, Any]:
    h.jira.require_admin()
    custom = _custom(h, m["field"])
    context_id = str(next(h.jira._ids))
    custom.contexts[context_id] = {"id": context_id, "name": b["name"], "options": []}
    return 201, {"id": context_id, "name": b["name"], "projectIds": b.get("projectIds", []), "issueTypeIds": []}


def _context(h: JiraHandler, m: dict[str, str]) -> dict[str, Any]:
    custom = _custom(h, m["field"])
    if custom.type != SELECT:
        raise JiraError(400, "The custom field doesn't support options.")
    if m["context"] not in custom.contexts:
        raise JiraError(404, "The context was not found.")
    return custom.contexts[m["context"]]


@route("GET", API + "/field/{field}/context/{context}/option")
def _options(h: JiraHandler, m: dict[str, str], q: dict[str, str], b: Any) -> tuple[int, Any]:
    h.jira.require_admin()
    return 200, page(list(_context(h, m)["options"]), q, 100)


@route("POST", API + "/field/{field}/context/{context}/option")
def _create_options(h: JiraHandler, m: dict[str, str], q: dict[str, str], b: Any) -> tuple[int, Any]:
    h.jira.require_admin()
    context = _context(h, m)
    created = []
    for option in b.get("options", []):
        if any(existing["value"] == option["value"] for existing in context["options"]):
            raise JiraError(400, f"Option '{option['value']}' already exists in this context.")
        new = {"id": str(next(h.jira._ids)), "value": option["value"], "disabled": bool(option.get("disabled", False))}
        context["options"].append(new)
        created.append(new)
    return 200, {"options": created}
