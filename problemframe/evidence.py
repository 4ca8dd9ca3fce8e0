"""Evidence strength: an absolute, explainable 0-100 score and its tier."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from problemframe.checkable import checkable, counted_at_source, record_number, sourced
from problemframe.customer_names import customer_key, display_name
from problemframe.model import Evidence, EvidenceKind
from problemframe.policy import EvidenceWeights, Tiers


class Tier(StrEnum):
    """How strong the evidence on a ticket is, from none to strong."""

    NONE = "none"
    WEAK = "weak"
    MODERATE = "moderate"
    STRONG = "strong"


class ScoreLine(BaseModel):
    """Points earned (or taken away by a cap) and why."""

    model_config = ConfigDict(frozen=True)

    points: float
    reason: str


class EvidenceScore(BaseModel):
    """A ticket's evidence score: the figure, its tier, and every line that adds up to it."""

    model_config = ConfigDict(frozen=True)

    score: int = Field(ge=0, le=100)
    tier: Tier
    customers: list[str] = Field(default_factory=list, description="Distinct named customers, first spelling seen.")
    total_arr: dict[str, float] = Field(default_factory=dict, description="Yearly revenue cited, per currency.")
    breakdown: list[ScoreLine] = Field(default_factory=list, description="Lines whose points sum to `score`.")


KIND_NAMES: dict[EvidenceKind, str] = {
    EvidenceKind.SUPPORT_TICKET: "support ticket",
    EvidenceKind.CALL: "call",
    EvidenceKind.CRM: "CRM note",
    EvidenceKind.CHAT: "chat",
    EvidenceKind.SURVEY: "survey",
    EvidenceKind.USAGE_DATA: "usage data",
    EvidenceKind.INTERVIEW: "interview",
    EvidenceKind.EMAIL: "email",
    EvidenceKind.FIRST_HAND: "first-hand report",
    EvidenceKind.INTERNAL: "internal note",
    EvidenceKind.OTHER: "other source",
}

MAX_CUSTOMER_LINES = 20
CURRENCY_SYMBOLS = {"USD": "$", "GBP": "£", "EUR": "€"}


def tier_for(score: float, tiers: Tiers) -> Tier:
    """Return the tier a score falls in."""
    if score >= tiers.strong:
        return Tier.STRONG
    if score >= tiers.moderate:
        return Tier.MODERATE
    if score >= tiers.weak:
        return Tier.WEAK
    return Tier.NONE


def format_money(amount: float, currency: str) -> str:
    """Return an amount such as '$120,000' or '95,000 CHF'."""
    figure = f"{amount:,.0f}" if amount >= 100 or amount == int(amount) else f"{amount:,.2f}"
    symbol = CURRENCY_SYMBOLS.get(currency.upper())
    return f"{symbol}{figure}" if symbol else f"{figure} {currency.upper()}"


def _whole(points: float) -> int:
    """Round half up, so that lines are whole points and add up exactly."""
    return math.floor(points + 0.5)


def _figure(points: float) -> str:
    return f"{points:g}"


@dataclass
class _Customer:
    name: str
    items: list[Evidence] = field(default_factory=list)


@dataclass
class _Tally:
    # Plain fields until the end: the score validates them as ScoreLines in one go, which is cheaper than one by one.
    lines: list[dict[str, float | str]] = field(default_factory=list)
    points: float = 0.0

    def add(self, points: int, reason: str) -> None:
        if points:
            self.lines.append({"points": float(points), "reason": reason})
            self.points += float(points)

    def group(self, lines: list[tuple[int, str]], *, cap: float, what: str) -> None:
        """Add a group of lines, then one negative line if the group exceeds its cap."""
        excess = sum(points for points, _ in lines) - _whole(cap)
        if len(lines) == 1 and excess > 0:
            points, reason = lines[0]
            self.add(points - excess, f"{reason} (capped at {_figure(cap)})")
            return
        for points, reason in lines:
            self.add(points, reason)
        if excess > 0:
            self.add(-excess, f"capped at {_figure(cap)}: {what}")

    @property
    def total(self) -> int:
        return int(self.points)


def _age(item: Evidence, today: dt.date) -> int | None:
    """Return an item's age in days; undated and future-dated items have none."""
    if item.date is None or item.date > today:
        return None
    return (today - item.date).days


def _customer_lines(customers: list[_Customer], *, weights: EvidenceWeights, today: dt.date) -> list[tuple[int, str]]:
    lines: list[tuple[int, str]] = []
    for customer in customers:
        values = []
        for item in customer.items:
            age = _age(item, today)
            values.append(0.5 if age is not None and age > weights.stale_days else 1.0)
        values.sort(reverse=True)  # the strongest item counts in full, repeats decay from there
        terms = [
            weights.per_customer * share * weights.customer_repeat_decay**rank for rank, share in enumerate(values)
        ]
        stale = values.count(0.5)
        detail = " + ".join(_figure(round(term, 2)) for term in terms[:6]) + (" + …" if len(terms) > 6 else "")
        count = f"{len(terms)} item{'s' if len(terms) != 1 else ''}"
        note = f", {stale} stale at half" if stale else ""
        lines.append((_whole(sum(terms)), f"{customer.name} ({count}: {detail}{note})"))
    if len(lines) > MAX_CUSTOMER_LINES:
        # Past the cap a long tail adds nothing; one line for it keeps the explanation readable.
        rest = lines[MAX_CUSTOMER_LINES - 1 :]
        lines = [*lines[: MAX_CUSTOMER_LINES - 1], (sum(points for points, _ in rest), f"{len(rest)} more customers")]
    return lines


def _revenue(items: Sequence[Evidence], keys: list[str | None]) -> dict[str, float]:
    """Return yearly revenue per currency, counting each customer's largest figure once."""
    per_customer: dict[tuple[str, str], float] = {}
    totals: dict[str, float] = {}
    for item, key in zip(items, keys, strict=True):
        if item.arr is None or not 0 < item.arr.amount < math.inf or item.kind is EvidenceKind.INTERNAL:
            continue  # 'Revenue impact: £1,000,000+ (PM estimate)': our own guess is no customer's revenue
        currency = item.arr.currency.upper()
        if key is None:
            totals[currency] = totals.get(currency, 0.0) + item.arr.amount
        else:
            slot = (key, currency)
            per_customer[slot] = max(per_customer.get(slot, 0.0), item.arr.amount)
    for (_, currency), amount in per_customer.items():
        totals[currency] = totals.get(currency, 0.0) + amount
    return totals


def _grounded(item: Evidence) -> bool:
    """Return whether an item says where it comes from: a customer, a link, a record, a quote or a figure."""
    return bool(item.customer or item.url or item.quote or item.count or item.arr or item.reports
                or record_number(item))


def score_evidence(
    items: Sequence[Evidence], *, weights: EvidenceWeights, tiers: Tiers, today: dt.date
) -> EvidenceScore:
    """Score a ticket's evidence on its own merits: the same items always earn the same score.

    An item that names no customer, links nothing, quotes nobody and cites no figure earns nothing: the checklist
    asks for its source instead.
    """
    items = [item for item in items if _grounded(item)]
    keys, customers = _customers(items)
    tally = _Tally()
    tally.group(
        _customer_lines(list(customers.values()), weights=weights, today=today),
        cap=weights.max_customer_points,
        what="customers",
    )
    _add_sources(tally, items, weights)
    total_arr = _revenue(items, keys)
    _add_revenue(tally, total_arr, weights)
    _add_quotes_and_figures(tally, items, keys, weights)
    _add_reports(tally, items, weights)
    ages = [age for item in items if (age := _age(item, today)) is not None]
    if ages and min(ages) <= weights.recent_days:
        newest = min(ages)
        tally.add(_whole(weights.recent_points), f"recent: newest item {newest} day{'s' if newest != 1 else ''} old")
    if items and not checkable(items, customers=len(customers), revenue=bool(total_arr), weights=weights) and (
            tally.total > weights.unchecked_cap):
        # 'Dunmore Haulage says ETAs are off' (per our CSM, nothing in writing): one voice no one can look up.
        tally.add(_whole(weights.unchecked_cap) - tally.total,
                  f"capped at {_figure(weights.unchecked_cap)}: nothing linked or counted at its source")
    elif items and tally.total > weights.unsourced_cap and not sourced(items, weights):
        # Three store reviewers and two handles agree, and none of it can be looked up: several voices, not proof.
        tally.add(_whole(weights.unsourced_cap) - tally.total,
                  f"capped at {_figure(weights.unsourced_cap)}: no source to look up")
    if tally.total < tiers.moderate and any(item.kind is EvidenceKind.USAGE_DATA and item.url for item in items):
        # An Amplitude funnel or a Looker query linked: what customers do, measured where anyone can look it up.
        tally.add(min(_whole(weights.linked_data), _whole(tiers.moderate) - tally.total),
                  "product data linked at its source")
    on_record = {key for item, key in zip(items, keys, strict=True)
                 if key and item.kind is not EvidenceKind.INTERNAL and (item.url or record_number(item))}
    if weights.customers_on_record and len(on_record) >= weights.customers_on_record and tally.total < tiers.strong:
        # Two customers, each with their own ticket or call on record: independent demand anyone can check.
        tally.add(_whole(tiers.strong) - tally.total, f"{len(on_record)} customers, each on record")
    elif weights.customer_with_data and on_record and tally.total < tiers.strong and any(
            item.kind is EvidenceKind.USAGE_DATA and item.url and not item.customer for item in items):
        tally.add(_whole(tiers.strong) - tally.total, "a customer on record, and product data linked at its source")
    voiced = any(item.kind is not EvidenceKind.INTERNAL for item in items)
    if items and not voiced and tally.total > weights.internal_only_cap:
        cap = weights.internal_only_cap
        tally.add(_whole(cap) - tally.total, f"capped at {_figure(cap)}: internal opinion only")
    if tally.total > 100:
        tally.add(100 - tally.total, "capped at 100")

    score = tally.total
    return EvidenceScore(
        score=score,
        tier=tier_for(score, tiers),
        customers=[customer.name for customer in customers.values()],
        total_arr=total_arr,
        breakdown=tally.lines,
    )


def _customers(items: Sequence[Evidence]) -> tuple[list[str | None], dict[str, _Customer]]:
    """Return each item's customer key (None when it names none) and the customers voiced, by key."""
    keys: list[str | None] = []
    customers: dict[str, _Customer] = {}
    every = {customer_key(display_name(item.customer)) for item in items if item.customer}
    for item in items:
        name = display_name(item.customer or "")
        key = _fullest(customer_key(name), every) if name else ""
        keys.append(key or None)
        if key and item.kind is not EvidenceKind.INTERNAL:
            customers.setdefault(key, _Customer(name=name)).items.append(item)
    return keys, customers


def _fullest(key: str, every: set[str]) -> str:
    """Return the longest spelling of the customer a key names: 'Bellini' is 'Pasticceria Bellini S.r.l.' when the
    ticket names both; a name inside two different longer names stays as it is."""
    if not key:
        return key
    padded = f" {key} "
    longer = [other for other in every if other != key and padded in f" {other} "]
    words = key.split()
    if not longer and len(words) == 2 and len(words[1]) >= 4:
        # 'Hélène Gervais' of 'Maison Gervais Épicerie Fine': the owner speaks for the shop that bears her name.
        # A shared last word ('Ashgrove University', 'Saint Aldric University') is the kind of organisation, no name.
        longer = [other for other in every if other != key and len(other.split()) > 2
                  and words[1] in other.split()[:-1]]
    return longer[0] if len(longer) == 1 else key


def _add_sources(tally: _Tally, items: Sequence[Evidence], weights: EvidenceWeights) -> None:
    """Add the points for where the evidence comes from: kinds of source, links, the customer's own words."""
    kinds = list(dict.fromkeys(item.kind for item in items))
    tally.group(
        [(_whole(weights.per_source_kind), KIND_NAMES[kind]) for kind in kinds],
        cap=weights.max_source_kind_points,
        what="kinds of source",
    )
    urls = list(dict.fromkeys(item.url.strip() for item in items if item.url and item.url.strip()))
    # A ticket number someone can look up is as good as a link to it.
    records = list(dict.fromkeys(number for item in items if (number := record_number(item)) is not None))
    if urls or records:
        parts = [f"{len(urls)} linked item{'s' if len(urls) != 1 else ''}"] if urls else []
        if records:
            parts.append(f"{len(records)} on record ({', '.join(records[:3])}{', …' if len(records) > 3 else ''})")
        tally.group([(_whole(weights.linked_item * (len(urls) + len(records))), ", ".join(parts))],
                    cap=weights.max_link_points, what="links")
    if weights.first_hand and any(item.kind is EvidenceKind.FIRST_HAND for item in items):
        tally.add(_whole(weights.first_hand), "written by the customer")


def _add_revenue(tally: _Tally, total_arr: dict[str, float], weights: EvidenceWeights) -> None:
    """Add the points for the largest revenue cited, one decade above the floor at a time."""
    if not total_arr:
        return
    currency, amount = max(total_arr.items(), key=lambda pair: (pair[1], pair[0]))
    decades = math.log10(amount / weights.revenue_floor) if amount > weights.revenue_floor else 0.0
    points = _whole(min(weights.max_revenue_points, weights.revenue_points_per_decade * decades))
    others = f" (largest of {len(total_arr)} currencies)" if len(total_arr) > 1 else ""
    tally.add(points, f"{format_money(amount, currency)} ARR cited{others}")


def _add_reports(tally: _Tally, items: Sequence[Evidence], weights: EvidenceWeights) -> None:
    """Add the points for other people's reports of the same problem: duplicates linked, users confirming."""
    # One line can be read twice (under its heading and in running text); it reports its duplicates once.
    reports = sum(dict((item.text, item.reports) for item in items
                        if item.reports and item.kind is not EvidenceKind.INTERNAL).values())
    # Four support tickets linked with no one named are four people who wrote in: each past the first is one more.
    tickets = {where for item in items if item.kind is EvidenceKind.SUPPORT_TICKET and not item.customer
               and (where := item.url or record_number(item))}
    reports += max(0, len(tickets) - 1)
    if reports:
        label = f"{reports} other report{'s' if reports != 1 else ''} of the same problem"
        tally.group([(_whole(weights.other_report * reports), label)], cap=weights.max_report_points, what="reports")
    if reports >= weights.confirming_reports and any(item.kind is EvidenceKind.FIRST_HAND for item in items):
        others = f"{reports} other{'s' if reports != 1 else ''}"
        tally.add(_whole(weights.confirmed_report), f"a user's own report, confirmed by {others}")


def _add_quotes_and_figures(
    tally: _Tally, items: Sequence[Evidence], keys: list[str | None], weights: EvidenceWeights
) -> None:
    """Add the points for what customers said in their own words and the largest count they cited."""
    voiced = [(item, key) for item, key in zip(items, keys, strict=True) if item.kind is not EvidenceKind.INTERNAL]
    quotes = list(
        dict.fromkeys(
            (key, " ".join(item.quote.split()).casefold()) for item, key in voiced if item.quote and item.quote.strip()
        )
    )
    if quotes:
        label = f"{len(quotes)} customer quote{'s' if len(quotes) != 1 else ''}"
        tally.group([(_whole(weights.quote * len(quotes)), label)], cap=weights.max_quote_points, what="quotes")
    counted_items = [item for item, _ in voiced if item.count]
    if counted_items:
        largest = max(item.count or 0 for item in counted_items)
        points = _whole(min(weights.max_figure_points, weights.figure_points_per_decade * math.log10(largest + 1)))
        written = any(item.count == largest and re.search(rf"(?<!\d){largest}(?!\d)", item.text.replace(",", ""))
                      for item in counted_items)
        # 'A few customers have asked', 'every marina asks': no figure is cited, the words are read as a small count.
        tally.add(points, f"figure cited: {largest}" if written else f"a count in words, read as {largest}")
    counted = [count for item, _ in voiced if (count := item.count) and counted_at_source(item, count, weights)]
    if counted:
        tally.add(_whole(weights.counted_figure), f"counted at the source: {max(counted)}")
