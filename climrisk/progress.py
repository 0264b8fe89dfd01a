"""Progress bars for long commands: on a terminal only, never in CI logs or pipes."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager


def wanted() -> bool:
    """A bar is drawn when stderr is a terminal and the run is not under CI."""
    return sys.stderr.isatty() and not os.environ.get("CI")


@contextmanager
def bar(description: str, total: float | None) -> Iterator[Callable[[float], object]]:
    """``advance(n)`` for a rich progress bar of ``total`` steps (a no-op when not wanted)."""
    if not wanted():
        yield lambda n: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn("{task.description}"), BarColumn(),
               TextColumn("{task.percentage:>3.0f}%"), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as p:
        task = p.add_task(description, total=total)
        yield lambda n: p.advance(task, n)
