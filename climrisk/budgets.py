"""Limits on the work any input may ask for, checked before the work is done.

A register, an upload or a grid file comes from many hands (pull requests, downloads). Each
budget has a default sized well above any real input, and an environment variable to raise
it for the rare input that needs more, so CI on untrusted pull requests stays bounded while
a large portfolio can still run. The README lists them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from climrisk.errors import UserError


@dataclass(frozen=True)
class Budget:
    """One limit: its default, the environment variable that raises it, and its unit."""

    name: str
    default: int
    env: str
    unit: str
    meaning: str

    def value(self) -> int:
        """The limit in force: the environment variable's value when set, else the default."""
        raw = os.environ.get(self.env)
        if raw is None or not raw.strip():
            return self.default
        try:
            value = int(raw.strip().replace("_", ""))
        except ValueError:
            value = 0
        if value <= 0:
            raise UserError(
                f"{self.env}={raw!r}: not a positive whole number of {self.unit}; "
                f"unset it to use the default {self.default:,}"
            )
        return value

    def refusal(self, found: int, what: str) -> str:
        """The sentence of a refusal: what was found, the limit, and how to raise it."""
        return (
            f"{what} is {found:,} {self.unit}, over the limit of {self.value():,} {self.unit}; "
            f"if this is intended, raise it with {self.env}=<{self.unit}>"
        )


REGISTER_BYTES = Budget(
    "register size", 2_000_000, "CLIMRISK_MAX_REGISTER_BYTES", "bytes",
    "total size of a register's YAML files (the bundled register is about 0.1 MB)",
)
REGISTER_FILES = Budget(
    "register files", 5_000, "CLIMRISK_MAX_REGISTER_FILES", "files",
    "entries in a register's folders (one file per asset or item)",
)
UPLOAD_BYTES = Budget(
    "upload size", 20_000_000, "CLIMRISK_MAX_UPLOAD_BYTES", "bytes",
    "size of a register zip uploaded to the app, packed and unpacked",
)
UPLOAD_ENTRIES = Budget(
    "upload entries", 5_000, "CLIMRISK_MAX_UPLOAD_ENTRIES", "entries",
    "files and folders in a register zip uploaded to the app",
)
GRID_CELLS = Budget(
    "import cells", 200_000_000, "CLIMRISK_MAX_IMPORT_CELLS", "cells",
    "values an imported file may declare over all its variables, since an import reads "
    "them into memory (a CMIP6 monthly 0.25° China file of 86 years has about 30 million)",
)
TABLE_BYTES = Budget(
    "import table size", 50_000_000, "CLIMRISK_MAX_TABLE_BYTES", "bytes",
    "size of an IAMC table (CSV, or XLSX packed and unpacked) an import reads; a Price|Carbon "
    "export of every NGFS scenario, model and region is about a thousand rows, well under "
    "1 MB",
)
SAMPLES = Budget(
    "samples", 100_000, "CLIMRISK_MAX_SAMPLES", "samples",
    "Monte Carlo samples per run (builds use 1,000)",
)
MAP_CELLS = Budget(
    "map cells", 20_000_000, "CLIMRISK_MAX_MAP_CELLS", "cells",
    "lat × lon points an import's --resolution may produce over its region (0.25° over "
    "mainland China is about 36,000)",
)

ALL = (REGISTER_BYTES, REGISTER_FILES, UPLOAD_BYTES, UPLOAD_ENTRIES, GRID_CELLS, TABLE_BYTES,
       SAMPLES, MAP_CELLS)
