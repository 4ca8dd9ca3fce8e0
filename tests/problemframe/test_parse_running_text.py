"""Evidence in running text: what a careful reader counts outside the evidence section, and what they do not."""

from __future__ import annotations

import datetime as dt

import pytest

from problemframe.model import EvidenceKind, ProblemFrame
from problemframe.parse import parse_ticket

TODAY = dt.date(2026, 12, 1)
PROBLEM = "## Problem\n\nDispatchers re-key every load by hand, which takes four minutes and causes missed pickups.\n\n"


def read(text: str) -> ProblemFrame:
    return parse_ticket(PROBLEM + text, today=TODAY)


def customers(frame: ProblemFrame) -> list[str | None]:
    return [item.customer for item in frame.evidence]


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
        (None, 87), ("Halvorsen Marine", None), (None, None)]


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


def test_pasted_comments_that_say_the_same_count_as_others_hitting_it() -> None:
    frame = read("**mhernandez-dev** commented\n\nSame here with `C:\\Users\\José` on Spanish Windows.\n\n"
                 "**tanaka-k** commented\n\n+1 Japanese Windows (cp932).\n")
    assert [(item.customer, item.count) for item in frame.evidence] == [(None, 2)]


def test_a_long_first_heading_is_the_title_not_a_section() -> None:
    frame = parse_ticket('# Consignee-facing ETA window narrower than "all day"\n\n'
                         "Corvane Logistics brought up the delivery window again on yesterday's call: consignees are "
                         "hospitals and cannot wait at goods-in all day.\n", today=TODAY)
    assert customers(frame) == ["Corvane Logistics"]
    assert frame.problem is not None and "hospitals" in frame.problem


@pytest.mark.parametrize(
    ("text", "customer"),
    [
        ("We're on Enterprise (Halden Grid). Our maintenance window is 2 h and we lose every webhook in it.",
         "Halden Grid"),
        ("Same at Mosswood Labs. We lost ~1,900 events during the outage.", "Mosswood Labs"),
        ("+1 from Corvid Freight, this is the one thing our platform team complains about.", "Corvid Freight"),
        ("Pellucid Health here (self-hosted, v3.9). Please make the window configurable.", "Pellucid Health"),
        ('> "Logged out again in the middle of a transfer." ★, **jtorresfl** (US, 19 May)', "jtorresfl"),
        ('> "used to love this app, now its a chore" ★★, **Saoirse D.** (UK, 16 May)', "Saoirse D"),
    ],
)
def test_commenters_and_reviewers_name_themselves(text: str, customer: str) -> None:
    assert customer in customers(read(text))


@pytest.mark.parametrize(
    "text",
    [
        "Priya Patel here, quick question about the roadmap.",  # a person introducing herself
        "+1 from me, would love this.",  # no one named
        "Reported by: Support (filed by Hana, Tier 2 lead)",  # our own team
    ],
)
def test_self_introductions_that_name_no_customer(text: str) -> None:
    assert [name for name in customers(read(text)) if name] == []


def test_app_store_reviews_counted_are_a_figure_from_feedback() -> None:
    frame = read("I pulled the last 30 days: 214 new reviews at an average of 3.1 stars.")
    assert [(item.kind, item.count) for item in frame.evidence] == [(EvidenceKind.SURVEY, 214)]


def test_the_tickets_listed_under_a_lead_in_are_the_named_customers() -> None:
    frame = read("Customer *Swiftline Couriers* reported this, from 3 of their drivers in one week:\n\n"
                 "- [ZD-48812](https://driveroute.zendesk.com/agent/tickets/48812): driver in Poznań\n"
                 "- [ZD-48830](https://driveroute.zendesk.com/agent/tickets/48830): driver in Wrocław\n")
    assert customers(frame) == ["Swiftline Couriers"] * 3


def test_tickets_after_an_unrelated_paragraph_stay_unattributed() -> None:
    frame = read("Swiftline Couriers reported this last week.\n\nOther reports:\n\n"
                 "- [ZD-48812](https://driveroute.zendesk.com/agent/tickets/48812): driver in Poznań\n")
    assert customers(frame) == ["Swiftline Couriers", None]


def test_an_anonymous_store_review_is_a_quote_from_that_source() -> None:
    frame = read('> ★☆☆☆☆ "Every Garmin run appears three times in my log." (App Store, UK, 1 Jun)')
    assert [(item.customer, item.kind, item.quote) for item in frame.evidence] == [
        (None, EvidenceKind.SURVEY, "Every Garmin run appears three times in my log.")]


@pytest.mark.parametrize(
    ("text", "customer"),
    [
        ('- @ewa-stasiak (#1190): "all our Helm-values-style configs broke after a routine upgrade"', "ewa-stasiak"),
        ('- #221: "tab completion takes two seconds, unusable in zsh" (@noor-elhassan)', "noor-elhassan"),
        ("**@hiro-tanaka** wrote:\n\n> I lose the paragraph I typed on the train every single time.", "hiro-tanaka"),
        ("**@mfaulkner**\n\n> Same for me on the Android PWA, the draft is gone after reconnecting.", "mfaulkner"),
    ],
)
def test_users_cited_by_handle(text: str, customer: str) -> None:
    assert customer in customers(read(text))


@pytest.mark.parametrize(
    "text",
    [
        "cc @luca.brandt (CSM) @priya-n (PM) for #412",  # addressing colleagues
        "@ivan-ios can you confirm this is the Keychain item from #88?",  # a question to a colleague
        '- #301 opened by @mira-k (platform team at **Solvik Bank**): "we have tracing everywhere but the db"',
    ],
)
def test_handles_that_are_not_the_customer(text: str) -> None:
    found = [name for name in customers(read(text)) if name]
    assert not any(name.startswith(("luca", "priya", "ivan", "mira")) for name in found), found


def test_a_field_still_holding_its_template_value_is_a_placeholder() -> None:
    frame = read("## Customer evidence\n\n**CUSTOMER NAME(S):** <CUSTOMER>\n")
    assert frame.evidence == []


def test_a_two_letter_system_name_is_no_customer() -> None:
    assert customers(read("Can we purge per candidate across all of them, including ES and backups?")) == []


@pytest.mark.parametrize(
    ("text", "customer"),
    [
        ("Heads up, Dunmore Haulage grumbled about ETAs again on the check-in yesterday.", "Dunmore Haulage"),
        ("We are using stowage at **Lipica Data d.o.o.** (Slovenia) for 40 000 signed URLs a day.", "Lipica Data"),
        ("Notes from the monthly check-in with *Norrsken Lager AB* (3PL, Jönköping).", "Norrsken Lager AB"),
        ("Example: Tamsin & Rhodes (ARR $48k) dropped from 40 active users to 3.", "Tamsin & Rhodes"),
        ("Händler *Brenner & Voss Handelsgesellschaft mbH* via [SUP-4412](https://support.kassenwerk.de/browse/SUP-4412).",
         "Brenner & Voss Handelsgesellschaft mbH"),
    ],
)
def test_more_ways_of_naming_the_customer(text: str, customer: str) -> None:
    assert customer in customers(read(text))


def test_a_questionnaire_log_is_read_though_error_logs_are_not() -> None:
    assert customers(read("## Error logs\n\nTallis Freight told us on a call that the export fails.")) == []
    table = "| Customer | Outcome |\n|---|---|\n| Norrland Sparbank | Lost to a competitor |\n"
    assert "Norrland Sparbank" in customers(read("### Questionnaire log\n\n" + table))


def test_raised_by_our_solutions_engineering_is_no_customer() -> None:
    assert customers(read("**Raised by:** Hollis Okafor (Solutions Engineering)")) == []


def test_an_email_chain_pasted_as_code_names_the_customer_not_our_support() -> None:
    chain = ("{noformat}\nFrom: Graham Pettifer <g.pettifer@fenwicklowe.co.uk>\nTo: support@brightdesk.io\n"
             "Subject: URGENT - nobody can log in\n\nNone of our 340 staff can log in since this morning.\n\n"
             "Graham Pettifer\nIT Infrastructure Manager\nFenwick & Lowe LLP\n\n---\n\n"
             "From: Naomi Clarke <naomi.c@brightdesk.io>\nDate: Mon, 3 Jun 2024 08:40\n\n"
             "Hi Graham, I've uploaded the new cert, can you try again?\n\nNaomi | Brightdesk Support\n{noformat}\n")
    body = "h2. Problem\nAdmins are locked out after a certificate rotation.\n\nh2. Email chain\n" + chain
    frame = parse_ticket(body, today=TODAY)
    assert [(item.customer, item.kind) for item in frame.evidence] == [("Fenwick & Lowe LLP", EvidenceKind.EMAIL)]


def test_code_that_is_not_an_email_stays_unread() -> None:
    frame = read("```\nHarbour Line Freight told us on a call: 18 support tickets this quarter\n```")
    assert frame.evidence == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('> ★☆☆☆☆ **Hannah K.** — "The widget was the only reason I opened the app every night."', ["Hannah K"]),
        ("> **kiwi_tanker** — 17 min queue, dodged because I had to go to work.\n>\n"
         "> **Reyna_AU** — It says searching nearby regions but never does.", ["kiwi_tanker", "Reyna_AU"]),
        ("> **Maya Lindgren** (CSM) — the customer asked again about archiving classes in bulk.", []),
        ("> **Owen Pike** — 10:42", []),
        ("Support email from Raúl Montoya (ticket #55821 in Help Scout), 30 Aug: my edits vanished again.",
         ["Raúl Montoya"]),
        ("**Posted by Luana F. · 2 days ago**\n\nO app fecha quando tento entrar com biometria.", ["Luana F"]),
    ],
)
def test_reviews_and_posts_signed_before_their_words(text: str, expected: list[str]) -> None:
    assert [name for name in customers(read(text)) if name] == expected


def test_a_customer_who_writes_in_and_signs_with_their_name() -> None:
    body = ("Hi, I am writing for the 3rd time now. I ordered on Saturday and my food never came, and my refund is "
            "still missing.\n\nI have used this app for 2 years.\n\nThandiwe Mokoena\n\n---\n\n"
            "_Triage note (Sipho, support):_ refund was never sent.")
    frame = parse_ticket(body, today=TODAY, labels={"bug"})
    assert [(item.customer, item.kind) for item in frame.evidence] == [("Thandiwe Mokoena", EvidenceKind.FIRST_HAND)]


@pytest.mark.parametrize(
    "text",
    [
        "I think we should cache the list. My guess is the page size is wrong. I can pick it up.\n\nTo Reproduce\n\n"
        "1. Open the list",
        "**Reporter:** Sam Okafor (PM)\n\nI noticed this while testing; my build is 4.2.",
    ],
)
def test_a_heading_word_or_our_pm_is_no_writer_customer(text: str) -> None:
    assert [name for name in customers(read(text)) if name] == []


def test_a_customers_own_internal_review_is_not_our_internal_opinion() -> None:
    frame = read("- **Ravensworth Insurance** (enterprise) asked in their Q3 QBR for a documented retention, for "
                 "their internal data-protection review. [QBR notes](https://confluence.example.com/display/CS/QBR)")
    assert customers(frame) == ["Ravensworth Insurance"]


@pytest.mark.parametrize("text", ["Internally we think customers want a dark mode.",
                                  "Our DPO (Claire M.) flagged this in the internal audit in April."])
def test_our_own_opinion_and_people_stay_no_evidence(text: str) -> None:
    assert "evidence" in read(text).missing


@pytest.mark.parametrize(
    ("text", "customer"),
    [
        ("I'm the SE on the Gallant Health opportunity (1,100 seats); their IT needs SCIM.", "Gallant Health"),
        ("Pennard's finance lead raised it in ZD-71882: client invoices are missing.", "Pennard"),
        ("In discussion #1611 the platform team at Quarry Bay Analytics described a 40 GB index.",
         "Quarry Bay Analytics"),
        ("- Customers affected: Harrowgate Orthopaedic Partners (4 sites, ~230 clinicians).",
         "Harrowgate Orthopaedic Partners"),
    ],
)
def test_the_customer_behind_a_deal_their_staff_or_an_affected_list(text: str, customer: str) -> None:
    assert customer in customers(read(text))


def test_admins_at_a_kind_of_company_name_no_one() -> None:
    assert customers(read("Finance admins at mid-size accounts export invoices one month at a time.")) == []


def test_our_own_production_incidents_are_no_customer_evidence() -> None:
    frame = read("Two production incidents this year (INC-2204, INC-2260) came from flipping a flag we thought dead.")

    assert frame.evidence == []


@pytest.mark.parametrize(
    "line",
    [
        "**Triage data:** 131 of 402 bugs in six months were tagged `cause/migration` ([search](https://github.com/"
        "acme/tool/issues?q=label%3Acause)).",
        "**Deal impact**: two renewals at risk, see [SFDC](https://acme.my.salesforce.com/006XX000001).",
        "**Support volume:** 230 tickets a month tagged `billing-alerts` in Zendesk.",
    ],
)
def test_a_bold_field_label_under_the_evidence_heading_is_no_customer(line: str) -> None:
    frame = read(f"## Evidence\n\n{line}\n")

    assert [item.customer for item in frame.evidence if item.customer] == []
    assert frame.evidence


@pytest.mark.parametrize(
    ("text", "customer"),
    [
        ("This is blocking our upgrade at Quillfeather, we run 40 clusters on it.", "Quillfeather"),
        ("FWIW this bites us at Northgate Systems too.", "Northgate Systems"),
        ("Our team at Brightpath Health cannot upgrade until this is fixed.", "Brightpath Health"),
        ("We (Coralbay) are seeing the same on 3.2.1.", "Coralbay"),
        ("I work for Pelham Robotics and the regression cost us a release.", "Pelham Robotics"),
    ],
)
def test_a_commenter_naming_their_own_organisation_reports_first_hand(text: str, customer: str) -> None:
    frame = read(text)

    assert [(item.customer, item.kind) for item in frame.evidence] == [(customer, EvidenceKind.FIRST_HAND)]


@pytest.mark.parametrize("text", ["Our offsite at Ritz London was fun.", "We met our PM at Kings Cross station."])
def test_where_we_met_is_no_organisation_of_ours(text: str) -> None:
    assert read(text).evidence == []
