"""`problemframe serve`: the webhook service and its worker under uvicorn."""

from __future__ import annotations

from typing import Annotated

import typer


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port to listen on.")] = 8000,
    log_level: Annotated[str, typer.Option(help="uvicorn log level.")] = "info",
) -> None:
    """Run the webhook service, its inbox worker and its database migrations."""
    import uvicorn

    from integration.store import Store, make_engine
    from integration.tracker import TrackerError
    from webhooks.app import create_app
    from webhooks.cli_common import fail, load_settings
    from webhooks.trackers import jira_policies, metric_sources

    settings = load_settings()
    try:
        metric_sources(settings)
        jira_policies(settings)
    except TrackerError as error:
        fail(str(error))
    store = Store(make_engine(settings.database_url))
    try:
        store.engine.connect().close()
    finally:
        store.close()
    uvicorn.run(create_app(settings), host=host, port=port, log_level=log_level, proxy_headers=True)


def register(app: typer.Typer) -> None:
    """Add the `serve` command."""
    app.command("serve")(serve)
