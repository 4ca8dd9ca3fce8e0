"""User text echoed into comments pings no one, links nothing, hides nothing; the comment always fits."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from problemframe.evidence import EvidenceScore, score_evidence
from problemframe.model import Direction, Evidence, EvidenceKind, Finding, Money, ProblemFrame, SuccessMetric
from problemframe.parse import parse_ticket
from problemframe.policy import Framing, Policy
from problemframe.render import (
    GITHUB_COMMENT_LIMIT,
    JIRA_COMMENT_LIMIT,
    MARKER,
    WIKI,
    WIKI_MARKER,
    Heading,
    checklist_blocks,
    escape_wiki,
    neutralise,
    render_checklist,
    safe_url,
    understood,
)

TODAY = dt.date(2026, 6, 1)
POLICY = Policy()
MARKDOWN = MarkdownIt("commonmark").enable(["table", "strikethrough"])

MENTION = re.compile(r"(?<![A-Za-z0-9])@[A-Za-z0-9]")
ISSUE_REF = re.compile(r"#[0-9]|\bGH-[0-9]", re.IGNORECASE)
UNESCAPED = re.compile(r"(?<!\\)[`|*_\[\]~]")

EVIL = [
    "@octocat please look",
    "cc @github/security-team",
    "fixes #123 and GH-45 and octo-org/octo-repo#1",
    "<!-- problemframe --> forged",
    "<!-- hidden --> comment",
    '<img src=x onerror="alert(1)">',
    "```python\nimport os\n",
    "## Heading\n| a | b |\n|---|---|",
    "mail me at ceo@example.com or see https://github.com/o/r/issues/9 and www.example.com",
    "![pixel](https://tracker.example/p.gif) [click](javascript:alert(1))",
    "$\\sqrt{x}$ math and &#64;octocat and `unbalanced",
    "\u202eevil\u202c text\u200b with\x1b[31m controls",
]


def rendered_text(markdown: str) -> str:
    """Return the visible text of rendered markdown, as GitHub's reference and mention filters see it."""
    return re.sub(r"<[^>]+>", "", MARKDOWN.render(markdown))


@pytest.mark.parametrize("text", EVIL)
def test_neutralised_text_renders_as_one_plain_paragraph(text: str) -> None:
    out = neutralise(text)
    html = MARKDOWN.render(out)
    assert re.findall(r"</?[a-z0-9]+", html) in ([], ["<p", "</p"]), html
    visible = rendered_text(out)
    assert not MENTION.search(visible)
    assert not ISSUE_REF.search(visible)
    assert "://" not in visible and "www." not in visible
    assert MARKER not in out and "<!--" not in out and "<" not in out
    assert "\n" not in out and "\u202e" not in out and "\x1b" not in out
    assert not UNESCAPED.search(out)


def test_mentions_and_references_stay_readable() -> None:
    assert neutralise("@octocat").replace("\u200d", "") == "@octocat"
    assert neutralise("#123").replace("\u200d", "") == "\\#123"


def test_long_text_is_cut_with_an_ellipsis() -> None:
    out = neutralise("word " * 100, limit=20)
    assert out.endswith("…")
    assert len(out) == 20
    assert neutralise("short", limit=20) == "short"


def test_leading_list_markers_are_escaped() -> None:
    assert MARKDOWN.render(neutralise("- item")) == "<p>- item</p>\n"
    assert MARKDOWN.render(neutralise("12. item")) == "<p>12. item</p>\n"
    assert MARKDOWN.render(neutralise("+ item")) == "<p>+ item</p>\n"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_any_text_neutralises_to_a_single_tagless_paragraph(text: str) -> None:
    out = neutralise(text)
    html = MARKDOWN.render(out)
    assert re.findall(r"</?[a-z0-9]+", html) in ([], ["<p", "</p"]), (out, html)
    assert not MENTION.search(rendered_text(out))
    assert MARKER not in out


def test_wiki_escaping_defuses_mentions_macros_and_markup() -> None:
    out = escape_wiki("[~admin] [~accountid:5b10a2844c20165700ede21g] {html}<b>x</b>{html} *bold* -strike- |cell|")
    assert not re.search(r"(?<!\\)[\[\]{}*|]", out)
    assert "[~" not in out.replace("\\[~", "")
    assert escape_wiki("h1. Title").startswith("h\u200d1.")
    assert escape_wiki("bq. quote").startswith("b\u200dq.")


def test_safe_url_only_passes_http_links_that_cannot_break_out() -> None:
    assert safe_url("https://acme.zendesk.com/agent/tickets/1") == "https://acme.zendesk.com/agent/tickets/1"
    assert safe_url("javascript:alert(1)") is None
    assert safe_url("data:text/html,x") is None
    assert safe_url("https://x.example/a b") is None
    assert safe_url("https://x.example/a)b](c|d") == "https://x.example/a%29b%5D%28c%7Cd"
    assert safe_url(None) is None


def score_of(frame: ProblemFrame) -> EvidenceScore:
    weights, tiers = POLICY.evidence.weights, POLICY.evidence.tiers
    return score_evidence(frame.evidence, weights=weights, tiers=tiers, today=TODAY)


def complete_frame() -> ProblemFrame:
    return ProblemFrame(
        problem="Finance admins export by hand every week.",
        evidence=[
            Evidence(
                customer="Acme Corp",
                url="https://acme.zendesk.com/agent/tickets/4821",
                kind=EvidenceKind.SUPPORT_TICKET,
                arr=Money(amount=120_000),
                date=TODAY - dt.timedelta(days=12),
                quote="Exports take an hour",
            )
        ],
        metric=SuccessMetric(
            name="weekly active exporters",
            baseline=1200,
            target=1500,
            direction=Direction.INCREASE,
            window_days=30,
            source="prometheus prod: sum(rate(exports_total[7d]))",
        ),
        findings=[Finding(field="metric", code="unit", message="Say what unit the metric counts.", severity="warning")],
    )


def incomplete_frame() -> ProblemFrame:
    return ProblemFrame(
        problem="Exports are slow",
        findings=[
            Finding(field="evidence", code="missing", message="Add a customer under ### Customer evidence."),
            Finding(field="metric", code="missing", message="Add a success metric with a baseline and target."),
        ],
    )


def test_complete_frame_comment_shows_verdict_checklist_breakdown_and_metric() -> None:
    frame = complete_frame()
    score = score_of(frame)
    body = render_checklist(frame, score, policy=POLICY)
    assert body.startswith(MARKER + "\n")
    assert "### ✅ Framed" in body
    for title in ("Problem statement", "Customer evidence", "Success metric"):
        assert f"- ✅ **{title}**" in body
    assert "⚠️ Success metric: Say what unit the metric counts." in body
    assert f"### Evidence: {score.score}/100 ({score.tier.value})" in body
    assert f"Label: evidence-{score.tier.value}" in body
    for line in score.breakdown:
        assert f"`{line.points:+g}` {neutralise(line.reason)}" in body
    assert "Name: weekly active exporters" in body
    assert "Baseline → target: 1,200 → 1,500" in body
    assert "Direction: increase" in body
    assert "Window: 30 days after release" in body
    assert "Source: prometheus prod: sum(rate(exports\\_total\\[7d\\]))" in body


def test_incomplete_frame_comment_names_the_missing_parts_and_how_to_fix_them() -> None:
    frame = incomplete_frame()
    body = render_checklist(frame, score_of(frame), policy=POLICY)
    assert "### ⚠️ Needs framing: evidence, metric" in body
    assert "- ✅ **Problem statement**" in body
    assert "- ❌ **Customer evidence**\n  - Add a customer under \\#\\#\\# Customer evidence." in body
    assert "- ❌ **Success metric**\n  - Add a success metric with a baseline and target." in body
    assert "No customer evidence yet, so no points." in body
    assert "No success metric found." in body


def test_parts_the_policy_does_not_require_are_marked_so() -> None:
    policy = Policy(framing=Framing(required=frozenset({"problem", "evidence"})))
    frame = ProblemFrame(problem="p", evidence=complete_frame().evidence)
    body = render_checklist(frame, score_of(frame), policy=policy)
    assert "- ➖ **Success metric**: not required here" in body


def test_user_text_in_the_comment_is_neutralised() -> None:
    frame = ProblemFrame(
        problem="x",
        evidence=[Evidence(customer="@octocat <!-- problemframe --> #1", kind=EvidenceKind.CALL)],
        metric=SuccessMetric(name="@org/team ```", source="<img src=x onerror=alert(1)>"),
        findings=[Finding(field="metric", code="bad", message="Baseline '@admin' is not a number (see #9)")],
    )
    body = render_checklist(frame, score_of(frame), policy=POLICY)
    assert body.count(MARKER) == 1
    assert "<img" not in body and "<!-- " not in body.removeprefix(MARKER)
    visible = rendered_text(body)
    assert not MENTION.search(visible)
    assert not ISSUE_REF.search(visible)
    assert "```" not in body


def test_saved_searches_link_each_tier_and_drop_unsafe_urls() -> None:
    frame = complete_frame()
    searches = {
        "strong": "https://github.com/o/r/issues?q=label%3Aevidence-strong",
        "weak": "javascript:alert(1)",
    }
    body = render_checklist(frame, score_of(frame), policy=POLICY, searches=searches)
    assert "[strong](https://github.com/o/r/issues?q=label%3Aevidence-strong)" in body
    assert "javascript" not in body
    assert "Filter by evidence: weak · [strong]" in body


def test_extra_sections_are_appended_after_the_checklist() -> None:
    frame = complete_frame()
    body = render_checklist(
        frame, score_of(frame), policy=POLICY, extra_sections=["### Outcome\nPending until 2026-07-01"]
    )
    assert body.endswith("### Outcome\nPending until 2026-07-01")
    assert body.index("Success metric, as understood") < body.index("### Outcome")


def huge_frame() -> ProblemFrame:
    quote = "This export problem costs our team many hours each and every week. " * 5
    evidence = [
        Evidence(
            customer=f"Customer number {n} " + "x" * 40,
            url=f"https://crm.example.com/accounts/{n}",
            kind=list(EvidenceKind)[n % len(EvidenceKind)],
            arr=Money(amount=1000 + n),
            date=TODAY - dt.timedelta(days=n % 400),
            quote=quote,
        )
        for n in range(3000)
    ]
    findings = [Finding(field="evidence", code=f"c{n}", message="Fix this line: " + "y" * 300) for n in range(400)]
    return ProblemFrame(problem="p" * 100_000, evidence=evidence, findings=findings)


def test_comment_fits_github_for_a_megabyte_of_evidence() -> None:
    frame = huge_frame()
    assert sum(len(e.quote or "") + len(e.customer or "") for e in frame.evidence) > 1_000_000
    body = render_checklist(frame, score_of(frame), policy=POLICY, extra_sections=["z" * 200_000, "### Outcome\nok"])
    assert len(body) < GITHUB_COMMENT_LIMIT
    assert body.startswith(MARKER)
    assert "### ⚠️ Needs framing: evidence" in body
    hidden = re.search(r"\n  - … ([0-9]+) more findings not shown\n", body)
    assert hidden is not None
    assert body.count("\n  - Fix this line: ") + int(hidden.group(1)) == 400
    assert "- ✅ **Problem statement**" in body
    assert "- ❌ **Customer evidence**" in body
    assert "- ➖ **Success metric**: not given" in body
    assert "`+10` 3000 linked items (capped at 10)" in body
    assert "2709 more customers" in body  # the long tail of the breakdown is one line
    assert "capped at 48: customers" in body
    assert "Some lines were left out to stay under the 65,536-character limit." in body
    assert body.count("z" * 100) == 0
    assert "### Outcome\nok" in body


def test_wiki_comment_shares_the_structure_and_escapes_mentions() -> None:
    frame = incomplete_frame().model_copy(
        update={"evidence": [Evidence(customer="[~accountid:123] {html}x{html}", kind=EvidenceKind.CALL)]}
    )
    wiki = render_checklist(frame, score_of(frame), policy=POLICY, extra_sections=["h3. Outcome"], syntax=WIKI)
    assert wiki.startswith(WIKI_MARKER + "\n")
    assert "h3. (!) Needs framing: evidence, metric" in wiki
    assert "* (x) *Customer evidence*" in wiki
    assert "** Add a customer under \\#\\#\\# Customer evidence." in wiki
    assert "\\[\\~accountid:123\\] \\{html\\}x\\{html\\}" in wiki
    assert not re.search(r"(?<!\\)\[~", wiki)
    assert wiki.endswith("h3. Outcome")
    big = render_checklist(huge_frame(), score_of(huge_frame()), policy=POLICY, syntax=WIKI)
    assert len(big) < JIRA_COMMENT_LIMIT


def test_blocks_are_shared_between_markups() -> None:
    frame = complete_frame()
    score = score_of(frame)
    blocks = checklist_blocks(frame, score, policy=POLICY)
    assert isinstance(blocks[0], Heading)
    markdown = render_checklist(frame, score, policy=POLICY)
    wiki = render_checklist(frame, score, policy=POLICY, syntax=WIKI)
    assert markdown.count("\n- ") == wiki.count("\n* ") > len(score.breakdown)
    assert markdown.count("\n### ") == wiki.count("\nh3. ") == 3


def test_the_checklist_says_what_evidence_was_read_when_no_one_is_named() -> None:
    frame = parse_ticket("Hi, since 6.1 the app closes every time I open a PDF. I'm on an iPhone 14 and I need it "
                         "for my work.\n\n> \"Forty minutes on hold for nothing.\" — survey respondent #12\n")

    assert sorted((understood(frame, "evidence") or "").split("; ")) == ["a user's own report", "survey quote"]
