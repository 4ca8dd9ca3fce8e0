"""Thin evidence a careful reader still counts: a user's own report, '+1' comments, hearsay of customers asking.

Each is weak on its own; reading it as no evidence at all tells the writer of a real user's report that nobody
asked, and asking them for 'customer evidence' they already gave.
"""

from __future__ import annotations

import pytest

from problemframe.model import EvidenceKind
from tests.problemframe.reading import read, tier

USER_REPORT = """**Sync wipes my reading list after the 5.2 update**

Hi, I have been using Pagewell on my Kobo and my phone for two years. Since 5.2 every time I sync on the phone,
my reading list on the e-reader is empty afterwards. I re-added 40 books twice now and I lost them again.

Device: Kobo Libra 2, Android 14, Pagewell 5.2.0

Thanks for the app, I really hope this can be fixed.
"""


def test_a_users_first_person_report_signed_with_a_handle_names_them() -> None:
    frame = read(USER_REPORT + "\n— @marguerite-l\n", labels=frozenset({"bug"}))

    assert [(item.customer, item.kind) for item in frame.evidence] == [("marguerite-l", EvidenceKind.FIRST_HAND)]
    assert tier(frame) == "weak"


def test_a_first_name_with_a_handle_in_brackets_signs_it_too() -> None:
    frame = read(USER_REPORT + "\nOskar (oskar-reads)\n", labels=frozenset({"bug"}))

    assert [item.customer for item in frame.evidence] == ["oskar-reads"]


def test_an_unsigned_user_report_counts_and_the_checklist_asks_who_they_are() -> None:
    frame = read(USER_REPORT, labels=frozenset({"bug"}))

    assert [(item.customer, item.kind) for item in frame.evidence] == [(None, EvidenceKind.FIRST_HAND)]
    assert "I have been using Pagewell" in (frame.evidence[0].quote or "")
    assert tier(frame) == "weak"
    codes = {finding.code: finding.message for finding in frame.findings}
    assert "evidence.missing" not in codes
    assert "one user's own report" in codes["evidence.no_source"]
    assert "which customer or organisation" in codes["evidence.no_source"]


def test_a_team_members_first_person_bug_report_is_no_customer_evidence() -> None:
    frame = read(
        "**Export button greyed out for viewers**\n\nI noticed on staging that my test account can't export. I "
        "checked the role matrix and I think our users with the Viewer role are blocked too. We should fix the "
        "permission check before 4.1.\n",
        labels=frozenset({"bug"}),
    )

    assert frame.evidence == []


def test_plus_one_comments_led_by_their_handle_are_counted() -> None:
    frame = read("## Add `--format sarif` to `quill scan`\n\nCI tools want SARIF.\n\n---\n\n**@tove-h** — +1\n\n"
                 "**@r.okonkwo** — +1, we parse the text output today\n\n@mplane: 👍\n\n"
                 "**@quill-maintainer** — happy to review a PR\n")

    agreed = [item for item in frame.evidence if item.count]
    assert [item.count for item in agreed] == [3]
    assert tier(frame) == "weak"


@pytest.mark.parametrize(
    ("sentence", "kind", "count"),
    [
        ("A handful of CSAT comments last month complained about the old screenshots.", EvidenceKind.SURVEY, 3),
        ("I think one of our larger Dutch customers mentioned it in their QBR, but I wasn't on the call.",
         EvidenceKind.OTHER, 1),
        ("A few customers have asked for this during onboarding, and I think it would help retention.",
         EvidenceKind.OTHER, 3),
        ("A seller emailed support about it yesterday (she had to switch to Chrome).", EvidenceKind.EMAIL, 1),
        ("Retailers keep asking for this; it came up a lot at the NRF booth too.", EvidenceKind.OTHER, 3),
        ("Un usuario se quejó en Twitter de que tuvo que pagar en efectivo.", EvidenceKind.OTHER, 1),
        ("Hundreds of tickets mention the export, according to Zendesk.", EvidenceKind.SUPPORT_TICKET, 200),
    ],
)
def test_second_hand_and_vague_reports_of_customers_are_weak_evidence(
    sentence: str, kind: EvidenceKind, count: int
) -> None:
    frame = read(f"## Problem\n\nAgents send customers to menus that no longer exist.\n\n{sentence}\n")

    assert [(item.kind, item.count) for item in frame.evidence] == [(kind, count)]
    assert tier(frame) == "weak"


@pytest.mark.parametrize(
    ("sentence", "kind", "count"),
    [
        ("En la encuesta de octubre el tema apareció en 22 respuestas abiertas.", EvidenceKind.SURVEY, 22),
        ("Unos 3.400 usuarios afectados en la última semana según Crashlytics.", EvidenceKind.USAGE_DATA, 3400),
        ("23 Intercom conversations tagged search-slow this quarter, up from 9.", EvidenceKind.SUPPORT_TICKET, 23),
        ("In der Umfrage vom Mai ([Ergebnisse](https://insights.hotjar.com/sites/1/surveys/responses/2)) haben 48 "
         "von 120 Befragten angegeben, dass die Karte offline nicht lädt.", EvidenceKind.SURVEY, 120),
        ("I HubSpot er der 11 supportsager med tagget gavekort siden september ([liste]"
         "(https://app.hubspot.com/contacts/5520019/objects/0-5/views/7781203/list)).", EvidenceKind.CRM, 11),
        ("I Zendesk har vi fått 14 henvendelser med taggen ventetid siden august.", EvidenceKind.SUPPORT_TICKET, 14),
    ],
)
def test_a_figure_counted_at_its_source_is_moderate_evidence(sentence: str, kind: EvidenceKind, count: int) -> None:
    frame = read(f"## Problem\n\nAgents send customers to menus that no longer exist.\n\n{sentence}\n")

    assert [(item.kind, item.count) for item in frame.evidence] == [(kind, count)]
    assert tier(frame) == "moderate"


def test_a_vote_count_is_not_counted_at_a_source() -> None:
    frame = read("## Problem\n\nFinance re-types custom fields every month.\n\n"
                 "This has come up a lot: #802 has 37 👍 and people ask about it in the Discord weekly.\n")

    assert [item.count for item in frame.evidence] == [37]
    assert tier(frame) == "weak"


@pytest.mark.parametrize(
    "sentence",
    [
        "I think many users would want a dark theme.",
        "I believe customers need a faster export.",
        "Release 1.240 ships to users next week.",
    ],
)
def test_opinion_about_users_is_not_evidence(sentence: str) -> None:
    frame = read(f"## Problem\n\nAgents send customers to menus that no longer exist.\n\n{sentence}\n")

    assert frame.evidence == []


def test_the_fields_under_a_requested_by_line_are_not_customers() -> None:
    frame = read("## Data request: renewals by seat use\n\n**Requested by:** Dana Whitlow (RevOps)\n"
                 "**For:** board pack, 2026-12-10\n**Analytics owner:** _unassigned_\n**Priority:** P2\n\n"
                 "### What we need\n\nOne row per renewal with seats bought and seats used.\n")

    assert [item.customer for item in frame.evidence if item.customer] == []
    assert tier(frame) == "none"


PASTED_THREAD = """### Uploads fail when the file name has an emoji (macOS)

**What happened**
Since 4.2 every upload from our shared drive fails if a file name contains an emoji. Our design team names
files like that all the time.

— opened by @ilse-van-rooij

---

> **@tomas-berg** commented on Oct 2, 2026
> Same here on macOS 15, any emoji breaks it.

> **@yuki-hara** · Oct 3
> +1, also on Windows with the desktop app.

> **@quillhq-bot** commented on Oct 3, 2026
> This issue has been labelled `needs-triage`.

> **@m-osei** (maintainer) commented on Oct 4, 2026
> Confirmed, it's the multipart encoder. Fix in 4.2.1.
"""


def test_pasted_issue_comments_count_their_users_once_and_not_the_maintainer_or_the_bot() -> None:
    frame = read(PASTED_THREAD, labels=frozenset({"bug"}))

    assert [item.customer for item in frame.evidence if item.customer] == ["ilse-van-rooij"]
    others = [item for item in frame.evidence if item.count]
    assert [item.count for item in others] == [2]
    assert "@tomas-berg" in others[0].text and "m-osei" not in others[0].text
    assert tier(frame) == "moderate"


def test_a_maintainers_signed_spike_is_not_a_users_report() -> None:
    frame = read("# spike: why is the CLI slow to start?\n\nWe link 6 drivers into every binary and the cold start "
                 "is 1.4 s on macOS.\n\nTimebox: 3 days.\n\n— @core-dev\n")

    assert [item.customer for item in frame.evidence] == []


def test_a_users_bug_with_inline_steps_is_a_bug_report_and_their_own_report() -> None:
    frame = read("Hi, since updating to 6.1 the app closes every time I open a PDF from an email. I'm on an iPhone "
                 "14 and I need it for work.\n\nSteps:\n1. open an email with a PDF\n2. tap it\n\n"
                 "Expected: the PDF opens.\n")

    assert frame.kind == "bug"
    assert [item.kind for item in frame.evidence] == [EvidenceKind.FIRST_HAND]
    assert "metric" not in frame.missing


def test_a_colleagues_hello_team_note_is_not_a_users_report() -> None:
    frame = read("Hello team, I write this after my visits to the clinics last month. The nurses print every "
                 "referral and I saw them retype it twice.\n")

    assert frame.evidence == []


@pytest.mark.parametrize(
    "text",
    [
        "Quick one: for gift cards, what should the expiry field hold when we issue them at the till? I can't find "
        "a rule for it and I don't want to guess, my reading of the code says both work.\n",
        "Quick question before I plan the payouts work for next sprint: does the bank's API send a webhook when a "
        "transfer settles, or do I have to poll? I'd rather not poll every minute, my guess is they have one.\n",
        "I want a compact table view. I asked three times and I keep being told no; the whole frontend team wants "
        "it, so I'm filing it again. My view: it takes a day.\n",
        "Je pense que les clients aimeraient pouvoir prendre rendez-vous en ligne, sans appeler le magasin. Je "
        "réserve moi-même mes rendez-vous chez le coiffeur en ligne et je trouve ça pratique.\n",
        "rental kiosk page blank on iPad (Safari 16.6), I saw it while setting up the demo unit for my visit "
        "tomorrow. works on 17.x, I can't say more yet\n",
        "How long do we keep signed consent forms? Writing the help centre article on data retention and I can't "
        "find it anywhere. @legal-ops @tomas, whoever knows.\n",
        "I was at a couple of concerts lately and noticed door staff squinting at white screens. Gut feeling is a "
        "dark theme would go down well. @ana-lind thoughts? Happy to pair with @nina-design on it.\n",
        "Within engineering we're agreed the waterfall causes most of our slow confirmations. My own view after a "
        "year on this code is that one scored round would be faster, and I can't see a reason to keep the tiers.\n",
        "我们的对局档案目前只能回放。团队内部讨论过，如果在前端跑引擎，我觉得就不用在服务器上部署了，我想先做个调研。\n",
    ],
)
def test_a_colleague_asking_or_planning_in_the_first_person_is_not_a_users_report(text: str) -> None:
    frame = read(text)

    assert frame.evidence == []


def test_a_pasted_blob_with_plus_one_in_it_counts_no_votes() -> None:
    frame = read("## Problem\n\nThe import rejects attachments.\n\nAttachment: `QUJDREVGR0hJSktM+1165+TU5PUFFSU1RVVldY`"
                 " and again +1165ab\n")

    assert frame.evidence == []


def test_a_quoted_field_name_is_no_customer_quote() -> None:
    frame = read('## Customers\n\n- 27 of our 40 enterprise accounts have Okta according to the Salesforce field '
                 '"IdP".\n')

    assert [item.quote for item in frame.evidence] == [None]


def test_a_crash_pasted_with_the_phone_it_ran_on_is_a_bug_report_without_labels() -> None:
    frame = read("**App closes when I switch to dark theme**\n\nSince the last update the app closes when I pick "
                 "Dark in Settings.\n\nPhone: Pixel 8, Android 15\nApp version: 3.2.0\n\n```\n"
                 "java.lang.IllegalStateException: You need to use a Theme.AppCompat theme\n"
                 "    at androidx.appcompat.app.AppCompatDelegateImpl.createSubDecor(AppCompatDelegateImpl.java:852)\n"
                 "```\n")

    assert frame.kind == "bug"
    assert "metric" not in frame.missing


def test_a_feature_request_naming_its_platform_is_not_a_bug_report() -> None:
    frame = read("## Problem\n\nTeachers re-type grades into the district system every week.\n\n"
                 "Platform: web and iPad.\n")

    assert frame.kind != "bug"


def test_inline_labels_set_in_bold_make_a_bug_report_too() -> None:
    frame = read("Since yesterday every chart on our dashboards is blank in Safari.\n\n**What happened**\n"
                 "The chart area stays white.\n\n**Expected**: charts render like before.\n")

    assert frame.kind == "bug"


def test_a_user_asking_for_a_feature_they_work_around_by_hand_is_their_own_report() -> None:
    frame = read("# audit log export\n\npls add csv export to the audit log, our SOC2 auditor asks for it every year "
                 "and I end up screenshotting 40 pages 😩\n")

    assert [item.kind for item in frame.evidence] == [EvidenceKind.FIRST_HAND]
    assert tier(frame) == "weak"


TEAM_WRITING_IN = {
    "de": """**Mahnlauf: Gebühr pro Mandant einstellbar**

Hallo zusammen,

wir (Steuerkanzlei Lindqvist & Roth) nutzen eure Mahnwesen-API für die Forderungen unserer Mandanten. Die
Mahngebühr ist fest auf 5 € gesetzt, aber zwei unserer Mandanten verlangen 2,50 €. Jeden Monat korrigieren wir
deshalb rund 60 Mahnungen von Hand.

Viele Grüße
K. Roth
""",
    "es": """## El recibo PDF sale sin el RFC del cliente

Hola 👋

Usamos Cobralo para facturar en nuestra tienda de bicicletas. Desde el martes el PDF del recibo sale sin el RFC del
cliente y el contador nos los devuelve todos. Ya perdimos dos días rehaciendo recibos a mano.

¡Gracias!
""",
    "pl": """Eksport faktur – zła data sprzedaży

Cześć, prowadzę mały sklep z herbatą na Sprzedajnik. Od ostatniej aktualizacji eksport faktur ma datę wystawienia
zamiast daty sprzedaży, więc moje zestawienie dla księgowej się nie zgadza i muszę poprawiać wszystko ręcznie.

Joanna K.
""",
}


@pytest.mark.parametrize("language", sorted(TEAM_WRITING_IN))
def test_a_customer_writing_in_as_we_in_any_language_is_one_users_own_report(language: str) -> None:
    frame = read(TEAM_WRITING_IN[language])

    assert [item.kind for item in frame.evidence] == [EvidenceKind.FIRST_HAND]
    assert tier(frame) == "weak"


def test_a_forms_own_checkboxes_do_not_make_the_writer_a_user() -> None:
    body = """### What happened

see log

### Are you willing to submit PR?

- [ ] Yes, I can open a PR

### Code of Conduct

- [X] I agree to follow this project's Code of Conduct
"""
    assert read(body).evidence == []


def test_a_bug_the_team_found_itself_is_nobodys_report_even_when_it_quotes_your_app() -> None:
    body = """Embedded charts ("Embed in your app") render blank in Safari 17.4.

Found by QA during the regression run of 2024.11.2; we set SameSite=None but Safari drops the cookie anyway.
"""
    assert read(body).evidence == []


@pytest.mark.parametrize("signature", ["— Malte Sørensen (co-founder)", "Rocío Márquez — Soporte N2"])
def test_a_ticket_signed_by_our_founder_or_our_support_desk_names_no_customer(signature: str) -> None:
    body = (f"Flat pricing leaves us unable to fund the infra hire; I'm fairly sure teams will pay per seat.\n\n"
            f"{signature}\n")

    assert [item.customer for item in read(body).evidence if item.customer] == []


def test_a_store_review_quoted_with_its_reviewer_and_its_address_is_a_sourced_customer() -> None:
    body = ("Os paso esta reseña que entró ayer.\n\n"
            '> ★☆☆☆☆ **"Me cancelan el vuelo y 19 días después sigo sin mi dinero"**\n'
            '> "La aerolínea me confirma que os devolvió el importe. Son 312,40 € y nadie me da una fecha."\n'
            "> — **Lucía Fernández**, 21/04\n"
            "> https://apps.apple.com/es/app/viajio/id1588204417?see-all=reviews#review-10938471206\n")

    frame = read(body)

    assert [(item.customer, item.kind) for item in frame.evidence] == [("Lucía Fernández", EvidenceKind.SURVEY)]
    assert frame.evidence[0].url is not None and "apps.apple.com" in frame.evidence[0].url
    assert tier(frame) == "moderate"


def test_a_colleague_setting_work_and_signing_it_is_no_users_report() -> None:
    body = ("We need this before the September launch event. Gong shows an AI summary on the deal, and the board asked "
            "about our AI story. Let's do:\n\n- Pull the call transcript\n- Post a summary to the timeline\n\n"
            "@pm-lead can you scope this and get me a date by Friday?\n\n— Dan\n")

    assert read(body).evidence == []


@pytest.mark.parametrize(
    ("signature", "customer"),
    [
        ("Aoife Kearney — Lisnagarvey Water Services", "Lisnagarvey Water Services"),
        ("Tierarztpraxis Dr. Brandl, Passau – Kundennummer 30-4410", "Tierarztpraxis Dr. Brandl"),
    ],
)
def test_a_report_signed_with_the_writer_s_organisation_is_theirs(signature: str, customer: str) -> None:
    body = ("# Sync agent restarts every few hours\n\nThe agent on our two file servers restarts every few hours and "
            "we lose whatever it had queued.\n\n```\npanic: nil map write\n```\n\nReinstalling did not help. "
            f"Agent 3.2.1.\n\n{signature}\n")
    frame = read(body)

    assert [item.customer for item in frame.evidence] == [customer]
    assert tier(frame) == "weak"


def test_our_own_desk_signing_a_report_is_no_customer() -> None:
    body = ("# Refund never sent\n\nThe refund job did not run for this booking; we answered the customer by email.\n\n"
            "Gracias,\nRocío Márquez — Soporte N2\n")
    assert all(item.customer != "Soporte N2" for item in read(body).evidence)


def test_a_user_who_has_not_seen_anyone_else_report_it_still_reports_it_themselves() -> None:
    body = ("I keep the books for a small practice. I noticed this morning that my client ledger shows a negative "
            "balance after I voided a cheque, and my month-end report is now wrong. I have not seen anyone else "
            "mention this, so it may be my setup.\n")
    frame = read(body)

    assert [item.kind for item in frame.evidence] == [EvidenceKind.FIRST_HAND]


@pytest.mark.parametrize(
    "body",
    [
        "**Sentry Issue:** [LEDGER-WEB-2Q1](https://ledger.sentry.io/issues/41/?referrer=github_integration)\n\n"
        "TypeError: cannot read properties of undefined (reading 'rows'). I can't tell how many users hit it.\n",
        "While profiling the nightly import run I noticed that my filter on nested fields is never pushed down, so "
        "I get every row group read from disk and my run takes three times as long.\n",
        "Hi! I'm the intern on the Billing squad and this is my first ticket, so tell me if my format is off. I need "
        "a field for the company register number on the organisation form because I can't save it anywhere.\n",
    ],
)
def test_an_error_tracker_or_a_colleague_at_work_is_no_user_s_own_report(body: str) -> None:
    assert all(item.kind is not EvidenceKind.FIRST_HAND for item in read(body).evidence)


@pytest.mark.parametrize(
    ("opening", "customer"),
    [
        ("Sou gestora de frota na Transportes Serrano Ltda. e", "Transportes Serrano Ltda."),
        ("Je suis responsable paie chez Boulangeries Marceau SAS et", "Boulangeries Marceau SAS"),
        ("Ich arbeite als Disponentin bei der Stadtreinigung Nordhafen GmbH und", "Stadtreinigung Nordhafen GmbH"),
        ("Trabajo en Clínica Dental Arenal y", "Clínica Dental Arenal"),
    ],
)
def test_a_user_who_says_where_they_work_reports_for_that_organisation_once(opening: str, customer: str) -> None:
    body = (f"{opening} desde ontem o relatório sai vazio; perdemos uma manhã inteira a refazê-lo à mão.\n\n"
            "— Marta Lopes\n")
    frame = read(body)

    assert [item.customer for item in frame.evidence] == [customer]
    assert tier(frame) == "weak"


UNSIGNED = ("## Problem\n\nPickup reminders reach families after the bus has left, so children miss it.\n\n"
            "> \"We stood at the corner for twenty minutes and the app still said the bus was coming.\"\n\n"
            "Route planners want the reminder tied to the live position instead.\n")


def test_words_quoted_with_no_name_are_thin_evidence_and_the_checklist_asks_who_said_them() -> None:
    frame = read(UNSIGNED)

    assert tier(frame) == "weak"
    assert "evidence" not in frame.missing
    assert any("quoted with no one's name" in finding.message for finding in frame.findings)


@pytest.mark.parametrize("quote", [
    "> We need live tracking this year or we look dated. — Marta Kowal, CEO (all-hands)",
    "> Section 4.2: the operator shall publish stop times no later than the day before service.",
])
def test_a_quote_signed_by_one_of_ours_or_quoting_a_rule_is_no_customer_voice(quote: str) -> None:
    frame = read(UNSIGNED.replace(UNSIGNED.split("\n\n")[2], quote))

    assert tier(frame) == "none"


def test_words_quoted_beside_a_linked_customer_are_that_customers_not_a_second_voice() -> None:
    linked = "Reported by Lakeside Unified (https://buswise.zendesk.com/agent/tickets/7781).\n"
    alone = read(UNSIGNED.split("\n\n> ")[0] + "\n\n" + linked)
    quoted = read(UNSIGNED + "\n" + linked)

    assert [item.customer for item in quoted.evidence] == [item.customer for item in alone.evidence]


@pytest.mark.parametrize("report", [
    "Hei,\n\nolen kuljettaja ja ajan jakelua sairaalaan. Kun skannaan kärryn kellarissa ilman kenttää, sovellus kaatuu "
    "ja kuittaus pitää tehdä uudelleen ylhäällä.\n\nKiitos!\n",
    "Dobrý den,\n\npracuji jako správce v našem akváriu a používám export měření. Jde exportovat jen 31 dní najednou, "
    "takže dělám stovky ručních exportů.\n\nDěkuji\n",
])
def test_a_users_own_greeted_report_in_finnish_or_czech_is_thin_evidence(report: str) -> None:
    frame = read(report)

    assert [item.kind for item in frame.evidence] == [EvidenceKind.FIRST_HAND]
    assert tier(frame) == "weak"


@pytest.mark.parametrize("footer", ["Sent from my iPhone", "Von meinem iPhone gesendet", "Get Outlook for Android"])
def test_a_mail_apps_footer_under_the_signature_leaves_it_signed(footer: str) -> None:
    frame = read("label printer skips every second label since the update. have to print each order twice.\n\n"
                 f"— Marisol Vega, manager, Vega Floral Studio\n{footer}\n")

    assert [(item.customer, item.kind) for item in frame.evidence] == [("Vega Floral Studio", EvidenceKind.FIRST_HAND)]
    assert tier(frame) == "weak"


def test_a_name_over_the_organisation_on_the_next_line_signs_a_users_report() -> None:
    frame = read("invoices i send from my phone arent reaching my clients since monday, i tried resending twice. "
                 "pls fix asap\n\nOwen Pryce\nHarbourlight Studios\n")

    assert [(item.customer, item.kind) for item in frame.evidence] == [("Harbourlight Studios",
                                                                         EvidenceKind.FIRST_HAND)]


def test_a_name_over_a_department_signs_for_no_organisation() -> None:
    frame = read("since the update the export repeats every invoice that already went through. pls fix asap\n\n"
                 "Ewa Nowak\nDział Księgowości\n")

    assert "Dział Księgowości" not in [item.customer for item in frame.evidence]


def test_an_incident_written_up_in_the_first_person_by_the_team_is_no_users_report() -> None:
    frame = read("INC-412: Shift reminders delayed in the EU region\n\nStatus: Resolved · Severity: SEV-2 · "
                 "Incident commander: Priya Lal\n\nAt 06:10 UTC notifier 4.2.0 went out and I noticed the queue "
                 "growing within minutes; my rollback at 07:40 drained it. No customer tickets came in before it "
                 "was resolved, and I checked the support inbox myself.\n")

    assert not any(item.kind is EvidenceKind.FIRST_HAND for item in frame.evidence)
