"""Screens and their tabs, where company-managed projects show fields (Jira administrators only)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tests.fakes.jira.model import JiraError
from tests.fakes.jira.routes import API, page, route

if TYPE_CHECKING:
    from tests.fakes.jira.server import JiraHandler


@route("GET", API + "/screens")
def _screens(h: JiraHandler, m: dict[str, str], q: dict[str, str], b: Any) -> tuple[int, Any]:
    h.jira.require_admin()
    values = [{"id": int(s["id"]), "name": s["name"], "description": ""} for s in h.jira.screens.values()]
    if h.jira.deployment == "Cloud":
        return 200, page(values, q, 100)
    return 200, values


def _screen(h: JiraHandler, m: dict[str, str]) -> dict[str, Any]:
    h.jira.require_admin()
    if m["screen"] not in h.jira.screens:
        raise JiraError(404, "The screen was not found.")
    return h.jira.screens[m["screen"]]


@route("GET", API + "/screens/{screen}/tabs")
def _tabs(h: JiraHandler, m: dict[str, str], q: dict[str, str], b: Any) -> tuple[int, Any]:
    return 200, [{"id": int(t["id"]), "name": t["name"]} for t in _screen(h, m)["tabs"].values()]


def _names(h: JiraHandler) -> dict[str, str]:
    names = {f["id"]: f["name"] for f in h.jira.system_fields_json()}
    return names | {custom.id: custom.name for custom in h.jira.fields.values()}


@route("GET", API + "/screens/{screen}/tabs/{tab}/fields")
def _tab_fields(h: JiraHandler, m: dict[str, str], q: dict[str, str], b: Any) -> tuple[int, Any]:
    tab = _screen(h, m)["tabs"].get(m["tab"])
    if tab is None:
        raise JiraError(404, "The screen tab was not found.")
    names = _names(h)
    return 200, [{"id": field_id, "name": names.get(field_id, field_id)} for field_id in tab["fields"]]


@route("POST", API + "/screens/{screen}/tabs/{tab}/fields")
def _add_tab_field(h: JiraHandler, m: dict[str, str], q: dict[str, str], b: Any) -> tuple[int, Any]:
    tab = _screen(h, m)["tabs"].get(m["tab"])
    if tab is None:
        raise JiraError(404, "The screen tab was not found.")
    field_id = b["fieldId"]
    if field_id in tab["fields"]:
        raise JiraError(400, f"Field '{field_id}' already exists on the screen.")
    tab["fields"].append(field_id)
    return 200, {"id": field_id, "name": _names(h).get(field_id, field_id)}
