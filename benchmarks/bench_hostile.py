"""Hostile-input budgets: how fast the worst uploads and files are settled, and in how much memory.

- a 19 MB register zip (150 dense 127 kB YAML files, stored): unpack + validate, median of 5;
- a netCDF of a few kB that declares 10^9 cells: ``climrisk scenarios import hazard-map`` in a
  fresh process, wall time and the child's peak RSS, median of 3.

Run: ``python benchmarks/bench_hostile.py``.
"""

from __future__ import annotations

import contextlib
import io
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import netCDF4

REPO = Path(__file__).resolve().parents[1]
MINIMAL = REPO / "tests" / "data" / "registers" / "minimal"


def upload_zip() -> bytes:
    dense = ("a: [" + "1," * 63_000 + "1]\n").encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for path in sorted(MINIMAL.rglob("*.yaml")):
            archive.writestr(f"reg/{path.relative_to(MINIMAL).as_posix()}", path.read_bytes())
        for n in range(150):
            archive.writestr(f"reg/items/X-{n:03d}.yaml", dense)
    return buffer.getvalue()


def bench_upload() -> None:
    from climrisk.appdata import unpack_register_zip
    from climrisk.errors import UserError
    from climrisk.register import load_register

    data = upload_zip()
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(5):
            start = time.perf_counter()
            try:
                load_register(unpack_register_zip(data, tmp))
                outcome = "accepted"
            except UserError:
                outcome = "refused"
            times.append(time.perf_counter() - start)
    print(f"19 MB upload ({len(data) / 1e6:.1f} MB): {outcome} in "
          f"{statistics.median(times):.2f} s median of 5")


def bench_declared_cells() -> None:
    times, peaks = [], []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "huge.nc"
        with netCDF4.Dataset(path, "w") as nc:
            for dim, n in (("return_period", 1), ("lat", 31_623), ("lon", 31_623)):
                nc.createDimension(dim, n)
            nc.createVariable("lat", "f8", ("lat",))
            nc.createVariable("lon", "f8", ("lon",))
            var = nc.createVariable("flood_depth", "f4", ("return_period", "lat", "lon"),
                                    chunksizes=(1, 1024, 1024), zlib=True)
            var.units = "m"
        for _ in range(3):
            start = time.perf_counter()
            proc = subprocess.run(
                [sys.executable, "-m", "climrisk.cli", "scenarios", "import", "hazard-map",
                 str(path), "--out", str(Path(tmp) / "out.nc")],
                capture_output=True, text=True, check=False,
            )
            times.append(time.perf_counter() - start)
            peaks.append(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
        print(f"netCDF of {path.stat().st_size / 1e3:.0f} kB declaring 1e9 cells: exit "
              f"{proc.returncode} in {statistics.median(times):.2f} s median of 3 (process "
              f"start and imports included), peak RSS {max(peaks):.0f} MiB")
        print("  " + proc.stderr.strip().splitlines()[0][:160])
        from climrisk.errors import UserError
        from climrisk.grids.importers import import_hazard_map

        base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        inner = []
        for _ in range(5):
            start = time.perf_counter()
            with contextlib.suppress(UserError):
                import_hazard_map([path])
            inner.append(time.perf_counter() - start)
        grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 - base
        print(f"  the refusal itself (imports done): {statistics.median(inner) * 1e3:.0f} ms "
              f"median of 5, peak RSS grew by {grown:.0f} MiB")


if __name__ == "__main__":
    bench_upload()
    bench_declared_cells()
