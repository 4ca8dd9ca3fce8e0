"""Evidence pasted into a ticket: store reviews, exports, chat threads, survey verbatims and signed quotes.

Each names who spoke and where; the reader keeps their organisation, not their job title or town.
"""

from __future__ import annotations

import pytest

from problemframe.model import EvidenceKind
from tests.problemframe.reading import read, tier


@pytest.mark.parametrize("heading", ["### What riders say", "### Evidence"])
def test_store_reviews_with_a_header_line_name_each_reviewer(heading: str) -> None:
    frame = read(
        "### Problem\n\nThe 'bus arriving' alert fires after the bus has left, so riders miss it.\n\n"
        f"{heading}\n\nPlay Store reviews this month ([AppFollow](https://appfollow.io/transit/reviews?tag=late)):\n\n"
        '> ★☆☆☆☆ **"Pointless"** — *kofi_rides*, Google Play (GH), 3 Nov\n> Alert came when the bus was gone.\n\n'
        "> ★★☆☆☆ — *Ama B.*, App Store (GH), 5 Nov\n> Missed two buses this week because of the late alert.\n"
    )

    reviewers = [item.customer for item in frame.evidence if item.quote]
    assert reviewers[:2] == ["kofi_rides", "Ama B"]
    assert any("bus was gone" in (item.quote or "") for item in frame.evidence if item.customer == "kofi_rides")


def test_an_export_pasted_as_csv_names_the_accounts_in_its_account_column() -> None:
    frame = read(
        "## Problem\n\nPlanners lose their filters on every reload.\n\n## Survey export\n\n"
        "Pasted from the Q3 NPS export:\n\n```\nscore,account,plan,comment\n"
        '3,Orchard Lane Foods,Enterprise,"filters reset all the time"\n'
        '5,Bellwether Couriers,Business,"please let me save a view"\n'
        "4,Orchard Lane Foods,Enterprise,again the filters\n```\n"
    )

    assert [item.customer for item in frame.evidence if item.customer] == ["Orchard Lane Foods", "Bellwether Couriers"]


def test_a_log_or_a_config_pasted_as_code_names_no_customer() -> None:
    frame = read("## Problem\n\nThe import fails.\n\n```\nlevel,component,message\nERROR,importer,Orchard Lane "
                 "failed\n```\n")

    assert frame.evidence == []


def test_a_chat_pasted_under_a_heading_naming_the_customer_quotes_their_people_only() -> None:
    frame = read(
        "## Problem\n\nRural addresses geocode to the village centre, so drivers fail the stop.\n\n"
        "## From the shared Slack channel with Brannock Farm Boxes\n\n"
        "> **Maeve Doyle (Brannock Farm Boxes, Ops Lead)** 4 Nov, 09:12\n"
        "> We had 17 failed drops yesterday, all with a valid Eircode.\n>\n"
        "> **Conor Walsh (Routewise)** 4 Nov, 09:30\n> Sorry Maeve, looking into it now.\n"
    )

    quoted = [(item.customer, item.quote) for item in frame.evidence if item.quote]
    assert quoted == [("Brannock Farm Boxes", "We had 17 failed drops yesterday, all with a valid Eircode.")]
    assert {item.kind for item in frame.evidence} == {EvidenceKind.CHAT}


def test_survey_verbatims_in_wiki_quotes_count_as_quotes_from_anonymous_respondents() -> None:
    frame = read(
        "h2. Background\nResidents phone us to ask where their application is.\n\n"
        "From the 2026 applicant survey (540 responses, [results|https://consult.example.gov/bc-2026/results]):\n"
        '{quote}"Forty minutes on hold to hear it is with the officer." — respondent #112{quote}\n'
        '{quote}"We ring every week for each job we have in." — respondent #301{quote}\n'
        "Also formal complaint [COMP-2026-0412|https://council.icasework.com/case/COMP-2026-0412] about a lost "
        "validation request.\n"
    )

    quotes = [item for item in frame.evidence if item.quote]
    assert [(item.kind, item.customer) for item in quotes] == [(EvidenceKind.SURVEY, None)] * 2
    assert any(item.kind is EvidenceKind.SURVEY and item.count == 540 for item in frame.evidence)
    assert any(item.kind is EvidenceKind.SUPPORT_TICKET for item in frame.evidence)
    assert tier(frame) == "moderate"


def test_quotes_signed_on_their_own_line_name_each_speakers_organisation_not_their_town() -> None:
    frame = read(
        "## Problem\n\nShop owners chase credit by phone.\n\n## Quotes\n\n"
        '> "Reminders by SMS make my regulars angry." — Ramesh Iyer, Iyer General Store, Vijay Nagar, Indore\n'
        '> "Half of it comes back next month." — Farida Khan, Khan Dairy & Provisions, Bhopal\n'
        '> "Send a photo of the bill on WhatsApp." — *chaiwala_22*, Play Store\n'
    )

    assert [item.customer for item in frame.evidence] == ["Iyer General Store", "Khan Dairy & Provisions",
                                                          "chaiwala_22"]


@pytest.mark.parametrize(
    ("attribution", "customer"),
    [
        ("— Dana Whitfield, Procurement Lead, Harrowgate Mutual Insurance", "Harrowgate Mutual Insurance"),
        ("— Ondrava CISO, on the 12 Mar QBR recording", "Ondrava"),
        ("— *ruthiecooks*, App Store", "ruthiecooks"),
    ],
)
def test_an_attribution_names_the_organisation_not_the_job_title(attribution: str, customer: str) -> None:
    frame = read(f'## Problem\n\nLeavers keep access.\n\n> "We need this fixed before renewal, full stop."\n'
                 f"{attribution}\n")

    assert [item.customer for item in frame.evidence] == [customer]


def test_a_table_headed_in_spanish_names_its_accounts() -> None:
    frame = read("h2. Contexto\nLos clientes timbran los pagos en otra herramienta.\n\nh2. Quién lo pide\n"
                 "||Cuenta||Plan||MRR (USD)||Fuente||\n"
                 "|Distribuidora Ocotlán|Business|1,850|[HubSpot 8841|https://app.hubspot.com/contacts/1/ticket/8841]|\n"
                 "|Grupo Papelero Itzel|Business|990|[HubSpot 9017|https://app.hubspot.com/contacts/1/ticket/9017]|\n")

    assert [item.customer for item in frame.evidence] == ["Distribuidora Ocotlán", "Grupo Papelero Itzel"]


def test_store_reviews_signed_with_only_the_store_and_a_date_are_quotes_with_a_source() -> None:
    frame = read("## Background\n\nCustomers who want to cancel can't find it and leave 1★ reviews.\n\n"
                 '> ★☆☆☆☆ "Took me 20 minutes to find how to cancel. Had to google it." — App Store, 12 Mar\n\n'
                 '> ★☆☆☆☆ "They hide the cancel button so you keep paying." — Google Play, 14 Mar\n')

    assert [item.quote for item in frame.evidence] == ["Took me 20 minutes to find how to cancel. Had to google it.",
                                                        "They hide the cancel button so you keep paying."]
    assert not any(finding.code.startswith("evidence.") and finding.severity.value == "error"
                   for finding in frame.findings)


def test_reviews_listed_one_a_line_are_each_reviewers_words() -> None:
    frame = read(
        "## Problem\n\nThe table booking screen is hard to use on small phones.\n\nWhat reviewers wrote this month:\n\n"
        '- ★★ App Store, *brunchqueen_88*: "Took me five tries to book a table for four, the date picker jumps."\n'
        '- ★ "Booked the wrong evening twice, nothing tells you the day." — *Okonkwo T.*, Google Play\n'
        '- ★★★ Play Store, *ferdi.k*: "Nice menu photos but the booking page cuts off the time slots."\n'
    )

    assert [item.customer for item in frame.evidence] == ["brunchqueen_88", "Okonkwo T", "ferdi.k"]
    assert frame.evidence[0].quote == "Took me five tries to book a table for four, the date picker jumps."
    assert tier(frame) == "moderate"


def test_a_verified_reviewer_is_the_stores_word_for_someone_it_does_not_name() -> None:
    frame = read("## Problem\n\nThe rota export is slow.\n\n## Evidence\n\n"
                 '> "Exporting the week rota takes minutes every Friday." — *Verified reviewer, Dental practice '
                 '11-50 employees*, Capterra, 3 May\n')

    assert [item.customer for item in frame.evidence] == [None]
    assert tier(frame) == "weak"


@pytest.mark.parametrize("heads", ["| Store | Reviewer | Stars | Excerpt |", "| Kauppa | Arvostelija | Tähdet | Ote |"])
def test_a_table_of_store_reviews_names_each_reviewer_not_the_store(heads: str) -> None:
    frame = read("## Background\n\nSign-in stops when the wifi drops.\n\n" + heads + "\n|---|---|---|---|\n"
                 '| Google Play | climbdad_77 | ★★☆☆☆ | "Wifi dropped and the whole class queued at the door" |\n'
                 '| App Store | Noor A. | ★☆☆☆☆ | "Useless without internet, we wrote names on paper" |\n'
                 '| Google Play | boulder_bea | ★★☆☆☆ | "Sign-in freezes each time the connection blips" |\n')

    assert [item.customer for item in frame.evidence] == ["climbdad_77", "Noor A", "boulder_bea"]
    assert tier(frame) == "moderate"


def test_an_rfcs_reviewers_are_no_voices() -> None:
    frame = read("## Background\n\nSign-in stops when the wifi drops.\n\n| Author | Reviewers | Status |\n"
                 "|---|---|---|\n| Ines Duarte | Rafael Moreno, Marcus Hale | Draft |\n")

    assert frame.evidence == []


def test_the_checklist_asks_for_the_review_a_store_reviewer_wrote() -> None:
    frame = read("## Background\n\nBooking is confusing.\n\nReviews this month:\n\n"
                 '- ★★ App Store, *brunchqueen_88*: "Took me five tries to book a table for four, the picker jumps."\n')

    assert [finding.message for finding in frame.findings if finding.code == "evidence.no_source"] == [
        "**brunchqueen_88** is named but nothing links the review: add the link, or the record's number, so others "
        "can look it up."]
