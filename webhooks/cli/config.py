"""`problemframe config check`: every configuration problem in one line each, before a deployment meets it."""

from __future__ import annotations

from typing import Annotated

import typer

config = typer.Typer(help="The service's configuration.", no_args_is_help=True)


@config.command("check")
def check_command(
    offline: Annotated[bool, typer.Option("--offline", help="Skip asking GitHub and Jira whether they accept the "
                                                            "credentials.")] = False,
) -> None:
    """Check settings, policy and sources files, keys, credentials, the database and the trackers.

    Prints one line per problem. Exit 0 when nothing is wrong (warnings allowed), 1 on an error.
    """
    from pydantic import ValidationError

    from webhooks.cli.service_settings import load_settings, setting_problems
    from webhooks.config_check import check_config
    from webhooks.settings import EnvFileError, read_settings

    try:
        read_settings()
    except (ValidationError, EnvFileError) as error:
        # Every bad setting on its own line, then stop: the other checks need the settings.
        problems = setting_problems(error) if isinstance(error, ValidationError) else [str(error)]
        for problem in problems:
            typer.echo(f"error: {problem}")
        typer.echo(f"{_count(len(problems), 'error')} in the settings")
        raise typer.Exit(1) from None
    findings = check_config(load_settings(), offline=offline)
    for finding in findings:
        typer.echo(finding.line())
    errors = sum(1 for f in findings if f.severity == "error")
    warnings = len(findings) - errors
    if findings:
        typer.echo(f"{_count(errors, 'error')}, {_count(warnings, 'warning')}")
    else:
        typer.echo("configuration OK" + (" (trackers not asked: --offline)" if offline else ""))
    if errors:
        raise typer.Exit(1)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def register(app: typer.Typer) -> None:
    """Add the `config` command group."""
    app.add_typer(config, name="config")
