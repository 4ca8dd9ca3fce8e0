"""A pasted tracker page, its thread, and demand relayed by colleagues, read the way people paste and write them."""

from __future__ import annotations

import pytest

from problemframe.model import EvidenceKind
from tests.problemframe.reading import PROBLEM, read, reasons, tier

THREAD = """# Reminders go out an hour early since the clocks changed

**@harbour-physio** opened this issue on Mar 31, 2026 · 3 comments

Hi, I run a two-room physio practice and we use your booking widget on our site. Since Sunday every reminder SMS goes
out an hour early and two patients turned up at the wrong time this week.

---

**@dunmore-pilates** commented on Apr 1, 2026

Same for our studio in Galway: three clients arrived an hour early on Tuesday, we had to send them away.

---

**@kiln-yoga** commented on Apr 1, 2026

Also seeing it here, our 7am class got reminders at 6am and nobody came.

---

**@rota-maintainer** (Member) commented on Apr 1, 2026

Reproduced on staging with Europe/Dublin; the cached offset is stale. Tracking internally.

---

**@harbour-physio** commented on Apr 2, 2026

Thanks, that fixed it for us.
"""


def test_a_users_report_stays_theirs_when_a_maintainer_answers_on_staging() -> None:
    frame = read(THREAD, labels=frozenset({"bug"}))

    own = [item for item in frame.evidence if item.kind is EvidenceKind.FIRST_HAND]
    assert own and "physio practice" in (own[0].quote or "")
    # Two other users with their own cases; the opener thanking the team is no third.
    assert "a user's own report, confirmed by 2 others" in reasons(frame)
    assert tier(frame) == "moderate"


def test_the_copied_page_header_is_neither_the_problem_nor_a_customer() -> None:
    body = ("# export broken\n\n**Labels:** _none_\n**Repository:** postwick/feedback · opened by @bjornh\n\n"
            "export to csv doesnt work since yesterday, just spins forever. pls fix\n")
    frame = read(body, labels=frozenset({"bug"}))

    assert frame.problem is not None and frame.problem.startswith("export to csv")
    assert [item.kind for item in frame.evidence] == [EvidenceKind.FIRST_HAND]
    assert "@bjornh" in frame.evidence[0].text
    assert tier(frame) == "weak"


@pytest.mark.parametrize("field", ["**Customer:** Setas del Norte, Freshdesk #58214",
                                   "**Cliente:** Setas del Norte — Freshdesk #58214"])
def test_a_customer_field_that_ends_in_a_record_number_is_no_page_header(field: str) -> None:
    # A page shows an issue's title with its number ('Split invoices by call #412'); a field line is not that.
    frame = read(f"# Labels print blank since 3.7.0\n\n{field}\n\nSince 3.7.0 the lot labels print blank on the "
                 "Zebra printer and the pallets are labelled by hand.\n", labels=frozenset({"bug"}))

    assert [item.customer for item in frame.evidence] == ["Setas del Norte"]
    assert tier(frame) == "moderate"


def test_an_unfilled_form_opened_by_a_user_reports_nothing() -> None:
    body = ("# [Bug]: \n\n_@user-7713 opened this issue · labels: bug, needs-triage_\n\n"
            "### Describe the bug\n\nA clear and concise description of what the bug is.\n\n"
            "### To Reproduce\n\n_No response_\n")
    frame = read(body, labels=frozenset({"bug"}))

    assert frame.evidence == []


def test_a_page_header_with_its_labels_above_a_bots_pull_request_is_set_aside() -> None:
    body = ("# Bump stripe from 14.25.0 to 16.2.0\n\n`dependencies` `javascript`\n\n"
            "**dependabot** bot opened this pull request\n\nBumps stripe from 14.25.0 to 16.2.0.\n")
    frame = read(body)

    assert frame.problem is not None and frame.problem.startswith("Bumps stripe")
    assert frame.evidence == []


def test_a_bots_pull_request_header_makes_nothing_evidence() -> None:
    body = ("# Bump mjml from 4.14.1 to 4.15.3\n\n**Opened by** dependabot[bot]\n\n"
            "Bumps [mjml](https://github.com/mjmlio/mjml) from 4.14.1 to 4.15.3. Several users reported the fix.\n")
    assert read(body).evidence == []


def test_comments_that_only_vote_are_votes_not_reports() -> None:
    body = ("# Dark mode for the desktop app\n\n_@nightowl-ux opened this issue · 4 comments_\n\n"
            "The web app has it, the desktop app doesn't.\n\n👍 37\n\n---\n\n"
            "**@kofi-pixels** commented\n\n+1\n\n---\n\n**@mtrn** commented\n\nbump, any update?\n\n---\n\n"
            "**@sasha-v** commented\n\nwould love this\n")
    frame = read(body)

    assert not any(item.reports for item in frame.evidence)
    assert tier(frame) == "weak"


@pytest.mark.parametrize(
    "sentence",
    [
        "Sales keeps telling me this comes up on basically every full-service demo.",
        "Support tells me a fair few people only notice when the forecast looks off.",
        "A few folks on the community forum have been asking about it.",
        "De afgelopen week hebben een paar klanten gebeld dat de betaallink niet werkt.",
        "Plusieurs clients nous ont écrit à ce sujet cette semaine.",
        "커뮤니티 포럼에서 몇 분이 비슷한 요청을 하셔서 정리해서 올립니다.",
        "settimana scorsa a un evento ho parlato con un cliente e mi ha detto che perdono tutti i filtri.",
        "Writing this up after coffee with Hannah from Greystone Events last week.",
        "Fernhill Group's CEO asked me at SaaStr whether we could do this.",
        "Kunder frågar ofta efter det här, särskilt salonger och massagekliniker.",
        "We horen van meerdere adviseurs dat vijf werkdagen te lang is.",
        "In un paio di demo i prospect hanno chiesto se i broker possono aprire il sinistro.",
        "営業経由で、東邦みらい損害保険から「本番導入は難しい。」という話があったと聞いています。",
        "Sales keeps hearing this in demos, apparently it comes up a lot.",
        "O time comercial sempre ouve isso nas demos, e o pessoal de CS comenta também.",
        "C'est Julien, leur DAF, qui m'en a parlé au déjeuner la semaine dernière.",
        "Me lo comentó el equipo de Farmacias Del Valle durante la llamada de seguimiento.",
        "Volgens Femke (CSM) is dit vorige week gebeurd bij een installateur in Zwolle.",
        "Priya from CS mentioned that a couple of travelers got turned away (Thailand? she wasn't sure).",
        "CS says duplicates come up in basically every onboarding call.",
        "Herr Krämer hat mir das am Rande unseres Termins letzte Woche erzählt.",
        "Sander hoorde het vorige week bij Dierenkliniek De Linde in Amersfoort.",
        "Flera kliniker har frågat på användarforumet om vi kommer att hinna.",
        "Na forum społeczności kilku sprzedawców pisało, że robią to ręcznie co miesiąc.",
        "I've also seen a few threads on the community forum where people describe hacks around this.",
        "Sales says pretty much every marina on the shortlist asks whether berths can be booked by the hour.",
        "Support said they heard from \"a couple of skippers\" on the phone; nothing was logged.",
        "Our AEs mentioned that several harbourmasters want this before they move their bookings over.",
        "Harbourmasters and yacht club secretaries tell us at every boat show that invoicing eats their Mondays.",
        "A few dockhands from two of the marinas have mentioned they miss the low-fuel warning.",
        "When I spoke to Saltmarsh Boatyard Ltd. last month they said the export is \"useless\" — nothing in writing.",
        "Notre chargé de compte, Julien, nous a remonté que la Médiathèque de Brest en parle à chaque point mensuel.",
        "Z tego, co przekazał nam dział sprzedaży, Przedszkole nr 4 narzeka na ręczne przepisywanie list.",
        "Satıcı Ege Zeytin dün müşteri temsilcisini telefonla aramış, kodlar gelmiyormuş.",
        "Fjordvik Apotek called support about it (phone, no ticket).",
        "Handlowiec mówi, że spora szkoła jazdy z Gdańska nie podpisze umowy bez płatności ratalnych.",
        "销售那边说，杭州一家连锁洗衣店「白鹭洗护」在评估我们，对方表示没有会员储值就不考虑。",
        "営業によると、大手の「みなと書房」がこの機能を導入の条件にしているそうです。",
        "Supporten fortæller, at en frisørkunde ringede i sidste uge og var irriteret over kvitteringen.",
        "Strandvik Gokart ringte support i går og sa at bookingene forsvinner.",
        "Satış ekibinin aktardığına göre Ankara'da iki şubeli bir zincir bu olmadan geçiş yapmayacağını söylemiş.",
        "매장 점주님들이 \"손님들이 카톡으로 보내 달라고 한다\"고 여러 번 이야기하셨다고 합니다.",
        "A promoter asked me on a call last week how re-entry works on a single-entry gate.",
        "Gefühlt fragen uns die Kletterhallen ständig danach, ob das nicht automatisch gehen kann.",
        "最近、店舗さんから「ヤマハの診断も読めないか」という問い合わせを何度か受けています。",
        "Daglig leder på Rideskolen Vest fortalte meg på messa at de er tilbake på papir.",
    ],
)
def test_demand_relayed_by_a_colleague_is_thin_evidence(sentence: str) -> None:
    frame = read(PROBLEM + sentence + "\n")

    assert frame.evidence
    assert tier(frame) == "weak"
    assert not any((item.customer or "").lower().startswith(("c'est", "it's")) for item in frame.evidence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Put the result in the shared sheet \"FTP sunset — tenant list\" and ping @mreyes.",
        "Suspect commit: \"seatmap: allow multi-select with pinch\" by @karolina-dev.",
        "Internal Audit flagged this in finding IA-2024-07.",
        "Target GA: 2025-04-15",
        "@marketing-ops wrote \"we need this for the Q3 launch campaign\" in #412.",
        "**Source:** Amplitude",
        "The logs tell us the sync retried three times before giving up.",
        "Azure AD is the next most asked for identity provider after Okta.",
        "Talked to Priya Raman from platform about the retry budget.",
        "It is an internal clean-up and nobody outside the platform team has asked for it.",
        "Honestly a guess from the team, not something a customer has requested.",
        "This is about our own on-call load, not a customer-reported problem.",
    ],
)
def test_colleagues_commits_and_fields_are_no_customers(sentence: str) -> None:
    frame = read(PROBLEM + sentence + "\n")

    assert tier(frame) == "none"


def test_a_release_checklist_step_is_no_usage_data() -> None:
    body = ("## Release 5.8.0\n\n- [ ] Tag the release\n"
            "- [ ] Promote to Ring 1 (5 % of customer hosts) only if crash-free hosts stay above 99.5 %\n"
            "- [ ] Staged auto-update: 5 % of sites for 48 h\n")
    assert read(body).evidence == []


def test_a_customer_card_names_the_ticket_under_it() -> None:
    body = PROBLEM + ("*Agência Cajuína* (Fortaleza/CE), plano Organization, 23 editores. Chamado aberto pela líder de "
                      "design: [Zendesk #47902](https://tessary.zendesk.com/agent/tickets/47902).\n")
    frame = read(body)

    assert [item.customer for item in frame.evidence if item.url] == ["Agência Cajuína"]
    assert tier(frame) == "moderate"


def test_a_japanese_shop_heading_its_ticket_is_the_customer() -> None:
    body = PROBLEM + ("お客様からの問い合わせ：\n\n- **らーめん一心 渋谷店** — "
                      "[Zendesk #50388](https://ladle.zendesk.com/agent/tickets/50388) 店長の小林様より。\n")
    frame = read(body)

    assert "らーめん一心 渋谷店" in [item.customer for item in frame.evidence]


def test_a_key_results_baseline_measured_in_product_analytics_is_usage_data() -> None:
    body = ("## Objective\n\nMake shared libraries the default way teams build screens.\n\n## Key results\n\n"
            "| KR | Baseline | Target | Source |\n| --- | --- | --- | --- |\n"
            "| Share of weekly-active files inserting a library component | 38 % | 55 % "
            "| [Looker: library_events](https://tessary.looker.com/looks/4471) |\n")
    frame = read(body)

    assert [(item.kind, item.text) for item in frame.evidence] == [
        (EvidenceKind.USAGE_DATA, "Baseline 38% measured in https://tessary.looker.com/looks/4471")]
    assert tier(frame) == "moderate"


def test_a_baseline_on_a_monitoring_dashboard_is_no_customer_evidence() -> None:
    body = ("## Objective\n\nKeep order-to-screen latency low on Friday nights.\n\n## Key results\n\n"
            "| KR | Baseline | Target | Source |\n| --- | --- | --- | --- |\n"
            "| p95 order-to-screen latency | 4.8 s | 1.5 s | [Grafana](https://grafana.ladle.example/d/kds) |\n")
    assert read(body).evidence == []


def test_a_table_of_stores_each_with_its_ticket_is_strong() -> None:
    body = PROBLEM + ("**Affected customers**\n\n| Store | Ticket | What they saw |\n|---|---|---|\n"
                      "| Smokehouse 41 (Leeds) | [ZD #48213](https://ladle.zendesk.com/agent/tickets/48213) | Brisket "
                      "still orderable |\n| Mama Lin's Dumpling Bar | [ZD #48240](https://ladle.zendesk.com/agent/"
                      "tickets/48240) | Dumplings live 14 min after |\n")
    frame = read(body)

    assert [item.customer for item in frame.evidence if item.url] == ["Smokehouse 41", "Mama Lin's Dumpling Bar"]
    assert tier(frame) == "strong"


@pytest.mark.parametrize(
    ("header", "body"),
    [
        ("**@bdrake92** opened this issue 2 hours ago", "takes forever every single time. fix it pls"),
        ("_opened by **gr1mlock** · 0 comments_",
         "opening the tilemap panel crashes the whole editor, every single time. third release in a row."),
    ],
)
def test_a_users_terse_report_under_a_copied_header_is_a_problem_and_thin_evidence(header: str, body: str) -> None:
    frame = read(f"# it is slow\n\n{header}\n\n{body}\n")

    assert frame.problem == body
    assert not any(finding.code.startswith("problem.") for finding in frame.findings)
    assert tier(frame) == "weak"


def test_a_jira_field_row_copied_above_the_text_names_no_customer() -> None:
    body = ("**Project:** LCB | **Issue type:** Task | **Reporter:** Sergei Antonov\n\n"
            "Rotate the App Store Connect API key before it expires on 30 June.\n")
    frame = read(body)

    assert frame.evidence == []
    assert frame.problem is not None and frame.problem.startswith("Rotate")


def test_one_other_user_with_their_own_case_confirms_a_report_and_a_staff_reply_does_not() -> None:
    body = ("# Heartbeats stop after the 2.8 upgrade\n\n**@grid-ops-ana** opened this issue · 3 comments\n\n"
            "Since upgrading our chargers' bridge to 2.8 I see every station go offline after about an hour, and my "
            "drivers cannot start a session until I restart the bridge by hand.\n\n"
            "**@voltpark-mike** commented:\n\nSame on our site in Lyon since 2.8: 14 chargers dropped at 09:10 and "
            "again at 10:20, we rolled back to 2.7.4.\n\n"
            "**@lucia-p** commented:\n\nReally sorry about this @grid-ops-ana. Could you send the logs to "
            "support@ampwise.example?\n")
    frame = read(body, labels=frozenset({"bug"}))

    assert "a user's own report, confirmed by 1 other" in reasons(frame)
    assert tier(frame) == "moderate"


def test_the_opened_line_pasted_under_the_text_still_names_the_user() -> None:
    body = ("label printer doesnt print since the update. fix pls\n\n---\n\n"
            "**@vetnurse_kaz** opened this issue on Feb 2\n")
    frame = read(body, labels=frozenset({"bug"}))

    assert [item.kind for item in frame.evidence] == [EvidenceKind.FIRST_HAND]
    assert tier(frame) == "weak"


@pytest.mark.parametrize("line", ["**@marie-d** a ouvert cette issue · 2 commentaires",
                                  "**@marie-d** a ouvert ce ticket", "**@marie-d** abriu esta issue em 22 de abr."])
def test_the_page_header_names_its_opener_in_other_languages(line: str) -> None:
    from problemframe.parse.page_header import opener, split_header

    header, _ = split_header(f"# Export cassé\n\n{line}\n\nL'export CSV est vide depuis hier.\n")
    assert header == [line]
    assert opener(header) == "marie-d"


@pytest.mark.parametrize(
    ("field", "customer"),
    [
        ("*Melder:* Sanne Bosma (Rijnmond Koeltransport BV)", "Rijnmond Koeltransport BV"),
        ("*Zgłaszający:* Anna Kowal (Piekarnia Złoty Kłos Sp. z o.o.)", "Piekarnia Złoty Kłos Sp. z o.o."),
        ("**報告者:** 高橋 直樹（白樺高原スキー場 チケット担当）", "白樺高原スキー場"),
    ],
)
def test_a_reporter_field_in_other_languages_names_the_organisation_they_file_for(field: str, customer: str) -> None:
    frame = read(field + "\n\n" + PROBLEM)

    assert [item.customer for item in frame.evidence] == [customer]
    assert tier(frame) == "weak"


@pytest.mark.parametrize("field", ["**報告者:** 山本（CSチーム・日本）", "報告者：カスタマーサクセス 西村",
                                   "*Melder:* Tomasz Nowak (opiekun klienta)"])
def test_a_reporter_field_naming_our_own_staff_is_no_customer(field: str) -> None:
    frame = read(field + "\n\n" + PROBLEM)

    assert tier(frame) == "none"


@pytest.mark.parametrize(
    ("sentence", "customer"),
    [
        ("Parece poco, pero la Cooperativa del Valle nos lo ha reportado porque el cierre mensual no cuadra. "
         "Conversación: https://app.intercom.com/a/inbox/x/inbox/conversation/5512", "Cooperativa del Valle"),
        ("Ferretería Los Óvalos (Monterrey) reporta que el ticket sale sin el RFC desde el lunes. "
         "Conversación: https://app.intercom.com/a/inbox/x/inbox/conversation/5513", "Ferretería Los Óvalos"),
        ("Klient **Zielona Dolina Sp. z o.o.** od poniedziałku nie może pobrać raportu. Rozmowa: "
         "https://app.intercom.com/a/inbox/x/inbox/conversation/5514", "Zielona Dolina Sp"),
    ],
)
def test_a_customer_named_in_running_text_of_other_languages_with_its_source_is_moderate(
        sentence: str, customer: str) -> None:
    frame = read(PROBLEM + sentence + "\n")

    assert customer in [item.customer for item in frame.evidence]
    assert tier(frame) == "moderate"


@pytest.mark.parametrize(
    ("line", "customer"),
    [
        ("顧客: 株式会社ミドリ運輸（[Zendesk #51880](https://acme.zendesk.com/agent/tickets/51880)）",
         "株式会社ミドリ運輸"),
        ("Wie: Zorgboerderij De Linde heeft hier vorige week over geschreven ([Intercom gesprek]"
         "(https://app.intercom.com/a/inbox/x/inbox/conversation/3099))", "Zorgboerderij De Linde"),
    ],
)
def test_a_who_field_in_other_languages_names_the_customer_with_its_source(line: str, customer: str) -> None:
    frame = read(PROBLEM + line + "\n")

    assert customer in [item.customer for item in frame.evidence]
    assert tier(frame) == "moderate"


def test_a_place_after_customers_of_is_no_customer() -> None:
    frame = read(PROBLEM + "Varios clientes de Colombia nos lo han pedido en las llamadas de renovación.\n")

    assert "Colombia" not in [item.customer for item in frame.evidence]


def test_the_owner_and_the_shop_that_bears_her_name_are_one_customer() -> None:
    frame = read(PROBLEM + "Ingrid Lindqvist called us about it on Monday ([Zendesk #4411](https://acme.zendesk.com/"
                 "agent/tickets/4411)).\n\nLindqvist Blomster & Café has asked twice since "
                 "([Zendesk #4420](https://acme.zendesk.com/agent/tickets/4420)).\n")

    assert tier(frame) == "moderate"


FORM_WITH_WRITER = """### What happened?

Since the kiosk update on Friday the receipt printer cuts every ticket in half and the guest has to queue again at
the desk for a reprint.

### Version

Kiosk 3.8.1

### Your role / organisation

Front desk lead, Brackenridge Aquatic Centre
"""


def test_a_form_answer_naming_the_writers_organisation_is_their_own_named_report() -> None:
    frame = read(FORM_WITH_WRITER, labels=frozenset({"bug"}))

    assert [(item.customer, item.kind) for item in frame.evidence] == [
        ("Brackenridge Aquatic Centre", EvidenceKind.FIRST_HAND)]
    assert tier(frame) == "weak"


def test_a_confirmation_from_another_organisation_makes_the_form_report_moderate_and_staff_do_not_count() -> None:
    thread = FORM_WITH_WRITER + ("\n---\n\n**@jfolau-harbourpool** commented:\n\nSame at Harbour Pool since 3.8.1: "
                                 "the desk reprinted 41 receipts on Sunday, log attached.\n\n"
                                 "**@kioskco-support-mia** commented:\n\nThanks, reproduced on the bench.\n")
    frame = read(thread, labels=frozenset({"bug"}))

    assert tier(frame) == "moderate"
    assert any("1 other" in item.text for item in frame.evidence)


def test_a_whole_copied_page_names_its_opener_and_their_own_bump_confirms_nothing() -> None:
    page = ("Skip to content\nharbourline / berthdesk-community  Public\n\n"
            "Split invoices by vessel call #412\nOpen  kvoss opened this issue on Mar 3, 2025 · 2 comments\n\n"
            "# Split invoices by vessel call\n\nToday every berth invoice lumps all calls of the month together, so "
            "our agents re-key them by hand into the owners' portals.\n\n👍 21\n\n"
            "**@dmarsh** commented:\n+1 we would switch this on tomorrow\n\n**@kvoss** commented:\nAny update on "
            "this? It has been open since the autumn.\n")
    frame = read(page)

    assert [item.text for item in frame.evidence if item.reports] == ["1 other said the same (@dmarsh), 1 more voted"]
    assert not any("Skip to content" in item.text for item in frame.evidence)


@pytest.mark.parametrize("title", ["# Print name tags + parent pickup slips at kids check-in",
                                   "## Loaner agreement e-sign at service drop-off demo"])
def test_a_title_that_ends_on_a_word_for_a_meeting_names_no_customer(title: str) -> None:
    frame = read(title + "\n\n" + PROBLEM)

    assert tier(frame) == "none"


def test_a_source_on_its_own_line_under_a_customers_paragraph_is_theirs() -> None:
    frame = read("Kestrel Roofing Co. had a permit rejected by the county because the packet's roof sheet is at the "
                 "wrong scale.\n\nZendesk: https://acme.zendesk.com/agent/tickets/40127\n")

    assert [(item.customer, item.url) for item in frame.evidence] == [
        ("Kestrel Roofing Co.", "https://acme.zendesk.com/agent/tickets/40127")]
    assert tier(frame) == "moderate"


@pytest.mark.parametrize(
    ("sentence", "customer"),
    [
        ("Laut Vertrieb braucht ein großer Verbund in Sachsen das vor der Ausschreibung.", None),
        ("Sales says a handful of regional carriers keep asking for split invoices in RFPs.", None),
        ("D'après le support, plusieurs crèches nous le demandent chaque rentrée.", None),
        ("Desde soporte me dicen que varios gimnasios se han quejado del cobro doble.", None),
        ("Enligt kundtjänst har Kvarnby Energi klagat på fakturorna två gånger.", "Kvarnby Energi"),
        ("Tomás comenta que en **Ópticas Miramar S.L.** quieren citas por WhatsApp.", "Ópticas Miramar S.L."),
        ("Hanna (sälj) hörde det från **Vägverket Norr AB** vid ett besök i Luleå.", "Vägverket Norr AB"),
        ("Luca mentioned in standup that Ferramenta Colli S.r.l. saw the duplicate SKU twice.",
         "Ferramenta Colli S.r.l."),
        ("Sales ekibinden Can'ın aktardığına göre Yalıköy Belediyesi bunu şartnameye koymayı düşünüyor.",
         "Yalıköy Belediyesi"),
        ("En la demo del martes con Grupo Ferretero Sierra (una red de 9 tiendas) nos preguntaron por el cierre.",
         "Grupo Ferretero Sierra"),
        ("Ran into Nora Quill (finance director, Quill & Hart Joinery) at the trade dinner; they export by hand.",
         "Quill & Hart Joinery"),
        ("Laut Jonas (Account Management Süd) hat die **Wohnbau Lechtal eG** das im letzten Termin angesprochen.",
         "Wohnbau Lechtal eG"),
        ("Hey, passing this on from **Tidewell Marine**, their office manager emailed me this morning.",
         "Tidewell Marine"),
        ("A Padaria Lusitana Lda. (Braga, 4 lojas) pediu isto à equipa comercial na reunião de renovação.",
         "Padaria Lusitana Lda."),
        ("Um técnico da Águas do Alto Minho S.A. comentou isto com a Rita numa conversa telefónica.",
         "Águas do Alto Minho S.A."),
        ("Según el equipo comercial, varios gestores de fincas lo preguntan en casi todas las demos.", None),
        ("D’après Claire (account manager Ouest), la régie des eaux de Pornic en aurait parlé lors du salon.", None),
        ("Sales says one of the big regional councils in the pipeline won't sign without contractor access.", None),
        ("Fjällvik Bygg AB tog upp det på senaste QBR:n, enligt Maja.", "Fjällvik Bygg AB"),
        ("De Wit Logistiek B.V. heeft dit volgens sales al een paar keer genoemd.", "De Wit Logistiek B.V"),
        ("Volgens Sanne (accountmanager) wil **Gemeente Zwolle** dit als voorwaarde opnemen.", "Gemeente Zwolle"),
        ("A driver from Harbourside mentioned it in passing at the depot.", None),
        ("At the user group in May, people from two hospitals mentioned their audits take a whole day.", None),
        ("Klient (biuro z Gdańska, rozmowa na czacie) zapytał, jak długo przechowujemy wyciągi.", None),
        ("組合員の方から「位置情報は公開されますか」と問い合わせがありました。", None),
        ("Een collega van verkoop zei dat Stichting Duinzicht hier bij de verlenging naar vroeg.",
         "Stichting Duinzicht"),
        ("Enligt vår säljare (Oskar) har Ljusdal Fastigheter AB frågat efter detta två gånger.",
         "Ljusdal Fastigheter AB"),
        ("Enligt vår kollega på sälj har Ekbacka Bygg AB frågat om detta inför förnyelsen.", "Ekbacka Bygg AB"),
        ("Sales says Harrowgate Joinery asked for this on the renewal call last month.", "Harrowgate Joinery"),
        ("A Joana (vendas Norte) diz que a Quinta do Vale Escuro, Lda. perguntou por isto na apresentação.",
         "Quinta do Vale Escuro, Lda."),
        ("Laut Vertrieb hat **Weinhaus Ebner** im letzten Gespräch gesagt, dass sie deshalb nicht wechseln.",
         "Weinhaus Ebner"),
    ],
)
def test_word_passed_on_by_a_colleague_is_weak_and_names_the_customer_it_names(sentence: str,
                                                                               customer: str | None) -> None:
    frame = read(PROBLEM + sentence + "\n")

    assert tier(frame) == "weak"
    assert [item.customer for item in frame.evidence] == [customer]


def test_asking_a_colleague_whether_anyone_mentioned_it_passes_nothing_on() -> None:
    frame = read(PROBLEM + "Will ask sales if any of the bigger accounts has mentioned it.\n")

    assert tier(frame) == "none"


def test_the_team_that_passed_the_word_on_is_no_customer() -> None:
    frame = read(PROBLEM + "Laut Vertrieb will ein Kunde in Bayern das unbedingt haben.\n")

    assert frame.evidence and frame.evidence[0].customer is None


@pytest.mark.parametrize(
    "body",
    [
        # A bug's 'Source' heading with no metric above it says where the report came from.
        "## Steps\n\n1. Book a court after 21:00\n\n## Source\n\nOne of the club managers mentioned this in the "
        "customer forum last week. I reproduced it on staging.\n",
        # A partial denial: the demand was voiced, only nothing was written down.
        "## Who asked\n\nSeveral ward managers brought this up at the spring user day. No one followed up in writing "
        "that I know of.\n",
        # The writer's opinion follows the people asking; the asking still counts.
        "A lot of people in the community Discord keep asking for a sample config, and I think it's the most common "
        "question there.\n",
    ],
)
def test_demand_voiced_without_a_record_is_weak_evidence(body: str) -> None:
    frame = read(PROBLEM + body)

    assert frame.evidence
    assert tier(frame) == "weak"


@pytest.mark.parametrize(
    "line",
    [
        "Attendees: **Dana Holt** (Ops Director, Corrie Freight), Priya Nair (CSM), Tom Wexler (PM)",
        "| **Owner** | Kenji Mori (SE) / Nadia Haddad (Support) |",
        "Generate a new key in the console (needs the Account Holder, ask [~gabe]).",
    ],
)
def test_people_named_with_their_role_are_no_customers_passed_on(line: str) -> None:
    frame = read(PROBLEM + line + "\n")

    assert all(item.customer not in ("Dana Holt", "Kenji Mori", "Nadia Haddad") for item in frame.evidence)
    assert tier(frame) == "none"


@pytest.mark.parametrize(
    "line",
    [
        "Reporter: Tyler Grant",
        "*Reporter:* Kai Nieminen",
        # One of our teams in brackets: 'Logistics', 'platform', 'Flight Ops'.
        "*Reporter:* Gemma Thorne (Logistics)",
        "Reported by: Gustavo Lindqvist (platform)",
        "Reporter: Kit Hanrahan (Flight Ops)",
    ],
)
def test_a_tracker_s_reporter_field_with_only_a_name_is_no_customer(line: str) -> None:
    assert read(PROBLEM + line + "\n").evidence == []


@pytest.mark.parametrize(
    "sentence",
    [
        "A florist based in Ghent (account FL-2231) wrote in via Intercom last week: her invoices show euros twice.",
        "Several night drivers have apparently asked for this in their group chats, though I haven't seen the messages "
        "myself.",
        "Per Marta in Sales, Brightwater Dental Ltd want this before their renewal in March.",
        # One person from a place asked us; a named club was heard from.
        "En cykelhandler fra Odense spurgte os på messen, om vi kan vise reservedele på lager.",
        "Vores salgschef hørte fra **Vejle Rideklub** på stævnet, at de har droppet holdplanen i appen.",
    ],
)
def test_one_party_writing_in_or_a_claim_whose_record_is_missing_is_still_weak_evidence(sentence: str) -> None:
    assert tier(read(PROBLEM + sentence + "\n")) == "weak"


def test_word_passed_on_under_the_evidence_heading_names_the_customer_not_the_team_nor_a_missing_ticket() -> None:
    body = PROBLEM + ("### Who asked\n\nLaut Vertrieb will die **Entsorgung Isartal GmbH** das vor der Ausschreibung "
                      "gelöst haben. Kein Ticket bisher.\n")
    frame = read(body)

    assert [(item.customer, item.kind) for item in frame.evidence] == [("Entsorgung Isartal GmbH", EvidenceKind.OTHER)]
    assert tier(frame) == "weak"


def test_a_record_the_line_says_is_missing_gives_the_word_passed_on_no_source() -> None:
    frame = read(PROBLEM + "## Wie vroeg erom?\n\nEen collega van verkoop zei dat Stichting Duinzicht hier naar vroeg. "
                 "Nog geen notitie in het CRM.\n")

    assert [(item.customer, item.kind) for item in frame.evidence] == [("Stichting Duinzicht", EvidenceKind.OTHER)]
    assert tier(frame) == "weak"


def test_a_handle_and_its_comment_on_one_quoted_line_is_another_users_report() -> None:
    thread = (PROBLEM + "Pasting from the other thread:\n\n"
              "> **@harbour-freight-office**: Our dispatchers on iPad can't sign the load sheet since Monday. "
              "Four of them called in today.\n\n> **@ravi-p**: +1\n")
    frame = read(thread)

    assert [item.text for item in frame.evidence if item.reports] == [
        "1 other said the same (@harbour-freight-office), 1 more voted"]


def test_a_colleague_from_another_office_who_asked_is_no_customer() -> None:
    assert tier(read(PROBLEM + "En kollega fra Aarhus spurgte os om det i går.\n")) == "none"


def test_store_reviews_quoted_in_emphasis_and_signed_after_the_quote_are_voices() -> None:
    frame = read(PROBLEM + "Riders ask for it in Google Play reviews:\n\n"
                 "> ★★☆☆☆ *\"Booking is fine but I wish it reminded me when a service is due.\"* — Marta L.\n\n"
                 "> ★★★☆☆ *\"My shop uses this app. A reminder at six months would be perfect.\"* — Olek Nowak\n")

    names = [item.customer or "" for item in frame.evidence]
    assert "Olek Nowak" in names and any(name.startswith("Marta L") for name in names)
    assert tier(frame) == "moderate"


def test_a_table_of_review_site_quotes_names_each_reviewer_without_their_job_title() -> None:
    frame = read(PROBLEM + "| Site | Reviewer | Quote |\n|---|---|---|\n"
                 "| Capterra | Dana K., shift supervisor, 51–200 employees | \"Useless on the tablet by the line.\" |\n"
                 "| G2 | Luis P., owner, sign shop | \"Please make the board work with touch.\" |\n")

    names = [item.customer for item in frame.evidence if item.customer]
    assert names == ["Dana K.", "Luis P."]
    assert tier(frame) == "moderate"


def test_a_customer_named_with_their_town_and_their_record_a_sentence_later_is_on_record() -> None:
    frame = read("## Problem\n\nKøreskole Lind (Aarhus) cannot print pass certificates since Monday for names with "
                 "accents, and the pupil cannot book the test. Reported via Freshdesk, tiket **#40417**.\n")

    assert [item.customer for item in frame.evidence] == ["Køreskole Lind"]
    assert tier(frame) == "moderate"


def test_a_person_named_with_their_role_beside_their_company_leaves_the_company_the_customer() -> None:
    frame = read("## Problem\n\nMillbrook Joinery lost two deposits last month this way. Sam Ortega (owner) wrote "
                 "in asking for a card hold.\n\nZendesk: https://acme.zendesk.com/agent/tickets/58214\n")

    assert "Millbrook Joinery" in [item.customer for item in frame.evidence]


@pytest.mark.parametrize(("sentence", "customer"), [
    ("해운대 서핑 스쿨 대표님께서 [Intercom 대화](https://app.intercom.com/a/apps/x/inbox/conversation/2144700)에서 "
     "요청하셨습니다.", "해운대 서핑 스쿨"),
    ("한빛 피아노 학원 원장님이 [Zendesk #55120](https://acme.zendesk.com/agent/tickets/55120)로 문의하셨어요.",
     "한빛 피아노 학원"),
])
def test_the_head_of_a_named_korean_business_who_asked_names_the_customer(sentence: str, customer: str) -> None:
    frame = read(PROBLEM + sentence + "\n")

    assert [item.customer for item in frame.evidence] == [customer]
    assert tier(frame) == "moderate"


@pytest.mark.parametrize("sentence", [
    "김민지 원장님이 전화로 문의하셨습니다.",
    "11월 12일 미팅에서 CS 팀장님이 요청 내용을 정리해 주셨습니다.",
])
def test_a_korean_person_or_a_meeting_is_no_organisation(sentence: str) -> None:
    assert not any(item.customer for item in read(PROBLEM + sentence + "\n").evidence)


def test_call_notes_titled_in_bold_with_the_recording_beside_them_name_the_customer() -> None:
    frame = read(PROBLEM + "**Customer call notes — Harrow Lane Motors** · Recording: "
                 "[Chorus](https://chorus.ai/meeting/9f2e71c0-4b3a)\n\n### What they told us\n\n"
                 "- Blocked time in Google Calendar does not come through since Easter.\n")

    assert [(item.customer, item.kind) for item in frame.evidence] == [("Harrow Lane Motors", EvidenceKind.CALL)]
    assert tier(frame) == "moderate"


def test_pasted_comments_dated_weeks_ago_are_other_users_reports() -> None:
    frame = read(PROBLEM + "👍 12\n\n---\n\n"
                 "> **@kiosk_owner_tm** · 3 weeks ago\n> We send jobs between our two kiosks on paper and lost a pair "
                 "last month.\n\n"
                 "> **@heelbar-anna** · 2 days ago\n> Same, our staff copy the old tag number by hand every time.\n")

    assert [item.text for item in frame.evidence if item.reports] == [
        "2 others said the same (@kiosk_owner_tm, @heelbar-anna), 1 more voted"]


def test_a_commenter_who_says_which_customer_they_are_names_it() -> None:
    frame = read(PROBLEM + "**Comments**\n\n> **vitek-farmco** commented 2 days ago\n> Same here at Farmco Agro. Seen "
                 "it on Android too.\n\n> **pj-brink** commented yesterday\n> +1, happens to us at Hoeve Ter Brink as "
                 "well.\n")

    assert {"Farmco Agro", "Hoeve Ter Brink"} <= {item.customer for item in frame.evidence}


def test_the_issue_shown_as_its_first_comment_is_the_opening_users_report() -> None:
    body = ("Open · **nkovacs-interp** opened this issue 5 days ago · 3 comments\n\n---\n\n"
            "**nkovacs-interp** commented 5 days ago\n\n"
            "I'm a freelance interpreter on the platform. My timesheet for 3 June shows 1 h 30 min but I checked in "
            "at 13:28 and was released at 15:20, so I lose money on every trial week.\n\n---\n\n"
            "**dmitri-r** commented 4 days ago\n\n"
            "Same thing happened to me on 5 June: in 09:05, out 11:44, paid 2 h 30 min instead of 2 h 45 min.\n")
    frame = read(body, labels=frozenset({"bug"}))

    assert any(item.kind is EvidenceKind.FIRST_HAND for item in frame.evidence)
    assert tier(frame) == "moderate"
