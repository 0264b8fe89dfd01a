"""``climrisk scenarios``: list, show, build and import scenario grids."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from climrisk.cli import user_errors

if TYPE_CHECKING:
    import xarray as xr

GridOption = Annotated[
    Path | None, typer.Option("--grid", help="Grid file (default: the bundled default).")
]
OutOption = Annotated[Path, typer.Option("--out", "-o", help="Grid file to write (.nc).")]
SetOption = Annotated[
    Path | None, typer.Option("--set", help="Scenario-set file (.yaml) to compose and inspect.")
]
AddToSet = Annotated[
    Path | None,
    typer.Option("--set", help="Add the written grid to this scenario-set file (created, over "
                 "the bundled default, if missing)."),
]
EnsembleOption = Annotated[
    str | None,
    typer.Option("--ensemble", help="With --set: name of the ensemble this model belongs to; "
                 "members of one ensemble become its 5/50/95 % quantiles."),
]


def _open(grid: Path | None, set_: Path | None = None) -> xr.Dataset:
    from climrisk.grids.sets import open_scenarios

    return open_scenarios(set_ or grid).grid


def _add(set_file: Path | None, out: Path, ensemble: str | None) -> None:
    if set_file is None:
        return
    from climrisk.grids import open_grid
    from climrisk.grids.set_file import add_source

    ds = open_grid(out)
    scen = [str(s) for s in ds["scenario"].values] if "scenario" in ds.coords else []
    add_source(set_file, out, [str(v) for v in ds.data_vars], scen, ensemble)
    typer.echo(f"added {out.name} to {set_file}")


def _parse_years(text: str) -> tuple[int, int]:
    try:
        first, last = (int(v) for v in text.split("-"))
    except ValueError:
        raise typer.BadParameter("use FIRST-LAST, e.g. 1850-1900",
                                 param_hint="--baseline") from None
    return first, last


def _writable(out: Path) -> None:
    """Refuse an ``--out`` that cannot take a grid file before the import does any work."""
    from climrisk.errors import UserError

    if out.is_dir() or out.is_symlink():
        raise UserError(f"{out}: --out is {'a folder' if out.is_dir() else 'a symbolic link'}"
                        "; give a file name ending in .nc, e.g. --out grids/ssp245.nc")
    parent = out.parent if str(out.parent) else Path(".")
    if parent.exists() and not parent.is_dir():
        raise UserError(f"{parent}: is a file, so --out {out} cannot be written; give another "
                        "path")


WORLD = (-90.0, 90.0, -180.0, 180.0)


def _parse_region(text: str) -> tuple[float, float, float, float]:
    if not text:
        return WORLD
    try:
        lat0, lat1, lon0, lon1 = (float(v) for v in text.split(","))
    except ValueError:
        raise typer.BadParameter("use lat_min,lat_max,lon_min,lon_max, e.g. 18,54,73,135",
                                 param_hint="--region") from None
    return lat0, lat1, lon0, lon1


def _written(path: Path) -> None:
    from climrisk.grids import open_grid

    ds = open_grid(path)
    typer.echo(f"wrote {path}: {', '.join(map(str, ds.data_vars))} "
               f"({path.stat().st_size / 2**20:.1f} MiB)")


def attach(app: typer.Typer) -> None:
    """Add the ``scenarios`` group to ``app``."""
    group = typer.Typer(help="Scenario grids: list, show, build the default, import files.",
                        no_args_is_help=True)
    importers = typer.Typer(help="Import published files as validated grid files.",
                            no_args_is_help=True)
    group.add_typer(importers, name="import")
    app.add_typer(group, name="scenarios")

    @group.command("list")
    @user_errors
    def list_(grid: GridOption = None, set_: SetOption = None) -> None:
        """List scenarios and variables with units, status and method; for a set, which
        source wins for each variable and scenario, and why."""
        from climrisk.grids.sets import open_scenarios

        scen = open_scenarios(set_ or grid)
        ds = scen.grid
        if "scenario" in ds.coords:
            typer.echo("scenarios:")
            for sid in ds.scenario.values:
                s = ds.sel(scenario=sid)
                label = s.scenario_label.item() if "scenario_label" in s.coords else ""
                extra = ""
                if "physical_analogue" in s.coords:
                    extra = (f"  physical: {s.physical_analogue.item()}, transition: "
                             f"{s.transition_analogue.item()}")
                typer.echo(f"  {sid:<12} {label:<26}{extra}")
        typer.echo("variables:")
        for name, var in ds.data_vars.items():
            dims = " x ".join(map(str, var.dims))
            typer.echo(f"  {name:<21} {var.attrs.get('units', ''):<12} "
                       f"{var.attrs.get('climrisk_status', ''):<9} {dims}")
            method = var.attrs.get("climrisk_method") or var.attrs.get("climrisk_source", "")
            if method:
                typer.echo(f"      method: {method}")
            if var.attrs.get("coverage"):
                typer.echo(f"      coverage: {var.attrs['coverage']}")
        if scen.composed is not None:
            typer.echo(f"sources of set {scen.composed.name} (bottom up; later ones win):")
            for layer in scen.composed.layers:
                rec = layer.record()
                ids = ", ".join(f"{k.removeprefix('climrisk_')}={v}" for k, v in rec.items()
                                if str(k).startswith("climrisk_"))
                typer.echo(f"  {layer.index + 1}. {layer.label}  sha256 {layer.sha256[:16]}"
                           + (f"  {ids}" if ids else ""))
            typer.echo("winning source per variable and scenario:")
            for name, sid, label, why in scen.composed.describe():
                typer.echo(f"  {name:<21} {sid:<12} {label}: {why}")

    @group.command()
    @user_errors
    def show(
        variable: Annotated[str, typer.Argument(help="Variable name, e.g. hot_days.")],
        scenario: Annotated[str | None, typer.Option(help="Scenario id.")] = None,
        year: Annotated[int | None, typer.Option(help="Year.")] = None,
        lat: Annotated[float | None, typer.Option(help="Site latitude (degrees north).")] = None,
        lon: Annotated[float | None, typer.Option(help="Site longitude (degrees east).")] = None,
        grid: GridOption = None,
        set_: SetOption = None,
        register: Annotated[Path | None, typer.Option(
            "--register", help="With --set: say which source wins at each of its sites.")] = None,
    ) -> None:
        """Print a variable, optionally at one scenario, year and site (bilinear); with a set
        and a register, the source that wins at each site and scenario."""
        import numpy as np
        import xarray as xr

        from climrisk import progress
        from climrisk.commands.grid_summary import heading, summary
        from climrisk.grids import GridError
        from climrisk.grids.sampling import Stencil
        from climrisk.grids.sets import open_scenarios

        if register is None and lat is None and lon is None:
            _source_summaries(variable, set_ or grid, scenario, year)
            return
        scen = open_scenarios(set_ or grid)
        ds = scen.grid
        if register is not None:
            _site_sources(scen, variable, register, scenario)
            return
        if variable not in ds.data_vars:
            raise GridError(f"no variable {variable!r}; the grid has "
                            f"{', '.join(map(str, ds.data_vars))}")
        da = ds[variable]
        for dim, value in (("scenario", scenario), ("year", year)):
            if value is not None:
                if dim not in da.dims or value not in da[dim].values:
                    raise GridError(f"{variable}: no {dim} {value!r}")
                da = da.sel({dim: [value]})  # kept as a dimension: the table's row key
        if (lat is None) != (lon is None):
            raise GridError("give both --lat and --lon")
        if lat is not None and lon is not None and "lat" in da.dims:
            if scen.composed is not None:  # place the set's layers around the site only
                da = scen.composed.around(np.array([lat]), np.array([lon])).grid[variable]
                for dim, value in (("scenario", scenario), ("year", year)):
                    if value is not None:
                        da = da.sel({dim: [value]})
            # As the engine reads a site: bilinear over the neighbours that hold values.
            rest = [d for d in da.dims if d not in ("lat", "lon")]
            sites = Stencil(da["lat"].values, da["lon"].values, [lat], [lon],
                            outside="missing")
            values = sites.apply_partial(np.asarray(da.transpose("lat", "lon", *rest).values,
                                                    float))[0]
            da = xr.DataArray(values, dims=rest, coords={d: da[d] for d in rest},
                              attrs=da.attrs)
            if not np.isfinite(np.asarray(da.values, float)).any():
                raise GridError(f"{variable} has no value at {lat}, {lon} (outside the grid "
                                "extent or its coverage): sites there are 'not assessed' "
                                "for it; import data that covers them")
        if da.ndim == 0:
            typer.echo("\n".join(heading(da)))
            typer.echo(f"{float(da):.4g}")
            return
        steps = da.sizes.get("scenario", 1)
        with progress.bar(f"reading {variable}", steps) as advance:
            table = summary(da, advance)
        typer.echo("\n".join(heading(da)))
        typer.echo(table.to_string())

    def _source_summaries(variable: str, path: Path | None, scenario: str | None,
                          year: int | None) -> None:
        """The variable summarised in each source that holds it, on that source's own grid.

        Composing a worldwide set onto one frame only to summarise it would read every
        layer through the frame's cells; each source's cells are what its data say, and
        the set's precedence (``scenarios list``) says which of them wins at a site.
        """
        from climrisk import progress
        from climrisk.commands.grid_summary import heading, summary
        from climrisk.grids import GridError
        from climrisk.grids.metadata import check_grid
        from climrisk.grids.sets import SET_SUFFIXES, plain_grid, source_files

        held = []
        names: set[str] = set()
        for label, file, entry in source_files(path):
            try:
                opened = plain_grid(file)
            except Exception as exc:  # any reader failure means an unreadable file
                raise GridError(f"{file}: cannot be read as a grid ({exc})") from None
            ds = check_grid(opened)
            chosen = [v for v in map(str, ds.data_vars)
                      if entry is None or not entry.variables or v in entry.variables]
            names.update(chosen)
            if variable not in chosen:
                continue
            da = ds[variable]
            if entry is not None and entry.scenarios and "scenario" in da.dims:
                da = da.sel(scenario=[x for x in entry.scenarios if x in da["scenario"].values])
            for dim, value in (("scenario", scenario), ("year", year)):
                if value is not None:
                    if dim not in da.dims or value not in da[dim].values:
                        da = None
                        break
                    da = da.sel({dim: [value]})  # kept as a dimension: the table's row key
            if da is not None:
                held.append((label, da))
        if not held:
            wanted = " ".join(f"{k} {v}" for k, v in (("scenario", scenario), ("year", year))
                              if v is not None)
            if variable in names:
                raise GridError(f"{variable}: no source holds {wanted} (a scenario without "
                                "values of its own takes its analogue's in a run: see "
                                "`climrisk scenarios list`)")
            raise GridError(f"no variable {variable!r}; the scenario data have "
                            f"{', '.join(sorted(names))}")
        steps = sum(da.sizes.get("scenario", 1) for _, da in held)
        tables = []
        with progress.bar(f"reading {variable}", steps) as advance:
            for label, da in held:
                tables.append((label, da, summary(da, advance)))
        for n, (label, da, table) in enumerate(tables):
            if n:
                typer.echo("")
            if len(tables) > 1 or path is None or Path(path).suffix.lower() in SET_SUFFIXES:
                typer.echo(f"source {n + 1} of {len(tables)}: {label}")
            typer.echo("\n".join(heading(da)))
            typer.echo(table.to_string())
        if len(tables) > 1:
            typer.echo(f"\nwhere several sources hold {variable}, a later one wins at a site "
                       "where it has a value: `climrisk scenarios list` gives the order")

    def _site_sources(scen: object, variable: str, register: Path,
                      scenario: str | None) -> None:
        from climrisk.register import load_register

        reg = load_register(register)
        composed = scen.composed  # type: ignore[attr-defined]
        ds = scen.grid  # type: ignore[attr-defined]
        lat = [a.location.lat for a in reg.assets]
        lon = [a.location.lon for a in reg.assets]
        chosen = [scenario] if scenario else [str(s) for s in ds["scenario"].values]
        typer.echo(f"{variable}: winning source per site and scenario")
        for s in chosen:
            if composed is None:
                labels = [scen.label] * len(lat)  # type: ignore[attr-defined]
            else:
                won = composed.winners_at(variable, s, lat, lon)
                labels = [composed.label(int(w)) for w in won]
            for a, label in zip(reg.assets, labels, strict=True):
                site = reg.site_data_for(a.id, variable) if hasattr(reg, "site_data_for") else None
                why = f"site data: {site}" if site else label
                typer.echo(f"  {s:<12} {a.id:<20} {why}")

    @group.command("build-default")
    @user_errors
    def build_default(
        check: Annotated[bool, typer.Option("--check", help="Exit 1 if the committed "
                                            "scenarios/default.nc is stale.")] = False,
    ) -> None:
        """Rebuild scenarios/default.nc and world.nc from scenarios/sources (or check them)."""
        from climrisk.grids.default import (
            build_world,
            default_path,
            stale_reasons,
            world_path,
            write_default,
            write_world,
        )

        if check:
            reasons = [(default_path(), r) for r in stale_reasons()]
            reasons += [(world_path(), r) for r in stale_reasons(world_path(), build=build_world)]
            for path, reason in reasons:
                typer.echo(f"stale: {path}: {reason}", err=True)
            if reasons:
                typer.echo("run `climrisk scenarios build-default`", err=True)
            raise typer.Exit(1 if reasons else 0)
        _written(write_default())
        _written(write_world())

    @importers.command("cmip6")
    @user_errors
    def import_cmip6(
        scenario_files: Annotated[list[Path], typer.Argument(help="Scenario netCDF files.")],
        scenario: Annotated[str, typer.Option(help="Scenario id, e.g. ssp245.")],
        out: OutOption,
        historical: Annotated[list[Path] | None, typer.Option(
            "--historical", help="Historical netCDF file (repeatable).")] = None,
        variable: Annotated[list[str] | None, typer.Option(
            "--variable", help="tas and/or tasmax (repeatable; default tas).")] = None,
        baseline: Annotated[str, typer.Option(help="Baseline years FIRST-LAST.")] = "1850-1900",
        model: Annotated[str | None, typer.Option(
            help="CMIP6 source_id the files must declare, e.g. MPI-ESM1-2-LR.")] = None,
        member: Annotated[str | None, typer.Option(
            help="CMIP6 member (variant_label) the files must declare, e.g. r1i1p1f1.")] = None,
        region: Annotated[str, typer.Option(
            help="lat_min,lat_max,lon_min,lon_max to keep (default: the whole file).")] = "",
        set_: AddToSet = None,
        ensemble: EnsembleOption = None,
    ) -> None:
        """Import CMIP6 tas/tasmax as local temperature change."""
        from climrisk.grids import write_grid
        from climrisk.grids.importers import import_cmip6 as run

        _writable(out)
        ds = run(historical or [], scenario_files, scenario, variables=variable or ["tas"],
                 baseline=_parse_years(baseline), model=model, member=member,
                 region=_parse_region(region))
        typer.echo("read " + ", ".join(
            f"{key} {ds.attrs[f'climrisk_{key}'] or '(not declared)'}"
            for key in ("source_id", "experiment_id", "member_id")))
        write_grid(ds, out)
        _written(out)
        _add(set_, out, ensemble)

    @importers.command("ar6-sea-level")
    @user_errors
    def import_ar6(
        path: Annotated[Path, typer.Argument(help="AR6 sea-level projection netCDF.")],
        scenario: Annotated[str, typer.Option(help="Scenario id, e.g. ssp245.")],
        out: OutOption,
        resolution: Annotated[float, typer.Option(help="Grid spacing (degrees).")] = 1.0,
        region: Annotated[str, typer.Option(
            help="lat_min,lat_max,lon_min,lon_max to keep (default: the whole file).")] = "",
        gauge_reach: Annotated[float, typer.Option(
            help="A cell within this many degrees of a tide gauge takes the gauge (which "
            "includes local land motion) over a grid box.")] = 0.5,
        set_: AddToSet = None,
    ) -> None:
        """Import an IPCC AR6 sea-level projection file (coast only: inland cells stay empty)."""
        from climrisk.grids import write_grid
        from climrisk.grids.importers import import_ar6_sea_level
        from climrisk.grids.importers.inputs import CHINA
        from climrisk.options import check_positive, check_resolution

        check_resolution(resolution, CHINA)
        check_positive("--gauge-reach", gauge_reach, low=0.0, high=10.0,
                       meaning="a distance in degrees, e.g. 0.5")
        _writable(out)
        write_grid(import_ar6_sea_level(path, scenario, resolution=resolution,
                                        region=_parse_region(region), gauge_reach=gauge_reach),
                   out)
        _written(out)
        _add(set_, out, None)

    @importers.command("ngfs")
    @user_errors
    def import_ngfs(
        path: Annotated[Path, typer.Argument(help="IAMC table (CSV or XLSX, wide or long).")],
        out: OutOption,
        model: Annotated[str | None, typer.Option(help="Model to keep.")] = None,
        region: Annotated[str | None, typer.Option(help="Region to keep.")] = None,
        deflator: Annotated[float | None, typer.Option(
            help="Price level of the table's currency year relative to 2010.")] = None,
        sheet: Annotated[str | None, typer.Option(
            help="Sheet of an XLSX workbook (default: 'data', or the only sheet).")] = None,
        set_: AddToSet = None,
    ) -> None:
        """Import NGFS/IAMC carbon and fuel prices (Price|Carbon, Price|Primary Energy|Coal,
        Gas, Oil)."""
        from climrisk.grids import write_grid
        from climrisk.grids.importers import import_iamc
        from climrisk.options import check_positive

        check_positive("--deflator", deflator, low=0.0, high=100.0,
                       meaning="the price level of the table's year relative to 2010, "
                       "e.g. 1.25")
        _writable(out)
        write_grid(import_iamc(path, model=model, region=region, deflator=deflator,
                               sheet=sheet), out)
        _written(out)
        _add(set_, out, None)

    @importers.command("hazard-map")
    @user_errors
    def import_hazard(
        paths: Annotated[list[Path], typer.Argument(help="One NetCDF, or GeoTIFFs.")],
        out: OutOption,
        return_period: Annotated[list[float] | None, typer.Option(
            "--return-period", help="Return period of each GeoTIFF (repeatable).")] = None,
        variable: Annotated[str, typer.Option(help="Hazard variable.")] = "flood_depth",
        units: Annotated[str, typer.Option(help="Units of GeoTIFF values.")] = "m",
        set_: AddToSet = None,
    ) -> None:
        """Import return-period hazard maps."""
        from climrisk.grids import write_grid
        from climrisk.grids.importers import import_hazard_map

        _writable(out)
        ds = import_hazard_map(paths, return_periods=return_period, variable=variable,
                               units=units)
        write_grid(ds, out)
        _written(out)
        _add(set_, out, None)
