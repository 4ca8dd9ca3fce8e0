"""The root command group: every failure leaves the command line as one line on standard error and a non-zero exit."""

from __future__ import annotations

import importlib
import logging
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import typer

# Typer carries its own copy of click; its exceptions are the ones commands raise.
from typer import Abort, Exit
from typer import _click as click
from typer._click.core import augment_usage_errors
from typer._click.exceptions import ClickException, NoArgsIsHelpError, UsageError
from typer._click.utils import PacifyFlushWrapper
from typer.core import TyperCommand, TyperGroup

from webhooks.cli.errors import describe

log = logging.getLogger("problemframe")

# 128 + SIGPIPE, what a shell reports for a command whose reader went away (`problemframe check x | head -1`).
BROKEN_PIPE_EXIT = 141


class CommandFailed(ClickException):
    """A command stopped on an error already put in one line."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code


@dataclass(frozen=True)
class LazyCommand:
    """A command whose module is imported only when it runs or its own help is asked for."""

    module: str
    help: str


class RootGroup(TyperGroup):
    """Typer's group, reporting usage errors and failures in one line instead of a panel or a traceback.

    Commands named in LAZY are imported on first use: `check` and `--help` then never pay for the service stack
    (FastAPI, SQLAlchemy, PyGithub, jira) that other commands need.
    """

    LAZY: Mapping[str, LazyCommand] = {}
    _listing = False

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Return every command name, the lazy ones first, in their table's order."""
        return [*self.LAZY, *(name for name in super().list_commands(ctx) if name not in self.LAZY)]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """Return a command, importing its module the first time; while listing help, only a summary of it."""
        found = super().get_command(ctx, cmd_name)
        lazy = self.LAZY.get(cmd_name)
        if found is not None or lazy is None:
            return found
        if self._listing:
            return TyperCommand(cmd_name, help=lazy.help, short_help=lazy.help)
        command = load_command(cmd_name, lazy)
        self.add_command(command, cmd_name)
        return command

    def get_help_option(self, ctx: click.Context) -> Any:
        """Return --help, shown as the flag it is (without Typer's `<bool>`)."""
        option = super().get_help_option(ctx)
        if option is not None:
            option.metavar = ""
        return option

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """Write the help, listing lazy commands by their summaries without importing them."""
        self._listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self._listing = False

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; turn any error it raises into a one-line CommandFailed."""
        try:
            return super().invoke(ctx)
        except (Exit, ClickException, Abort):
            raise
        except BrokenPipeError:
            _pacify()
            raise Exit(BROKEN_PIPE_EXIT) from None
        except Exception as error:
            message, code = describe(error)
            log.debug("%s", message, exc_info=True)
            raise CommandFailed(message, code) from error

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        """Run the command line; exit with its code (or return it when not standalone)."""
        code = self._run(args, prog_name, complete_var, **extra)
        if standalone_mode:
            sys.exit(code)
        return code

    def _run(self, args: Sequence[str] | None, prog_name: str | None, complete_var: str | None, **extra: Any) -> int:
        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except NoArgsIsHelpError as error:
            # The help was printed already (rich) or is the message (plain click).
            if error.format_message():
                click.echo(error.format_message(), err=True)
            return 2
        except UsageError as error:
            where = error.ctx.command_path if error.ctx is not None else "problemframe"
            message = error.format_message().replace("Value error, ", "")
            _say(f"{where}: {message} (see {where} --help)")
            return error.exit_code
        except CommandFailed as error:
            _say(f"problemframe: {error.format_message()}")
            return error.exit_code
        except ClickException as error:
            _say(f"problemframe: {error.format_message()}")
            return error.exit_code
        except Abort:
            _say("problemframe: aborted")
            return 1
        except BrokenPipeError:
            _pacify()
            return BROKEN_PIPE_EXIT
        except Exit as error:
            return error.exit_code
        return result if isinstance(result, int) else 0


def load_command(name: str, lazy: LazyCommand) -> click.Command:
    """Import a command's module and return the click command its `register(app)` adds under `name`."""
    holder = typer.Typer()
    holder.callback()(lambda: None)  # a callback makes Typer build a group even around a single command
    importlib.import_module(lazy.module).register(holder)
    group = typer.main.get_command(holder)
    assert isinstance(group, TyperGroup)
    command = group.commands[name]
    _adapt(command)
    return command


def _adapt(command: click.Command) -> None:
    """Show flags without a value in help, and name the command in its usage errors, in `command` and below.

    Typer lists `--apply <bool>` (and `--help <bool>`), which reads as if `--apply true` worked. Its parser raises
    some usage errors (an option missing its value) without their command, which would send the reader to the
    root's help instead of the command's.
    """
    for param in [*command.params, command.get_help_option(click.Context(command))]:
        if param is not None and getattr(param, "is_flag", False) and param.metavar is None:
            param.metavar = ""
    parse = command.parse_args

    def parse_args(ctx: click.Context, args: list[str]) -> list[str]:
        with augment_usage_errors(ctx):
            return parse(ctx, args)

    command.parse_args = parse_args  # type: ignore[method-assign]
    if isinstance(command, TyperGroup):
        for sub in command.commands.values():
            _adapt(sub)


def _say(message: str) -> None:
    click.echo(" ".join(message.split("\n")), err=True)


def _pacify() -> None:
    # Later writes, including the interpreter's final flush, must not raise again.
    sys.stdout = PacifyFlushWrapper(sys.stdout)
    sys.stderr = PacifyFlushWrapper(sys.stderr)
