"""Write a problem frame as the markdown body the project's GitHub issue form produces."""

from __future__ import annotations

from problemframe.model import Evidence, EvidenceKind, ProblemFrame, SuccessMetric
from problemframe.parse.evidence_items import read_item
from problemframe.parse.kinds import KIND_LABELS
from problemframe.parse.labels import FORM_LABELS, Key
from problemframe.parse.placeholders import NO_RESPONSE

_SYMBOLS = {"USD": "$", "GBP": "£", "EUR": "€"}
_ATTACHED_UNITS = ("%",)


def format_body(frame: ProblemFrame) -> str:
    """Return the issue-form markdown for a frame; parsing it gives the same problem, evidence and metric."""
    metric = frame.metric or SuccessMetric()
    values: dict[Key, str] = {
        "problem": frame.problem or "",
        "evidence": "\n".join(format_evidence(item) for item in frame.evidence),
        "metric": metric.name or "",
        "baseline": _quantity(metric.baseline, metric.unit),
        "target": _quantity(metric.target, metric.unit),
        "direction": metric.direction.value if metric.direction else "",
        "window": _window(metric),
        "source": metric.source or "",
    }
    blocks = [f"### {label}\n\n{values.get(key, '').strip() or NO_RESPONSE}" for label, key in FORM_LABELS.items()]
    return "\n\n".join(blocks) + "\n"


def format_evidence(item: Evidence) -> str:
    """Return one evidence bullet: customer — kind — link — ARR — date — "quote" (parts it lacks left out)."""
    pieces: list[str] = []
    if item.customer:
        pieces.append(f"**{item.customer}**")
    if item.url:
        pieces.append(f"<{item.url}>")
    if item.arr is not None:
        pieces.append(f"{_money(item.arr.amount, item.arr.currency)} ARR")
    if item.date is not None:
        pieces.append(item.date.isoformat())
    if item.quote:
        pieces.append(f'"{item.quote}"')
    inferred = read_item(" — ".join(pieces)) if pieces else None
    if inferred is None or inferred.kind is not item.kind:
        pieces.insert(1 if item.customer else 0, KIND_LABELS[item.kind])
    if not pieces:
        pieces.append(KIND_LABELS[EvidenceKind.OTHER])
    return "- " + " — ".join(pieces)


def _number(value: float) -> str:
    """Return a number in its shortest exact form: 120, 4.5."""
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)


def _quantity(value: float | None, unit: str | None) -> str:
    """Return a baseline or target with its unit: 12%, 40 s, 35/month, $10000."""
    if value is None:
        return ""
    if not unit:
        return _number(value)
    if unit in _SYMBOLS:
        return f"{_SYMBOLS[unit]}{_number(value)}"
    if unit.startswith("/") or unit in _ATTACHED_UNITS:
        return f"{_number(value)}{unit}"
    return f"{_number(value)} {unit}"


def _money(amount: float, currency: str) -> str:
    """Return an amount with its currency symbol (or code) and thousands separators."""
    text = f"{amount:,.2f}".removesuffix(".00")
    symbol = _SYMBOLS.get(currency)
    return f"{symbol}{text}" if symbol else f"{text} {currency}"


def _window(metric: SuccessMetric) -> str:
    """Return the measurement window as the form asks for it: '30 days', 'until 2027-03-01'."""
    pieces = []
    if metric.window_days is not None:
        pieces.append(f"{metric.window_days} days")
    if metric.window_until is not None:
        pieces.append(f"until {metric.window_until.isoformat()}")
    return ", ".join(pieces)
