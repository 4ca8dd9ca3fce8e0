"""A source cited a sentence after the customer it belongs to, and contacts counted where a contact centre counts."""

from __future__ import annotations

import pytest

from tests.problemframe.reading import customers, read_after_problem, tier


@pytest.mark.parametrize(("paragraph", "customer"), [
    ("Larchmont Dental Group bought 40 codes as staff gifts; their office manager escalated after half the staff "
     "could not redeem them. See [CRM account](https://crm.pebblecart.example/accounts/0017Q00000LDG).",
     "Larchmont Dental Group"),
    ("Ferncastle Payments noticed missing invoice.paid webhooks after our deploy yesterday. Pasting the Slack Connect "
     "conversation from [#ext-ferncastle](https://quarry.slack.com/archives/C05FERNC/p1719306870442119):",
     "Ferncastle Payments"),
])
def test_a_source_linked_a_sentence_after_the_customer_is_theirs(paragraph: str, customer: str) -> None:
    frame = read_after_problem(f"## Context\n\n{paragraph}\n")

    assert customers(frame) == [customer]
    assert tier(frame) == "moderate"


def test_a_product_named_before_a_link_is_no_customer() -> None:
    frame = read_after_problem("## Context\n\nSafari Technology Preview shows a blank page on the export screen. "
                               "See https://acme.zendesk.com/agent/tickets/4512.\n")

    assert customers(frame) == [None]


def test_a_customer_field_in_japanese_names_the_customer_without_what_is_bracketed() -> None:
    frame = read_after_problem("**対象顧客:** 株式会社ミナト物流（エンタープライズ契約）\n"
                               "**問い合わせ:** [Zendesk #60218](https://shipnote.zendesk.com/agent/tickets/60218)\n")

    assert "株式会社ミナト物流" in customers(frame)
    assert tier(frame) == "moderate"


@pytest.mark.parametrize("sentence", [
    '"Where is my order" is our #1 contact reason: 4,310 contacts in March, 27% of all consumer contacts '
    "([Looker](https://forkful.looker.com/dashboards/207)).",
    "Genesys report for October: 3.900 llamadas de clientes preguntando por su pedido.",
])
def test_contacts_counted_by_the_contact_centre_are_support_volume(sentence: str) -> None:
    frame = read_after_problem(f"## Context\n\n{sentence}\n")

    assert any(item.count and item.count >= 3900 for item in frame.evidence)


def test_contacts_synced_from_a_crm_are_records_not_support_volume() -> None:
    frame = read_after_problem("## Context\n\nWe noticed because a sync of 48,310 contacts ended up with 48,297 "
                               "rows.\n")

    assert not any(item.count == 48310 for item in frame.evidence)
