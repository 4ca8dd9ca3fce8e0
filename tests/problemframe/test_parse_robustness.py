"""The parser is total and fast: junk, huge and deeply nested input give findings, quickly, never an exception."""

from __future__ import annotations

import datetime as dt
import importlib
import json
import pkgutil
import re
from pathlib import Path

import pytest

import problemframe.parse as parse_package
from problemframe.model import ProblemFrame
from problemframe.parse import parse_ticket
from problemframe.parse.ticket import read_ticket

ROOT = Path(__file__).parents[2]


def _deep_adf(depth: int) -> str:
    # json.dumps recurses; build the text by hand for depths past its limit.
    head = '{"type":"blockquote","content":[' * depth
    tail = "]}" * depth
    inner = json.dumps({"type": "text", "text": "Exports time out for finance admins"})
    return '{"type":"doc","version":1,"content":[' + head + inner + tail + "]}"


NASTY = {
    "nul bytes": "\x00" * 1000 + "## Problem\n\x00Exports time out\x00",
    "binary junk": bytes(range(256)).decode("latin-1") * 50,
    "lone surrogates": "\udcff## Problem\n\udcfeExports time out",
    "one megabyte": "word " * 200_000,
    "one long line": "a" * 1_000_000,
    "deep list": "## Evidence\n" + "".join("  " * level + "- Acme\n" for level in range(10_000)),
    "deep quote": "## Evidence\n" + ">" * 10_000 + " Acme said so\n",
    "deep quote lines": "".join(">" * level + " q\n" for level in range(3_000)),
    "deep adf": _deep_adf(10_000),
    "deep json array": '{"type":"doc","content":' + "[" * 100_000,
    "adf-looking garbage": '{"type":"doc","content":[{"type":"paragraph"' + ",{" * 10_000,
    "adf not a doc": '{"type": 5, "content": {"a": null}, "text": []}',
    "adf wrong shapes": json.dumps({"type": "doc", "content": [1, None, "x", {"type": "heading", "attrs": []},
                                                              {"type": "bulletList", "content": [[], {}]}]}),
    "unterminated fence": "## Problem\n```\n## Evidence\n" * 1000,
    "many headings": "## Problem\n" * 20_000,
    "many comments": "<!--" * 100_000,
    "open brackets": "[" * 200_000,
    "stars": "*" * 200_000 + "\n" + "**a" * 50_000,
    "wiki quotes": "{quote}" * 100_000,
    "wiki headings": "h2. " * 100_000,
    "wiki links": "[a|http://" + "x" * 100_000,
    "spaces after hash": "#" + " " * 200_000 + "x",
    "label without colon": "Problem" + " " * 100_000 + ":",
    "numbers": "## Success metric\n" + "1 to " * 100_000,
    "money": "## Evidence\n- " + "$1" * 100_000,
    "dates": "## Evidence\n- " + "12 March " * 50_000,
    "names": "## Evidence\n- " + "from A " * 100_000,
    "labels": "## Success metric\n" + "Baseline: " * 50_000,
    "huge numbers": "## Success metric\nfrom " + "9" * 5000 + " to " + "9" * 400 + "k in 30 days",
    "unclosed quotes": "## Evidence\n" + ("- " + "“" * 2000 + "\n") * 100,
    "pipes": "## Evidence\n" + "|" * 60_000 + "!\n" + ("|" + " " * 1000 + "|x\n") * 50,
    "spaces between numbers": "## Success metric\nfrom 1" + " " * 2000 + "x 2" + "\t" * 2000 + ",",
    "spaces after money": "## Evidence\n" + ("- $1" + " " * 1990 + "!\n") * 100,
    "blank runs after markers": "\n".join(m + " \t" * 20_000 + "x" for m in ("#", "**", "1.", "-", ">", "h2.")),
    "long running sentence": "Customers asked " + "and Acme Corp reported " * 20_000,
    "many bold names": "**Acme Corp** cannot " * 20_000,
    "many parentheses": "We (" * 50_000 + "Acme Corp)",
    "many slots": "<a> " * 50_000 + "{{b}} " * 50_000,
    "many relative targets": "## Success metric\n" + "reduce churn by 5 % " * 20_000,
    "many attributions": "> " + "\"x\" — " * 50_000,
    "many links in a sentence": "Reported by " + "Acme (https://acme.zendesk.com/1) and " * 5_000,
    "table of customers": "| Customer | ARR |\n|---|---|\n" + "| Acme Corp | $1k |\n" * 20_000,
    "rtl and emoji": "## ✨ Problem ✨\nمشكلة التصدير 🔥\n## Evidence\n- 株式会社アクメ — https://acme.zendesk.com/1",
}


# Speed is measured in bench/parse.py; the timeout here only catches a parser that never returns.
@pytest.mark.timeout(30)
@pytest.mark.parametrize("body", NASTY.values(), ids=NASTY.keys())
def test_nasty_input_gives_a_frame(body: str) -> None:
    frame = read_ticket(body)
    assert isinstance(frame, ProblemFrame)
    frame.model_dump_json()


def test_deep_adf_keeps_its_text() -> None:
    assert parse_ticket(_deep_adf(10_000)).problem == "Exports time out for finance admins"


def test_non_text_arguments_do_not_raise() -> None:
    frame = parse_ticket(None, fields={"problem": None, 3: "x"})  # type: ignore[arg-type, dict-item]
    assert frame.missing == ["problem", "evidence", "metric"]


def _patterns() -> list[tuple[str, re.Pattern[str]]]:
    """Return every compiled pattern of the parse package, by module and name."""
    found: list[tuple[str, re.Pattern[str]]] = []
    for module_info in pkgutil.iter_modules(parse_package.__path__):
        module = importlib.import_module(f"problemframe.parse.{module_info.name}")
        for name, value in vars(module).items():
            values = value if isinstance(value, tuple) else (value,)
            found.extend((f"{module_info.name}.{name}", v) for v in values if isinstance(v, re.Pattern))
    return found


REPEATS = ["a", " ", "\t", "1", "1,", "$1", "**", "[a|", "“", "a:", "- ", "> ", "12 March ", "from 1 ", "1 to ", "A ",
           "from A ", "|", "ARR ", "1k ", "Baseline: ", "measured in ", "source: ", "until ", "I think ", "a\n"]


@pytest.mark.timeout(60)
def test_no_pattern_backtracks_badly() -> None:
    patterns = _patterns()
    assert len(patterns) > 50
    for _name, pattern in patterns:
        for unit in REPEATS:
            text = (unit * (5000 // len(unit) + 1))[:5000] + "!"
            # Exponential backtracking on 5,000 characters would not finish before the timeout.
            pattern.search(text)
            pattern.match(text)


def test_a_datetime_for_today_is_taken_as_its_date() -> None:
    body = "## Evidence\n- Acme — https://acme.zendesk.com/agent/tickets/1 — 3 March\n"
    frame = read_ticket(body, today=dt.datetime(2026, 3, 3, 12, 0, tzinfo=dt.UTC))
    assert frame.evidence[0].date == dt.date(2026, 3, 3)
