"""The quick looks in front of the slow subject patterns never turn away a line the pattern itself would read.

`_BY_NAME_CUE` and `_SELF_NAMED_CUE` are written by hand from the alternations they stand before; a phrase added to
a pattern but not to its cue would be silently ignored. Every line of the labelled corpus is checked.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from problemframe.parse import subjects
from problemframe.parse.formats import to_markdown
from problemframe.parse.text import sentences

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def corpus_lines() -> list[str]:
    lines: list[str] = []
    for path in sorted(CORPUS.glob("*/*")):
        if path.suffix in (".md", ".wiki", ".json"):
            for line in to_markdown(path.read_text(encoding="utf-8")).split("\n"):
                lines.append(line)
                lines.extend(sentences(line))
    return lines


LINES = corpus_lines()


@pytest.mark.parametrize(("pattern", "cue"), [
    (subjects._BY_NAME, subjects._BY_NAME_CUE),
    (subjects._SELF_NAMED, subjects._SELF_NAMED_CUE),
], ids=["by_name", "self_named"])
def test_a_line_the_pattern_reads_always_passes_its_cue(pattern: re.Pattern[str], cue: re.Pattern[str]) -> None:
    assert len(LINES) > 10_000
    turned_away = [line for line in LINES if pattern.search(line) and not cue.search(line.lower())]
    assert turned_away == []


@pytest.mark.parametrize("line", [
    "Raised by Ferrovia Rail during the renewal.",
    "Payroll lead at Kessel Baumarkt, exit interview 22 May.",
    "Similar request from Orchard Mutual last week.",
])
def test_phrases_the_cue_must_let_through(line: str) -> None:
    assert subjects._BY_NAME.search(line) and subjects._BY_NAME_CUE.search(line.lower())
