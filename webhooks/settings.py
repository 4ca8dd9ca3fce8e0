"""Process settings from PROBLEMFRAME_* environment variables and a .env file."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from standardwebhooks import Webhook

from integration.jira.jql import is_project_key
from integration.outbound.allow import AllowList
from webhooks import setting_values

ENV_FILE = Path(".env")
GITHUB_ISSUE = re.compile(r"(?P<container>[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+)#(?P<key>[0-9]+)")
JIRA_ISSUE = re.compile(r"(?P<container>[A-Za-z][A-Za-z0-9_]*)-(?P<key>[0-9]+)")


def digest_issue(value: str) -> tuple[str, str, str]:
    """Split `OWNER/REPO#NUMBER` or `PROJ-12` into tracker, repository or project, and the issue's key."""
    github = GITHUB_ISSUE.fullmatch(value)
    if github is not None:
        return "github", github["container"], github["key"]
    jira = JIRA_ISSUE.fullmatch(value)
    if jira is not None and is_project_key(jira["container"]):
        return "jira", jira["container"], value
    raise ValueError(f"PROBLEMFRAME_DIGEST_POST takes OWNER/REPO#NUMBER (GitHub) or PROJ-12 (Jira), not {value!r}")


class Settings(BaseSettings):
    """Everything a deployment configures; secrets stay SecretStr so they never reach a log."""

    model_config = SettingsConfigDict(env_prefix="PROBLEMFRAME_", env_file=ENV_FILE, extra="ignore")

    database_url: str = "sqlite:///problemframe.db"

    github_webhook_secret: SecretStr | None = None
    github_token: SecretStr | None = None
    github_app_id: str | None = None
    github_private_key: SecretStr | None = None
    github_api_url: str = "https://api.github.com"

    jira_url: str | None = None
    jira_email: str | None = None
    jira_api_token: SecretStr | None = None
    jira_pat: SecretStr | None = None
    jira_webhook_secret: SecretStr | None = None
    jira_policy_file: Path | None = None  # YAML: Jira project key -> policy (the keys of .github/problemframe.yml)

    write_interval: float = Field(default=1.0, ge=0)
    dry_run: bool = False

    log_format: Literal["text", "json"] = "text"
    log_level: str | None = None  # unset: info for `serve` and in a dry run, warning for the other commands

    max_body_bytes: int = Field(default=25 * 1024 * 1024, ge=1)
    body_read_timeout: float = Field(default=10.0, gt=0)  # GitHub itself gives up on a delivery after 10 s
    worker_poll_seconds: float = Field(default=0.5, gt=0)
    worker_lease_seconds: float = Field(default=15.0, ge=1)
    worker_heartbeat_seconds: float = Field(default=5.0, gt=0)
    scheduler: bool = True  # off: `serve` measures no outcomes and posts no digest (a CronJob runs `outcomes due`)
    scheduler_interval_seconds: float = Field(default=60.0, ge=1)
    metric_sources_file: Path | None = None  # YAML: source name -> MetricSource (kind, url, headers_env ...)

    close_loop_allow: str | None = None  # owner/repo, owner/* and Jira project keys, comma-separated
    outcome_webhook_url: str | None = None
    outcome_webhook_secret: SecretStr | None = None  # whsec_… (Standard Webhooks)
    slack_webhook_url: SecretStr | None = None

    digest_post: str | None = None  # the issue the weekly digest is posted on; unset: no weekly digest
    digest_weekday: int = Field(default=0, ge=0, le=6)  # 0 = Monday
    digest_hour: int = Field(default=9, ge=0, le=23)  # UTC

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, value: str) -> str:
        """Accept SQLite and PostgreSQL URLs (postgres:// too), refuse the rest in one line."""
        return setting_values.database_url(value)

    @field_validator("github_api_url", "jira_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        """Refuse a tracker address that is not an http(s) URL."""
        return None if value is None or not value.strip() else setting_values.http_url(value)

    @field_validator("log_level")
    @classmethod
    def _log_level(cls, value: str | None) -> str | None:
        """Refuse an unknown log level."""
        return None if value is None or not value.strip() else setting_values.log_level(value)

    @field_validator("log_format", mode="before")
    @classmethod
    def _log_format(cls, value: object) -> object:
        """Read the format case-insensitively."""
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("close_loop_allow")
    @classmethod
    def _close_loop_allow(cls, value: str | None) -> str | None:
        """Refuse an allow-list entry that names no repository, owner or project."""
        AllowList.parse(value)
        return value

    @field_validator("outcome_webhook_secret")
    @classmethod
    def _outcome_webhook_secret(cls, value: SecretStr | None) -> SecretStr | None:
        """Refuse a secret the Standard Webhooks library cannot sign with (it takes whsec_ and base64)."""
        if value is not None:
            try:
                Webhook(value.get_secret_value())
            except Exception:
                raise ValueError("PROBLEMFRAME_OUTCOME_WEBHOOK_SECRET must be a whsec_… (base64) secret") from None
        return value

    @field_validator("digest_post")
    @classmethod
    def _digest_post(cls, value: str | None) -> str | None:
        """Refuse a digest issue in neither tracker's form."""
        if value is not None:
            digest_issue(value)
        return value

    def github_private_key_pem(self) -> str | None:
        """Return the App private key as PEM text, reading it from a file when a path was given."""
        if self.github_private_key is None:
            return None
        value = self.github_private_key.get_secret_value()
        if "-----BEGIN" in value:
            return value
        path = Path(value).expanduser()
        try:
            return path.read_text()
        except (OSError, UnicodeDecodeError, ValueError):
            # The value may be a key pasted without its PEM armour: never repeat it in the message.
            raise ValueError(
                "PROBLEMFRAME_GITHUB_PRIVATE_KEY is neither PEM text nor a readable file path"
            ) from None


class EnvFileError(ValueError):
    """The .env file cannot be read as settings."""


def read_settings() -> Settings:
    """Return the settings of the environment and the .env file; EnvFileError when that file is not text.

    A setting that does not validate raises pydantic's ValidationError, one entry per setting.
    """
    try:
        return Settings()
    except UnicodeDecodeError as error:
        byte = error.object[error.start]
        raise EnvFileError(f"{ENV_FILE} is not UTF-8 text (byte 0x{byte:02x} at position {error.start})") from None
