"""`problemframe check` exits 0/1/2 and prints the contract's JSON, or text for a person, from a file or stdin."""

from __future__ import annotations

import datetime as dt
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from rich.console import Console
from typer.testing import CliRunner

from problemframe.evidence import score_evidence
from problemframe.model import Direction, Evidence, EvidenceKind, Finding, Money, ProblemFrame, SuccessMetric
from problemframe.policy import Policy
from tests.webhooks.cli_support import check_and_init_app
from webhooks.cli import app as main_app
from webhooks.cli import check as cli_check

FIXTURES = Path(__file__).parent.parent / "fixtures" / "check"


@pytest.fixture
def app() -> typer.Typer:
    return check_and_init_app()


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_the_real_command_line_has_check_and_init(runner: CliRunner) -> None:
    result = runner.invoke(main_app, ["--help"])
    assert result.exit_code == 0
    assert "check" in result.stdout and "init" in result.stdout


# --- check: reading and usage errors ---------------------------------------------------------------------------------


def test_missing_file_is_a_read_error(app: typer.Typer, runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", str(tmp_path / "nope.md")])
    assert result.exit_code == 2
    assert "no such file" in result.stderr
    assert result.stdout == ""


def test_directory_is_a_read_error(app: typer.Typer, runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", str(tmp_path)])
    assert result.exit_code == 2
    assert "is a directory" in result.stderr


def test_non_utf8_input_is_a_read_error(app: typer.Typer, runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "latin1.md"
    path.write_bytes("### Problem statement\n\nCaf\xe9".encode("latin-1"))
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 2
    assert "not UTF-8" in result.stderr
    piped = runner.invoke(app, ["check"], input=b"\xff\xfe\x00")
    assert piped.exit_code == 2
    assert "standard input: not UTF-8" in piped.stderr


def test_bad_format_is_a_usage_error(app: typer.Typer, runner: CliRunner) -> None:
    result = runner.invoke(app, ["check", "-", "--format", "yaml"], input="x")
    assert result.exit_code == 2
    assert "yaml" in result.stderr


def test_bad_policy_file_is_a_usage_error(app: typer.Typer, runner: CliRunner, tmp_path: Path) -> None:
    policy = tmp_path / "p.yml"
    policy.write_text("evidence:\n  tiers:\n    strong: 10\n    moderate: 50\n")
    result = runner.invoke(app, ["check", "--policy", str(policy)], input="x")
    assert result.exit_code == 2
    assert "weak <= moderate <= strong" in result.stderr


# --- check: JSON shape, independent of the parser --------------------------------------------------------------------


def hand_frame() -> ProblemFrame:
    return ProblemFrame(
        problem="Exports are slow",
        evidence=[
            Evidence(
                customer="Acme Corp",
                url="https://acme.zendesk.com/agent/tickets/1",
                kind=EvidenceKind.SUPPORT_TICKET,
                arr=Money(amount=90_000, currency="EUR"),
                date=dt.date(2026, 5, 1),
                quote="It takes an hour",
            )
        ],
        metric=SuccessMetric(
            name="exporters",
            baseline=10,
            target=20,
            direction=Direction.INCREASE,
            window_days=30,
            unit="users",
            source="prometheus",
        ),
        findings=[Finding(field="metric", code="vague", message="Say \x1b[31mwhich\x1b[0m users.", severity="warning")],
    )


def test_check_json_has_exactly_the_contract_keys() -> None:
    frame = hand_frame()
    weights, tiers = Policy().evidence.weights, Policy().evidence.tiers
    score = score_evidence(frame.evidence, weights=weights, tiers=tiers, today=dt.date(2026, 6, 1))
    data = json.loads(json.dumps(cli_check.check_json(frame, score)))
    assert set(data) == {"complete", "kind", "missing", "findings", "problem", "evidence", "metric"}
    assert data["kind"] == "feature"
    assert data["complete"] is True and data["missing"] == []
    assert data["findings"] == [
        {"field": "metric", "code": "vague", "message": "Say \x1b[31mwhich\x1b[0m users.", "severity": "warning"}
    ]
    assert {"score", "tier", "customers", "items", "breakdown"} <= set(data["evidence"])
    assert data["evidence"]["score"] == score.score
    assert data["evidence"]["customers"] == ["Acme Corp"]
    assert data["evidence"]["items"] == [
        {
            "customer": "Acme Corp",
            "url": "https://acme.zendesk.com/agent/tickets/1",
            "kind": "support_ticket",
            "arr": 90_000,
            "currency": "EUR",
            "date": "2026-05-01",
            "quote": "It takes an hour",
            "count": None,
            "text": frame.evidence[0].text,
        }
    ]
    assert sum(line["points"] for line in data["evidence"]["breakdown"]) == score.score
    assert {"name", "baseline", "target", "direction", "unit", "window_days", "source"} <= set(data["metric"])
    assert data["metric"]["direction"] == "increase"
    assert data["metric"]["window_days"] == 30


def test_text_output_keeps_terminal_escapes_out() -> None:
    frame = hand_frame()
    weights, tiers = Policy().evidence.weights, Policy().evidence.tiers
    score = score_evidence(frame.evidence, weights=weights, tiers=tiers, today=dt.date(2026, 6, 1))
    out = io.StringIO()
    cli_check.print_text(frame, score, Console(file=out, force_terminal=False, soft_wrap=True))
    text = out.getvalue()
    assert "\x1b" not in text
    assert "✔ Framed" in text
    assert "Say [31mwhich[0m users." in text
    assert f"Evidence: {score.score}/100 ({score.tier.value})" in text
    assert "baseline → target: 10 → 20" in text


# --- check: through the parser ---------------------------------------------------------------------------------------


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text()


def test_complete_body_exits_0_with_json(app: typer.Typer, runner: CliRunner) -> None:
    result = runner.invoke(app, ["check", str(FIXTURES / "complete.md"), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["complete"] is True
    assert data["missing"] == []
    assert data["problem"].startswith("Finance admins")
    assert data["evidence"]["tier"] in {"moderate", "strong"}
    assert "Acme Corp" in data["evidence"]["customers"]
    assert data["metric"]["name"] == "weekly active exporters"
    assert (data["metric"]["baseline"], data["metric"]["target"]) == (1200, 1500)
    assert data["metric"]["window_days"] == 30


def test_incomplete_body_exits_1_and_says_what_is_missing(app: typer.Typer, runner: CliRunner) -> None:
    result = runner.invoke(app, ["check", "--format", "json"], input=fixture("incomplete.md"))
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    assert data["complete"] is False
    assert data["missing"] == ["evidence", "metric"]
    assert {f["field"] for f in data["findings"] if f["severity"] == "error"} == {"evidence", "metric"}
    assert data["evidence"] == {**data["evidence"], "score": 0, "tier": "none", "items": []}


def test_text_output_for_a_person(app: typer.Typer, runner: CliRunner) -> None:
    result = runner.invoke(app, ["check", "-"], input=fixture("incomplete.md"))
    assert result.exit_code == 1
    assert "✘ Needs framing: evidence, metric" in result.stdout
    assert "✘ Customer evidence" in result.stdout
    assert "Evidence: 0/100 (none)" in result.stdout
    assert "\x1b[" not in result.stdout


def test_console_script_reads_stdin_in_a_real_process() -> None:
    command = [sys.executable, "-c", "from webhooks.cli import main; main()", "check", "--format", "json"]
    done = subprocess.run(command, input=fixture("complete.md").encode(), capture_output=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["complete"] is True
    empty = subprocess.run(command, input=b"", capture_output=True, timeout=60, check=False)
    assert empty.returncode == 2
    assert empty.stderr.decode().strip() == "problemframe: standard input: nothing to judge: the ticket body is empty"
