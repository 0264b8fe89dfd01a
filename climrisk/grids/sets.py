"""Scenario sets: one reviewable YAML file that composes grids in order of precedence.

A set lists its sources from the bottom up: usually the bundled default first, then grids
imported from CMIP6, AR6 sea level, NGFS/IAMC tables or hazard maps. Each later source wins,
for the variables and scenarios it holds, on the cells and years where it has values; where
it has none (outside its extent, a masked cell, a year it lacks) the source below shows
through. Per-site data in the register wins over every gridded source (the engine applies
it). Sources that share an ``ensemble`` name are models of one experiment: they are
stacked and become the 5/50/95 % quantiles of that ensemble.

A physical variable imported for an SSP also serves the NGFS scenarios that borrow that SSP
as their physical analogue, and a transition variable imported for an NGFS scenario the SSPs
that borrow it, exactly as in the bundled default (``climrisk.grids.scenarios``); GSAT is
never borrowed, so each scenario keeps its own warming.

``compose`` returns the composed grid and, per variable, scenario and cell, which source
won; ``Composed.describe`` says so in words for ``climrisk scenarios list/show``.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import xarray as xr

from climrisk.grids.metadata import append_history
from climrisk.grids.scenarios import (
    MAPPING_ATTR,
    QUANTILES,
    SCENARIO_IDS,
    SCENARIOS,
    borrowed_from,
)
from climrisk.errors import Problem, UserError
from climrisk.grids.set_file import ScenarioSetError, SetFile, SourceEntry, read_set

__all__ = ["Composed", "Layer", "ScenarioSetError", "Scenarios", "compose", "open_scenarios"]

TRANSITION_VARIABLES = ("carbon_price", "grid_emission_factor", "electricity_price")
OWN_ONLY = ("gsat",)
"""Variables never borrowed from an analogue scenario: each scenario's own warming."""
BUNDLED = "bundled default"
IN_MEMORY_BYTES = 512 * 2**20
_EAGER_CELLS = 5 * 10**6
"""A source in memory is placed eagerly onto at most this many frame cells (else lazily)."""
"""A source's part around the sites is read into memory up to this size (else lazily)."""
PROVENANCE_ATTR = "climrisk_set_layers"
EXTENT_ATTR = "climrisk_extent"
"""The whole set's extent in words, kept on a part composed around some sites."""


@dataclass(frozen=True)
class Layer:
    """One source as composed: its file, checksum and what it declares about itself."""

    index: int
    label: str
    path: Path | None
    sha256: str
    variables: tuple[str, ...]
    scenarios: tuple[str, ...]
    ensemble: str | None
    attrs: dict[str, str]

    def record(self) -> dict[str, object]:
        """The provenance record that results and the disclosure carry."""
        keep = ("title", "source", "climrisk_source_id", "climrisk_experiment_id",
                "climrisk_member_id", "climrisk_ngfs_phase", "climrisk_model",
                "climrisk_region", "history")
        out: dict[str, object] = {
            "layer": self.index, "label": self.label,
            "file": self.path.as_posix() if self.path and not self.path.is_absolute()
            else self.path.name if self.path else "",
            "sha256": self.sha256, "variables": list(self.variables),
            "scenarios": list(self.scenarios),
        }
        if self.ensemble:
            out["ensemble"] = self.ensemble
        out.update({k: v for k, v in self.attrs.items() if k in keep and v})
        return out


@dataclass
class Composed:
    """The composed grid and the layers behind each of its variables and scenarios.

    ``stack[var][scenario]`` lists, bottom up, the layers that hold the variable for that
    scenario, each with its values on the composed grid (lazily, for a large default) and
    the scenario it took them from (itself, or its analogue).
    """

    name: str
    grid: xr.Dataset
    layers: list[Layer]
    stack: dict[str, dict[str, list[tuple[int, xr.DataArray, str]]]] = field(
        default_factory=dict)
    opened: list[tuple[xr.Dataset, Layer]] = field(default_factory=list, repr=False)
    frame: xr.Dataset | None = field(default=None, repr=False)
    cut_from: Composed | None = field(default=None, repr=False)
    """The composition this one holds fewer scenarios, years or variables of."""

    def around(self, lat: np.ndarray, lon: np.ndarray, *,
               scenarios: list[str] | None = None, years: list[int] | None = None,
               variables: list[str] | None = None) -> Composed:
        """The set composed again on the frame's cells next to the sites only, and (when
        given) on the scenarios, the grid years bracketing ``years`` and the variables a
        run reads.

        A run reads a few cells per site; placing each layer on the whole frame first
        would compute every scenario-year map of a worldwide layer. The frame's rows and
        columns through each site's neighbours (two cells each side) give the same values
        at the sites, however far apart they lie (a plant in India and one in Australia
        need not compose the ocean between). For sites scattered worldwide those rows and
        columns approach the whole frame, so what bounds the work is composing only the
        scenarios, years and variables the run reads: a value composed on a cell does not
        depend on the other years or scenarios composed beside it. The frame's first year
        stays, as ``winners_at`` reads it.
        """
        if self.cut_from is not None and not self._holds(scenarios, years, variables):
            return self.cut_from.around(lat, lon, scenarios=scenarios, years=years,
                                        variables=variables)
        if self.frame is None or "lat" not in self.frame.coords or np.size(lat) == 0:
            return self._only(scenarios, years, variables)
        pts = {"lat": np.asarray(lat, float), "lon": np.asarray(lon, float)}
        if not all(np.isfinite(p).any() for p in pts.values()):
            return self._only(scenarios, years, variables)
        keep: dict[str, np.ndarray] = {
            axis: _neighbours(self.frame[axis].values, p) for axis, p in pts.items()}
        keep.update(self._beside(scenarios, years))
        return self._on(keep, variables)

    def within(self, lat: tuple[float, float], lon: tuple[float, float]) -> Composed:
        """The set composed again on the frame's cells inside a box (and one cell beyond),
        for maps of a region."""
        if self.frame is None or "lat" not in self.frame.coords:
            return self
        keep = {}
        for axis, (low, high) in (("lat", lat), ("lon", lon)):
            values = self.frame[axis].values
            lo = max(int(np.searchsorted(values, low, side="right")) - 2, 0)
            hi = min(int(np.searchsorted(values, high, side="left")) + 2, values.size)
            keep[axis] = np.arange(lo, hi)
        return self._on(keep)

    def _holds(self, scenarios: list[str] | None, years: list[int] | None,
               variables: list[str] | None) -> bool:
        """Whether this cut holds what ``around`` is asked for (else its origin is used)."""
        base = self.cut_from
        assert base is not None

        def has(want: object, have: object) -> bool:
            return set(map(str, want)) <= set(map(str, have))  # type: ignore[call-overload]

        whole = base.frame if base.frame is not None else base.grid
        mine = self.frame if self.frame is not None else self.grid
        if "scenario" in whole.coords and not has(
                whole["scenario"].values if scenarios is None else
                [s for s in scenarios if s in whole["scenario"].values], mine["scenario"].values):
            return False
        if not has([v for v in base.grid.data_vars if variables is None or v in variables],
                   self.grid.data_vars):
            return False
        if "year" in whole.coords:
            want = whole["year"].values if years is None else \
                whole["year"].values[base._beside(None, years).get("year", [])]
            return has(want, mine["year"].values)
        return True

    def _beside(self, scenarios: list[str] | None,
                years: list[int] | None) -> dict[str, np.ndarray]:
        """Frame indices of ``scenarios`` and of the years that bracket ``years``."""
        from climrisk.engine.window import year_brackets

        keep: dict[str, np.ndarray] = {}
        frame = self.frame if self.frame is not None else self.grid
        if scenarios is not None and "scenario" in frame.coords:
            have = list(map(str, frame["scenario"].values))
            keep["scenario"] = np.array([have.index(s) for s in have if s in scenarios], int)
        if years is not None and "year" in frame.coords and len(years):
            lo, hi, _ = year_brackets(frame["year"].values, years)
            keep["year"] = np.unique(np.concatenate([[0], lo, hi]))
        return keep

    def _only(self, scenarios: list[str] | None, years: list[int] | None,
              variables: list[str] | None) -> Composed:
        """The composed values themselves at fewer scenarios, years or variables."""
        keep = self._beside(scenarios, years)
        if not keep and variables is None:
            return self
        names = [str(v) for v in self.grid.data_vars if variables is None or v in variables]

        def cut(da: xr.DataArray) -> xr.DataArray:
            return da.isel({d: k for d, k in keep.items() if d in da.dims})

        grid = cut(self.grid[names])  # type: ignore[arg-type]
        chosen = set(map(str, grid["scenario"].values)) if "scenario" in grid.coords else set()
        stack = {name: {s: [(i, cut(da), via) for i, da, via in held]
                        for s, held in per.items() if not chosen or s in chosen}
                 for name, per in self.stack.items() if name in names}
        frame = cut(self.frame) if self.frame is not None else None  # type: ignore[arg-type]
        return Composed(self.name, grid, self.layers, stack, self.opened, frame,
                        self.cut_from or self)

    def _on(self, keep: dict[str, np.ndarray], variables: list[str] | None = None) -> Composed:
        flat = {a: keep[a] for a in ("lat", "lon")}
        if all(k.size == self.frame[a].size for a, k in flat.items()):  # type: ignore[index]
            # Every cell is kept: the composed values need no composing again.
            scenarios = [str(s) for s in self.frame["scenario"].values[keep["scenario"]]] \
                if "scenario" in keep else None  # type: ignore[index]
            years = [int(y) for y in self.frame["year"].values[keep["year"]]] \
                if "year" in keep else None  # type: ignore[index]
            return self._only(scenarios, years, variables)
        from climrisk.grids.sampling import extent_text

        frame = self.frame.isel(keep)  # type: ignore[union-attr]
        years = self.frame["year"].values if "year" in self.frame.coords else None  # type: ignore[index]
        out = _compose_on(self.name, [(_read_for(_needed(ds, frame, variables, years), frame),
                                       layer) for ds, layer in self.opened], frame)
        # A site outside the data is outside the whole set, not the part composed here.
        out.grid.attrs[EXTENT_ATTR] = self.grid.attrs.get(EXTENT_ATTR) or extent_text(
            self.frame["lat"].values, self.frame["lon"].values)  # type: ignore[index]
        if variables is not None or {"scenario", "year"} & set(keep):
            out.cut_from = self.cut_from or self
        return out

    def label(self, index: int) -> str:
        return self.layers[index].label if index >= 0 else "no source"

    def winners_at(self, name: str, scenario: str, lat: np.ndarray,
                   lon: np.ndarray) -> np.ndarray:
        """The winning layer of ``name`` at each site (its nearest cell), -1 where none holds.

        A layer wins where it holds a value at the site in the first year at the median;
        coverage masks do not change with time, so one layer of values says where.
        """
        n = int(np.size(lat))
        out = np.full(n, -1, dtype=np.int16)
        todo = np.ones(n, dtype=bool)
        for idx, da, _ in reversed(self.stack.get(name, {}).get(scenario, [])):
            pick = {d: 0 for d in da.dims if d not in ("lat", "lon", "quantile")}
            if "quantile" in da.dims:
                pick["quantile"] = int(np.argmin(np.abs(da["quantile"].values - 0.5)))
            layer = da.isel(pick)
            if "lat" in layer.dims:
                from climrisk.grids.sampling import sample

                got = sample(layer.rename("v"), lat, lon, method="nearest",
                             outside="missing").values
                held = np.isfinite(np.asarray(got, float).reshape(-1, n)).all(axis=0)
            else:
                held = np.full(n, bool(np.isfinite(np.asarray(layer.values, float)).all()))
            new = todo & held
            out[new] = idx
            todo &= ~new
            if not todo.any():
                break
        return out

    def describe(self) -> list[tuple[str, str, str, str]]:
        """(variable, scenario, winning source, why) for every variable and scenario."""
        rows = []
        for name in map(str, self.grid.data_vars):
            for s in map(str, self.grid["scenario"].values):
                held = self.stack.get(name, {}).get(s, [])
                if not held:
                    rows.append((name, s, "no source", "no source holds this variable and "
                                 "scenario: sites are 'not assessed' for it"))
                    continue
                top, _, via = held[-1]
                why = "the highest-precedence source holding it"
                if via != s:
                    why += f" (values of {via}, the scenario's analogue)"
                if len(held) > 1:
                    why += "; where it has no value, " + ", then ".join(
                        self.label(i) for i, _, _ in held[-2::-1]) + " shows through"
                rows.append((name, s, self.label(top), why))
        return rows


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@lru_cache(maxsize=64)
def _stat_sha256(path: str, mtime_ns: int, size: int) -> str:
    return file_sha256(Path(path))


def data_digest(path: Path | str | None, within: Path | None = None) -> str:
    """SHA-256 over everything that scenario data reads (``source_files``: a set file and
    each grid file it composes, or one grid file). A file's hash is kept per version of the
    file, so asking again costs a ``stat`` per file."""
    from climrisk.grids.storage import bundled_set_path

    source = Path(path) if path is not None else bundled_set_path()
    files = [f for _, f, _ in source_files(source, within)]
    if source.suffix.lower() in SET_SUFFIXES:
        files.insert(0, source)
    digest = hashlib.sha256()
    for f in files:
        if not f.is_file():
            raise UserError(f"{f}: no scenario grid file (named by {source})")
        st = f.stat()
        digest.update(f"{f.name}\0{_stat_sha256(str(f), st.st_mtime_ns, st.st_size)}\0".encode())
    return digest.hexdigest()


def _entries(spec: SetFile, base: Path) -> list[tuple[SourceEntry, Path, bool]]:
    """The set's sources with ``default: bundled`` replaced by the bundled set's own
    (keeping the entry's variable and scenario choices): (entry, its folder, bundled)."""
    from climrisk.grids.storage import bundled_set_path

    out: list[tuple[SourceEntry, Path, bool]] = []
    own = base.resolve() == bundled_set_path().parent.resolve() and spec.name == "bundled"
    for entry in spec.sources:
        if entry.default is None:
            out.append((entry, base, own))
            continue
        bundled, folder = read_set(bundled_set_path())
        for inner in bundled.sources:
            if inner.default is not None:
                raise ScenarioSetError([Problem(str(bundled_set_path()), None, None,
                                                "sources", "the bundled set names itself",
                                                "list its grid files")])
            keep = {k: v for k, v in (("variables", entry.variables),
                                      ("scenarios", entry.scenarios)) if v is not None}
            out.append((inner.model_copy(update=keep), folder, True))
    return out


def source_files(path: Path | str | None,
                 within: Path | None = None) -> list[tuple[str, Path, SourceEntry | None]]:
    """The grid files scenario data reads, in order of precedence (the last wins): each
    with its label and the set's entry (its variable and scenario choices), without
    composing anything; ``within`` confines a set's own grid files as ``compose`` does. A
    grid file is its own one source; ``None`` is the bundled set. A set is read once per
    version of its file."""
    from climrisk.grids.storage import bundled_set_path

    source = Path(path) if path is not None else bundled_set_path()
    if not source.is_file():
        raise UserError(f"{source}: no scenario data file")
    if source.suffix.lower() not in SET_SUFFIXES:
        return [(source.name, source, None)]
    stat = source.stat()
    return list(_set_sources(str(source), stat.st_mtime_ns, stat.st_size,
                             str(within) if within else None))


@lru_cache(maxsize=16)
def _set_sources(path: str, mtime_ns: int, size: int,
                 within: str | None) -> tuple[tuple[str, Path, SourceEntry], ...]:
    spec, base = read_set(path)
    return tuple((_layer_label(entry, grid, bundled), grid, entry)
                 for i, (entry, folder, bundled) in enumerate(_entries(spec, base))
                 for grid in [_grid_file(entry, folder, i, bundled,
                                         Path(within) if within else None)])


@lru_cache(maxsize=16)
def _opened(path: str, mtime_ns: int, size: int) -> tuple[xr.Dataset, str]:
    """A grid file opened once per process (per version of the file) with its checksum.

    Composing a set again (each run composes around its sites) then reopens nothing: the
    netCDF library is not safe against one file being opened and closed over and over
    while other threads read it.
    """
    from climrisk.grids.storage import open_grid

    return open_grid(path), file_sha256(Path(path))


def _grid_file(entry: SourceEntry, base: Path, index: int, bundled: bool,
               within: Path | None) -> Path:
    """The grid file a set's source names, refused when missing or outside ``within``."""
    path = (base / str(entry.grid)).resolve()
    if within is not None and not bundled and not path.is_relative_to(within.resolve()):
        raise ScenarioSetError([Problem(
            str(base), None, None, f"sources[{index}].grid",
            f"{entry.grid!r} is outside the register folder",
            "keep an uploaded register's grid files in its own folder")])
    if not path.is_file():
        raise UserError(f"{path}: no scenario grid file (named by the set in {base})")
    return path


def _layer_label(entry: SourceEntry, path: Path, bundled: bool) -> str:
    return f"{BUNDLED} {path.name}" if bundled else Path(str(entry.grid)).name


def _open_layer(entry: SourceEntry, base: Path, index: int, bundled: bool = False,
                within: Path | None = None) -> tuple[xr.Dataset, Layer]:
    path = _grid_file(entry, base, index, bundled, within)
    stat = path.stat()
    ds, sha = _opened(str(path), stat.st_mtime_ns, stat.st_size)
    label = _layer_label(entry, path, bundled)
    names = [v for v in map(str, ds.data_vars) if not entry.variables or v in entry.variables]
    ds = ds[names]
    if entry.scenarios and "scenario" in ds.dims:
        ds = ds.sel(scenario=[s for s in entry.scenarios if s in ds["scenario"].values])
    scen = tuple(map(str, ds["scenario"].values)) if "scenario" in ds.coords else ()
    attrs = {str(k): str(v) for k, v in ds.attrs.items()}
    shown = Path("scenarios") / path.name if bundled else path
    return ds, Layer(index, label, shown, sha, tuple(names), scen, entry.ensemble, attrs)


def _with_quantiles(da: xr.DataArray) -> xr.DataArray:
    """One model (quantile 0.5 only) stands for all three quantiles: no spread is known."""
    if "quantile" not in da.dims or da.sizes["quantile"] == len(QUANTILES):
        return da
    mid = da.sel(quantile=0.5, method="nearest", drop=True)
    return mid.expand_dims(quantile=list(QUANTILES)).transpose(*da.dims)


def _ensemble(members: list[xr.DataArray]) -> xr.DataArray:
    """Quantiles across models: each member's median, stacked on ``member``."""
    meds = [m.sel(quantile=0.5, method="nearest", drop=True) if "quantile" in m.dims else m
            for m in members]
    stacked = xr.concat(meds, dim="member", join="outer")
    q = stacked.quantile(list(QUANTILES), dim="member", skipna=True)
    dims = list(members[0].dims)
    return q.transpose(*[d for d in dims if d in q.dims]).assign_attrs(members[0].attrs)


def _targets(name: str, scenario: str) -> list[str]:
    """The scenarios a source value of ``scenario`` serves: itself and its borrowers."""
    if name in OWN_ONLY:
        return [scenario]
    key = "transition_analogue" if name in TRANSITION_VARIABLES else "physical_analogue"
    return [s.id for s in SCENARIOS if s.id == scenario or getattr(s, key) == scenario]


def compose(path: Path | str, within: Path | None = None) -> Composed:
    """Compose the set at ``path`` onto the grid (lat/lon, years) of its first sources.

    With ``within``, every grid file the set lists must lie inside that folder.
    """
    spec, base = read_set(path)
    opened = [_open_layer(e, folder, i, bundled, within)
              for i, (e, folder, bundled) in enumerate(_entries(spec, base))]
    return _compose_on(spec.name, opened, _frame(opened))


def _compose_on(name: str, opened: list[tuple[xr.Dataset, Layer]],
                frame: xr.Dataset) -> Composed:
    """The layers placed on ``frame`` and stacked in order of precedence."""
    layers = [layer for _, layer in opened]
    # Ensemble members become one layer at the first member's place.
    merged: list[tuple[int, dict[str, xr.DataArray]]] = []
    members: dict[str, list[xr.Dataset]] = {}
    for ds, layer in opened:
        if layer.ensemble:
            members.setdefault(layer.ensemble, []).append(ds)
            if len(members[layer.ensemble]) > 1:
                continue
        merged.append((layer.index, {}))
    for k, (idx, _) in enumerate(merged):
        ds, layer = opened[idx]
        group = members.get(layer.ensemble or "", [ds]) if layer.ensemble else [ds]
        fields = {}
        for var_name in map(str, ds.data_vars):
            parts = [_on_frame(_with_quantiles(g[var_name]), frame) for g in group
                     if var_name in g]
            fields[var_name] = _ensemble(parts) if len(parts) > 1 else parts[0]
        merged[k] = (idx, fields)

    stack: dict[str, dict[str, list[tuple[int, xr.DataArray, str]]]] = {}
    scenarios = list(map(str, frame["scenario"].values))
    for idx, fields in merged:
        own = set(layers[idx].scenarios)
        source_ds = opened[idx][0]
        for var_name, da in fields.items():
            copied = source_ds[var_name].attrs if var_name in OWN_ONLY else {}
            per = stack.setdefault(var_name, {})
            if "scenario" not in da.dims:
                for s in scenarios:
                    per.setdefault(s, []).append((idx, da, s))
                continue
            for src in map(str, da["scenario"].values):
                if borrowed_from(copied, src):
                    continue  # a copy of the analogue's warming is not the scenario's own
                for s in _targets(var_name, src):
                    if s in scenarios and (s == src or s not in own):
                        per.setdefault(s, []).append((idx, da.sel(scenario=src, drop=True), src))
    out: dict[str, xr.DataArray] = {}
    for var_name, per in stack.items():
        # The attributes (method, status, sources) of the highest-precedence source.
        template = max((entry for held in per.values() for entry in held),
                       key=lambda entry: entry[0])[1]
        if not any("scenario" in f[var_name].dims for _, f in merged if var_name in f):
            held = per[scenarios[0]]
            value = held[0][1]
            for _, da, _ in held[1:]:
                value = da.where(da.notnull(), value)
            out[var_name] = value.assign_attrs(template.attrs)
            continue
        parts = []
        for s in scenarios:
            held = per.get(s, [])
            value = xr.full_like(template, np.nan, dtype=np.float32) if not held else held[0][1]
            for _, da, _ in held[1:]:
                value = da.where(da.notnull(), value)
            parts.append(value.astype(np.float32))
        var = xr.concat(parts, dim=xr.DataArray(scenarios, dims="scenario"), join="override",
                        coords="minimal", compat="override")
        dims = list(opened[next(i for i, f in merged if var_name in f)][0][var_name].dims)
        var = var.transpose(*[d for d in dims if d in var.dims])
        var.attrs = {k: v for k, v in template.attrs.items()
                     if not (var_name in OWN_ONLY and k == MAPPING_ATTR)}
        out[var_name] = var
    grid = xr.Dataset(out).assign_coords({k: v for k, v in frame.coords.items()})
    gridded = next((ds for ds, _ in opened if "lat" in ds.dims), opened[0][0])
    grid.attrs = dict(gridded.attrs)
    grid.attrs["title"] = f"scenario set {name}"
    grid.attrs["source"] = "; ".join(f"{layer.label} (sha256 {layer.sha256[:12]})"
                                     for layer in layers)
    grid.attrs[PROVENANCE_ATTR] = json.dumps([layer.record() for layer in layers],
                                             ensure_ascii=False)
    append_history(grid, f"composed scenario set {name} from {len(layers)} source(s)",
                   timestamp=False)
    return Composed(name, grid, layers, stack, opened, frame)


def _frame(opened: list[tuple[xr.Dataset, Layer]]) -> xr.Dataset:
    """The coordinates of the composed grid: the first gridded source's lat/lon and the
    first source's years (imports are interpolated onto them), and every scenario the
    sources serve (in the canonical order)."""
    gridded = next((ds for ds, _ in opened if "lat" in ds.dims), None)
    scen = {str(s) for ds, _ in opened if "scenario" in ds.coords for s in ds["scenario"].values}
    for ds, _ in opened:
        for name in ds.data_vars:
            for s in list(scen):
                scen.update(_targets(str(name), s))
    scenario = [s for s in SCENARIO_IDS if s in scen]
    dated = next((ds for ds, _ in opened if "year" in ds.coords), None)
    years = [] if dated is None else [int(y) for y in dated["year"].values]
    coords: dict[str, object] = {"scenario": scenario, "quantile": list(QUANTILES)}
    if years:
        coords["year"] = np.asarray(years, dtype=np.int32)
    if gridded is not None:
        coords["lat"], coords["lon"] = _union_axes(opened)
    regions = [str(r) for ds, _ in opened if "region" in ds.coords for r in ds["region"].values]
    if regions:
        coords["region"] = list(dict.fromkeys(regions))
    rps = sorted({float(r) for ds, _ in opened if "return_period" in ds.coords
                  for r in ds["return_period"].values})
    if rps:
        coords["return_period"] = rps
    frame = xr.Dataset(coords=coords)
    base = next((ds for ds, _ in opened if "scenario_label" in ds.coords), None)
    by_id = {s.id: s for s in SCENARIOS}
    for name in ("label", "family", "type", "physical_analogue", "transition_analogue"):
        frame = frame.assign_coords({f"scenario_{name}" if name in ("label", "family", "type")
                                     else name: ("scenario", [getattr(by_id[s], name)
                                                              for s in scenario])})
    if gridded is not None:
        for axis in ("lat", "lon"):
            frame[axis].attrs.update(gridded[axis].attrs)
    if base is not None:
        for k in ("year", "quantile", "scenario"):
            if k in base.coords and k in frame.coords:
                frame[k].attrs.update(base[k].attrs)
    return frame


def _on_frame(da: xr.DataArray, frame: xr.Dataset) -> xr.DataArray:
    """``da`` on the frame's years and lat/lon: linear in both, NaN beyond its own range."""
    out = da
    if ("year" in out.dims and "year" in frame.coords
            and not np.array_equal(out["year"].values, frame["year"].values)):
        out = out.interp(year=frame["year"].values) if out.sizes["year"] > 1 else \
            out.reindex(year=frame["year"].values)
    if "lat" in out.dims and "lat" in frame.coords:
        same = (out.sizes["lat"] == frame.sizes["lat"] and out.sizes["lon"] == frame.sizes["lon"]
                and np.allclose(out["lat"], frame["lat"]) and np.allclose(out["lon"], frame["lon"]))
        if not same:
            out = _regrid(out, frame["lat"].values, frame["lon"].values)
    if "region" in out.dims and "region" in frame.coords:
        out = out.reindex(region=frame["region"].values)
    if "return_period" in out.dims and "return_period" in frame.coords:
        out = out.reindex(return_period=frame["return_period"].values)
    if out.chunks is None:
        return out.load()
    # One chunk per scenario-year map on the frame, the same for every layer, so that
    # stacking layers needs no rechunking (whose graphs cost seconds per variable).
    return out.chunk({d: (1 if d in ("scenario", "year") else -1) for d in out.dims})


def _union_axes(opened: list[tuple[xr.Dataset, Layer]]) -> tuple[np.ndarray, np.ndarray]:
    """Every gridded source's own latitudes and longitudes, merged into one rectilinear grid.

    A fine regional default and a coarse worldwide import then both keep their own points:
    inside the default's box its cells are read exactly, outside it the import's, and
    bilinear sampling on the merged (irregular) axes blends only neighbouring points.
    """
    lats = [np.round(ds["lat"].values.astype(float), 6) for ds, _ in opened if "lat" in ds.dims]
    lons = [np.round(ds["lon"].values.astype(float), 6) for ds, _ in opened if "lon" in ds.dims]
    return np.unique(np.concatenate(lats)), np.unique(np.concatenate(lons))


def _regrid(da: xr.DataArray, lat: np.ndarray, lon: np.ndarray) -> xr.DataArray:
    """``da`` on (lat, lon): its own points exactly (a masked point stays empty), the others
    bilinear over the finite ones of their four neighbours, NaN beyond its extent.

    Over the finite neighbours only (a normalised interpolation), so a coverage mask's edge
    does not spread NaN onto the points between. A lazily read source stays lazy: each
    scenario-year map is placed by one task, which keeps composing a worldwide layer cheap.
    """
    src = _crop(da.transpose(..., "lat", "lon"), lat, lon)
    weights = _bilinear_plan(np.asarray(src["lat"].values, float),
                             np.asarray(src["lon"].values, float), lat, lon)
    if src.chunks is None and src.size * lat.size * lon.size > _EAGER_CELLS * src.sizes["lat"] * \
            src.sizes["lon"]:
        # A small file in memory placed on a large frame would be a large array: place it
        # lazily too, one scenario-year map a task.
        src = src.chunk({d: 1 for d in src.dims if d not in ("lat", "lon")})
    if src.chunks is not None:
        data = src.data.rechunk({src.ndim - 2: -1, src.ndim - 1: -1})
        placed = data.map_blocks(_apply_plan, weights, dtype=np.float32,
                                 chunks=(*data.chunks[:-2], (lat.size,), (lon.size,)))
    else:
        placed = _apply_plan(np.asarray(src.values), weights)
    coords = {k: v for k, v in src.coords.items() if "lat" not in v.dims and "lon" not in v.dims}
    out = xr.DataArray(placed, dims=src.dims, coords={**coords, "lat": lat, "lon": lon},
                       attrs=da.attrs)
    return out.transpose(*da.dims)


def _crop(src: xr.DataArray | xr.Dataset, lat: np.ndarray,
          lon: np.ndarray) -> xr.DataArray | xr.Dataset:
    """The source's cells within one cell of the targets' extent: all a bilinear placement
    reads, so a small frame never reads a worldwide layer's whole maps."""
    keep = {}
    for axis, target in (("lat", lat), ("lon", lon)):
        if axis not in src.dims:
            continue
        s = np.asarray(src[axis].values, float)
        if s.size < 2 or target.size == 0:
            continue
        step = float(np.max(np.abs(np.diff(s))))
        near = np.flatnonzero((s >= np.min(target) - step) & (s <= np.max(target) + step))
        if near.size == 0:
            near = np.array([0])  # nothing within reach: one cell keeps the axis
        keep[axis] = slice(int(near.min()), int(near.max()) + 1)
    return src.isel(keep)


def _neighbours(axis: np.ndarray, points: np.ndarray) -> np.ndarray:
    """Indices of the (ascending) axis within two cells of each finite point."""
    finite = points[np.isfinite(points)]
    lo = np.searchsorted(axis, finite, side="right") - 2
    span = np.arange(4)
    return np.unique(np.clip(lo[:, None] + span[None, :], 0, axis.size - 1))


def _needed(ds: xr.Dataset, frame: xr.Dataset, variables: list[str] | None,
            years: np.ndarray | None) -> xr.Dataset:
    """The part of a source that ``frame`` (fewer scenarios or years) and ``variables`` need.

    Scenarios: those whose values serve one of the frame's (itself or a borrower). Years:
    the frame's, where the source is on the whole frame's ``years`` (an import on other
    years keeps all of them: it is interpolated onto the frame's as before).
    """
    if variables is not None:
        ds = ds[[v for v in map(str, ds.data_vars) if v in variables]]
    if "scenario" in ds.dims and "scenario" in frame.coords:
        wanted = set(map(str, frame["scenario"].values))
        serve = [s for s in map(str, ds["scenario"].values)
                 if any(wanted & set(_targets(str(v), s)) for v in ds.data_vars)]
        ds = ds.sel(scenario=serve)
    if "year" in ds.dims and "year" in frame.coords and years is not None \
            and np.array_equal(ds["year"].values, years):
        ds = ds.sel(year=frame["year"].values)
    return ds


def _read_for(ds: xr.Dataset, frame: xr.Dataset) -> xr.Dataset:
    """A source's cells that a small frame reads (within one source cell of its points),
    held in memory when they fit.

    One read per variable lets the file library fetch its chunks in a single call; the
    lazily composed alternative schedules a task per scenario-year map and variable.
    """
    keep = {}
    for axis in ("lat", "lon"):
        if axis not in ds.dims or axis not in frame.coords or ds.sizes[axis] < 2:
            continue
        src = np.asarray(ds[axis].values, float)
        step = float(np.max(np.abs(np.diff(src))))
        near = (np.abs(src[:, None] - frame[axis].values[None, :]) <= step).any(axis=1)
        keep[axis] = np.flatnonzero(near) if near.any() else np.array([0])
    if not keep:
        return ds.load() if ds.nbytes <= IN_MEMORY_BYTES else ds
    cells = int(np.prod([k.size for k in keep.values()]))
    whole = int(np.prod([ds.sizes[a] for a in keep]))
    plain = _plain_view(ds) if ds.nbytes * cells <= IN_MEMORY_BYTES * whole else None
    if plain is None:
        part = ds.isel(keep)
        return part.load() if part.nbytes <= IN_MEMORY_BYTES else part
    # Variable by variable: one contiguous read of the box around the cells (the file's
    # chunks are whole maps, so a box costs what its cells cost), then the cells themselves;
    # memory holds one variable's box at a time.
    out = {}
    for name in map(str, ds.data_vars):
        var = plain[name]
        box = {a: slice(int(k.min()), int(k.max()) + 1) for a, k in keep.items() if a in var.dims}
        out[name] = var.isel(box).load().isel({a: keep[a] - int(keep[a].min()) for a in box})
    return xr.Dataset(out, attrs=ds.attrs).assign_coords(
        {k: v for k, v in ds.isel(keep).coords.items() if k not in out})


def _plain_view(ds: xr.Dataset) -> xr.Dataset | None:
    """The same file opened without dask, when ``ds`` is a grid file as written (or its
    part at some scenarios and years)."""
    source = ds.encoding.get("source")
    if not source or not Path(source).is_file():
        return None
    stat = Path(source).stat()
    plain = _plain(str(source), stat.st_mtime_ns)
    # The same scenarios and years as ``ds`` (a run's part of the file).
    pick = {d: ds[d].values for d in ("scenario", "year") if d in ds.dims and d in plain.dims}
    if any(ds.sizes[d] != plain.sizes[d] for d in pick):
        plain = plain.sel(pick)
    same = all(name in plain and plain[name].dims == ds[name].dims
               and plain[name].shape == ds[name].shape for name in ds.data_vars)
    return plain if same else None


def plain_grid(path: Path) -> xr.Dataset:
    """A grid file opened without dask (a read then reads only the chunks it selects), once
    per process and version of the file: the netCDF library is not safe against one file
    opened twice and closed while the other is read."""
    return _plain(str(path), path.stat().st_mtime_ns)


@lru_cache(maxsize=8)
def _plain(path: str, mtime_ns: int) -> xr.Dataset:
    return xr.open_dataset(path, engine="netcdf4", chunks=None)


Plan = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]


def _bilinear_plan(src_lat: np.ndarray, src_lon: np.ndarray, lat: np.ndarray,
                   lon: np.ndarray) -> tuple[Plan, Plan]:
    """Per axis: lower and upper source index, upper weight, whether the target is a source
    point, and whether it lies within the source's extent."""
    def axis(src: np.ndarray, target: np.ndarray) -> Plan:
        order = np.argsort(src)
        s = src[order]
        t = np.round(target, 6)
        hi = np.clip(np.searchsorted(s, t, side="left"), 0, s.size - 1)
        lo = np.clip(hi - 1, 0, s.size - 1)
        exact = np.isclose(s[hi], t, atol=1e-6)
        lo = np.where(exact, hi, lo)
        span = s[hi] - s[lo]
        w = np.where(exact | (span == 0), 0.0, (t - s[lo]) / np.where(span == 0, 1.0, span))
        inside = (t >= s[0] - 1e-6) & (t <= s[-1] + 1e-6)
        return order[lo], order[hi], w, exact, inside

    return axis(src_lat, lat), axis(src_lon, lon)


def _apply_plan(values: np.ndarray, plan: tuple[Plan, Plan]) -> np.ndarray:
    """One map (``...`` x lat x lon) placed by ``_bilinear_plan``'s plan."""
    (ylo, yhi, wy, ey, iy), (xlo, xhi, wx, ex, ix) = plan
    v = np.asarray(values, np.float64)
    total = np.zeros((*v.shape[:-2], ylo.size, xlo.size))
    weight = np.zeros_like(total)
    for yi, wyy in ((ylo, 1.0 - wy), (yhi, wy)):
        for xi, wxx in ((xlo, 1.0 - wx), (xhi, wx)):
            corner = v[..., yi[:, None], xi[None, :]]
            w = wyy[:, None] * wxx[None, :] * np.isfinite(corner)
            total += np.where(w > 0, np.nan_to_num(corner) * w, 0.0)
            weight += w
    with np.errstate(invalid="ignore", divide="ignore"):
        out = np.where(weight > 1e-9, total / np.where(weight > 1e-9, weight, 1.0), np.nan)
    at_point = ey[:, None] & ex[None, :]
    exact = v[..., ylo[:, None], xlo[None, :]]
    out = np.where(at_point, exact, out)
    out[..., ~(iy[:, None] & ix[None, :])] = np.nan
    return out.astype(np.float32)


SET_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class Scenarios:
    """What a run reads: the grid, the file it came from and, for a set, its composition."""

    grid: xr.Dataset
    path: Path | None
    composed: Composed | None = None

    @property
    def label(self) -> str:
        if self.composed is not None:
            return f"scenario set {self.composed.name}"
        return self.path.name if self.path is not None else BUNDLED


def register_set(register_root: str | Path, named: str | None) -> Path | None:
    """The set a register names (``scenario_analysis.scenario_set``), as a path."""
    return None if not named else (Path(register_root) / named).resolve()


def open_scenarios(path: Path | str | None = None, within: Path | None = None) -> Scenarios:
    """A scenario set (``.yaml``) composed (its grids inside ``within`` if given), a grid
    file opened, or the bundled default."""
    from climrisk.grids.storage import bundled_set_path, open_grid

    if path is None:
        path = bundled_set_path()
    source = Path(path)
    if not source.is_file():
        kind = "scenario-set file" if source.suffix.lower() in SET_SUFFIXES else \
            "scenario grid file"
        raise UserError(f"{source}: no {kind} (import data with `climrisk scenarios import "
                        "... --set`, or build a grid with the grid commands)")
    if source.suffix.lower() in SET_SUFFIXES:
        composed = compose(source, within)
        return Scenarios(composed.grid, source, composed)
    return Scenarios(open_grid(source), source)
