"""Range checks for command-line options, so a mistyped number is a one-line user error.

Each check names the option, what was given, the accepted range and a fix, and runs before
any work starts.
"""

from __future__ import annotations

import datetime as dt
import math

from climrisk.budgets import MAP_CELLS, SAMPLES
from climrisk.errors import UserError

SEED_MAX = 2**32 - 1  # numpy's legacy seeding range, kept so seeds stay portable
DATE_RANGE = (dt.date(1900, 1, 1), dt.date(2200, 12, 31))


def check_samples(samples: int) -> int:
    """``--samples``: at least 1, at most the samples budget."""
    limit = SAMPLES.value()
    if samples < 1:
        raise UserError(f"--samples {samples}: give at least 1 (builds use 1000)")
    if samples > limit:
        raise UserError(f"--samples {samples:,}: " + SAMPLES.refusal(samples, "that"))
    return samples


def check_seed(seed: int) -> int:
    """``--seed``: a whole number from 0 to 2^32 - 1."""
    if not 0 <= seed <= SEED_MAX:
        raise UserError(f"--seed {seed}: give a whole number from 0 to {SEED_MAX:,}")
    return seed


def check_date(text: str | None) -> str | None:
    """``--date``: an ISO date (YYYY-MM-DD) between 1900 and 2200, or none."""
    if text is None:
        return None
    try:
        day = dt.date.fromisoformat(text.strip())
    except ValueError:
        raise UserError(f"--date {text!r}: not a date; write it as YYYY-MM-DD, "
                        "e.g. 2025-03-31") from None
    if not DATE_RANGE[0] <= day <= DATE_RANGE[1]:
        raise UserError(f"--date {text}: give a date from 1900 to 2200")
    return day.isoformat()


def check_positive(option: str, value: float | None, *, low: float = 0.0,
                   high: float = math.inf, meaning: str = "") -> float | None:
    """A finite number above ``low`` (exclusive) and up to ``high``; ``None`` passes."""
    if value is None:
        return None
    if not math.isfinite(value) or value <= low or value > high:
        span = f"above {low:g}" + (f" and at most {high:g}" if math.isfinite(high) else "")
        raise UserError(f"{option} {value:g}: give a number {span}" +
                        (f" ({meaning})" if meaning else ""))
    return value


def check_resolution(resolution: float, region: tuple[float, float, float, float]) -> float:
    """``--resolution`` in degrees: positive, at most the region, and within the map budget."""
    lat0, lat1, lon0, lon1 = region
    check_positive("--resolution", resolution, high=max(lat1 - lat0, lon1 - lon0),
                   meaning="grid spacing in degrees, e.g. 0.25 or 1")
    cells = math.ceil((lat1 - lat0) / resolution + 1) * math.ceil((lon1 - lon0) / resolution + 1)
    if cells > MAP_CELLS.value():
        raise UserError(f"--resolution {resolution:g}: " + MAP_CELLS.refusal(
            cells, "the map it makes") + ", or choose a coarser spacing")
    return resolution
