"""Parse a ticket body (and separate Jira fields) into a problem frame with findings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import replace

from problemframe.customer_names import customer_key
from problemframe.model import (
    PARTS,
    Direction,
    Evidence,
    EvidenceKind,
    Finding,
    Part,
    ProblemFrame,
    Severity,
    SuccessMetric,
)
from problemframe.parse.body_scan import scan_body
from problemframe.parse.document import Document, read_document
from problemframe.parse.evidence_items import parse_evidence, people_behind_organisations
from problemframe.parse.evidence_section import completed
from problemframe.parse.field_report import field_report
from problemframe.parse.findings import evidence_findings, is_bot_update, metric_findings, problem_findings
from problemframe.parse.formats import to_markdown
from problemframe.parse.kinds import kind_from_url
from problemframe.parse.labels import METRIC_KEYS, Key, classify_exact
from problemframe.parse.metric import MetricNotes, parse_metric
from problemframe.parse.metric_context import baseline_in_context
from problemframe.parse.metric_prose import find_metric_sentence, find_metric_table, states_a_decision
from problemframe.parse.page_header import is_bot, opener, opener_anywhere, split_header
from problemframe.parse.placeholders import NO_RESPONSE
from problemframe.parse.problem import ProblemRead, read_problem
from problemframe.parse.quantities import release_numbers
from problemframe.parse.record_owner import owned_records
from problemframe.parse.routine import routine_work, upkeep_work
from problemframe.parse.sections import Section, part_strength, pick_parts, split_sections
from problemframe.parse.template_help import strip_help
from problemframe.parse.text import find_links, replace_links
from problemframe.parse.ticket_kind import BUG, ticket_kind
from problemframe.policy import Framing

MIN_VOTES = 2
"""Fewer votes than this on the ticket itself (often the author's own) are no demand."""
_READ_CAPTION = {"problem": "Problem statement", "evidence": "Customer evidence", "metric": "Success metric"}


def parse_ticket(
    body: str,
    *,
    fields: Mapping[str, str] | None = None,
    framing: Framing | None = None,
    today: dt.date | None = None,
    labels: Iterable[str] = (),
    issue_type: str | None = None,
    votes: int = 0,
    title: str = "",
) -> ProblemFrame:
    """Return the problem frame a ticket describes, with findings; never raise.

    `fields` holds parts kept in separate Jira fields ("problem", "evidence", "metric"); they win over the body.
    `today` resolves dates written without a year; without it such dates are left out.
    `labels` (GitHub) and `issue_type` (Jira) give the ticket's kind: a bug report needs no success metric.
    `votes` (👍 reactions or Jira votes on the ticket) is demand the tracker itself records.
    `title` is the tracker's title or summary: it may name routine work ('chore: bump Node to 22') the body does not.
    """
    try:
        return read_ticket(body, fields=fields, framing=framing, today=today, labels=labels, issue_type=issue_type,
                           votes=votes, title=title)
    except Exception:
        # A ticket we cannot read must not stop the service; say so on the ticket instead.
        return _unreadable(framing or Framing())


def read_ticket(
    body: str,
    *,
    fields: Mapping[str, str] | None = None,
    framing: Framing | None = None,
    today: dt.date | None = None,
    labels: Iterable[str] = (),
    issue_type: str | None = None,
    votes: int = 0,
    title: str = "",
) -> ProblemFrame:
    """Return the problem frame a ticket describes (parse_ticket without its safety net)."""
    framing = framing or Framing()
    if isinstance(today, dt.datetime):
        today = today.date()
    header, markdown = split_header(to_markdown(body))
    document = read_document(markdown)
    sections = split_sections(markdown)
    parts, helped = _parts(markdown, document, sections, fields)
    routine = routine_work(document, title)
    upkeep = not routine and upkeep_work(document, markdown, title)
    kind = ticket_kind(markdown, framing=framing, labels=frozenset(labels), issue_type=issue_type,
                       routine=routine or upkeep)
    who = parts.get("who")

    def problem_read(routine: bool) -> tuple[ProblemRead, list[Finding]]:
        strength = 0 if fields and fields.get("problem") else part_strength(sections, "problem")
        read = read_problem(
            parts.get("problem"), strength=strength, helped="problem" in helped, document=document, sections=sections,
            bug=kind == BUG, routine=routine,
        )
        return read, problem_findings(read.text, placeholder=read.placeholder, who=who, stated=read.stated,
                                      bug=kind == BUG,
                                      routine_label=min(framing.skip_labels, default=None) if routine else None)

    read, findings = problem_read(routine)

    evidence, placeholders = parse_evidence(parts.get("evidence", "") if "evidence" not in helped else "", today=today)
    evidence = completed(evidence, today=today)
    evidence_placeholder = parts.get("evidence") if (placeholders or "evidence" in helped) and not evidence else None
    opened = opener(header)
    author = opened or opener_anywhere(document.lines)
    evidence = people_behind_organisations(evidence + _unseen(scan_body(document, sections, today=today,
                                                                           author=author), evidence))
    evidence = owned_records(evidence, document.blocks)
    if is_bot_update(parts.get("problem") or "") or is_bot(opened):
        # A bot's dependency update or dashboard quotes release notes and changelogs: nobody there is our customer.
        evidence = []
    if votes >= MIN_VOTES:
        evidence.append(Evidence(kind=EvidenceKind.OTHER, count=votes, text=f"{votes} votes on this ticket"))
    if kind == BUG and not _errors(findings, "problem.") and all(
            item.kind is EvidenceKind.OTHER and item.reports and not (item.customer or item.url) for item in evidence):
        # Others' pasted reports of the same bug stand on the writer's own: it is read as one too.
        report = field_report(document)
        evidence = [report, *evidence] if report is not None else evidence

    metric_parts: dict[str, str] = {key: text for key, text in parts.items() if key in METRIC_KEYS
                                    and key not in helped and not (key == "metric" and states_a_decision(text))}
    metric, notes = parse_metric(metric_parts, today=today)
    if metric is None and helped & METRIC_KEYS:
        # 'How will we know it worked? e.g. "from 40 % to 20 %"' left as written: the template's example, no metric.
        notes.placeholders.add("metric")
    if metric is None or (metric.target is None and metric.baseline is None):
        metric, notes = _metric_in_prose(document, sections, metric, notes, today=today, bug=kind == BUG)
    values = {value for value in (metric.target, metric.baseline) if value is not None} if metric else set()
    if metric is not None and not metric.unit and metric.target is not None and (
            values <= release_numbers("\n".join(document.lines), values)):
        # 'Matrix runs green on 8.0 and 8.4' in a ticket about MySQL 8.4: the numbers are releases, not a measure.
        metric = metric.model_copy(update={"baseline": None, "target": None, "direction": None})
    if metric is not None and values and not (fields and fields.get("metric")) and routine:
        # A release checklist's 'Hub reboots ≤ 1 per day' gates the rollout; the work is due, not aimed at a value.
        metric = metric.model_copy(update={"baseline": None, "target": None, "direction": None})
    if metric is not None and metric.target is not None and metric.baseline is None and metric.unit:
        metric, notes = _baseline_from_context(document, sections, metric, notes)
    if upkeep and not evidence and not (metric and (metric.target is not None or metric.change is not None)):
        # 'chore: upgrade runtime to Node 20 LTS … Node 18 goes EOL': upkeep, due by the calendar. With a customer
        # cited or a target set it is a problem like any other.
        read, findings = problem_read(True)
    problem = read.text
    required = framing.required_for(kind)
    if kind == BUG and "metric" not in required and metric is not None and metric.target is None and (
            metric.baseline is None and metric.change is None):
        # A bug's 'Done when: all Epson models print Turkish characters' finishes the work; it is no metric to
        # advise on, and a bug report is not asked for one.
        metric, notes = None, MetricNotes()
    # 'KR1 … | 38 % | 55 % | [Looker: library_events](…)': what customers do today, measured where anyone can look.
    evidence += _measured_baseline(metric, evidence)
    findings += evidence_findings(evidence, placeholder=evidence_placeholder, bug=kind == BUG,
                                  link_only=_only_a_link(markdown))
    findings += metric_findings(metric, notes)

    return ProblemFrame(kind=kind, problem=problem, evidence=evidence, metric=metric,
                        findings=_apply(findings, required, bug=kind == BUG))


def _measured_baseline(metric: SuccessMetric | None, evidence: list[Evidence]) -> list[Evidence]:
    """Return the product data a metric's baseline is measured in, as usage data, when it links it and no item does.

    A monitoring dashboard (Grafana, Datadog) measures our systems, not what customers do: only product analytics
    counts.
    """
    if metric is None or metric.baseline is None:
        return []
    known = {item.url for item in evidence if item.url}
    for link in find_links(metric.text + "\n" + (metric.source or "")):
        if link.url not in known and kind_from_url(link.url) is EvidenceKind.USAGE_DATA:
            unit = "" if not metric.unit else metric.unit if metric.unit == "%" else f" {metric.unit}"
            return [Evidence(kind=EvidenceKind.USAGE_DATA, url=link.url,
                             text=f"Baseline {metric.baseline:g}{unit} measured in {link.url}")]
    return []


MAX_WORDS_BESIDE_A_LINK = 4


def _only_a_link(markdown: str) -> str | None:
    """Return the link a body holds when it holds nothing else but a few words ('see thread https://…'), else None."""
    if len(markdown) > 600:
        return None
    links = find_links(markdown)
    if len(links) != 1:
        return None
    rest = replace_links(markdown, links)
    return str(links[0].url) if len(rest.split()) - len(links[0].text.split()) <= MAX_WORDS_BESIDE_A_LINK else None


def _errors(findings: list[Finding], prefix: str) -> bool:
    """Return whether a finding on one part is an error: that part is not there."""
    return any(finding.severity is Severity.ERROR and finding.code.startswith(prefix) for finding in findings)


def _metric_in_prose(
    document: Document, sections: list[Section], metric: SuccessMetric | None, notes: MetricNotes,
    *, today: dt.date | None, bug: bool,
) -> tuple[SuccessMetric | None, MetricNotes]:
    """Return a metric stated in running text when the metric section gave no numbers, else what it gave."""
    for text in (find_metric_sentence(document, sections), find_metric_table(document, sections, bug=bug)):
        if text is None:
            continue
        found, found_notes = parse_metric({"metric": text}, today=today)
        if found is not None and found.target is not None:
            return found, found_notes
    return metric, notes


def _baseline_from_context(
    document: Document, sections: list[Section], metric: SuccessMetric, notes: MetricNotes
) -> tuple[SuccessMetric, MetricNotes]:
    """Return the metric with the baseline the ticket states elsewhere ('2.4 s today'), when it states one clearly."""
    assert metric.target is not None and metric.unit is not None
    found = baseline_in_context(document, sections, metric.unit)
    if found is None or found.value == metric.target:
        return metric, notes
    inferred = Direction.INCREASE if metric.target > found.value else Direction.DECREASE
    if notes.stated is not None and notes.stated is not inferred:
        return metric, notes
    notes = replace(notes, inferred=inferred)
    return metric.model_copy(update={"baseline": found.value, "direction": metric.direction or inferred}), notes


def _unseen(found: list[Evidence], known: list[Evidence]) -> list[Evidence]:
    """Return the items of `found` that no item of `known` already holds (same link, or same customer and quote
    with no link of its own).

    Of two found items with one link, the one that names the customer stays: a header's 'Source request: CSD-14821'
    and the table row 'Cobalt Ridge Insurance | … | CSD-14821' cite one request, Cobalt Ridge's.
    """
    urls = {item.url for item in known if item.url}
    pairs = {(customer_key(item.customer), item.quote) for item in known if item.customer}
    fresh: list[Evidence] = []
    linked: dict[str, int] = {}
    for item in found:
        new_link = bool(item.url) and item.url not in urls and item.url not in linked
        # The same customer's words again add nothing; the same customer's other ticket or recording does.
        if item.customer and (customer_key(item.customer), item.quote) in pairs and not new_link:
            continue
        if item.url and (item.url in urls or item.url in linked):
            earlier = linked.get(item.url)
            if earlier is not None and item.customer and not fresh[earlier].customer:
                fresh[earlier] = item
                pairs.add((customer_key(item.customer), item.quote))
            continue
        if item.url:
            linked[item.url] = len(fresh)
        fresh.append(item)
        if item.customer:
            pairs.add((customer_key(item.customer), item.quote))
    return fresh


def _parts(
    markdown: str, document: Document, sections: list[Section], fields: Mapping[str, str] | None
) -> tuple[dict[Key, str], set[Key]]:
    """Return each part's text from the body, with separate fields taking precedence, and the parts that only
    repeat their template's help text.

    Evidence and metric values come from the body with code emptied: numbers in a stack trace are no metric.
    """
    parts = pick_parts(sections)
    if document.code_lines and "evidence" in parts:
        parts["evidence"] = pick_parts(sections, document.masked(spans=False)).get("evidence", "")
    if (document.code_lines or "`" in markdown) and any(key in parts for key in METRIC_KEYS):
        masked = pick_parts(sections, document.masked(spans=True))
        for key in METRIC_KEYS - {"source"}:
            if key in parts:
                parts[key] = masked.get(key, "")
    if fields:
        for name, value in fields.items():
            found = classify_exact(name) if isinstance(name, str) else None
            if found is None or not isinstance(value, str) or not value.strip():
                continue
            if found.key == "metric":
                for key in METRIC_KEYS:
                    parts.pop(key, None)
            parts[found.key] = to_markdown(value)
    cleaned: dict[Key, str] = {}
    helped: set[Key] = set()
    for key, text in parts.items():
        text = "\n".join(line for line in text.split("\n") if line.strip() != NO_RESPONSE).strip()
        if not text:
            continue
        own = strip_help(text)
        if not own:
            helped.add(key)
        cleaned[key] = own or text
    return cleaned, helped


def _apply(findings: list[Finding], required: frozenset[Part], *, bug: bool) -> list[Finding]:
    """Drop 'missing' for parts the ticket's kind does not require, and soften their other findings to warnings."""
    kept: list[Finding] = []
    for finding in findings:
        if finding.field in required:
            kept.append(finding)
        elif not finding.code.endswith(".missing") or (bug and finding.code == "evidence.missing"):
            # A bug report need not cite evidence, but saying who is affected is still asked for, gently.
            kept.append(finding.model_copy(update={"severity": Severity.WARNING}))
    return kept


def _unreadable(framing: Framing) -> ProblemFrame:
    """Return a frame saying the ticket could not be read, so the person can simplify it."""
    findings = [
        Finding(
            field=part,
            code=f"{part}.unreadable",
            message=f"The **{_READ_CAPTION[part]}** could not be read. Write it as plain text under a "
            f"'### {_READ_CAPTION[part]}' heading.",
        )
        for part in PARTS
        if part in framing.required
    ]
    return ProblemFrame(findings=findings)
