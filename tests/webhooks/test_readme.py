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


def _options() -> list[tuple[str, str]]:
    """Return (command, option) for every long option of every command and subcommand, --help aside."""
    from webhooks.cli.group import load_command

    found = []
    for name, lazy in COMMANDS.items():
        command = load_command(name, lazy)
        for path, sub in [(name, command), *((f"{name} {n}", s) for n, s in getattr(command, "commands", {}).items())]:
            found.extend((path, opt) for param in sub.params for opt in param.opts if opt.startswith("--"))
    return found


def test_every_option_of_every_command_is_in_the_readme() -> None:
    assert [f"{command} {option}" for command, option in _options() if f"{option}" not in README] == []


def test_the_readme_describes_the_json_every_command_prints() -> None:
    assert "`total_arr`" in README and "`arr_converted`" in README


def test_the_readme_the_issue_form_and_the_checklist_advice_show_one_form_of_data_source() -> None:
    import re

    import yaml

    from problemframe.parse import parse_ticket
    from webhooks.cli.init import issue_form

    form = yaml.safe_load(issue_form())
    (field,) = [item for item in form["body"] if item.get("attributes", {}).get("label") == "Data source"]
    advice = " ".join(f.message for f in parse_ticket("### Success metric\n\nExporters from 120 to 300\n").findings
                      if f.code == "metric.no_source")
    form_text = field["attributes"]["description"] + field["attributes"]["placeholder"]
    heads = {re.search(r"(\w+ \w+): sum\(", text)[1] for text in (advice, form_text)}  # type: ignore[index]
    assert heads == {"prometheus prod"}
    assert "`[kind] <source name>: <query>`" in README and "(`prometheus prod: sum(rate(…))`" in README
