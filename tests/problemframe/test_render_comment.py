"""The framing comment: verdict, checklist, breakdown and metric, in Markdown and wiki markup; it always fits."""

from __future__ import annotations

import datetime as dt
import re

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
    neutralise,
    render_checklist,
    understood,
)
from tests.problemframe.render_support import ISSUE_REF, MENTION, rendered_text

TODAY = dt.date(2026, 6, 1)
POLICY = Policy()


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
