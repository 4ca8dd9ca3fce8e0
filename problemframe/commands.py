"""Slash commands in comments: `/measure <number> [note]` and `/outcome <verdict|skip> [note]`."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

OUTCOME_SUBCOMMANDS = ("met", "partial", "missed", "inconclusive", "skip")

_COMMAND = re.compile(r"^/(measure|outcome)(?![\w-])[ \t]*(.*)$", re.IGNORECASE)
_NUMBER = re.compile(
    r"""^(?P<sign>[-+−])?
        (?P<int>\d{1,3}(?:,\d{3})+|\d+)?(?P<frac>\.\d+)?
        (?P<unit>%|[A-Za-zµ/]+)?$""",
    re.VERBOSE,
)
_FENCE = re.compile(r"^(`{3,}|~{3,})")
_JIRA_BLOCK = re.compile(r"\{(code|noformat|quote)(?::[^}]*)?\}", re.IGNORECASE)


class _Command(BaseModel):
    model_config = ConfigDict(frozen=True)

    line: str = Field(description="The command line as written, for error replies.")


class MeasureCommand(_Command):
    """`/measure <number> [note]`: a person reports an observed value; `value` is None when it did not parse."""

    kind: Literal["measure"] = "measure"
    value: float | None
    unit: str = ""
    note: str = ""


class OutcomeCommand(_Command):
    """`/outcome <subcommand> [note]`: `subcommand` is lower-cased and may be unknown (answered with help)."""

    kind: Literal["outcome"] = "outcome"
    subcommand: str
    note: str = ""


Command = Annotated[MeasureCommand | OutcomeCommand, Field(discriminator="kind")]


def parse_number(text: str) -> tuple[float, str] | None:
    """Parse '1,234', '12.5%', '40s', '-3' into (value, unit); None when the text is not one number."""
    match = _NUMBER.match(text.strip())
    if match is None or (match["int"] is None and match["frac"] is None):
        return None
    digits = (match["int"] or "0").replace(",", "") + (match["frac"] or "")
    value = float(digits)
    if match["sign"] in {"-", "−"}:
        value = -value
    return value, match["unit"] or ""


def _command_lines(body: str) -> list[str]:
    """Return the lines outside code fences, Jira code/noformat/quote blocks and `>` quotes."""
    lines: list[str] = []
    fence: str | None = None
    jira_block: str | None = None
    for raw in body.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        stripped = raw.strip()
        if fence is not None:
            if stripped.startswith(fence) and stripped.strip(fence[0]) == "":
                fence = None
            continue
        if jira_block is not None:
            for match in _JIRA_BLOCK.finditer(stripped):
                if match[1].lower() == jira_block:
                    jira_block = None
            continue
        opened = _FENCE.match(stripped)
        if opened is not None and not raw.startswith("    "):
            fence = opened[1]
            continue
        blocks = [m[1].lower() for m in _JIRA_BLOCK.finditer(stripped)]
        if blocks and len(blocks) % 2 == 1:
            jira_block = blocks[-1]
            continue
        if raw.startswith(("    ", "\t")) or stripped.startswith(">") or stripped.lower().startswith("bq."):
            continue
        lines.append(stripped)
    return lines


def parse_line(line: str) -> MeasureCommand | OutcomeCommand | None:
    """Parse one line; None when it is not a command."""
    match = _COMMAND.match(line)
    if match is None:
        return None
    name, rest = match[1].lower(), match[2].strip()
    head, _, tail = rest.partition(" ")
    if name == "measure":
        parsed = parse_number(head) if head else None
        if parsed is None:
            return MeasureCommand(line=line, value=None, note=rest)
        return MeasureCommand(line=line, value=parsed[0], unit=parsed[1], note=tail.strip())
    return OutcomeCommand(line=line, subcommand=head.lower().rstrip(".,;:!"), note=tail.strip())


def parse_commands(body: str) -> list[MeasureCommand | OutcomeCommand]:
    """Return the slash commands in a comment body, in order of appearance."""
    commands = []
    for line in _command_lines(body):
        command = parse_line(line)
        if command is not None:
            commands.append(command)
    return commands
