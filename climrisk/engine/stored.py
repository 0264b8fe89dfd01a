"""Engine results kept on disk between processes, keyed by everything that decides them.

A server start forgets every in-process cache, and the committee's first page then waited for
a whole engine run (composing the scenario set around the sites and a thousand samples). A
run is a pure function of the code, the library versions, the register, the scenario data,
the samples, the seed and the assumptions; a stored run whose key matches all of them is the
run itself, read back as data (netCDF, never pickle), and nothing else is ever reused.

The store lives in ``CLIMRISK_CACHE_DIR``, else ``$XDG_CACHE_HOME/climrisk``, else
``~/.cache/climrisk``; an empty ``CLIMRISK_CACHE_DIR`` turns it off. It is only a shortcut:
a store that cannot be read or written is passed over, and the run is computed.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from functools import lru_cache
from importlib import import_module
from pathlib import Path

import xarray as xr

from climrisk.engine.results import Results
from climrisk.paths import PACKAGE

CACHE_ENV = "CLIMRISK_CACHE_DIR"
FORMAT = 1
"""Bumped when what a stored file holds changes."""
KEEP = 64
"""Stored runs kept; the least recently used beyond this are removed."""
LABELS_ATTR = "climrisk_stored_labels"
LIBRARIES = ("numpy", "scipy", "pandas", "xarray")
"""Libraries whose version can change a run's numbers (random streams, interpolation)."""


def store_dir() -> Path | None:
    """Where stored runs live, or None when the store is turned off."""
    chosen = os.environ.get(CACHE_ENV)
    if chosen is not None:
        return Path(chosen) / "runs" if chosen else None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "climrisk" / "runs"


@lru_cache(maxsize=1)
def code_digest() -> str:
    """SHA-256 over the package's own files (code, parameters, packs, tables), so any edit
    to what the engine runs makes earlier stored runs unreachable."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            digest.update(str(path.relative_to(PACKAGE)).encode() + b"\0")
            digest.update(path.read_bytes())
    for name in LIBRARIES:
        digest.update(f"{name}=={import_module(name).__version__}\0".encode())
    return digest.hexdigest()


def run_key(*parts: object) -> str:
    """The key of one run: the code's digest, the format and ``parts`` (register, scenario
    data, samples, seed, assumptions), each given by its content, not by identity."""
    text = json.dumps([FORMAT, code_digest(), *map(repr, parts)])
    return hashlib.sha256(text.encode()).hexdigest()


def load(key: str) -> tuple[Results, dict[str, str]] | None:
    """The stored run under ``key`` and the labels saved with it, or None."""
    folder = store_dir()
    path = folder / f"{key}.nc" if folder else None
    if path is None or not path.is_file():
        return None
    try:
        ds = xr.load_dataset(path, engine="netcdf4")
        labels = json.loads(ds.attrs.pop(LABELS_ATTR, "{}"))
        os.utime(path)  # recently used
    except Exception:  # a damaged or foreign file is no run: compute it again
        return None
    return Results(ds), {str(k): str(v) for k, v in labels.items()}


def save(key: str, results: Results, labels: dict[str, str]) -> None:
    """Store a run under ``key`` (whole file or nothing), then trim the store to ``KEEP``."""
    folder = store_dir()
    if folder is None:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        ds = results.dataset.copy()
        ds.attrs[LABELS_ATTR] = json.dumps(labels, ensure_ascii=False)
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".part")
        os.close(fd)
        try:
            ds.to_netcdf(tmp, engine="netcdf4")
            os.replace(tmp, folder / f"{key}.nc")
        finally:
            Path(tmp).unlink(missing_ok=True)
        runs = sorted(folder.glob("*.nc"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
        for old in runs[KEEP:]:
            old.unlink(missing_ok=True)
    except OSError:  # a read-only or full disk only costs the next start a run
        return
