"""A template's examples and bots' bodies are nobody's words; a problem written in another language is a problem."""

from __future__ import annotations

import pytest

from problemframe.model import Severity
from tests.problemframe.reading import read, tier


def problem_stated(text: str) -> bool:
    """Return whether the reader finds a problem stated: no error on the problem."""
    return not any(finding.field == "problem" and finding.severity is Severity.ERROR for finding in read(text).findings)


@pytest.mark.parametrize("section", [
    '_Describe a measurable outcome, e.g. "time to find owner drops from 30 min to under 5 min"._',
    'How will we know this worked? e.g. "reduce X from 40% to 20%"',
    "TBD — need to agree with Hugo what we'd measure (bookings with >1 payer? group size?).",
    'What will we measure and what is the target? e.g. "reduce X from 20% to 5%"',
])
def test_a_success_metric_left_as_the_templates_example_is_a_placeholder_not_a_metric(section: str) -> None:
    frame = read("## Problem\n\nDispatchers re-key every load by hand, which takes four minutes a load.\n\n"
                 f"## How will we know it worked?\n\n{section}\n")

    assert frame.metric is None
    assert "metric.placeholder" in {finding.code for finding in frame.findings}


def test_a_metric_still_to_be_confirmed_but_stated_is_read() -> None:
    frame = read("## Problem\n\nDispatchers re-key every load by hand.\n\n## Success metric\n\n"
                 "TBC with finance: re-keyed loads from 1200 to 100 a week.\n")

    assert frame.metric is not None and (frame.metric.baseline, frame.metric.target) == (1200, 100)


def test_the_evidence_example_in_italic_help_names_no_customer() -> None:
    frame = read("## Problem\n\n_What is hard or slow today, and for whom?_\n\n## Who is affected / evidence\n\n"
                 '_Which teams hit this, how often? Link Slack threads. Example: "12 threads in #platform-help in May; '
                 'Payments and Search both raised it in the quarterly sync."_\n\n'
                 "## Proposed solution\n\ndark mode pls\n")

    assert frame.evidence == []
    assert tier(frame) == "none"


def test_a_user_story_example_naming_the_templates_company_is_no_problem() -> None:
    assert not problem_stated("User story\n\nAs a [type of user], I want [some goal] so that [some reason].\n\n"
                              "Example: As an Acme Corp workspace admin, I want to export audit logs so that I can "
                              "share them with my auditor.\n")


@pytest.mark.parametrize("body", [
    "Bumps [com.airbnb.android:lottie](https://github.com/airbnb/lottie-android) from 6.1.0 to 6.4.1.\n\n"
    "<details><summary>Release notes</summary>\n\nBug fixes for crashes on merged paths\n\n</details>\n",
    "This issue lists Renovate updates and detected dependencies. Read the Dependency Dashboard docs to learn more."
    "\n\n## Rate-Limited\n\n - [ ] chore(deps): update dependency detox to v20.20.3 (the build is broken)\n",
    "_This issue was opened automatically by `release-bot` from `.github/release.md`._\n\n## Release 4.12.0\n\n"
    "- [ ] Cut the branch\n- [ ] Fix failing e2e tests, they block the release\n",
    "Umbrella issue for async drivers landing in 0.20. Please open separate issues for bugs.\n\n- [x] #812 pool\n"
    "- [ ] #830 timeouts are broken under load\n",
    "Release checklist for **tessel-orm 4.2.0**. Target date: Thursday.\n\n- [ ] Fix the flaky CI job blocking us\n",
    "# Release 5.2.0 (Android)\n\nRelease captain: @dmitri-v · Code freeze: **Mon 14 Oct**\n\n"
    "- [x] Cut `release/5.2.0`\n- [x] Regression suite on Firebase Test Lab\n- [ ] New screenshots\n\n"
    "| Day | Rollout | Gate |\n|---|---|---|\n| Mon | 1 % | crash-free users ≥ 99.5 %, no new P1 in Crashlytics |\n\n"
    "Halt the rollout in Play Console if any gate fails.\n",
])
def test_a_bots_dependency_update_or_a_tracking_issue_is_not_a_problem(body: str) -> None:
    assert not problem_stated(body)


@pytest.mark.parametrize("body", [
    "[![Mend Renovate](https://app.renovatebot.com/images/banner.svg)](https://renovatebot.com)\n\n"
    "This PR contains the following updates:\n\n| Package | Change |\n|---|---|\n| aws | 5.45.0 -> 5.46.0 |\n\n"
    "### Release notes\n\n- **New Resource:** `aws_bedrock_guardrail` requested by Kestrel Analytics (#36211)\n",
    "> Opened automatically by **slo-bot** · policy `query-api-availability` · do not edit above the line\n\n"
    "82 % of the 28-day error budget is consumed; customers on eu-1 see failed queries.\n",
])
def test_a_bots_banner_or_its_own_report_is_no_problem(body: str) -> None:
    assert not problem_stated(body)


def test_release_notes_quoted_in_a_dependency_update_name_no_customer_of_ours() -> None:
    body = ("[![Mend Renovate](https://app.renovatebot.com/images/banner.svg)](https://renovatebot.com)\n\n"
            "This PR contains the following updates:\n\n### Release notes\n\n"
            "- Kestrel Analytics reported the crash in [#36211](https://github.com/hashicorp/terraform-provider-aws/"
            "issues/36211)\n")

    assert read(body).evidence == []


@pytest.mark.parametrize("problem", [
    "Hoje eu converto a cobertura com um script num passo extra do pipeline: adiciona 40 s em cada job e quebra "
    "quando os caminhos mudam.",
    "Pour les séjours chers, payer la totalité à la réservation est un vrai frein, et certains clients réservent "
    "ailleurs.",
    "ポイントは180日で失効しますが、アプリ内では履歴画面の一番下にしか有効期限が表示されていません。気づかないうちにポイントが消えた、という問い合わせが続いています。",
    "Ahora mismo la información de alérgenos sólo aparece cuando abres cada plato, y no hay forma de filtrar el menú.",
    "Le connecteur BigQuery ne pousse pas le filtre de date vers la requête : chaque tableau de bord lit toute la "
    "table.",
])
def test_a_problem_written_in_another_language_says_what_hurts(problem: str) -> None:
    assert problem_stated(f"### Contexto\n\n{problem}\n")


def test_a_solution_in_english_is_not_taken_for_a_problem_by_a_foreign_word() -> None:
    # 'travel' is no Portuguese 'trava' (it locks up).
    assert not problem_stated("Build redemption of points on the travel checkout. Users pick how many points to use "
                              "and the price updates live.")


@pytest.mark.parametrize("body", [
    "As a user I want split view so that I can use split view.\n",
    "h2. User story\n\nAs a _[type of user]_, I want _[some goal]_ so that _[some reason]_.\n\n"
    "_Write the story from the user's point of view. Keep it to one sentence. If you need more, split the ticket._\n",
    "h2. User story\n\n*As a* <type of user>\n*I want* <some goal>\n*so that* <some reason>\n",
    "## Story\n\nAs a <persona>\nI want <capability>\nso that <benefit>\n",
    "Hey there, it looks like you haven't filled in the issue template. Please update the issue with the requested "
    "information, otherwise it will be closed in 7 days.\n",
])
def test_a_hollow_story_the_templates_help_or_a_bots_nag_is_no_problem(body: str) -> None:
    assert not problem_stated(body)


@pytest.mark.parametrize("body", [
    # An issue template file pasted whole, its settings above it.
    "---\nname: Bug report\nabout: Create a report to help us improve\ntitle: \"[BUG] \"\nlabels: bug\n"
    "assignees: ''\n---\n\n### Describe the bug\n<!-- A clear and concise description of what the bug is. -->\n\n"
    "### To Reproduce\n1. Go to '...'\n2. Click on '....'\n",
    # A form's next question under an unanswered one.
    "## Bug report\n\n**What happened?**\n<!-- Tell us what you saw. -->\n\n**What did you expect to happen?**\n\n"
    "**Steps to reproduce**\n1.\n2.\n\n**Anything else?**\n",
])
def test_a_bug_form_left_empty_states_no_problem(body: str) -> None:
    frame = read(body, labels=frozenset({"bug"}))
    assert any(finding.code.startswith("problem.") for finding in frame.findings)


def test_an_okrs_objective_that_says_what_hurts_is_its_problem() -> None:
    body = ("# H2 OKR: customers can trust our ETAs\n\n## Objective\n\nShippers of cold-chain freight plan receiving "
            "slots around our ETA. When the ETA is wrong they waste a cold-room slot, or a consignment sits on a dock "
            "and has to be quarantined.\n\n## Key results\n\n- ETA within ±30 min for 90 % of stops, from 61 %\n")

    assert problem_stated(body)


def test_a_dependency_bump_labelled_bug_quoting_upstream_fixes_is_no_bug_report() -> None:
    body = ("This PR bumps [leaflet](https://github.com/Leaflet/Leaflet) from 1.9.3 to 1.9.4.\n\n"
            "<details><summary>Release notes</summary>\n\n- Fix crash when a tile layer fails to load\n\n</details>\n")

    assert not problem_stated(body)
    assert any(finding.code == "problem.solution_only"
               for finding in read(body, labels=frozenset({"bug"})).findings)


def test_a_bug_form_left_with_its_prompts_states_no_problem() -> None:
    body = ("### What happened?\n\nTell us what went wrong, in a sentence or two.\n\n"
            "### What did you expect?\n\nDescribe what you thought would happen.\n\n"
            "### Screenshots\n\nDrag files here if you have any.\n")

    assert any(finding.field == "problem" and finding.severity is Severity.ERROR
               for finding in read(body, labels=frozenset({"bug"})).findings)


@pytest.mark.parametrize("opening", [
    "Quick question for whoever owns the tariff engine: do we round per line or per invoice?",
    "Question for billing folks: if a tenant pauses mid-month, do we prorate the add-on?",
    "Pessoal, dúvida rápida: o export de rotas já inclui as paragens canceladas?",
    "Quick one for whoever owns the ridership report: does a student who taps twice count twice?",
    "Quick one: for NV Champagne SKUs, what should go in the vintage field?",
])
def test_a_question_put_to_colleagues_states_no_problem(opening: str) -> None:
    assert not problem_stated(f"{opening}\n\nAsking because a partner wants to know, and I could not find it in "
                              "the docs. The manual steps we use today are error-prone.\n")


@pytest.mark.parametrize("body", [
    "# Release checklist: Harbour app 5.1.0\n\nThe last release slipped two days: the manual smoke test was "
    "forgotten and customers could not log in.\n\n- [x] Cut `release/5.1`\n- [ ] Run the smoke test\n",
    "h2. Release Tidewater Pay 3.1.0\n\nLast time the signing step failed and merchants could not update for a "
    "day, so we lost payments.\n\n# Tag\n# Sign\n# Publish\n",
    "## Rotate Stripe webhook signing secret (annual)\n\nLast year the secret lapsed: payment webhooks failed for two "
    "hours, shoppers could not pay and we lost orders because the manual steps were missed.\n\n"
    "1. Create the new secret\n2. Deploy to prod\n3. Revoke the old one\n",
    "h2. Quarterly credential rotation — Q3\n\nLast quarter an expired token broke SMS delivery for a day and "
    "patients missed reminders because the renewal was done by hand too late.\n\n# Twilio\n# SendGrid\n",
    "h1. Release: Washline Driver app 5.2.0 (iOS + Android)\n\n*Release manager:* Ruth\n\nh2. Pre-release\n"
    "* (/) Changelog drafted\n* (x) QA sign-off on the scanning regression that failed last time\n",
    "# Pre-season release checklist: booking platform 2026.1\n\nSeason opens Sun 29 Mar. Last season the freeze "
    "slipped and pilots could not see their rosters for a day.\n\n- [ ] Freeze\n- [ ] Tag\n",
    "h2. Task: Renew push signing + store distribution certificates\n\nThe iOS distribution certificate lapses on "
    "3 Sep; last year it lapsed and drivers could not update for two days.\n\n# Generate\n# Upload\n",
    # Named only by the tracker's fields copied above the steps.
    "*Issue type:* Task\n*Fix version:* 4.13.0\n*Release manager:* Mei\n\nh2. Pre-release\n"
    "# (x) Regression pack run on staging; two failures fixed, customers could not log in on Android 14\n",
    "*Issue Type:* Task\n*Summary:* Tills 7.4.0 release checklist\n\n# (/) Freeze\n# (x) Broken sync fixed\n",
    "# 2.9.0 release — checklist\n\n- [x] Branch cut\n- [ ] Smoke test on iOS 17 and Android 14: crash on launch "
    "fixed since 2.8.3\n",
    "h2. Summary\n\nQuarterly rotation of the CDN purge token. Last time the purge failed for a day and stale "
    "prices were shown.\n\n# Create\n# Deploy\n# Revoke\n",
])
def test_routine_work_named_up_front_states_no_problem(body: str) -> None:
    assert not problem_stated(body)


@pytest.mark.parametrize("body", [
    "## chore: move the booking API to Node 22 LTS\n\nNode 20 leaves active support in the spring and the image "
    "scanner already flags it, which blocks our deploys after that.\n\n- [ ] `.nvmrc`\n- [ ] Dockerfiles\n"
    "- [ ] CI matrix\n",
    "h2. Upgrade the ledger database from PostgreSQL 14 to 17\n\nThe managed offering stops patching 14 next "
    "year; failing over later would hurt.\n\n# Snapshot\n# Upgrade staging\n# Upgrade prod in the window\n",
    "Ruby 3.1 reaches end of life in March, after which security fixes stop and the audit fails. Move the "
    "workers and the admin app to 3.3.\n\n- Gemfile\n- base images\n",
    "# Bump Pillow from 10.2.0 to 11.0.0 in the thumbnail worker\n\nThe old wheel breaks the arm64 build and "
    "the scanner reports two CVEs against it.\n",
    "## [Chore] swap the deprecated maps SDK call for the new geocoder\n\nThe old call is removed in June and "
    "will then fail for every address lookup.\n\n1. Replace calls\n2. Update keys\n",
    "## Tech debt: fold the three invoice renderers into one\n\nThey have drifted apart and two copies fail "
    "on long addresses. No user-facing change is intended.\n",
])
def test_upkeep_with_nothing_from_outside_states_no_problem(body: str) -> None:
    frame = read(body)

    assert not problem_stated(body)
    assert "routine work" in next(finding.message for finding in frame.findings if finding.field == "problem")


@pytest.mark.parametrize("body", [
    # Upkeep that cites a customer or sets a target is framed like any other ticket.
    "## chore: move the booking API to Node 22 LTS\n\nNode 20 leaves support in the spring. Harbour Lane "
    "Campsites reported that their booking export fails on the old runtime's TLS (ZD-48213).\n",
    "h2. Upgrade the ledger database from PostgreSQL 14 to 17\n\nThe nightly close crashes and finance staff "
    "re-run it by hand every morning.\n\nh3. Success metric\nNightly close time from 95 min to under 30 min "
    "within 30 days, measured in Grafana.\n",
    # A refactor that names the defects it ends says what hurts.
    "## Refactor: one pricing module for the POS and the web shop\n\nThe two pricing copies have drifted apart: "
    "cashiers see a different total than the receipt their customers get, and refunds fail for discounted items.\n",
])
def test_upkeep_that_cites_someone_or_sets_a_target_is_read_as_any_ticket(body: str) -> None:
    assert problem_stated(body)


@pytest.mark.parametrize("body", [
    "Sales says a prospect, a school photography company in Leeds, needs class rosters imported from a "
    "spreadsheet before picture day.\n\n- CSV upload\n- match by class\n",
    "A parent emailed support last week asking why she pays for lessons but cannot see which theory topics her "
    "son has passed.\n",
    "Salg fortæller, at en potentiel kunde (en bryllupsfotograf i Odense) sagde på en demo, at de mangler "
    "depositum ved booking, så de jagter betalinger bagefter.\n",
])
def test_untitled_text_passing_on_what_a_customer_needs_states_a_problem(body: str) -> None:
    assert problem_stated(body)


def test_a_to_do_list_naming_who_asked_states_no_problem() -> None:
    body = ("- [ ] CSV upload for rosters, asked for by Northgate Photo Ltd on a call last week\n"
            "- [ ] match pupils by class\n")

    assert not problem_stated(body)


@pytest.mark.parametrize("problem", [
    "What problem are we solving, and for whom? Link customer evidence (support tickets, calls, data).",
    "_<One sentence describing the problem>_",
    "Why are we doing this? Who is the user and what problem do they have?",
])
def test_a_story_templates_own_hints_left_in_place_are_a_placeholder(problem: str) -> None:
    frame = read(f"## Problem statement\n\n{problem}\n\n## Acceptance criteria\n\n- …\n")

    assert [finding.code for finding in frame.findings if finding.field == "problem"] == ["problem.placeholder"]


def test_a_link_on_a_line_of_its_own_is_no_template_slot() -> None:
    frame = read("## Customer evidence\n\n<https://acme.zendesk.com/agent/tickets/4512>\n")

    assert [item.url for item in frame.evidence] == ["https://acme.zendesk.com/agent/tickets/4512"]


def test_a_forms_own_question_left_unanswered_under_the_problem_is_a_placeholder() -> None:
    frame = read("**Is your feature request related to a problem? Please describe.**\n"
                 "A clear and concise description of what the problem is. Ex. I'm always frustrated when [...]\n\n"
                 "**Which venues / clubs asked for this?**\n<!-- Link Zendesk tickets, Gong calls -->\n\n"
                 "**Describe the solution you'd like**\nA clear and concise description of what you want to happen.\n")

    assert not problem_stated("**Which venues / clubs asked for this?**\n\n**Who else / which teams?**\n")
    assert [finding.code for finding in frame.findings if finding.field == "problem"] == ["problem.placeholder"]


@pytest.mark.parametrize("bot", [
    "This issue has been automatically marked as stale because it has not had recent activity. It will be closed "
    "in 14 days if no further activity occurs.",
    "👋 This issue hasn't had any activity in the last 60 days, so it's been labelled `stale`. It'll be closed "
    "automatically in 14 days unless someone comments.",
    "This issue was closed because it has been inactive for 30 days with no further updates.",
])
def test_a_bots_stale_notice_under_a_wish_states_no_problem(bot: str) -> None:
    assert not problem_stated("would be great to have a sepia filter in the editor 🙏\n\n---\n\n"
                              "**@mira-k** commented\n\n+1\n\n---\n\n**@tidy-bot** commented\n\n" + bot + "\n")


@pytest.mark.parametrize("question", [
    "Does the roster import keep the second surname column when a row has two? Asking for the migration notes.",
    "How does the planner handle a lift that needs two inspections in the same week? Not urgent, just writing docs.",
    "What's the rate limit on the timetable endpoint? We are sizing a nightly sync and don't want to hit errors.",
])
def test_a_ticket_that_opens_by_asking_how_something_works_states_no_problem(question: str) -> None:
    assert not problem_stated(question + "\n")


@pytest.mark.parametrize("text", [
    "How do I stop the export from timing out? It fails every night for our 40k-row roster and we redo it by hand.",
    "Can we please get CSV export for boards? Right now we copy every card by hand and it takes an hour a week.",
])
def test_a_users_own_how_to_or_request_with_its_trouble_states_the_problem(text: str) -> None:
    assert problem_stated(text + "\n")
