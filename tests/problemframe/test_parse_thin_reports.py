"""Thin reports, passed on or filed by one user, are weak evidence: the way real tickets say them."""

from __future__ import annotations

import pytest

from problemframe.model import EvidenceKind
from tests.problemframe.reading import read, tier

PROBLEM = "## Problem\n\nAgents send customers to menus that no longer exist, and callers hang up.\n\n"


@pytest.mark.parametrize(
    "sentence",
    [
        "Vários clientes pediram um resumo diário no Slack.",
        "Marco heard from a big bank in Frankfurt that they need a tamper-evident export.",
        "Sales keeps telling us that enterprise prospects ask for SCIM in almost every security review.",
        "Jemand im Community-Slack (#help) hat das gemeldet, ich konnte es reproduzieren.",
        "Got this from a Play Store review last week.",
        "Our field reps say growers keep asking to correct their own harvest estimates.",
        "Our CSMs hear this in nearly every onboarding: practices print the curves and scan them back in.",
        "Laut Vertrieb (Mara) hat eine große Bäckereikette im letzten Termin gefragt, ob wir das können.",
        "Laut Support (Anruf bei Jens) hat eine Buchhalterin der Stadtwerke das gemeldet.",
        "L'équipe commerciale (Inès) nous remonte qu'un réseau de crèches souhaiterait ce rapport.",
        "From @Dana Reyes (Sales): Harbor Ridge Growers Co-op apparently said in the demo their packers would love "
        "this.",
        "Account managers have passed along that a couple of the bigger clinics think the booking page feels slow.",
        "Our CS team says dispatchers hate the duplicate alerts and mute them.",
        "Ik hoor vaak van collega's in sales dat dit een groot pijnpunt is voor makelaars.",
        "Several locksmiths told our support team the booking form is confusing and they gave up halfway.",
        "At the Leeds trade fair a few florists told Marta (CEO) they would pay extra for same-day slots.",
        "Plusieurs boulangeries nous l'ont demandé pendant les démos, rien de noté.",
        "Des adhérents nous le demandent souvent à l'accueil.",
        "Muchos talleres nos lo piden por teléfono.",
        "Meerdere kappers vroegen erom op de beurs.",
        "A couple of locksmiths mentioned this in the partner Slack; no concrete requests.",
        "Müşteriler sürekli faturayı e-postayla almak istediklerini söylüyor.",
        "We hear the Northfield hospital group wants this before renewal, according to the regional account manager.",
    ],
)
def test_demand_passed_on_without_a_source_is_weak(sentence: str) -> None:
    frame = read(PROBLEM + sentence + "\n")

    assert frame.evidence
    assert tier(frame) == "weak"


@pytest.mark.parametrize(
    "sentence",
    [
        "When a user asks for a refund, the agent opens the billing tab.",
        "As a dispatcher I want to see every load on one screen.",
        "Users can request an export from the settings page.",
        "Several builds told us nothing new, so the flaky test stays quarantined.",
        "Plusieurs champs sont demandés à la saisie du devis.",
    ],
)
def test_how_the_product_works_is_no_report(sentence: str) -> None:
    frame = read(PROBLEM + sentence + "\n")

    assert frame.evidence == []
    assert tier(frame) == "none"


def test_a_reporter_field_naming_a_handle_is_that_users_own_report() -> None:
    frame = read("**Reporter:** @rmbeltran (synced from in-app feedback)\n\n**Describe the bug**\nSince 5.3.0 every "
                 "push arrives three times; my phone buzzes for each comment.\n")

    assert [(item.customer, item.kind) for item in frame.evidence] == [("rmbeltran", EvidenceKind.FIRST_HAND)]
    assert tier(frame) == "weak"


@pytest.mark.parametrize(
    "footer",
    ["Opened by @fenna-kuipers on 2026-11-19", "_@haruka-sd · kairos 4.3.1 · Node 22_"],
)
def test_a_request_signed_by_its_opener_is_their_own_report(footer: str) -> None:
    frame = read("# Respect NO_COLOR\n\nOur log aggregator shows the escape codes as garbage, so we strip them by "
                 f"hand.\n\ndriftwood 3.4.2, Linux.\n\n{footer}\n")

    assert [item.kind for item in frame.evidence] == [EvidenceKind.FIRST_HAND]
    assert tier(frame) == "weak"


def test_a_users_report_closing_with_thanks_in_their_language_counts() -> None:
    frame = read("**Describe the bug**\nCSV import breaks every Umlaut: Müller becomes MÃ¼ller. When I remove the "
                 "BOM it works, but I cannot ask our office people to do this.\n\nDanke!\n", labels=frozenset({"bug"}))

    assert [item.kind for item in frame.evidence] == [EvidenceKind.FIRST_HAND]
    assert tier(frame) == "weak"


def test_a_sponsor_introducing_their_organisation_names_it() -> None:
    frame = read(PROBLEM + "Hi maintainers, Priya from Kestrel Analytics here. We run gatehouse in front of all our "
                 "APIs and our auditor flagged it.\n")

    assert "Kestrel Analytics" in [item.customer for item in frame.evidence]


@pytest.mark.parametrize(
    "fields",
    ["**Kunde:** Brenner & Voss Steuerberatung PartG mbB · **CSM:** Felix Baumann",
     "| Field | Value |\n|---|---|\n| Customer | Brenner & Voss Steuerberatung PartG mbB |\n| Severity | S2 |"],
)
def test_a_customer_field_names_the_customer_in_any_language_or_field_table(fields: str) -> None:
    frame = read(PROBLEM + fields + "\n")

    assert [item.customer for item in frame.evidence] == ["Brenner & Voss Steuerberatung PartG mbB"]


@pytest.mark.parametrize(
    ("relayed", "expected"),
    [("Dunmore Haulage told our CSM on the QBR call that ETAs are about 45 minutes off.", "weak"),
     ("Dunmore Haulage raised it in Zendesk ticket ZD-55190: ETAs are about 45 minutes off.", "moderate"),
     ("Dunmore Haulage raised it on the QBR call ([Gong](https://app.gong.io/call?id=5520193847716)).", "moderate")],
)
def test_one_customer_no_one_can_look_up_stays_weak(relayed: str, expected: str) -> None:
    frame = read(PROBLEM + relayed + "\n")

    assert [item.customer for item in frame.evidence] == ["Dunmore Haulage"]
    assert tier(frame) == expected


def test_a_users_regression_report_in_spanish_is_a_bug_signed_by_its_writer() -> None:
    frame = read("Hola! uso la app todos los días para mis clases de yoga. Desde la actualización 3.8 los "
                 "recordatorios por WhatsApp a mis alumnas llegan dos veces, y algunas me escribieron molestas.\n\n"
                 "Ya probé cerrar sesión y volver a entrar, nada.\n\nGracias!\nLucía\n")

    assert frame.kind == "bug"
    assert [(item.customer, item.kind) for item in frame.evidence] == [("Lucía", EvidenceKind.FIRST_HAND)]
    assert not any(finding.field == "metric" for finding in frame.findings)
    assert tier(frame) == "weak"


def test_untitled_text_that_names_no_cost_is_not_called_a_solution() -> None:
    frame = read("Notes on the quarterly dashboard refresh.\n\n## Success metric\n\nWeekly active viewers "
                 "from 120 to 300 within 30 days (Amplitude).\n")

    [message] = [finding.message for finding in frame.findings if finding.code == "problem.not_stated"]
    assert "does not say what hurts" in message and "says what to do" not in message


def test_an_organisations_abbreviation_does_not_end_the_sentence_that_cites_it() -> None:
    frame = read(PROBLEM + "### Reported by\n\nKestrel Outdoor Co. (Growth plan) — [Zendesk #48211]"
                 "(https://pulsegrid.zendesk.com/agent/tickets/48211). Triaged by Noor Haddad (Support).\n")

    assert [(item.customer, item.kind) for item in frame.evidence] == [("Kestrel Outdoor Co.",
                                                                        EvidenceKind.SUPPORT_TICKET)]


def test_a_customer_named_in_a_links_text_after_its_source_is_that_customer() -> None:
    frame = read(PROBLEM + "Related\n- [Zendesk #48211 – Oakmere Primary: \"archiving 64 classes took a whole "
                 "afternoon\"](https://help.classnest.io/agent/tickets/48211)\n- [Gong – Larchfield ISD renewal call]"
                 "(https://app.gong.io/call?id=771203945)\n")

    assert [item.customer for item in frame.evidence] == ["Oakmere Primary", "Larchfield ISD"]


@pytest.mark.parametrize(
    ("body", "customer"),
    [
        ("The booking reminder arrives a day late for Monday lessons. Pupils miss them. — Dev Patel, Patel & Sons "
         "School of Motoring", "Patel & Sons School of Motoring"),
        ("Season tickets print the wrong row on the PDF, the scanner at door B rejects them.\n"
         "— Mara Quist, front of house, Tidewater Chamber Orchestra Inc.", "Tidewater Chamber Orchestra Inc."),
    ],
)
def test_a_report_signed_on_its_last_line_is_that_organisations_own_report(body: str, customer: str) -> None:
    frame = read(body + "\n")

    assert [(item.customer, item.kind) for item in frame.evidence] == [(customer, EvidenceKind.FIRST_HAND)]
    assert tier(frame) == "weak"


def test_a_reference_after_a_link_or_a_line_introducing_a_quote_signs_nothing() -> None:
    frame = read(PROBLEM + "- [ZD-3141](https://acme.zendesk.com/agent/tickets/3141) — courier in Leeds, Android 14\n\n"
                 "Their admin wrote on the call — Oona Vale, IT lead:\n")

    assert not [item for item in frame.evidence if item.kind is EvidenceKind.FIRST_HAND]


REPORT = ("**Invoices download as an empty PDF**\n\nSince 4.2 every invoice I download from the portal is blank, "
          "so I cannot send them to my accountant.\n\n")


def test_a_pasted_comment_from_another_user_with_their_own_case_confirms_the_report() -> None:
    frame = read(REPORT + "**Comment from @liv-marsh:**\nSame here on Firefox 128, my March invoices are blank too.\n")

    assert tier(frame) == "moderate"


def test_a_pasted_comment_from_our_support_confirms_nothing() -> None:
    frame = read(REPORT + "**Comment from ola.berg (Invoicely Support):**\nThanks, we could not reproduce it yet.\n")

    assert tier(frame) == "weak"


@pytest.mark.parametrize("header", ["**marta.lopes** comentou em 4 de mai.", "**jvdberg** reageerde op 12 mrt",
                                    "**lucia_r** comentó el 3 de mayo"])
def test_a_pasted_comment_dated_in_the_commenters_language_confirms_the_report(header: str) -> None:
    frame = read(REPORT + f"---\n\n{header}\n\nSame on my Android, my March invoices are blank too.\n")

    assert tier(frame) == "moderate"


@pytest.mark.parametrize(
    ("told", "customer"),
    [("En la visita del martes, Ascensores Montaña Azul nos comentó que los partes en papel se pierden.",
      "Ascensores Montaña Azul"),
     ("Bergbahnen Steinalm (Filiale Mittersill) hat Lena im Gespräch erzählt, dass die Kassen mittags ausfallen.",
      "Bergbahnen Steinalm"),
     ("Kancelaria Nowak Zielińska z Poznania prosiła o to na ostatnim spotkaniu.", "Kancelaria Nowak Zielińska"),
     ("Came up on a call with Marlow Street Dental's practice manager on Monday (no ticket; I took notes).",
      "Marlow Street Dental"),
     ("Dr. Okafor's office called Friday asking why the aligners arrived a week late.", "Dr. Okafor")],
)
def test_a_customer_named_telling_us_in_conversation_is_one_weak_report(told: str, customer: str) -> None:
    frame = read(PROBLEM + told + "\n")

    assert [item.customer.removesuffix("'s") for item in frame.evidence if item.customer] == [customer]
    assert tier(frame) == "weak"


def test_a_report_signed_with_name_role_and_organisation_on_its_own_line_is_theirs() -> None:
    frame = read("Booking confirmations for our Tucson office show the wrong hour since the clocks changed. Two "
                 "clients turned up late this week.\n\nMarisol Vega, Practice Manager, Saguaro Family Dental\n",
                 labels=frozenset({"bug"}))

    assert [item.customer for item in frame.evidence] == ["Saguaro Family Dental"]
    assert tier(frame) == "weak"


def test_a_setup_listed_like_a_signature_names_no_one() -> None:
    frame = read("Exported delivery notes use a dot for decimals, so Excel reads them as dates.\n\n"
                 "Browser Edge, Excel 365, Windows 11 German\n", labels=frozenset({"bug"}))

    assert "Windows 11 German" not in [item.customer for item in frame.evidence]


@pytest.mark.parametrize(
    ("sentence", "customer"),
    [
        ("Tomás (jefe de taller en Recambios Olmedo S.L.) nos llamó el lunes: los pedidos salen duplicados.",
         "Recambios Olmedo S.L."),
        ("Le gérant (Atelier Vasseur SARL) nous a appelés jeudi : les devis partent sans TVA. Pas de ticket.",
         "Atelier Vasseur SARL"),
        ("Kotipesula Lahtinen Oy:n toimistopäällikkö kertoi puhelimessa, että laskut tulevat kahteen kertaan.",
         "Kotipesula Lahtinen Oy"),
        ("Nahlásila nám to Pekárna Novák s.r.o. — vedoucí volal na podporu, tiket nebyl založen.",
         "Pekárna Novák s.r.o."),
        ("Mentioned by the office manager at Larchmont Dental Oyj during their quarterly check-in call last month "
         "(no ticket, it came up in passing): invoices go out twice.", "Larchmont Dental Oyj"),
        ("Zadzwoniła do nas księgowa z Drukarnia Lewandowski sp. z o.o., faktury wychodzą podwójnie.",
         "Drukarnia Lewandowski sp. z o.o."),
        ("Bakkerij Hoogland uit Zwolle belde hierover: hun klanten kregen de bevestiging twee keer.",
         "Bakkerij Hoogland"),
        ("Ola (sales) was on a renewal call with Drukarnia Wiśniewski sp. z o.o. on Tuesday; their office manager "
         "mentioned that the exports lose every accent.", "Drukarnia Wiśniewski sp. z o.o."),
    ],
)
def test_a_customer_named_by_its_legal_form_who_told_us_is_weak(sentence: str, customer: str) -> None:
    frame = read(PROBLEM + sentence + "\n")

    assert [item.customer for item in frame.evidence] == [customer]
    assert tier(frame) == "weak"


@pytest.mark.parametrize(
    ("sentence", "customer"),
    [
        # No legal form: the name is set apart (bold, quotes), ends as an organisation does, has an article before
        # it, or is introduced as someone's.
        ("At the open day the owner of **Brackenfield Riding School** told Tom that the lesson reminders arrive a "
         "day late.", "Brackenfield Riding School"),
        ("Il Campeggio delle Querce ci ha chiesto questa funzione durante una chiamata con Marta.",
         "Campeggio delle Querce"),
        ("Anouk van Wasserette De Bleek vertelde op de beurs dat de kassabonnen dubbel worden geprint.",
         "Wasserette De Bleek"),
        ("Majitel půjčovny „Lodě U Jezu“ nám volal, že se rezervace po zaplacení ruší.", "Lodě U Jezu"),
        ("Der Inhaber vom Pinewood Storage Centre erwähnte, dass die Rechnungen doppelt ankommen.",
         "Pinewood Storage Centre"),
        ("Harbour Point Storage's manager emailed her account manager that the vacancy report is off again.",
         "Harbour Point Storage"),
        ("Il titolare di Tintoria Gialla ha chiamato Luca la settimana scorsa: il retro è pieno di capi.",
         "Tintoria Gialla"),
        ("Nos lo comentó Inés, de Floristería Las Dalias, en la visita del martes.", "Floristería Las Dalias"),
        ("Formanden for Nordfyns Biavlerforening nævnte det i telefonen, da vi talte om fornyelsen.",
         "Nordfyns Biavlerforening"),
        ("Gemeld door Bloemenhuis Tulp via de telefoon naar onze accountmanager.", "Bloemenhuis Tulp"),
        ("Fjordline Siderkompani spurte om dette da vi traff dem på messa i Bergen.", "Fjordline Siderkompani"),
    ],
)
def test_a_customer_named_without_a_legal_form_who_told_us_is_weak(sentence: str, customer: str) -> None:
    frame = read(PROBLEM + sentence + "\n")

    assert [item.customer for item in frame.evidence] == [customer]
    assert tier(frame) == "weak"


@pytest.mark.parametrize(
    "sentence",
    [
        # 'According to Castellví' and a role are no organisation that told us.
        "Según Castellví, the manager told us the reminders arrive late.",
        "The Head of Operations told us that the reminders arrive late.",
    ],
)
def test_a_phrase_or_a_role_that_told_us_is_no_organisation(sentence: str) -> None:
    frame = read(PROBLEM + sentence + "\n")

    assert not any(item.customer for item in frame.evidence)


@pytest.mark.parametrize(
    "sentence",
    [
        "We called Viestintä Nordic Oy, our SMS gateway, and they told us the queue was paused.",
        "Our supplier Kabelwerk Brandt GmbH told us the parts ship next week.",
    ],
)
def test_an_organisation_we_called_or_buy_from_is_no_customer(sentence: str) -> None:
    frame = read(PROBLEM + sentence + "\n")

    assert frame.evidence == []


def test_a_customer_who_told_us_on_the_phone_is_cited_as_a_call() -> None:
    frame = read(PROBLEM + "Kotipesula Lahtinen Oy:n toimistopäällikkö kertoi puhelimessa, että laskut tulevat kahteen "
                           "kertaan.\n")

    assert [(item.customer, item.kind) for item in frame.evidence] == [("Kotipesula Lahtinen Oy", EvidenceKind.CALL)]


def test_the_checklist_asks_for_the_call_a_customer_told_us_on() -> None:
    frame = read(PROBLEM + "Kotipesula Lahtinen Oy:n toimistopäällikkö kertoi puhelimessa, että laskut tulevat kahteen "
                           "kertaan.\n")

    assert [finding.message for finding in frame.findings if finding.code == "evidence.no_source"] == [
        "**Kotipesula Lahtinen Oy** is named but nothing links the call recording or notes: add the link, or the "
        "record's number, so others can look it up."]


@pytest.mark.parametrize(
    ("field", "customer"),
    [
        # The field's value opens with the customer; what follows (size, plan, revenue) describes it.
        ("**Account:** Spin Cycle Laundromat — 9 stores, Chicago metro · Platinum · ARR $64,800",
         "Spin Cycle Laundromat"),
        ("**Talep eden:** Boğaziçi Kan Bağış Merkezi (yeni müşteri, canlıya geçiş eylül)",
         "Boğaziçi Kan Bağış Merkezi"),
        ("**Zákazník:** Knihkupectví U Modré hvězdy (Brno) — [Freshdesk #5521](https://acme.freshdesk.com/a/tickets/5521)",
         "Knihkupectví U Modré hvězdy"),
        ("**Source:** Laulu Baari Oy (Tampere), [Freshdesk #6043](https://acme.freshdesk.com/a/tickets/6043).",
         "Laulu Baari Oy"),
    ],
)
def test_a_customer_field_names_the_customer_its_value_opens_with(field: str, customer: str) -> None:
    frame = read(PROBLEM + field + "\n")

    assert [item.customer for item in frame.evidence] == [customer]


def test_a_source_line_naming_a_tool_names_no_customer() -> None:
    frame = read(PROBLEM + "Source: Looker Studio, [Zendesk #6043](https://acme.zendesk.com/agent/tickets/6043)\n")

    assert [item.customer for item in frame.evidence] == [None]


def test_the_town_a_customer_is_in_is_not_the_customer() -> None:
    frame = read(PROBLEM + "Sales says a prospect, Northgate School Photography in Leeds, asked on a demo call last "
                           "week whether class rosters can be imported.\n")

    assert [item.customer for item in frame.evidence] == ["Northgate School Photography"]


def test_capitalised_nouns_in_a_bracketed_record_are_not_the_customer_a_colleague_relays() -> None:
    frame = read(PROBLEM + "Der Inhaber vom Pinewood Storage Centre erwähnte am Telefon, dass die Mahnungen doppelt "
                           "ankommen; seine Buchhaltung storniert jede Woche rund 30 Rechnungen von Hand "
                           "([Zendesk #48213](https://acme.zendesk.com/agent/tickets/48213)).\n")

    assert [item.customer for item in frame.evidence] == ["Pinewood Storage Centre"]
