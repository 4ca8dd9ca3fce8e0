"""A target's baseline read where the ticket states today's value, as a careful reader pairs them."""

from __future__ import annotations

import datetime as dt

import pytest

from problemframe.model import Direction
from problemframe.parse import parse_ticket

TODAY = dt.date(2026, 12, 1)


def metric_of(body: str) -> tuple[float | None, float | None, str | None, Direction | None]:
    metric = parse_ticket(body, today=TODAY).metric
    assert metric is not None
    return metric.baseline, metric.target, metric.unit, metric.direction


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("## Problem\n\nThe full CI matrix currently takes about 24 min on a PR.\n\n"
         "## Success metric\n\nUnder 10 min per PR.\n", (24, 10, "min", Direction.DECREASE)),
        ("## Problem\n\np95 search latency is 2.4 s today, and it climbs past 5 s for large workspaces.\n\n"
         "## Success metric\n\np95 under 800 ms.\n", (2400, 800, "ms", Direction.DECREASE)),
        ("## Problem\n\nOn average 31 % of pages escalated past level 1 last quarter.\n\n"
         "## Success metric\n\nUnder 10 % within a month of launch.\n", (31, 10, "%", Direction.DECREASE)),
    ],
)
def test_today_s_value_is_the_baseline(body: str, expected: tuple[float, float, str, Direction]) -> None:
    assert metric_of(body) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # A numbered heading, a goal list that opens with a default setting.
        ("## 2. Goals\n\n* Move blocks older than a configurable age (default 7 d) to object storage.\n"
         "* Reduce storage cost per 1M series from $212 to ≤ $90 by end of Q4.\n", (212, 90)),
        # A 'Targets' table with today's value beside each target.
        ("## Targets\n\n| SLI | Current (probes, 90 d) | Target |\n| --- | --- | --- |\n"
         "| Availability (28 d) | 99.5 % | 99.9 % |\n", (99.5, 99.9)),
        # Times of day are no values: the baseline is the '14 min today'.
        ("## What \"fixed\" means\n\np99 lag back **under 2 minutes** during the 08:00–11:00 CET peak "
         "(from ~14 min today).\n", (14, 2)),
    ],
)
def test_goals_under_numbered_headings_tables_and_times_of_day(body: str, expected: tuple[float, float]) -> None:
    assert metric_of("## Problem\n\nDashboards time out for our largest customers every Monday.\n\n" + body)[:2] == (
        expected)


@pytest.mark.parametrize(
    "body",
    [
        # Two values, neither next to a 'today' word: unclear, so no baseline.
        "## Problem\n\nLast quarter some jobs took 12 min and some 40 min.\n\n## Success metric\n\nUnder 10 min.\n",
        # A value that describes what we want is no baseline.
        "## Problem\n\nExports are slow.\n\nWe want them under 30 s today rather than tomorrow.\n\n"
        "## Success metric\n\nUnder 10 s.\n",
        # Days are no baseline for a latency.
        "## Problem\n\nSearch has been slow over the last 30 days.\n\n## Success metric\n\np95 under 800 ms.\n",
        # Numbers in code are never read.
        "## Problem\n\nSlow.\n\n```\ncurrently 45 s\n```\n\n## Success metric\n\nUnder 10 s.\n",
    ],
)
def test_no_baseline_is_guessed(body: str) -> None:
    assert metric_of(body)[0] is None


@pytest.mark.parametrize(
    ("metric", "expected"),
    [
        # Each success criterion on a line of its own: the first that states a target is the metric.
        ("- Files rolled to the next day: from ~6,200 per month (April baseline) to **below 500 per month**.\n"
         "- No increase of settlement rejects (baseline 0–2 per month).", (6200, 500)),
        ("- baseline: **47 min** (Metabase, Q2)\n- target: **under 10 min** within 45 days of launch\n"
         "- secondary: first response time down 20 %", (47, 10)),
        ("- Task success: **38 % (3/8) in round 1 → at least 90 % in round 2**", (38, 90)),
        ("- v1 traffic at 0 % of API requests by 2025-03-31, down from 12 % today\n"
         "- no more than 2 accounts needing an exception", (12, 0)),
        ("- Claims declined on stale data: 63 in 2023 → 0 in the 12 months after go-live", (63, 0)),
    ],
)
def test_success_criteria_in_a_list_give_the_first_metric(metric: str, expected: tuple[float, float]) -> None:
    assert metric_of(f"## Problem\n\nFiles roll over and finance teams chase them by hand.\n\n## Success metric\n\n"
                     f"{metric}\n")[:2] == expected


@pytest.mark.parametrize(
    "body",
    [
        "## Problem\n\nThe webhook secret leaked into logs, so anyone with log access can forge events.\n\n"
        "## Success metric\n\nOld secret revoked, header logging removed from 3.4.2.\n",
        "## Problem\n\nExports time out for finance admins every Monday.\n\n## Customer evidence\n\n"
        '- Acme Corp — https://acme.zendesk.com/agent/tickets/1 — "Our target 40% fewer manual exports."\n',
        "Bump to Python 3.12.\n\n## Notes\n\n- Perf: p50 went from 41 ms to 37 ms on staging, nice but not a goal\n",
        "Release 5.2.0\n\nRelease captain: @dmitri-v · Code freeze: Mon 14 Oct · Target 100 %: Thu 24 Oct\n",
        "Move the nightly job to the new runners. There is no target yet; it took 40 min last week.\n",
        "## Success\n\nLegacy auth path removed from the codebase and PT-2024-07 closed.\n",
        "## Success\n\nCustomers upgrade without downtime. Dedicated already has a 99.95 % availability SLA.\n",
        "## Measurements\n\n`python -X importtime`, cumulative µs, median of 20 runs, ubuntu-22.04 runner.\n",
        "**Spike:** should we move the game from Unity 2021.3 LTS to 2022.3 LTS this quarter?\n",
        "**Owner:** Ines Moreau · **State:** Draft · **Target:** 2025.03\n\n## Summary\n\nA rules language.\n",
        "## Next steps\n\n1. Patch 2.8.1 mapping empty → 0 (Payments) — target Thu 3 October\n",
        "## Cause\n\ncompileSdk and targetSdk moved 33 → 34 in the last release; the receiver has no export flag.\n",
        "## Notes\n\nWe probably need a clean-up job, since the retry limit was lowered from 8 to 3 on 2 May.\n",
        "## Root cause\n\nRelease 4.1 lowered the session timeout from 900 s to 60 s to save memory on the pods.\n",
        "## Proposal\n\nIncrease `worker_pool_size` from 8 to 32 on the ingest nodes to cut the queue.\n",
        "h3. Exit criteria\n* The prototype is worth pursuing if recall is above 90 % on 40 of the 60 samples\n",
        "## Notes\n\nA prototype counts as good enough if drift stays under 30 µm — the bar to continue, not a product "
        "goal.\n",
    ],
)
def test_versions_what_happened_a_rollout_schedule_and_customers_words_are_no_metric(body: str) -> None:
    metric = parse_ticket(body, today=TODAY).metric
    assert metric is None or (metric.baseline is None and metric.target is None)


@pytest.mark.parametrize(
    "body",
    [
        "## Goal\n\nDecide whether we stay on self-hosted Kafka 3.60 or move to one of: Redpanda 24.x, MSK, Pulsar.\n",
        "## Goal\n\nEvaluate whether the 2.30 SDK can replace our fork before the 4.x branch is cut.\n",
        "## Done when\n\n* Both clusters on 16.x, replicas rebuilt\n* Runbook updated\n",
        "## Changes\n\n- camera library 2.x → 4.x\n- iOS min deployment target 15.1\n",
    ],
)
def test_a_decision_or_a_version_to_reach_is_no_metric(body: str) -> None:
    metric = parse_ticket("## Problem\n\nOur search cluster is out of support.\n\n" + body, today=TODAY).metric

    assert metric is None or (metric.target is None and metric.baseline is None)


def test_a_goal_that_decides_and_wants_a_value_keeps_its_metric() -> None:
    body = ("## Problem\n\nSearch is slow.\n\n## Goal\n\nDecide on a backend that gets p95 search latency from 1.8 s "
            "to under 400 ms within 60 days.\n")

    assert metric_of(body)[:2] == (1800, 400)


@pytest.mark.parametrize(
    "section",
    [
        "## Done when\n\n* The 52 dead flags are removed from code and archived.\n* CI warns on new stale flags.\n",
        "## Done when\n\n* All 240 invoices exist and Pellworth confirms in the ticket.\n",
        "## Goal\n\nTimeboxed spike (4 days) to figure out whether offline job completion is feasible.\n",
        "## Done when\n\n* Runbook updated: [Confluence](https://acme.atlassian.net/wiki/spaces/OPS/pages/77120331/PG)\n",
        "h3. Done when\n\nAll 12 tills report the new certificate in the MDM console.\n",
        "## Plan\n\n*Target for the prototype:* p95 < 3 s for the cohort query over 60 days on the sample dataset.\n",
    ],
)
def test_work_counted_done_a_timebox_or_a_link_is_no_target(section: str) -> None:
    metric = parse_ticket("## Problem\n\nStale flags slow every release down.\n\n" + section, today=TODAY).metric

    assert metric is None or metric.target is None


def test_a_target_set_in_bold_is_read() -> None:
    body = ("## Problem\n\nNew workspaces stall before their first import.\n\n## Readout plan\n\n"
            "Baseline for the primary metric going in: **28.5%** (Q3). Target: **31%+** within 30 days.\n")

    assert metric_of(body)[:2] == (28.5, 31)


def test_a_spec_written_with_a_bare_comparison_is_no_metric() -> None:
    metric = parse_ticket("## Problem\n\nThe nightly sync is slow.\n\n## Notes\n\nIncremental runs should be < 5 min "
                          "and full runs < 40 min.\n", today=TODAY).metric

    assert metric is None or metric.target is None


def test_a_body_that_opens_with_its_target_keeps_the_problem_and_names_the_metric() -> None:
    frame = parse_ticket("We expect p95 export latency to drop from ~1400 ms to under 400 ms within 30 days.\n\n"
                         "Finance admins at Bellmoor wait minutes for every export and re-run the ones that time "
                         "out, losing an hour every Monday.\n", today=TODAY)

    assert (frame.problem or "").startswith("Finance admins at Bellmoor")
    assert frame.metric is not None and frame.metric.name == "p95 export latency"
    assert (frame.metric.baseline, frame.metric.target) == (1400, 400)


def test_a_bug_s_current_and_expected_amounts_are_no_metric_but_a_goal_table_is() -> None:
    table = ("## Example\n\n| Line | Current | {wanted} |\n| --- | --- | --- |\n"
             "| Seat credit (12 days) | -£84.00 | -£81.29 |\n| Private office (12 days) | £190.00 | £190.00 |\n")
    bug = parse_ticket("## Problem\n\nUpgrade credits use a 30-day month.\n\n" + table.format(wanted="Expected"),
                       labels=["bug"], today=TODAY)
    assert bug.metric is None or (bug.metric.baseline, bug.metric.target) == (None, None)
    goal = parse_ticket("## Problem\n\nUpgrades are billed by hand.\n\n" + table.format(wanted="Target"),
                        labels=["bug"], today=TODAY)
    assert goal.metric is not None and (goal.metric.baseline, goal.metric.target) == (84, 81.29)


@pytest.mark.parametrize(
    ("sentence", "days", "source"),
    [
        ("Handmatige correcties van 40 naar 5 per maand binnen 60 dagen na livegang, gemeten in het auditlog.", 60,
         "het auditlog"),
        ("Stornoquote von 12 % auf unter 4 % innerhalb von 8 Wochen nach dem Start, gemessen im Billing-Dashboard.", 56,
         "Billing-Dashboard"),
        ("Taux d'abandon de 30 % à 15 % dans les 90 jours, mesuré dans Metabase.", 90, "Metabase"),
        ("Portare i resi dal 6,2 % a **sotto l'2 %** entro due mesi dal rilascio, misurato su Looker.", 60, "Looker"),
    ],
)
def test_a_metric_written_in_another_language_gives_its_window_and_source(sentence: str, days: int,
                                                                         source: str) -> None:
    metric = parse_ticket(f"## Success metric\n\n{sentence}\n", today=TODAY).metric

    assert metric is not None and metric.window_days == days and metric.target is not None
    assert metric.source is not None and source in metric.source
    assert not metric.name.endswith((" van", " von", " dal", " de"))


def test_a_heading_that_says_its_numbers_are_no_target_gives_none() -> None:
    body = ("## Problem\n\nPMs override vendor rates by hand on almost half of all POs.\n\n"
            "### Default discount grid (example, not a target)\n\n| Band | Rate |\n|---|---|\n| 101 % | 0 % |\n"
            "| 95–99 % | 30 % |\n\n## Success metric\n\nShare of POs with a manual override: from 46 % to 12 % or "
            "lower, 90 days after release.\n")

    assert metric_of(body)[:2] == (46, 12)


def test_the_data_behind_a_baseline_does_not_replace_the_key_results_own_baseline() -> None:
    body = ("## Problem\n\nVendors wait weeks for invoice approval and stop taking jobs.\n\n"
            "## Key results\n\n1. **KR1** — Median time from invoice submission to approval: **from 12 days to 5 "
            "days** by 31 Dec.\n\n## Baseline data\n\n[Metabase](https://metabase.example.com/dashboard/57) — "
            "Jan–May, 41,250 vendor invoices across 150 tenants; median 12.3 days.\n")

    assert metric_of(body)[:2] == (12, 5)
