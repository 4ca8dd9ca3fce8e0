"""`check` judges as the service would (skip labels, a policy turned off) and refuses input with nothing to judge;
`init github` writes only into a repository that exists."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from webhooks.cli import app

INCOMPLETE = Path(__file__).resolve().parents[2] / "examples" / "incomplete.md"
SKIPPED = ("Not framed: the label '{label}' is one of the policy's skip labels (framing.skip_labels); the service "
           "leaves this ticket alone.\n")


def run(*args: str, input: bytes | str | None = None) -> Result:
    return CliRunner().invoke(app, list(args), input=input)


@pytest.mark.parametrize("label", ["chore", "dependencies", "Chore"])
def test_a_ticket_with_a_skip_label_is_not_judged_and_exits_0(label: str) -> None:
    result = run("check", "--label", "bug", "--label", label, str(INCOMPLETE))
    assert result.exit_code == 0, result.output
    assert result.stdout == SKIPPED.format(label=label)


def test_a_skip_label_is_told_to_scripts_as_json() -> None:
    result = run("check", "--format", "json", "--label", "chore", str(INCOMPLETE))
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {
        "skipped": True, "reason": "the label 'chore' is one of the policy's skip labels (framing.skip_labels)"}


def test_the_policy_s_own_skip_labels_and_its_switch_are_the_ones_used(tmp_path: Path) -> None:
    wontfix = tmp_path / "wontfix.yml"
    wontfix.write_text("framing:\n  skip_labels: [wontfix]\n")
    assert run("check", "--policy", str(wontfix), "--label", "wontfix", str(INCOMPLETE)).exit_code == 0
    assert run("check", "--policy", str(wontfix), "--label", "chore", str(INCOMPLETE)).exit_code == 1
    off = tmp_path / "off.yml"
    off.write_text("enabled: false\n")
    result = run("check", "--policy", str(off), str(INCOMPLETE))
    assert result.exit_code == 0
    assert result.stdout == "Not framed: the policy is off (enabled: false); the service leaves this ticket alone.\n"


@pytest.mark.parametrize("content", [b"", b"  \n\n\t\n"])
def test_an_empty_file_and_empty_standard_input_are_the_same_read_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.md"
    path.write_bytes(content)
    from_file = run("check", str(path))
    piped = run("check", "-", input=content)
    assert (from_file.exit_code, piped.exit_code) == (2, 2)
    assert from_file.stderr == f"problemframe: {path}: nothing to judge: the ticket body is empty\n"
    assert piped.stderr == "problemframe: standard input: nothing to judge: the ticket body is empty\n"
    assert from_file.stdout == piped.stdout == ""


def test_a_file_of_nul_bytes_is_binary_not_a_ticket(tmp_path: Path) -> None:
    path = tmp_path / "core"
    path.write_bytes(b"\0" * 100)
    result = run("check", str(path))
    assert result.exit_code == 2
    assert result.stderr == f"problemframe: {path}: binary data, not a ticket body (a NUL byte at offset 0)\n"
    assert result.stdout == ""


def test_init_refuses_a_directory_that_does_not_exist_and_creates_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "nonexist" / "x"
    result = run("init", "github", "--dir", str(missing))
    assert result.exit_code == 2
    assert result.stderr == f"problemframe: {missing} does not exist; create it or pass an existing repository\n"
    assert not (tmp_path / "nonexist").exists()
