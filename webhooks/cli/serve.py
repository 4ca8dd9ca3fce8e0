"""`problemframe serve`: the webhook service and its worker under uvicorn."""

from __future__ import annotations

import socket
from typing import Annotated

import typer

from webhooks.setting_values import LOG_LEVELS


def _level(value: str | None) -> str | None:
    if value is not None and value.lower() not in LOG_LEVELS:
        raise typer.BadParameter(f"takes one of {', '.join(LOG_LEVELS)}, not {value!r}")
    return value.lower() if value is not None else None


def listen_problem(host: str, port: int) -> str | None:
    """Return why the service could not listen on host:port (a name that does not resolve, a port in use), or None.

    Checked before migrating and starting, so the operator reads one line instead of a start-up and a shutdown.
    """
    try:
        addresses = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as error:
        return f"--host {host}: {error.strerror}"
    family, kind, proto, _, address = addresses[0]
    with socket.socket(family, kind, proto) as probe:
        # The same option uvicorn sets, so a port left in TIME_WAIT by a previous run is not called busy.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as error:
            return f"cannot listen on {host}:{port}: {error.strerror}"
    return None


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port to listen on.")] = 8000,
    log_level: Annotated[
        str | None,
        typer.Option(callback=_level, help=f"{', '.join(LOG_LEVELS[:-1])} or {LOG_LEVELS[-1]} (default: "
                                           "PROBLEMFRAME_LOG_LEVEL, or info)."),
    ] = None,
) -> None:
    """Run the webhook service, its inbox worker and its database migrations."""
    import logging

    import uvicorn

    from webhooks.app import create_app
    from webhooks.cli.service_settings import load_settings
    from webhooks.config_check import check_config

    problem = listen_problem(host, port)
    if problem is not None:
        typer.echo(f"problemframe: not starting: {problem}", err=True)
        raise typer.Exit(2)
    settings = load_settings(log_level=log_level, default_log_level="info")
    findings = check_config(settings, serving=True)
    errors = [f for f in findings if f.severity == "error"]
    for finding in errors:
        typer.echo(f"problemframe: not starting: {finding.message}", err=True)
    if errors:
        raise typer.Exit(2)
    for finding in findings:
        logging.getLogger("webhooks.config").warning("%s", finding.message)
    level = log_level or settings.log_level or "info"
    # log_config=None: uvicorn's lines go through the handler and format set up above (JSON lines too).
    uvicorn.run(
        create_app(settings), host=host, port=port, log_level=level, log_config=None, proxy_headers=True
    )


def register(app: typer.Typer) -> None:
    """Add the `serve` command."""
    app.command("serve")(serve)
