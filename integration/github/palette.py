"""Colours and descriptions of the labels the service creates in a repository."""

from __future__ import annotations

from typing import NamedTuple

from problemframe.policy import Labels


class LabelStyle(NamedTuple):
    """A label's colour (six hex digits, no '#') and its description (GitHub allows 100 characters)."""

    color: str
    description: str


NEEDS_FRAMING = LabelStyle("d93f0b", "Missing a problem statement, customer evidence or a success metric")
EVIDENCE = {
    "none": LabelStyle("bfbfbf", "Evidence strength: no customer evidence linked yet"),
    "weak": LabelStyle("fbca04", "Evidence strength: weak (little or internal-only customer evidence)"),
    "moderate": LabelStyle("c2e0c6", "Evidence strength: moderate (several customers or sources)"),
    "strong": LabelStyle("0e8a16", "Evidence strength: strong (many customers, sources, revenue, recent)"),
}
OUTCOME = {
    "pending": LabelStyle("c5def5", "Shipped: success metric is being measured until the window ends"),
    "review": LabelStyle("1d76db", "Measurement window ended: the team reviews the outcome"),
    "met": LabelStyle("5319e7", "Outcome reviewed: the success metric reached its target"),
    "partial": LabelStyle("8a63d2", "Outcome reviewed: part of the way from baseline to target"),
    "missed": LabelStyle("3e1f8c", "Outcome reviewed: the success metric missed its target"),
    "inconclusive": LabelStyle("d4c5f9", "Outcome reviewed: the data could not decide"),
    "skipped": LabelStyle("ededed", "Outcome review skipped, with a reason"),
}
OTHER = LabelStyle("ededed", "Managed by problemframe")


def label_style(name: str, labels: Labels) -> LabelStyle:
    """Return the colour and description for one of the service's labels under a policy's naming."""
    if name == labels.needs_framing:
        return NEEDS_FRAMING
    if name.startswith(labels.evidence_prefix):
        return EVIDENCE.get(name.removeprefix(labels.evidence_prefix), OTHER)
    if name.startswith(labels.outcome_prefix):
        return OUTCOME.get(name.removeprefix(labels.outcome_prefix), OTHER)
    return OTHER
