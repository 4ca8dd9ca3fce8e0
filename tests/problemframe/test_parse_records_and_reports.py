"""Evidence someone can look up without a link, and other people's reports of the same problem.

A record's number ('SUP-4411', 'Freshdesk #48213', 'case CS-20931') is a source as a link is; a duplicate issue or
another user's confirmation adds a little to a report, and a few of them with nothing else stay thin.
"""

from __future__ import annotations

import pytest

from problemframe.evidence import score_evidence
from problemframe.model import EvidenceKind, ProblemFrame
from tests.problemframe.reading import POLICY, PROBLEM, TODAY, read, read_after_problem, tier


def reasons(frame: ProblemFrame) -> list[str]:
    score = score_evidence(frame.evidence, weights=POLICY.evidence.weights, tiers=POLICY.evidence.tiers, today=TODAY)
    return [line.reason for line in score.breakdown]


def test_a_customer_and_the_request_it_is_on_file_under_are_moderate_evidence() -> None:
    frame = read_after_problem("| Field | Value |\n|---|---|\n| Organizations | Torvik Marine |\n"
                               "| Linked request | SUP-4411 |\n")

    assert tier(frame) == "moderate"
    assert "1 on record (SUP-4411)" in reasons(frame)
    # The request is on the ticket, a row below: the engineer is not asked to link it again.
    assert not any(finding.code.startswith("evidence.") for finding in frame.findings)


def test_the_same_customer_with_nothing_to_look_it_up_by_stays_weak() -> None:
    frame = read_after_problem("| Field | Value |\n|---|---|\n| Organizations | Torvik Marine |\n")

    assert tier(frame) == "weak"
    assert any(finding.code == "evidence.no_source" for finding in frame.findings)


@pytest.mark.parametrize(("line", "record"), [
    ("From the customer's mail to support (case CS-20931), pasted with permission:", "CS-20931"),
    ("Lo reportó un cliente por correo (Freshdesk #48213).", "Freshdesk #48213"),
])
def test_a_record_named_in_running_text_is_a_support_ticket(line: str, record: str) -> None:
    frame = read_after_problem(line + "\n")

    assert [item.kind for item in frame.evidence] == [EvidenceKind.SUPPORT_TICKET]
    assert any(record in reason for reason in reasons(frame))


def test_a_template_example_number_is_no_record() -> None:
    frame = read("## Customer evidence\n\nWho asked for this? Link JSM requests (SUP-123) or Gong calls.\n")

    assert tier(frame) == "none"


def test_a_list_of_organisations_with_their_ticket_numbers_names_each_customer() -> None:
    frame = read_after_problem("Support notes: 16 tickets since the release, among them:\n\n"
                               "* Café Grünwald OG (AT) — ZD-77134\n* Åkesson Bygg AB (SE) — ZD-77150\n"
                               "* SDK-511 Go: propagate traceparent\n")

    assert [item.customer for item in frame.evidence if item.customer] == ["Café Grünwald OG", "Åkesson Bygg AB"]


def test_an_email_pasted_with_spanish_headers_names_the_organisation_its_address_belongs_to() -> None:
    frame = read_after_problem(
        "Cliente: Farmacias Luzmar.\n\n"
        "> **De:** Rocío Barrenechea <administracion@farmaciasluzmar.es>\n> **Asunto:** Facturas repetidas\n>\n"
        "> Buenos días, al descargar el PDF nos aparecen repetidas todas las facturas largas.\n"
    )

    assert any(item.customer == "Farmacias Luzmar" and item.kind is EvidenceKind.EMAIL for item in frame.evidence)


def test_a_link_to_the_companys_own_crm_is_a_crm_note() -> None:
    frame = read_after_problem("See [their account](https://crm.pebblecart.example/accounts/0017Q00000LDG).\n")

    assert [item.kind for item in frame.evidence] == [EvidenceKind.CRM]


def test_a_report_with_two_earlier_reports_of_the_same_crash_is_moderate() -> None:
    frame = read("**Describe the bug**\n\n`quillfmt --check .` panics when I run it on a tree with a symlink loop, "
                 "so I can't commit without `--no-verify`. I get a stack overflow every time.\n\n"
                 "This is the same thing as #1182 and #1207, both closed by the stale bot.\n",
                 labels=frozenset({"bug"}))

    assert "2 other reports of the same problem" in reasons(frame)
    assert tier(frame) == "moderate"


def test_duplicates_alone_are_tracker_demand_and_stay_weak() -> None:
    frame = read(PROBLEM + "Closed as duplicates of this issue: #812, #1044, #1290, #1377.\n")

    assert "4 other reports of the same problem (capped at 9)" in reasons(frame)
    assert tier(frame) == "weak"


def test_a_standard_or_an_advisory_is_no_report() -> None:
    frame = read_after_problem("Same issue as in UTF-8 handling, see CVE-2024-31337.\n")

    assert not any(item.reports for item in frame.evidence)


@pytest.mark.parametrize("line", [
    "- [ ] Raise MSRV from 1.70 to 1.74 and update the CI matrix",
    "Move our support macros from the Macros v1 endpoint to the v2 API before March.",
])
def test_a_version_moving_is_no_metric(line: str) -> None:
    frame = read(PROBLEM + "## Success criteria\n\n" + line + "\n")

    assert frame.metric is None or (frame.metric.target is None and frame.metric.baseline is None)


def test_a_user_who_meets_the_bug_reports_it_first_hand() -> None:
    frame = read("After upgrading to 2.4.0, requests start raising PoolTimeout when I run more than 10 tasks. "
                 "Pinning 2.3.1 fixes it for me. My config sets max_connections=50.\n", labels=frozenset({"bug"}))

    assert [item.kind for item in frame.evidence] == [EvidenceKind.FIRST_HAND]
    assert tier(frame) == "weak"


def test_a_mail_support_forwarded_is_one_report_passed_on() -> None:
    frame = read_after_problem("Hab vom Support eine Mail weitergeleitet bekommen, siehe unten.\n")

    assert [item.kind for item in frame.evidence] == [EvidenceKind.EMAIL]
    assert tier(frame) == "weak"


def test_a_table_of_affected_sellers_in_german_names_each_seller_without_their_town() -> None:
    frame = read_after_problem(
        "| Verkäufer | Ticket |\n|---|---|\n"
        "| Bergmann Trachten OHG (Graz) | [SUP-10442](https://support.pebblecart.example/SUP-10442) |\n"
        "| Alpenglück Keramik (Innsbruck) | [SUP-10467](https://support.pebblecart.example/SUP-10467) |\n"
    )

    assert [item.customer for item in frame.evidence] == ["Bergmann Trachten OHG", "Alpenglück Keramik"]
    assert {item.kind for item in frame.evidence} == {EvidenceKind.SUPPORT_TICKET}


def test_a_discussion_pasted_under_dated_handles_names_each_user() -> None:
    frame = read_after_problem(
        "**@tjarvik** (Aug 2)\n> RSS grows ~40 MB/hour until the container is OOM-killed.\n\n"
        "**@mo-sadiq** (Aug 3)\n> Same here, we restart our consumers every 12h via cron as a band-aid.\n"
    )

    assert [item.customer for item in frame.evidence] == ["tjarvik", "mo-sadiq"]


def test_a_user_story_whose_why_repeats_its_want_in_other_words_is_empty() -> None:
    frame = read("## User story\n\nAs a developer I want to configure the cache so that the cache is configurable.\n")

    assert any(finding.code.startswith("problem.") for finding in frame.findings)


def test_a_user_who_meets_a_regression_in_an_issue_form_reports_it_first_hand() -> None:
    frame = read("### Describe the bug\n\nRunning `sprocket dev` on our app, memory keeps growing every time I save a "
                 "file. Started after upgrading from 4.8.2 to 5.0.1.\n\n### System Info\n\nmacOS 14.4\n",
                 labels=frozenset({"bug"}))

    assert [item.kind for item in frame.evidence] == [EvidenceKind.FIRST_HAND]


def test_bare_agreement_comments_are_votes_not_reports() -> None:
    frame = read(PROBLEM + "**comments**\n\n> **jrk-ops**: +1\n\n> **mfreitas**: same\n\n> **lena-h**: same here\n")

    assert not any(item.reports for item in frame.evidence)


def test_a_customer_mail_signed_off_in_french_names_the_firm_under_the_name() -> None:
    frame = read_after_problem("{quote}\nBonjour Hélène,\n\nL'import de nos relevés échoue depuis juin.\n\n"
                               "Bien cordialement,\nJulien Morel\nCabinet Morel & Associés\n{quote}\n")

    assert [item.customer for item in frame.evidence] == ["Cabinet Morel & Associés"]


def test_numbers_under_a_guardrails_heading_are_no_metric() -> None:
    frame = read(PROBLEM + "## Guardrails\n\n- Monthly churn must not increase by more than 0.5 pp in the 60 days "
                 "after the change\n")

    assert frame.metric is None or frame.metric.target is None


def test_a_desk_on_its_own_domain_is_known_by_its_name() -> None:
    frame = read_after_problem("**Customer:** Harbor & Pine Candles · **Zendesk:** "
                               "[#48812](https://marketloom.zendesk.example/tickets/48812)\n")

    assert tier(frame) == "moderate"
    assert EvidenceKind.SUPPORT_TICKET in {item.kind for item in frame.evidence}


def test_four_support_tickets_linked_with_no_one_named_are_four_people_who_wrote_in() -> None:
    frame = read(PROBLEM + "Reported in:\n\n" + "".join(
        f"- https://bookwise.zendesk.com/agent/tickets/{number}\n" for number in (66310, 66342, 66377, 66401)))

    assert "3 other reports of the same problem" in reasons(frame)
    assert tier(frame) == "moderate"


def test_a_greeting_under_a_title_line_opens_a_users_own_report() -> None:
    frame = read("Nepal timezone missing\n\nHi, I take bookings from clients in Kathmandu and the timezone dropdown "
                 "doesn't have Asia/Kathmandu, so every slot shows 15 min off for my clients. Can you add it?\n")

    assert [item.kind for item in frame.evidence] == [EvidenceKind.FIRST_HAND]


def test_a_team_whose_builds_broke_since_they_upgraded_reports_it_first_hand() -> None:
    frame = read("### Describe the bug\n\n`quarry build` crashes when the project lives on D:. Our CI runners all have "
                 "the workspace on D: so every windows build has been red since we upgraded to 0.15.\n",
                 labels=frozenset({"bug"}))

    assert [item.kind for item in frame.evidence] == [EvidenceKind.FIRST_HAND]


def test_customers_listed_in_bold_with_their_ticket_numbers_are_each_a_customer() -> None:
    frame = read_after_problem("Casi confermati (Zendesk):\n\n- **Giulia Ferraro** — #88120 — addebitata 2 volte\n"
                               "- **Pasticceria Dolce Riva** (account business) — #88201 — 6 doppi addebiti\n")

    assert [item.customer for item in frame.evidence] == ["Giulia Ferraro", "Pasticceria Dolce Riva"]


def test_comments_pasted_as_plain_paragraphs_are_other_users_reports() -> None:
    frame = read("`bramble init` crashes on Windows when the project path holds a space, since 2.14.0.\n\n---\n\n"
                 "**@dkaraca** commented:\nSame on Windows 10. Nobody on my team can run init outside WSL.\n\n"
                 "**tomasz-rybak-design** commented\nAlso here, 2.13.1 works and 2.14.0 does not.\n\n"
                 "**dmitri-mkl** (Marketloom staff) commented\nThanks all, escalated.\n", labels=frozenset({"bug"}))

    assert "2 other reports of the same problem" in reasons(frame)


def test_a_user_cited_from_another_issue_is_not_the_writer() -> None:
    frame = read_after_problem("This is the same crash as #1207, so I'm opening a fresh one. @devkaro posted the "
                               "identical backtrace on NixOS in #1207.\n")

    assert all(item.kind is not EvidenceKind.FIRST_HAND for item in frame.evidence if item.customer == "devkaro")


def test_a_japanese_users_own_report_closed_with_thanks_is_first_hand() -> None:
    frame = read("アプリを開くと毎回クラッシュします。私のiPhone 15で、昨日のアップデートからです。\n\n"
                 "私は毎日使っているので困っています。\n\nよろしくお願いします 🙏\n", labels=frozenset({"bug"}))

    assert [item.kind for item in frame.evidence] == [EvidenceKind.FIRST_HAND]


def test_a_field_table_under_the_evidence_heading_names_the_customer_in_its_value() -> None:
    frame = read("## Problem\n\nOffline logbook entries are dropped on reconnect, so crews re-enter them by hand.\n\n"
                 "## Customer evidence\n\n| Field | Value |\n|---|---|\n| Organizations | Torvik Marine |\n"
                 "| Linked request | SUP-4411 |\n\nThis is the same failure as #1182 and #1207.\n")

    assert [item.customer for item in frame.evidence if item.customer] == ["Torvik Marine"]
    assert "2 other reports of the same problem" in reasons(frame)


def test_a_customer_table_counts_even_under_what_happened_and_drops_the_town() -> None:
    body = ("# Follow-ups for INC-88: invoices sent twice\n\n## What happened\n\nA retry re-sent every invoice.\n\n"
            "| Customer | Channel | Link |\n|---|---|---|\n"
            "| Ashgrove Veterinary Group, Leeds | Zendesk | [#7001](https://vetline.zendesk.com/agent/tickets/7001) |\n"
            "| Calder Pet Clinics | Zendesk | [#7004](https://vetline.zendesk.com/agent/tickets/7004) |\n"
            "| Moorside Vets | — | No feedback yet |\n")
    frame = read(body)

    assert [item.customer for item in frame.evidence] == ["Ashgrove Veterinary Group", "Calder Pet Clinics"]
    assert tier(frame) == "strong"


def test_a_rollout_plan_s_tenant_column_names_no_customers() -> None:
    body = ("## Problem\n\nCodes are phished by push fatigue.\n\n## Rollout\n\n"
            "| Phase | Tenants | Gate |\n|---|---|---|\n"
            "| 1 | Our own staff tenant | no lockouts for a week |\n"
            "| 2 | 5 % of tenants | error rate under 0.1 % |\n")
    assert read(body).evidence == []


@pytest.mark.parametrize("body", ["https://harbourline.slack.com/archives/C04ROUTE/p1718290011223349\n",
                                  "see thread https://tally.zendesk.com/agent/tickets/51002\n"])
def test_a_ticket_that_is_only_a_link_is_asked_what_it_shows(body: str) -> None:
    frame = read(body)

    errors = [finding for finding in frame.findings if finding.code == "evidence.unattributed"]
    assert errors and "only a link" in errors[0].message


@pytest.mark.parametrize(
    ("sentence", "customer"),
    [
        ("Deniz Medya A.Ş. bildirdi: [Zendesk #8233](https://cuewire.zendesk.com/agent/tickets/8233)",
         "Deniz Medya A.Ş"),
        ("**Kuzey Su İdaresi** — [Zendesk #30412](https://aqua.zendesk.com/agent/tickets/30412)", "Kuzey Su İdaresi"),
    ],
)
def test_a_linked_record_beside_an_unmistakable_name_is_that_customer_s(sentence: str, customer: str) -> None:
    frame = read_after_problem(sentence + "\n")

    assert [item.customer for item in frame.evidence] == [customer]
    assert tier(frame) == "moderate"
