"""The sticky checklist comment: one structure, rendered as GitHub markdown or Jira wiki markup."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from problemframe.evidence import KIND_NAMES, EvidenceScore, Tier
from problemframe.model import PARTS, EvidenceKind, Part, ProblemFrame, Severity, SuccessMetric
from problemframe.numbers import figure
from problemframe.parse.text import shorten
from problemframe.policy import Policy
from problemframe.render_markup import (
    GITHUB_COMMENT_LIMIT,
    JIRA_COMMENT_LIMIT,
    MARKDOWN,
    MARKER,
    WIKI,
    WIKI_MARKER,
    Block,
    Bullets,
    Heading,
    Line,
    Paragraph,
    Raw,
    Span,
    Syntax,
    render_blocks,
)
from problemframe.render_text import escape_wiki, neutralise, safe_url

PART_TITLES: dict[Part, str] = {
    "problem": "Problem statement",
    "evidence": "Customer evidence",
    "metric": "Success metric",
}


def _plain(text: str) -> Span:
    return Span(text)


def _user(text: str) -> Span:
    return Span(text, "user")


_BOLD = re.compile(r"\*\*(.+?)\*\*")


def message_spans(message: str) -> Line:
    """Split a finding message into user-text spans, keeping its **bold** parts bold."""
    spans: list[Span] = []
    for index, part in enumerate(_BOLD.split(message)):
        if part:
            spans.append(Span(part, "user_strong" if index % 2 else "user"))
    return tuple(spans)


def part_present(frame: ProblemFrame, part: Part) -> bool:
    """Return whether a ticket gives a part at all, right or wrong."""
    if part == "problem":
        return bool(frame.problem and frame.problem.strip())
    if part == "evidence":
        return bool(frame.evidence)
    return frame.metric is not None


MAX_UNDERSTOOD = 3
_MARKUP = re.compile(r"[*`]+|(?<!\w)_+|_+(?!\w)")
_UNDERSTOOD_CHARS = 90


def understood(frame: ProblemFrame, part: Part) -> str | None:
    """Return, in a few words, what was read for a part, so the person sees what the service understood."""
    if part == "problem":
        return _short(frame.problem) if frame.problem else None
    if part == "evidence":
        pieces: list[str] = []
        for item in frame.evidence:
            if item.kind is EvidenceKind.INTERNAL:
                continue
            source = KIND_NAMES[item.kind] if item.kind is not EvidenceKind.OTHER else ("link" if item.url else "")
            if item.customer:
                pieces.append(f"{item.customer} ({source})" if source else item.customer)
            elif item.count:
                pieces.append(_short(item.text, 40))
            elif item.url:
                pieces.append(source or "link")
            elif item.kind is EvidenceKind.FIRST_HAND:
                pieces.append("a user's own report")
            elif item.quote:
                pieces.append(f"{source} quote" if source else "quote")
        if not pieces:
            return None
        more = f" and {len(pieces) - MAX_UNDERSTOOD} more" if len(pieces) > MAX_UNDERSTOOD else ""
        return "; ".join(dict.fromkeys(pieces[:MAX_UNDERSTOOD])) + more
    metric = frame.metric
    if metric is None:
        return None
    numbers = ""
    if metric.baseline is not None or metric.target is not None:
        unit = f" {metric.unit}" if metric.unit else ""
        baseline = "?" if metric.baseline is None else figure(metric.baseline)
        target = "?" if metric.target is None else figure(metric.target)
        numbers = f" {baseline} → {target}{unit}"
    return (_short(metric.name or "", 50) + numbers).strip() or None


def _short(text: str, limit: int = _UNDERSTOOD_CHARS) -> str:
    return shorten(_MARKUP.sub("", text), limit)


def _verdict(frame: ProblemFrame) -> Line:
    if frame.complete:
        return (Span("ok", "icon"), _plain(" Framed"))
    return (Span("warning", "icon"), _plain(" Needs framing: " + ", ".join(frame.missing)))


def _checklist(frame: ProblemFrame, policy: Policy) -> Bullets:
    items: list[tuple[int, Line]] = []
    missing = set(frame.missing)
    for part in PARTS:
        title = Span(PART_TITLES[part], "strong")
        if part in missing:
            items.append((0, (Span("error", "icon"), _plain(" "), title)))
            errors = [f for f in frame.findings if f.field == part and f.severity is Severity.ERROR]
            items.extend((1, message_spans(finding.message)) for finding in errors)
        elif not part_present(frame, part):
            required = policy.framing.required_for(frame.kind)
            why = ("not given" if part in required else f"not needed for a {frame.kind} report" if frame.kind
                   else "not required here")
            items.append((0, (Span("skip", "icon"), _plain(" "), title, _plain(f": {why}"))))
        else:
            read = understood(frame, part)
            detail = (_plain(": "), _user(read)) if read else ()
            items.append((0, (Span("ok", "icon"), _plain(" "), title, *detail)))
    return Bullets(tuple(items), noun="findings")


def _metric_lines(metric: SuccessMetric) -> Bullets:
    items: list[tuple[int, Line]] = []
    unit = f" {metric.unit}" if metric.unit else ""
    if metric.name:
        items.append((0, (_plain("Name: "), _user(metric.name))))
    if metric.baseline is not None or metric.target is not None:
        baseline = "?" if metric.baseline is None else figure(metric.baseline)
        target = "?" if metric.target is None else figure(metric.target)
        items.append((0, (_plain("Baseline → target: "), _user(f"{baseline} → {target}{unit}"))))
    if metric.direction is not None:
        items.append((0, (_plain(f"Direction: {metric.direction.value}"),)))
    if metric.window_days is not None:
        items.append((0, (_plain(f"Window: {metric.window_days} days after release"),)))
    if metric.window_until is not None:
        items.append((0, (_plain(f"Window: until {metric.window_until.isoformat()}"),)))
    if metric.source:
        items.append((0, (_plain("Source: "), _user(metric.source))))
    return Bullets(tuple(items), noun="metric lines")


def checklist_blocks(
    frame: ProblemFrame,
    score: EvidenceScore,
    *,
    policy: Policy,
    searches: Mapping[str, str] | None = None,
) -> list[Block]:
    """Return the checklist comment as markup-neutral blocks."""
    blocks: list[Block] = [Heading(_verdict(frame)), _checklist(frame, policy)]
    warnings = [f for f in frame.findings if f.severity is Severity.WARNING]
    if warnings:
        blocks.append(Paragraph((Span("Warnings", "strong"),)))
        lines = tuple(
            (0, (Span("warning", "icon"), _plain(f" {PART_TITLES[f.field]}: "), *message_spans(f.message)))
            for f in warnings
        )
        blocks.append(Bullets(lines, noun="warnings"))
    label = policy.labels.evidence(score.tier.value)
    blocks.append(Heading((_plain(f"Evidence: {score.score}/100 ({score.tier.value})"),)))
    blocks.append(Paragraph((_plain("Label: "), Span(label, "user"))))
    if score.breakdown:
        lines = tuple(
            (0, (Span(f"{line.points:+g}", "code"), _plain(" "), _user(line.reason))) for line in score.breakdown
        )
        blocks.append(Bullets(lines, noun="score lines"))
    else:
        blocks.append(Paragraph((_plain("No customer evidence yet, so no points."),)))
    if searches:
        links: list[Span] = [_plain("Filter by evidence: ")]
        for tier in Tier:
            if tier.value in searches:
                if len(links) > 1:
                    links.append(_plain(" · "))
                links.append(Span(tier.value, "link", searches[tier.value]))
        if len(links) > 1:
            blocks.append(Paragraph(tuple(links)))
    if frame.metric is None and "metric" not in policy.framing.required_for(frame.kind):
        return blocks
    blocks.append(Heading((_plain("Success metric, as understood"),)))
    if frame.metric is None:
        blocks.append(Paragraph((_plain("No success metric found."),)))
    else:
        blocks.append(_metric_lines(frame.metric))
    return blocks


def render_notices(notices: Sequence[str], *, wiki: bool) -> str:
    """Render notices about the service's configuration (a broken policy file) for the sticky comment."""
    if wiki:
        return "\n".join(["h3. Configuration", "", *(f"* {escape_wiki(n, limit=500)}" for n in notices)])
    return "\n".join(["### Configuration", "", *(f"- ⚠️ {neutralise(n, limit=500)}" for n in notices)])


def render_checklist(
    frame: ProblemFrame,
    score: EvidenceScore,
    *,
    policy: Policy,
    searches: Mapping[str, str] | None = None,
    extra_sections: Sequence[str] = (),
    syntax: Syntax = MARKDOWN,
) -> str:
    """Return the sticky comment in `syntax`: marker, verdict, checklist, evidence, metric, then `extra_sections`."""
    blocks = checklist_blocks(frame, score, policy=policy, searches=searches)
    return render_blocks(blocks, syntax, extra_sections=extra_sections)


__all__ = [
    "GITHUB_COMMENT_LIMIT",
    "JIRA_COMMENT_LIMIT",
    "MARKDOWN",
    "MARKER",
    "PART_TITLES",
    "WIKI",
    "WIKI_MARKER",
    "Block",
    "Bullets",
    "Heading",
    "Line",
    "Paragraph",
    "Raw",
    "Span",
    "Syntax",
    "checklist_blocks",
    "escape_wiki",
    "message_spans",
    "neutralise",
    "part_present",
    "render_blocks",
    "render_checklist",
    "render_notices",
    "safe_url",
]
