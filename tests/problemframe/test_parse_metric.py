"""Success metrics from sentences, `Label: value` lines and separate form fields."""

from __future__ import annotations

import datetime as dt

import pytest

from problemframe.model import Direction, SuccessMetric
from problemframe.parse.metric import parse_metric

UP, DOWN = Direction.INCREASE, Direction.DECREASE


def read(text: str, **parts: str) -> SuccessMetric:
    metric, _ = parse_metric({"metric": text, **parts}, today=dt.date(2026, 11, 29))
    assert metric is not None
    return metric


def ticket_metric(body: str) -> SuccessMetric | None:
    """Return the metric a whole ticket gives, read as the service reads it."""
    from problemframe.parse import parse_ticket

    return parse_ticket(body, today=dt.date(2026, 11, 29)).metric


@pytest.mark.parametrize(
    ("text", "name", "baseline", "target", "direction", "unit", "days"),
    [
        ("weekly active exporters from 120 to 300 within 30 days of launch",
         "weekly active exporters", 120, 300, UP, None, 30),
        ("reduce p95 export time from 40s to under 5s in 2 weeks", "p95 export time", 40, 5, DOWN, "s", 14),
        ("35/month -> 10/month, measured 6 weeks after launch", None, 35, 10, DOWN, "/month", 42),
        ("Support tickets about exports: 35/month → 10/month over 3 months",
         "Support tickets about exports", 35, 10, DOWN, "/month", 90),
        ("Grow trial-to-paid conversion from 4.5% to 6% in the first 60 days",
         "trial-to-paid conversion", 4.5, 6, UP, "%", 60),
        ("Export success rate 92% → 99.5% (30-day window)", "Export success rate", 92, 99.5, UP, "%", 30),
        ("MRR from $10k to $15k within 3 months", "MRR", 10_000, 15_000, UP, "USD", 90),
        ("Cut average handle time from 11 min to 7 min within a month", "average handle time", 11, 7, DOWN, "min", 30),
        ("NPS -12 to 10 over one quarter", "NPS", -12, 10, UP, None, 91),
        ("Weekly exports 1,200 -> 3,000 within 4 weeks", "Weekly exports", 1200, 3000, UP, None, 28),
    ],
)
def test_sentences_give_name_numbers_direction_unit_and_window(
    text: str, name: str | None, baseline: float, target: float, direction: Direction, unit: str | None, days: int
) -> None:
    metric = read(text)
    assert (metric.name, metric.baseline, metric.target) == (name, baseline, target)
    assert (metric.direction, metric.unit, metric.window_days) == (direction, unit, days)


def test_labels_on_one_line_are_split_even_when_the_source_has_colons() -> None:
    metric = read("Baseline: 120 / Target: 300 / Window: 30 days / Source: prometheus prod: sum(rate(x[7d]))")
    assert (metric.baseline, metric.target, metric.window_days) == (120, 300, 30)
    assert metric.source == "prometheus prod: sum(rate(x[7d]))"


def test_labels_on_separate_lines_with_bullets_and_bold() -> None:
    metric = read(
        "- **Metric:** weekly active exporters\n- **Baseline:** 120\n- **Target:** 300\n"
        "- **Window:** until 2027-03-01\n- Data source: Amplitude 'Exports' chart"
    )
    assert metric.name == "weekly active exporters"
    assert (metric.baseline, metric.target) == (120, 300)
    assert metric.window_until == dt.date(2027, 3, 1)
    assert metric.source == "Amplitude 'Exports' chart"


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("exports from 1 to 2 in 30 days. Measured in Amplitude", "Amplitude"),
        ("exports from 1 to 2 in 30 days, measured by the weekly finance report", "the weekly finance report"),
        ("exports from 1 to 2 in 30 days (data source: Looker 'Exports')", "Looker 'Exports'"),
    ],
)
def test_source_is_read_from_a_sentence(text: str, source: str) -> None:
    assert read(text).source == source


@pytest.mark.parametrize(
    ("window", "days", "until"),
    [
        ("30 days", 30, None),
        ("6 weeks", 42, None),
        ("2 months after launch", 60, None),
        ("until 2027-03-01", None, dt.date(2027, 3, 1)),
        ("1 March 2027", None, dt.date(2027, 3, 1)),
        ("by Q3 2027", None, dt.date(2027, 9, 30)),
        ("90 days, until 2027-06-30", 90, dt.date(2027, 6, 30)),
    ],
)
def test_window_field_gives_days_or_an_end_date(window: str, days: int | None, until: dt.date | None) -> None:
    metric = read("weekly active exporters", baseline="120", target="300", window=window)
    assert (metric.window_days, metric.window_until) == (days, until)


def test_separate_fields_keep_the_name_verbatim_and_read_units() -> None:
    metric = read("p95 export time (seconds)", baseline="40s", target="5 s", direction="Decrease", source="Grafana")
    assert metric.name == "p95 export time (seconds)"
    assert (metric.baseline, metric.target, metric.unit) == (40, 5, "s")
    assert metric.direction is DOWN
    assert metric.source == "Grafana"


def test_word_units_in_separate_fields() -> None:
    metric = read("exports", baseline="120 exports/week", target="300 exports/week")
    assert metric.unit == "exports/week"


def test_dates_in_a_baseline_are_not_read_as_the_value() -> None:
    metric = read("exports", baseline="as of 2026-03-01: 120", target="300")
    assert metric.baseline == 120


@pytest.mark.parametrize(
    ("direction_text", "direction"),
    [("increase", UP), ("Decrease", DOWN), ("Higher is better", UP), ("lower is better", DOWN), ("⬆ up", UP)],
)
def test_direction_field_words(direction_text: str, direction: Direction) -> None:
    metric = read("m", baseline="1", target="1", direction=direction_text)
    assert metric.direction is direction


def test_stated_direction_wins_over_the_numbers_and_is_noted() -> None:
    metric, notes = parse_metric({"metric": "Increase churn from 5% to 2% in 30 days"})
    assert metric is not None
    assert metric.direction is UP
    assert (notes.stated, notes.inferred) == (UP, DOWN)


def test_a_metric_without_numbers_keeps_its_name() -> None:
    metric = read("Customers are happier with exports")
    assert metric.name == "Customers are happier with exports"
    assert metric.baseline is None and metric.target is None


def test_a_single_number_with_a_target_word_is_the_target() -> None:
    metric = read("Keep p95 export time under 5s")
    assert (metric.baseline, metric.target) == (None, 5)


def test_a_number_after_currently_is_the_baseline() -> None:
    metric = read("Exports per week (currently 120), target 300")
    assert (metric.baseline, metric.target) == (120, 300)


def test_nothing_gives_no_metric_and_placeholders_are_noted() -> None:
    assert parse_metric({}) == (None, parse_metric({})[1])
    metric, notes = parse_metric({"metric": "TBD", "baseline": "?"})
    assert metric is None
    assert notes.placeholders == {"metric", "baseline"}


def test_identifiers_with_digits_are_not_values() -> None:
    metric = read("p95 latency of the v2 API from 800ms to 200ms in 14 days")
    assert (metric.baseline, metric.target, metric.unit) == (800, 200, "ms")


def test_time_units_are_compared_in_the_target_unit() -> None:
    metric = read("time to onboard a team from 2 days to 1 hour within 60 days of GA")
    assert (metric.baseline, metric.target, metric.unit, metric.direction) == (48, 1, "h", DOWN)


def test_a_goal_label_holding_a_sentence_is_read_as_one() -> None:
    metric = read("Goal: reduce failed exports from 12% to 2%\nTimeframe: 6 weeks post-launch")
    assert (metric.name, metric.baseline, metric.target, metric.window_days) == ("failed exports", 12, 2, 42)


def test_bullets_in_the_metric_section_are_ignored() -> None:
    metric = read("* Export completion rate: 62% → 95%\n* Measured weekly in Looker for 8 weeks after GA")
    assert (metric.name, metric.source, metric.window_days) == ("Export completion rate", "Looker", 56)


def test_a_unit_label_sets_the_unit_and_the_text_is_kept_as_written() -> None:
    text = "Metric: p95 export time\nBaseline: 40\nTarget: 5\nUnit: s\nWindow: 30 days"
    metric = read(text)
    assert (metric.baseline, metric.target, metric.unit, metric.window_days) == (40, 5, "s", 30)
    assert metric.text == text


def test_a_window_field_without_a_window_keeps_the_sentence_window() -> None:
    metric = read("exports from 1 to 2 within 30 days", window="after launch")
    assert metric.window_days == 30


@pytest.mark.parametrize(
    ("sentence", "baseline", "target", "change"),
    [
        ("Reduce median time-to-approve by 30 % within 60 days", None, None, -30),
        ("Cut monthly churn from 8 % by 25 % within 90 days", 8, 6, -25),
        ("−25 % SMB logo churn by end of Q3", None, None, -25),
        ("Increase trial conversion by 15 % by 2027-03-31", None, None, 15),
        ("reduce failed exports from 12% to 2% within 6 weeks", 12, 2, None),
    ],
)
def test_a_relative_target_is_a_change_from_the_baseline(
    sentence: str, baseline: float | None, target: float | None, change: float | None
) -> None:
    metric, _ = parse_metric({"metric": sentence}, today=dt.date(2026, 5, 1))
    assert metric is not None
    assert (metric.baseline, metric.target, metric.change) == (baseline, target, change)


def test_a_quarter_without_a_year_is_the_next_one() -> None:
    metric, _ = parse_metric({"metric": "−25 % SMB logo churn by end of Q3"}, today=dt.date(2026, 11, 1))
    assert metric is not None and metric.window_until == dt.date(2027, 9, 30)


@pytest.mark.parametrize("text", ["v4 live for 100 % of sign-ups on web, v3 code removed", "ship it / 100% done"])
def test_a_lone_hundred_percent_of_work_done_is_no_target(text: str) -> None:
    metric, _ = parse_metric({"metric": text})
    assert metric is None or metric.target is None


def test_a_note_on_the_baseline_does_not_replace_it() -> None:
    body = ("## Key results\n\n| KR | Baseline | Target (30 Sep) |\n| --- | --- | --- |\n"
            "| Share of active files inserting a library component | 38 % | 55 % |\n\n"
            "**Baseline note:** pulled from the Looker explore on 2 July, n = 1,146 workspaces.\n")
    metric = ticket_metric(body)
    assert metric is not None
    assert (metric.baseline, metric.target, metric.direction) == (38, 55, UP)


@pytest.mark.parametrize(
    "body",
    [
        "## Done when\n\n- Column exists in prod and is populated for 100% of rows from 2019 onwards\n"
        "- Spot check of 20 random accounts against their planting records\n",
        "## Problem\n\nMy beagle is on a weight-loss plan from our vet (target 12.5 kg, he started at 15.1 kg) and "
        "the app only shows his latest weight.\n",
        # Releases: named as a version elsewhere, moved by an upgrade, or the release an RFC aims at.
        "Add MySQL 8.4 LTS to the test matrix.\n\n## Done when\n\n- Matrix runs green on 8.0 and 8.4\n"
        "- Docs table lists 8.4\n",
        "## Summary\n\nUpgrade EKS clusters 1.27 → 1.29.\n\n## Success metric\n\n| Cluster | Current | Target |\n"
        "| --- | --- | --- |\n| prod-eu | 1.27 | 1.29 |\n",
        "# RFC: declarative mode\n\n- **Status:** Draft\n- **Target:** 3.0\n\n## Summary\n\nDiff the desired schema.\n",
        # Major releases named by their product alone: 'PostgreSQL 13', 'from Node 18 to 20'.
        "## Upgrade the reporting database from PostgreSQL 13 to 16\n\n1. Restore the snapshot on a new replica\n"
        "2. Logical replication prod 13 → 16, cut over on Sunday night\n",
        # A window in a checklist of chores, and the cost of the work in its to-do list.
        "## Done when\n\n- All four secrets rotated, old ones revoked\n"
        "- No webhook signature failures in the 24 h after cut-over\n- Rotation log updated\n",
        "## To do\n\n1. Add cp312 to the build matrix\n2. CI time: expect the wheel job to grow from ~42 to ~65 "
        "min, OK per Sam\n\n## Done when\n\nWheels are on PyPI.\n",
        # How many want the work, and numbers under a heading that says they are none.
        "## Problem\n\nMembers book by phone and the desk re-keys it.\n\nOver 500 customers want this.\n",
        "h3. Problem\nWebhooks time out during the billing run.\n\nh3. Not a metric\nThe 225 failed charges are "
        "normal card declines (the weekly average is ~230).\n",
        # Figures measured before the work, under a heading that reports them: a finding, not a goal.
        "## Problem\n\nThe thumbnail cache thrashes on large albums.\n\n## What we measured\n\n"
        "| cache size | hit rate |\n|---|---|\n| 64 MB (current) | 41 % |\n| 256 MB | 88 % |\n\n"
        "256 MB is enough for us; please make the size configurable.\n",
        # A release checklist's gates hold the rollout; the release is due, not aimed at a value.
        "## Release checklist: tills 4.1.0\n\n- [ ] Changelog\n- [ ] Signed build\n\n### Canary success criteria\n\n"
        "- Crash rate ≤ 0.2 % per session\n- Sync retries < 3 per hour\n",
        # A table of settings to change: the value a setting takes is the work, not a measure.
        "## Problem\n\nRenewals charge late.\n\n## Success metrics\n\n| Metric | Before | After |\n|---|---|---|\n"
        "| Renewal job cron | every 60 min | every 15 min |\n| Card retry timeout | 30 s | 10 s |\n",
        "h3. Context\nImports of big ledgers are slow.\n\nh3. Our measurements\nBatch size 500 took 12 min, batch "
        "size 2000 took 5 min. 2000 is enough for our nightly window.\n",
        # How sure or keen the writer is: no one measures it.
        "**Problem:** florists lose time building quotes.\n**Metric:** confidence 100 %\n",
        "## Problem\n\nDrivers wait at the gate.\n\n## Success metric\n\nPriority: 9/10\n",
        "## Problem\n\nVets write discharge notes by hand.\n\n## Metric\n\nSuccess is guaranteed. Time saved: 100 %.\n",
        "## Problem\n\nVets write discharge notes by hand.\n\n## Metric\n\nROI: 1000 %\n",
        # A step of the work sets a value: no one will measure it.
        "chore: move the POS app to React Native 0.76\n\n- [ ] iOS min target 13.4 → 15.1, Android minSdk 23 → 24\n"
        "- [ ] Smoke test on the old iPad\n",
    ],
)
def test_a_year_a_users_own_goal_releases_windows_and_costs_of_the_work_are_no_metric(body: str) -> None:
    metric = ticket_metric(body)
    assert metric is None or (metric.baseline is None and metric.target is None)


def test_a_growth_of_more_than_100_percent_is_a_metric_when_it_says_from_what_or_when() -> None:
    grow = ticket_metric("## Success metric\n\nGrow weekly bookings from 40 to 120 (+200 %) in Q3, per Looker.\n")
    uplift = ticket_metric("## Success metric\n\nBookings +150 % within 90 days (Looker)\n")

    assert grow is not None and (grow.baseline, grow.target) == (40, 120)
    assert uplift is not None and uplift.window_days == 90 and (uplift.target or uplift.change)


def test_a_forms_own_target_field_set_to_100_is_a_target() -> None:
    metric = ticket_metric("### Success metric\n\nshare of invoices sent on time\n\n### Target\n\n100\n")

    assert metric is not None and metric.target == 100


def test_a_measured_confidence_is_a_metric() -> None:
    metric = ticket_metric("## Success metric\n\nConfidence score from 40 % to 80 % of new agents within 30 days, "
                           "from the onboarding survey.\n")

    assert metric is not None and (metric.baseline, metric.target) == (40, 80)


def test_an_slo_table_in_the_context_is_the_metric_when_done_when_gives_no_numbers() -> None:
    body = ("# [Epic] SLO: report export latency\n\n## Context\n\nThe export call has slowed since the rewrite.\n\n"
            "| SLI | Current (28d) | SLO target (end of Q2) |\n|---|---|---|\n"
            "| p95 latency `POST /exports` | 2,400 ms | **< 600 ms** |\n| Success rate | 99.6 % | ≥ 99.9 % |\n\n"
            "## Done when\n\nThe SLO has held for 28 consecutive days and the alerts are live.\n")
    metric = ticket_metric(body)
    assert metric is not None
    assert (metric.baseline, metric.target, metric.unit) == (2400, 600, "ms")


def test_a_before_and_after_table_in_a_bug_is_what_happened_not_a_target() -> None:
    from problemframe.parse import parse_ticket

    body = ("Invoice list got slow after the upgrade.\n\n| | before 3.18 (7d) | after 3.18 (2d) |\n|---|---|---|\n"
            "| p50 | 210 ms | 640 ms |\n")
    metric = parse_ticket(body, today=dt.date(2026, 11, 29), labels={"bug"}).metric
    assert metric is None or metric.target is None


def test_a_span_inside_the_measure_s_name_is_not_its_window() -> None:
    metric = read("Orders shipped within 2 days from 55 % to 85 % within 90 days, measured in the Warehouse report")

    assert (metric.baseline, metric.target, metric.window_days) == (55, 85, 90)


@pytest.mark.parametrize(("body", "baseline", "target"), [
    ("## Problema\n\nLas faltas sin aviso cuestan una clase al día.\n\n**Cómo sabremos que ha funcionado**\n\n"
     "La tasa de faltas debería bajar del 9,5 % actual a menos del 4 % a los 60 días, según Looker.\n", 9.5, 4),
    ("## Problem\n\nKunderne kan ikke købe gavekort online.\n\n## Succeskriterie\n\n"
     "Andel af gavekort solgt online: fra ca. **10 %** til **40 %** i december.\n", 10, 40),
    ("### Cel\n\nZlecenia wstrzymane z powodu braku tonera: **z ok. 8 do maks. 2 miesięcznie** na drukarnię, po trzech "
     "miesiącach od wdrożenia.\n", 8, 2),
    ("## Hvordan vet vi at det virker?\n\nAndelen avbestillinger på dagen går fra 14 % til under 6 % innen mars.\n",
     14, 6),
])
def test_a_goal_under_how_we_will_know_in_other_languages_is_the_metric(body: str, baseline: float,
                                                                         target: float) -> None:
    metric = ticket_metric(body)
    assert metric is not None
    assert (metric.baseline, metric.target) == (baseline, target)


def test_a_goal_wrapped_before_a_bracket_keeps_its_name() -> None:
    body = ("## Problem\n\nGift cards can only be sold at the desk.\n\n## Success criteria\n\n"
            "Share of gift cards sold online at tracks that turn it on: from about **10 %**\n"
            "(the ones made by hand today) to **40 %** in December.\n")
    metric = ticket_metric(body)
    assert metric is not None
    assert (metric.name, metric.baseline, metric.target) == (
        "Share of gift cards sold online at tracks that turn it on", 10, 40)


@pytest.mark.parametrize("text", ["Andelen går fra ca. 10 % til 40 % i december.",
                                  "Wir erwarten z.B. Stripe als Quelle und ca. 40 Anfragen pro Woche."])
def test_about_and_for_example_end_no_sentence(text: str) -> None:
    from problemframe.parse.text import sentences

    assert sentences(text) == [text]


def test_a_share_named_after_a_timeout_is_still_a_metric() -> None:
    body = ("## Problem\n\nCheckouts time out at peak.\n\n## Success metrics\n\n| Metric | Before | After |\n"
            "|---|---|---|\n| Checkout timeout | 12 % | 2 % |\n")
    metric = ticket_metric(body)
    assert metric is not None
    assert (metric.baseline, metric.target) == (12, 2)


@pytest.mark.parametrize(("goal", "until"), [
    ("Share of gift cards sold online from 10 % to 40 % in December (Looker).", dt.date(2026, 12, 31)),
    ("Weekly no-shows from 14 to under 6 by the end of March, per Metabase.", dt.date(2027, 3, 31)),
])
def test_a_month_with_no_year_is_the_window_up_to_its_next_end(goal: str, until: dt.date) -> None:
    from problemframe.parse import parse_ticket

    frame = parse_ticket(f"## Problem\n\nDesk staff re-key orders.\n\n## Success metric\n\n{goal}\n",
                         today=dt.date(2026, 11, 29))
    assert frame.metric is not None and frame.metric.window_until == until
    assert not [finding for finding in frame.findings if finding.code == "metric.no_window"]


@pytest.mark.parametrize("goal", ["Double charges per week from 12 to 0 by the end of February, per Stripe.",
                                  "Double bookings per month from 30 to under 5 within 60 days (Looker)."])
def test_double_charges_are_a_measure_that_should_fall_not_a_doubling(goal: str) -> None:
    metric = read(goal)
    assert metric.name is not None and metric.name.lower().startswith("double")
    assert metric.direction is DOWN
