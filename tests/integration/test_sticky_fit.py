"""Fitting a comment to a tracker's limit: lists are trimmed longest first, markup is never cut mid-line."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from integration.sticky import StickyStyle, fit, same_sticky_body, with_marker

STYLE = StickyStyle(marker="<!-- m -->", limit=200, list_item=re.compile(r"^(\s*[-*])\s"), also_markers=("{m}",))


def test_a_comment_that_fits_is_unchanged() -> None:
    body = "<!-- m -->\n- a\n- b"
    assert fit(body, STYLE) is body


def test_the_longest_list_loses_its_last_items_first() -> None:
    short = "\n".join(f"- s{n}" for n in range(3))
    long = "\n".join(f"- a long item number {n}" for n in range(10))
    fitted = fit(f"<!-- m -->\n{short}\n\nText\n{long}\n\nEnd", STYLE)

    assert len(fitted) <= 200
    assert short in fitted and fitted.endswith("\n\nEnd")
    shown = fitted.count("- a long item")
    assert 1 <= shown < 10 and f"- … and {10 - shown} more" in fitted


def test_without_lists_whole_lines_go_from_the_end_and_a_note_says_so() -> None:
    fitted = fit("<!-- m -->\n" + "\n".join(["y" * 30] * 20), STYLE)

    assert len(fitted) <= 200
    assert fitted.startswith("<!-- m -->\n")
    assert fitted.endswith("\n\n… cut to fit the 200-character limit")
    allowed = {"<!-- m -->", "y" * 30, "", "… cut to fit the 200-character limit"}
    assert set(fitted.split("\n")) <= allowed


@given(st.lists(st.sampled_from(["- item", "  - child item", "* other", "text", "", "- " + "z" * 80]), max_size=80))
def test_any_comment_fits_and_keeps_its_marker(lines: list[str]) -> None:
    fitted = fit("\n".join(["<!-- m -->", *lines]), STYLE)
    assert len(fitted) <= STYLE.limit
    assert fitted.split("\n", 1)[0] == "<!-- m -->"


def test_another_recognised_marker_is_replaced_and_a_missing_one_added() -> None:
    assert with_marker("{m}\nbody", STYLE) == "<!-- m -->\nbody"
    assert with_marker("body", STYLE) == "<!-- m -->\nbody"
    assert same_sticky_body("<!-- m -->\r\nbody  \n", "body", STYLE)
