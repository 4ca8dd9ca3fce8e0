"""Prepare a Jira project: custom fields, select options, screens, the admin webhook; idempotent."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from integration.jira.calls import JiraRefused
from integration.jira.jql import is_project_key, quote
from integration.jira.tracker import JiraTracker
from integration.tracker import PermanentTrackerError

_TYPES = "com.atlassian.jira.plugin.system.customfieldtypes:"


class CredentialsRefused(PermanentTrackerError):
    """Jira refused the account's credentials (401 or 403) at the first call, before anything was set up."""


@dataclass(frozen=True)
class FieldSpec:
    """A custom field the service reads or writes."""

    name: str
    type: str
    searcher: str
    description: str
    options: tuple[str, ...] = ()


# Field types and searchers: https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-fields/#api-rest-api-3-field-post
FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec(
        "Problem statement", _TYPES + "textarea", _TYPES + "textsearcher", "What hurts, for whom; not a solution."
    ),
    FieldSpec(
        "Customer evidence",
        _TYPES + "textarea",
        _TYPES + "textsearcher",
        "Named customers, links to tickets, calls, CRM notes, revenue, quotes, dates.",
    ),
    FieldSpec(
        "Success metric",
        _TYPES + "textarea",
        _TYPES + "textsearcher",
        "Metric name, baseline, target, direction, measurement window, data source.",
    ),
    FieldSpec("Evidence score", _TYPES + "float", _TYPES + "numberrange", "0-100, written by problemframe."),
    FieldSpec(
        "Evidence strength",
        _TYPES + "select",
        _TYPES + "multiselectsearcher",
        "Evidence tier, written by problemframe.",
        ("none", "weak", "moderate", "strong"),
    ),
    FieldSpec(
        "Outcome",
        _TYPES + "select",
        _TYPES + "multiselectsearcher",
        "Outcome review state, written by problemframe.",
        ("pending", "review", "met", "partial", "missed", "inconclusive", "skipped"),
    ),
)

# Events the service acts on: https://developer.atlassian.com/cloud/jira/platform/webhooks/#issue-related-events
EVENTS: tuple[str, ...] = ("jira:issue_created", "jira:issue_updated", "comment_created", "comment_updated")
WEBHOOK_API = "/rest/webhooks/1.0/webhook"


@dataclass
class SetupReport:
    """What setup changed, found already in place, could not do (with the manual step), and the JQL to use."""

    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    manual: list[str] = field(default_factory=list)
    jql: dict[str, str] = field(default_factory=dict)
    field_ids: dict[str, str] = field(default_factory=dict)


def jql_for(project: str) -> dict[str, str]:
    """Return ready JQL: the evidence portfolio, and one search per tier."""
    key = quote(project)
    searches = {"portfolio": f'project = {key} AND "Evidence score" >= 60 ORDER BY "Evidence score" DESC'}
    for tier in ("strong", "moderate", "weak", "none"):
        searches[tier] = f'project = {key} AND "Evidence strength" = {tier} ORDER BY "Evidence score" DESC'
    return searches


def webhook_settings(project: str, url: str) -> dict[str, Any]:
    """Return the admin webhook the service needs for a project (without its secret)."""
    return {
        "name": f"problemframe {project}",
        "url": url,
        "events": list(EVENTS),
        "filters": {"issue-related-events-section": f"project = {quote(project)}"},
        "excludeBody": False,
    }


class _Setup:
    def __init__(self, tracker: JiraTracker, report: SetupReport, *, apply: bool) -> None:
        self.tracker = tracker
        self.report = report
        self.apply = apply

    def write(self, what: str, method: str, path: str, body: Any, manual: str) -> Any:
        """Make one change (or only report it when not applying); a 403 becomes a manual step."""
        if not self.apply:
            self.report.changed.append(f"would {what}")
            return None
        try:
            answer = self.tracker.rest(method, path, body, write=True)
        except JiraRefused as exc:
            if exc.status in (401, 403, 404, 405):
                self.report.manual.append(f"{manual} (Jira answered {exc.status})")
                return None
            raise
        self.report.changed.append(what)
        return answer

    def read(self, path: str, manual: str) -> Any:
        """Read, turning a refusal (no admin right, an API the site lacks) into a manual step."""
        try:
            return self.tracker.rest("GET", path, write=False)
        except JiraRefused as exc:
            if exc.status in (401, 403, 404, 405):
                self.report.manual.append(f"{manual} (Jira answered {exc.status})")
                return None
            raise


def _values(page: Any) -> list[dict[str, Any]]:
    """Return the items of a Cloud page bean or a Data Center list."""
    if isinstance(page, dict):
        return list(page.get("values") or [])
    return list(page or [])


def _ensure_field(setup: _Setup, spec: FieldSpec, existing: list[dict[str, Any]]) -> str | None:
    same_name = [f for f in existing if f.get("custom") and f.get("name") == spec.name]
    same_type = [f for f in same_name if (f.get("schema") or {}).get("custom") == spec.type]
    if same_type or same_name:
        found = (same_type or same_name)[0]
        setup.report.unchanged.append(f"field '{spec.name}' ({found['id']})")
        return str(found["id"])
    body = {"name": spec.name, "type": spec.type, "searcherKey": spec.searcher, "description": spec.description}
    kind = spec.type.rsplit(":", 1)[-1]
    created = setup.write(
        f"create field '{spec.name}'",
        "POST",
        "field",
        body,
        f"Create the custom field '{spec.name}' (type {kind}) in Jira settings > Issues > Custom fields",
    )
    return str(created["id"]) if created else None


def _ensure_options(setup: _Setup, spec: FieldSpec, field_id: str) -> None:
    manual = f"Add the options {', '.join(spec.options)} to the field '{spec.name}'"
    contexts = setup.read(f"field/{field_id}/context", manual)
    if contexts is None:
        return
    found = _values(contexts)
    if not found:
        context = {"name": f"problemframe {spec.name}", "projectIds": [], "issueTypeIds": []}
        what = f"create a global context for '{spec.name}'"
        created = setup.write(what, "POST", f"field/{field_id}/context", context, manual)
        if created is None:
            return
        found = [created]
    context_id = found[0]["id"]
    options = setup.read(f"field/{field_id}/context/{context_id}/option", manual)
    if options is None:
        return
    present = {option.get("value") for option in _values(options)}
    missing = [value for value in spec.options if value not in present]
    if not missing:
        setup.report.unchanged.append(f"options of '{spec.name}'")
        return
    body = {"options": [{"value": value, "disabled": False} for value in missing]}
    setup.write(
        f"add options {', '.join(missing)} to '{spec.name}'",
        "POST",
        f"field/{field_id}/context/{context_id}/option",
        body,
        manual,
    )


def _ensure_screens(setup: _Setup, project: dict[str, Any], field_ids: dict[str, str]) -> None:
    key = str(project["key"])
    manual = f"Add the fields {', '.join(field_ids)} to the screens of project {key} (Project settings > Screens)"
    if project.get("style") not in (None, "classic"):
        setup.report.manual.append(f"{manual}: team-managed projects keep their fields per issue type")
        return
    screens = setup.read("screens", manual)
    if screens is None:
        return
    ours = [screen for screen in _values(screens) if str(screen.get("name", "")).startswith(f"{key}: ")]
    if not ours:
        setup.report.manual.append(f"{manual}: no screen named '{key}: ...' was found")
        return
    for screen in ours:
        tabs = setup.read(f"screens/{screen['id']}/tabs", manual)
        if not tabs:
            continue
        tab = tabs[0]
        on_tab = setup.read(f"screens/{screen['id']}/tabs/{tab['id']}/fields", manual)
        if on_tab is None:
            continue
        present = {item.get("id") for item in on_tab}
        for name, field_id in field_ids.items():
            if field_id in present:
                setup.report.unchanged.append(f"'{name}' on screen '{screen['name']}'")
                continue
            setup.write(
                f"add '{name}' to screen '{screen['name']}'",
                "POST",
                f"screens/{screen['id']}/tabs/{tab['id']}/fields",
                {"fieldId": field_id},
                f"Add '{name}' to the screen '{screen['name']}'",
            )


def _ensure_webhook(setup: _Setup, project: str, url: str, secret: str) -> None:
    wanted = webhook_settings(project, url)
    manual = (
        "Register the webhook as a Jira administrator (Settings > System > WebHooks > Create a WebHook): "
        f"name '{wanted['name']}', URL {url}, secret = PROBLEMFRAME_JIRA_WEBHOOK_SECRET, "
        f"JQL '{wanted['filters']['issue-related-events-section']}', events {', '.join(EVENTS)}"
    )
    hooks = setup.read(WEBHOOK_API, manual)
    if hooks is None:
        return
    for hook in _values(hooks):
        if hook.get("name") != wanted["name"]:
            continue
        same = (
            hook.get("url") == url
            and sorted(hook.get("events") or []) == sorted(EVENTS)
            and (hook.get("filters") or {}).get("issue-related-events-section")
            == wanted["filters"]["issue-related-events-section"]
        )
        if same:
            setup.report.unchanged.append(f"webhook '{wanted['name']}' -> {url}")
            return
        hook_id = str(hook.get("self", "")).rstrip("/").rsplit("/", 1)[-1]
        what = f"update webhook '{wanted['name']}' -> {url}"
        setup.write(what, "PUT", f"{WEBHOOK_API}/{hook_id}", wanted | {"secret": secret}, manual)
        return
    what = f"register webhook '{wanted['name']}' -> {url}"
    setup.write(what, "POST", WEBHOOK_API, wanted | {"secret": secret}, manual)


def setup_project(
    tracker: JiraTracker,
    *,
    project: str,
    webhook_url: str,
    webhook_secret: str,
    apply: bool = True,
) -> SetupReport:
    """Create or find the fields, options, screen entries and webhook the service needs; change nothing twice."""
    if not is_project_key(project):
        raise PermanentTrackerError(f"not a Jira project key: {project!r}")
    report = SetupReport(jql=jql_for(project))
    setup = _Setup(tracker, report, apply=apply)
    try:
        details = tracker.rest("GET", f"project/{project}", write=False)
    except JiraRefused as exc:
        if exc.status in (401, 403):
            detail = "; ".join([*exc.messages, *exc.errors.values()])
            raise CredentialsRefused(
                f"Jira refused the credentials (HTTP {exc.status}{': ' + detail if detail else ''})"
            ) from exc
        raise PermanentTrackerError(f"Jira has no project '{project}' this account can see ({exc})") from exc
    existing = tracker.calls.read("fields", tracker.client.fields)
    for spec in FIELDS:
        field_id = _ensure_field(setup, spec, existing)
        if field_id is None:
            continue
        report.field_ids[spec.name] = field_id
        if spec.options:
            _ensure_options(setup, spec, field_id)
    tracker.field_ids(refresh=True)
    if report.field_ids:
        _ensure_screens(setup, details, report.field_ids)
    _ensure_webhook(setup, project, webhook_url, webhook_secret)
    return report
