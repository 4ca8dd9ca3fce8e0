"""Ask the Jira site who the configured credentials belong to: the configuration check's look at Jira."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from integration.jira.kind import JiraSettings
from integration.probing import cause

PROBE_TIMEOUT = (5, 15)


def probe_jira(settings: JiraSettings) -> Iterator[str]:
    """Ask the Jira site who the credentials belong to (GET /myself), once."""
    import requests
    from jira import JIRA, JIRAError

    where = settings.jira_url
    auth: dict[str, Any]
    if settings.jira_email and settings.jira_api_token and settings.jira_api_token.get_secret_value():
        auth = {"basic_auth": (settings.jira_email, settings.jira_api_token.get_secret_value())}
    else:
        auth = {"token_auth": settings.jira_pat.get_secret_value() if settings.jira_pat else ""}
    try:
        client = JIRA(server=where, max_retries=0, timeout=PROBE_TIMEOUT, get_server_info=False, **auth)
        client.myself()
    except JIRAError as error:
        status = error.status_code
        what = "refused the credentials" if status in (401, 403) else f"answered {status}"
        yield (f"Jira at {where} {what} (check PROBLEMFRAME_JIRA_EMAIL and PROBLEMFRAME_JIRA_API_TOKEN, or "
               "PROBLEMFRAME_JIRA_PAT)")
    except requests.RequestException as error:
        yield f"cannot reach Jira at {where}: {cause(error)}"
