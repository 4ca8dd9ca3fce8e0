"""Webhooks: the admin webhooks the service registers, and the dynamic ones only Connect and OAuth apps may."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tests.fakes.jira.contract import check_admin_webhook
from tests.fakes.jira.model import JiraError
from tests.fakes.jira.routes import API, route

if TYPE_CHECKING:
    from tests.fakes.jira.server import JiraHandler


@route("GET", API + "/webhook")
def _dynamic_webhooks(h: JiraHandler, m: dict[str, str], q: dict[str, str], b: Any) -> tuple[int, Any]:
    raise JiraError(403, "Only Connect and OAuth 2.0 apps can use this operation.")


@route("POST", API + "/webhook")
def _register_dynamic_webhooks(h: JiraHandler, m: dict[str, str], q: dict[str, str], b: Any) -> tuple[int, Any]:
    raise JiraError(403, "Only Connect and OAuth 2.0 apps can use this operation.")


def _webhook_json(h: JiraHandler, hook: dict[str, Any]) -> dict[str, Any]:
    shown = {k: v for k, v in hook.items() if k not in ("id", "secret")}
    return {"self": f"{h.jira.url}/rest/webhooks/1.0/webhook/{hook['id']}", **shown, "enabled": True}


@route("GET", "/rest/webhooks/1.0/webhook")
def _admin_webhooks(h: JiraHandler, m: dict[str, str], q: dict[str, str], b: Any) -> tuple[int, Any]:
    h.jira.require_admin()
    return 200, [_webhook_json(h, hook) for hook in h.jira.webhooks]


def _check_webhook_body(h: JiraHandler, body: Any) -> None:
    problem = check_admin_webhook(body)
    if problem:
        h.jira.violations.append("/rest/webhooks/1.0/webhook: " + problem)
        raise JiraError(400, problem)


@route("POST", "/rest/webhooks/1.0/webhook")
def _create_admin_webhook(h: JiraHandler, m: dict[str, str], q: dict[str, str], b: Any) -> tuple[int, Any]:
    h.jira.require_admin()
    _check_webhook_body(h, b)
    hook = {"id": str(next(h.jira._ids)), "excludeBody": False, "filters": {}, **b}
    h.jira.webhooks.append(hook)
    return 201, _webhook_json(h, hook)


@route("PUT", r"/rest/webhooks/1.0/webhook/{id:\d+}")
def _update_admin_webhook(h: JiraHandler, m: dict[str, str], q: dict[str, str], b: Any) -> tuple[int, Any]:
    h.jira.require_admin()
    _check_webhook_body(h, b)
    for hook in h.jira.webhooks:
        if hook["id"] == m["id"]:
            hook.update(b)
            return 200, _webhook_json(h, hook)
    raise JiraError(404, "Webhook not found.")


@route("DELETE", r"/rest/webhooks/1.0/webhook/{id:\d+}")
def _delete_admin_webhook(h: JiraHandler, m: dict[str, str], q: dict[str, str], b: Any) -> tuple[int, Any]:
    h.jira.require_admin()
    h.jira.webhooks[:] = [hook for hook in h.jira.webhooks if hook["id"] != m["id"]]
    return 204, None
