"""The `check` and `init` commands on an app of their own, as their tests drive them."""

from __future__ import annotations

import typer

from webhooks.cli import check as cli_check
from webhooks.cli import init as cli_init


def check_and_init_app() -> typer.Typer:
    """Return an app with only `check` and `init` registered, kept a group as the real one is."""
    app = typer.Typer()
    cli_check.register(app)
    cli_init.register(app)

    @app.command("version")
    def version() -> None:
        """Keep the app a group, as the real one is."""

    return app
