"""A bug report from someone running the product is one user's first-hand report; a bug the team found is none."""

from __future__ import annotations

import pytest

from problemframe.model import EvidenceKind
from tests.problemframe.reading import read, reasons, tier

BUG = frozenset({"bug"})


@pytest.mark.parametrize("body", [
    "Dashboard export to PDF produces a blank page since 4.12.2. Worked in 4.12.1. Chrome 131, self-hosted docker.",
    "# Dark mode resets on reload\n\ndark mode toggle goes back to light after every reload, firefox 128 on ubuntu "
    "24.04. chrome is fine\n",
    "### What happened\n\nUpgraded the operator from 0.13.3 to 0.14.0 via Helm. The pod goes into CrashLoopBackOff "
    "immediately; rolling back fixes it.\n\n```\npanic: assignment to entry in nil map\n```\n",
    "# App crashes when opening the camera to scan a receipt\n\nv5.2.1, Pixel 8, Android 14\n\nTap + → Scan receipt → "
    "the app closes immediately. Was fine on 5.1.x. Uploading from the gallery still works.\n",
])
def test_a_bug_reported_from_the_writers_own_setup_is_a_users_first_hand_report(body: str) -> None:
    frame = read(body, labels=BUG)

    assert [item.kind for item in frame.evidence] == [EvidenceKind.FIRST_HAND]
    assert frame.evidence[0].text.startswith("A user's own report: ")
    assert tier(frame) == "weak"


def test_the_report_is_quoted_by_the_sentence_that_says_what_broke_and_since_when() -> None:
    frame = read("Search results are empty for any query with an accent since 3.8.0. Chrome 131 on macOS 14.",
                 labels=BUG)

    assert frame.evidence[0].quote == "Search results are empty for any query with an accent since 3.8.0."


@pytest.mark.parametrize("body", [
    # The team found it itself, and says so.
    "Found by QA in the release-candidate regression run: the PDF export is blank since 4.12.2. Chrome 131.",
    "Dashboard is blank on staging with compact density enabled since build 2026.11.2. Chrome 131.",
    "Pay button hidden on iPhone SE since 5.3.0; no customer has reported it yet. iOS 17.5.",
    # A maintainer measuring the project's own benchmark.
    "While preparing the 6.0-beta.2 notes, @nadia-k ran the cold-start benchmark: median 420 ms since 6.0, was "
    "148 ms in 5.3.4 (Node 20, 1 vCPU).",
    # Only the template's own example names a setup.
    "**Describe the bug**\nThe pick-route map is blank on the handheld for every picker, who fall back to paper.\n\n"
    "**Device:**\n - OS: [e.g. Android 11]\n",
])
def test_a_bug_the_team_found_or_a_template_example_is_no_customers_report(body: str) -> None:
    frame = read(body, labels=BUG)

    assert not any(item.kind is EvidenceKind.FIRST_HAND for item in frame.evidence)
    assert tier(frame) == "none"


def test_a_feature_request_naming_a_browser_is_not_taken_for_a_users_report() -> None:
    frame = read("## Problem\n\nAdmins re-key every export by hand each Monday, Chrome 131 or not.\n",
                 labels=frozenset({"enhancement"}))

    assert not any(item.kind is EvidenceKind.FIRST_HAND for item in frame.evidence)


@pytest.mark.parametrize("body", [
    "# compactor worker crashes nightly after 3.8.0\n\nafter upgrading to 3.8.0 the compactor worker dies every night "
    "around 03:10, 3.7.2 was fine\n",
    "# Dark mode resets on reload\n\ndark mode toggle goes back to light after every reload, firefox 128 on ubuntu "
    "24.04. chrome is fine\n",
    "Every major version breaks something. I upgraded quillpath from 4.9 to 5.0 this morning and every nested route "
    "now returns 404; we rolled prod back.\n",
    "weekly leaderboard not resetting on ios\n\nits tuesday and the weekly board still shows last weeks top 50 on my "
    "iphone, android shows the new week fine\n",
])
def test_a_one_line_bug_with_no_label_is_read_as_a_users_bug_report(body: str) -> None:
    frame = read(body)

    assert frame.kind == "bug"
    assert [item.kind for item in frame.evidence] == [EvidenceKind.FIRST_HAND]


def test_the_writers_own_internal_tool_does_not_make_the_bug_the_teams() -> None:
    frame = read("Since 2.3.0 our internal admin tool gets 429s whenever the storefront is busy: both apps share one "
                 "Redis and the same key prefix. Node 20.", labels=BUG)

    assert [item.kind for item in frame.evidence] == [EvidenceKind.FIRST_HAND]


def test_a_feature_request_that_names_a_browser_is_no_bug_report() -> None:
    assert read("# Export to PDF\n\nWould be great to export the dashboards to PDF from Chrome 131, thx\n").kind is None


def test_a_users_bug_report_that_others_confirm_in_pasted_comments_is_moderate() -> None:
    body = ("`bulk_upsert()` deadlocks on Postgres since 4.2.0 when two workers touch overlapping keys; on 4.1.3 the "
            "second transaction waited. Python 3.12, Postgres 16.\n\n---\n\n**@dmitri-okafor** commented:\n\n"
            "Same here after upgrading, bisected to the same commit.\n\n**@saoirse-b** commented:\n\n"
            "We see it too with 8 workers; pinning 4.1.3 works around it.\n")

    frame = read(body, labels=BUG)

    assert frame.evidence[0].kind is EvidenceKind.FIRST_HAND
    assert tier(frame) == "moderate"
    assert "a user's own report, confirmed by 2 others" in reasons(frame)


def test_a_confirmed_report_is_not_asked_for_other_reports() -> None:
    body = ("`bulk_upsert()` deadlocks on Postgres since 4.2.0; on 4.1.3 the second transaction waited. Python 3.12."
            "\n\n---\n\n**@dmitri-okafor** commented:\n\nSame here after upgrading.\n\n**@saoirse-b** commented:\n\n"
            "We see it too with 8 workers.\n")

    frame = read(body, labels=BUG)

    assert not [finding for finding in frame.findings if finding.code == "evidence.no_source"]


@pytest.mark.parametrize(("first", "second", "maintainer"), [
    ("**kasia-w** skomentowała:", "**tomek-dev** skomentował:", "**ola-maintainer** skomentowała:"),
    ("**@giulia_r** ha commentato", "**@marco.b** ha commentato", "**@lucia-core (maintainer)** ha commentato"),
    ("**jonas-k** kommenterade:", "**ebba-s** kommenterade:", "**nils (maintainer)** kommenterade:"),
])
def test_comments_pasted_under_a_header_in_another_language_confirm_the_report(
        first: str, second: str, maintainer: str) -> None:
    body = ("Desde la 6.3.0 la app se cierra al abrir el mapa. Android 14, Pixel 7.\n\n---\n\n"
            f"{first}\n\nSame on a Galaxy A52 with 6.3.0, the map crashes right away.\n\n"
            f"{second}\n\nConfirmed on Android 13, rolling back to 6.2.4 fixes it.\n\n"
            f"{maintainer}\n\nThanks, marking as a regression in 6.3.x.\n")

    frame = read(body, labels=BUG)

    assert tier(frame) == "moderate"
    assert not any("maintainer" in reason or "lucia" in reason or "nils" in reason for reason in reasons(frame))


def test_a_maintainers_quoted_comment_under_its_header_is_no_customer() -> None:
    body = ("Desde la 6.3.0 la app se cierra al abrir el mapa. Android 14, Pixel 7.\n\n---\n\n"
            "**kasia-w** skomentowała:\n\n> Same on a Galaxy A52 with 6.3.0, the map crashes right away.\n\n"
            "**ola-maintainer** skomentowała:\n\n> Thanks, marking as a regression in 6.3.x.\n\n"
            "**@lucia-core (maintainer)** ha commentato\n\n> Fixed in 6.3.1.\n")

    frame = read(body, labels=BUG)

    assert [item.customer for item in frame.evidence if item.customer] == ["kasia-w"]


def test_a_bug_an_error_tracker_filed_by_itself_is_nobodys_report() -> None:
    body = ("# TypeError: Cannot read properties of undefined (reading 'slug')\n\n"
            "_This issue was created automatically by the Sentry integration. Do not edit the title._\n\n"
            "Seen on Chrome 131 and Safari 17 since release 2026.11.3.\n")

    assert read(body, labels=BUG).evidence == []


def test_comments_pasted_after_the_environment_section_still_confirm_the_report() -> None:
    body = ("Every JAR UDF re-registration leaks Metaspace since 0.18.1; workers die every two days.\n\n"
            "### Environment\n\n- Lintel 0.18.1 on Kubernetes, Temurin 17\n\n---\n\n"
            "**@gwen-tanaka** commented:\n> Same on 0.18.0 bare-metal, workers die about every 2 days.\n\n"
            "**@rpetit** commented:\n> Confirming on 0.17.3 with Java 11.\n")

    frame = read(body, labels=BUG)

    assert {"gwen-tanaka", "rpetit"} <= {item.customer for item in frame.evidence}
    assert tier(frame) == "moderate"


def test_our_support_agents_comment_names_no_customer_but_keeps_the_report_it_passes_on() -> None:
    body = ("Video visits drop to a black screen after 5 s on iOS Safari since 4.2.\n\n---\n\n"
            "**@lena-support** commented:\n> Another clinic hit this today, same symptoms. SUP-2291.\n")

    frame = read(body, labels=BUG)

    assert "lena-support" not in {item.customer for item in frame.evidence}
    assert any("Another clinic hit this" in item.text for item in frame.evidence)
