"""The scorecard as CSV, JSON and the lines of its headline. Pure."""

from __future__ import annotations

import csv
import io

from problemframe import numbers
from problemframe.scorecard import TIERS, VERDICTS, Scorecard

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def percent(share: float | None) -> str:
    """Return a share as a whole percentage, or 'n/a'."""
    return "n/a" if share is None else numbers.percent(share)


def days(value: float | None) -> str:
    """Return a number of days, or 'n/a'."""
    return "n/a" if value is None else f"{numbers.figure(value)} days"


def headline(card: Scorecard) -> list[tuple[str, str]]:
    """Return the scorecard's key figures as (label, value) pairs, in reading order."""
    return [
        ("Tickets framed", f"{card.framed} of {card.tickets} ({percent(card.framed_share)})"),
        ("Median time to framed", days(card.median_days_to_framed)),
        ("Shipped tickets reviewed", f"{card.reviewed} of {card.shipped} ({percent(card.reviewed_share)})"),
        ("Reviewed tickets that met their target", f"{card.verdicts['met']} of {card.reviewed} "
                                                   f"({percent(card.met_share)})"),
        ("Median time from ship to review", days(card.median_days_ship_to_review)),
    ]


def weights_lines(card: Scorecard) -> list[str]:
    """Return what the weight suggestion says, one sentence a line."""
    advice = card.weights
    if advice.reason is not None:
        return [f"No weight suggestion yet: {advice.reason}."]
    lines = [
        f"Today's scores rank met tickets above partial or missed ones with AUC {advice.current_auc} "
        f"(0.5 is chance); suggested weights reach {advice.suggested_auc} ({advice.held_out_auc} on held-out "
        f"tickets), over {advice.reviewed} reviewed outcomes.",
        "Suggested evidence.weights (the policy is not changed):",
    ]
    lines += [f"  {name}: {value:g}" for name, value in advice.weights.items()]
    return lines


def _cell(value: str) -> str:
    # A spreadsheet runs a cell that starts like a formula.
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


def to_csv(card: Scorecard) -> str:
    """Return the scorecard as CSV rows of section, item, column, value."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["section", "item", "column", "value"])
    figures = {
        "tickets": card.tickets, "framed": card.framed, "framed_share": card.framed_share,
        "median_days_to_framed": card.median_days_to_framed, "shipped": card.shipped, "reviewed": card.reviewed,
        "reviewed_share": card.reviewed_share, "met_share": card.met_share,
        "median_days_ship_to_review": card.median_days_ship_to_review,
    }
    for name, value in figures.items():
        writer.writerow(["summary", name, "", "" if value is None else value])
    for verdict in VERDICTS:
        writer.writerow(["verdicts", verdict, "", card.verdicts[verdict]])
    for tier in TIERS:
        for verdict in VERDICTS:
            writer.writerow(["tier_vs_verdict", tier, verdict, card.tier_vs_verdict[tier][verdict]])
        rate = card.met_rate_by_tier[tier]
        writer.writerow(["met_rate_by_tier", tier, "", "" if rate is None else rate])
    for month, counts in card.verdicts_by_month.items():
        for verdict in VERDICTS:
            writer.writerow(["verdicts_by_month", month, verdict, counts[verdict]])
    for name, value in card.weights.weights.items():
        writer.writerow(["suggested_weights", name, "", value])
    for point in card.portfolio:
        writer.writerow(["portfolio", _cell(point.key), _cell(point.title), point.score])
    return out.getvalue()


def to_json(card: Scorecard) -> str:
    """Return the scorecard as one JSON object."""
    return card.model_dump_json(indent=2)
