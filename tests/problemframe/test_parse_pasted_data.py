"""Store reviews pasted with their headers, and counts pasted as tables, are read as the evidence they are."""

from __future__ import annotations

import pytest

from problemframe.parse.pain import says_pain
from tests.problemframe.reading import read, tier

PROBLEM = "## Problem\n\nLessons need a network since 5.0, so commuters lose their streaks underground.\n\n"


def test_reviews_headed_by_a_bold_reviewer_name_each_name_their_writer() -> None:
    frame = read(PROBLEM + "> ★☆☆☆☆ **Rahul M.** · Play · 14 Oct\n> I use this in the metro every day, no network "
                 "underground. Now every lesson says connect to internet.\n\n> ★★☆☆☆ **Jonas Pfeiffer** · App Store "
                 "(DE) · 19 Oct\n> Früher konnte ich Lektionen im Flugzeug machen. Jetzt nicht mehr.\n")

    assert [item.customer for item in frame.evidence] == ["Rahul M", "Jonas Pfeiffer"]
    assert all(item.quote for item in frame.evidence)
    assert tier(frame) == "moderate"


def test_a_count_by_month_in_a_table_is_read_from_its_latest_column() -> None:
    frame = read(PROBLEM + "| | Aug | Oct |\n|---|---|---|\n| Zendesk tickets tagged offline | 41 | 318 |\n"
                 "| Play rating | 4.6 | 4.3 |\n")

    assert [item.count for item in frame.evidence] == [318]


@pytest.mark.parametrize(
    "text",
    ["i buy 500 gems pack, payment ok but in game 0 gems, support gives no answer",
     "weekly leaderboard still shows last week scores since 3.2.0, my run isnt there",
     "Checkout Indonesia cuma support kartu kredit, dan VA ribet",
     "Früher konnte ich Lektionen im Flugzeug machen. Jetzt nicht mehr."],
)
def test_what_does_not_happen_is_a_word_of_pain(text: str) -> None:
    assert says_pain(text)


@pytest.mark.parametrize(
    "body",
    ["Mogę zapisać zamówienie grupowe tylko jako osobne pozycje. Dziś magazynier wpisuje każdą paletę osobno i "
     "przy większych dostawach wszystko trwa do wieczora.\n\n- import z CSV\n- jedna faktura\n",
     "Onze planners voeren elke rit met de hand in het rooster in, en op drukke dagen gaat het mis bij de "
     "overdracht tussen ploegen.\n\n- koppeling met het rooster\n",
     "Depo ekibi bugün her sevkiyatı elle giriyor ve yoğun haftalarda sayımlar tutmuyor, fark ay sonunda çıkıyor."
     "\n\n- toplu içe aktarma\n",
     "現状、請求書の宛名は毎回手で入力していて、月末には入力ミスが何件も出ています。\n\n- 宛名の自動入力\n"],
)
def test_a_problem_told_in_the_writers_own_language_is_stated(body: str) -> None:
    frame = read(body)

    assert frame.problem and not [finding for finding in frame.findings if finding.code.startswith("problem.")]


@pytest.mark.parametrize(
    "story",
    ["As a café owner\nI want to split tips\nSo that",
     "**As a** admin\n**I want** to export users\n**So that** I can export users"],
)
def test_a_user_story_with_no_reason_of_its_own_states_no_problem(story: str) -> None:
    frame = read(f"## User story\n\n{story}\n")

    assert "problem.placeholder" in {finding.code for finding in frame.findings}


def test_a_heading_in_two_languages_is_read_by_the_one_we_know() -> None:
    frame = read("## Etkilenen müşteriler / Affected customers\n\n| Müşteri | Destek kaydı |\n|---|---|\n"
                 "| Lokanta Asmalı | [ZD-66102](https://kasapp.zendesk.com/agent/tickets/66102) |\n")

    assert [item.customer for item in frame.evidence] == ["Lokanta Asmalı"]


@pytest.mark.parametrize(
    ("goal", "target"),
    [("Target: cold start from 1.8 s to 0.6 s on the benchmark box, no regressions in test_plugins.py.", 0.6),
     ("- Share of party sessions: 18 % today → 25 % within 60 days. Guardrail: queue time not above 40 s", 25)],
)
def test_a_guardrail_beside_the_goal_is_not_the_goal(goal: str, target: float) -> None:
    frame = read(PROBLEM + f"## Success metric\n\n{goal}\n")

    assert frame.metric is not None and frame.metric.target == target


@pytest.mark.parametrize(
    "done",
    ["- Keep 15 MB per-file limit, raise per-claim cap from 25 to 100 files",
     "- No query regressions > 20 % p95 on top-50 queries",
     "- KR1: ship 3 lifecycle emails (day 3, day 10, day 25)"],
)
def test_settings_guardrails_and_work_to_do_are_no_metric(done: str) -> None:
    frame = read(PROBLEM + f"## Done when\n\n{done}\n")

    assert frame.metric is None or (frame.metric.target is None and frame.metric.change is None)


@pytest.mark.parametrize(
    "line",
    ["- [ ] QA regression suite (312 cases) on the device farm",
     "We answered 15 requests within the statutory deadline without an engineering ticket.",
     "Switch 10 % of tenants, then 50 %, then 100 % over two weeks.",
     "On failover the local bucket allows 50 % of tenant limit."],
)
def test_counts_of_work_rollouts_and_settings_are_no_evidence(line: str) -> None:
    frame = read(PROBLEM + line + "\n")

    assert frame.evidence == []


def test_a_to_do_list_states_no_problem_though_its_steps_name_errors() -> None:
    frame = read("- [ ] bump versionCode to 60000\n- [ ] fix the crash on the settings screen before freeze\n"
                 "- [ ] QA regression suite on the device farm\n- [ ] store submit on Thursday\n")

    assert "problem.not_stated" in {finding.code for finding in frame.findings}


def test_figures_under_a_self_hosted_looker_link_are_usage_data_in_any_language() -> None:
    body = ("## Problema\n\nMolti ordini vengono rifiutati dal corriere e il cliente lo scopre giorni dopo.\n\n"
            "Dalla dashboard Looker [Rifiuti per motivo](https://looker.parcelo.example/dashboards/52), ultimi 60 "
            "giorni:\n\n| Motivo | Rifiuti |\n|---|---|\n| Indirizzo | 312 |\n| Peso | 95 |\n")
    frame = read(body)

    assert [(item.kind.value, item.url) for item in frame.evidence] == [
        ("usage_data", "https://looker.parcelo.example/dashboards/52")]
    assert tier(frame) == "moderate"
