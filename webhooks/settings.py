"""Process settings from PROBLEMFRAME_* environment variables and a .env file."""

from __future__ import annotations

from pathlib import Path

from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Everything a deployment configures; secrets stay SecretStr so they never reach a log."""

    model_config = SettingsConfigDict(env_prefix="PROBLEMFRAME_", env_file=".env", extra="ignore")

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

    write_interval: float = 1.0
    dry_run: bool = False

    max_body_bytes: int = 25 * 1024 * 1024
    worker_poll_seconds: float = 0.5
    worker_lease_seconds: float = 120.0
    scheduler_interval_seconds: float = 60.0
    metric_sources_file: Path | None = None  # YAML: source name -> MetricSource (kind, url, headers_env ...)

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
