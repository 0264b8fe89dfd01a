"""The ``climrisk`` command line.

Each command group lives in ``climrisk/commands``; heavy imports happen inside the commands
so that ``climrisk --help`` and ``climrisk validate`` start quickly.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

import typer

from climrisk.errors import UserError

F = TypeVar("F", bound=Callable[..., Any])

app = typer.Typer(
    name="climrisk",
    help="Climate risk register and IFRS S2 / HKEX Part D scenario modeller.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def user_errors(func: F) -> F:
    """Print a ``UserError`` without a traceback and exit with its code."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except UserError as exc:
            print(f"error: {exc}", file=sys.stderr)
            raise typer.Exit(exc.exit_code) from None

    return wrapper  # type: ignore[return-value]


def _register_commands() -> None:
    from climrisk.commands import register_commands

    register_commands.attach(app)
    for name in ("grid_commands", "engine_commands", "disclosure_commands"):
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
