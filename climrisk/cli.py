"""The ``climrisk`` command line.

Each command group lives in ``climrisk/commands``; heavy imports happen inside the commands
so that ``climrisk --help`` and ``climrisk validate`` start quickly.
"""

from __future__ import annotations

import sys
import warnings
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

import typer

from climrisk.errors import InputWarning, UserError

F = TypeVar("F", bound=Callable[..., Any])

app = typer.Typer(
    name="climrisk",
    help="Climate risk register and IFRS S2 / HKEX Part D scenario modeller.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # help is plain text: RST or Markdown marks would show as written
)


def _version(value: bool) -> None:
    if value:
        from climrisk import __version__

        typer.echo(f"climrisk {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Print the version and exit."),
) -> None:
    """Climate risk register and IFRS S2 / HKEX Part D scenario modeller."""


def user_errors(func: F) -> F:
    """Print a ``UserError`` without a traceback and exit with its code.

    An ``OSError`` that reaches here is the machine's answer to a path the user gave (missing,
    unreadable, full, read-only), so it is reported the same way, with exit code 2; so is
    running out of memory. Every other exception is a bug and keeps its traceback.
    """

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("always", InputWarning)
                warnings.showwarning = _show_input_warning
                return func(*args, **kwargs)
        except UserError as exc:
            print(f"error: {exc}", file=sys.stderr)
            raise typer.Exit(exc.exit_code) from None
        except OSError as exc:
            where = f"{exc.filename}: " if exc.filename else ""
            print(f"error: {where}{exc.strerror or exc}; check the path, its permissions and "
                  "the free disk space", file=sys.stderr)
            raise typer.Exit(UserError.exit_code) from None
        except MemoryError:
            print("error: out of memory; use a smaller input, fewer --samples or a machine "
                  "with more memory", file=sys.stderr)
            raise typer.Exit(UserError.exit_code) from None

    return wrapper  # type: ignore[return-value]


_plain_showwarning = warnings.showwarning


def _show_input_warning(message: Warning | str, category: type[Warning], *args: Any,
                        **kwargs: Any) -> None:
    """``warning: …`` lines for suspicious inputs; other warnings as Python shows them."""
    if issubclass(category, InputWarning):
        print(f"warning: {message}", file=sys.stderr)
    else:
        _plain_showwarning(message, category, *args, **kwargs)


def _register_commands() -> None:
    from climrisk.commands import register_commands

    register_commands.attach(app)
    for name in ("grid_commands", "engine_commands", "disclosure_commands", "pue_commands",
                 "decision_commands"):
        try:
            module = __import__(f"climrisk.commands.{name}", fromlist=["attach"])
        except ModuleNotFoundError as exc:
            if exc.name != f"climrisk.commands.{name}":
                raise
            continue
        module.attach(app)


_register_commands()

if __name__ == "__main__":
    app()
