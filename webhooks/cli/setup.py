"""`problemframe setup jira|github-project`: prepare a tracker for problemframe."""

from __future__ import annotations

import typer

from webhooks.cli import jira as cli_jira
from webhooks.cli import project as cli_project


def register(app: typer.Typer) -> None:
    """Add `setup` with its `jira` and `github-project` commands."""
    cli_project.register(app)
    cli_jira.register(app)
