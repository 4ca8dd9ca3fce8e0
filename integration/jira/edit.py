"""SetLabels and SetField on Jira: one PUT carrying every label operation and field value that changes."""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from typing import Any

from integration.jira.connection import JiraConnection
from integration.jira.fields import SCORE_FIELDS, FieldCatalogue
from integration.tracker import Written
from problemframe.actions import Action, SetField, SetLabels
from problemframe.numbers import figure

log = logging.getLogger(__name__)


class _Unchanged:
    """Sentinel: the field already holds the wanted value."""


_UNCHANGED: Any = _Unchanged()


def edit(
    site: JiraConnection, fields: FieldCatalogue, key: str, issue: dict[str, Any], actions: list[Action]
) -> None:
    """Write the labels and fields the actions want in one request; nothing when the issue already holds them."""
    fields_now: Mapping[str, Any] = issue.get("fields") or {}
    labels_now = set(fields_now.get("labels") or [])
    operations: list[dict[str, str]] = []
    changes: dict[str, Any] = {}
    told: dict[str, Written] = {}
    for action in actions:
        if isinstance(action, SetLabels):
            add = sorted(action.wanted - labels_now)
            remove = sorted((action.managed & labels_now) - action.wanted)
            operations = [{"add": label} for label in add] + [{"remove": label} for label in remove]
            labels_now = (labels_now | action.wanted) - set(remove)
            if operations:
                told["labels"] = Written.labels(key, added=add, removed=remove)
        elif isinstance(action, SetField):
            if action.name in SCORE_FIELDS and action.name in fields.missing_score_fields():
                continue  # told in the comment and the log; `setup jira` creates the field
            field_id = fields.id_of(action.name)
            kind = fields.types.get(field_id, "string")
            wanted = encode(fields_now.get(field_id), action.value, option=kind == "option")
            if wanted is not _UNCHANGED:
                changes[field_id] = wanted
                told[field_id] = Written(key, "fields", f"{action.name} = {shown(action.value)}")
    if not operations and not changes:
        return
    body: dict[str, Any] = {}
    if changes:
        body["fields"] = changes
    if operations:
        body["update"] = {"labels": operations}
    if site.dry_run:
        log.info("dry run: would edit %s: %s", key, json.dumps(body))
        site.calls.tell(list(told.values()))
        return
    # One PUT, without the library's Issue.update reload: https://developer.atlassian.com/cloud/jira/platform/rest/v2/api-group-issues/#api-rest-api-2-issue-issueidorkey-put
    site.rest("PUT", f"issue/{issue['key']}", body, write=True, written=list(told.values()))


def shown(value: float | str | None) -> str:
    """Return a field's new value as told: '72', 'strong', 'empty'."""
    if value is None:
        return "empty"
    return figure(value) if isinstance(value, int | float) else value


def encode(current: Any, value: float | str | None, *, option: bool) -> Any:
    """Return the REST value for a field (a select takes {"value": ...}), or _UNCHANGED when Jira holds it."""
    if isinstance(current, dict):
        current = current.get("value")
    if value is None:
        return _UNCHANGED if current is None else None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _UNCHANGED if isinstance(current, int | float) and float(current) == float(value) else value
    if current == value:
        return _UNCHANGED
    return {"value": value} if option else value
