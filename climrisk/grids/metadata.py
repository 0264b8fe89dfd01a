"""The grid format's metadata: the variable table, CF attributes, history and ``check_grid``.

``climrisk/data/variables.yaml`` is the single source of names, dims and units; the builder
and the importers take their attributes from it, and ``check_grid`` holds any dataset to it,
so a grid from any source looks the same to the engine and the app.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from typing import Any

import numpy as np
import xarray as xr
from ruamel.yaml import YAML

from climrisk import __version__
from climrisk.grids.errors import GridContractError
from climrisk.paths import package_data

CONVENTIONS = "CF-1.11"
SPATIAL = ("lat", "lon")


@cache
def table() -> dict[str, Any]:
    """The parsed ``variables.yaml``."""
    with package_data("variables.yaml").open(encoding="utf-8") as fh:
        loaded: dict[str, Any] = YAML(typ="safe").load(fh)
    return loaded


def variables() -> dict[str, dict[str, Any]]:
    """Variable name → its entry in the table."""
    return dict(table()["variables"])


def cf_attrs(name: str, status: str, source: str, **extra: Any) -> dict[str, Any]:
    """The attributes a variable carries: CF ones from the table plus status and source."""
    entry = variables()[name]
    attrs = {k: entry[k] for k in ("standard_name", "long_name", "units", "units_metadata",
                                   "cell_methods") if k in entry}
    attrs["climrisk_status"] = status
    attrs["climrisk_source"] = source
    attrs.update(extra)
    return attrs


def set_coordinate_attrs(ds: xr.Dataset) -> xr.Dataset:
    """Copy the table's coordinate attributes onto whichever coordinates ``ds`` has."""
    for name, entry in table()["coordinates"].items():
        if name in ds.coords:
            attrs = {k: v for k, v in entry.items() if v is not None}
            ds[name].attrs.update(attrs)
    if "lat" in ds.coords:
        ds["lat"].attrs["axis"] = "Y"
    if "lon" in ds.coords:
        ds["lon"].attrs["axis"] = "X"
    return ds


def global_attrs(title: str, source: str, references: str, comment: str) -> dict[str, str]:
    """Global attributes every grid carries (CF plus ``climrisk_`` keys)."""
    return {
        "Conventions": CONVENTIONS,
        "title": title,
        "institution": "climrisk project",
        "source": source,
        "history": "",
        "references": references,
        "comment": comment,
        "climrisk_grid_version": str(table()["grid_version"]),
        "climrisk_baseline_period": str(table()["baseline_period"]),
    }


def append_history(ds: xr.Dataset, entry: str, *, timestamp: bool = True) -> xr.Dataset:
    """Append one line to ``history`` (CF: newest last), stamped unless reproducibility wins.

    The committed default is rebuilt and compared in tests, so its entries carry no time.
    """
    line = f"climrisk {__version__}: {entry}"
    if timestamp:
        line = f"{datetime.now(UTC).strftime('%Y-%m-%dT%H:%M:%SZ')} {line}"
    old = str(ds.attrs.get("history", "")).strip()
    ds.attrs["history"] = f"{old}\n{line}" if old else line
    return ds


def check_grid(ds: xr.Dataset) -> xr.Dataset:
    """Raise ``GridContractError`` listing every way ``ds`` breaks the grid contract.

    Checks: each data variable is known, has the table's dims (optional dims allowed in
    front) and units; coordinates exist with the right units; lat/lon are ascending.
    """
    known = variables()
    problems: list[str] = []
    if not ds.data_vars:
        problems.append("the dataset has no data variables")
    for name, var in ds.data_vars.items():
        entry = known.get(str(name))
        if entry is None:
            problems.append(f"{name}: unknown variable; known: {', '.join(sorted(known))}")
            continue
        want = list(entry["dims"])
        have = list(var.dims)
        core = [d for d in have if d in want]
        extra = [d for d in have if d not in want]
        if core != want or (extra and have[: len(extra)] != extra):
            problems.append(f"{name}: dims {tuple(have)}, expected {tuple(want)} "
                            "(optionally with extra leading dims such as return_period)")
        units = var.attrs.get("units")
        if units != entry["units"]:
            problems.append(f"{name}: units {units!r}, expected {entry['units']!r}")
    coord_table = table()["coordinates"]
    for dim in sorted({str(d) for v in ds.data_vars.values() for d in v.dims}):
        if dim not in ds.coords:
            problems.append(f"dimension {dim!r} has no coordinate variable")
            continue
        want_units = coord_table.get(dim, {}).get("units")
        if want_units and ds[dim].attrs.get("units") not in (want_units, None):
            problems.append(f"coordinate {dim}: units {ds[dim].attrs.get('units')!r}, "
                            f"expected {want_units!r}")
    for axis in SPATIAL:
        if axis in ds.coords and ds[axis].size > 1:
            values = np.asarray(ds[axis].values, dtype=float)
            if not np.all(np.diff(values) > 0):
                problems.append(f"coordinate {axis} must be strictly ascending")
    if problems:
        raise GridContractError("the dataset is not a valid climrisk grid:\n  "
                                + "\n  ".join(problems))
    return ds
