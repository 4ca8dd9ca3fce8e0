"""Smoke check for CI: render a sample scorecard page in headless Chromium, keep its screenshot, fail on trouble.

    python -m tests.browser.smoke [--out DIR]

Exit 0 when the page renders with its charts drawn and no console message, 1 otherwise, 2 without Chromium.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from PIL import Image

from problemframe.policy import Policy
from problemframe.scorecard import TIERS, VERDICTS, TicketFacts, build_scorecard
from problemframe.scorecard_html import to_html
from tests.browser.chromium import find_chromium, render

TODAY = dt.date(2026, 12, 1)


def sample_facts(count: int = 120) -> list[TicketFacts]:
    """Return tickets across every tier and verdict, opened and shipped over the last year."""
    facts = []
    start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    for index in range(count):
        tier = TIERS[index % len(TIERS)]
        opened = start + dt.timedelta(days=index * 2.5)
        shipped = opened + dt.timedelta(days=20) if index % 3 else None
        verdict = VERDICTS[(index // 4) % len(VERDICTS)] if shipped and index % 5 else None
        facts.append(TicketFacts(
            key=str(index + 1), title=f"Ticket {index + 1}", opened_at=opened,
            framed_at=opened + dt.timedelta(hours=30) if tier != "none" else None, complete=tier != "none",
            score=float({"none": 0, "weak": 12, "moderate": 35, "strong": 70}[tier] + index % 20), tier=tier,
            shipped_at=shipped, reviewed_at=shipped + dt.timedelta(days=35) if shipped and verdict else None,
            verdict=verdict,
        ))
    return facts


def main(argv: Sequence[str] | None = None) -> int:
    """Render the sample page; print what was checked."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=Path(".ci/artifacts"), help="where the page and PNG are kept")
    args = parser.parse_args(argv)
    if find_chromium() is None:
        print("scorecard smoke: Chromium is not installed (Debian: apt-get install chromium)", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    card = build_scorecard(sample_facts(), tracker="github", container="acme/app", policy=Policy(), today=TODAY)
    page, shot = args.out / "scorecard.html", args.out / "scorecard.png"
    page.write_text(to_html(card), encoding="utf-8")
    rendered = render(page, screenshot=shot)
    problems = [f"console: {line}" for line in rendered.console]
    for chart in ("portfolio", "verdicts", "tiers"):
        drawn = re.search(rf'<svg[^>]*data-chart="{chart}".*?</svg>', rendered.dom, re.S)
        if drawn is None or "data-count" not in drawn.group(0):
            problems.append(f"the {chart} chart has no data")
    image = Image.open(shot).convert("RGB")
    colours = len(image.getcolors(maxcolors=1 << 24) or [])
    if colours < 8:
        problems.append(f"the screenshot is nearly blank ({colours} colours)")
    print(f"scorecard smoke: {card.tickets} tickets, {card.reviewed} reviewed; screenshot {shot} "
          f"{image.width}x{image.height}, {colours} colours; {len(rendered.console)} console messages")
    for problem in problems:
        print(f"scorecard smoke: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
