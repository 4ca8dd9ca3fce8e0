"""Who speaks in a ticket: commenters, reviewers, handles, signatures, emails; our own people are no customers."""

from __future__ import annotations

import pytest

from problemframe.checkable import record_number
from problemframe.model import EvidenceKind
from problemframe.parse import parse_ticket
from problemframe.parse.customers import plausible_name, tidy_name
from tests.problemframe.reading import TODAY, customers, tier
from tests.problemframe.reading import read_after_problem as read


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


def test_a_japanese_sentence_is_no_name_and_its_topic_is() -> None:
    assert tidy_name("ミナトフーズは月間約 18") == "ミナトフーズ"
    assert not plausible_name("000 個の出荷があり、来年度の契約更新の際に判断材料にすると伺っています。", strict=True)
    assert plausible_name("株式会社ミドリ設備", strict=True)


def test_a_desk_named_as_a_field_puts_its_number_on_record_without_the_fields_marks() -> None:
    frame = read("- **Brennock Freight Ltd** — *Zendesk:* #48213")

    assert [record_number(item) for item in frame.evidence] == ["Zendesk #48213"]
    assert tier(frame) == "moderate"


def test_a_customer_imagined_to_explain_is_no_customer() -> None:
    assert read("Imagine a customer with shifts in three time zones. Let's call them Acme Corp — Acme's ops lead "
                "would have to create three separate orgs.").evidence == []


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
        ("A Secretaria Municipal de Saúde de Vila Nova abriu o chamado [GLPI #4412]"
         "(https://suporte.exemplo.com.br/front/ticket.form.php?id=4412).",
         "Secretaria Municipal de Saúde de Vila Nova"),
        ("La Clínica Dental Sonrisa abrió un ticket por los recordatorios duplicados (Zendesk #5512).",
         "Clínica Dental Sonrisa"),
        ("Die Stadtwerke Kiel meldete das Problem über [SUP-2231](https://support.netzwerk.de/browse/SUP-2231).",
         "Stadtwerke Kiel"),
        ("**Conta:** Banco Litoral — plano Enterprise\n**Oportunidade no Salesforce:** "
         "[006Hs00001LtR9x](https://vectorml.lightning.force.com/lightning/r/Opportunity/006Hs00001LtR9x/view)",
         "Banco Litoral"),
        ("**Prospekt:** Nordkraft Energi AB — POC pågår\n**Källa:** [Gong](https://app.gong.io/call?id=7715023349)",
         "Nordkraft Energi AB"),
        ("The lineage graph times out for Veridian Health's 2,400-node workspace — see ZD #90412.", "Veridian Health"),
        ("**Wie:** Voedselbank Amersfoort-Noord (Intercom)", "Voedselbank Amersfoort-Noord"),
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


def test_our_own_team_hitting_a_bug_is_no_users_report() -> None:
    frame = parse_ticket("Our own support team logs call notes in the app, and two of us lost notes this week.\n\n"
                         "**Repro**\n1. Open a case\n2. Start a note and switch tabs for ten minutes\n3. The note is "
                         "empty\n\nChrome 131, macOS 14.\n", today=TODAY, labels={"bug"})

    assert tier(frame) == "none"


def test_a_question_put_to_colleagues_in_the_first_person_is_no_users_report() -> None:
    frame = parse_ticket("Quick question for whoever owns the fare rules: when a ride crosses midnight, which day's "
                         "tariff applies? I couldn't find it in Confluence and I'd rather not guess.\n",
                         today=TODAY)

    assert tier(frame) == "none"


@pytest.mark.parametrize(("sentence", "customer"), [
    ("Kattegat Bowling har spurgt til det flere gange på vores statusmøder.", "Kattegat Bowling"),
    ("Bolera Sierra Norte (Granada) nos lo pidió directamente en la última visita.", "Bolera Sierra Norte"),
    ("Bowlingcenter Nordstern hat uns im Q3-Gespräch danach gefragt.", "Bowlingcenter Nordstern"),
])
def test_a_customer_who_asked_us_in_their_own_language_is_named(sentence: str, customer: str) -> None:
    frame = read(f"## Notes\n\n{sentence}\n")

    assert [item.customer for item in frame.evidence] == [customer]
    assert tier(frame) == "weak"
