"""Judge every labelled ticket of a corpus and count where the product agrees with its careful human reader."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from problemframe.customer_names import customer_key
from problemframe.evidence import score_evidence
from problemframe.model import ProblemFrame, Severity
from problemframe.parse import parse_ticket
from problemframe.policy import Policy

TODAY = dt.date(2026, 12, 1)
POLICY = Policy()
PARTS = ("problem", "evidence", "metric")


@dataclass(frozen=True)
class Labelled:
    """One ticket of the corpus and what a careful reader said of it."""

    path: Path
    style: str
    labels: frozenset[str]
    issue_type: str | None
    expected: dict[str, Any]

    @property
    def name(self) -> str:
        return f"{self.path.parent.name}/{self.path.name}"


@dataclass
class CorpusResult:
    """Agreement counts over a corpus, and one line for each disagreement."""

    total: int = 0
    crashes: int = 0
    agree: dict[str, int] = field(default_factory=lambda: dict.fromkeys(PARTS, 0))
    tier_exact: int = 0
    found_customers: int = 0
    false_customers: int = 0
    labelled_customers: int = 0
    missed_customers: int = 0
    invented_metrics: int = 0
    valued: int = 0
    wrong_values: int = 0
    by_batch: dict[str, tuple[int, int]] = field(default_factory=dict)
    disagreements: list[str] = field(default_factory=list)


def load_corpus(root: Path) -> list[Labelled]:
    """Return every labelled ticket under root (one folder per batch, each with a labels.yaml)."""
    tickets: list[Labelled] = []
    for labels_file in sorted(root.glob("*/labels.yaml")):
        for entry in yaml.safe_load(labels_file.read_text(encoding="utf-8")) or []:
            tickets.append(Labelled(
                path=labels_file.parent / entry["file"],
                style=str(entry.get("style") or "other"),
                labels=frozenset(entry.get("labels") or ()),
                issue_type=entry.get("issue_type"),
                expected=entry,
            ))
    return tickets


def present(frame: ProblemFrame) -> dict[str, bool]:
    """Return the product's judgement of each part: there, and good enough to count."""
    errors = {finding.code for finding in frame.findings if finding.severity is Severity.ERROR}
    metric = frame.metric
    return {
        "problem": not any(code.startswith("problem.") for code in errors),
        "evidence": bool(frame.evidence) and not errors & {"evidence.missing", "evidence.placeholder",
                                                           "evidence.internal_only", "evidence.unattributed"},
        "metric": metric is not None and (metric.target is not None or metric.change is not None),
    }


def judge(ticket: Labelled) -> ProblemFrame:
    """Return the frame the product reads from a labelled ticket, as the service would see it."""
    body = ticket.path.read_text(encoding="utf-8")
    labels = set(ticket.labels)
    return parse_ticket(body, framing=POLICY.framing, today=TODAY, labels=labels, issue_type=ticket.issue_type)


def judge_corpus(tickets: list[Labelled]) -> CorpusResult:
    """Return the agreement of the product with the labels over every ticket."""
    result = CorpusResult()
    for ticket in tickets:
        result.total += 1
        try:
            frame = judge(ticket)
            score = score_evidence(frame.evidence, weights=POLICY.evidence.weights, tiers=POLICY.evidence.tiers,
                                   today=TODAY)
        except Exception as exc:  # a crash is the one thing the corpus must never see
            result.crashes += 1
            result.disagreements.append(f"{ticket.name}: CRASH {exc!r}")
            continue
        if any(finding.code.endswith(".unreadable") for finding in frame.findings):
            result.crashes += 1
            result.disagreements.append(f"{ticket.name}: unreadable")
        judged = present(frame)
        agree_here = 0
        for part in PARTS:
            expected = bool(ticket.expected.get(part))
            if judged[part] == expected:
                result.agree[part] += 1
                agree_here += 1
            else:
                result.disagreements.append(
                    f"{ticket.name}: {part} expected {expected}, got {judged[part]}"
                    + _detail(part, frame)
                )
        agreed, count = result.by_batch.get(ticket.path.parent.name, (0, 0))
        result.by_batch[ticket.path.parent.name] = (agreed + agree_here, count + 1)
        tier = str(ticket.expected.get("tier") or "none")
        if score.tier.value == tier:
            result.tier_exact += 1
        else:
            result.disagreements.append(f"{ticket.name}: tier expected {tier}, got {score.tier.value} ({score.score})"
                                        f" customers={score.customers}")
        _customers(ticket, score.customers, result)
        _metric_values(ticket, frame, result)
    return result


def _detail(part: str, frame: ProblemFrame) -> str:
    codes = [finding.code for finding in frame.findings if finding.field == part]
    if part == "metric" and frame.metric is not None:
        return f" [{frame.metric.name!r} {frame.metric.baseline}->{frame.metric.target}] {codes}"
    if part == "problem":
        return f" [{(frame.problem or '')[:60]!r}] {codes}"
    return f" {codes} items={[(item.customer, item.kind.value) for item in frame.evidence][:4]}"


def _same(found: str, wanted: str) -> bool:
    a, b = customer_key(found), customer_key(wanted)
    return bool(a and b) and (a == b or a in b or b in a)


def _customers(ticket: Labelled, found: list[str], result: CorpusResult) -> None:
    wanted = [str(name) for name in ticket.expected.get("customers") or []]
    result.found_customers += len(found)
    result.labelled_customers += len(wanted)
    false = [name for name in found if not any(_same(name, other) for other in wanted)]
    missed = [name for name in wanted if not any(_same(other, name) for other in found)]
    result.false_customers += len(false)
    result.missed_customers += len(missed)
    if false:
        result.disagreements.append(f"{ticket.name}: false customers {false}")
    if missed:
        result.disagreements.append(f"{ticket.name}: missed customers {missed}")


def _metric_values(ticket: Labelled, frame: ProblemFrame, result: CorpusResult) -> None:
    metric = frame.metric
    numbers = metric is not None and (metric.target is not None or metric.baseline is not None)
    if not ticket.expected.get("metric"):
        if numbers and metric is not None:
            result.invented_metrics += 1
            result.disagreements.append(f"{ticket.name}: invented metric {metric.baseline}->{metric.target} "
                                        f"from {metric.text[:80]!r}")
        return
    fields = {key: value for key, value in (ticket.expected.get("metric_fields") or {}).items()
              if isinstance(value, int | float)}
    if not fields:
        return
    result.valued += 1
    for key in ("baseline", "target"):
        if key in fields:
            got = getattr(metric, key) if metric is not None else None
            if key == "target" and got is None and metric is not None:
                got = metric.change
            if got is None or abs(float(got) - float(fields[key])) > 1e-6 * max(1.0, abs(float(fields[key]))):
                result.wrong_values += 1
                result.disagreements.append(f"{ticket.name}: metric {key} expected {fields[key]}, got {got}")
                return
