"""Jira: wiki markup, Atlassian Document Format, and parts kept in separate custom fields."""

from __future__ import annotations

import json
from pathlib import Path

from problemframe.model import EvidenceKind
from problemframe.parse import parse_ticket
from problemframe.parse.adf import adf_to_markdown
from problemframe.parse.wiki import looks_like_wiki, wiki_to_markdown

TICKETS = Path(__file__).parents[1] / "fixtures" / "tickets"


def _adf(*blocks: dict[str, object]) -> str:
    return json.dumps({"type": "doc", "version": 1, "content": list(blocks)})


def _para(*inline: dict[str, object]) -> dict[str, object]:
    return {"type": "paragraph", "content": list(inline)}


def _text(text: str, **marks: str) -> dict[str, object]:
    node: dict[str, object] = {"type": "text", "text": text}
    if "href" in marks:
        node["marks"] = [{"type": "link", "attrs": {"href": marks["href"]}}]
    return node


def test_wiki_fixture_reads_every_part() -> None:
    frame = parse_ticket((TICKETS / "jira_wiki.txt").read_text())
    assert frame.problem is not None and frame.problem.startswith("Warehouse managers")
    assert [item.customer for item in frame.evidence] == ["Acme Logistics", "Globex Freight", "Initech"]
    assert frame.evidence[0].url == "https://acme.my.salesforce.com/006Qx000001"
    assert frame.evidence[1].quote == "We'd move our second warehouse onto you if bulk edit existed."
    assert frame.evidence[2].kind is EvidenceKind.SUPPORT_TICKET
    assert frame.metric is not None
    assert (frame.metric.name, frame.metric.baseline, frame.metric.target) == (
        "catalogue changes completed per week", 12, 40)
    assert frame.metric.source == 'Looker dashboard "Catalogue ops"'
    assert frame.complete


def test_wiki_markup_becomes_markdown() -> None:
    wiki = "h3. Evidence\n* *Acme* — [ticket|https://a.zendesk.com/1]\n** nested\n# first\nbq. said so\n{{code}}"
    assert wiki_to_markdown(wiki).split("\n") == [
        "### Evidence",
        "- **Acme** — [ticket](https://a.zendesk.com/1)",
        "  - nested",
        "1. first",
        "> said so",
        "`code`",
    ]


def test_wiki_code_and_quote_blocks() -> None:
    wiki = "{code:python}\nh2. not a heading\n{code}\n{quote}\nWe need it.\n{quote}"
    assert wiki_to_markdown(wiki).split("\n") == ["```", "", "h2. not a heading", "", "```", "> We need it.", ""]


def test_wiki_quotes_stay_apart_from_each_other_and_from_the_text_after_them() -> None:
    wiki = '{quote}"Too slow." — respondent #4{quote}\n{quote}"Still slow." — respondent #9{quote}\nAlso ZD-12.'
    assert wiki_to_markdown(wiki).split("\n") == [
        '> "Too slow." — respondent #4', "", '> "Still slow." — respondent #9', "", "Also ZD-12."]


def test_markdown_is_not_mistaken_for_wiki() -> None:
    assert not looks_like_wiki("## Problem\n* item with *emphasis*\n[link](https://x.io)")
    assert looks_like_wiki("h2. Problem\nsomething")
    assert looks_like_wiki("*Problem:* exports fail\n# Acme")


def test_wiki_bold_labels_and_numbered_evidence() -> None:
    body = (
        "*Problem:* Exports time out for finance admins.\n*Evidence:*\n"
        "# Acme — [ZD-1|https://acme.zendesk.com/agent/tickets/1]\n# Globex — [call|https://app.gong.io/call?id=2]\n"
        "*Success metric:* exports from 120 to 300 within 30 days. Source: Amplitude"
    )
    frame = parse_ticket(body)
    assert frame.problem == "Exports time out for finance admins."
    assert [item.customer for item in frame.evidence] == ["Acme", "Globex"]
    assert frame.complete


def test_adf_fixture_reads_every_part() -> None:
    frame = parse_ticket((TICKETS / "jira_adf.json").read_text())
    assert frame.problem is not None and frame.problem.startswith("Sales engineers")
    assert [item.customer for item in frame.evidence] == ["Stark Industries", "Cyberdyne"]
    assert frame.evidence[0].kind is EvidenceKind.CRM
    assert frame.evidence[0].url == "https://app.hubspot.com/contacts/123/deal/456"
    assert frame.evidence[1].quote == "Every demo starts with 40 minutes of setup."
    assert frame.metric is not None
    assert (frame.metric.baseline, frame.metric.target, frame.metric.unit) == (120, 15, "min")
    assert frame.complete


def test_adf_lists_headings_links_and_quotes_become_markdown() -> None:
    doc = _adf(
        {"type": "heading", "attrs": {"level": 3}, "content": [_text("Evidence")]},
        {"type": "orderedList", "content": [
            {"type": "listItem", "content": [_para(_text("Acme — "), _text("ZD-1", href="https://a.zendesk.com/1"))]},
        ]},
        {"type": "blockquote", "content": [_para(_text("We need it"))]},
        _para({"type": "inlineCard", "attrs": {"url": "https://app.gong.io/call?id=3"}}),
        _para({"type": "date", "attrs": {"timestamp": "1773273600000"}}),
    )
    assert adf_to_markdown(doc).split("\n") == [
        "### Evidence", "", "1. Acme — [ZD-1](https://a.zendesk.com/1)", "", "> We need it", ">", "",
        "<https://app.gong.io/call?id=3>", "", "2026-03-12",
    ]


def test_broken_adf_still_yields_its_words() -> None:
    broken = '{"type":"doc","content":[{"type":"paragraph","content":[{"type":"text","text":"Exports time out"}]'
    frame = parse_ticket(broken)
    assert frame.problem == "Exports time out"


def test_fields_override_the_body_in_each_format() -> None:
    body = "h2. Problem\nOld text.\nh2. Evidence\n* TBD"
    fields = {
        "problem": _adf(_para(_text("Finance admins cannot export more than 10k rows; they rebuild reports by hand."))),
        "evidence": "* *Acme* — [ZD-1|https://acme.zendesk.com/agent/tickets/1] — $120k ARR",
        "metric": "Baseline: 120\nTarget: 300\nWindow: 30 days\nSource: Amplitude",
    }
    frame = parse_ticket(body, fields=fields)
    assert frame.problem == "Finance admins cannot export more than 10k rows; they rebuild reports by hand."
    assert [item.customer for item in frame.evidence] == ["Acme"]
    assert frame.metric is not None and (frame.metric.baseline, frame.metric.target) == (120, 300)
    assert frame.complete


def test_empty_fields_fall_back_to_the_body_and_unknown_fields_are_ignored() -> None:
    body = "## Problem\nExports time out.\n"
    frame = parse_ticket(body, fields={"problem": "  ", "customfield_10010": "x"})
    assert frame.problem == "Exports time out."


def test_a_metric_field_replaces_the_body_metric_pieces() -> None:
    body = "## Success metric\nexports\n## Baseline\n5\n## Target\n6\n"
    frame = parse_ticket(body, fields={"metric": "exports from 120 to 300 in 30 days"})
    assert frame.metric is not None
    assert (frame.metric.baseline, frame.metric.target) == (120, 300)


def test_wiki_table_header_rows_are_not_evidence() -> None:
    body = (
        "h2. Evidence\n||Customer||Link||ARR||\n|Acme|[ZD-1|https://acme.zendesk.com/agent/tickets/1]|$10k|\n"
        "|Globex|[call|https://app.gong.io/call?id=2]| |\n"
    )
    frame = parse_ticket(body)
    assert [(item.customer, item.kind) for item in frame.evidence] == [
        ("Acme", EvidenceKind.SUPPORT_TICKET), ("Globex", EvidenceKind.CALL)]


def test_adf_table_rows_are_evidence_items_and_the_header_is_not() -> None:
    def cell(kind: str, *inline: dict[str, object]) -> dict[str, object]:
        return {"type": kind, "content": [_para(*inline)]}

    table: dict[str, object] = {"type": "table", "content": [
        {"type": "tableRow", "content": [cell("tableHeader", _text("Customer")), cell("tableHeader", _text("Link"))]},
        {"type": "tableRow", "content": [
            cell("tableCell", _text("Acme")),
            cell("tableCell", _text("ZD-1", href="https://acme.zendesk.com/agent/tickets/1")),
        ]},
    ]}
    doc = _adf({"type": "heading", "attrs": {"level": 2}, "content": [_text("Evidence")]}, table)
    frame = parse_ticket(doc)
    assert [(item.customer, item.url) for item in frame.evidence] == [
        ("Acme", "https://acme.zendesk.com/agent/tickets/1")]
