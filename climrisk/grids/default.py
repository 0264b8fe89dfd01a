"""Build the bundled default, ``scenarios/default.nc`` and ``scenarios/world.nc``.

Run ``climrisk scenarios build-default`` (or ``python -m climrisk.grids.default``) after
editing a source table; a test fails while a committed file is stale. ``default.nc`` is the
regional layer: mainland China and Hong Kong at 0.25 degrees (73-135 E, 18-54 N) with the
city and local figures of ``scenarios/sources/*.csv``. ``world.nc`` is the worldwide layer at
1 degree from the published regional and coastal datasets (``climrisk.grids.world``). The
bundled set ``scenarios/bundled.yaml`` composes them, the regional layer on top; both run
2025-2100 over ten scenarios.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import xarray as xr

from climrisk.grids import heat, sea_level, sources, transition, warming, world
from climrisk.grids.metadata import (
    append_history,
    cf_attrs,
    check_grid,
    global_attrs,
    set_coordinate_attrs,
    variables,
)
from climrisk.grids.scenarios import ANALOGUE_NOTE, QUANTILES, SCENARIOS, YEARS
from climrisk.grids.storage import default_path, open_grid, world_path, write_grid

RESOLUTION = 0.25
LON_RANGE = (73.0, 135.0)
LAT_RANGE = (18.0, 54.0)
ESTIMATE = "estimate"
COAST_CELLS = 2
"""Regional sea level is kept on cells that hold sea and this many cells around them
(about 50 km at 0.25 degrees): sites farther inland are not assessed for sea level."""

REFERENCES = (
    "IPCC AR6 WG1 SPM Table SPM.1 (GSAT) and Table 9.9 (GMSL); Grandey et al., "
    "d25a-rsl-fusion, AR6-based local relative sea level (github grandey/d25a-rsl-fusion); "
    "AR6 Table 11.SM.2/11.SM.4 (regional extremes); NGFS Phase V (MESSAGEix-GLOBIOM 2.0); "
    "MEE/NBS regional grid emission factors 2023; GB 50176-2016; see climrisk_source of "
    "each variable for the rows of scenarios/sources/*.csv used."
)


def axes() -> tuple[xr.DataArray, xr.DataArray]:
    """The 0.25-degree latitude and longitude axes (ascending)."""
    lat = np.round(np.arange(LAT_RANGE[0], LAT_RANGE[1] + RESOLUTION / 2, RESOLUTION), 4)
    lon = np.round(np.arange(LON_RANGE[0], LON_RANGE[1] + RESOLUTION / 2, RESOLUTION), 4)
    return (xr.DataArray(lat, dims="lat", coords={"lat": lat}),
            xr.DataArray(lon, dims="lon", coords={"lon": lon}))


def _expand(ssp_field: xr.DataArray, analogue: str) -> xr.DataArray:
    """Give every scenario the values of its physical or transition analogue."""
    ids = [getattr(s, analogue) for s in SCENARIOS]
    out = ssp_field.sel(scenario=ids)
    return out.assign_coords(scenario=[s.id for s in SCENARIOS])


def _scenario_coords(ids: list[str] | None = None) -> dict[str, tuple[str, list[str]]]:
    chosen = [s for s in SCENARIOS if ids is None or s.id in ids]
    return {
        "scenario_label": ("scenario", [s.label for s in chosen]),
        "scenario_family": ("scenario", [s.family for s in chosen]),
        "scenario_type": ("scenario", [s.type for s in chosen]),
        "physical_analogue": ("scenario", [s.physical_analogue for s in chosen]),
        "transition_analogue": ("scenario", [s.transition_analogue for s in chosen]),
    }


def build_default() -> xr.Dataset:
    """The default grid as a CF-1.11 dataset (deterministic: no timestamps)."""
    lat, lon = axes()
    gsat, cite_gsat = warming.gsat()
    tas_factor, cite_tas = warming.amplification(lat, "tas")
    tmax_factor, cite_tmax = warming.amplification(lat, "tasmax")
    ones = xr.ones_like(lon, dtype=float)
    hot_model, cdd_model = heat.hot_day_model(), heat.cdd_model()
    rsl, cite_rsl = sea_level.relative_sea_level(lat, lon)
    rsl = rsl.where(world.sea_cells(lat.values, lon.values, RESOLUTION, dilate=COAST_CELLS))
    cite_rsl += (f"; coast only: cells with sea within {COAST_CELLS} cell(s), "
                 "global-land-mask (GLOBE 1 km)")
    physical = {
        "gsat": (gsat, ESTIMATE, "annual interpolation of verified AR6 period means "
                 f"(mean-preserving PCHIP through period midpoints); {cite_gsat}"),
        "tas_change": (gsat * tas_factor * ones, ESTIMATE,
                       f"GSAT x latitude pattern; {cite_gsat}; {cite_tas}"),
        "tasmax_change": (gsat * tmax_factor * ones, ESTIMATE,
                          f"GSAT x latitude pattern; {cite_gsat}; {cite_tmax}"),
        "hot_days": (heat.hot_days(gsat, tmax_factor, lon, hot_model), ESTIMATE,
                     "normal shift of daily Tmax calibrated to city normals; "
                     f"{hot_model.provenance}; {cite_tmax}"),
        "cdd": (heat.cdd(gsat, tas_factor, lon, cdd_model), ESTIMATE,
                "normal shift of daily-mean temperature calibrated to city CDD26; "
                f"{cdd_model.provenance}; {cite_tas}"),
        "sea_level_change": (rsl, ESTIMATE, cite_rsl),
    }
    data = _physical(physical)
    price, cite_price = transition.carbon_price()
    ef, cite_ef = transition.grid_emission_factor()
    power, cite_power = transition.electricity_price()
    data["carbon_price"] = _expand(price, "transition_analogue").astype(np.float32)
    data["carbon_price"].attrs = cf_attrs(
        "carbon_price", ESTIMATE,
        f"NGFS-style China default paths, scenario facts 5.1(d); {cite_price}",
        climrisk_currency_year=2010,
        **_currency_notes(),
        climrisk_note="Headline estimates only; the official NGFS Phase V China-region "
        "download is taken by `climrisk scenarios import ngfs`.",
        climrisk_scenario_mapping="SSP scenarios use transition_analogue",
    )
    data["grid_emission_factor"] = _expand(ef, "transition_analogue").astype(np.float32)
    data["grid_emission_factor"].attrs = cf_attrs(
        "grid_emission_factor", ESTIMATE,
        f"2023 factors verified, decline paths estimated; {cite_ef}",
        climrisk_scenario_mapping="SSP scenarios use transition_analogue")
    data["electricity_price"] = _expand(power, "transition_analogue").astype(np.float32)
    data["electricity_price"].attrs = cf_attrs(
        "electricity_price", ESTIMATE, f"regional tariffs x price index; {cite_power}",
        climrisk_note="Excludes explicit carbon cost (apply carbon_price x "
        "grid_emission_factor x pass-through).",
        climrisk_scenario_mapping="SSP scenarios use transition_analogue")
    ds = xr.Dataset(data).assign_coords(_scenario_coords())
    ds = ds.assign_coords(quantile=list(QUANTILES), year=np.array(YEARS, dtype=np.int32))
    ds = set_coordinate_attrs(ds)
    ds.attrs = global_attrs(
        title="climrisk default scenario grid: mainland China and Hong Kong, 2025-2100",
        source="climrisk.grids.default from scenarios/sources/*.csv (IPCC AR6, AR6-based "
        "local sea level, NGFS-style paths, MEE/NBS factors, city climate normals)",
        references=REFERENCES,
        comment=ANALOGUE_NOTE + " Variables marked climrisk_status=estimate are derived by "
        "documented methods (climrisk/grids/*.py docstrings); replace them by importing "
        "CMIP6, AR6 sea-level and NGFS files.",
    )
    append_history(ds, "built by climrisk.grids.default.build_default from "
                   "scenarios/sources/*.csv", timestamp=False)
    return check_grid(ds)


def _physical(fields: dict[str, tuple[xr.DataArray, str, str]],
              expand: bool = True) -> dict[str, xr.DataArray]:
    """SSP fields with CF attributes, given to every scenario through its physical analogue
    (``expand``) or kept to the SSPs, which a scenario set lends to the NGFS scenarios."""
    order = ("scenario", "year", "quantile", "lat", "lon")
    data: dict[str, xr.DataArray] = {}
    for name, (field, status, source) in fields.items():
        dims = [d for d in order if d in field.dims]
        da = field.transpose(*dims).astype(np.float32)
        da = _expand(da, "physical_analogue") if expand else da
        da.attrs = cf_attrs(name, status, source,
                            climrisk_scenario_mapping="NGFS scenarios use physical_analogue")
        data[name] = da
    return data


def build_world(ssps: list[str] | None = None) -> xr.Dataset:
    """The worldwide layer as a CF-1.11 dataset (deterministic: no timestamps).

    It holds the SSPs only (or ``ssps``): the NGFS scenarios take their physical variables
    from their SSP analogue when the bundled set composes it, so the file stores no copies.
    """
    gsat, cite_gsat = warming.gsat()
    if ssps is not None:
        gsat = gsat.sel(scenario=ssps)
    physical = {"gsat": (gsat, ESTIMATE, "annual interpolation of verified AR6 period means "
                         f"(mean-preserving PCHIP through period midpoints); {cite_gsat}")}
    physical.update(world.fields(gsat, regional_box=(LAT_RANGE, LON_RANGE)))
    ids = [str(s) for s in gsat["scenario"].values]
    ds = xr.Dataset(_physical(physical, expand=False)).assign_coords(_scenario_coords(ids))
    ds = ds.assign_coords(quantile=list(QUANTILES), year=np.array(YEARS, dtype=np.int32))
    ds = set_coordinate_attrs(ds)
    ds.attrs = global_attrs(
        title="climrisk worldwide scenario layer: AR6 land regions and coasts at 1 degree, "
        "2025-2100",
        source="climrisk.grids.world from scenarios/sources/external (CMIP6 regional "
        "indices at warming levels, AR6 reference regions, d25a relative sea level) and "
        "AR6 GSAT/GMSL tables",
        references=f"{world.CITE_INDICES}; {world.CITE_REGIONS}; {world.CITE_SEA_LEVEL}; "
        "IPCC AR6 WG1 SPM Table SPM.1 (GSAT) and Table 9.9 (GMSL); land mask: "
        "global-land-mask (GLOBE 1 km, MIT)",
        comment=ANALOGUE_NOTE + " Land cells carry their AR6 region's figures; sea level is "
        "kept to coastal cells. hot_days and cdd need a local climatology and are not held: "
        "sites outside the regional layer are not assessed for them. Inside the regional "
        "layer's box (73-135 E, 18-54 N) sea level is left to that layer.",
    )
    append_history(ds, "built by climrisk.grids.default.build_world from "
                   "scenarios/sources/external", timestamp=False)
    return check_grid(ds)


def _currency_notes() -> dict[str, object]:
    """The USD2010 -> USD2024 deflator and the 2025 CNY/USD rate, with their source lines."""
    table = sources.read("rmb_usd.csv")
    deflator = table[table.year.astype(str).str.startswith("USD2010->USD2024")].iloc[0]
    fx = table[table.year.astype(str) == "2025"].iloc[0]
    return {
        "climrisk_deflator_to_usd2024": float(deflator.rmb_per_usd_or_factor),
        "climrisk_deflator_source": f"{sources.cite('rmb_usd.csv', [deflator.line])} "
        f"({deflator.status})",
        "climrisk_rmb_per_usd_2025": float(fx.rmb_per_usd_or_factor),
        "climrisk_fx_source": f"{sources.cite('rmb_usd.csv', [fx.line])} ({fx.status})",
    }


def write_default(path: Path | None = None) -> Path:
    """Build the regional default and write it (compressed, float32) to ``path``."""
    target = path or default_path()
    write_grid(build_default(), target)
    return target


def write_world(path: Path | None = None) -> Path:
    """Build the worldwide layer and write it to ``path``."""
    target = path or world_path()
    write_grid(build_world(), target)
    return target


def stale_reasons(path: Path | None = None, fresh: xr.Dataset | None = None,
                  build: Callable[[], xr.Dataset] | None = None) -> list[str]:
    """How the committed file differs from a fresh build (empty when it is fresh).

    Values are compared with ``xr.testing.assert_allclose`` within each variable's storage
    precision, one variable at a time; attributes and coordinates exactly. Physical fields
    are compared for the SSP scenarios, whose copies the NGFS scenarios are (the analogue
    coordinates are compared). Bytes are not compared: compressors differ between versions.
    """
    target = path or default_path()
    if not target.exists():
        return [f"{target} does not exist"]
    fresh = (build or build_default)() if fresh is None else fresh
    committed = open_grid(target, lazy=True)
    reasons: list[str] = []
    if set(fresh.variables) != set(committed.variables):
        diff = sorted(map(str, set(fresh.variables) ^ set(committed.variables)))
        return [f"variables differ: {diff}"]
    if fresh.attrs != committed.attrs:
        reasons.append("global attributes differ")
    table = variables()
    for name in fresh.coords:
        if not fresh[name].equals(committed[name]) or fresh[name].attrs != committed[
                name].attrs:
            reasons.append(f"coordinate {name} differs")
    own = [s.id for s in SCENARIOS if s.physical_analogue == s.id]
    for name in fresh.data_vars:
        a, b = fresh[name], committed[name]
        if a.attrs != b.attrs:
            reasons.append(f"{name}: attributes differ")
        if "lat" in a.dims and "scenario" in a.dims:
            a, b = a.sel(scenario=own), b.sel(scenario=own)
        digits = table.get(str(name), {}).get("least_significant_digit")
        atol = 10.0 ** -digits if digits is not None else 1e-9
        try:
            xr.testing.assert_allclose(a, b.load(), rtol=0, atol=atol)
        except AssertionError as exc:
            reasons.append(f"{name}: values differ beyond {atol:g}: {str(exc)[:200]}")
    return reasons


if __name__ == "__main__":
    print(write_default())
