"""The worldwide layer of the bundled default: published regional and coastal figures at 1°.

Every land cell on Earth gets the figures published for its IPCC AR6 land reference region
(Iturbide et al. 2020), and every coastal cell the sea-level rise published at its nearest
tide gauge or coastal grid box (Grandey et al., d25a-rsl-fusion). The copies of those
datasets, with their licences and upstream commits, are in ``scenarios/sources/external``.

- ``tasmax_change``, ``rx1day_change``: the CMIP6 multi-model median regional change at the
  global warming levels +1.5/+2/+3/+4 °C (Hauser, cmip_indices_regional; the values behind
  AR6 WG1 Tables 11.SM), read at each year's GSAT: linear between the levels, from zero at
  zero warming, and extended beyond +4 °C along the +3 to +4 °C slope (estimate). TXx (the
  year's hottest day) stands for the summer daily maximum; Rx1day is taken as a fraction.
- ``soil_moisture_change``: the drought driver, total-column soil moisture (SM_total) in
  standard deviations of its 1850-1900 year-to-year variability, read the same way
  (negative is drier). The published CDD index (longest dry spell) is not held: the layer's
  size budget allows one drought field, and the water that rivers, reservoirs and cooling
  intakes depend on follows soil moisture more closely than the length of dry spells.
- ``tas_change``: GSAT times the latitude pattern of the regional default (estimate; the
  regional datasets hold no annual-mean temperature).
- ``sea_level_change``: AR6 GMSL (Table 9.9) times the local/global ratio of the central
  (SSP2-4.5 median) 2100 relative sea level at the nearest d25a location within
  ``COAST_REACH_KM``, on cells that hold some sea; cells without sea or farther from every
  location hold none, so inland sites are "not assessed" for sea level rather than given
  the global mean.
- ``hot_days`` and ``cdd`` need a local climatology the published datasets lack: they are
  left out, and sites outside the regional default are "not assessed" for them.

A cell counts as land when any of 5 x 5 points across it is land in the ``global-land-mask``
package (GLOBE 1 km), and takes the AR6 region most of its land points fall in.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import xarray as xr

from climrisk.grids import sea_level, sources, warming

RESOLUTION = 1.0
LAT = np.arange(-90.0, 90.0 + RESOLUTION / 2, RESOLUTION)
LON = np.arange(-180.0, 180.0, RESOLUTION)
SUBPOINTS = 5
COAST_REACH_KM = 120.0
"""A cell holds sea level when a d25a location lies this close: the locations are tide
gauges and 1° coastal boxes (box centres are up to ~80 km from the coast they stand for)."""
WARMING_LEVELS = (1.5, 2.0, 3.0, 4.0)
EXTERNAL = "external"
REGIONS_ZIP = "ar6-reference-regions/IPCC-WGI-reference-regions-v4.zip"
INDEX_FILE = "cmip6-indices-regional/cmip_indices_multi_model_median_regional_{index}.csv"
SEA_LEVEL_FILES = ("sea-level-d25a/rsl_gauges_2100_d25a.csv",
                   "sea-level-d25a/rsl_grid_2100_d25a.csv")
CITE_REGIONS = ("IPCC AR6 WG1 reference regions v4, Iturbide et al. 2020, ESSD 12:2959, "
                "doi:10.5194/essd-12-2959-2020 (CC BY 4.0)")
CITE_INDICES = ("Hauser, M.: cmip_indices_regional, Zenodo, doi:10.5281/zenodo.4603427; "
                "IPCC AR6 WG1 Chapter 11 (CC BY-SA 4.0)")
CITE_SEA_LEVEL = ("Grandey, B. S. et al.: d25a-rsl-fusion, Zenodo (MIT); relative sea level "
                  "by 2100 at tide gauges and 1° coastal boxes")


def _require_builders() -> None:
    """Building (not reading) the default needs the ``scenarios`` extra; say so plainly."""
    import importlib.util

    missing = [m for m in ("shapefile", "shapely", "global_land_mask")
               if importlib.util.find_spec(m) is None]
    if missing:
        from climrisk.errors import UserError

        raise UserError(f"rebuilding the bundled default needs {', '.join(missing)}; install "
                        "them with `pip install -e \".[scenarios]\"`")


def external(name: str) -> Path:
    """A file of the published datasets copied into ``scenarios/sources/external``."""
    return sources.directory() / EXTERNAL / name


def _commit(folder: str) -> str:
    return external(f"{folder}/COMMIT").read_text(encoding="utf-8").strip()[:12]


def cite(name: str) -> str:
    """``scenarios/sources/external/<file> @<upstream commit>``."""
    return f"scenarios/sources/{EXTERNAL}/{name} @{_commit(name.split('/')[0])}"


def region_polygons() -> list[tuple[str, object]]:
    """The 46 AR6 land regions (types Land and Land-Ocean) as (acronym, shapely geometry)."""
    _require_builders()
    import shapefile
    from shapely.geometry import Polygon
    from shapely.ops import unary_union

    with zipfile.ZipFile(external(REGIONS_ZIP)) as archive:
        stem = next(n for n in archive.namelist() if n.endswith(".shp"))[:-4]
        reader = shapefile.Reader(shp=io.BytesIO(archive.read(stem + ".shp")),
                                  dbf=io.BytesIO(archive.read(stem + ".dbf")),
                                  shx=io.BytesIO(archive.read(stem + ".shx")))
        out = []
        for shape, record in zip(reader.shapes(), reader.records(), strict=True):
            if record["Type"] not in ("Land", "Land-Ocean"):
                continue
            cuts = [*shape.parts, len(shape.points)]
            rings = [Polygon(shape.points[a:b]) for a, b in zip(cuts[:-1], cuts[1:], strict=True)]
            out.append((str(record["Acronym"]), unary_union(rings)))
    return out


def land_regions() -> tuple[xr.DataArray, list[str]]:
    """Index of each 1° cell's AR6 land region (-1: no land), and the region acronyms."""
    _require_builders()
    import shapely
    from global_land_mask import globe

    la, lo = _subpoints(LAT, LON, RESOLUTION)
    land = globe.is_land(la, lo)
    polygons = region_polygons()
    which = np.full(la.shape, -1, dtype=np.int16)
    pts_lat, pts_lon = la[land], lo[land]
    found = np.full(pts_lat.shape, -1, dtype=np.int16)
    for k, (_, geom) in enumerate(polygons):
        inside = shapely.contains_xy(geom, pts_lon, pts_lat) & (found < 0)
        found[inside] = k
    which[land] = found
    flat = which.reshape(LAT.size, LON.size, -1)
    index = np.full((LAT.size, LON.size), -1, dtype=np.int16)
    counts = np.stack([(flat == k).sum(axis=-1) for k in range(len(polygons))], axis=-1)
    has = counts.max(axis=-1) > 0
    index[has] = counts.argmax(axis=-1)[has]
    da = xr.DataArray(index, dims=("lat", "lon"), coords={"lat": LAT, "lon": LON})
    return da, [name for name, _ in polygons]


def regional_index(index: str, regions: list[str]) -> xr.DataArray:
    """Multi-model median change of ``index`` by AR6 region and warming level (0 at 0)."""
    table = pd.read_csv(external(INDEX_FILE.format(index=index)), comment="#")
    table = table.set_index("abbrevs")
    levels = [0.0, *WARMING_LEVELS]
    values = np.zeros((len(regions), len(levels)))
    for i, name in enumerate(regions):
        values[i, 1:] = [float(table.loc[name, f"{wl:.1f}"]) for wl in WARMING_LEVELS]
    return xr.DataArray(values, dims=("region", "level"),
                        coords={"region": regions, "level": levels})


def at_warming(per_level: xr.DataArray, gsat: xr.DataArray) -> xr.DataArray:
    """``per_level`` read at each GSAT: linear between levels, along the last slope beyond."""
    levels = per_level["level"].values
    g = gsat.values
    flat = g.reshape(-1)
    out = np.empty((per_level.sizes["region"], flat.size))
    for i, row in enumerate(per_level.values):
        inside = np.interp(flat, levels, row)
        slope = (row[-1] - row[-2]) / (levels[-1] - levels[-2])
        out[i] = np.where(flat > levels[-1], row[-1] + slope * (flat - levels[-1]), inside)
    shaped = out.reshape(per_level.sizes["region"], *g.shape)
    return xr.DataArray(shaped, dims=("region", *gsat.dims),
                        coords={"region": per_level["region"].values, **gsat.coords})


def on_cells(per_region: xr.DataArray, index: xr.DataArray) -> xr.DataArray:
    """Regional values spread onto the cells of each region; NaN where there is no land."""
    padded = xr.concat([per_region, xr.full_like(per_region.isel(region=0), np.nan)],
                       dim="region")
    picked = padded.isel(region=xr.where(index >= 0, index, per_region.sizes["region"]))
    return picked.drop_vars("region", errors="ignore")


def _subpoints(lat: np.ndarray, lon: np.ndarray, step: float) -> tuple[np.ndarray, np.ndarray]:
    """``SUBPOINTS`` x ``SUBPOINTS`` points across each cell of the (lat, lon) axes."""
    offsets = ((np.arange(SUBPOINTS) + 0.5) / SUBPOINTS - 0.5) * step
    la = np.clip(lat[:, None, None, None] + offsets[None, None, :, None], -89.99, 89.99)
    lo = lon[None, :, None, None] + offsets[None, None, None, :]
    la, lo = np.broadcast_arrays(la, lo)
    return la, (lo + 180.0) % 360.0 - 180.0


def sea_cells(lat: np.ndarray, lon: np.ndarray, step: float, dilate: int = 0) -> xr.DataArray:
    """Cells of the (lat, lon) axes that hold some sea (GLOBE land mask), widened by
    ``dilate`` cells: where sea-level rise can reach a site."""
    _require_builders()
    from global_land_mask import globe
    from scipy.ndimage import binary_dilation

    la, lo = _subpoints(lat, lon, step)
    sea = globe.is_ocean(la, lo).reshape(lat.size, lon.size, -1).any(axis=-1)
    if dilate:
        sea = binary_dilation(sea, iterations=dilate)
    return xr.DataArray(sea, dims=("lat", "lon"), coords={"lat": lat, "lon": lon})


def coastal_locations() -> tuple[pd.DataFrame, str]:
    """Every d25a location (gauges and coastal boxes) with its central 2100 relative rise."""
    frames = []
    for name in SEA_LEVEL_FILES:
        frame = pd.read_csv(external(name))
        frame = frame[np.isfinite(frame["central"])]
        frames.append(frame[["lat", "lon", "central"]])
    both = pd.concat(frames, ignore_index=True)
    return both, "; ".join(cite(n) for n in SEA_LEVEL_FILES)


def coast_ratio(lat: np.ndarray, lon: np.ndarray) -> tuple[xr.DataArray, str]:
    """Local/global ratio of the central 2100 rise at the nearest location within reach,
    on the (lat, lon) axes; NaN farther from every location."""
    from scipy.spatial import cKDTree

    points, cite_points = coastal_locations()
    gm, cite_gmsl = sea_level.gmsl()
    central = float(gm.sel(scenario="ssp245", quantile=0.5, year=2100))
    tree = cKDTree(_unit_vectors(points["lat"].to_numpy(), points["lon"].to_numpy()))
    la, lo = np.meshgrid(lat, lon, indexing="ij")
    chord, nearest = tree.query(_unit_vectors(la.ravel(), lo.ravel()))
    km = 2 * 6371.0 * np.arcsin(np.clip(chord / 2, 0, 1))
    ratio = points["central"].to_numpy()[nearest] / central
    ratio = np.where(km <= COAST_REACH_KM, ratio, np.nan).reshape(la.shape)
    da = xr.DataArray(ratio, dims=("lat", "lon"), coords={"lat": lat, "lon": lon})
    da = da.where(sea_cells(lat, lon, RESOLUTION))
    return da, f"{cite_points}; {cite_gmsl} (SSP2-4.5 median 2100 = {central:.3f} m)"


def _unit_vectors(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    la, lo = np.radians(lat), np.radians(lon)
    return np.stack([np.cos(la) * np.cos(lo), np.cos(la) * np.sin(lo), np.sin(la)], axis=-1)


def fields(gsat: xr.DataArray,
           regional_box: tuple[tuple[float, float], tuple[float, float]] | None = None,
           ) -> dict[str, tuple[xr.DataArray, str, str]]:
    """The worldwide physical fields for the SSPs of ``gsat`` (scenario x year x quantile):
    name -> (field, status, method and sources).

    Sea level is left empty inside ``regional_box`` ((lat_min, lat_max), (lon_min, lon_max)):
    the regional default holds it there with its own coast mask, and the coarse field must
    not show through where that mask leaves a site inland.
    """
    lat = xr.DataArray(LAT, dims="lat", coords={"lat": LAT})
    lon = xr.DataArray(LON, dims="lon", coords={"lon": LON})
    _, cite_gsat = warming.gsat()
    index, regions = land_regions()
    land = index >= 0
    tas_factor, cite_tas = warming.amplification(lat, "tas")
    out: dict[str, tuple[xr.DataArray, str, str]] = {}
    out["tas_change"] = (
        (gsat * tas_factor * xr.ones_like(lon, dtype=float)).where(land), "estimate",
        f"GSAT x latitude pattern on AR6 land cells; {cite_gsat}; {cite_tas}; "
        f"land: global-land-mask (GLOBE 1 km)")
    # TXx stands in for the summer daily maximum (a proxy: estimate); Rx1day and SM_total
    # are the published indices themselves, read at each year's warming (derived).
    for name, idx, scale, status in (("tasmax_change", "TXx", 1.0, "estimate"),
                                     ("rx1day_change", "Rx1day", 0.01, "derived"),
                                     ("soil_moisture_change", "SM_total", 1.0, "derived")):
        per_level = regional_index(idx, regions) * scale
        per_region = at_warming(per_level, gsat)
        out[name] = (
            on_cells(per_region, index), status,
            f"CMIP6 multi-model median {idx} change of the cell's AR6 land region at the "
            f"year's GSAT (linear between +1.5/+2/+3/+4 °C warming levels, last slope beyond"
            f" +4 °C: estimate); {cite(INDEX_FILE.format(index=idx))}; {CITE_INDICES}; "
            f"regions: {cite(REGIONS_ZIP)}, {CITE_REGIONS}; {cite_gsat}")
    ratio, cite_ratio = coast_ratio(LAT, LON)
    gm, cite_gmsl = sea_level.gmsl()
    gm = gm.sel(scenario=gsat["scenario"].values)
    if regional_box is not None:
        (la0, la1), (lo0, lo1) = regional_box
        inside = ((lat >= la0) & (lat <= la1)) & ((lon >= lo0) & (lon <= lo1))
        ratio = ratio.where(~inside)
    out["sea_level_change"] = (
        gm * ratio, "estimate",
        f"AR6 GMSL x local/global ratio of the d25a central 2100 relative rise at the nearest"
        f" location within {COAST_REACH_KM:.0f} km, held over time (estimate); coast only; "
        f"{cite_gmsl}; {cite_ratio}; {CITE_SEA_LEVEL}")
    return out
