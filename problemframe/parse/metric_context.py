"""Find a target's baseline where the ticket states today's value: 'p95 is 2.4 s today' above 'we want under 800 ms'.

A careful reader pairs a target with the value the problem describes. Only a sentence that says how things stand
now (today, currently, last quarter, on average) and gives exactly one value in the target's unit counts; a sentence
that wants something, and text in code, never does.
"""

from __future__ import annotations

import re

from problemframe.parse.document import Document
from problemframe.parse.metric_prose import is_metric_sentence, skipped_section
from problemframe.parse.quantities import Quantity, convert, find_quantities
from problemframe.parse.sections import Section, running_text
from problemframe.parse.text import sentences

_NOW = re.compile(
    r"\b(?:today|currently|current(?:ly)?|right now|now|at the moment|at present|as of|on average|average|median"
    r"|p\d\d|typically|usually|last (?:week|month|quarter|year|\d+ days)|this (?:week|month|quarter|year)"
    r"|over the (?:last|past)|in the (?:last|past)|per (?:week|month|quarter)|stands at|sits at|is at|we see"
    r"|we measured|measured|baseline)\b",
    re.IGNORECASE,
)
_TIME_SCALES = (frozenset({"ms", "s", "min", "h"}), frozenset({"h", "days", "weeks", "months"}))
_NEAR = 12


def baseline_in_context(document: Document, sections: list[Section], unit: str) -> Quantity | None:
    """Return today's value in the target's unit from the ticket's running text, or None when unclear."""
    for block, section in running_text(document, sections):
        if skipped_section(section.label):
            continue
        for sentence in sentences(block.text):
            if not _NOW.search(sentence) or is_metric_sentence(sentence):
                continue
            same = [found for found in find_quantities(sentence) if _same_unit(found.unit, unit)]
            chosen = same[0] if len(same) == 1 else _next_to_now(sentence, same)
            if chosen is not None:
                return convert(chosen, unit)
    return None


def _next_to_now(sentence: str, found: list[Quantity]) -> Quantity | None:
    """Return the one value written right next to a 'today' word ('2.4 s today, past 5 s for big ones'), else None."""
    cues = [match.span() for match in _NOW.finditer(sentence)]
    near = [quantity for quantity in found
            if any(abs(quantity.end - start) <= _NEAR or abs(end - quantity.start) <= _NEAR for start, end in cues)]
    return near[0] if len(near) == 1 else None


def _same_unit(found: str | None, unit: str) -> bool:
    if found == unit:
        return True
    # Seconds and minutes convert; days do not make a latency's baseline ('p95 is 2.4 s over the last 30 days').
    return any(found in scale and unit in scale for scale in _TIME_SCALES)
