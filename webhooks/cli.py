"""The `problemframe` command line: one Typer app joining each command's module."""

from __future__ import annotations

import typer

from webhooks import (
    cli_backfill,
    cli_check,
    cli_digest,
    cli_inbox,
    cli_init,
    cli_jira,
    cli_outcomes,
    cli_project,
    cli_report,
    cli_scorecard,
    cli_serve,
)

app = typer.Typer(
    name="problemframe",
    help="Turn tickets into problems: problem statement, customer evidence, success metric, outcome review.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
cli_serve.register(app)
cli_inbox.register(app)
cli_report.register(app)
cli_scorecard.register(app)
cli_backfill.register(app)
cli_digest.register(app)
cli_outcomes.register(app)
cli_jira.register(app)
cli_project.register(app)
cli_check.register(app)
cli_init.register(app)


def main() -> None:
    """Run the command line."""
    app()
