"""Slash commands are found on their own lines, outside code and quotes, with forgiving numbers."""

from __future__ import annotations

import pytest

from problemframe.commands import MeasureCommand, OutcomeCommand, parse_commands, parse_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1,234", (1234.0, "")), ("12.5%", (12.5, "%")), ("40s", (40.0, "s")), ("-3", (-3.0, "")),
     ("+0.5", (0.5, "")), (".75", (0.75, "")), ("1,234,567.8ms", (1234567.8, "ms")), ("−2", (-2.0, "")),
     ("12req/s", (12.0, "req/s"))],
)
def test_numbers(text: str, expected: tuple[float, str]) -> None:
    assert parse_number(text) == expected


@pytest.mark.parametrize("text", ["", "abc", "12,34", "1.2.3", "%", "-", "1 2", "1,2345"])
def test_not_numbers(text: str) -> None:
    assert parse_number(text) is None


def test_measure_with_note() -> None:
    [command] = parse_commands("Thanks!\n/measure 1,234 from the weekly export\n")
    assert command == MeasureCommand(line="/measure 1,234 from the weekly export", value=1234.0,
                                     note="from the weekly export")


def test_measure_without_a_number_keeps_the_line_for_the_reply() -> None:
    [command] = parse_commands("/measure about twelve")
    assert isinstance(command, MeasureCommand)
    assert command.value is None
    assert command.note == "about twelve"


def test_outcome_is_case_insensitive_and_keeps_the_note() -> None:
    [command] = parse_commands("  /Outcome MET shipped to all plans")
    assert command == OutcomeCommand(line="/Outcome MET shipped to all plans", subcommand="met",
                                     note="shipped to all plans")


def test_commands_inside_fences_quotes_and_indented_code_are_ignored() -> None:
    body = "\n".join([
        "```",
        "/outcome met",
        "```",
        "~~~text",
        "/measure 3",
        "~~~",
        "> /outcome missed quoted from above",
        "    /measure 4",
        "{code:bash}",
        "/measure 5",
        "{code}",
        "{quote}",
        "/outcome skip nope",
        "{quote}",
        "bq. /measure 6",
        "/outcome partial only this one",
    ])
    commands = parse_commands(body)
    assert [c.line for c in commands] == ["/outcome partial only this one"]


def test_an_unclosed_fence_hides_the_rest() -> None:
    assert parse_commands("```\n/outcome met") == []


def test_words_that_merely_start_with_a_command_are_not_commands() -> None:
    assert parse_commands("/measurement 3\n/outcomes met\n/outcome-met\nsee /measure 3 inline") == []


def test_several_commands_in_order_and_crlf() -> None:
    commands = parse_commands("/measure 12.5% after launch\r\n/outcome partial\r\n/outcome")
    assert [c.kind for c in commands] == ["measure", "outcome", "outcome"]
    assert isinstance(commands[0], MeasureCommand) and commands[0].unit == "%"
    assert isinstance(commands[2], OutcomeCommand) and commands[2].subcommand == ""


def test_trailing_punctuation_after_the_verdict_is_ignored() -> None:
    [command] = parse_commands("/outcome met. Thanks all")
    assert isinstance(command, OutcomeCommand) and command.subcommand == "met" and command.note == "Thanks all"
