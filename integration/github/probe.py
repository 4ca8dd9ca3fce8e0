"""Ask GitHub who the configured credentials belong to: the configuration check's look at GitHub."""

from __future__ import annotations

from collections.abc import Iterator

from integration.github.kind import GitHubSettings, github_clients
from integration.probing import cause, first_line
from integration.tracker import PermanentTrackerError


def probe_github(settings: GitHubSettings) -> Iterator[str]:
    """Ask GitHub who the credentials belong to (GET /user for a token, GET /app for an App), once."""
    import requests
    from github import GithubException

    where = settings.github_api_url
    try:
        login = github_clients(settings).login(lambda _client, fn: fn())
    except PermanentTrackerError as error:
        yield str(error)
    except GithubException as error:
        what = "refused the credentials" if error.status in (401, 403) else f"answered {error.status}"
        yield (f"GitHub at {where} {what}: {_message(error.data)} (check PROBLEMFRAME_GITHUB_TOKEN, or "
               "PROBLEMFRAME_GITHUB_APP_ID and the private key)")
    except requests.RequestException as error:
        yield f"cannot reach GitHub at {where}: {cause(error)}"
    else:
        if not login:
            yield f"GitHub at {where} did not say whose credentials these are"


def _message(data: object) -> str:
    if isinstance(data, dict) and data.get("message"):
        return str(data["message"])
    return first_line(str(data)) or "no message"
