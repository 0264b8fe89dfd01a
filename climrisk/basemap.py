"""Coastlines and land borders for maps, from Natural Earth data shipped in the package.

The app's maps are plain heatmaps in longitude and latitude; a reader needs the coast and the
borders to see where a cell is. Plotly's own geo layer fetches its map data from a web server,
which the app must not need, so the lines come from ``climrisk/data/basemap`` (see its
README.md for source, version and licence) and are drawn as ordinary line traces.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib.resources import files
from typing import Literal

import numpy as np

Kind = Literal["coast", "border"]
DETAILED_SPAN = 60.0
"""Degrees of longitude up to which a map takes the 1:50m lines; a wider one the 1:110m
(at that width the finer lines are thinner than a pixel apart and only weigh on the page)."""


@dataclass(frozen=True)
class Lines:
    """Polylines as one pair of coordinate arrays, NaN between lines (plotly's convention for
    a broken line, so one trace draws them all)."""

    lon: np.ndarray
    lat: np.ndarray


@functools.cache
def world(kind: Kind, scale: Literal["50m", "110m"] = "50m") -> Lines:
    """Every coast (``kind="coast"``) or land border (``"border"``) line on Earth."""
    with (files("climrisk.data") / "basemap" / f"ne_{scale}_lines.npz").open("rb") as f:
        data = np.load(f)
        start, length, steps = (data[f"{kind}_{part}"] for part in ("start", "length", "steps"))
        scale_xy, origin = data["scale"], data["origin"]
    # Each line is its start point followed by integer steps; a cumulative sum per line
    # restores the quantised positions, and one NaN row after each line breaks it.
    firsts = np.cumsum(np.concatenate([[0], length[:-1]]))
    points = np.zeros((int(length.sum()), 2))
    rest = np.ones(len(points), dtype=bool)
    rest[firsts] = False
    points[firsts] = start
    points[rest] = steps
    ends = np.cumsum(length)
    positions = np.cumsum(points, axis=0)
    offsets = np.repeat(positions[firsts] - points[firsts], length, axis=0)
    xy = (positions - offsets) * scale_xy + origin
    broken = np.insert(xy, ends, np.nan, axis=0)
    return Lines(broken[:, 0], broken[:, 1])


def within(lines: Lines, lon: tuple[float, float], lat: tuple[float, float]) -> Lines:
    """The parts of ``lines`` inside a window, plus one point beyond each edge so a line runs
    to the edge (the axes clip it there); a grid on 0–360° longitudes gets the lines shifted."""
    lons, lats = [], []
    for shift in (-360.0, 0.0, 360.0):
        x = lines.lon + shift
        inside = (x >= lon[0]) & (x <= lon[1]) & (lines.lat >= lat[0]) & (lines.lat <= lat[1])
        if not inside.any():
            continue
        keep = inside.copy()
        keep[1:] |= inside[:-1]
        keep[:-1] |= inside[1:]
        keep &= ~np.isnan(x)
        x = np.where(keep, x, np.nan)
        y = np.where(keep, lines.lat, np.nan)
        # Runs of NaN collapse to one, so the page does not carry the rest of the world.
        gap = np.isnan(x)
        first = np.concatenate([[not gap[0]], ~(gap[1:] & gap[:-1])])
        x, y = x[first], y[first]
        end = len(x) - 1 if np.isnan(x[-1]) else len(x)
        lons += [x[:end], [np.nan]]
        lats += [y[:end], [np.nan]]
    if not lons:
        return Lines(np.array([]), np.array([]))
    return Lines(np.concatenate(lons[:-1]), np.concatenate(lats[:-1]))


def for_map(kind: Kind, lon: tuple[float, float], lat: tuple[float, float]) -> Lines:
    """The lines a map of this window draws, at the scale that suits its width."""
    scale: Literal["50m", "110m"] = "50m" if lon[1] - lon[0] <= DETAILED_SPAN else "110m"
    return within(world(kind, scale), lon, lat)
