"""`problemframe init github` writes an issue form and a commented policy file that load back as they should."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import typer
import yaml
from typer.testing import CliRunner

from problemframe.model import Direction
from problemframe.parse import parse_ticket
from problemframe.policy import Policy, load_policy
from tests.webhooks.cli_support import check_and_init_app
from webhooks.cli import init as cli_init

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
    return check_and_init_app()


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


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


def test_policy_file_lists_sets_in_order_so_reruns_write_the_same_file() -> None:
    text = cli_init.policy_yaml(Policy())
    kinds = yaml.safe_load(text)["framing"]["kinds"]
    assert kinds["bug"]["labels"] == sorted(kinds["bug"]["labels"]) and "bug" in kinds["bug"]["labels"]
    assert yaml.safe_load(text)["framing"]["required"] == ["evidence", "metric", "problem"]
