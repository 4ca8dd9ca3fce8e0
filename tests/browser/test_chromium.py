"""The headless Chromium harness sees what a person would: the rendered DOM and every console message."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.chromium import find_chromium, render

pytestmark = pytest.mark.skipif(
    find_chromium() is None, reason="Chromium is not installed (Debian: apt-get install chromium): no page rendered"
)


def test_console_errors_and_uncaught_exceptions_are_reported(tmp_path: Path) -> None:
    page = tmp_path / "bad.html"
    page.write_text("<!doctype html><p>hi</p><script>console.error('boom'); missing();</script>", encoding="utf-8")

    rendered = render(page)

    assert any("boom" in line for line in rendered.console)
    assert any("Uncaught ReferenceError" in line for line in rendered.console)
    assert "<p>hi</p>" in rendered.dom
