"""`problemframe check`: judge one ticket body and print what it lacks, for a person or a script."""

from __future__ import annotations

import datetime as dt
import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.text import Text

from problemframe.evidence import EvidenceScore, score_evidence
from problemframe.model import PARTS, Evidence, ProblemFrame, Severity, SuccessMetric
from problemframe.parse import parse_ticket
from problemframe.policy import Policy, PolicyError, load_policy
from problemframe.render import PART_TITLES, message_spans, part_present, understood
from webhooks.cli.common import PipeConsole, fail, terminal_text


class OutputFormat(StrEnum):
    """How `check` prints its result."""

    TEXT = "text"
    JSON = "json"


def read_body(path: str | None) -> str:
    """Read a ticket body from a file, or from standard input for None or '-'; exit 2 if it cannot be read."""
    name = "standard input" if path in (None, "-") else path
    try:
        if path in (None, "-"):
            stdin = typer.get_binary_stream("stdin")
            if stdin.isatty():
                typer.echo("Reading the ticket body from standard input; end it with Ctrl-D.", err=True)
            data = stdin.read()
        else:
            data = Path(path).read_bytes()
    except FileNotFoundError:
        fail(f"{name}: no such file")
    except IsADirectoryError:
        fail(f"{name}: is a directory, not a file")
    except PermissionError:
        fail(f"{name}: permission denied")
    except OSError as exc:
        fail(f"{name}: cannot read ({exc.strerror or exc})")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        fail(f"{name}: not UTF-8 text (bad byte at offset {exc.start})")
    if "\0" in text:
        # Valid UTF-8 all the same, but no one writes a ticket with NUL in it: an image, an archive, a core dump.
        fail(f"{name}: binary data, not a ticket body (a NUL byte at offset {data.index(0)})")
    if not text.strip():
        # Often a pipe whose writer failed: judging nothing would report an incomplete ticket instead.
        fail(f"{name}: nothing to judge: the ticket body is empty")
    return text


def read_policy(path: Path | None) -> Policy:
    """Load a policy file, or the defaults without one; exit 2 if it cannot be read or does not validate."""
    if path is None:
        return Policy()
    # Imported here: most runs judge by the defaults and need no YAML reader.
    import yaml

    from integration.yaml_text import yaml_problem

    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        fail(f"{path}: cannot read policy ({exc})")
    except yaml.YAMLError as exc:
        fail(f"{path}: not valid YAML ({yaml_problem(exc)})")
    try:
        return load_policy(document)
    except PolicyError as exc:
        fail(f"{path}: {exc}")


def _evidence_json(item: Evidence) -> dict[str, Any]:
    return {
        "customer": item.customer,
        "url": item.url,
        "kind": item.kind.value,
        "arr": item.arr.amount if item.arr else None,
        "currency": item.arr.currency if item.arr else None,
        "date": item.date.isoformat() if item.date else None,
        "quote": item.quote,
        "count": item.count,
        "text": item.text,
    }


def _metric_json(metric: SuccessMetric) -> dict[str, Any]:
    return {
        "name": metric.name,
        "baseline": metric.baseline,
        "target": metric.target,
        "change": metric.change,
        "direction": metric.direction.value if metric.direction else None,
        "unit": metric.unit,
        "window_days": metric.window_days,
        "window_until": metric.window_until.isoformat() if metric.window_until else None,
        "source": metric.source,
    }


def not_framed(policy: Policy, labels: list[str]) -> str | None:
    """Return why the service would leave a ticket with these labels alone under the policy, else None."""
    if not policy.enabled:
        return "the policy is off (enabled: false)"
    label = policy.framing.skip_label(labels)
    if label is not None:
        return f"the label '{label}' is one of the policy's skip labels (framing.skip_labels)"
    return None


def check_json(frame: ProblemFrame, score: EvidenceScore) -> dict[str, Any]:
    """Return the `check --format json` object the README describes."""
    return {
        "complete": frame.complete,
        "kind": frame.kind or "feature",
        "missing": list(frame.missing),
        "findings": [
            {"field": f.field, "code": f.code, "message": f.message, "severity": f.severity.value}
            for f in frame.findings
        ],
        "problem": frame.problem,
        "evidence": {
            "score": score.score,
            "tier": score.tier.value,
            "customers": list(score.customers),
            "total_arr": dict(score.total_arr),
            "items": [_evidence_json(item) for item in frame.evidence],
            "breakdown": [{"points": line.points, "reason": line.reason} for line in score.breakdown],
        },
        "metric": _metric_json(frame.metric) if frame.metric else None,
    }


def _message(message: str) -> Text:
    text = Text()
    for span in message_spans(message):
        text.append(terminal_text(span.text).plain, style="bold" if span.style == "user_strong" else "")
    return text


def print_text(frame: ProblemFrame, score: EvidenceScore, console: Console) -> None:
    """Print the judgement for a person: verdict, each part, findings, evidence breakdown, metric."""
    if frame.complete:
        console.print(Text("✔ Framed", style="bold green"))
    else:
        console.print(Text("✘ Needs framing: " + ", ".join(frame.missing), style="bold red"))
    console.print()
    for part in PARTS:
        errors = [f for f in frame.findings if f.field == part and f.severity is Severity.ERROR]
        warnings = [f for f in frame.findings if f.field == part and f.severity is Severity.WARNING]
        if errors:
            mark = Text("  ✘ ", style="red")
        elif part_present(frame, part):
            mark = Text("  ✔ ", style="green")
        else:
            mark = Text("  – ", style="dim")
        read = understood(frame, part) if not errors and part_present(frame, part) else None
        if read is None and not errors and not part_present(frame, part) and frame.kind:
            read = f"not needed for a {frame.kind} report"
        detail = Text(": ") + terminal_text(read) if read else Text()
        console.print(mark + Text(PART_TITLES[part], style="bold") + detail)
        for finding in errors:
            console.print(Text("      - ", style="red") + _message(finding.message))
        for finding in warnings:
            console.print(Text("      ! ", style="yellow") + _message(finding.message))
    console.print()
    console.print(Text(f"Evidence: {score.score}/100 ({score.tier.value})", style="bold"))
    for line in score.breakdown:
        console.print(Text(f"  {line.points:+4g}  ", style="cyan") + terminal_text(line.reason))
    console.print()
    metric = frame.metric
    if metric is None:
        console.print(Text("Success metric: none found", style="bold"))
        return
    console.print(Text("Success metric", style="bold"))
    rows = [
        ("name", metric.name),
        ("baseline → target", f"{_number(metric.baseline)} → {_number(metric.target)}"),
        ("direction", metric.direction.value if metric.direction else None),
        ("unit", metric.unit),
        ("window", f"{metric.window_days} days" if metric.window_days is not None else None),
        ("until", metric.window_until.isoformat() if metric.window_until else None),
        ("source", metric.source),
    ]
    for label, value in rows:
        if value:
            console.print(Text(f"  {label}: ", style="dim") + terminal_text(value))


def _number(value: float | None) -> str:
    return "?" if value is None else f"{value:g}"


def check(
    path: Annotated[
        str | None, typer.Argument(help="Ticket body to judge; '-' or nothing reads standard input.")
    ] = None,
    output_format: Annotated[OutputFormat, typer.Option("--format", help="text for a person, json for a script.")] = (
        OutputFormat.TEXT
    ),
    policy_file: Annotated[
        Path | None, typer.Option("--policy", help="A problemframe.yml to judge by instead of the defaults.")
    ] = None,
    labels: Annotated[
        list[str] | None,
        typer.Option("--label", help="A label the ticket carries (repeatable); 'bug' makes it a bug report."),
    ] = None,
    issue_type: Annotated[
        str | None, typer.Option("--issue-type", help="The Jira issue type, such as Story or Bug.")
    ] = None,
) -> None:
    """Judge one ticket body: exit 0 if complete, 1 if incomplete, 2 on a usage or read error."""
    policy = read_policy(policy_file)
    body = read_body(path)
    skipped = not_framed(policy, labels or [])
    if skipped is not None:
        if output_format is OutputFormat.JSON:
            typer.echo(json.dumps({"skipped": True, "reason": skipped}, ensure_ascii=False))
        else:
            typer.echo(f"Not framed: {skipped}; the service leaves this ticket alone.")
        raise typer.Exit(0)
    today = dt.date.today()
    frame = parse_ticket(body, framing=policy.framing, today=today, labels=labels or (), issue_type=issue_type)
    score = score_evidence(frame.evidence, weights=policy.evidence.weights, tiers=policy.evidence.tiers, today=today)
    if output_format is OutputFormat.JSON:
        typer.echo(json.dumps(check_json(frame, score), ensure_ascii=False, indent=2))
    else:
        print_text(frame, score, PipeConsole(highlight=False, soft_wrap=True))
    raise typer.Exit(0 if frame.complete else 1)


def register(app: typer.Typer) -> None:
    """Add `check` to the command line."""
    app.command("check")(check)


__all__ = ["check_json", "print_text", "read_body", "read_policy", "register"]
