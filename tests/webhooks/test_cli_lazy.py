"""Commands are imported when used: `check` and `--help` never load the service stack, and nothing is lost by it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from webhooks.cli import COMMANDS, app
from webhooks.cli.group import load_command

ROOT = Path(__file__).resolve().parents[2]
SERVICE_STACK = ("fastapi", "sqlalchemy", "github", "jira", "uvicorn", "alembic", "httpx")


def imported_by(*arguments: str) -> set[str]:
    """Run the command line in a fresh interpreter; return which service-stack packages it imported."""
    probe = (
        "import sys\n"
        "from webhooks.cli import main\n"
        "sys.argv = ['problemframe', *sys.argv[1:]]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        f"print(','.join(m for m in {SERVICE_STACK!r} if m in sys.modules), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe, *arguments], cwd=ROOT, capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    last = done.stderr.splitlines()[-1] if done.stderr.splitlines() else ""
    return {name for name in last.split(",") if name}


@pytest.mark.parametrize(
    "arguments",
    [["--help"], ["check", "examples/complete.md"], ["check", "--format", "json", "examples/incomplete.md"],
     ["check", "no-such-file.md"]],
)
def test_check_and_help_do_not_import_the_service_stack(arguments: list[str]) -> None:
    assert imported_by(*arguments) == set()


def test_a_service_command_still_gets_its_stack() -> None:
    assert {"sqlalchemy"} <= imported_by("outcomes", "list")


@pytest.mark.parametrize("name", COMMANDS)
def test_each_listed_summary_is_the_command_s_own_help(name: str) -> None:
    command = load_command(name, COMMANDS[name])
    own = (command.help or "").strip().split("\n\n")[0].replace("\n", " ")
    assert COMMANDS[name].help == own


@pytest.mark.parametrize("name", COMMANDS)
def test_each_command_answers_its_help(name: str) -> None:
    result = CliRunner().invoke(app, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert f"problemframe {name}" in result.stdout


def test_the_root_help_lists_every_command_in_order() -> None:
    result = CliRunner().invoke(app, ["--help"])
    assert result.exit_code == 0
    listed = [line.strip("│ ").split(" ")[0] for line in result.stdout.splitlines() if line.startswith("│ ")]
    assert [name for name in listed if name in COMMANDS] == list(COMMANDS)


@pytest.mark.parametrize(("args", "flag"), [(["backfill"], "--apply"), (["outcomes", "list"], "--all"),
                                            (["config", "check"], "--offline"), (["init", "github"], "--force")])
def test_a_flag_is_not_shown_as_taking_a_value(args: list[str], flag: str) -> None:
    result = CliRunner().invoke(app, [*args, "--help"])
    (line,) = [line for line in result.stdout.splitlines() if f" {flag} " in line]
    assert "<bool>" not in line


def _command_paths() -> list[list[str]]:
    """Return the root, every command and every subcommand, as the words that name them."""
    paths: list[list[str]] = [[]]
    for name, lazy in COMMANDS.items():
        command = load_command(name, lazy)
        paths.append([name])
        paths.extend([name, sub] for sub in getattr(command, "commands", {}))
    return paths


@pytest.mark.parametrize("words", _command_paths(), ids=lambda words: " ".join(words) or "problemframe")
def test_no_help_shows_a_bool_metavar(words: list[str]) -> None:
    result = CliRunner().invoke(app, [*words, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "<bool>" not in result.stdout
    (line,) = [line for line in result.stdout.splitlines() if " --help " in line]
    assert line.split("--help")[1].strip().startswith("Show this message")


def test_serve_help_lists_every_log_level_the_setting_takes() -> None:
    result = CliRunner().invoke(app, ["serve", "--help"], env={"COLUMNS": "200"})
    assert "debug, info, warning, error or critical" in " ".join(result.stdout.split())
