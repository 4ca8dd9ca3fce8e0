"""Where a careful reader finds the problem when no heading names it, and what they do not take for one."""

from __future__ import annotations

import datetime as dt

import pytest

from problemframe.parse import parse_ticket

TODAY = dt.date(2026, 12, 1)


def test_field_lines_under_the_title_are_not_the_problem() -> None:
    frame = parse_ticket("# Dark mode for the dashboard\n\n**Status:** Under consideration · 👍 412\n\n"
                         "Dispatchers keep the board open through the night shift, and a bright white dashboard at "
                         "3 am is hard on the eyes.\n", today=TODAY)
    assert frame.problem is not None and frame.problem.startswith("Dispatchers keep the board open")
    assert "problem" not in frame.missing


def test_a_ticket_that_opens_with_its_evidence_states_the_problem_there() -> None:
    frame = parse_ticket("# SMS codes not arriving\n\n### Evidence\n\nAbout 90 SMS tickets a month, and every one "
                         "needs a manual identity check by tier 2 because carriers filter our messages.\n", today=TODAY)
    assert frame.problem is not None and "manual identity check" in frame.problem


def test_an_audit_finding_is_the_problem() -> None:
    frame = parse_ticket("## Finding\n\nThe quarterly access review could not be evidenced for two quarters, and "
                         "six leavers kept active accounts.\n", today=TODAY)
    assert "problem" not in frame.missing


def test_a_tbd_in_italics_is_a_placeholder() -> None:
    frame = parse_ticket("## Problem statement\n\n_TBD – to be completed by Product_\n", today=TODAY)
    assert [finding.code for finding in frame.findings if finding.field == "problem"] == ["problem.placeholder"]


def test_a_dependency_update_a_bot_opened_states_no_problem() -> None:
    frame = parse_ticket("Bumps [@tillpoint/node](https://github.com/tillpoint/tillpoint-node) from 14.2.0 to 14.9.1."
                         "\n\n### 14.9.1\n- Fix typings that were wrong for `PaymentIntent.next_action`\n", today=TODAY)

    assert [finding.code for finding in frame.findings if finding.field == "problem"] == ["problem.solution_only"]


def test_a_french_report_of_values_stored_an_hour_off_states_the_problem() -> None:
    frame = parse_ticket("Bonjour,\n\nDepuis le 30 mars, tous les champs `DateTime` écrits via l'ORM sont stockés avec "
                         "une heure d'avance, et les lignes écrites entre-temps restent fausses dans la base.\n",
                         today=TODAY)

    assert not any(finding.field == "problem" for finding in frame.findings)


def test_a_greeting_on_its_own_line_is_no_part_of_the_problem() -> None:
    frame = parse_ticket("Hi,\n\nI've tried to reset my password 4 times today and every time the link says it has "
                         "expired, so I cannot submit my timesheet.\n", today=TODAY)

    assert frame.problem is not None and frame.problem.startswith("I've tried to reset my password")


def test_a_dependency_chore_with_a_failed_bot_run_under_it_states_no_problem() -> None:
    frame = parse_ticket("chore(deps): bump protobuf-java 3.21.12 → 3.25.3\n\n- [ ] bump in `libs.versions.toml`\n"
                         "- [ ] regenerate stubs\n\nThe bot's PR failed on the relocation step, so doing it by hand.\n",
                         today=TODAY)
    problem = [finding for finding in frame.findings if finding.field == "problem"]

    assert [finding.code for finding in problem] == ["problem.not_stated"]
    assert "routine work" in problem[0].message and "'chore' label" in problem[0].message


def test_a_scope_and_what_happened_after_a_move_are_no_metric() -> None:
    frame = parse_ticket("## Context\n\nSearch in workspaces with more than ~500k tickets has become noticeably slow "
                         "since the move to the shared index cluster. Agents wait several seconds per query.\n",
                         today=TODAY)

    assert frame.metric is None or (frame.metric.target is None and frame.metric.baseline is None)


def test_the_text_under_a_row_of_header_fields_is_the_problem() -> None:
    body = ("*Component:* Invoicing\n*Environment:* prod EU\n*Since:* 4 March\n\n"
            "Support has been fielding these for weeks: credit notes go out without the VAT line, and finance teams "
            "re-issue them by hand.\n")
    frame = parse_ticket(body, today=dt.date(2026, 12, 1))

    assert frame.problem is not None and frame.problem.startswith("Support has been fielding these")
    assert not [finding for finding in frame.findings if finding.code.startswith("problem.")]


def test_an_actual_heading_holds_a_bug_reports_problem() -> None:
    body = ("h3. Steps to reproduce\n# Open the board\n# Drag a card to the next stage\n\n"
            "h3. Expected\nThe card moves and the stage change is saved.\n\n"
            "h3. Actual\nThe card snaps back after a second and nothing is saved, so recruiters move every candidate "
            "twice.\n")
    frame = parse_ticket(body, today=dt.date(2026, 12, 1), labels={"bug"})

    assert frame.problem is not None and "snaps back" in frame.problem


@pytest.mark.parametrize(
    "body",
    [
        "**Mikä on ongelma?**\n\nVuokraamon asiakkaat varaavat sukset verkossa, mutta kypärä puuttuu varauksesta ja "
        "jono kasvaa tiskillä.\n",
        "**Popis**\n\nSystém účtuje poplatky i za neděle a svátky, čtenáři si stěžují a knihovnice je musí ručně "
        "opravovat.\n",
        "**Kuvaus**\n\nTarjous näyttää vain kokonaishinnan, joten asiakas luulee meidän olevan kalliimpia ja myyjä "
        "joutuu soittamaan perään.\n",
        "**배경**\n\n이용자들이 도서관 행사를 개인 캘린더에 추가할 방법이 없습니다. 매번 직접 입력해야 합니다.\n",
    ],
)
def test_a_problem_headed_and_told_in_finnish_czech_or_korean_is_stated(body: str) -> None:
    frame = parse_ticket(body, today=TODAY)

    assert frame.problem is not None
    assert "problem" not in frame.missing
    assert not [finding for finding in frame.findings if finding.code.startswith("problem.")]


@pytest.mark.parametrize(
    "body",
    [
        "Kun kuljettaja skannaa laatikon kellarissa ilman verkkoa, sovellus kaatuu ja kuittaus tehdään uudelleen.",
        "Teslimat kağıtları ay sonunda muhasebeye gidiyor ve itirazlarda bulunamıyor, depo ile mağaza arasında "
        "tartışma çıkıyor.",
        "Export jde jen po 31 dnech a jedné nádrži, takže pro audit děláme stovky ručních exportů.",
        "Nei weekend gli slot si esauriscono giorni prima e i soci restano fuori anche se hanno pagato.",
        "缆车停运时，已经买票的游客并不知道，到了山下才发现，只好去售票处排队退票。",
        "매주 담당자가 CSV를 내려받아 엑셀로 다시 만들어야 하고, 간호사들은 영어 화면이라 무엇이 바뀌었는지 모릅니다.",
        # Currently, one by one, it has to be done; currently, entered by hand.
        "Şu an her kursiyer için ayrı ayrı makbuz kesmek gerekiyor, dönem başında muhasebe iki gün bununla geçiyor.",
        "현재 지역 대회 기록은 코치가 관리 화면에 직접 입력하고 있어서 주말 대회가 끝나면 반나절이 갑니다.",
        "Seit Oktober stehen Patienten vor verschlossener Tür, und drei haben sich bei uns beschwert.",
    ],
)
def test_what_hurts_told_without_a_heading_in_other_languages_is_the_problem(body: str) -> None:
    frame = parse_ticket(body + "\n", today=TODAY)

    assert not [finding for finding in frame.findings if finding.code.startswith("problem.")]


def test_what_breaks_under_a_heading_of_its_own_is_a_bug_reports_problem() -> None:
    frame = parse_ticket("### Backing tracks stop mid-song on tablet 2.14.x\n\n**Affected:** room tablet 2.14.0\n\n"
                         "#### What venues are seeing\n\nPlayback stops dead somewhere between 1:50 and 2:30 into the "
                         "song, then the tablet skips to the next song in the queue.\n", today=TODAY, labels={"bug"})
    assert frame.problem is not None and frame.problem.startswith("Playback stops dead")
    assert "problem" not in frame.missing


def test_guests_turned_away_by_double_bookings_is_what_hurts() -> None:
    frame = parse_ticket("## Summary\n\nSince 4.9 of the booking widget, Neon Echo has had 14 double bookings across "
                         "five venues: a group of twelve turned away on a Saturday night.\n", today=TODAY)
    assert "problem" not in frame.missing


def test_a_customers_quoted_words_under_the_evidence_say_what_hurts_when_nothing_else_does() -> None:
    frame = parse_ticket("# Q3 OKR: keep learn-to-skate families enrolled\n\n**Objective:** Make it effortless to "
                         "move a child to the next level.\n\n## Customer evidence\n\n"
                         "> We lose a third of our kids between sessions because the parents never get told which "
                         "class is next, and by the time they look it is full.\n"
                         "> — Renée Okafor, Program Director, Cedar Falls Arena\n", today=TODAY)
    assert frame.problem is not None and "We lose a third" in frame.problem
    assert "problem" not in frame.missing
