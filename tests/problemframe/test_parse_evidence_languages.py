"""Evidence as teams write it in their own language and roles: headings, vague mentions, their help desk's links."""

from __future__ import annotations

import pytest

from problemframe.model import EvidenceKind
from tests.problemframe.reading import read_after_problem, reasons, tier


@pytest.mark.parametrize("heading", ["Zgłoszenia klientów", "Kundenfeedback", "Retours clients", "顧客の声",
                                     "Feedback de clientes", "Klantfeedback"])
def test_an_evidence_heading_in_another_language_holds_the_evidence(heading: str) -> None:
    frame = read_after_problem(f"### {heading}\n\n- Centrum Medyczne Wola — https://acme.zendesk.com/agent/tickets/20944\n")

    assert [item.customer for item in frame.evidence] == ["Centrum Medyczne Wola"]
    assert tier(frame) == "moderate"


@pytest.mark.parametrize("sentence", [
    "A couple of the depot leads on night shift asked for it.",
    "Flera kommuner har hört av sig om detta under de senaste två veckorna.",
    "Kilka placówek zgłaszali ten sam problem w tym tygodniu.",
    "Quelques clients se plaignent de devoir tout ressaisir à la main.",
    "Customers keep telling us setup is the hardest part of trying the product.",
    "We've also heard from some subscribers on the community forum that they'd pay more for free shipping.",
    "In the last round of interviews, people kept bringing this up unprompted.",
    "Plusieurs mutuelles clientes nous remontent que c'est devenu le premier motif d'appel.",
    "Account managers say customers complain the usage dashboard is slow.",
    "Sales (Mark) says a large pharma prospect in the pipeline won't move forward without e-signatures.",
    "Sales mentioned that a corporate travel prospect they're talking to expects points redemption as standard.",
    "Varios clientes lo están pidiendo en las sucursales según comentan los gerentes de zona.",
    "Laporan dari tim Ops: banyak driver komplain pencairan sekarang baru masuk besoknya.",
    "Our CS lead keeps hearing from prospects that the import is what stops them switching.",
    "We often see requests for a shared basket in the in-app feedback.",
    "Support mentioned in the stand-up that people complain quite a bit about expiring vouchers.",
    "Plusieurs associations nous en parlent à chaque point trimestriel.",
    "窓口の職員さんから、文字が小さくて読めないという声をよく聞くと共有があった。",
    "Jag såg en recension i Google Play där någon skrev att hen måste ringa varje restaurang.",
    "Several prospects in logistics have pushed back in evals that tolerances are absolute only.",
    "Customer says merging two duplicate vendors wiped the bank details again.",
    "Someone on the community forum burned an afternoon on this signature mismatch.",
    "Diversi venditori ce lo chiedono da mesi, a detta del team commerciale.",
    "Almost every mid-size shipper we demo to asks whether labels can be printed in bulk.",
    # Finnish, Norwegian, Danish, Swedish, Czech, Polish, Dutch: customers asking, one customer getting in touch.
    "Asiakkaat kysyvät tätä jatkuvasti vastaanotossa ja puhelimessa.",
    "Useat palokunnat ovat pyytäneet, että kalusto muistuttaisi määräaikaishuolloista.",
    "Monet vuokraajat ovat kysyneet tätä messuilla.",
    "D'après l'équipe commerciale, un prospect (pas de nom pour l'instant) en fait une condition pour signer.",
    "Salg siger, at to prospects (en kæde i Jylland og et center i Malmø) kræver det, ellers går de videre.",
    "Salg fortæller, at en potentiel kunde (en cykelbutik i Vejle) sagde på et møde, at det manglede.",
    "Una óptica de Valencia llamó a soporte la semana pasada; no tenemos el nombre ni abrieron ticket.",
    "A bike shop in Leeds rang support yesterday because the loaner list was empty.",
    "The sourcing team says growers keep telling them this is a pain and they would rather send a spreadsheet.",
    "*Zgłoszenie:* Grzybownia Mazury (telefonicznie, rozmawiała Kasia z supportu)",
    "Flere verksteder har nevnt dette for oss på messen i Bergen.",
    "Mange kunder har bedt om dette i supporten det sidste halve år.",
    "Kunderna frågar efter detta hela tiden.",
    "Zákazníci se na to neustále ptají.",
    "Několik autoškol to zmínilo na jarním setkání provozovatelů.",
    # Korean and Chinese: one customer asked by phone, dozens of enquiries with figures in their words, several
    # shops all want it.
    "부산에 있는 학원 원장님 한 분이 전화로 수강료 영수증을 다시 받을 수 있냐고 물어보셨습니다.",
    "요즘 매장 사장님들한테서 \"알림이 2~3번씩 온다\"는 문의가 수십 건 들어오고 있습니다.",
    "代理商说，他们接触的几家花店都希望能用微信直接下单。",
    "Klienci ciągle o to pytają.",
    "Vorige week belde een klant van een van onze installateurs naar onze support.",
    "Na veletrhu se nás jeden zákazník ptal, jestli umíme export do XML.",
    "Last week a customer called our support asking where to order spare keys in the app.",
    # A colleague passing it on, whatever they ask after it; one unnamed buyer who rang.
    "Heard from Mira (sales, Nordics) that a big ferry line they're talking to asked whether we can print manifests.",
    "Sales (Tomas) pinged me: Harbourside Marina wants the berth plan on their own website.",
    "A buyer rang the support line yesterday asking why the hammer prices lag behind the clock.",
])
def test_unnamed_people_asking_second_hand_is_thin_evidence(sentence: str) -> None:
    frame = read_after_problem(f"## Notes\n\n{sentence}\n")

    assert frame.evidence, sentence
    assert tier(frame) == "weak"


def test_a_link_to_a_help_desk_named_in_the_teams_language_is_a_support_ticket() -> None:
    frame = read_after_problem("## Evidence\n\n- Przychodnia Zdrowie Plus — https://pomoc.medkarta.pl/tickets/20931\n")

    assert [item.kind for item in frame.evidence] == [EvidenceKind.SUPPORT_TICKET]


def test_a_label_for_links_in_another_language_is_no_customer() -> None:
    frame = read_after_problem("## Evidence\n\nLinki: [HD-20931](https://pomoc.medkarta.pl/tickets/20931) · "
                               "[HD-20944](https://pomoc.medkarta.pl/tickets/20944)\n")

    assert "Linki" not in [item.customer for item in frame.evidence]


def test_figures_listed_under_the_analytics_query_they_came_from_are_usage_data_counted_at_source() -> None:
    frame = read_after_problem("Numbers (Looker › search-health, last 30 days):\n\n- 61,902 sessions with a search\n"
                               "- 11,384 with at least one zero-result search (18.4 %)\n")

    assert [item.kind for item in frame.evidence] == [EvidenceKind.USAGE_DATA]
    assert tier(frame) == "moderate"


def test_product_data_linked_at_its_source_is_moderate_on_its_own() -> None:
    frame = read_after_problem("From the [Amplitude funnel \"Trial → first pay run\"](https://analytics.amplitude.com/"
                               "acme/chart/k3v9q1x), only a fifth of trials reach a first pay run within 14 days.\n")

    assert [item.kind for item in frame.evidence] == [EvidenceKind.USAGE_DATA]
    assert tier(frame) == "moderate"
    assert "product data linked at its source" in reasons(frame)


@pytest.mark.parametrize("text", [
    # The team's own systems measured, not what customers do.
    "From Datadog (last 7 days):\n\n- p95 latency 2,400 ms\n- CPU at 91 %\n",
    # Who might be affected, listed by id: nobody was asked.
    "Pulled from Metabase (accounts with > 5 workspaces):\n\n| account_id | plan | workspaces |\n|---|---|---|\n"
    "| 10448 | Business | 14 |\n| 10991 | Pro | 9 |\n",
])
def test_a_list_of_system_figures_or_ids_is_not_usage_data(text: str) -> None:
    frame = read_after_problem(text)

    assert not [item for item in frame.evidence if item.kind is EvidenceKind.USAGE_DATA]


@pytest.mark.parametrize("sentence", [
    "Sales says the pricing page is confusing.",
    "Support thinks a filter would help.",
])
def test_a_colleagues_opinion_with_no_customer_in_it_is_not_evidence(sentence: str) -> None:
    assert not read_after_problem(f"## Notes\n\n{sentence}\n").evidence


@pytest.mark.parametrize("sentence", [
    "Every customer gets an email when the export finishes.",
    "When a customer says stop, we unsubscribe them.",
])
def test_how_the_product_treats_customers_is_no_report_from_them(sentence: str) -> None:
    assert not read_after_problem(f"## Notes\n\n{sentence}\n").evidence


@pytest.mark.parametrize("sentence", [
    "Peak of 410 concurrent sessions stuck on the confirm step (Grafana, booking-api dashboard).",
    "Job failure rate around 1.4% over the last 30 days ([Datadog](https://app.datadoghq.com/dashboard/abc-123)).",
    "Sentry shows 1,204 events of the TypeError on /sites in the last 24 h.",
])
def test_the_teams_own_monitoring_is_no_customer_evidence(sentence: str) -> None:
    frame = read_after_problem(f"## Impact\n\n{sentence}\n")

    assert tier(frame) == "none"


def test_a_help_desks_own_report_over_a_table_of_tickets_is_support_volume_counted_at_source() -> None:
    frame = read_after_problem('Zendesk data (Explore → "Tickets by category", Jan–Jun):\n\n'
                               "| Month | MFA reset tickets | % of all tickets |\n|---|---|---|\n| Jan | 388 | 17% |\n"
                               "| Feb | 402 | 18% |\n")

    assert [item.kind for item in frame.evidence] == [EvidenceKind.SUPPORT_TICKET]
    assert tier(frame) == "moderate"


def test_a_table_of_monthly_counts_under_the_evidence_heading_is_one_count_not_rows_of_customers() -> None:
    frame = read_after_problem('## Signals\n\nZendesk data (Explore → "Tickets by category", Jan–Jun):\n\n'
                               "| Month | Depot lookup tickets |\n|---|---|\n| Jan | 388 |\n| Feb | 402 |\n")

    assert [(item.customer, item.kind) for item in frame.evidence] == [(None, EvidenceKind.SUPPORT_TICKET)]
    assert not [finding for finding in frame.findings if finding.code == "evidence.unattributed"]
    assert tier(frame) == "moderate"


@pytest.mark.parametrize("heading", ["Kunder", "Asiakkaat", "Klienci"])
def test_a_table_of_customers_headed_in_a_nordic_or_polish_word_names_each_with_its_record(heading: str) -> None:
    frame = read_after_problem(f"## {heading}\n\n| Kund | Källa |\n|---|---|\n"
                               "| Norrbacka Fritid AB | [Zendesk #4411](https://ac.zendesk.com/agent/tickets/4411) |\n"
                               "| Kuusamo Rinteet Oy | [Zendesk #4420](https://ac.zendesk.com/agent/tickets/4420) |\n")

    assert [item.customer for item in frame.evidence] == ["Norrbacka Fritid AB", "Kuusamo Rinteet Oy"]
    assert tier(frame) == "strong"


def test_a_bracket_after_a_bold_customer_describes_it_and_names_no_one_else() -> None:
    frame = read_after_problem("**Brandt Energie** (Enterprise, Cloud EU) — ticket "
                               "[ZD-5120](https://ac.zendesk.com/agent/tickets/5120), opened by their finance team.\n")

    assert [item.customer for item in frame.evidence] == ["Brandt Energie"]


@pytest.mark.parametrize("name", ["Cantina Sociale di Valdobbia", "Autoscuola Ferri s.n.c.", "Ferragens do Minho",
                                  "Centrum Medyczne w Opolu"])
def test_names_joined_by_small_words_or_with_a_lower_case_legal_form_are_organisations(name: str) -> None:
    frame = read_after_problem(f"- **{name}** — [Zendesk #7120](https://ac.zendesk.com/agent/tickets/7120)\n"
                               "- **Brauerei Hofmann GmbH** — [Zendesk #7121](https://ac.zendesk.com/agent/tickets/7121)\n")

    assert [item.customer for item in frame.evidence] == [name, "Brauerei Hofmann GmbH"]
    assert tier(frame) == "strong"


def test_a_conversation_named_in_another_language_is_no_customer() -> None:
    frame = read_after_problem("- [Conversa do Intercom](https://app.intercom.com/a/inbox/x/conversation/5512)\n")

    assert [item.customer for item in frame.evidence] == [None]


@pytest.mark.parametrize("line", [
    "- Zendesk 저장된 보기 [결제 알림](https://ac.zendesk.com/agent/filters/3620): 가맹점 문의 31건 (3/2~3/5)",
    "- Zendesk ビュー [予約メール](https://ac.zendesk.com/agent/filters/3621)：お問い合わせが27件（3月2日〜5日）",
])
def test_inquiries_counted_with_a_cjk_counter_word_are_counted_at_their_desk(line: str) -> None:
    frame = read_after_problem(line + "\n")

    assert [(item.kind, item.count) for item in frame.evidence] == [(EvidenceKind.SUPPORT_TICKET,
                                                                      31 if "31" in line else 27)]
    assert tier(frame) == "moderate"


def test_a_jira_service_management_report_is_a_support_desk() -> None:
    frame = read_after_problem("Data: [JSM report: access requests](https://ac.atlassian.net/jira/servicedesk/projects/"
                               "ACC/reports/custom/4) shows 412 access requests last quarter, each approved by hand.\n")

    assert [item.kind for item in frame.evidence] == [EvidenceKind.SUPPORT_TICKET]


def test_the_subject_of_a_linked_email_or_opportunity_is_no_customer() -> None:
    frame = read_after_problem("**Fonte:** email del direttore del 12/09, salvata in Salesforce ([Email – Dimissioni "
                               "multilingua](https://ac.lightning.force.com/lightning/r/EmailMessage/02s7R00/view)).\n")

    assert "Dimissioni" not in {item.customer for item in frame.evidence}


def test_a_record_number_then_a_name_in_a_links_text_names_that_customer() -> None:
    frame = read_after_problem("- [Zendesk #48211 – Brookfield Primary: \"archiving takes all day\"]"
                               "(https://ac.zendesk.com/agent/tickets/48211)\n")

    assert [item.customer for item in frame.evidence] == ["Brookfield Primary"]


def test_a_korean_sentence_under_an_evidence_heading_is_no_customers_name() -> None:
    frame = read_after_problem("## 근거\n\n- 문의한 사무소는 12곳이며, 그중 법무법인 한빛이 가장 자주 문의했습니다.\n"
                               "- 전체 노쇼율 통계: [Amplitude 차트](https://analytics.amplitude.com/acme/chart/k3x9p2m)\n")

    assert all(" " not in (item.customer or "") or len((item.customer or "").split()) <= 2
               for item in frame.evidence)
    assert not [item.customer for item in frame.evidence if item.customer and item.customer.endswith(("다", "며"))]


def test_czech_names_capitalised_only_at_their_head_are_customers_on_record() -> None:
    frame = read_after_problem(
        "**Kdo to hlásí**\n\n"
        "- Knihovna města Tachov — [Freshdesk #4410](https://example.freshdesk.com/a/tickets/4410), přiložen výpis "
        "31 ručně upravených poplatků\n"
        "- Městská knihovna Dobruš, p. o. — [Freshdesk #4420](https://example.freshdesk.com/a/tickets/4420): "
        "„čtenáři si stěžují\"\n")

    assert {item.customer for item in frame.evidence} == {"Knihovna města Tachov", "Městská knihovna Dobruš"}
    assert tier(frame) == "strong"


@pytest.mark.parametrize(
    ("text", "customer"),
    [
        ("**Call notes (Tanaka Gear Co., Ltd., 2024-06-02)**\n\nRecording: [Chorus](https://chorus.ai/meeting/"
         "5d0a2b71-3e8c-4f6a-b1d2-7c90e4aa1f35)\n\n**Ops lead:** we file about 40 of these a month by hand.\n",
         "Tanaka Gear Co., Ltd."),
        ("The records officer of **Stadtbibliothek Ahrensfeld** wrote to us on 2 May about how long loan history "
         "is kept.\n\nLogged as Zendesk [#81234](https://example.zendesk.com/agent/tickets/81234) with the letter "
         "attached.\n", "Stadtbibliothek Ahrensfeld"),
    ],
)
def test_a_record_on_its_own_line_is_the_one_organisation_the_ticket_names(text: str, customer: str) -> None:
    frame = read_after_problem(text)

    assert customer in {item.customer for item in frame.evidence}
    assert tier(frame) in ("moderate", "strong")


def test_a_tracker_field_or_our_own_reporter_under_the_evidence_is_no_customer() -> None:
    frame = read_after_problem("### 顧客からの声\n\n- 北浜ロジスティクス株式会社 — https://acme.zendesk.com/agent/tickets/5120\n"
                               "- 報告者：山本（CSチーム）\n- 担当 CSM: 佐藤\n- **Labels:** `bug` `area/export`\n")

    assert [item.customer for item in frame.evidence if item.customer] == ["北浜ロジスティクス株式会社"]


@pytest.mark.parametrize("heading", ["顧客からの声", "客户的声音", "用户反馈汇总", "고객의 소리"])
def test_a_table_of_customers_under_a_cjk_evidence_heading_is_read(heading: str) -> None:
    frame = read_after_problem(
        f"### {heading}\n\n| 事業者 | 出典 | 内容 |\n| --- | --- | --- |\n"
        "| 北浜ロジスティクス株式会社 | [Zendesk #5120](https://acme.zendesk.com/agent/tickets/5120) | 便が遅れる。 |\n"
        "| みどり運輸 | [Gong 通話](https://app.gong.io/call?id=88123) | 手作業で配車表を直している。 |\n")

    assert [item.customer for item in frame.evidence] == ["北浜ロジスティクス株式会社", "みどり運輸"]
    assert tier(frame) == "strong"


def test_one_unnamed_customer_is_asked_for_who_they_are() -> None:
    frame = read_after_problem("## Notes\n\nLast week a customer called our support asking where to order keys.\n")

    [message] = [finding.message for finding in frame.findings if finding.code == "evidence.no_source"]
    assert "tells of one customer but names none" in message
