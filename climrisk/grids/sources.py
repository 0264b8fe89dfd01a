"""The fact tables the bundled default is built from (``scenarios/sources/*.csv``).

Each table keeps its ``status`` and ``source`` columns; ``line`` is added here (the CSV line
number, header = 1) so that every grid value can cite the rows it came from.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from climrisk.paths import bundled


def directory() -> Path:
    """Where the source tables live."""
    return bundled("scenarios") / "sources"


def read(name: str) -> pd.DataFrame:
    """One source table with a ``line`` column for provenance."""
    frame = pd.read_csv(directory() / name)
    frame.insert(0, "line", range(2, len(frame) + 2))
    return frame


def cite(name: str, lines: Iterable[int]) -> str:
    """``file.csv:2,5-9`` for the given CSV lines, compact and sorted."""
    nums = sorted({int(n) for n in lines})
    parts: list[str] = []
    start = prev = nums[0]
    for n in [*nums[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        parts.append(f"{start}" if start == prev else f"{start}-{prev}")
        if n is not None:
            start = prev = n
    return f"scenarios/sources/{name}:{','.join(parts)}"
