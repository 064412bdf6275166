"""What every command of the ``extractor`` CLI shares: the one error handler, logging on
stderr, and the signals.

- A usage error (a bad option value, an unknown option, a missing argument) is one line on
  stderr that names the option and what it takes, and exit code 2; never a Python traceback.
- An :class:`~extractor.errors.ExtractorError` that stops a command is one line and the exit
  code its class carries (2 for a mistake in what was asked, 1 for an input or output that
  failed): commands raise, and this handler says it, the same for every command.
- ``-v``/``-vv``/``-q`` may come before or after the command; logs go to stderr, once.
- Every non-zero exit says why in one line, also with ``-q``.
- SIGTERM is turned into :class:`Terminated` (a ``KeyboardInterrupt``), so that a batch stops
  its workers and leaves its output resumable, as on Ctrl-C.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import sys
from collections.abc import Sequence
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from types import FrameType
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from ..errors import ExtractorError

try:  # typer 0.2x carries its own copy of click, whose exceptions it raises
    from typer._click import exceptions as click_errors
except ImportError:  # pragma: no cover - an older typer, built on click itself
    from click import exceptions as click_errors  # type: ignore[no-redef]

__all__ = [
    "CommandGroup",
    "QuietOption",
    "Terminated",
    "VerboseOption",
    "error_line",
    "exit_code",
    "handle_sigterm",
    "is_quiet",
    "signal_name",
]

PROGRAM = "extractor"


def error_line(message: str) -> None:
    """Print ``extractor: error: MESSAGE`` on stderr."""
    typer.echo(f"{PROGRAM}: error: {message}", err=True)


class CommandGroup(TyperGroup):
    """The top-level command: errors as one line, every exit code with its reason."""

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        _verbosity.reset()
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click_errors.NoArgsIsHelpError as exc:
            typer.echo(exc.ctx.get_help() if exc.ctx else "", err=True)
            sys.exit(2)
        except click_errors.UsageError as exc:
            where = exc.ctx.command_path if exc.ctx else PROGRAM
            message = exc.format_message().rstrip(".")
            error_line(f"{message} (see '{where} --help')")
            sys.exit(exc.exit_code)
        except click_errors.ClickException as exc:
            error_line(exc.format_message())
            sys.exit(exc.exit_code)
        except typer.Abort:
            error_line("aborted")
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)

    def invoke(self, ctx: Any) -> Any:
        """The one error handler: what stops a command becomes one line and its exit code."""
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort, click_errors.ClickException):
            raise
        except ExtractorError as exc:
            error_line(str(exc))
            raise typer.Exit(exc.exit_code) from None
        except BrokenProcessPool as exc:
            error_line(
                f"a worker process died ({exc}); what was written is kept: "
                "run the same command with --resume to go on"
            )
            raise typer.Exit(1) from None
        except KeyboardInterrupt as exc:  # a command that did not say more about it
            what = "terminated" if isinstance(exc, Terminated) else "interrupted"
            error_line(what)
            raise typer.Exit(_exit_code(exc)) from None
        except BrokenPipeError:
            _silence_stdout()
            error_line("standard output was closed before everything was written")
            raise typer.Exit(1) from None
        except Exception as exc:  # a bug: one line, and the traceback with -v
            logging.getLogger(__name__).info("unexpected error", exc_info=True)
            error_line(
                f"unexpected {type(exc).__name__}: {exc} (this is a bug; run again with -v "
                "for the traceback, and report it)"
            )
            raise typer.Exit(1) from None


def _silence_stdout() -> None:
    """After a broken pipe, point stdout at /dev/null, so that the exit does not fail again
    flushing it (as the Python documentation advises)."""
    with contextlib.suppress(OSError, ValueError):  # no real file descriptor (a test's)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


# --- logging ------------------------------------------------------------------------------


@dataclass
class _Verbosity:
    verbose: int = 0
    quiet: bool = False

    def reset(self) -> None:
        self.verbose, self.quiet = 0, False
        self.apply()

    def apply(self) -> None:
        if self.quiet:
            level = logging.ERROR
        else:
            level = (logging.WARNING, logging.INFO, logging.DEBUG)[min(self.verbose, 2)]
        root = logging.getLogger()
        if not any(isinstance(handler, _StderrHandler) for handler in root.handlers):
            root.addHandler(_StderrHandler())
        root.setLevel(level)


_verbosity = _Verbosity()


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Log records to whatever ``sys.stderr`` is now (a test runner replaces it), one handler
    for the whole program, so that nothing is printed twice."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)
        self.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        self.stream = sys.stderr
        super().emit(record)


def _more_verbose(value: int) -> None:
    _verbosity.verbose += value
    _verbosity.apply()


def _quiet(value: bool) -> None:
    if value:
        _verbosity.quiet = True
        _verbosity.apply()


def is_quiet() -> bool:
    """Whether ``-q`` was given: only errors on stderr."""
    return _verbosity.quiet


VerboseOption = Annotated[
    int,
    typer.Option(
        "--verbose",
        "-v",
        count=True,
        callback=_more_verbose,
        expose_value=False,
        help="More log detail on stderr (-vv for debugging).",
    ),
]
QuietOption = Annotated[
    bool,
    typer.Option(
        "--quiet",
        "-q",
        callback=_quiet,
        expose_value=False,
        help="Only errors on stderr: no progress bar, no summary.",
    ),
]


# --- signals ------------------------------------------------------------------------------


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where the program is, so that it stops as on Ctrl-C."""


def _exit_code(interrupt: KeyboardInterrupt) -> int:
    """128 + the signal's number, as a shell reports a process that a signal ended."""
    return 128 + (signal.SIGTERM if isinstance(interrupt, Terminated) else signal.SIGINT)


def exit_code(interrupt: BaseException) -> int:
    """The exit code for a run that ``interrupt`` stopped: 130 for Ctrl-C, 143 for SIGTERM."""
    cause = interrupt.__cause__ or interrupt
    return _exit_code(cause if isinstance(cause, KeyboardInterrupt) else KeyboardInterrupt())


def signal_name(interrupt: BaseException) -> str:
    """ "terminated" for SIGTERM, "interrupted" for Ctrl-C."""
    return "terminated" if exit_code(interrupt) == 128 + signal.SIGTERM else "interrupted"


def _on_sigterm(number: int, frame: FrameType | None) -> None:
    raise Terminated()


def handle_sigterm() -> None:
    """Turn SIGTERM into :class:`Terminated` in this (the main) thread; elsewhere, nothing."""
    with contextlib.suppress(ValueError):  # not the main thread: SIGTERM stays as it is
        signal.signal(signal.SIGTERM, _on_sigterm)
