"""The scorecard as one self-contained HTML page: inline SVG charts, no script, nothing fetched. Pure."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

from problemframe.scorecard import TIERS, VERDICTS, Scorecard
from problemframe.scorecard_text import headline, percent, weights_lines

VERDICT_COLOURS = {"met": "#1a7f37", "partial": "#bf8700", "missed": "#cf222e", "inconclusive": "#6e7781",
                   "skipped": "#953800"}
TIER_COLOURS = {"none": "#8c959f", "weak": "#cf222e", "moderate": "#bf8700", "strong": "#1a7f37"}
WIDTH, HEIGHT, LEFT, BOTTOM, TOP = 680, 260, 44, 36, 12

STYLE = """
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f2328; margin: 2rem auto;
       max-width: 760px; padding: 0 1rem; }
h1 { font-size: 1.5rem; margin-bottom: 0.2rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
.period { color: #59636e; margin-top: 0; }
.figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(220px, 1fr)); gap: 0.6rem; }
.figure { border: 1px solid #d1d9e0; border-radius: 6px; padding: 0.6rem 0.8rem; }
.figure .label { color: #59636e; font-size: 0.85rem; } .figure .value { font-size: 1.25rem; font-weight: 600; }
table { border-collapse: collapse; margin-top: 0.5rem; } th, td { border: 1px solid #d1d9e0; padding: 0.25rem 0.6rem; }
td { text-align: right; } th { background: #f6f8fa; } td.name { text-align: left; }
.legend span { display: inline-block; margin-right: 1rem; font-size: 0.85rem; }
.legend i { display: inline-block; width: 0.8rem; height: 0.8rem; margin-right: 0.3rem; vertical-align: -1px; }
.empty { color: #59636e; font-style: italic; } svg text { font: 11px system-ui, sans-serif; fill: #59636e; }
pre { background: #f6f8fa; padding: 0.6rem; border-radius: 6px; white-space: pre-wrap; }
@media print { body { margin: 0; } }
"""


def _legend(colours: Mapping[str, str]) -> str:
    items = "".join(f'<span><i style="background:{c}"></i>{escape(n)}</span>' for n, c in colours.items())
    return f'<p class="legend">{items}</p>'


def _stacked_columns(
    chart: str, title: str, groups: Sequence[tuple[str, Mapping[str, int]]], colours: Mapping[str, str]
) -> str:
    """Return an SVG of one stacked column per group (label -> counts per series)."""
    if not groups or not any(sum(counts.values()) for _, counts in groups):
        return f'<p class="empty" data-chart="{chart}">No data yet.</p>'
    tallest = max(sum(counts.values()) for _, counts in groups)
    plot_w, plot_h = WIDTH - LEFT - 8, HEIGHT - BOTTOM - TOP
    slot = plot_w / len(groups)
    bar = max(min(slot * 0.7, 60), 2)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{escape(title)}" data-chart="{chart}" '
        f'width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}">',
        f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{WIDTH - 8}" y2="{TOP + plot_h}" stroke="#d1d9e0"/>',
        f'<text x="{LEFT - 6}" y="{TOP + 4}" text-anchor="end">{tallest}</text>',
        f'<text x="{LEFT - 6}" y="{TOP + plot_h}" text-anchor="end">0</text>',
    ]
    every = max(1, len(groups) // 12)
    for index, (label, counts) in enumerate(groups):
        x = LEFT + index * slot + (slot - bar) / 2
        y = float(TOP + plot_h)
        for series, colour in colours.items():
            count = counts.get(series, 0)
            if not count:
                continue
            h = plot_h * count / tallest
            y -= h
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" fill="{colour}" '
                f'data-series="{escape(series)}" data-count="{count}"><title>{escape(label)}: {count} '
                f'{escape(series)}</title></rect>'
            )
        if index % every == 0:
            parts.append(f'<text x="{x + bar / 2:.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle">'
                         f'{escape(label)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _portfolio_chart(card: Scorecard) -> str:
    buckets = [(f"{low}–{low + 9 if low < 90 else 100}", {t: 0 for t in TIERS}) for low in range(0, 100, 10)]
    for point in card.portfolio:
        index = min(int(point.score // 10), 9)
        buckets[index][1][point.tier] = buckets[index][1].get(point.tier, 0) + 1
    return _stacked_columns("portfolio", "Tickets by evidence score", buckets, TIER_COLOURS)


def _tier_table(card: Scorecard) -> str:
    head = "".join(f"<th>{v}</th>" for v in VERDICTS)
    rows = []
    for tier in TIERS:
        counts = card.tier_vs_verdict[tier]
        cells = "".join(f'<td data-tier="{tier}" data-verdict="{v}">{counts[v]}</td>' for v in VERDICTS)
        rows.append(f'<tr><td class="name">{tier}</td>{cells}<td data-met-rate="{tier}">'
                    f"{percent(card.met_rate_by_tier[tier])}</td></tr>")
    return f"<table><tr><th>tier</th>{head}<th>met rate</th></tr>{''.join(rows)}</table>"


def to_html(card: Scorecard) -> str:
    """Return the scorecard as a page a PM can attach to a planning doc."""
    period = f"Tickets opened or shipped since {card.since}" if card.since else "All tickets"
    figures = "".join(
        f'<div class="figure"><div class="label">{escape(label)}</div>'
        f'<div class="value" data-figure="{escape(label)}">{escape(value)}</div></div>'
        for label, value in headline(card)
    )
    months = list(card.verdicts_by_month.items())
    tiers = [(tier, card.tier_vs_verdict[tier]) for tier in TIERS]
    weights = "\n".join(weights_lines(card))
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Scorecard: {escape(card.container)}</title>
<style>{STYLE}</style>
</head>
<body>
<h1>Scorecard: {escape(card.container)}</h1>
<p class="period">{escape(period)}, until {card.until}.</p>
<section class="figures">{figures}</section>
<h2>Portfolio by evidence score</h2>
{_legend(TIER_COLOURS)}
{_portfolio_chart(card)}
<h2>Verdicts over time</h2>
{_legend(VERDICT_COLOURS)}
{_stacked_columns("verdicts", "Verdicts per month of review", months, VERDICT_COLOURS)}
<h2>Evidence tier against verdict</h2>
<p>Do tickets with strong evidence meet their targets more often? The met rate counts met, partial and missed.</p>
{_stacked_columns("tiers", "Verdicts per evidence tier", tiers, VERDICT_COLOURS)}
{_tier_table(card)}
<h2>Evidence weights</h2>
<pre>{escape(weights)}</pre>
</body>
</html>
"""
