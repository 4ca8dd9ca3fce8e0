"""Moving a Jira issue: one transition towards a status name or a status category."""

from __future__ import annotations

import logging
from typing import Any

from integration.jira.connection import JiraConnection
from integration.jira.issue import is_done
from integration.tracker import PermanentTrackerError, Written

log = logging.getLogger(__name__)


def move(
    site: JiraConnection,
    key: str,
    issue: dict[str, Any],
    *,
    status: str | None = None,
    category: str | None = None,
    prefer: str | None = None,
    label: str,
) -> dict[str, Any] | None:
    """Make one transition towards a status name or a status category; return the issue as it is afterwards."""
    current = (issue.get("fields") or {}).get("status") or {}
    if status is not None and str(current.get("name", "")).lower() == status.lower():
        return None
    if category is not None and (is_done(current) == (category == "done")):
        return None
    options = site.transitions(key)
    if status is not None:
        chosen = [t for t in options if str(t["to"]["name"]).lower() == status.lower()]
    else:
        chosen = [t for t in options if t["to"].get("statusCategory", {}).get("key") == category]
        chosen.sort(key=lambda t: str(t["to"]["name"]).lower() != (prefer or "").lower())
    if not chosen:
        targets = ", ".join(sorted({f"'{t['to']['name']}' (via '{t['name']}')" for t in options})) or "none"
        raise PermanentTrackerError(f"Jira cannot {label} {key} from '{current.get('name')}'; available: {targets}")
    transition_id = str(chosen[0]["id"])
    told = Written(key, "status", f"moved to '{chosen[0]['to']['name']}'")
    if site.dry_run:
        log.info("dry run: would %s %s via '%s'", label, key, chosen[0]["name"])
        site.calls.tell([told])
        return None
    site.calls.write(f"{label} {key}", lambda: site.client.transition_issue(key, transition_id), written=[told])
    return site.issue_json(key)
