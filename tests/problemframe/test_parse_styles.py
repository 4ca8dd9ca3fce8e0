"""Generated tickets in many writing styles: any mix of heading style, synonym and separator reads the same."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from problemframe.model import ProblemFrame
from problemframe.parse import parse_ticket

PROBLEMS = [
    "Finance admins cannot export more than 10k rows, so they rebuild reports by hand every Monday.",
    "Support agents copy order data between two tools by hand; each ticket takes four extra minutes.",
    "Warehouse managers edit SKUs one at a time, which takes a full day per catalogue change 😩",
]
LABELS = {
    "problem": ["Problem", "Problem statement", "What problem are we solving?", "Why", "The problem", "🔥 Problem"],
    "evidence": ["Evidence", "Customer evidence", "Who asked", "Customer signal", "Customer requests", "Who asked?"],
    "metric": ["Success metric", "Success criteria", "Metrics", "How will we know it worked?", "Definition of success",
               "KPI"],
}
CUSTOMERS = ["Acme Corp", "Globex", "Initech", "Umbrella Health", "Stark Industries", "Hooli Inc."]
URLS = ["https://acme.zendesk.com/agent/tickets/4512", "https://app.gong.io/call?id=7781",
        "https://initech.my.salesforce.com/006Qx01", "https://acme.slack.com/archives/C01/p1",
        "https://app.intercom.com/a/inbox/x/conversation/9", "https://acme.typeform.com/report/abc"]
SEPARATORS = [" — ", " - ", ", ", " | ", ": ", " – ", " · "]
BULLETS = ["- ", "* ", "+ ", "1. ", "• "]


@st.composite
def evidence_lines(draw: st.DrawFn) -> list[tuple[str, str]]:
    count = draw(st.integers(min_value=1, max_value=4))
    customers = draw(st.permutations(CUSTOMERS))[:count]
    return [(customer, draw(st.sampled_from(URLS))) for customer in customers]


@st.composite
def metric_texts(draw: st.DrawFn) -> tuple[str, float, float, int]:
    baseline = draw(st.integers(min_value=1, max_value=5000))
    target = draw(st.integers(min_value=1, max_value=5000).filter(lambda t: t != baseline))
    days = draw(st.integers(min_value=1, max_value=365))
    shape = draw(st.sampled_from([
        "weekly active exporters from {b} to {t} within {d} days",
        "exports per week: {b} -> {t}, measured {d} days after launch",
        "Baseline: {b} / Target: {t} / Window: {d} days",
        "Metric: exports per week\nBaseline: {b}\nTarget: {t}\nWindow: {d} days",
        "exports per week {b} → {t} in {d} days",
    ]))
    return shape.format(b=baseline, t=target, d=days) + "\nSource: Amplitude", baseline, target, days


def _markdown_section(style: str, label: str, content: str) -> str:
    if style.startswith("atx"):
        return f"{'#' * int(style[3])} {label}\n{content}"
    if style == "bold":
        return f"**{label}:**\n{content}"
    if style == "bold-inline":
        return f"**{label}** \n{content}"
    if style == "setext":
        return f"{label}\n{'=' * max(3, len(label))}\n{content}"
    return f"{label.rstrip('?')}:\n{content}"


@settings(max_examples=200, deadline=None)
@given(
    styles=st.lists(st.sampled_from(["atx1", "atx2", "atx3", "bold", "bold-inline", "setext", "inline"]),
                    min_size=3, max_size=3),
    labels=st.tuples(*(st.sampled_from(LABELS[part]) for part in ("problem", "evidence", "metric"))),
    problem=st.sampled_from(PROBLEMS),
    evidence=evidence_lines(),
    separator=st.sampled_from(SEPARATORS),
    bullet=st.sampled_from(BULLETS),
    metric=metric_texts(),
    blank=st.sampled_from(["\n", "\n\n", "\r\n\r\n"]),
)
def test_markdown_in_any_style_reads_the_same(
    styles: list[str],
    labels: tuple[str, str, str],
    problem: str,
    evidence: list[tuple[str, str]],
    separator: str,
    bullet: str,
    metric: tuple[str, float, float, int],
    blank: str,
) -> None:
    lines = "\n".join(f"{bullet}{customer}{separator}{url}" for customer, url in evidence)
    contents = (problem, lines, metric[0])
    sections = zip(styles, labels, contents, strict=True)
    body = blank.join(_markdown_section(style, label, content) for style, label, content in sections)
    _check(parse_ticket(body), problem, evidence, metric)


@settings(max_examples=100, deadline=None)
@given(
    labels=st.tuples(*(st.sampled_from(LABELS[part]) for part in ("problem", "evidence", "metric"))),
    bold=st.booleans(),
    problem=st.sampled_from(PROBLEMS),
    evidence=evidence_lines(),
    separator=st.sampled_from(SEPARATORS),
    bullet=st.sampled_from(["* ", "# ", "- "]),
    metric=metric_texts(),
)
def test_jira_wiki_in_any_style_reads_the_same(
    labels: tuple[str, str, str],
    bold: bool,
    problem: str,
    evidence: list[tuple[str, str]],
    separator: str,
    bullet: str,
    metric: tuple[str, float, float, int],
) -> None:
    lines = "\n".join(f"{bullet}{customer}{separator}[link|{url}]" for customer, url in evidence)
    contents = (problem, lines, metric[0])
    heading = "*{}:*\n{}" if bold else "h3. {}\n{}"
    body = "\n\n".join(heading.format(label, content) for label, content in zip(labels, contents, strict=True))
    _check(parse_ticket(body), problem, evidence, metric)


@settings(max_examples=100, deadline=None)
@given(
    labels=st.tuples(*(st.sampled_from(LABELS[part]) for part in ("problem", "evidence", "metric"))),
    ordered=st.booleans(),
    problem=st.sampled_from(PROBLEMS),
    evidence=evidence_lines(),
    separator=st.sampled_from(SEPARATORS),
    metric=metric_texts(),
)
def test_adf_in_any_style_reads_the_same(
    labels: tuple[str, str, str],
    ordered: bool,
    problem: str,
    evidence: list[tuple[str, str]],
    separator: str,
    metric: tuple[str, float, float, int],
) -> None:
    def heading(text: str) -> dict[str, object]:
        return {"type": "heading", "attrs": {"level": 2}, "content": [{"type": "text", "text": text}]}

    def paragraph(*inline: dict[str, object]) -> dict[str, object]:
        return {"type": "paragraph", "content": list(inline)}

    items = [
        {"type": "listItem", "content": [paragraph(
            {"type": "text", "text": customer + separator},
            {"type": "text", "text": "link", "marks": [{"type": "link", "attrs": {"href": url}}]},
        )]}
        for customer, url in evidence
    ]
    metric_lines: list[dict[str, object]] = [{"type": "text", "text": line} for line in metric[0].split("\n")]
    metric_inline: list[dict[str, object]] = []
    for node in metric_lines:
        metric_inline.extend([node, {"type": "hardBreak"}])
    doc = {"type": "doc", "version": 1, "content": [
        heading(labels[0]), paragraph({"type": "text", "text": problem}),
        heading(labels[1]), {"type": "orderedList" if ordered else "bulletList", "content": items},
        heading(labels[2]), paragraph(*metric_inline[:-1]),
    ]}
    _check(parse_ticket(json.dumps(doc)), problem, evidence, metric)


def _check(
    frame: ProblemFrame, problem: str, evidence: list[tuple[str, str]], metric: tuple[str, float, float, int]
) -> None:
    assert frame.problem == problem
    assert [(item.customer, item.url) for item in frame.evidence] == evidence
    assert frame.metric is not None
    assert (frame.metric.baseline, frame.metric.target, frame.metric.window_days) == metric[1:]
    assert frame.metric.source == "Amplitude"
    assert frame.complete, frame.findings
