"""The site and its issues: server info, who the service is, projects, issues and their transitions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tests.fakes.jira.model import JiraError
from tests.fakes.jira.routes import API, route

if TYPE_CHECKING:
    from tests.fakes.jira.server import JiraHandler


@route("GET", API + "/serverInfo")
def _server_info(h: JiraHandler, m: dict[str, str], q: dict[str, str], b: Any) -> tuple[int, Any]:
    cloud = h.jira.deployment == "Cloud"
    numbers = [1001, 0, 0] if cloud else [9, 12, 0]
    return 200, {
        "baseUrl": h.jira.url,
        "version": ".".join(map(str, numbers)),
        "versionNumbers": numbers,
        "deploymentType": h.jira.deployment,
        "buildNumber": 100300,
        "serverTitle": "Jira",
    }


@route("GET", API + "/myself")
def _myself(h: JiraHandler, m: dict[str, str], q: dict[str, str], b: Any) -> tuple[int, Any]:
    return 200, {**h.jira.user_json(h.jira.bot), "emailAddress": h.jira.email}


@route("GET", API + "/project/{key}")
def _project(h: JiraHandler, m: dict[str, str], q: dict[str, str], b: Any) -> tuple[int, Any]:
    project = next((p for p in h.jira.projects.values() if m["key"] in (p["key"], p["id"])), None)
    if project is None:
        raise JiraError(404, f"No project could be found with key '{m['key']}'.")
    simplified = project["style"] != "classic"
    return 200, {
        "self": f"{h.jira.url}/rest/api/2/project/{project['id']}",
        **{k: project[k] for k in ("id", "key", "name")},
        "projectTypeKey": "software",
        "style": project["style"],
        "simplified": simplified,
    }


@route("GET", API + "/issue/{key}")
def _get_issue(h: JiraHandler, m: dict[str, str], q: dict[str, str], b: Any) -> tuple[int, Any]:
    return 200, h.jira.issue_json(h.jira.issue(m["key"]), h.version)


@route("PUT", API + "/issue/{key}")
def _edit_issue(h: JiraHandler, m: dict[str, str], q: dict[str, str], b: Any) -> tuple[int, Any]:
    issue = h.jira.issue(m["key"])
    h.jira.set_fields(issue, b.get("fields") or {}, b.get("update") or {})
    return 204, None


@route("GET", API + "/issue/{key}/transitions")
def _transitions(h: JiraHandler, m: dict[str, str], q: dict[str, str], b: Any) -> tuple[int, Any]:
    issue = h.jira.issue(m["key"])
    return 200, {
        "transitions": [
            {
                "id": t.id,
                "name": t.name,
                "to": h.jira.status_json(t.to),
                "hasScreen": False,
                "isGlobal": t.sources is None,
                "isInitial": False,
                "isAvailable": True,
                "isConditional": False,
                "isLooped": False,
            }
            for t in h.jira.available_transitions(issue)
        ]
    }


@route("POST", API + "/issue/{key}/transitions")
def _do_transition(h: JiraHandler, m: dict[str, str], q: dict[str, str], b: Any) -> tuple[int, Any]:
    issue = h.jira.issue(m["key"])
    h.jira.transition(issue, str(b.get("transition", {}).get("id")), b.get("fields") or {})
    return 204, None
