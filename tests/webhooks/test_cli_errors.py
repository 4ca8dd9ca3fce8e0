"""Every command meets each broken setting with one line on standard error and a non-zero exit, never a traceback."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from webhooks.cli import app

UNREACHABLE_DB = "postgresql+psycopg://nobody@127.0.0.1:1/problemframe"

# A setting broken as an operator might break it, and the words its one line must contain.
BROKEN_SETTINGS = {
    "nonsense database URL": ({"PROBLEMFRAME_DATABASE_URL": "nonsense"}, "PROBLEMFRAME_DATABASE_URL"),
    "unsupported database": ({"PROBLEMFRAME_DATABASE_URL": "mysql://u@db/pf"}, "'mysql' is not supported"),
    "uninstalled driver": ({"PROBLEMFRAME_DATABASE_URL": "postgresql+psycopg2://u@db/pf"}, "no driver"),
    "GitHub API URL": ({"PROBLEMFRAME_GITHUB_API_URL": "not-a-url"}, "PROBLEMFRAME_GITHUB_API_URL"),
    "Jira URL": ({"PROBLEMFRAME_JIRA_URL": "not-a-url"}, "PROBLEMFRAME_JIRA_URL"),
    "digest hour": ({"PROBLEMFRAME_DIGEST_HOUR": "25"}, "PROBLEMFRAME_DIGEST_HOUR"),
    "digest issue": ({"PROBLEMFRAME_DIGEST_POST": "somewhere"}, "PROBLEMFRAME_DIGEST_POST"),
    "scheduler interval": ({"PROBLEMFRAME_SCHEDULER_INTERVAL_SECONDS": "0"}, "greater than or equal to 1"),
    "scheduler switch": ({"PROBLEMFRAME_SCHEDULER": "sometimes"}, "PROBLEMFRAME_SCHEDULER"),
    "poll interval": ({"PROBLEMFRAME_WORKER_POLL_SECONDS": "-1"}, "PROBLEMFRAME_WORKER_POLL_SECONDS"),
    "log format": ({"PROBLEMFRAME_LOG_FORMAT": "xml"}, "PROBLEMFRAME_LOG_FORMAT"),
    "log level": ({"PROBLEMFRAME_LOG_LEVEL": "loud"}, "PROBLEMFRAME_LOG_LEVEL"),
    "write interval": ({"PROBLEMFRAME_WRITE_INTERVAL": "soon"}, "PROBLEMFRAME_WRITE_INTERVAL"),
}

COMMANDS = {
    "serve": ["serve", "--port", "0"],
    "inbox list": ["inbox", "list"],
    "inbox retry": ["inbox", "retry", "1"],
    "outcomes list": ["outcomes", "list"],
    "outcomes due": ["outcomes", "due"],
    "report github": ["report", "--github", "acme/app"],
    "report jira": ["report", "--jira-project", "PROJ"],
    "backfill": ["backfill", "--github", "acme/app"],
    "digest": ["digest", "--jira-project", "PROJ"],
    "setup jira": ["setup", "jira", "--project", "PROJ", "--url", "https://pf.example.com/webhooks/jira"],
}


def run(args: list[str], env: dict[str, str]) -> tuple[int, str, str]:
    """Run the command line in-process; return the exit code, standard output and standard error."""
    result = CliRunner().invoke(app, args, env=env)
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def assert_one_line(code: int, out: str, err: str, *, says: str) -> None:
    """Assert a failure told in exactly one line that names the problem."""
    assert code != 0
    assert "Traceback" not in out + err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("problemframe"), lines[0]
    assert says in lines[0]


@pytest.mark.parametrize("command", COMMANDS.values(), ids=COMMANDS.keys())
@pytest.mark.parametrize("broken", BROKEN_SETTINGS.values(), ids=BROKEN_SETTINGS.keys())
def test_a_broken_setting_is_one_line(command: list[str], broken: tuple[dict[str, str], str]) -> None:
    env, says = broken
    code, out, err = run(command, env)
    assert_one_line(code, out, err, says=says)
    assert code == 2


def test_a_secret_is_never_repeated_in_the_error() -> None:
    code, out, err = run(["inbox", "list"], {"PROBLEMFRAME_DATABASE_URL": "mysql://u:hunter2@db/pf"})
    assert_one_line(code, out, err, says="PROBLEMFRAME_DATABASE_URL")
    assert "hunter2" not in err


@pytest.mark.parametrize(
    "command", [["inbox", "list"], ["outcomes", "list"], ["outcomes", "due"], ["serve", "--port", "0"]],
    ids=["inbox list", "outcomes list", "outcomes due", "serve"],
)
@pytest.mark.parametrize("url", [UNREACHABLE_DB, UNREACHABLE_DB.replace("postgresql+psycopg", "postgres")])
def test_an_unreachable_database_is_one_line(command: list[str], url: str) -> None:
    code, out, err = run(command, {"PROBLEMFRAME_DATABASE_URL": url})
    assert_one_line(code, out, err, says="cannot reach the database")


@pytest.mark.parametrize("port", ["99999", "-1", "http"])
def test_serve_refuses_a_port_out_of_range_in_one_line(port: str) -> None:
    code, out, err = run(["serve", "--port", port], {})
    assert_one_line(code, out, err, says="--port")
    assert code == 2


def test_serve_refuses_a_metric_source_of_an_unknown_kind(tmp_path: Path) -> None:
    sources = tmp_path / "sources.yml"
    sources.write_text("revenue:\n  kind: spreadsheet\n  url: https://example.com\n")
    code, out, err = run(["serve", "--port", "0"], {"PROBLEMFRAME_METRIC_SOURCES_FILE": str(sources)})
    assert_one_line(code, out, err, says="revenue.kind")


@pytest.mark.parametrize("document", ["revenue: [unclosed\n", "- a list\n"])
def test_serve_refuses_a_sources_file_that_is_no_mapping(tmp_path: Path, document: str) -> None:
    sources = tmp_path / "sources.yml"
    sources.write_text(document)
    code, out, err = run(["serve", "--port", "0"], {"PROBLEMFRAME_METRIC_SOURCES_FILE": str(sources)})
    assert_one_line(code, out, err, says=str(sources))
    assert "unicode string" not in err


def test_serve_refuses_a_missing_jira_policy_file(tmp_path: Path) -> None:
    missing = tmp_path / "jira-polcy.yml"
    code, out, err = run(["serve", "--port", "0"], {"PROBLEMFRAME_JIRA_POLICY_FILE": str(missing)})
    assert_one_line(code, out, err, says=str(missing))


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["report", "--github", "acme/app", "--format", "yaml"], "'yaml' is not one of"),
        (["outcomes", "due", "--now", "tomorrow"], "--now"),
        (["check", "no-such-ticket.md"], "no such file"),
        (["report"], "exactly one of"),
        (["inbox", "retry", "one"], "valid integer"),
        (["nonsense"], "No such command"),
    ],
)
def test_usage_errors_are_one_line(args: list[str], says: str) -> None:
    code, out, err = run(args, {})
    assert_one_line(code, out, err, says=says)
    assert "Value error" not in err


def test_empty_standard_input_is_a_read_error_not_an_empty_ticket() -> None:
    result = CliRunner().invoke(app, ["check", "-"], input="")
    assert result.exit_code == 2
    assert "standard input is empty" in result.stderr


@pytest.mark.parametrize("output", ["text", "json"])
def test_a_reader_going_away_is_not_reported_as_an_incomplete_ticket(output: str) -> None:
    ticket = Path(__file__).resolve().parents[2] / "examples" / "complete.md"
    command = [sys.executable, "-c", "from webhooks.cli import main; main()", "check", "--format", output, str(ticket)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # `| head -0`: the reader is gone before the first line
    err = process.stderr.read().decode()
    assert process.wait(timeout=60) == 141
    assert err == ""


def test_serve_refuses_a_port_in_use_and_a_host_that_does_not_resolve() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, out, err = run(["serve", "--port", str(port)], {})
        assert_one_line(code, out, err, says=f"cannot listen on 127.0.0.1:{port}: Address already in use")
    code, out, err = run(["serve", "--host", "no-such-host.invalid", "--port", "0"], {})
    assert_one_line(code, out, err, says="--host no-such-host.invalid: ")
