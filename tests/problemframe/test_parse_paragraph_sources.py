"""A source cited a sentence after the customer it belongs to, and contacts counted where a contact centre counts."""

from __future__ import annotations

import pytest

from problemframe.parse.customers import plausible_name
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


@pytest.mark.parametrize(("body", "customer"), [
    # The one organisation named by its legal form, its ticket cited in another section.
    ("## Context\n\n**Tornabuoni Ascensori S.r.l.** services 600 lifts in Tuscany and their dispatcher re-keys every "
     "callout.\n\n## Notes\n\n- Ticket: [#30417](https://liftdesk.freshdesk.com/a/tickets/30417)\n",
     "Tornabuoni Ascensori S.r.l."),
    ("h3. Kontext\nDie Bergbahnen Hochkar GmbH verkauft Saisonkarten nur noch online.\n\nh3. Quelle\n"
     "Siehe Zendesk-Ticket: https://snowdesk.zendesk.com/agent/tickets/88120\n", "Bergbahnen Hochkar GmbH"),
    # With no legal form anywhere: a subject saying what it went through, or a field ending as organisations do.
    ("## What happens\n\nKelso Baths had an inspection last week and the inspector flagged the rounded chlorine "
     "readings.\n\nThe letter is attached to [Freshdesk #48213](https://aquaops.freshdesk.com/a/tickets/48213).\n",
     "Kelso Baths"),
    ("**Brigade:** Millbrook Volunteer Fire Company\n**HubSpot ticket:** "
     "https://app.hubspot.com/contacts/4418820/ticket/1890227741\n\nThe annual tax receipt ignores partial refunds.\n",
     "Millbrook Volunteer Fire Company"),
])
def test_a_record_cited_apart_from_the_one_organisation_the_ticket_names_is_theirs(body: str, customer: str) -> None:
    frame = read_after_problem(body)

    assert customers(frame) == [customer]
    assert tier(frame) == "moderate"


def test_our_own_team_named_before_a_record_owns_none() -> None:
    frame = read_after_problem("## Notes\n\nDer Support hat am Montag nachgefragt, ob es eine Lösung gibt.\n\n"
                               "Ticket: [ZD-51877](https://aquaops.zendesk.com/agent/tickets/51877)\n")

    assert customers(frame) == [None]


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


def test_numbered_comments_pasted_from_a_bug_tracker_are_other_users_reports() -> None:
    frame = read_after_problem(
        "## Thread\n\n**Comment 14 — Joanna Wierzbicka** (2013-06-02)\n\nSame for mailing lists, I switch identity "
        "by hand for each of my 20 lists.\n\n**Comment 31 — Tobias Engström** (2017-01-19)\n\nOur small office sends "
        "customer replies from personal addresses because of this.\n")

    assert [item.reports for item in frame.evidence] == [2]
    assert "Joanna Wierzbicka, Tobias Engström" in frame.evidence[0].text
    assert "Comment 14" not in customers(frame)


@pytest.mark.parametrize("name", ["Comment 14", "Phase 2", "RFC 0042", "Related", "Proposal", "Linked", "Downstream"])
def test_a_numbered_part_of_a_document_or_a_label_is_no_customer_name(name: str) -> None:
    assert not plausible_name(name, strict=False)


@pytest.mark.parametrize(("sentence", "customer"), [
    ("Somos **Ruta Verde** (app de reparto, Chile y Perú) y desde septiembre el 12 % de los pedidos no notifica.",
     "Ruta Verde"),
    ("Wir sind Brenner & Voss Steuerberatung und verlieren jeden Monat zwei Tage mit dem Export.",
     "Brenner & Voss Steuerberatung"),
])
def test_a_writer_who_says_which_organisation_they_are_names_the_customer(sentence: str, customer: str) -> None:
    assert customer in customers(read_after_problem(f"## Impacto\n\n{sentence}\n"))


def test_a_share_in_bold_is_read_as_the_same_share() -> None:
    frame = read_after_problem("## Usage\n\nnpm download stats over the last 30 days show Node 18 at **12.4 %** of "
                               "installs of 5.x.\n")

    assert any(item.count == 12 for item in frame.evidence)


def test_an_email_pasted_whole_is_signed_by_its_last_line() -> None:
    frame = read_after_problem(
        "## Context\n\nForwarded by support from Zendesk [#60318](https://helpnest.zendesk.com/agent/tickets/60318):"
        "\n\n> Hi team, our monthly SLA report shows 38 breaches in April. Can you fix this?\n>\n"
        "> Ruth Adeyemi, Support Operations Lead, Quillfeather Insurance\n")

    assert "Quillfeather Insurance" in customers(frame)
    assert tier(frame) == "moderate"


@pytest.mark.parametrize("body", [
    # Two organisations: whose ticket it is cannot be told.
    "## Context\n\nNordhavn Elevator ApS and Sørlift AS both service lifts in Aarhus.\n\n"
    "- Ticket: [#30417](https://liftdesk.freshdesk.com/a/tickets/30417)\n",
    # A product in bold is not a company, whatever it links.
    "## Context\n\nWe push readings to **HiveMQ Cloud** today.\n\n"
    "- Ticket: [#30417](https://liftdesk.freshdesk.com/a/tickets/30417)\n",
])
def test_a_record_stays_unnamed_when_the_ticket_names_no_one_organisation(body: str) -> None:
    frame = read_after_problem(body)

    assert [name for name in customers(frame) if name] == []


def test_a_reporter_field_names_the_organisation_before_the_channel_it_came_by() -> None:
    frame = read_after_problem("Reported by: Kestrel Quarry Holdings Inc. via Intercom — "
                               "https://app.intercom.com/a/inbox/k3/inbox/conversation/5520019\n")

    assert customers(frame) == ["Kestrel Quarry Holdings Inc."]
    assert tier(frame) == "moderate"


@pytest.mark.parametrize("sentence", [
    "Sinds maart **21 Intercom-gesprekken** met de tag `tijdzone` ([rapport](https://app.intercom.com/a/apps/q1/reports/"
    "conversations?tag=tijdzone)).",
    "Im Intercom-Posteingang tragen seit Februar **19 Gespräche** den Tag ([Filter](https://app.intercom.com/a/inbox/"
    "q1/inbox/tag/881)).",
    "Intercom'da son 6 ayda `fatura` etiketiyle açılmış 16 konuşma var ([filtre](https://app.intercom.com/a/inbox/q1/"
    "inbox/tag/77)).",
    "Intercom 대화 중 `timezone` 태그가 붙은 건이 **27건**입니다 ([리포트](https://app.intercom.com/a/apps/q1/reports/"
    "conversations?tag=timezone)).",
])
def test_conversations_counted_at_their_source_in_any_language_are_moderate(sentence: str) -> None:
    frame = read_after_problem(f"## Context\n\n{sentence}\n")

    assert any(item.count and item.count >= 16 for item in frame.evidence)
    assert tier(frame) == "moderate"


@pytest.mark.parametrize(("sentence", "customer"), [
    ("Les Ambulances Girard & Fils nous l'ont remonté via Freshdesk (ticket n° 40417) : la facture part en double.",
     "Ambulances Girard & Fils"),
    ("Hisservice Norr AB — ärende i Jira Service Desk *HSD-7720*.", "Hisservice Norr AB"),
])
def test_a_customer_with_a_record_numbered_as_its_language_writes_it_is_on_record(sentence: str,
                                                                                  customer: str) -> None:
    frame = read_after_problem(f"## Context\n\n{sentence}\n")

    assert customer in customers(frame)
    assert tier(frame) == "moderate"


def test_our_colleague_named_before_what_they_pass_on_is_not_the_customer() -> None:
    frame = read_after_problem("## Context\n\nNotre chargée de compte Sud-Ouest, Maëlle, nous a remonté que la "
                               "*Crèche Les Petits Pins* le demande à chaque point mensuel.\n")

    assert "Maëlle" not in customers(frame)


def test_cases_of_goods_are_no_support_cases_and_a_spec_is_no_customer() -> None:
    frame = read_after_problem("## Questions\n\n- Read range when 50+ cases are stacked on a shelf\n\n"
                               "## Customer evidence\n\nPRD: https://acme.atlassian.net/wiki/spaces/PROD/pages/1/TBD\n")

    assert not any(item.count for item in frame.evidence)
    assert "PRD" not in customers(frame)
