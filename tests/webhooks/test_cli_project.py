"""`problemframe setup github-project` against the fake GitHub's GraphQL endpoint, as an admin would run it."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner, Result

from tests.fakes.github.auth import app_key_pair
from tests.fakes.github.projects_model import Project
from tests.fakes.github.server import FakeGitHub
from webhooks.cli import app

OWNER = "acme"
APP_ID = 4242


@pytest.fixture
def project(fake_github: FakeGitHub) -> Project:
    """Seed the admin's token and a new project acme/7 with GitHub's default fields."""
    fake_github.add_user("admin", token="admin-token")
    return fake_github.projects.add_project(OWNER, 7)


@pytest.fixture(scope="module")
def app_key() -> tuple[str, str]:
    """Return an RSA key pair (private PEM, public PEM) for the App."""
    return app_key_pair()


def run(fake: FakeGitHub, *args: str, token: str | None = "admin-token", app_key: str | None = None) -> Result:
    """Run the command with the admin's environment pointed at the fake; `app_key` adds the App's credentials."""
    env = {"PROBLEMFRAME_GITHUB_API_URL": fake.base_url, "PROBLEMFRAME_WRITE_INTERVAL": "0",
           "PROBLEMFRAME_GITHUB_TOKEN": token, "PROBLEMFRAME_GITHUB_APP_ID": app_key and str(APP_ID),
           "PROBLEMFRAME_GITHUB_PRIVATE_KEY": app_key}
    return CliRunner().invoke(app, ["setup", "github-project", *args], env=env)


def test_setup_creates_the_four_fields_with_their_options_then_a_rerun_writes_nothing(
    fake_github: FakeGitHub, project: Project
) -> None:
    first = run(fake_github, "--owner", OWNER, "--number", "7")

    assert first.exit_code == 0, first.output
    assert [m.name for m in fake_github.projects.writes()] == ["createProjectV2Field"] * 4
    types = {f.name: f.data_type for f in project.fields}
    assert (types["Evidence score"], types["Evidence"], types["Outcome"], types["Outcome due"]) == (
        "NUMBER", "SINGLE_SELECT", "SINGLE_SELECT", "DATE")
    evidence = project.field_named("Evidence")
    outcome = project.field_named("Outcome")
    assert evidence is not None and [o.name for o in evidence.options] == ["none", "weak", "moderate", "strong"]
    assert outcome is not None and [o.name for o in outcome.options] == [
        "pending", "review", "met", "partial", "missed", "inconclusive", "skipped"]
    assert "Writes: 4" in first.output
    assert "sort by Evidence score" in first.output and "group by Outcome" in first.output
    assert "projects: [{owner: acme, number: 7}]" in first.output

    again = run(fake_github, "--owner", OWNER, "--number", "7")

    assert again.exit_code == 0, again.output
    assert len(fake_github.projects.writes()) == 4
    assert "Writes: 0" in again.output and "Changed" not in again.output


def test_missing_options_are_added_keeping_the_options_people_made(fake_github: FakeGitHub, project: Project) -> None:
    evidence = fake_github.projects.add_field(project, "evidence", "SINGLE_SELECT", options=("Strong", "weak"))
    evidence.options[0].color, evidence.options[0].description = "PINK", "ours"

    result = run(fake_github, "--owner", OWNER, "--number", "7")

    assert result.exit_code == 0, result.output
    assert [(o.name, o.color) for o in evidence.options] == [
        ("Strong", "PINK"), ("weak", "GRAY"), ("none", "GRAY"), ("moderate", "YELLOW")]
    assert evidence.options[0].description == "ours"
    assert "added options none, moderate to field 'Evidence'" in result.output
    assert [m.name for m in fake_github.projects.writes()].count("updateProjectV2Field") == 1


def test_dry_run_reports_what_it_would_create_without_writing(fake_github: FakeGitHub, project: Project) -> None:
    result = run(fake_github, "--owner", OWNER, "--number", "7", "--dry-run")

    assert result.exit_code == 0, result.output
    assert "Would change:" in result.output and "created field 'Outcome due'" in result.output
    assert fake_github.projects.writes() == []


@pytest.mark.parametrize(
    ("args", "token", "message"),
    [
        (["--owner", OWNER, "--number", "8"], "admin-token", "project acme/8 was not found"),
        (["--owner", "not a login", "--number", "7"], "admin-token", "--owner takes a GitHub login"),
        (["--owner", OWNER, "--number", "7"], None, "set PROBLEMFRAME_GITHUB_TOKEN"),
        (["--owner", OWNER, "--number", "7"], "", "or PROBLEMFRAME_GITHUB_APP_ID and PROBLEMFRAME_GITHUB_PRIVATE_KEY"),
    ],
)
def test_usage_and_lookup_errors_are_one_line_and_exit_2(
    fake_github: FakeGitHub, project: Project, args: list[str], token: str | None, message: str
) -> None:
    result = run(fake_github, *args, token=token)

    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1


def test_a_field_of_the_same_name_and_another_type_is_an_error(fake_github: FakeGitHub, project: Project) -> None:
    fake_github.projects.add_field(project, "Outcome due", "TEXT")

    result = run(fake_github, "--owner", OWNER, "--number", "7")

    assert result.exit_code == 2
    assert "'Outcome due' of type TEXT, not DATE" in result.output
    assert fake_github.projects.writes() == []  # checked before anything is created


def test_an_app_without_a_token_sets_up_the_project_through_its_installation_on_the_owner(
    fake_github: FakeGitHub, app_key: tuple[str, str]
) -> None:
    fake_github.add_app(APP_ID, slug="problemframe", public_key_pem=app_key[1])
    fake_github.install_app(APP_ID, [], account=OWNER)
    fake_github.install_app(APP_ID, [], account="elsewhere")  # its token must not be the one used
    project = fake_github.projects.add_project(OWNER, 7)

    first = run(fake_github, "--owner", OWNER, "--number", "7", token=None, app_key=app_key[0])

    assert first.exit_code == 0, first.output
    assert [m.name for m in fake_github.projects.writes()] == ["createProjectV2Field"] * 4
    assert {"Evidence score", "Evidence", "Outcome", "Outcome due"} <= {f.name for f in project.fields}
    assert {r.who for r in fake_github.requests if r.path == "/graphql"} == {"problemframe[bot]"}
    assert "/orgs/acme/installation" in {r.path for r in fake_github.requests}

    again = run(fake_github, "--owner", OWNER, "--number", "7", token=None, app_key=app_key[0])

    assert again.exit_code == 0, again.output
    assert len(fake_github.projects.writes()) == 4
    assert "Writes: 0" in again.output and "Changed" not in again.output


def test_an_app_reaches_a_user_owned_project_through_its_installation_on_the_user(
    fake_github: FakeGitHub, app_key: tuple[str, str]
) -> None:
    fake_github.add_app(APP_ID, slug="problemframe", public_key_pem=app_key[1])
    fake_github.install_app(APP_ID, [], account="octocat", target_type="User")
    fake_github.projects.add_project("octocat", 3, kind="User")

    result = run(fake_github, "--owner", "octocat", "--number", "3", token=None, app_key=app_key[0])

    assert result.exit_code == 0, result.output
    assert "Writes: 4" in result.output
    lookups = [(r.path, r.status) for r in fake_github.requests if r.path.endswith("/installation")]
    assert lookups == [("/orgs/octocat/installation", 404), ("/users/octocat/installation", 200)]


def test_an_app_not_installed_on_the_owner_is_a_one_line_error(
    fake_github: FakeGitHub, app_key: tuple[str, str]
) -> None:
    fake_github.add_app(APP_ID, slug="problemframe", public_key_pem=app_key[1])
    fake_github.install_app(APP_ID, [], account="elsewhere")
    fake_github.projects.add_project(OWNER, 7)

    result = run(fake_github, "--owner", OWNER, "--number", "7", token=None, app_key=app_key[0])

    assert result.exit_code == 2
    assert "the GitHub App is not installed on acme" in result.output
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1
    assert fake_github.projects.writes() == []


def test_a_token_beside_the_app_is_the_credential_setup_uses(
    fake_github: FakeGitHub, project: Project, app_key: tuple[str, str]
) -> None:
    fake_github.add_app(APP_ID, slug="problemframe", public_key_pem=app_key[1])

    result = run(fake_github, "--owner", OWNER, "--number", "7", app_key=app_key[0])

    assert result.exit_code == 0, result.output
    assert {r.who for r in fake_github.requests if r.path == "/graphql"} == {"admin"}
