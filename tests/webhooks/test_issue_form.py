"""The generated issue form promises only what the service accepts: its Data source agrees with `check`."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from integration.metrics.measure import resolve
from problemframe.model import Severity
from problemframe.parse import parse_ticket
from problemframe.policy import MetricSource, Policy, load_policy, with_metric_sources
from webhooks.cli import app
from webhooks.cli.init import issue_form

# What an operator's metric sources file holds, as the form's examples assume.
OPERATOR_SOURCES = {"prod": MetricSource(kind="prometheus", url="https://prometheus.example.com")}


def form_fields() -> dict[str, dict[str, Any]]:
    """Return the form's fields by label."""
    form = yaml.safe_load(issue_form())
    return {item["attributes"]["label"]: item for item in form["body"] if "label" in item.get("attributes", {})}


def examples(field: dict[str, Any]) -> list[str]:
    """Return every example the field shows: `quoted` in its description, and its placeholder after 'e.g.'."""
    attributes = field["attributes"]
    quoted = re.findall(r"`([^`]+)`", attributes.get("description", ""))
    placeholder = attributes.get("placeholder", "").removeprefix("e.g. ")
    return [text for text in [*quoted, placeholder] if not text.startswith("/measure")]


def body_from_form(answers: dict[str, str]) -> str:
    """Return the issue body GitHub writes from the form: a `### <label>` section per field."""
    return "\n\n".join(f"### {label}\n\n{answers.get(label) or '_No response_'}" for label in form_fields())


ANSWERS = {
    "Problem statement": "Finance admins at mid-market customers rebuild the board pack by hand every Monday, "
                         "losing about three hours each week.",
    "Customer evidence": '- Acme Corp — https://acme.zendesk.com/agent/tickets/4512 — $120k ARR — 2026-03-12 — '
                         '"We lose half a day every Monday."',
    "Success metric": "weekly active exporters",
    "Baseline": "120",
    "Target": "300",
    "Measurement window": "30 days",
}


def test_data_source_is_required_in_the_form_exactly_when_check_requires_it() -> None:
    frame = parse_ticket(body_from_form(ANSWERS))
    (no_source,) = [f for f in frame.findings if f.code == "metric.no_source"]
    required = form_fields()["Data source"]["validations"]["required"]
    assert required is (no_source.severity is Severity.ERROR)
    assert frame.complete


@pytest.mark.parametrize("example", examples(form_fields()["Data source"]))
def test_every_data_source_the_form_shows_is_one_the_service_measures_from(example: str) -> None:
    policy = with_metric_sources(Policy(), OPERATOR_SOURCES)
    name, source, _ = resolve(example, policy)
    assert name in {*OPERATOR_SOURCES, "manual"} and source.kind in {"prometheus", "manual"}
    frame = parse_ticket(body_from_form({**ANSWERS, "Data source": example}))
    assert frame.metric is not None and frame.metric.source == example
    assert not [f for f in frame.findings if f.field == "metric"]


def test_the_repository_file_names_no_sources_and_says_where_they_live(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["init", "github", "--dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    text = (tmp_path / ".github" / "problemframe.yml").read_text()
    document = yaml.safe_load(text)
    assert "sources" not in document["outcome"]
    load_policy(document)
    assert "# sources: not set here. Metric sources are set up by the service's operator" in text
    form_text = (tmp_path / ".github" / "ISSUE_TEMPLATE" / "problem.yml").read_text()
    assert "problemframe.yml" not in form_fields()["Data source"]["attributes"]["description"]
    assert form_text == issue_form()
