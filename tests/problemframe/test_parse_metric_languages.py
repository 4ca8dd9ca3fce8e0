"""Success metrics as teams write them in other languages, as shares to reach, and as halving or doubling."""

from __future__ import annotations

import pytest

from tests.problemframe.reading import PROBLEM, read


@pytest.mark.parametrize(
    ("heading", "goal", "baseline", "target"),
    [("Erfolg", "Die Abbruchquote im Schritt Versand soll von 23 % auf unter 15 % sinken, gemessen in Matomo.", 23, 15),
     ("Success metric", "+20 % relative mobile checkout conversion (≈1.8 % → ≈2.2 %), GA4, six weeks after rollout.",
      1.8, 2.2),
     ("Success metric", "60 % of newly created instances complete a first sync within 15 minutes of server start.",
      None, 60),
     ("Succes", "Uitval op stap 4 van **22 % naar onder de 10 %**, gemeten in Matomo.", 22, 10),
     ("Cel", "p95 czasu złożenia wniosku **z 14 s do poniżej 2 s** przy 3 000 jednoczesnych użytkowników.", 14, 2),
     ("Critério de sucesso", "Reduzir os pedidos com desvio de rota de **6,2 % para menos de 2 %** em SP.", 6.2, 2),
     ("Suksessmål", "Andel bestillinger med bilde fra ca. 15 % til 70 % innen tre måneder etter lansering.", 15, 70),
     ("Succesmaat", "Doorlooptijd van een offerte omlaag van **4 dagen** naar **1 dag** binnen zes maanden.", 4, 1),
     ("Mittari", "Myöhässä alkaneet kierrokset: nyt noin **14 %**, tavoite **alle 5 %** kolmen kuukauden kuluttua.",
      14, 5),
     ("Como medimos o sucesso", "Contas que exportam CSV todos os meses: **de 58 % para 25 %** dois meses depois.",
      58, 25),
     ("Indicateur de succès", "Faire passer le taux de résiliation hivernal **de 12 % à 7 %** chez les pilotes.",
      12, 7),
     ("Come misuriamo il successo", "Noleggi per bici al giorno da 1,8 a 2,4 entro 8 settimane dal lancio.", 1.8, 2.4),
     ("Doel", "| Metriek | Nu | Doel |\n|---|---|---|\n| Gemiste pieken per site per maand | 3,2 | ≤ 0,5 |", 3.2, 0.5),
     # 'From' said in the case of the baseline's unit: Turkish -dan, Finnish -sta.
     ("Başarı ölçütü", "Kasada sipariş başına bekleme süresi **6,5 dakikadan 3 dakikanın altına** insin.", 6.5, 3),
     ("Mittari", "Peruutettujen varausten osuus nykyisestä noin 18 %:sta 8 %:iin puolessa vuodessa.", 18, 8)],
)
def test_a_goal_in_another_language_or_as_a_share_is_read(heading: str, goal: str, baseline: float | None,
                                                           target: float) -> None:
    frame = read(PROBLEM + f"## {heading}\n\n{goal}\n")

    assert frame.metric is not None
    assert (frame.metric.baseline, frame.metric.target) == (baseline, target)


@pytest.mark.parametrize(
    ("goal", "change"),
    [("Reducir a la mitad las llamadas WISMO en los dos meses siguientes al lanzamiento.", -50),
     ("Halve the weekly 'where is my order' calls within two months of launch.", -50),
     ("Double weekly active exporters from 120 within 30 days.", 100)],
)
def test_halving_or_doubling_is_a_relative_target(goal: str, change: float) -> None:
    frame = read(PROBLEM + f"## Success metric\n\n{goal}\n")

    assert frame.metric is not None and frame.metric.change == change


def test_what_a_metric_did_after_a_release_is_no_target() -> None:
    frame = read(PROBLEM + "### Data\n\nCrashlytics: crash-free users on iOS dropped from 99.6% → 91.2% in 24h after "
                 "rollout.\n", labels=frozenset({"bug"}))

    assert frame.metric is None or frame.metric.target is None


def test_pasted_plus_ones_under_a_bug_count_as_others_hitting_it() -> None:
    frame = read("**Describe the bug**\nSince 1.9.0 ntfy notifications for failed backups are not sent.\n\n"
                 "**Version**\n1.9.0, docker\n\n**comments**\n\n> **jrk-ops**: +1\n\n> **mfreitas**: same\n\n"
                 "> **lena-h**: same here, is there a workaround?\n", labels=frozenset({"bug"}))

    assert [item.count for item in frame.evidence] == [3]


@pytest.mark.parametrize(
    ("goal", "source"),
    [('Sessions rescheduled one by one per tutor per month: from 42 to under 10 (Metabase "reschedules by tutor").',
      'Metabase "reschedules by tutor"'),
     ("Win rate on EU opportunities flagged in SFDC: from 22 % (FY26, 18 opps) to 40 % in FY27.", "SFDC")],
)
def test_the_tool_a_metric_lives_in_is_its_data_source(goal: str, source: str) -> None:
    frame = read(PROBLEM + f"## Success metric\n\n{goal}\n")

    assert frame.metric is not None and frame.metric.source == source
    assert frame.metric.baseline in (42, 22)


@pytest.mark.parametrize(
    ("heading", "goal", "baseline", "target"),
    [("Mesure de succès", "Durée médiane d'une remise des clés : de 9 min aujourd'hui à 3 min, sur 30 jours.",
      9, 3),
     ("Objectif mesurable", "Faire passer les réservations en ligne de **12 %** aujourd'hui à **30 %** d'ici juin.",
      12, 30),
     ("Mål", "Andel bokningar som bekräftas automatiskt: från ungefär 35 % (egen uppskattning) till 80 % i Q2.",
      35, 80),
     ("Meta", "Reduzir a taxa de devoluções de **9,5 %** para **menos de 4 %** até o fim do semestre.", 9.5, 4),
     ("Ziel / Messgröße", "Die Bearbeitungszeit pro Antrag von *12 Tagen* auf *5 Tage* senken.", 12, 5)],
)
def test_a_measure_headed_in_another_language_is_the_metric(heading: str, goal: str, baseline: float,
                                                             target: float) -> None:
    frame = read(PROBLEM + f"## {heading}\n\n{goal}\n")

    assert frame.metric is not None
    assert (frame.metric.baseline, frame.metric.target) == (baseline, target)


@pytest.mark.parametrize(
    "table",
    ["| Mått | Nuläge | Mål | Källa |\n| --- | --- | --- | --- |\n"
     "| Andel självincheckningar | 18 % | 45 % | Looker |",
     "| Kennzahl | Heute | Ziel | Quelle |\n| --- | --- | --- | --- |\n"
     "| Anteil Selbst-Check-ins | 18 % | 45 % | Looker |",
     "| Métrica | Base | Objetivo | Fonte |\n| --- | --- | --- | --- |\n"
     "| Tempo no balcão | 8:22 | ≤ 3:00 | Amplitude |\n"
     "| Check-ins feitos pelo link | 18 % | 45 % | Looker |"],
)
def test_a_metric_table_headed_in_another_language_is_read_from_its_first_row_of_figures(table: str) -> None:
    frame = read(PROBLEM + f"## Notes\n\nWhat we will watch:\n\n{table}\n")

    assert frame.metric is not None
    assert (frame.metric.baseline, frame.metric.target, frame.metric.source) == (18, 45, "Looker")


@pytest.mark.parametrize(("heading", "goal", "baseline", "target"), [
    ("Obiettivo", "Attesa media per il check-in anticipato da 95 a 45 minuti negli hotel pilota entro giugno.", 95, 45),
    ("Doel", "Doorlooptijd van goedkeuring van 3,2 dagen naar 1 dag binnen een kwartaal.", 3.2, 1),
    ("Ziel / Messgröße", "Die Zahlungsdauer von *58 Tagen* auf *40 Tage* senken, innerhalb von zwei Quartalen.",
     58, 40),
    ("Wie messen wir den Erfolg?", "Anteil der Standorte mit Trinkgeld außerhalb der App von 38 % auf unter 15 %.",
     38, 15),
])
def test_a_goal_headed_in_another_language_holds_the_metric(heading: str, goal: str, baseline: float,
                                                            target: float) -> None:
    frame = read(PROBLEM + f"## {heading}\n\n{goal}\n")

    assert frame.metric is not None
    assert (frame.metric.baseline, frame.metric.target) == (baseline, target)


def test_an_objective_heading_that_states_what_hurts_is_still_the_problem() -> None:
    frame = read("## Objetivo\n\nOs gráficos emitem cada etiqueta à mão no site da transportadora e perdem uma "
                 "tarde por semana, com erros de digitação nos códigos de rastreio.\n\n"
                 "## Resultados-chave\n\n| KR | Linha de base | Meta |\n| --- | --- | --- |\n"
                 "| Tempo médio de expedição por pedido (min) | 11 | 3 |\n")

    assert not any(finding.field == "problem" for finding in frame.findings)
    assert frame.metric is not None and (frame.metric.baseline, frame.metric.target) == (11, 3)


def test_an_objective_that_says_what_should_change_for_whom_is_the_problem() -> None:
    frame = read("# OKR H2 — Faster check-out at the pro shop\n\n## Objective\n\nGolfers renting a cart on a busy "
                 "Saturday get out to the first tee noticeably faster, so clubs can sell more morning tee times.\n\n"
                 "## Key results\n\n| KR | Baseline | Target |\n| --- | --- | --- |\n"
                 "| Median check-out time (min) | 9 | 4 |\n")

    assert not any(finding.field == "problem" for finding in frame.findings)


def test_a_spikes_goal_to_find_something_out_is_no_problem() -> None:
    frame = read("# Spike: card terminal vendors\n\n## Goal\n\nFind out whether the two shortlisted terminal "
                 "vendors can take contactless payments offline at remote courses, and write a recommendation.\n\n"
                 "## Timebox\n\n3 days\n")

    assert any(finding.field == "problem" for finding in frame.findings)


@pytest.mark.parametrize(("goal", "change"), [
    ("Ridurre del 20 % le bollette su lettura stimata entro sei mesi.", -20),
    ("Die manuellen Korrekturen um 30 % senken, innerhalb von zwei Quartalen.", -30),
    ("Reducir un 25 % las llamadas de «¿dónde está mi pedido?» en dos meses.", -25),
    ("Handmatige correcties met 30 % verminderen binnen twee maanden.", -30),
])
def test_a_change_by_a_share_in_another_language_is_relative_not_a_value_to_reach(goal: str, change: float) -> None:
    frame = read(PROBLEM + f"## Success metric\n\n{goal}\n")

    assert frame.metric is not None
    assert (frame.metric.change, frame.metric.target) == (change, None)


def test_a_value_below_which_the_target_lies_is_still_the_target() -> None:
    frame = read(PROBLEM + "## Succes\n\nNo-shows van 18 % naar onder de 10 % in de eerste twee maanden.\n")

    assert frame.metric is not None
    assert (frame.metric.baseline, frame.metric.target, frame.metric.change) == (18, 10, None)


def test_a_baseline_per_period_about_a_rough_target_is_read() -> None:
    frame = read(PROBLEM + "## Obiettivo\n\nNei condomini pilota: da circa 240 chiamate/mese a circa 180 entro "
                           "sei mesi.\n")

    assert frame.metric is not None
    assert (frame.metric.baseline, frame.metric.target) == (240, 180)


def test_a_goal_in_emphasis_over_quarters_is_named_and_timed() -> None:
    frame = read(PROBLEM + "## Ziel / Messgröße\n\nDie Zahlungsdauer der Rechnungen von *58 Tagen* auf *40 Tage* "
                           "senken, innerhalb von zwei Quartalen (Quelle: Forderungsreport in Looker).\n")

    assert frame.metric is not None
    assert (frame.metric.name, frame.metric.window_days) == ("Die Zahlungsdauer der Rechnungen", 182)


@pytest.mark.parametrize(
    ("heading", "goal", "name", "baseline", "target", "days", "source"),
    [("成功指標", "対象の倉庫で、出荷ミス率を **12% から 4% へ**（リリース後45日、Metabase「出荷品質」ボードで計測）。",
      "出荷ミス率", 12, 4, 45, "Metabase「出荷品質」ボード"),
     ("成功指标", "试点门店的退货处理时长从 40 分钟缩短到 15 分钟以内（上线后 30 天，以工单系统的统计为准）。",
      "试点门店的退货处理时长", 40, 15, 30, "工单系统的统计"),
     ("성공 지표", "신규 가입자의 이탈률을 22%에서 12%로 낮춘다 (출시 후 60일, Amplitude 기준).",
      "신규 가입자의 이탈률", 22, 12, 60, "Amplitude"),
     ("成功指標", "差し戻し件数：月30件 → 月8件以下", "差し戻し件数", 30, 8, None, None)],
)
def test_a_goal_written_in_japanese_chinese_or_korean_is_read_whole(
        heading: str, goal: str, name: str, baseline: float, target: float, days: int | None,
        source: str | None) -> None:
    metric = read(PROBLEM + f"## {heading}\n\n{goal}\n").metric

    assert metric is not None
    assert (metric.name, metric.baseline, metric.target) == (name, baseline, target)
    assert (metric.window_days, metric.source) == (days, source)


@pytest.mark.parametrize(("heading", "goal", "name", "baseline", "target"), [
    ("目标", "上线两个月后,平均出报告时间从 48 小时缩短到 24 小时以内。", "平均出报告时间", 48, 24),
    ("목표", "예약 변경 전화 문의를 하루 평균 약 30통에서 10통 이하로 줄이기 (도입 후 한 달).",
     "예약 변경 전화 문의를 하루 평균", 30, 10),
])
def test_a_goal_in_chinese_or_korean_names_its_measure_before_the_figures(heading: str, goal: str, name: str,
                                                                        baseline: float, target: float) -> None:
    frame = read(PROBLEM + f"## {heading}\n\n{goal}\n")

    assert frame.metric is not None
    assert (frame.metric.name, frame.metric.baseline, frame.metric.target) == (name, baseline, target)
