"""How numbers read for people, in comments, digests, scorecards and portfolios: one style everywhere.

Machine-read cells (CSV) keep plain figures; these are for text people read.
"""

from __future__ import annotations


def figure(value: float) -> str:
    """Return '1,200' for whole numbers and four significant digits ('2.125', '0.3333') otherwise."""
    return f"{value:,.0f}" if float(value).is_integer() and abs(value) < 1e15 else f"{value:,.4g}"


def percent(share: float) -> str:
    """Return a share (0.8) as a whole percentage ('80%')."""
    return f"{share * 100:.0f}%"
