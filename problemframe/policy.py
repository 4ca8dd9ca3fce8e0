"""Policy: per-repository or per-project rules, validated; defaults live here."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Labels(_Strict):
    """Label names the service writes."""

    needs_framing: str = "needs-framing"
    evidence_prefix: str = "evidence-"
    outcome_prefix: str = "outcome-"

    def evidence(self, tier: str) -> str:
        """Return the label for an evidence tier."""
        return f"{self.evidence_prefix}{tier}"

    def outcome(self, state: str) -> str:
        """Return the label for an outcome state or verdict."""
        return f"{self.outcome_prefix}{state}"


class EvidenceWeights(_Strict):
    """Points for each signal; each line is rounded to whole points and the score is their sum, capped at 100."""

    per_customer: float = Field(default=12, ge=0, description="Points for each distinct named customer.")
    customer_repeat_decay: float = Field(
        default=0.5, gt=0, le=1, description="Each further item from the same customer counts this share of the last."
    )
    max_customer_points: float = Field(default=48, ge=0, description="Most points all customers together earn.")
    per_source_kind: float = Field(default=6, ge=0, description="Points for each distinct kind of source.")
    max_source_kind_points: float = Field(default=18, ge=0, description="Most points kinds of source earn.")
    linked_item: float = Field(
        default=2, ge=0, description="Points for each distinct link to a source or record number ('SUP-4411')."
    )
    max_link_points: float = Field(default=10, ge=0, description="Most points links earn.")
    revenue_points_per_decade: float = Field(
        default=5, ge=0, description="Points for each factor of ten of total ARR above revenue_floor."
    )
    revenue_floor: float = Field(default=1000, gt=0, description="Yearly revenue that earns no points yet.")
    max_revenue_points: float = Field(default=15, ge=0, description="Most points revenue earns.")
    quote: float = Field(default=3, ge=0, description="Points for each distinct verbatim customer quote.")
    max_quote_points: float = Field(default=9, ge=0, description="Most points quotes earn.")
    recent_days: int = Field(default=90, ge=1, description="Evidence newer than this many days is recent.")
    recent_points: float = Field(default=8, ge=0, description="Points when any dated evidence is recent.")
    stale_days: int = Field(
        default=365, ge=1, description="A customer's item older than this many days earns half its customer points."
    )
    internal_only_cap: float = Field(
        default=0, ge=0, le=100,
        description="Highest score when the only evidence is internal opinion (opinion is no customer evidence).",
    )
    unchecked_cap: float = Field(
        default=19, ge=0, le=100,
        description="Highest score when one customer at most is named and nothing is linked, counted at its source or"
        " paid for: evidence no one can look up stays weak.",
    )
    unsourced_cap: float = Field(
        default=44, ge=0, le=100,
        description="Highest score when nothing is linked, numbered, paid for or counted at its source: several "
        "voices no one can look up (handles, store reviewers) stay moderate.",
    )
    first_hand: float = Field(
        default=0, ge=0,
        description="Extra points when a customer wrote the ticket themselves; the report already counts as a source.",
    )
    figure_points_per_decade: float = Field(
        default=5, ge=0, description="Points per factor of ten in the largest figure cited (tickets, users, votes)."
    )
    max_figure_points: float = Field(default=10, ge=0, description="Most points a cited figure earns.")
    counted_figure: float = Field(
        default=10, ge=0,
        description="Points when a figure is counted where evidence lives and written out ('23 Intercom conversations',"
        " '41 % of new workspaces'), not estimated ('dozens of tickets').",
    )
    counted_figure_min: int = Field(default=5, ge=1, description="Smallest written figure that counts as counted.")
    linked_data: float = Field(
        default=12, ge=0,
        description="Points, up to the moderate tier, when product data is linked at its source (an Amplitude "
        "funnel, a Looker or Metabase query): what customers do, measured where anyone can look it up.",
    )
    customers_on_record: int = Field(
        default=2, ge=0,
        description="Named customers, each with their own link or record (a ticket, a call, a CRM opportunity), that "
        "make evidence strong on their own: independent demand anyone can check. 0 turns the rule off.",
    )
    customer_with_data: bool = Field(
        default=True,
        description="A named customer on record together with product data linked at its source (an Amplitude chart, "
        "a Looker dashboard) makes evidence strong: one customer's word and what all customers do agree.",
    )
    other_report: float = Field(
        default=3, ge=0,
        description="Points for each other report of the same problem the ticket links or quotes (a duplicate issue, "
        "another user confirming); a vote is no report.",
    )
    max_report_points: float = Field(default=9, ge=0, description="Most points other reports earn.")
    confirmed_report: float = Field(
        default=6, ge=0,
        description="Extra points when a user's own report is confirmed by at least `confirming_reports` others, each "
        "with a case of their own: independent people meet the same problem.",
    )
    confirming_reports: int = Field(default=1, ge=1, description="Other reports that confirm a user's own report.")

    @model_validator(mode="after")
    def _windows_ordered(self) -> EvidenceWeights:
        if self.recent_days > self.stale_days:
            raise ValueError("recent_days must not exceed stale_days")
        return self


class Tiers(_Strict):
    """Lowest score of each tier; below `weak` is `none`, so `weak` is above zero."""

    weak: float = Field(default=1, gt=0, le=100)
    moderate: float = Field(default=20, ge=0, le=100)
    strong: float = Field(default=45, ge=0, le=100)

    @model_validator(mode="after")
    def _ordered(self) -> Tiers:
        if not self.weak <= self.moderate <= self.strong:
            raise ValueError("tiers must satisfy weak <= moderate <= strong")
        return self


class Evidence(_Strict):
    """How evidence strength is scored."""

    weights: EvidenceWeights = EvidenceWeights()
    tiers: Tiers = Tiers()


PartName = Literal["problem", "evidence", "metric"]

# Repositories write one label many ways: 'bug', 'kind:bug', 'type: bug', 'T-Bug', '🐛 bug', 'Type/Bug'.
_LABEL_PREFIX = frozenset({"kind", "type", "t", "issue", "category", "cat", "is"})


def label_key(label: str) -> str:
    """Return what a label says once its case, emoji, separators and a prefix such as 'type:' are set aside."""
    words = re.findall(r"[^\W_]+", re.sub(r":[a-z0-9_+-]+:", " ", label.casefold()))
    while len(words) > 1 and words[0] in _LABEL_PREFIX:
        words = words[1:]
    return " ".join(words)


class TicketKind(_Strict):
    """A kind of ticket that needs other parts than a feature: which labels or issue types mark it, and its parts."""

    labels: frozenset[str] = Field(
        description="GitHub labels or Jira issue types that make a ticket this kind; letter case, emoji and a prefix "
        "such as 'type:' or 'kind/' are ignored."
    )
    required: frozenset[PartName] = Field(description="The parts a ticket of this kind must carry.")


_BUG = TicketKind(
    labels=frozenset({"bug", "type: bug", "type/bug", "kind/bug", "t-bug", "defect", "regression", "crash",
                      "incident"}),
    required=frozenset({"problem"}),
)


class Framing(_Strict):
    """Which parts a ticket must carry, and which tickets are checked."""

    required: frozenset[PartName] = Field(
        default=frozenset({"problem", "evidence", "metric"}),
        description="The parts every ticket must carry, unless its kind says otherwise.",
    )
    kinds: dict[str, TicketKind] = Field(
        default_factory=lambda: {"bug": _BUG},
        description="Kinds of ticket with their own required parts; a bug report needs no success metric.",
    )
    skip_labels: frozenset[str] = Field(
        default=frozenset({"chore", "dependencies"}), description="Tickets with any of these are not framed."
    )

    def skip_label(self, labels: Iterable[str]) -> str | None:
        """Return a label of the ticket that exempts it from framing, else None; read as kinds' labels are."""
        skips = {label_key(label) for label in self.skip_labels}
        return next((label for label in sorted(labels) if label_key(label) in skips), None)

    def kind_of(self, labels: frozenset[str] | set[str], issue_type: str | None) -> str | None:
        """Return the kind the labels or issue type give a ticket, else None (a feature, story or task)."""
        marks = {label_key(label) for label in labels}
        if issue_type:
            marks.add(label_key(issue_type))
        for name, kind in self.kinds.items():
            if marks & {label_key(label) for label in kind.labels}:
                return name
        return None

    def required_for(self, kind: str | None) -> frozenset[PartName]:
        """Return the parts a ticket of this kind must carry."""
        found = self.kinds.get(kind) if kind else None
        return found.required if found is not None else self.required


class MetricSource(_Strict):
    """A named place to measure from; secrets stay in the service's environment, never in tickets."""

    kind: Literal["prometheus", "http_json", "sql", "csv", "manual"]
    url: str | None = Field(default=None, description="Base URL, SQLAlchemy URL, or CSV path/URL.")
    json_path: str | None = None
    column: str | None = None
    date_column: str | None = None
    filter: dict[str, str] = Field(default_factory=dict)
    headers_env: dict[str, str] = Field(
        default_factory=dict,
        description="HTTP header name -> environment variable (named PROBLEMFRAME_METRIC_*) holding its value.",
    )
    url_env: str | None = Field(
        default=None,
        description="Environment variable (named PROBLEMFRAME_METRIC_*) holding the URL, for URLs with credentials.",
    )
    timeout_seconds: float = Field(default=10.0, gt=0, le=300)


class Outcome(_Strict):
    """The outcome gate: measure after shipping, close after review."""

    gate: bool = Field(default=True, description="Closing a complete ticket starts the measurement window.")
    default_window_days: int = Field(default=30, ge=1)
    partial_share: float = Field(
        default=0.5, gt=0, le=1, description="Share of the baseline->target gap that counts as partial."
    )
    review_status: str | None = Field(default=None, description="Jira status used while an outcome is pending.")
    done_status: str = Field(default="Done", description="Jira status a reviewed issue moves to.")
    sources: dict[str, MetricSource] = Field(
        default_factory=dict,
        description="Named metric sources. Only the service's own configuration may define them, never a repository.",
    )


class ProjectRef(_Strict):
    """A GitHub Project (v2) whose items carry the evidence and outcome fields."""

    owner: str = Field(min_length=1, pattern=r"^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$",
                       description="The organization or user that owns the project.")
    number: int = Field(ge=1, description="The project's number, as in its URL.")


class Policy(_Strict):
    """Everything a repository or project may configure."""

    enabled: bool = True
    labels: Labels = Labels()
    evidence: Evidence = Evidence()
    framing: Framing = Framing()
    outcome: Outcome = Outcome()
    projects: tuple[ProjectRef, ...] = Field(
        default=(),
        description="GitHub Projects (v2) whose items show each framed issue's evidence and outcome, such as "
        "[{owner: acme, number: 7}].",
    )


def with_metric_sources(policy: Policy, sources: Mapping[str, MetricSource]) -> Policy:
    """Return the policy with the operator's metric sources added (a source the policy names itself wins)."""
    if not sources:
        return policy
    merged = {**sources, **policy.outcome.sources}
    return policy.model_copy(update={"outcome": policy.outcome.model_copy(update={"sources": merged})})


class PolicyError(ValueError):
    """A policy document that does not validate; the message names each bad key."""


def load_policy(data: Any) -> Policy:
    """Validate a policy document (already parsed from YAML or JSON) over the defaults."""
    if data is None:
        return Policy()
    if not isinstance(data, dict):
        raise PolicyError("policy must be a mapping of keys to values, not " + type(data).__name__)
    try:
        return Policy.model_validate(data)
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            key = ".".join(str(part) for part in error["loc"]) or "(top level)"
            problems.append(f"{key}: {error['msg']}")
        raise PolicyError("invalid policy: " + "; ".join(problems)) from exc
