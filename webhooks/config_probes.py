"""The configuration check's look at what lies outside the process: the database and each tracker's answer."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from integration.github.kind import github_clients
from integration.tracker import PermanentTrackerError
from webhooks.cli.errors import MIGRATE_HINT, first_line
from webhooks.findings import Finding
from webhooks.settings import Settings

PROBE_TIMEOUT = (5, 15)


def _finding(severity: str, message: str) -> Finding:
    return Finding("error" if severity == "error" else "warning", message)


def _sqlite_file(path: Path, *, serving: bool) -> Iterator[Finding]:
    """Judge a SQLite file that may not exist yet, without creating it."""
    if path.exists():
        if not os.access(path, os.R_OK | os.W_OK):
            yield _finding("error", f"the database file {path} cannot be read and written by this user")
        return
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        yield _finding("error", f"the folder of the database file {path} does not exist")
    elif not os.access(folder, os.W_OK):
        yield _finding("error", f"the database file {path} cannot be created: {folder} is not writable")
    elif not serving:
        yield _finding("warning", f"there is no database at {path} yet: {MIGRATE_HINT}")


def probe_database(settings: Settings, *, serving: bool) -> Iterator[Finding]:
    """Check the database answers and holds the schema this version needs; never create a SQLite file."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import SQLAlchemyError

    from integration.store import make_engine
    from integration.store.migrate import current_revision, head_revision, known_revision

    url = make_url(settings.database_url)
    shown = url.render_as_string(hide_password=True)
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        problems = list(_sqlite_file(Path(str(url.database)), serving=serving))
        if problems or not Path(str(url.database)).exists():
            yield from problems
            return
    engine = make_engine(settings.database_url)
    quiet = logging.getLogger("alembic.runtime.migration")
    level = quiet.level
    # Reading the revision makes Alembic announce its context at info: no news for whoever reads the check.
    quiet.setLevel(max(logging.WARNING, quiet.getEffectiveLevel()))
    try:
        revision = current_revision(engine)
    except SQLAlchemyError as error:
        yield _finding("error", f"cannot reach the database {shown}: {first_line(str(getattr(error, 'orig', error)))}")
        return
    finally:
        quiet.setLevel(level)
        engine.dispose()
    head = head_revision()
    if revision == head:
        return
    if revision is not None and not known_revision(revision):
        yield _finding("error", f"the database {shown} is at schema {revision}, which this version of problemframe "
                                "does not know: it was migrated by a newer version (upgrade problemframe) or "
                                "belongs to something else")
    elif not serving:
        now = "has no problemframe tables yet" if revision is None else f"is at schema {revision}, not {head}"
        yield _finding("warning", f"the database {shown} {now}: run `problemframe migrate`")


def probe_github(settings: Settings) -> Iterator[Finding]:
    """Ask GitHub who the credentials belong to (GET /user for a token, GET /app for an App), once."""
    import requests
    from github import GithubException

    where = settings.github_api_url
    try:
        login = github_clients(settings).login(lambda _client, fn: fn())
    except PermanentTrackerError as error:
        yield _finding("error", str(error))
    except GithubException as error:
        what = "refused the credentials" if error.status in (401, 403) else f"answered {error.status}"
        yield _finding("error", f"GitHub at {where} {what}: {_github_message(error.data)} (check "
                                "PROBLEMFRAME_GITHUB_TOKEN, or PROBLEMFRAME_GITHUB_APP_ID and the private key)")
    except requests.RequestException as error:
        yield _finding("error", f"cannot reach GitHub at {where}: {_cause(error)}")
    else:
        if not login:
            yield _finding("error", f"GitHub at {where} did not say whose credentials these are")


def probe_jira(settings: Settings) -> Iterator[Finding]:
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
        yield _finding("error", f"Jira at {where} {what} (check PROBLEMFRAME_JIRA_EMAIL and "
                                "PROBLEMFRAME_JIRA_API_TOKEN, or PROBLEMFRAME_JIRA_PAT)")
    except requests.RequestException as error:
        yield _finding("error", f"cannot reach Jira at {where}: {_cause(error)}")


def _github_message(data: object) -> str:
    if isinstance(data, dict) and data.get("message"):
        return str(data["message"])
    return first_line(str(data)) or "no message"


def _cause(error: BaseException) -> str:
    # requests wraps urllib3's error, which wraps the socket's: the innermost says what happened.
    inner: BaseException = error
    while inner.__context__ is not None and inner.__context__ is not inner:
        inner = inner.__context__
    text = first_line(str(inner)) or type(inner).__name__
    return text[:200]
