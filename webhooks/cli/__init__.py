"""The `problemframe` command line: one Typer app joining each command's module, each imported when it is used."""

from __future__ import annotations

import typer

from webhooks.cli.group import LazyCommand, RootGroup

# Each module's `register(app)` adds its command; the summary is what `problemframe --help` lists without importing
# the module (a test holds each summary to the command's own help).
COMMANDS = {
    "serve": LazyCommand(
        "webhooks.cli.serve", "Run the webhook service, its inbox worker and its database migrations."
    ),
    "migrate": LazyCommand(
        "webhooks.cli.migrate", "Create the database, or upgrade its schema to this version's; running it again "
                                "changes nothing."
    ),
    "report": LazyCommand(
        "webhooks.cli.report", "Print the evidence portfolio: every ticket's score, tier, customers, ARR cited, "
                               "metric and outcome."
    ),
    "backfill": LazyCommand(
        "webhooks.cli.backfill", "Judge every open ticket as the webhook would; print what would change, or change "
                                 "it with --apply."
    ),
    "digest": LazyCommand(
        "webhooks.cli.digest", "Summarise a period: problems framed, shipped, measured and reviewed, and the "
                               "strongest not started."
    ),
    "check": LazyCommand(
        "webhooks.cli.check", "Judge one ticket body: exit 0 if complete, 1 if incomplete, 2 on a usage or read error."
    ),
    "config": LazyCommand("webhooks.cli.config", "The service's configuration."),
    "inbox": LazyCommand("webhooks.cli.inbox", "Deliveries that failed after their retries."),
    "outbox": LazyCommand("webhooks.cli.outbox", "Messages about outcomes waiting to be sent, and those that failed."),
    "outcomes": LazyCommand("webhooks.cli.outcomes", "Outcomes after shipping: measure the due ones, list them all."),
    "scorecard": LazyCommand(
        "webhooks.cli.scorecard", "Print the scorecard: share framed and time to framed, shipped work reviewed, "
                                  "verdicts, and evidence against them."
    ),
    "setup": LazyCommand("webhooks.cli.setup", "Prepare a tracker for problemframe."),
    "init": LazyCommand("webhooks.cli.init", "Write starter files into a repository."),
}


class ProblemframeGroup(RootGroup):
    """The root group with problemframe's commands."""

    LAZY = COMMANDS


app = typer.Typer(
    name="problemframe",
    cls=ProblemframeGroup,
    help="Turn tickets into problems: problem statement, customer evidence, success metric, outcome review.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _root() -> None:
    """Turn tickets into problems: problem statement, customer evidence, success metric, outcome review."""


def main() -> None:
    """Run the command line."""
    app()
