"""Evidence scores are absolute, explained line by line, and reward breadth over repetition."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from problemframe.customer_names import customer_key
from problemframe.evidence import EvidenceScore, Tier, format_money, score_evidence, tier_for
from problemframe.model import Evidence, EvidenceKind, Money
from problemframe.policy import EvidenceWeights, Policy, PolicyError, Tiers, load_policy

TODAY = dt.date(2026, 6, 1)
WEIGHTS = EvidenceWeights()
TIERS = Tiers()


def score(items: list[Evidence], *, today: dt.date = TODAY, weights: EvidenceWeights = WEIGHTS) -> EvidenceScore:
    return score_evidence(items, weights=weights, tiers=TIERS, today=today)


def item(
    customer: str | None = "Acme Corp", kind: EvidenceKind = EvidenceKind.SUPPORT_TICKET, **kw: object
) -> Evidence:
    return Evidence.model_validate({"customer": customer, "kind": kind, **kw})


def reasons(result: EvidenceScore) -> list[str]:
    return [line.reason for line in result.breakdown]


def test_no_evidence_scores_zero_and_tier_none() -> None:
    result = score([])
    assert (result.score, result.tier, result.breakdown, result.customers, result.total_arr) == (
        0,
        Tier.NONE,
        [],
        [],
        {},
    )


def test_internal_opinion_alone_is_no_evidence() -> None:
    opinion = item(None, EvidenceKind.INTERNAL, text="Sales thinks this matters", date=TODAY, url="https://wiki/x")
    result = score([opinion])
    assert result.tier is Tier.NONE
    assert result.score == WEIGHTS.internal_only_cap == 0
    assert reasons(result)[-1] == "capped at 0: internal opinion only"
    assert result.customers == []


def test_internal_items_name_no_customers_and_lift_no_cap_once_a_customer_speaks() -> None:
    internal = item("Acme", EvidenceKind.INTERNAL, date=TODAY)
    assert score([internal]).customers == []
    mixed = score([internal, item("Globex", EvidenceKind.CALL)])
    assert mixed.customers == ["Globex"]
    assert not any("internal opinion only" in reason for reason in reasons(mixed))


def test_one_named_customer_with_a_zendesk_link_is_moderate() -> None:
    ticket = item("Acme Corp", url="https://acme.zendesk.com/agent/tickets/4821", date=TODAY - dt.timedelta(days=12))
    result = score([ticket])
    assert [(line.points, line.reason) for line in result.breakdown] == [
        (12, "Acme Corp (1 item: 12)"),
        (6, "support ticket"),
        (2, "1 linked item"),
        (8, "recent: newest item 12 days old"),
    ]
    assert (result.score, result.tier) == (28, Tier.MODERATE)


def five_customers() -> list[Evidence]:
    kinds = [EvidenceKind.SUPPORT_TICKET, EvidenceKind.CALL, EvidenceKind.CRM, EvidenceKind.CALL, EvidenceKind.CRM]
    names = ["Acme Corp", "Globex", "Initech", "Umbrella", "Hooli"]
    return [
        item(
            name,
            kind,
            url=f"https://crm.example.com/{index}",
            arr=Money(amount=80_000),
            date=TODAY - dt.timedelta(days=10 * index),
            quote=f"We lose {index + 1} hours a week to this",
        )
        for index, (name, kind) in enumerate(zip(names, kinds, strict=True))
    ]


def test_five_customers_across_sources_with_revenue_and_quotes_are_strong() -> None:
    result = score(five_customers())
    assert result.tier is Tier.STRONG
    assert result.score >= 90
    assert result.customers == ["Acme Corp", "Globex", "Initech", "Umbrella", "Hooli"]
    assert result.total_arr == {"USD": 400_000}
    assert "$400,000 ARR cited" in reasons(result)
    assert "capped at 48: customers" in reasons(result)
    assert {"support ticket", "call", "CRM note"} <= set(reasons(result))


def test_breakdown_lines_sum_to_the_score() -> None:
    for items in ([], five_customers(), [item(kind=EvidenceKind.INTERNAL)], [item(), item(), item("Globex")]):
        result = score(items)
        assert sum(line.points for line in result.breakdown) == result.score


def test_repeats_from_one_customer_have_diminishing_returns() -> None:
    one = score([item()])
    three = score([item(text="a"), item(text="b"), item(text="c")])
    assert "Acme Corp (3 items: 12 + 6 + 3)" in reasons(three)
    three_customers = score([item("Acme"), item("Globex"), item("Initech")])
    assert one.score < three.score < three_customers.score
    repeats = [score([item(text=str(n)) for n in range(count)]).score for count in range(1, 30)]
    assert max(repeats) <= one.score + WEIGHTS.per_customer  # a geometric series never doubles the first item


def test_a_long_tail_of_customers_is_one_line() -> None:
    result = score([item(f"Customer {n}") for n in range(50)])
    assert len(result.customers) == 50
    customer_lines = [line for line in result.breakdown if "Customer" in line.reason or "customers" in line.reason]
    assert [line.reason for line in customer_lines[-3:]] == [
        "Customer 18 (1 item: 12)",
        "31 more customers",
        "capped at 48: customers",
    ]
    assert customer_lines[-2].points == 31 * 12
    assert sum(line.points for line in result.breakdown) == result.score


def test_spellings_of_one_customer_fold_together() -> None:
    result = score([item("Acme Inc."), item("  ACME   inc"), item("acme, Ltd."), item("Acme Limited")])
    assert result.customers == ["Acme Inc."]
    assert customer_key("Acme Corp.") == customer_key("ACME") == "acme"
    assert customer_key("Co") == "co"  # a name that is only a legal form stays itself
    assert customer_key("Veldhoek Bloemen B.V") == customer_key("Veldhoek Bloemen") == "veldhoek bloemen"
    assert customer_key("Vinos del Sur S.L.") == customer_key("Vinos del Sur")


def test_score_is_absolute_adding_another_ticket_changes_nothing() -> None:
    ticket_a = [item("Acme", url="https://a/1", date=TODAY)]
    before = score(ticket_a)
    score(five_customers())  # another ticket scored in between
    assert score(ticket_a) == before


def test_recency_uses_the_injected_day() -> None:
    dated = [item(date=dt.date(2026, 1, 1), url="https://acme.zendesk.com/agent/tickets/4512")]
    fresh = score(dated, today=dt.date(2026, 1, 31))
    old = score(dated, today=dt.date(2026, 12, 31))
    stale = score(dated, today=dt.date(2027, 6, 1))
    assert "recent: newest item 30 days old" in reasons(fresh)
    assert not any(reason.startswith("recent") for reason in reasons(old))
    assert fresh.score - old.score == WEIGHTS.recent_points
    assert "Acme Corp (1 item: 6, 1 stale at half)" in reasons(stale)


def test_future_dates_earn_no_recency() -> None:
    result = score([item(date=TODAY + dt.timedelta(days=3))])
    assert not any(reason.startswith("recent") for reason in reasons(result))


def test_revenue_is_log_scaled_counted_once_per_customer_and_kept_per_currency() -> None:
    small = score([item(arr=Money(amount=10_000))])
    large = score([item(arr=Money(amount=1_000_000))])
    assert "$10,000 ARR cited" in reasons(small)
    assert small.breakdown[-1].points == 5
    assert large.breakdown[-1].points == WEIGHTS.max_revenue_points
    same_customer_twice = score([item(arr=Money(amount=50_000)), item(arr=Money(amount=50_000))])
    assert same_customer_twice.total_arr == {"USD": 50_000}
    assert score([item(arr=Money(amount=5e-324))]).total_arr == {"USD": 5e-324}
    assert score([item("A", arr=Money.model_construct(amount=float("nan"), currency="USD"))]).total_arr == {}
    assert score([item("B", arr=Money(amount=float("inf")))]).total_arr == {}
    mixed = score([item("Acme", arr=Money(amount=90_000, currency="EUR")), item("Globex", arr=Money(amount=20_000))])
    assert mixed.total_arr == {"EUR": 90_000, "USD": 20_000}
    assert "€90,000 ARR cited (largest of 2 currencies)" in reasons(mixed)


def test_links_and_quotes_count_distinct_values_up_to_their_caps() -> None:
    links = score([item(f"C{n}", url=f"https://z/{n % 3}") for n in range(9)])
    assert "3 linked items" in reasons(links)
    quotes = score([item(f"C{n}", quote=f"quote {n}") for n in range(9)])
    assert "9 customer quotes (capped at 9)" in reasons(quotes)
    assert next(line.points for line in quotes.breakdown if "customer quotes" in line.reason) == (
        WEIGHTS.max_quote_points)
    internal_quote = score([item(kind=EvidenceKind.INTERNAL, quote="I think so")])
    assert not any("quote" in reason for reason in reasons(internal_quote))


def test_unnamed_items_earn_source_points_but_name_no_customer() -> None:
    result = score([item(None, url="https://acme.zendesk.com/1")])
    assert result.customers == []
    assert reasons(result) == ["support ticket", "1 linked item"]


def test_weights_come_from_policy() -> None:
    heavy = EvidenceWeights(per_customer=30, max_customer_points=90)
    assert score([item()], weights=heavy).breakdown[0].points == 30


@pytest.mark.parametrize(
    ("value", "tier"),
    [
        (0, Tier.NONE),
        (0.5, Tier.NONE),
        (1, Tier.WEAK),
        (19, Tier.WEAK),
        (20, Tier.MODERATE),
        (44, Tier.MODERATE),
        (45, Tier.STRONG),
        (100, Tier.STRONG),
    ],
)
def test_tier_for_uses_the_lowest_score_of_each_tier(value: float, tier: Tier) -> None:
    assert tier_for(value, TIERS) is tier


def test_policy_refuses_weights_and_tiers_that_cannot_work() -> None:
    with pytest.raises(PolicyError, match="weak"):
        load_policy({"evidence": {"tiers": {"weak": 0}}})
    with pytest.raises(PolicyError, match="recent_days must not exceed stale_days"):
        load_policy({"evidence": {"weights": {"recent_days": 400, "stale_days": 300}}})
    assert load_policy({"evidence": {"weights": {"per_customer": 20}}}).evidence.weights.per_customer == 20
    assert Policy().evidence.tiers == TIERS


def test_format_money() -> None:
    assert format_money(120_000, "usd") == "$120,000"
    assert format_money(95_000, "CHF") == "95,000 CHF"
    assert format_money(12.5, "GBP") == "£12.50"


names = st.text(alphabet=st.characters(categories=("L", "N", "Zs", "P")), min_size=1, max_size=20)
evidence_items = st.builds(
    Evidence,
    customer=st.none() | names,
    url=st.none() | st.from_regex(r"https://[a-z]{1,8}\.example/[0-9]{1,4}", fullmatch=True),
    kind=st.sampled_from(EvidenceKind),
    arr=st.none()
    | st.builds(Money, amount=st.floats(min_value=0, allow_nan=False), currency=st.sampled_from(["USD", "EUR", "GBP"])),
    date=st.none() | st.dates(dt.date(2015, 1, 1), dt.date(2030, 1, 1)),
    quote=st.none() | st.text(max_size=30),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(evidence_items, max_size=12))
def test_score_is_always_within_0_to_100_and_explained(items: list[Evidence]) -> None:
    result = score(items)
    assert 0 <= result.score <= 100
    assert sum(line.points for line in result.breakdown) == result.score
    assert result.tier is tier_for(result.score, TIERS)


@settings(max_examples=200, deadline=None)
@given(st.lists(evidence_items, max_size=10), evidence_items, st.text(alphabet="abcdefghij", min_size=3, max_size=8))
def test_adding_a_new_distinct_customer_never_lowers_the_score(
    items: list[Evidence], extra: Evidence, name: str
) -> None:
    taken = {customer_key(i.customer) for i in items if i.customer}
    newcomer = extra.model_copy(update={"customer": f"Zz {name} {len(taken)}"})
    assume(customer_key(newcomer.customer or "") not in taken)
    assert score([*items, newcomer]).score >= score(items).score


def test_one_customer_no_one_can_look_up_is_capped_below_moderate() -> None:
    relayed = score([item(kind=EvidenceKind.CALL, date=TODAY)])
    on_record = score([item(kind=EvidenceKind.CALL, date=TODAY, text="Acme Corp on the QBR call, Gong recording")])

    assert relayed.tier.value == "weak"
    assert "capped at 19: nothing linked or counted at its source" in reasons(relayed)
    assert on_record.tier.value == "moderate"


def test_a_share_of_product_data_counts_at_its_source_only_where_it_was_measured() -> None:
    measured = item(None, EvidenceKind.USAGE_DATA, count=41, text="41 % of new workspaces invite no one, per Amplitude")
    told = item(None, EvidenceKind.USAGE_DATA, count=80, text="Friday and Saturday are 80 % of our bookings.")

    assert "counted at the source: 41" in reasons(score([measured]))
    assert not any(reason.startswith("counted at the source") for reason in reasons(score([told])))


def test_a_figure_only_checks_the_customer_whose_line_gives_it() -> None:
    named = item(kind=EvidenceKind.CALL, date=TODAY, text="Acme Corp said on a call they re-key orders")
    elsewhere = item(None, EvidenceKind.OTHER, count=40, text="Employers want to book whole teams of 40 at once")
    their_own = item(kind=EvidenceKind.CALL, date=TODAY, count=40, text="Acme Corp re-keys 40 orders a day by hand")

    assert score([named, elsewhere]).tier.value == "weak"
    assert score([their_own]).tier.value == "moderate"


def test_several_voices_no_one_can_look_up_stay_moderate() -> None:
    reviewers = [item(name, EvidenceKind.SURVEY, quote=f"Payment fails every time, says {name}.")
                 for name in ("Lucía Ferreyra", "Nacho G", "Marta Robledo", "jktfoodie")]

    result = score(reviewers)

    assert result.tier is Tier.MODERATE
    assert "capped at 44: no source to look up" in reasons(result)


def test_the_same_voices_with_one_ticket_linked_can_be_strong() -> None:
    reviewers = [item(name, EvidenceKind.SURVEY, quote=f"Payment fails every time, says {name}.")
                 for name in ("Lucía Ferreyra", "Nacho G", "Marta Robledo", "jktfoodie")]
    linked = item("Marta Robledo", url="https://acme.zendesk.com/agent/tickets/4512")

    result = score([*reviewers, linked])

    assert result.tier is Tier.STRONG
    assert "no source to look up" not in " ".join(reasons(result))


def test_two_customers_each_with_their_own_ticket_are_strong() -> None:
    harbour = item("Harbour & Finch Lettings", url="https://keyloft.zendesk.com/agent/tickets/48213")
    castle = item("Castlegate Residential", url="https://keyloft.zendesk.com/agent/tickets/48377")
    both = score([harbour, castle])
    assert both.tier is Tier.STRONG
    assert reasons(both)[-1] == "2 customers, each on record"
    # One of them on record, the other only named: demand no one can check twice is not yet strong.
    assert score([harbour, item("Castlegate Residential")]).tier is Tier.MODERATE
    # A team that wants more before it calls evidence strong turns the rule off in its policy.
    assert score([harbour, castle], weights=EvidenceWeights(customers_on_record=0)).tier is Tier.MODERATE


def test_a_short_spelling_of_a_named_customer_is_the_same_customer() -> None:
    result = score([item("Pasticceria Bellini S.r.l.", url="https://help.example/tickets/1"),
                    item("Bellini", EvidenceKind.EMAIL, quote="We cannot preview in dark mode")])
    assert result.customers == ["Pasticceria Bellini S.r.l."]
    # A name inside two different longer names could be either: it stays a customer of its own.
    both = score([item("Kestrel Freight"), item("Kestrel Freight Lines"), item("Freight")])
    assert len(both.customers) == 2


def test_a_customer_on_record_with_product_data_linked_is_strong_and_the_policy_can_turn_it_off() -> None:
    call = item("Hope Valley Church", EvidenceKind.CALL, url="https://app.gong.io/call?id=4412")
    data = item(None, EvidenceKind.USAGE_DATA, url="https://acme.looker.com/dashboards/318",
                text="[Looker: recurring gift churn](https://acme.looker.com/dashboards/318)")

    assert score([call, data]).tier is Tier.STRONG
    assert "a customer on record, and product data linked at its source" in reasons(score([call, data]))
    assert score([call, data], weights=EvidenceWeights(customer_with_data=False)).tier is Tier.MODERATE
    assert score([call]).tier is Tier.MODERATE


def test_a_count_said_in_words_is_not_shown_as_a_figure_cited() -> None:
    vague = item(None, EvidenceKind.OTHER, count=3, text="A few customers have asked for this.")
    counted = item(None, EvidenceKind.SUPPORT_TICKET, count=12, text="12 tickets in the last month")

    assert "a count in words, read as 3" in reasons(score([vague]))
    assert "figure cited: 12" in reasons(score([counted]))


def test_a_customer_s_email_pasted_with_their_words_is_on_record() -> None:
    pasted = Evidence(customer="Ashby Vale Water Ltd", kind=EvidenceKind.EMAIL, date=dt.date(2026, 11, 20),
                      quote="We cannot explain the true-up to members", text="From: finance@ashbyvale.example")
    said = Evidence(customer="Ashby Vale Water Ltd", kind=EvidenceKind.OTHER, text="Ashby Vale Water Ltd mentioned it")
    weights, tiers = Policy().evidence.weights, Policy().evidence.tiers
    assert score_evidence([pasted], weights=weights, tiers=tiers, today=dt.date(2026, 12, 1)).tier.value == "moderate"
    assert score_evidence([said], weights=weights, tiers=tiers, today=dt.date(2026, 12, 1)).tier.value == "weak"
