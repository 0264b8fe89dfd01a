"""From a register folder and a grid file to every output file, in memory.

``climrisk build``, ``build --check`` and ``climrisk diff`` all go through ``render``, so a
committed output, its check and a pull-request diff can never disagree about the numbers.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import xarray as xr

from climrisk.disclosure.effects import Effects, ResultsLike
from climrisk.disclosure.evidence import grid_attributes
from climrisk.disclosure.provenance import Provenance, code_version, file_sha256, git_tree_id
from climrisk.disclosure.reconciliation import require_reconciled
from climrisk.register import load_register
from climrisk.register.models import Register

if TYPE_CHECKING:
    from climrisk.disclosure.document import Document
    from climrisk.grids.sets import Composed, Scenarios

BUILD_SAMPLES = 1000  # Monte Carlo samples per build; printed in the provenance
BUILD_SEED = 20250415
GRID_ATTRS = ("title", "source", "climrisk_grid_version", "climrisk_baseline_period")
ENGINE_ATTRS = (
    "title", "uncertainty", "assumptions", "revenue_basis", "usd_rate_basis", "scope1_allocation"
)


def default_grid_path() -> Path:
    """The bundled scenario grid."""
    from climrisk.grids.storage import default_path

    return default_path()


def open_grid(path: Path) -> xr.Dataset:
    """A checked scenario grid; large files stay on disk and only the sites' chunks are read."""
    from climrisk.grids.storage import open_grid as open_checked

    return open_checked(path)


def scenarios_for(register: Register, path: Path | None) -> Scenarios:
    """The scenario data of a build: ``path`` (a set or a grid file), else the set the
    register names, else the bundled default."""
    from climrisk.grids.sets import open_scenarios, register_set

    chosen = path or register_set(register.root, register.main.scenario_analysis.scenario_set)
    return open_scenarios(chosen)


def grid_info(grid: xr.Dataset, grid_file: Path | None,
              composed: Composed | None = None) -> dict[str, str]:
    """The grid lines of the provenance: attributes, file checksum, and each set layer."""
    info = {k: str(grid.attrs[k]) for k in GRID_ATTRS if k in grid.attrs}
    if grid_file is not None:
        info["file sha256"] = file_sha256(grid_file)
    if composed is not None:
        info["set"] = composed.name
        for layer in composed.layers:
            rec = layer.record()
            ids = ", ".join(f"{k.removeprefix('climrisk_')} {v}" for k, v in rec.items()
                            if str(k).startswith("climrisk_"))
            title = f", {rec['title']}" if rec.get("title") else ""
            info[f"source {layer.index + 1}"] = (
                f"{rec['file']} sha256 {rec['sha256']}{title}" + (f" ({ids})" if ids else ""))
    return info


def at_sites(register: Register, composed: Composed) -> Composed:
    """The set composed around the register's sites alone.

    Every run of a build or of the app's decisions (results, measures, sensitivity) reads
    the same sites; composing once for all of them keeps a worldwide layer from being
    placed again, map by map, in each run.
    """
    from climrisk.engine.portfolio import AssetTable

    sites = AssetTable.from_register(register)
    return composed.around(sites.lat, sites.lon)


def document_for(
    register: Register,
    grid: xr.Dataset,
    grid_file: Path | None,
    *,
    samples: int = BUILD_SAMPLES,
    seed: int = BUILD_SEED,
    date: str | None = None,
    results: ResultsLike | None = None,
    composed: Composed | None = None,
    comparatives: bool = True,
) -> Document:
    """Run the engine on the register (unless ``results`` of that run are given) and compose
    the disclosure; refuse while management's levels and the model's ratings contradict each
    other unreconciled. With ``comparatives`` and a register that names its prior period,
    the prior period is rebuilt on the same grid, samples and seed and shown beside this one
    (``climrisk.disclosure.comparatives``)."""
    from climrisk.engine import run
    from climrisk.measures.decisions import with_decisions

    if composed is not None:
        composed = at_sites(register, composed)
        grid = composed.grid
    if results is None:
        measured = register.measures is not None and bool(register.measures.measures)
        results = run(register, grid, samples=samples, seed=seed, sources=composed,
                      keep_samples=measured)
    require_reconciled(register, Effects(register, results))
    results = with_decisions(register, grid, results, samples=samples, seed=seed)
    info = grid_info(grid, grid_file, composed)
    engine = {k: str(results.dataset.attrs[k]) for k in ENGINE_ATTRS if k in results.dataset.attrs}
    provenance = Provenance(
        git_tree_id(Path(register.root)),
        info,
        engine,
        samples,
        seed,
        date=date,
        extra=code_version(stamped=date is not None),
    )
    # The tables read only the scenario-level paths (GSAT, carbon price); load those once
    # rather than asking a lazily opened grid for them value by value.
    paths = grid[[v for v in grid.data_vars if not {"lat", "lon"} & set(grid[v].dims)]]
    from climrisk.disclosure.document import compose  # the writers load only for a build

    doc = compose(register, results, paths.load(), provenance, grid_attributes(grid))
    if not comparatives:
        return doc
    return with_prior_period(doc, register, grid, grid_file, samples=samples, seed=seed,
                             date=date, composed=composed)


def with_prior_period(
    doc: Document,
    register: Register,
    grid: xr.Dataset,
    grid_file: Path | None,
    *,
    samples: int = BUILD_SAMPLES,
    seed: int = BUILD_SEED,
    date: str | None = None,
    composed: Composed | None = None,
) -> Document:
    """``doc`` with the prior period beside this one when the register names it, rebuilt
    on the same scenario data, samples and seed; the build and the app's preview both
    come here, so the committee previews the comparatives that will be filed."""
    if register.comparatives is None:
        return doc
    from climrisk.disclosure.comparatives import with_comparatives
    from climrisk.disclosure.prior_period import prior_period

    # Only the modelled tables are compared: the prior period's measures and sensitivity
    # analyses, the slowest part of a build, are left out.
    prior = prior_period(register, lambda old: document_for(
        old.model_copy(update={"measures": None, "sensitivity": None}), grid, grid_file,
        samples=samples, seed=seed, date=date, composed=composed, comparatives=False))
    return with_comparatives(doc, prior, register)


def render(
    register_dir: Path | None,
    grid_file: Path | None,
    langs: list[str],
    *,
    samples: int = BUILD_SAMPLES,
    seed: int = BUILD_SEED,
    date: str | None = None,
    final: bool = False,
    pdf: bool = True,
) -> dict[str, bytes]:
    """Every output file of a register, as relative path → bytes.

    ``grid_file`` is a grid or a scenario set; without it the register's own set (or the
    bundled default) is used. ``final`` refuses unless every item and the disclosure are
    approved as they stand, and prints the approval.
    """
    from climrisk.signoff import approved, require_final

    register = load_register(register_dir)
    approval = require_final(register) if final else None
    scen = scenarios_for(register, grid_file)
    doc = document_for(
        register, scen.grid, scen.path, samples=samples, seed=seed, date=date,
        composed=scen.composed,
    )
    if approval is not None:
        doc = approved(doc, approval, register)
    from climrisk.disclosure.outputs import render_files

    return render_files(doc, langs, pdf=pdf)
