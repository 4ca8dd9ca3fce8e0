"""Evidence items: who the customer is, the link, the kind of source, and how a section splits into items."""

from __future__ import annotations

import datetime as dt

import pytest

from problemframe.model import EvidenceKind, Money
from problemframe.parse.evidence_items import parse_evidence, read_item
from tests.problemframe.reading import read

K = EvidenceKind


@pytest.mark.parametrize(
    ("line", "customer"),
    [
        ("**Acme Corp** — https://acme.zendesk.com/agent/tickets/4512", "Acme Corp"),
        ("Acme (Enterprise) — asked on the QBR", "Acme"),
        ("Customer: Acme Corp | https://x.zendesk.com/agent/tickets/1", "Acme Corp"),
        ("customer = Globex; renewal at risk", "Globex"),
        ("Globex Corporation: exports time out every Monday", "Globex Corporation"),
        ("Initech - https://app.gong.io/call?id=1", "Initech"),
        ("Discovery call with Stark Industries on 12 March 2026", "Stark Industries"),
        ("€8k MRR — Umbrella Health, renewal note", "Umbrella Health"),
        ("[Hooli](https://hooli.zendesk.com/agent/tickets/9) — cannot export", "Hooli"),
        ("__Wayne Enterprises__ wants SSO reports", "Wayne Enterprises"),
        ("Acme Corp's CFO said exports are broken", "Acme Corp"),
        ("Acme asked for bulk export (ZD-123)", "Acme"),
        ("Globex Inc. churned last quarter, $80k ARR", "Globex Inc."),
    ],
)
def test_customer_is_read_from_the_common_shapes(line: str, customer: str) -> None:
    item = read_item(line)
    assert item is not None
    assert item.customer == customer


@pytest.mark.parametrize(
    "line",
    [
        "Several customers asked for this in the Slack channel",
        "Exports time out every Monday for big accounts",
        "https://acme.zendesk.com/agent/tickets/4512",
        "Zendesk #4512 — exports time out",
        "I think users want this",
        "Users asked for this in the forum",
        "We believe Acme wants it",
    ],
)
def test_no_customer_is_invented(line: str) -> None:
    item = read_item(line)
    assert item is not None
    assert item.customer is None


@pytest.mark.parametrize(
    ("line", "url"),
    [
        ("Acme — [ticket 4512](https://acme.zendesk.com/agent/tickets/4512).", "https://acme.zendesk.com/agent/tickets/4512"),
        ("Acme — see https://app.gong.io/call?id=77.", "https://app.gong.io/call?id=77"),
        ("Acme — <https://acme.zendesk.com/agent/tickets/1>", "https://acme.zendesk.com/agent/tickets/1"),
        ("Acme (https://en.wikipedia.org/wiki/Acme_(company))", "https://en.wikipedia.org/wiki/Acme_(company)"),
    ],
)
def test_links_are_read_in_markdown_autolink_and_bare_form(line: str, url: str) -> None:
    item = read_item(line)
    assert item is not None
    assert item.url == url


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Acme — https://acme.zendesk.com/agent/tickets/4512", K.SUPPORT_TICKET),
        ("Acme — https://app.intercom.com/a/inbox/x/conversation/1", K.SUPPORT_TICKET),
        ("Acme — https://acme.freshdesk.com/a/tickets/3", K.SUPPORT_TICKET),
        ("Acme — https://app.frontapp.com/open/msg_1", K.SUPPORT_TICKET),
        ("Acme — https://secure.helpscout.net/conversation/1/2", K.SUPPORT_TICKET),
        ("Acme — https://app.gong.io/call?id=1", K.CALL),
        ("Acme — https://chorus.ai/meeting/42", K.CALL),
        ("Acme — https://acme.zoom.us/rec/share/abc", K.CALL),
        ("Acme — https://acme.my.salesforce.com/006Qx01", K.CRM),
        ("Acme — https://acme.lightning.force.com/lightning/r/Opportunity/006/view", K.CRM),
        ("Acme — https://app.hubspot.com/contacts/1/deal/2", K.CRM),
        ("Acme — https://acme.slack.com/archives/C01/p123", K.CHAT),
        ("Acme — https://acme.typeform.com/report/abc", K.SURVEY),
        ("Export funnel — https://analytics.amplitude.com/acme/chart/x", K.USAGE_DATA),
        ("Looker dashboard shows 40% of exports fail", K.USAGE_DATA),
        ("Acme — user interview, 2026-03-02", K.INTERVIEW),
        ("Acme — email from their CFO", K.EMAIL),
        ("Acme — support ticket about timeouts", K.SUPPORT_TICKET),
        ("Acme — Gong recording of the QBR", K.CALL),
        ("We believe this will reduce churn", K.INTERNAL),
        ("Our team feels exports are too slow", K.INTERNAL),
        ("PM opinion: this is the top request", K.INTERNAL),
        ("Internal: sales keeps asking", K.INTERNAL),
        ("Acme — call — 2026-03-02", K.CALL),
        ("Acme — https://example.com/notes", K.OTHER),
    ],
)
def test_kind_comes_from_the_link_host_then_the_words(line: str, kind: EvidenceKind) -> None:
    item = read_item(line)
    assert item is not None
    assert item.kind is kind


def test_a_link_host_outranks_a_word_for_another_kind() -> None:
    item = read_item("Acme — call notes in https://acme.zendesk.com/agent/tickets/9")
    assert item is not None
    assert item.kind is K.SUPPORT_TICKET


def test_each_bullet_is_one_item_with_its_indented_lines_and_blockquote() -> None:
    section = """- **Acme Corp** — [Zendesk #4512](https://acme.zendesk.com/agent/tickets/4512)
  > "We lose half a day every Monday."
- Globex — Gong call
  - https://app.gong.io/call?id=5
  - $40k ARR
* Initech — 2026-01-02
"""
    items, placeholders = parse_evidence(section)
    assert placeholders == 0
    assert [item.customer for item in items] == ["Acme Corp", "Globex", "Initech"]
    assert items[0].quote == "We lose half a day every Monday."
    assert items[1].url == "https://app.gong.io/call?id=5"
    assert items[1].arr == Money(amount=40_000)
    assert items[2].date == dt.date(2026, 1, 2)


def test_plain_lines_are_one_item_each_and_intro_lines_are_skipped() -> None:
    section = "Customers who asked:\nAcme Corp — https://acme.zendesk.com/agent/tickets/1\nGlobex — https://app.gong.io/call?id=2"
    items, _ = parse_evidence(section)
    assert [item.customer for item in items] == ["Acme Corp", "Globex"]


def test_numbered_lists_checkboxes_and_tables_give_items() -> None:
    section = """1. Acme — https://acme.zendesk.com/agent/tickets/1
2) Globex — https://app.gong.io/call?id=2
- [x] Initech — https://initech.my.salesforce.com/006

| Customer | Link | ARR |
|---|---|---|
| Hooli | https://hooli.zendesk.com/agent/tickets/3 | $10k |
"""
    items, _ = parse_evidence(section)
    assert [item.customer for item in items] == ["Acme", "Globex", "Initech", "Hooli"]
    assert items[3].arr == Money(amount=10_000)


def test_subheadings_name_the_customer_of_the_items_under_them() -> None:
    section = "#### Acme Corp\n- https://acme.zendesk.com/agent/tickets/1\n- https://app.gong.io/call?id=2\n"
    items, _ = parse_evidence(section)
    assert [item.customer for item in items] == ["Acme Corp", "Acme Corp"]


def test_placeholder_items_are_counted_not_kept() -> None:
    items, placeholders = parse_evidence("- TBD\n- ...\n- Acme — https://acme.zendesk.com/agent/tickets/1")
    assert placeholders == 2
    assert [item.customer for item in items] == ["Acme"]


def test_item_keeps_the_text_it_was_read_from() -> None:
    item = read_item("Acme — https://acme.zendesk.com/agent/tickets/1")
    assert item is not None
    assert item.text == "Acme — https://acme.zendesk.com/agent/tickets/1"


def test_company_abbreviations_keep_their_dot() -> None:
    item = read_item("Hooli Inc. — https://hooli.zendesk.com/agent/tickets/1")
    assert item is not None
    assert item.customer == "Hooli Inc."


def test_a_link_to_a_known_source_wins_over_a_company_website() -> None:
    item = read_item("[Acme](https://acme.com) — https://app.gong.io/call?id=1")
    assert item is not None
    assert (item.customer, item.url, item.kind) == ("Acme", "https://app.gong.io/call?id=1", K.CALL)


def test_middle_dots_separate_parts_too() -> None:
    item = read_item("Acme · https://acme.atlassian.net/servicedesk/customer/portal/1/SUP-12 · $120k ARR")
    assert item is not None
    assert (item.customer, item.kind, item.arr) == ("Acme", K.SUPPORT_TICKET, Money(amount=120_000))


def test_a_bold_name_on_its_own_line_heads_the_lines_under_it() -> None:
    section = """**Acme Corp**
Zendesk: https://acme.zendesk.com/agent/tickets/1
$120k ARR, 2026-03-02

**Globex**

Several customers mention it in Slack
#### Initech
"""
    items, _ = parse_evidence(section)
    assert [item.customer for item in items] == ["Acme Corp", "Acme Corp", "Globex", None, "Initech"]
    assert items[0].kind is K.SUPPORT_TICKET
    assert items[1].arr == Money(amount=120_000)


def test_italic_guidance_under_a_heading_is_template_help() -> None:
    frame = read("## Problem\n\nTBD\n\n## Evidence\n\n_Link customer calls, support tickets or CRM records. Quote "
                 'customers where you can. "Customers want this" is not evidence._\n')

    assert frame.evidence == []
