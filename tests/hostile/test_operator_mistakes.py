"""Ordinary operator mistakes at every command: a one-line error naming the option or path
and the fix, exit code 2, no traceback, and the previous outputs untouched."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import netCDF4
import numpy as np
import pytest
import tifffile

from tests.hostile.conftest import run, user_error


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--samples", "0"], "--samples 0: give at least 1 (builds use 1000)"),
        (["--samples", "-5"], "--samples -5: give at least 1"),
        (["--samples", "100000000"], "--samples 100,000,000: that is 100,000,000 samples, over "
         "the limit of 100,000 samples; if this is intended, raise it with "
         "CLIMRISK_MAX_SAMPLES=<samples>"),
        (["--seed", "-1"], "--seed -1: give a whole number from 0 to 4,294,967,295"),
        (["--seed", str(2**32)], f"--seed {2**32}: give a whole number from 0 to"),
        (["--grid", "no/such/grid.nc"], "no/such/grid.nc: no scenario grid file"),
    ],
)
def test_score_options(register_copy: Callable[..., Path], args: list[str], message: str) -> None:
    outcome = run("score", "--register", str(register_copy()), *args)
    user_error(outcome, message)


def test_score_out_is_a_file(register_copy: Callable[..., Path], tmp_path: Path) -> None:
    (tmp_path / "results").write_text("keep me", "utf-8")
    outcome = run("score", "--register", str(register_copy()), "--out", str(tmp_path / "results"))
    user_error(outcome, f"{tmp_path / 'results'}: --out is a file, not a folder")
    assert (tmp_path / "results").read_text("utf-8") == "keep me"


def test_score_grid_that_is_not_a_grid(register_copy: Callable[..., Path], tmp_path: Path) -> None:
    (tmp_path / "grid.nc").write_text("<html>not a grid</html>", "utf-8")
    outcome = run("score", "--register", str(register_copy()), "--grid", str(tmp_path / "grid.nc"))
    user_error(outcome, f"{tmp_path / 'grid.nc'}: cannot be read as a grid")


@pytest.mark.parametrize(
    ("date", "message"),
    [
        ("2025-13-01", "--date '2025-13-01': not a date; write it as YYYY-MM-DD"),
        ("yesterday", "--date 'yesterday': not a date"),
        ("31/12/2024", "--date '31/12/2024': not a date"),
        ("1800-01-01", "--date 1800-01-01: give a date from 1900 to 2200"),
        ("", "--date '': not a date"),
        ("2024-02-30", "--date '2024-02-30': not a date"),
    ],
)
def test_build_bad_date_leaves_outputs(register_copy: Callable[..., Path], tmp_path: Path,
                                       date: str, message: str) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "kept.txt").write_text("previous", "utf-8")
    outcome = run("build", "--register", str(register_copy()), "--out", str(out), "--date", date)
    user_error(outcome, message)
    assert (out / "kept.txt").read_text("utf-8") == "previous"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--lang", "fr"], "--lang: unknown language(s) fr; choose from en, zh-Hant"),
        (["--lang", ","], "--lang: unknown language(s) (none)"),
    ],
)
def test_build_bad_language(register_copy: Callable[..., Path], tmp_path: Path,
                            args: list[str], message: str) -> None:
    outcome = run("build", "--register", str(register_copy()), "--out", str(tmp_path / "o"),
                  *args)
    user_error(outcome, message)
    assert not (tmp_path / "o").exists()


def test_build_out_is_a_file(register_copy: Callable[..., Path], tmp_path: Path) -> None:
    (tmp_path / "out").write_text("a file", "utf-8")
    outcome = run("build", "--register", str(register_copy()), "--out", str(tmp_path / "out"))
    user_error(outcome, f"{tmp_path / 'out'}: --out is a file, not a folder")
    assert (tmp_path / "out").read_text("utf-8") == "a file"


def test_build_into_a_foreign_folder(register_copy: Callable[..., Path], tmp_path: Path) -> None:
    out = tmp_path / "docs"
    out.mkdir()
    (out / "annual-report.docx").write_bytes(b"the user's own file")
    outcome = run("build", "--register", str(register_copy()), "--out", str(out), "--lang", "en")
    user_error(outcome, f"{out}: holds files that climrisk did not write (annual-report.docx)")
    assert (out / "annual-report.docx").read_bytes() == b"the user's own file"


def test_build_into_a_read_only_filesystem(register_copy: Callable[..., Path],
                                           tmp_path: Path) -> None:
    import subprocess

    mount = tmp_path / "ro"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m,ro", "tmpfs", str(mount)],
                      capture_output=True, check=False).returncode != 0:
        pytest.skip("mounting a tmpfs is not permitted here")
    try:
        outcome = run("build", "--register", str(register_copy()), "--out",
                      str(mount / "out"), "--lang", "en")
        user_error(outcome, "cannot write the outputs (Read-only file system); the file "
                   "system is read-only; choose another --out")
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def test_build_missing_register(tmp_path: Path) -> None:
    outcome = run("build", "--register", str(tmp_path / "nope"), "--out", str(tmp_path / "o"))
    assert outcome.code == 1 and "register directory does not exist" in outcome.err


def test_build_check_of_a_missing_folder(register_copy: Callable[..., Path],
                                         tmp_path: Path) -> None:
    outcome = run("build", "--register", str(register_copy()), "--out", str(tmp_path / "none"),
                  "--check", "--lang", "en")
    assert outcome.code == 1
    assert f"stale: {tmp_path / 'none'}/numbers.json (missing)" in outcome.err


def test_huge_metric_is_a_chart_error_not_a_crash(register_copy: Callable[..., Path],
                                                  tmp_path: Path) -> None:
    root = register_copy()
    metrics = root / "metrics.yaml"
    metrics.write_text(metrics.read_text("utf-8")
                       .replace("scope2_location: 102000", "scope2_location: 1.0e+308")
                       .replace("scope1_2: 102120.5", "scope1_2: 1.0e+308"), "utf-8")
    outcome = run("build", "--register", str(root), "--out", str(tmp_path / "o"), "--lang", "en")
    user_error(outcome, "chart ghg-trend (GHG emissions by scope): a value of 1e+308 is too "
               "large to draw (the largest is 1e+18); check the register's figures")
    assert not (tmp_path / "o").exists()


# --------------------------------------------------------------------------- imports


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0", "--resolution 0: give a number above 0 and at most 62"),
        ("-1", "--resolution -1: give a number above 0"),
        ("nan", "--resolution nan: give a number above 0"),
        ("inf", "--resolution inf: give a number above 0"),
        ("100", "--resolution 100: give a number above 0 and at most 62"),
        ("0.0001", "--resolution 0.0001: the map it makes is 223,"),
    ],
)
def test_ar6_resolution(tmp_path: Path, value: str, message: str) -> None:
    source = tmp_path / "slr.nc"
    source.write_bytes(b"unused: the option is checked first")
    outcome = run("scenarios", "import", "ar6-sea-level", str(source), "--scenario", "ssp245",
                  "--out", str(tmp_path / "g.nc"), "--resolution", value)
    user_error(outcome, message)
    assert not (tmp_path / "g.nc").exists()


@pytest.mark.parametrize("value", ["0", "-1.2", "nan", "1000"])
def test_ngfs_deflator(tmp_path: Path, value: str) -> None:
    source = tmp_path / "ngfs.csv"
    source.write_text("Model,Scenario,Region,Variable,Unit,2030\n", "utf-8")
    outcome = run("scenarios", "import", "ngfs", str(source), "--out", str(tmp_path / "g.nc"),
                  "--deflator", value)
    user_error(outcome, f"--deflator {float(value):g}: give a number above 0 and at most 100")


def big_netcdf(path: Path, cells: float) -> Path:
    """A tiny file that declares ``cells`` float32 values and stores none of them."""
    side = round(cells**0.5)
    with netCDF4.Dataset(path, "w") as nc:
        nc.createDimension("lat", side)
        nc.createDimension("lon", side)
        nc.createDimension("return_period", 1)
        lat = nc.createVariable("lat", "f8", ("lat",))
        lon = nc.createVariable("lon", "f8", ("lon",))
        lat.units, lon.units = "degrees_north", "degrees_east"
        var = nc.createVariable("flood_depth", "f4", ("return_period", "lat", "lon"),
                                chunksizes=(1, 1024, 1024), zlib=True)
        var.units = "m"
    return path


def test_netcdf_declaring_a_billion_cells(tmp_path: Path) -> None:
    """Refused from the declared sizes; time and memory are printed (``-s``), not asserted."""
    import resource

    source = big_netcdf(tmp_path / "huge.nc", 1e9)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    outcome = run("scenarios", "import", "hazard-map", str(source), "--out",
                  str(tmp_path / "g.nc"))
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"\n{source.stat().st_size / 1e3:.0f} kB file declaring 1e9 cells refused in "
          f"{elapsed:.2f} s; peak RSS of the test process {after / 1024:.0f} MiB "
          f"(+{(after - before) / 1024:.0f} MiB)")
    user_error(outcome, f"{source}: the data it declares is 1,000,0", "cells, over the limit "
               "of 200,000,000 cells; if this is intended, raise it with "
               "CLIMRISK_MAX_IMPORT_CELLS=<cells>, or crop the file to the region first")


def geotiff(path: Path, data: np.ndarray, nodata: str | None = "-9999") -> Path:
    extratags = [(33550, 12, 3, (1.0, 1.0, 0.0), False),
                 (33922, 12, 6, (0.0, 0.0, 0.0, 110.0, 40.0, 0.0), False)]
    if nodata is not None:
        extratags.append((42113, "s", 0, nodata, False))
    tifffile.imwrite(path, data.astype("float32"), extratags=extratags)
    return path


@pytest.mark.parametrize(
    ("periods", "message"),
    [
        (["-10", "100"], "--return-period: return period(s) -10 are not possible"),
        (["0", "100"], "--return-period: return period(s) 0 are not possible"),
        (["100", "100"], "--return-period: return period(s) 100 given twice"),
        (["nan", "100"], "--return-period: return period(s) nan are not possible"),
    ],
)
def test_hazard_return_periods(tmp_path: Path, periods: list[str], message: str) -> None:
    maps = [geotiff(tmp_path / f"m{i}.tif", np.ones((4, 4))) for i in range(2)]
    args = [a for p in periods for a in ("--return-period", p)]
    outcome = run("scenarios", "import", "hazard-map", *map(str, maps), *args, "--out",
                  str(tmp_path / "g.nc"))
    user_error(outcome, message)


def test_geotiff_nodata_that_is_not_a_number(tmp_path: Path) -> None:
    tif = geotiff(tmp_path / "m.tif", np.ones((4, 4)), nodata="n/a")
    outcome = run("scenarios", "import", "hazard-map", str(tif), "--return-period", "100",
                  "--out", str(tmp_path / "g.nc"))
    user_error(outcome, f"{tif}: the GDAL NoData tag is 'n/a', not a number")


def test_all_nodata_map_is_refused(tmp_path: Path) -> None:
    tif = geotiff(tmp_path / "m.tif", np.full((4, 4), -9999.0))
    outcome = run("scenarios", "import", "hazard-map", str(tif), "--return-period", "100",
                  "--out", str(tmp_path / "g.nc"))
    user_error(outcome, "flood_depth has no value inside the region (all missing or NoData)")
    assert not (tmp_path / "g.nc").exists()


@pytest.mark.parametrize("kind", ["symlink", "folder", "fifo", "missing"])
def test_import_input_that_is_not_a_regular_file(tmp_path: Path, kind: str) -> None:
    source = tmp_path / "input.nc"
    secret = tmp_path / "secret-target.nc"
    secret.write_text("SECRET", "utf-8")
    if kind == "symlink":
        source.symlink_to(secret)
    elif kind == "folder":
        source.mkdir()
    elif kind == "fifo":
        os.mkfifo(source)
    message = {
        "symlink": f"{source}: is a symbolic link; climrisk imports only regular files",
        "folder": f"{source}: is not a regular file",
        "fifo": f"{source}: is not a regular file",
        "missing": f"{source}: no such file",
    }[kind]
    for command in (["cmip6", str(source), "--scenario", "ssp245"],
                    ["ar6-sea-level", str(source), "--scenario", "ssp245"],
                    ["ngfs", str(source)], ["hazard-map", str(source)]):
        outcome = run("scenarios", "import", *command, "--out", str(tmp_path / "g.nc"))
        user_error(outcome, message)
        assert "SECRET" not in outcome.text and "secret-target" not in outcome.text


def test_import_out_is_a_folder(tmp_path: Path) -> None:
    (tmp_path / "grids").mkdir()
    outcome = run("scenarios", "import", "hazard-map", str(tmp_path / "x.nc"), "--out",
                  str(tmp_path / "grids"))
    user_error(outcome, f"{tmp_path / 'grids'}: --out is a folder; give a file name ending in "
               ".nc")


def test_diff_bad_revision(tmp_path: Path) -> None:
    outcome = run("diff", "no-such-rev", "HEAD", "--repo", str(tmp_path))
    user_error(outcome, "not inside a git repository", "git init")
