"""A long alternation searched only where its cue words are gives the pattern's own answer, on any text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from problemframe.parse.cues import AnyOf, alternatives, cues_of
from problemframe.parse.field_report import FOUND_INTERNALLY
from problemframe.parse.own_report import _STAFF_VOICE
from problemframe.parse.reader_instructions import _REST_IGNORED, _TO_THE_READER

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
PRODUCT = {"staff voice": _STAFF_VOICE, "found internally": FOUND_INTERNALLY, "to the reader": _TO_THE_READER,
           "rest ignored": _REST_IGNORED}


def test_cues_are_the_words_every_match_holds() -> None:
    assert cues_of(r"\bour (?:users|customers)\b") == {"users", "customers"}
    assert cues_of(r"\bno customers? (?:ha(?:ve|s)|reported)\b") == {"no customer"}
    assert cues_of(r"(?-i:\bSYSTEM (?:NOTE|OVERRIDE)\b)", re.IGNORECASE) == {"system "}
    assert cues_of(r"\bTestFlight\b") == {"testflight"}


def test_a_look_with_no_sure_word_has_no_cues() -> None:
    assert cues_of(r"\b\d+ (?:of|on)\b") is None  # nothing three letters long that every match holds
    assert cues_of(r"(?:ticket)?s? \d+") is None  # an optional word is not required
    assert cues_of(r"x(?:abc|\d)") is None  # one branch has no word


def test_alternatives_split_only_at_the_top() -> None:
    assert alternatives(r"a(?:b|c)|[|x]|\|d|e") == ["a(?:b|c)", "[|x]", r"\|d", "e"]


@pytest.mark.parametrize(("pattern", "text"), [
    (re.compile(r"\bfix it\b", re.IGNORECASE), "pls FıX IT"),  # dotless i matches 'i' when case is ignored
    (re.compile(r"\bstaging\b", re.IGNORECASE), "Seen on STAGING only"),
    # A cue holding a letter lowering keeps apart is folded as the text is: 'ı' stands for 'i' in both.
    (re.compile(r"\bçalışmıyor\b|\bkayıp\b", re.IGNORECASE), "Kiosk ÇALIŞMIYOR since Monday"),
    (re.compile(r"\bçalışmıyor\b|\bkayıp\b", re.IGNORECASE), "kiosk çalışmıyor"),
    (re.compile(r"(?-i:\bSYSTEM NOTE\b)|\bignore previous\b", re.IGNORECASE), "SYSTEM NOTE: x"),
])
def test_case_blind_matches_are_found(pattern: re.Pattern[str], text: str) -> None:
    assert pattern.search(text) is not None
    assert AnyOf(pattern).found(text)


def test_a_case_sensitive_alternative_stays_case_sensitive() -> None:
    pattern = re.compile(r"(?-i:\bSYSTEM NOTE\b)|\bignore previous\b", re.IGNORECASE)
    assert not AnyOf(pattern).found("the system note feature of our chat product")


_WORDS = st.sampled_from(["our", "users", "customers", "we", "should", "staging", "QA", "qa", "ignore", "all",
                          "previous", "instructions", "SYSTEM", "NOTE", "note", "to", "any", "ai", "rest", "of",
                          "this", "issue", "found", "internally", "demo", "unit", "the", "a", "ı", "İ", "sprint",
                          "next", "1.2.3-rc", "let's", "do", "@pm", "can", "you", "i'm", "reading", "code", ",", ".",
                          "\n", "as", "an", "i", "want", "time-box", "no", "customer", "has", "reported"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_WORDS, max_size=14), st.sampled_from(sorted(PRODUCT)))
def test_the_product_patterns_answer_as_their_whole_pattern(words: list[str], name: str) -> None:
    text = " ".join(words)
    look = PRODUCT[name]
    for variant in (text, text.lower(), text.upper()):
        assert look.found(variant) == (look.pattern.search(variant) is not None), variant


def test_the_product_patterns_answer_as_their_whole_pattern_on_the_corpus() -> None:
    bodies = [path.read_text(encoding="utf-8") for path in sorted(CORPUS.glob("*/*"))[::7]
              if path.suffix in (".md", ".wiki", ".json")]
    assert len(bodies) > 500
    for name, look in PRODUCT.items():
        for body in bodies:
            for text in (body, body.lower()):
                assert look.found(text) == (look.pattern.search(text) is not None), (name, text[:80])
