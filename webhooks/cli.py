"""The `problemframe` command line: one Typer app joining each command's module."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="problemframe",
    help="Turn tickets into problems: problem statement, customer evidence, success metric, outcome review.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def main() -> None:
    """Run the command line."""
    app()
