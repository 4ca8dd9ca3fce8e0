"""Open a page in headless Chromium (Debian's `chromium`): its DOM after rendering, its console, a screenshot."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
# Chromium logs each console message (console.*, uncaught errors, refused loads) as INFO:CONSOLE on stderr.
CONSOLE = re.compile(r":CONSOLE(?:\(\d+\)|:\d+)\]\s*(.*)")
TIMEOUT = 90


def find_chromium() -> str | None:
    """Return the path of a Chromium binary, or None when none is installed."""
    return next((found for name in NAMES if (found := shutil.which(name))), None)


@dataclass(frozen=True)
class Rendered:
    """What Chromium made of a page."""

    dom: str
    console: list[str]
    screenshot: Path | None


def _run(binary: str, page: Path, profile: str, *extra: str) -> subprocess.CompletedProcess[str]:
    command = [
        binary, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
        "--enable-logging=stderr", "--v=0", f"--user-data-dir={profile}", "--window-size=800,2200",
        *extra, page.resolve().as_uri(),
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, check=False)


def render(page: Path, *, screenshot: Path | None = None, binary: str | None = None) -> Rendered:
    """Render a local page: the DOM, every console message, and optionally a PNG screenshot."""
    chromium = binary or find_chromium()
    if chromium is None:
        raise FileNotFoundError("Chromium is not installed (Debian: apt-get install chromium)")
    with tempfile.TemporaryDirectory(prefix="chromium-") as profile:
        dumped = _run(chromium, page, profile, "--dump-dom")
        console = [m.group(1) for m in map(CONSOLE.search, dumped.stderr.splitlines()) if m]
        if dumped.returncode != 0 or not dumped.stdout.strip():
            raise RuntimeError(f"Chromium failed ({dumped.returncode}): {dumped.stderr[-500:]}")
        if screenshot is not None:
            shot = _run(chromium, page, profile, f"--screenshot={screenshot.resolve()}", "--hide-scrollbars")
            console += [m.group(1) for m in map(CONSOLE.search, shot.stderr.splitlines()) if m]
            if not screenshot.exists():
                raise RuntimeError(f"Chromium wrote no screenshot: {shot.stderr[-500:]}")
    return Rendered(dom=dumped.stdout, console=console, screenshot=screenshot)
