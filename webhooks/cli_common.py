"""What every command shares: how it fails, and how it prints ticket text to a terminal."""

from __future__ import annotations

import re
from typing import NoReturn

import typer
from pydantic import ValidationError
from rich.text import Text

from webhooks.settings import Settings

# Escape sequences in ticket text must not reach the terminal as commands.
_TERMINAL_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def fail(message: str, code: int = 2) -> NoReturn:
    """Print `problemframe: <message>` to standard error and exit with `code` (2: usage or read error)."""
    typer.echo(f"problemframe: {message}", err=True)
    raise typer.Exit(code)


def load_settings() -> Settings:
    """Return the process settings; exit 2 naming each invalid PROBLEMFRAME_* setting."""
    try:
        return Settings()
    except ValidationError as error:
        fail("invalid PROBLEMFRAME_* setting: " + "; ".join(
            f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors()))


def terminal_text(text: str) -> Text:
    """Return ticket text for the terminal, without control characters."""
    return Text(_TERMINAL_CONTROL.sub("", text))
