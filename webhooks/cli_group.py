"""The root command group: every failure leaves the command line as one line on standard error and a non-zero exit."""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence
from typing import Any

# Typer carries its own copy of click; its exceptions are the ones commands raise.
from typer import Abort, Exit
from typer import _click as click
from typer._click.exceptions import ClickException, NoArgsIsHelpError, UsageError
from typer._click.utils import PacifyFlushWrapper
from typer.core import TyperGroup

from webhooks.cli_errors import describe

log = logging.getLogger("problemframe")

# 128 + SIGPIPE, what a shell reports for a command whose reader went away (`problemframe check x | head -1`).
BROKEN_PIPE_EXIT = 141


class CommandFailed(ClickException):
    """A command stopped on an error already put in one line."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code


class RootGroup(TyperGroup):
    """Typer's group, reporting usage errors and failures in one line instead of a panel or a traceback."""

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


def _say(message: str) -> None:
    click.echo(" ".join(message.split("\n")), err=True)


def _pacify() -> None:
    # Later writes, including the interpreter's final flush, must not raise again.
    sys.stdout = PacifyFlushWrapper(sys.stdout)
    sys.stderr = PacifyFlushWrapper(sys.stderr)
