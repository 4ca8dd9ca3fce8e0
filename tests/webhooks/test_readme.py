"""The README an operator follows: every setting in its table, every command named, every code fence closed."""

from __future__ import annotations

from pathlib import Path

from webhooks.cli import COMMANDS
from webhooks.settings import Settings

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def settings_table() -> str:
    start = README.index("### Settings")
    return README[start:README.index("\n### ", start + 1)]


def test_every_setting_has_a_row_in_the_settings_table() -> None:
    table = settings_table()
    missing = [name for name in Settings.model_fields if f"`PROBLEMFRAME_{name.upper()}`" not in table]
    assert missing == []


def test_every_command_is_named_in_the_readme() -> None:
    assert [name for name in COMMANDS if f"problemframe {name}" not in README] == []


def test_code_fences_are_balanced() -> None:
    fences = [line for line in README.splitlines() if line.lstrip().startswith("```")]
    assert len(fences) % 2 == 0
    assert all(line.strip() == "```" for line in fences[1::2]), "a fence closes with text on its line"
