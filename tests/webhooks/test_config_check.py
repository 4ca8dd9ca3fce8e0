"""`problemframe config check` and the same check when `serve` starts, against the fake GitHub and Jira."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from sqlalchemy import text
from typer.testing import CliRunner

from integration.store import Store
from tests.fakes.github.server import FakeGitHub
from tests.fakes.jira.server import FakeJira
from webhooks.cli import app
from webhooks.config_check import check_config
from webhooks.settings import Settings

BOT = "problemframe-bot"
CLOSED_PORT_URL = "http://127.0.0.1:1"
PEM_BEGIN = "-----BEGIN RSA PRIVATE KEY-----"


def config_check(env: dict[str, str], *args: str) -> tuple[int, list[str]]:
    """Run `problemframe config check`; return its exit code and the lines it printed."""
    result = CliRunner().invoke(app, ["config", "check", *args], env=env)
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout.splitlines()


def errors(lines: list[str]) -> list[str]:
    return [line for line in lines if line.startswith("error: ")]


@pytest.fixture
def db_env(tmp_path: Path) -> dict[str, str]:
    """An environment whose database is a migrated SQLite file."""
    url = f"sqlite:///{tmp_path / 'pf.db'}"
    Store.open(url).close()
    return {"PROBLEMFRAME_DATABASE_URL": url}


@pytest.fixture
def github(fake_github: FakeGitHub) -> FakeGitHub:
    fake_github.add_user(BOT, token="bot-token")
    return fake_github


@pytest.fixture
def jira() -> Iterator[FakeJira]:
    with FakeJira() as server:
        yield server


def test_a_fresh_install_has_only_warnings_and_no_database_is_created(tmp_path: Path) -> None:
    code, lines = config_check({}, "--offline")
    assert code == 0, lines
    assert "warning: no webhook secret is set: every delivery is refused with 401" in lines
    assert any(line.startswith("warning: there is no database at problemframe.db yet") and "problemframe migrate" in
               line for line in lines)
    assert lines[-1] == "0 errors, 2 warnings"
    assert not (tmp_path / "problemframe.db").exists()


def test_a_mistyped_policy_file_and_a_bad_sources_file_are_errors(tmp_path: Path, db_env: dict[str, str]) -> None:
    sources = tmp_path / "sources.yml"
    sources.write_text("revenue:\n  kind: spreadsheet\n")
    env = {**db_env, "PROBLEMFRAME_JIRA_POLICY_FILE": str(tmp_path / "jira-polcy.yml"),
           "PROBLEMFRAME_METRIC_SOURCES_FILE": str(sources)}
    code, lines = config_check(env, "--offline")
    assert code == 1
    found = errors(lines)
    assert any(str(tmp_path / "jira-polcy.yml") in line and "No such file" in line for line in found), found
    assert any(str(sources) in line and "revenue.kind" in line for line in found), found
    assert lines[-1] == "2 errors, 2 warnings"  # no webhook secret; a Jira policy file without a Jira site


@pytest.mark.parametrize(
    ("env", "says"),
    [
        ({"PROBLEMFRAME_GITHUB_APP_ID": "12", "PROBLEMFRAME_GITHUB_PRIVATE_KEY": "/no/such/key.pem"},
         "PROBLEMFRAME_GITHUB_PRIVATE_KEY is neither PEM text nor a readable file path"),
        ({"PROBLEMFRAME_GITHUB_APP_ID": "12",
          "PROBLEMFRAME_GITHUB_PRIVATE_KEY": f"{PEM_BEGIN}\nnot a key\n-----END RSA PRIVATE KEY-----"},
         "not an unencrypted PEM private key"),
        ({"PROBLEMFRAME_GITHUB_APP_ID": "12"}, "PROBLEMFRAME_GITHUB_APP_ID is set without PROBLEMFRAME_GITHUB_PRIVATE"),
        ({"PROBLEMFRAME_GITHUB_WEBHOOK_SECRET": "s"}, "PROBLEMFRAME_GITHUB_WEBHOOK_SECRET is set but there are no "
                                                      "GitHub credentials"),
        ({"PROBLEMFRAME_JIRA_WEBHOOK_SECRET": "s"}, "PROBLEMFRAME_JIRA_URL is not"),
        ({"PROBLEMFRAME_JIRA_URL": "https://acme.atlassian.net", "PROBLEMFRAME_JIRA_WEBHOOK_SECRET": "s"},
         "PROBLEMFRAME_JIRA_URL is set but there are no Jira credentials"),
        ({"PROBLEMFRAME_JIRA_URL": "https://acme.atlassian.net", "PROBLEMFRAME_JIRA_EMAIL": "bot@acme.com"},
         "PROBLEMFRAME_JIRA_EMAIL is set without PROBLEMFRAME_JIRA_API_TOKEN"),
        ({"PROBLEMFRAME_DIGEST_POST": "PROJ-1"}, "PROBLEMFRAME_DIGEST_POST names a jira issue"),
    ],
)
def test_missing_or_unusable_credentials_are_errors(db_env: dict[str, str], env: dict[str, str], says: str) -> None:
    code, lines = config_check({**db_env, **env}, "--offline")
    assert code == 1
    assert any(says in line for line in errors(lines)), lines


def test_the_same_errors_stop_serve_one_line_each(db_env: dict[str, str]) -> None:
    env = {**db_env, "PROBLEMFRAME_GITHUB_WEBHOOK_SECRET": "s", "PROBLEMFRAME_JIRA_WEBHOOK_SECRET": "s"}
    result = CliRunner().invoke(app, ["serve", "--port", "0"], env=env)
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 2, lines
    assert all(line.startswith("problemframe: not starting: ") for line in lines)
    assert "no GitHub credentials" in lines[0] and "PROBLEMFRAME_JIRA_URL is not" in lines[1]


def test_an_unreachable_database_is_an_error(tmp_path: Path) -> None:
    code, lines = config_check({"PROBLEMFRAME_DATABASE_URL": "postgresql://nobody:pw@127.0.0.1:1/pf"}, "--offline")
    assert code == 1
    (line,) = errors(lines)
    assert line.startswith("error: cannot reach the database postgresql+psycopg://nobody:***@127.0.0.1:1/pf")


def test_a_database_migrated_by_a_newer_version_is_an_error(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'pf.db'}"
    store = Store.open(url)
    with store.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0099_from_the_future'"))
    store.close()
    code, lines = config_check({"PROBLEMFRAME_DATABASE_URL": url}, "--offline")
    assert code == 1
    assert any("schema 0099_from_the_future" in line and "newer version" in line for line in errors(lines))


def test_a_token_github_accepts_passes_and_one_it_refuses_is_an_error(
    github: FakeGitHub, db_env: dict[str, str]
) -> None:
    env = {**db_env, "PROBLEMFRAME_GITHUB_API_URL": github.base_url, "PROBLEMFRAME_GITHUB_WEBHOOK_SECRET": "s"}
    code, lines = config_check({**env, "PROBLEMFRAME_GITHUB_TOKEN": "bot-token"})
    assert (code, lines) == (0, ["configuration OK"])
    code, lines = config_check({**env, "PROBLEMFRAME_GITHUB_TOKEN": "revoked-token"})
    assert code == 1
    (line,) = errors(lines)
    assert line.startswith(f"error: GitHub at {github.base_url} refused the credentials: Bad credentials")


def test_offline_does_not_ask_the_tracker(github: FakeGitHub, db_env: dict[str, str]) -> None:
    env = {**db_env, "PROBLEMFRAME_GITHUB_API_URL": github.base_url, "PROBLEMFRAME_GITHUB_WEBHOOK_SECRET": "s",
           "PROBLEMFRAME_GITHUB_TOKEN": "revoked-token"}
    github.clear_log()
    assert config_check(env, "--offline") == (0, ["configuration OK (trackers not asked: --offline)"])
    assert not github.requests


def test_a_github_app_whose_key_github_knows_passes(fake_github: FakeGitHub, db_env: dict[str, str]) -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048).public_key()
    public = other.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    fake_github.add_app(4242, slug="problemframe", public_key_pem=public)
    env = {**db_env, "PROBLEMFRAME_GITHUB_API_URL": fake_github.base_url, "PROBLEMFRAME_GITHUB_WEBHOOK_SECRET": "s",
           "PROBLEMFRAME_GITHUB_APP_ID": "4242", "PROBLEMFRAME_GITHUB_PRIVATE_KEY": private}
    code, lines = config_check(env)
    assert code == 1, lines
    assert "refused the credentials" in errors(lines)[0]
    fake_github.apps[4242].public_key_pem = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()
    assert config_check(env) == (0, ["configuration OK"])


def test_jira_credentials_are_tried_on_the_site(jira: FakeJira, db_env: dict[str, str]) -> None:
    env = {**db_env, "PROBLEMFRAME_JIRA_URL": jira.url, "PROBLEMFRAME_JIRA_EMAIL": jira.email,
           "PROBLEMFRAME_JIRA_WEBHOOK_SECRET": "s"}
    assert config_check({**env, "PROBLEMFRAME_JIRA_API_TOKEN": jira.api_token}) == (0, ["configuration OK"])
    code, lines = config_check({**env, "PROBLEMFRAME_JIRA_API_TOKEN": "wrong"})
    assert code == 1
    assert errors(lines) == [f"error: Jira at {jira.url} refused the credentials (check PROBLEMFRAME_JIRA_EMAIL and "
                             "PROBLEMFRAME_JIRA_API_TOKEN, or PROBLEMFRAME_JIRA_PAT)"]


def test_a_tracker_that_does_not_answer_is_an_error_to_check_and_a_warning_to_serve(db_env: dict[str, str]) -> None:
    env = {**db_env, "PROBLEMFRAME_GITHUB_API_URL": CLOSED_PORT_URL, "PROBLEMFRAME_GITHUB_TOKEN": "t",
           "PROBLEMFRAME_GITHUB_WEBHOOK_SECRET": "s"}
    code, lines = config_check(env)
    assert code == 1
    assert errors(lines)[0].startswith(f"error: cannot reach GitHub at {CLOSED_PORT_URL}: ")
    settings = Settings(
        _env_file=None, database_url=db_env["PROBLEMFRAME_DATABASE_URL"], github_api_url=CLOSED_PORT_URL,
        github_token="t", github_webhook_secret="s",  # type: ignore[arg-type]
    )
    (finding,) = check_config(settings, serving=True)
    assert finding.severity == "warning" and finding.message.startswith("cannot reach GitHub")


def test_each_bad_setting_is_its_own_line() -> None:
    env = {"PROBLEMFRAME_DIGEST_HOUR": "25", "PROBLEMFRAME_JIRA_URL": "jira.acme.com",
           "PROBLEMFRAME_SCHEDULER_INTERVAL_SECONDS": "0"}
    code, lines = config_check(env, "--offline")
    assert code == 1
    assert [line.split(":")[1].strip() for line in errors(lines)] == [
        "PROBLEMFRAME_JIRA_URL", "PROBLEMFRAME_SCHEDULER_INTERVAL_SECONDS", "PROBLEMFRAME_DIGEST_HOUR"]
    assert lines[-1] == "3 errors in the settings"


@pytest.mark.parametrize("url", ["sqlite://", "sqlite:///", "sqlite:///:memory:"])
def test_an_in_memory_database_is_an_error_in_one_line(url: str) -> None:
    code, lines = config_check({"PROBLEMFRAME_DATABASE_URL": url}, "--offline")
    assert code == 1
    assert errors(lines) == [
        f"error: PROBLEMFRAME_DATABASE_URL: {url} is an in-memory SQLite database, which the migration, the service "
        "and its workers cannot share; name a file, such as sqlite:///problemframe.db"
    ]


def test_database_urls_are_shown_as_written_with_the_password_masked(tmp_path: Path) -> None:
    path = tmp_path / "pf:2026.db"
    code, lines = config_check({"PROBLEMFRAME_DATABASE_URL": f"sqlite:///{path}"}, "--offline")
    assert code == 0 and f"warning: there is no database at {path} yet" in lines[-2]
    Store.open(f"sqlite:///{path}").close()
    with Store.open(f"sqlite:///{path}").engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0099_from_the_future'"))
    code, lines = config_check({"PROBLEMFRAME_DATABASE_URL": f"sqlite:///{path}"}, "--offline")
    assert errors(lines)[0].startswith(f"error: the database sqlite:///{path} is at schema 0099_from_the_future")
    code, lines = config_check({"PROBLEMFRAME_DATABASE_URL": "postgresql+psycopg://pf:s3cr%3At@127.0.0.1:1/pf"})
    assert errors(lines)[0].startswith("error: cannot reach the database postgresql+psycopg://pf:***@127.0.0.1:1/pf")
    assert "s3cr" not in "\n".join(lines)


def test_a_misspelled_setting_is_a_warning_naming_the_nearest_one(
    db_env: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text("PROBLEMFRAME_DRY_RUM=true\nPOSTGRES_PASSWORD=not-ours\n")
    env = {**db_env, "PROBLEMFRAME_GITHUB_TOKN": "t", "PROBLEMFRAME_METRIC_PROM_AUTH": "Bearer x",
           "PROBLEMFRAME_JIRA_WEBHOOK_URL": "https://pf.example.com/webhooks/jira"}
    code, lines = config_check(env, "--offline")
    assert code == 0, lines
    assert [line for line in lines if "unknown setting" in line] == [
        "warning: unknown setting PROBLEMFRAME_GITHUB_TOKN (did you mean PROBLEMFRAME_GITHUB_TOKEN?)",
        "warning: .env: unknown setting PROBLEMFRAME_DRY_RUM (did you mean PROBLEMFRAME_DRY_RUN?)",
    ]


def test_a_token_without_a_webhook_secret_is_warned_about_once(db_env: dict[str, str]) -> None:
    code, lines = config_check({**db_env, "PROBLEMFRAME_GITHUB_TOKEN": "t"}, "--offline")
    assert code == 0
    assert [line for line in lines if "secret" in line.lower()] == [
        "warning: PROBLEMFRAME_GITHUB_WEBHOOK_SECRET is not set: /webhooks/github refuses every delivery (the command "
        "line still works)"
    ]


def test_a_metric_source_without_an_address_or_with_unset_variables_is_an_error(
    tmp_path: Path, db_env: dict[str, str]
) -> None:
    sources = tmp_path / "sources.yml"
    sources.write_text(
        "prod:\n  kind: prometheus\n"
        "staging:\n  kind: prometheus\n  url: ${PROBLEMFRAME_METRIC_STAGING_URL}\n"
        "exports:\n  kind: csv\n  url_env: PROBLEMFRAME_METRIC_EXPORTS_CSV\n  column: weekly\n"
        "  headers_env: {Authorization: PROBLEMFRAME_METRIC_EXPORTS_AUTH}\n"
        "by-hand:\n  kind: manual\n"
    )
    env = {**db_env, "PROBLEMFRAME_METRIC_SOURCES_FILE": str(sources), "PROBLEMFRAME_METRIC_EXPORTS_AUTH": "Bearer x"}
    code, lines = config_check(env, "--offline")
    assert code == 1
    assert errors(lines) == [
        f"error: {sources}: metric source 'exports': url_env names PROBLEMFRAME_METRIC_EXPORTS_CSV, which is not set",
        f"error: {sources}: metric source 'prod': a prometheus source needs a url, or url_env naming a "
        "PROBLEMFRAME_METRIC_* variable that holds it",
        f"error: {sources}: metric source 'staging': its url has a ${{…}} placeholder, which the sources file does not "
        "expand: put the URL in a PROBLEMFRAME_METRIC_* variable and name it with url_env",
    ]
    set_up = {**env, "PROBLEMFRAME_METRIC_EXPORTS_CSV": "/data/exports.csv"}
    sources.write_text("prod:\n  kind: prometheus\n  url: https://prometheus.internal\n"
                       "exports:\n  kind: csv\n  url_env: PROBLEMFRAME_METRIC_EXPORTS_CSV\n  column: weekly\n")
    assert config_check(set_up, "--offline")[0] == 0
