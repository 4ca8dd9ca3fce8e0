"""What commands that use the service's settings share: loading them, logging by them, opening the database."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import ValidationError

from webhooks.cli.common import fail
from webhooks.cli.errors import MIGRATE_HINT
from webhooks.logs import configure_logging
from webhooks.setting_values import level_number
from webhooks.settings import EnvFileError, Settings, read_settings

if TYPE_CHECKING:
    from integration.store import Store


def load_settings(*, log_level: str | None = None, default_log_level: str = "warning") -> Settings:
    """Return the process settings and start logging by them; exit 2 naming each invalid PROBLEMFRAME_* setting.

    The log level is `log_level` (a command's option), else PROBLEMFRAME_LOG_LEVEL, else info in a dry run (its
    lines are the point of it), else `default_log_level`.
    """
    try:
        settings = read_settings()
    except ValidationError as error:
        fail(settings_problem(error))
    except EnvFileError as error:
        fail(str(error))
    level = log_level or settings.log_level or ("info" if settings.dry_run else default_log_level)
    configure_logging(level_number(level), settings.log_format)
    return settings


def settings_problem(error: ValidationError) -> str:
    """Return one line naming each invalid setting as the operator wrote it, never echoing a secret."""
    return "invalid setting: " + "; ".join(setting_problems(error) or [str(error).splitlines()[0]])


def setting_problems(error: ValidationError) -> list[str]:
    """Return one message per invalid setting, each naming its variable."""
    problems = []
    for item in error.errors():
        name = str(item["loc"][0]) if item["loc"] else ""
        message = item["msg"].removeprefix("Value error, ")
        shown = item.get("input")
        if name not in Settings.model_fields:
            continue
        if isinstance(shown, str) and name not in _NEVER_ECHOED and not _is_secret(name) and len(shown) <= 80 \
                and "'" not in message:
            message = f"{message} (got {shown!r})"
        variable = f"PROBLEMFRAME_{name.upper()}"
        problems.append(message if message.startswith(variable) else f"{variable}: {message}")
    return problems


# A database URL may carry a password.
_NEVER_ECHOED = frozenset({"database_url"})


def _is_secret(name: str) -> bool:
    annotation = str(Settings.model_fields[name].annotation)
    return "SecretStr" in annotation


def open_store(settings: Settings) -> Store:
    """Open the service's database as `serve` or `migrate` left it; exit 2 with the fix when it is not ready."""
    from integration.store import NotReady, Store

    try:
        return Store.open_existing(settings.database_url)
    except NotReady as error:
        fail(f"{error}: {MIGRATE_HINT}")
