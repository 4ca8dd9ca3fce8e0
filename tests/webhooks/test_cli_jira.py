"""`problemframe setup jira` against the fake Jira, through the real `jira` library."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from jira import JIRA
from typer.testing import CliRunner, Result

from tests.fakes.jira.model import NUMBER, SELECT, TEXTAREA
from tests.fakes.jira.server import FakeJira
from webhooks.cli import app

HOOK_URL = "https://problemframe.example.com/webhooks/jira"
SECRET = "It's a Secret to Everybody"
FIELD_NAMES = [
    "Problem statement",
    "Customer evidence",
    "Success metric",
    "Evidence score",
    "Evidence strength",
    "Outcome",
]


@pytest.fixture
def fake() -> Iterator[FakeJira]:
    server = FakeJira()
    server.add_project("PROJ")
    with server:
        yield server
    assert server.violations == []


def run(fake: FakeJira, *args: str, secret: str | None = SECRET) -> Result:
    env = {
        "PROBLEMFRAME_JIRA_URL": fake.url,
        "PROBLEMFRAME_JIRA_EMAIL": fake.email,
        "PROBLEMFRAME_JIRA_API_TOKEN": fake.api_token,
        "PROBLEMFRAME_JIRA_PAT": "",
        "PROBLEMFRAME_JIRA_WEBHOOK_SECRET": secret or "",
        "PROBLEMFRAME_WRITE_INTERVAL": "0",
        "PROBLEMFRAME_DRY_RUN": "false",
    }
    return CliRunner().invoke(app, ["setup", "jira", "--project", "PROJ", "--url", HOOK_URL, *args], env=env)


def jql_lines(output: str) -> dict[str, str]:
    return dict(re.findall(r"^  (\w+): (project = .+)$", output, re.M))


def test_first_run_creates_everything_and_the_second_changes_nothing(fake: FakeJira) -> None:
    first = run(fake)
    assert first.exit_code == 0, first.output
    assert sorted(custom.name for custom in fake.fields.values()) == sorted(FIELD_NAMES)
    types = {custom.name: custom.type for custom in fake.fields.values()}
    assert types["Problem statement"] == TEXTAREA and types["Evidence score"] == NUMBER
    assert types["Evidence strength"] == types["Outcome"] == SELECT
    strength = fake.field_by_name("Evidence strength")
    tiers = [o["value"] for c in strength.contexts.values() for o in c["options"]]
    assert tiers == ["none", "weak", "moderate", "strong"]
    outcome = fake.field_by_name("Outcome")
    assert [o["value"] for c in outcome.contexts.values() for o in c["options"]] == [
        "pending",
        "review",
        "met",
        "partial",
        "missed",
        "inconclusive",
        "skipped",
    ]
    [screen] = fake.screens.values()
    assert set(screen["tabs"]["1"]["fields"]) >= set(fake.fields)
    [hook] = fake.webhooks
    assert hook["url"] == HOOK_URL and hook["secret"] == SECRET
    assert hook["filters"] == {"issue-related-events-section": 'project = "PROJ"'}
    assert sorted(hook["events"]) == ["comment_created", "comment_updated", "jira:issue_created", "jira:issue_updated"]
    assert SECRET not in first.output

    mark = fake.mark()
    second = run(fake)
    assert second.exit_code == 0, second.output
    assert fake.writes(mark) == []
    assert "Changed:" not in second.output and "Already in place:" in second.output
    assert len(fake.fields) == 6 and len(fake.webhooks) == 1


def test_printed_jql_is_accepted_and_sorted_by_score(fake: FakeJira) -> None:
    result = run(fake)
    searches = jql_lines(result.output)
    assert searches["portfolio"] == 'project = "PROJ" AND "Evidence score" >= 60 ORDER BY "Evidence score" DESC'
    assert set(searches) == {"portfolio", "strong", "moderate", "weak", "none"}
    for score, tier in ((61, "moderate"), (90, "strong"), (20, "weak"), (75, "strong"), (59, "moderate")):
        fake.add_issue("PROJ", f"{tier} {score}", fields={"Evidence score": score, "Evidence strength": tier})
    fake.add_issue("OTHER", "elsewhere", fields={"Evidence score": 99})
    client = JIRA(server=fake.url, basic_auth=(fake.email, fake.api_token), max_retries=0)
    scores = {
        name: [issue.fields.summary for issue in client.search_issues(jql, maxResults=0)]
        for name, jql in searches.items()
    }
    assert scores["portfolio"] == ["strong 90", "strong 75", "moderate 61"]
    assert scores["strong"] == ["strong 90", "strong 75"]
    assert scores["moderate"] == ["moderate 61", "moderate 59"]
    assert scores["weak"] == ["weak 20"] and scores["none"] == []


def test_existing_fields_are_reused_and_only_missing_options_added(fake: FakeJira) -> None:
    existing = fake.add_field("Evidence strength", SELECT, options=("none", "weak"))
    result = run(fake)
    assert result.exit_code == 0, result.output
    assert [c.id for c in fake.fields.values() if c.name == "Evidence strength"] == [existing]
    [context] = fake.fields[existing].contexts.values()
    assert [o["value"] for o in context["options"]] == ["none", "weak", "moderate", "strong"]
    option_posts = [w for w in fake.writes() if w.path.endswith("/option")]
    assert [o["value"] for o in option_posts[0].body["options"]] == ["moderate", "strong"]


def test_a_moved_service_updates_its_webhook_once(fake: FakeJira) -> None:
    run(fake)
    fake.webhooks[0]["url"] = "https://old.example.com/webhooks/jira"
    mark = fake.mark()
    result = run(fake)
    assert result.exit_code == 0, result.output
    assert [(w.method, w.path.split("/webhook")[-1][:1]) for w in fake.writes(mark)] == [("PUT", "/")]
    assert fake.webhooks[0]["url"] == HOOK_URL and len(fake.webhooks) == 1


def test_without_admin_rights_it_prints_the_manual_steps(fake: FakeJira) -> None:
    fake.admin = False
    result = run(fake)
    assert result.exit_code == 1
    assert fake.writes() == []
    assert "Create the custom field 'Evidence score' (type float)" in result.output
    manual = result.output.split("Do by hand:")[1]
    assert HOOK_URL in manual and "JQL 'project = \"PROJ\"'" in manual
    assert "jira:issue_created, jira:issue_updated, comment_created, comment_updated" in manual
    assert SECRET not in result.output
    assert 'portfolio: project = "PROJ"' in result.output


def test_team_managed_projects_get_a_manual_screen_step(fake: FakeJira) -> None:
    fake.add_project("TEAM", style="next-gen")
    env_run = CliRunner().invoke(
        app,
        ["setup", "jira", "--project", "team", "--url", HOOK_URL],
        env={
            "PROBLEMFRAME_JIRA_URL": fake.url,
            "PROBLEMFRAME_JIRA_EMAIL": fake.email,
            "PROBLEMFRAME_JIRA_API_TOKEN": fake.api_token,
            "PROBLEMFRAME_JIRA_WEBHOOK_SECRET": SECRET,
            "PROBLEMFRAME_WRITE_INTERVAL": "0",
        },
    )
    assert env_run.exit_code == 1
    assert "team-managed projects keep their fields per issue type" in env_run.output
    assert fake.webhooks[0]["filters"] == {"issue-related-events-section": 'project = "TEAM"'}


def test_dry_run_changes_nothing(fake: FakeJira) -> None:
    result = run(fake, "--dry-run")
    assert result.exit_code == 0, result.output
    assert fake.writes() == []
    assert "would create field 'Problem statement'" in result.output
    assert "would register webhook 'problemframe PROJ'" in result.output


def test_refuses_to_register_without_a_secret(fake: FakeJira) -> None:
    result = run(fake, secret=None)
    assert result.exit_code == 2
    assert "PROBLEMFRAME_JIRA_WEBHOOK_SECRET" in result.output
    assert fake.requests == []


def test_unknown_project_is_an_error(fake: FakeJira) -> None:
    result = CliRunner().invoke(
        app,
        ["setup", "jira", "--project", "NOPE", "--url", HOOK_URL],
        env={
            "PROBLEMFRAME_JIRA_URL": fake.url,
            "PROBLEMFRAME_JIRA_EMAIL": fake.email,
            "PROBLEMFRAME_JIRA_API_TOKEN": fake.api_token,
            "PROBLEMFRAME_JIRA_WEBHOOK_SECRET": SECRET,
        },
    )
    assert result.exit_code == 2 and "no project 'NOPE'" in result.output
    assert fake.writes() == []


@pytest.mark.parametrize("project", ['PROJ" OR project = "OTHER', "PROJ OR 1=1", "P", "1PROJ", "PR-OJ", " "])
def test_a_project_that_is_not_a_key_is_refused_before_jira_is_asked(fake: FakeJira, project: str) -> None:
    result = CliRunner().invoke(
        app,
        ["setup", "jira", "--project", project, "--url", HOOK_URL],
        env={
            "PROBLEMFRAME_JIRA_URL": fake.url,
            "PROBLEMFRAME_JIRA_EMAIL": fake.email,
            "PROBLEMFRAME_JIRA_API_TOKEN": fake.api_token,
            "PROBLEMFRAME_JIRA_WEBHOOK_SECRET": SECRET,
        },
    )
    assert result.exit_code == 2
    assert "problemframe: --project takes a Jira project key such as PROJ" in result.output
    assert fake.requests == []


@pytest.mark.parametrize(
    ("credentials", "check"),
    [({"PROBLEMFRAME_JIRA_API_TOKEN": "wrong-token"}, "PROBLEMFRAME_JIRA_EMAIL and PROBLEMFRAME_JIRA_API_TOKEN"),
     ({"PROBLEMFRAME_JIRA_EMAIL": "", "PROBLEMFRAME_JIRA_API_TOKEN": "", "PROBLEMFRAME_JIRA_PAT": "wrong-pat"},
      "PROBLEMFRAME_JIRA_PAT")],
)
def test_credentials_jira_refuses_are_said_to_be_refused_not_a_missing_project(
    fake: FakeJira, credentials: dict[str, str], check: str
) -> None:
    env = {"PROBLEMFRAME_JIRA_URL": fake.url, "PROBLEMFRAME_JIRA_EMAIL": fake.email,
           "PROBLEMFRAME_JIRA_WEBHOOK_SECRET": SECRET, "PROBLEMFRAME_JIRA_PAT": "", **credentials}
    result = CliRunner().invoke(app, ["setup", "jira", "--project", "PROJ", "--url", HOOK_URL], env=env)
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith("problemframe: Jira refused the credentials (HTTP 401")
    assert line.endswith(f": check {check}")
    assert "no project" not in line
    assert fake.writes() == []


def test_a_dry_run_says_what_it_would_change_and_needs_no_webhook_secret(fake: FakeJira) -> None:
    result = run(fake, "--dry-run", secret=None)
    assert result.exit_code == 0, result.output
    assert "Would change:" in result.stdout and "Changed:" not in result.stdout
    assert "PROBLEMFRAME_JIRA_WEBHOOK_SECRET is not set" in result.stderr
    assert fake.writes() == []
    applied = run(fake)
    assert "Changed:" in applied.stdout and "Would change:" not in applied.stdout
