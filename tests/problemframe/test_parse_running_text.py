"""Evidence in running text: what a careful reader counts outside the evidence section, and what they do not."""

from __future__ import annotations

import pytest

from problemframe.model import EvidenceKind
from problemframe.parse import parse_ticket
from tests.problemframe.reading import PROBLEM, TODAY, customers
from tests.problemframe.reading import read_after_problem as read


@pytest.mark.parametrize(
    ("text", "customer"),
    [
        ("Harbour Line Freight told us on a call that they re-key 300 loads a week.", "Harbour Line Freight"),
        ("Raised by **Copperline Couriers** in SUP-2291 (https://haulio.atlassian.net/browse/SUP-2291).",
         "Copperline Couriers"),
        ('> "We lose a morning every Monday."\n> — Dana K., Ops Lead, Bellmoor Logistics', "Bellmoor Logistics"),
        ("We (Pell & Rook Architects, ~70 people) are trialling an alternative because of this.",
         "Pell & Rook Architects"),
        ("Tamsin Okafor (IT lead at Corvid Learning Trust) has to move devices by hand every summer.",
         "Corvid Learning Trust"),
        ("From a call with Ines Carvalho at Marlow & Finch last Tuesday: they schedule 30 sites by hand.",
         "Marlow & Finch"),
        ("Thanks for looking!\n\n— Tomasz W., mobile lead @ Kestrel Pantry", "Kestrel Pantry"),
        ("Every week shoppers email us about it.\n\nMany thanks\nTomasz\nKettle & Ember Coffee Roasters",
         "Kettle & Ember Coffee Roasters"),
        ("Regards\nBartek Nowicki\nIT Manager, Trans-Wisła Logistyka Sp. z o.o.", "Trans-Wisła Logistyka Sp. z o.o."),
        ("Bram from Trapkracht asked on the phone this morning, they keep handing out half-empty ones.",
         "Trapkracht"),
        ("Lena from Brightwater Cycles called this morning about it.", "Brightwater Cycles"),
        ("Harbour Ferries rang yesterday, their manifests print blank.", "Harbour Ferries"),
        ("Hörakustik Brandt from Berlin called this morning about it.", "Hörakustik Brandt"),
    ],
)
def test_an_organisation_named_in_running_text_is_a_customer(text: str, customer: str) -> None:
    frame = read(text)
    assert customer in customers(frame)
    assert "evidence" not in frame.missing


@pytest.mark.parametrize(
    ("text", "figure"),
    [
        ("We got 18 support tickets about this in October.", 18),
        ("About 41 % of new workspaces never invite a teammate.", 41),
        ("3 of our top 10 accounts asked for it at renewal.", 3),
        ("5 of 8 participants left the form to find a document.", 5),
        ("👍 62 on the roadmap post, and duplicates: #88, #91, #104.", 62),
        ("Two of the last five labs asked for it.", 2),
        ("A few of our field-service customers have mentioned this.", 3),
        ("People keep asking about this on Discord.", 3),
    ],
)
def test_figures_that_speak_for_customers_are_evidence(text: str, figure: int) -> None:
    frame = read(text)
    assert max(item.count or 0 for item in frame.evidence) == figure


@pytest.mark.parametrize(
    "text",
    [
        "Admins with more than 100 members cannot find anyone past the first page.",  # a condition, not a count
        "Should the fallback bucket be 50 % or 100 % of the tenant limit?",  # a question
        "Since 2.14 admins cannot export invoices over 10k rows.",  # a version, not a count
        "We have not had reports from customers yet.",  # a denial
        "Sales thinks this is the top blocker for enterprise deals.",  # internal opinion
        "The nightly tests keep failing on the ARM runner.",  # things that keep on, not people asking
        "Customer ID: 4411",  # a field, not a customer
        "```\n18 support tickets, 3 of our top 10 accounts\n```",  # code
    ],
)
def test_what_a_careful_reader_would_not_count(text: str) -> None:
    frame = read(text)
    assert "evidence" in frame.missing, frame.evidence


def test_a_requester_gives_way_to_the_organisation_the_ticket_names() -> None:
    frame = read("**Ticket:** [#73105](https://ledgerloop.zendesk.com/agent/tickets/73105)\n"
                 "**Requester:** Gwen Ashby\n**Organization:** Kittering Borough Council\n")
    assert "Gwen Ashby" not in customers(frame)
    assert "Kittering Borough Council" in customers(frame)


def test_a_customer_need_not_come_first_in_a_cited_row() -> None:
    frame = read("## Customer evidence\n\n"
                 "- [SUP-4410](https://loomline.atlassian.net/browse/SUP-4410) — Nimbus Freight — 02 May 2026\n")
    assert customers(frame) == ["Nimbus Freight"]


def test_votes_on_the_ticket_are_demand() -> None:
    frame = parse_ticket(PROBLEM, today=TODAY, votes=34)
    assert [(item.kind, item.count) for item in frame.evidence] == [(EvidenceKind.OTHER, 34)]


@pytest.mark.parametrize(
    ("text", "customer"),
    [
        ("**Customer:** [Lena Ortiz](https://app.intercom.com/a/inbox/q1/inbox/conversation/9911) from "
         "[Brackwater Homes](https://app.hubspot.com/contacts/77/company/4410)", "Brackwater Homes"),
        ("*Reported by:* Omar Haddad (practice manager, Sallow Creek Vets) — "
         "[Zendesk #5521](https://sallow.zendesk.com/agent/tickets/5521)", "Sallow Creek Vets"),
        ("- Tarn Valley Builders: Zendesk #40112, a site manager lost a day of snag photos.", "Tarn Valley Builders"),
        ('- Oakhurst Dairies (ops director, at the May QBR): "We print it all and type it back in."',
         "Oakhurst Dairies"),
        ("Hi! I'm a platform engineer at Quillon Assurance and we hit this on every deploy.", "Quillon Assurance"),
        ("I'm on the data team at Fennick Maritime; our nightly sync drops 2 % of rows.", "Fennick Maritime"),
        ("It came up at the Saltwick Outfitters QBR on 11 Jul: their buyers asked for alerts.", "Saltwick Outfitters"),
        ("We heard this most clearly from Juniper Brook Schools, whose coordinator rebuilds rosters weekly.",
         "Juniper Brook Schools"),
        ("14 Zendesk tickets since January, including Saint Ives Credit Union "
         "([#20871](https://quill.zendesk.com/agent/tickets/20871)).", "Saint Ives Credit Union"),
        ("At Lindqvist Freight we have 40 services on the 4.x SDK and 11 of them are stuck on Ruby 2.7.",
         "Lindqvist Freight"),
        ("customer Grupo Ferrol Salud they tell me the nurses can not swap shifts without signal.",
         "Grupo Ferrol Salud"),
        ("**Reporter:** Jonas Everett, build infra at Maplestone (Enterprise plan). Also opened as support case "
         "00231877.", "Maplestone"),
        ("> The file is attached, can you look urgently?\n>\n> Kind regards,\n> Gareth Lyle\n"
         "> Demand Planning Lead | Kittering Mills Ltd\n> +44 1632 960 418", "Kittering Mills Ltd"),
    ],
)
def test_who_speaks_for_which_organisation(text: str, customer: str) -> None:
    frame = read(text)
    assert {name for name in customers(frame) if name} == {customer}


@pytest.mark.parametrize(
    "text",
    [
        "**Requested by:** Colm Ferris, Enterprise AE (EMEA)",
        "Reported by: @Hollis Grant (CSM)",
        "> \"Prospects ask for this on every call.\"\n> — Dana Whit, VP Sales",
    ],
)
def test_our_own_people_are_not_customers(text: str) -> None:
    frame = read(text)
    assert [name for name in customers(frame) if name] == []


def test_a_customer_who_writes_the_ticket_is_its_own_source() -> None:
    frame = read("Opening this on behalf of Brightmoor Games: since 4.3 our crash-free rate fell from 99.8 % to "
                 "98.1 %.")
    assert [(item.customer, item.kind) for item in frame.evidence] == [("Brightmoor Games", EvidenceKind.FIRST_HAND)]
    assert not [finding for finding in frame.findings if finding.code == "evidence.no_source"]


def test_a_title_that_mentions_logs_is_not_a_logs_section() -> None:
    frame = parse_ticket("# Stream the audit log to our SIEM\n\nHello, I'm an IT engineer at Harwick Health Trust. "
                         "Our auditors need every admin action, and exports cap at 10,000 rows.\n", today=TODAY)
    assert customers(frame) == ["Harwick Health Trust"]


def test_of_two_items_citing_one_request_the_named_one_stays() -> None:
    link = "https://wardline.atlassian.net/servicedesk/customer/portal/2/CSD-14821"
    frame = read(f"Source request: [CSD-14821]({link})\n\n## Affected customers\n\n"
                 "| Customer | Plan | Request |\n| --- | --- | --- |\n"
                 f"| Cobalt Ridge Insurance | Enterprise | [CSD-14821]({link}) |\n")
    assert [(item.customer, item.url) for item in frame.evidence] == [("Cobalt Ridge Insurance", link)]


def test_customers_listed_after_a_colon_are_each_named() -> None:
    frame = read("Three customers asked for this last month: Aldgate Foods, Penrose Clinics and Tallis & Webb.")
    assert customers(frame) == ["Aldgate Foods", "Penrose Clinics", "Tallis & Webb"]


@pytest.mark.parametrize(
    "text",
    [
        "It came up in the Sprint 42 review.",
        "This was raised at the Engineering All Hands call.",
        "Estimate: 5 points, 2 sprints including warm-up.",
        "Tasks are generated every day, including public holidays.",
        '> "I move one stop and the ETAs go mad." (P2, senior dispatcher)',
        "- Figma (early sketch): https://figma.com/file/Kx81abCq/flow",
        "The 14 incidents were all raised by dispensing pharmacies.",
        "- **Patient Advisory Panel survey, June 2024** (n = 412): 61 % could not withdraw consent.",
        "*CR-ID:* CHG-0417 | *Requested by:* Corporate Banking Product | *Target CAB:* 14.05.2024",
        "**Reported by:** Magnus Ek (Support, L2) — escalated from customer chat",
        "Night-shift staff were paid 8 hours instead of 9.",
        "- Result backend: we're on Redis 5.0.14, fine",
        "They assign jobs to drivers on break and the customer ETA slips.",
    ],
)
def test_our_own_meetings_and_lists_name_no_customer(text: str) -> None:
    assert [name for name in customers(read(text)) if name] == []


def test_an_item_led_by_an_organisation_cites_it_whatever_its_sentences() -> None:
    frame = read("## Affected customers\n\n- **Harlow & Finch Brokers** – INC0093127. 14 policies stuck since "
                 "Saturday. \"We can't keep telling clients to wait.\"\n")
    assert [(item.customer, item.kind) for item in frame.evidence] == [
        ("Harlow & Finch Brokers", EvidenceKind.SUPPORT_TICKET)]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Summit Valley Health Plan and Orchard Mutual both asked for this in their QBRs.",
         ["Summit Valley Health Plan", "Orchard Mutual"]),
        ("- Salesforce case [00048213](https://nordhafen.lightning.force.com/lightning/r/Case/5003X00002ab7QxQ/view) "
         "– *Hollenbeck Logistik GmbH*, Head of Treasury:", ["Hollenbeck Logistik GmbH"]),
        ("Came in through ServiceNow **INC0071944** from the **Municipalité de Sainte-Adèle** (clerk office).",
         ["Municipalité de Sainte-Adèle"]),
        ("Also: 2 existing customers (Brackwater Insurance, Lumen Dental Labs) told their CSM they are trialling "
         "a rival.", ["Brackwater Insurance", "Lumen Dental Labs"]),
        ("Halvorsen Logistics (2,400 employees) is in the last step of their security review.",
         ["Halvorsen Logistics"]),
        ("customer Grupo Ferrol Salud they tell me nurses cannot swap shifts when there is no signal.",
         ["Grupo Ferrol Salud"]),
    ],
)
def test_every_organisation_a_sentence_names_is_a_customer(text: str, names: list[str]) -> None:
    assert customers(read(text)) == names


def test_a_line_under_the_evidence_heading_keeps_the_count_and_the_customer_its_sentence_states() -> None:
    frame = read("## Demand\n\n- 👍 87 on this issue as of 2026-04-20\n"
                 "- #455 was opened by the platform team at **Halvorsen Marine**, who export 4 GB a week\n"
                 "- lots of people want this\n")
    assert [(item.customer, item.count) for item in frame.evidence] == [
        (None, 87), ("Halvorsen Marine", None), (None, 5)]


@pytest.mark.parametrize(
    ("text", "customer"),
    [
        # A forwarded email: the sender's organisation from the `From:` value.
        ("> **From:** Maren Solberg, Head of Customer Operations, Pellworth Home\n> **Sent:** Thursday 12 September\n"
         ">\n> Our customers take a day off work and then ring us asking where the driver is.\n>\n> Maren",
         "Pellworth Home"),
        # ... from the address, when the email spells the same organisation.
        ("From: Ilse Marchetti <i.marchetti@verdane-logistics.nl>\nTo: support@corvane.example\nSubject: PO numbers\n\n"
         "We at Verdane Logistics reject every invoice without a PO number.", "Verdane Logistics"),
        # ... from the signature card under 'Kind regards,'.
        ("Is this on your roadmap?\n\nKind regards,\nAmira\n\nAmira Chaudhry\nHead of E-commerce Operations\n"
         "Fenwick & Rowe Outfitters Ltd\nT: +44 161 555 0142", "Fenwick & Rowe Outfitters Ltd"),
        ("This came up in the Maplecrest renewal call, recording: https://app.gong.io/call?id=4471930266",
         "Maplecrest"),
        ("Her practice (Harbourside Medical Centre) raised it with their account manager the next week.",
         "Harbourside Medical Centre"),
        ("Came in through the in-app chat: policyholder Dariusz Wróbel lost his draft twice on Sunday.",
         "Dariusz Wróbel"),
        ("Reported by: Tomás Iglesias (Support), from JSM ticket FS-4821, customer **Halvorsen Plumbing & Heating**",
         "Halvorsen Plumbing & Heating"),
        ("Sam said it best (SUP-5622):\n\n> We rate-limit 46 of your own accounts.\n>\n"
         "> — Sam Okonkwo, CTO, bluefin.io", "bluefin.io"),
    ],
)
def test_customers_named_the_ways_people_paste_them(text: str, customer: str) -> None:
    assert customer in customers(read(text))


@pytest.mark.parametrize(
    "text",
    [
        "It came up in the Monday call with the design team.",  # a weekday, not a customer
        "Log in as a member Test User and open the invoice.",  # a test account
        "Their auditor (Big 4) flagged the retention gap.",  # who checks them, not who they are
        "Requests per second: 450 at peak.",  # a rate, not a count of requests
    ],
)
def test_look_alikes_of_those_ways_are_no_customer(text: str) -> None:
    assert [name for name in customers(read(text)) if name] == []


def test_tagged_conversations_counted_after_a_colon_are_a_figure() -> None:
    frame = read("Intercom conversations tagged `bulk-edit` over the last 90 days: **63** (report: Support › Tags).")
    assert max(item.count or 0 for item in frame.evidence) == 63


def test_a_skipped_label_with_its_value_covers_its_own_paragraph_only() -> None:
    frame = read("*Environment:* myClaims web 24.6.1, Chrome 124\n*Priority:* High\n\n"
                 "Our policyholder Mr Daniel Okonkwo (home contents) is blind and could not file his claim online.")
    assert customers(frame) == ["Daniel Okonkwo"]


def test_a_call_notes_heading_names_the_customer_and_the_recording_under_it() -> None:
    frame = read("## Call notes — St Aldric's Hospital, 17 Sep\n\n"
                 "*Recording:* [Teams recording](https://aldric.sharepoint.com/rec/17-sep.mp4)\n\n"
                 "- *Lena:* the network drops several times a week.\n")
    assert [(item.customer, item.kind, item.url) for item in frame.evidence][:1] == [
        ("St Aldric's Hospital", EvidenceKind.CALL, "https://aldric.sharepoint.com/rec/17-sep.mp4")]


@pytest.mark.parametrize("heading", ["## Weekly sync notes", "## Sprint planning call", "## Design review"])
def test_our_own_meetings_are_no_customer_call(heading: str) -> None:
    assert customers(read(heading + "\n\nWe went through the backlog.\n")) == []
