"""What every command shares: how it fails, and how it prints ticket text to a terminal."""

from __future__ import annotations

import re
from typing import NoReturn

import typer
from rich.console import Console
from rich.text import Text

# The largest id and row count the databases hold (a signed 64-bit integer); a larger number is a typing slip.
MAX_COUNT = 2**63 - 1

# Escape sequences in ticket text must not reach the terminal as commands.
_TERMINAL_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def fail(message: str, code: int = 2) -> NoReturn:
    """Print `problemframe: <message>` to standard error and exit with `code` (2: usage or read error)."""
    typer.echo(f"problemframe: {message}", err=True)
    raise typer.Exit(code)


def positive(value: int) -> int:
    """Refuse an id or a limit below 1 or beyond a 64-bit integer, as a usage error."""
    if not 1 <= value <= MAX_COUNT:
        raise typer.BadParameter(f"takes a whole number from 1 to {MAX_COUNT}, not {value}")
    return value


class PipeConsole(Console):
    """A rich Console whose reader going away (`| head -1`) is the broken-pipe exit, not the 'incomplete' exit 1."""

    def on_broken_pipe(self) -> None:
        """Stop writing and leave the exit code to the command line's broken-pipe handling."""
        self.quiet = True
        raise BrokenPipeError


def terminal_text(text: str) -> Text:
    """Return ticket text for the terminal, without control characters."""
    return Text(_TERMINAL_CONTROL.sub("", text))
