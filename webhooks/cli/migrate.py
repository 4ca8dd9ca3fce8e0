"""`problemframe migrate`: create or upgrade the database schema, once, however many replicas run it together."""

from __future__ import annotations

import typer


def migrate() -> None:
    """Create the database, or upgrade its schema to this version's; running it again changes nothing.

    Several processes may run it at the same time (a Job and starting replicas): on PostgreSQL an advisory lock
    and on SQLite a lock file let one of them migrate while the others wait.
    """
    from integration.store import make_engine, shown_url
    from integration.store.migrate import current_revision, head_revision, known_revision, upgrade
    from webhooks.cli.common import fail
    from webhooks.cli.service_settings import load_settings

    settings = load_settings()
    engine = make_engine(settings.database_url)
    shown = shown_url(settings.database_url)
    try:
        before = current_revision(engine)
        if before is not None and not known_revision(before):
            fail(f"the database {shown} is at schema {before}, which only a newer problemframe knows: "
                 "upgrade problemframe instead")
        before = upgrade(engine)
        after = current_revision(engine)
    finally:
        engine.dispose()
    if before == after:
        typer.echo(f"{shown}: already at schema {after}")
    else:
        typer.echo(f"{shown}: migrated from {before or 'an empty database'} to schema {after}")
    if after != head_revision():
        fail(f"{shown}: the migration stopped at {after}, not {head_revision()}", code=1)


def register(app: typer.Typer) -> None:
    """Add the `migrate` command."""
    app.command("migrate")(migrate)
