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
    assert result.stderr == "problemframe: standard input: nothing to judge: the ticket body is empty\n"


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


IN_MEMORY = ["sqlite://", "sqlite:///", "sqlite:///:memory:", "sqlite:///file::memory:?uri=true"]


@pytest.mark.parametrize("command", [["serve", "--port", "0"], ["migrate"]], ids=["serve", "migrate"])
@pytest.mark.parametrize("url", IN_MEMORY)
def test_an_in_memory_database_is_refused_in_one_line_before_anything_starts(command: list[str], url: str) -> None:
    code, out, err = run(command, {"PROBLEMFRAME_DATABASE_URL": url})
    assert_one_line(code, out, err, says=f"PROBLEMFRAME_DATABASE_URL: {url} is an in-memory SQLite database")
    assert code == 2 and out == ""


def test_a_dotenv_file_that_is_not_utf8_is_named_with_the_bad_byte(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_bytes(b"PROBLEMFRAME_DRY_RUN=true\nNOTE=caf\xff\n")
    code, out, err = run(["inbox", "list"], {})
    assert_one_line(code, out, err, says="problemframe: .env is not UTF-8 text (byte 0xff at position 34)")
    assert "UnicodeDecodeError" not in err


def test_inbox_retry_of_a_delivery_that_does_not_exist_says_so(tmp_path: Path) -> None:
    env = {"PROBLEMFRAME_DATABASE_URL": f"sqlite:///{tmp_path / 'pf.db'}"}
    assert run(["migrate"], env)[0] == 0
    code, out, err = run(["inbox", "retry", "5"], env)
    assert_one_line(code, out, err, says="there is no delivery 5")
    assert code == 1


@pytest.mark.parametrize(
    "args",
    [["inbox", "retry", "99999999999999999999999"], ["inbox", "retry", "0"], ["outbox", "retry", "9223372036854775808"],
     ["inbox", "list", "--limit", "-1"], ["outbox", "list", "--limit", "0"], ["outcomes", "list", "--limit", "-5"]],
)
def test_ids_and_limits_are_positive_64_bit_numbers(args: list[str], tmp_path: Path) -> None:
    code, out, err = run(args, {"PROBLEMFRAME_DATABASE_URL": f"sqlite:///{tmp_path / 'pf.db'}"})
    assert_one_line(code, out, err, says="takes a whole number from 1 to 9223372036854775807")
    assert code == 2
    assert f"see problemframe {' '.join(args[:2])} --help" in err
    assert not (tmp_path / "pf.db").exists()


@pytest.mark.parametrize(
    ("args", "where"),
    [(["check", "--label"], "problemframe check"), (["setup", "jira", "--project"], "problemframe setup jira"),
     (["inbox", "retry"], "problemframe inbox retry")],
)
def test_an_option_without_its_value_points_at_the_command_s_own_help(args: list[str], where: str) -> None:
    code, out, err = run(args, {})
    assert_one_line(code, out, err, says=f"(see {where} --help)")
    assert err.startswith(f"{where}: ")


@pytest.mark.parametrize(
    ("variable", "says"),
    [("PROBLEMFRAME_JIRA_POLICY_FILE", "the Jira policy file (project key -> policy) is not valid YAML (line 2"),
     ("PROBLEMFRAME_METRIC_SOURCES_FILE", "the metric sources file (name -> source) is not valid YAML (line 2")],
)
def test_an_operator_file_that_is_not_yaml_is_named_in_a_sentence(tmp_path: Path, variable: str, says: str) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text("PROJ: [unclosed\n")
    code, out, err = run(["serve", "--port", "0"], {variable: str(broken)})
    assert_one_line(code, out, err, says=f"{broken}: {says}")
