"""`problemframe check` exits 0/1/2 and prints the contract's JSON; `init github` writes files that load back."""

from __future__ import annotations

import datetime as dt
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
import typer
import yaml
from rich.console import Console
from typer.testing import CliRunner

from problemframe.evidence import score_evidence
from problemframe.model import Direction, Evidence, EvidenceKind, Finding, Money, ProblemFrame, SuccessMetric
from problemframe.parse import parse_ticket
from problemframe.policy import Policy, load_policy
from webhooks.cli import app as main_app
from webhooks.cli import check as cli_check
from webhooks.cli import init as cli_init

FIXTURES = Path(__file__).parent.parent / "fixtures" / "check"
FORM_LABELS = [
    "Problem statement",
    "Who is affected?",
    "Customer evidence",
    "Success metric",
    "Baseline",
    "Target",
    "Direction",
    "Measurement window",
    "Data source",
]
REQUIRED = {
    "Problem statement",
    "Customer evidence",
    "Success metric",
    "Baseline",
    "Target",
    "Measurement window",
}


@pytest.fixture
def app() -> typer.Typer:
    app = typer.Typer()
    cli_check.register(app)
    cli_init.register(app)

    @app.command("version")
    def version() -> None:
        """Keep the app a group, as the real one is."""

    return app


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_the_real_command_line_has_check_and_init(runner: CliRunner) -> None:
    result = runner.invoke(main_app, ["--help"])
    assert result.exit_code == 0
    assert "check" in result.stdout and "init" in result.stdout


# --- init github -----------------------------------------------------------------------------------------------------


def test_init_writes_an_issue_form_with_the_labels_the_parser_reads(
    app: typer.Typer, runner: CliRunner, tmp_path: Path
) -> None:
    result = runner.invoke(app, ["init", "github", "--dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    form = yaml.safe_load((tmp_path / ".github/ISSUE_TEMPLATE/problem.yml").read_text())
    assert {"name", "description", "title", "labels", "body"} <= set(form)
    assert form["labels"] == [Policy().labels.needs_framing] == ["needs-framing"]
    fields = [element for element in form["body"] if element["type"] != "markdown"]
    assert [field["attributes"]["label"] for field in fields] == FORM_LABELS
    assert {f["attributes"]["label"] for f in fields if f.get("validations", {}).get("required")} == REQUIRED
    assert all(f["type"] in {"textarea", "input", "dropdown"} for f in fields)
    assert len({f["id"] for f in fields}) == len(fields)
    by_label = {f["attributes"]["label"]: f for f in fields}
    assert by_label["Direction"]["type"] == "dropdown"
    assert by_label["Direction"]["attributes"]["options"] == ["increase", "decrease"]
    placeholders = {
        label: by_label[label]["attributes"]["placeholder"]
        for label in ("Problem statement", "Customer evidence", "Success metric")
    }
    assert placeholders == {
        "Problem statement": "Describe the problem, who has it, and what it costs them. Not the solution.",
        "Customer evidence": "One per line: customer, link, ARR, date, quote.",
        "Success metric": "e.g. weekly active exporters",
    }


ANSWERS = {
    "Problem statement": "Finance admins export invoices by hand every week; it costs each an hour.",
    "Who is affected?": "_No response_",
    "Customer evidence": 'Acme Corp, https://acme.zendesk.com/agent/tickets/4821, $120k ARR, 2026-03-02, "Too slow"',
    "Success metric": "weekly active exporters",
    "Baseline": "1200",
    "Target": "1500",
    "Direction": "_No response_",
    "Measurement window": "30 days",
    "Data source": "prometheus prod: sum(rate(exports_total[7d]))",
}


def test_an_issue_filed_through_the_form_parses_complete() -> None:
    form = yaml.safe_load(cli_init.issue_form())
    labels = [element["attributes"]["label"] for element in form["body"] if element["type"] != "markdown"]
    body = "\n\n".join(f"### {label}\n\n{ANSWERS[label]}" for label in labels)
    frame = parse_ticket(body, today=dt.date(2026, 6, 1))
    assert frame.complete, frame.findings
    assert frame.metric is not None and frame.metric.direction is Direction.INCREASE
    assert [item.customer for item in frame.evidence] == ["Acme Corp"]


def test_init_writes_a_commented_policy_that_loads_to_the_defaults(
    app: typer.Typer, runner: CliRunner, tmp_path: Path
) -> None:
    assert runner.invoke(app, ["init", "github", "--dir", str(tmp_path)]).exit_code == 0
    text = (tmp_path / ".github/problemframe.yml").read_text()
    assert load_policy(yaml.safe_load(text)) == Policy()
    assert "# Points for each distinct named customer." in text
    assert "evidence:  # How evidence strength is scored." in text
    # Metric sources are the operator's: a repository file that set them would be ignored, so none is offered,
    # and the comment where the key would be says where they live.
    assert "sources" not in yaml.safe_load(text)["outcome"]
    assert [line.strip() for line in text.splitlines() if "sources" in line] == [
        "# sources: not set here. Metric sources are set up by the service's operator (its metric sources file); "
        "an issue's Data source names one as '[kind] <source name>: <query>', or 'manual' to report with /measure."
    ]


def test_policy_file_carries_a_changed_policy_too() -> None:
    changed = load_policy({"evidence": {"tiers": {"strong": 80}}, "framing": {"skip_labels": ["wontfix"]}})
    assert load_policy(yaml.safe_load(cli_init.policy_yaml(changed))) == changed


def test_init_refuses_to_overwrite_unless_forced(app: typer.Typer, runner: CliRunner, tmp_path: Path) -> None:
    policy = tmp_path / ".github/problemframe.yml"
    policy.parent.mkdir(parents=True)
    policy.write_text("enabled: false\n")
    result = runner.invoke(app, ["init", "github", "--dir", str(tmp_path)])
    assert result.exit_code == 2
    assert "not overwriting" in result.stderr and "problemframe.yml" in result.stderr
    assert policy.read_text() == "enabled: false\n"
    assert not (tmp_path / ".github/ISSUE_TEMPLATE/problem.yml").exists()
    forced = runner.invoke(app, ["init", "github", "--dir", str(tmp_path), "--force"])
    assert forced.exit_code == 0
    assert load_policy(yaml.safe_load(policy.read_text())) == Policy()


def test_init_defaults_to_the_current_directory(
    app: typer.Typer, runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert runner.invoke(app, ["init", "github"]).exit_code == 0
    assert (tmp_path / ".github/ISSUE_TEMPLATE/problem.yml").is_file()


def test_init_reports_a_directory_it_cannot_write(app: typer.Typer, runner: CliRunner, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = runner.invoke(app, ["init", "github", "--dir", str(blocker)])
    assert result.exit_code == 2
    assert result.stderr == f"problemframe: {blocker} is not a directory; pass the root of a repository\n"


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


def test_policy_file_lists_sets_in_order_so_reruns_write_the_same_file() -> None:
    text = cli_init.policy_yaml(Policy())
    kinds = yaml.safe_load(text)["framing"]["kinds"]
    assert kinds["bug"]["labels"] == sorted(kinds["bug"]["labels"]) and "bug" in kinds["bug"]["labels"]
    assert yaml.safe_load(text)["framing"]["required"] == ["evidence", "metric", "problem"]
