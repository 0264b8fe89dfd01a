"""Where each site's label goes on a map, so that no two labels overlap.

Greedy placement in screen space: labels are placed one by one, each at the first of a fixed
list of candidate positions around its point (right, left, above, below, the diagonals, then
the same farther out with a leader line) whose box meets no label already placed, no site
marker and no edge of the plot. A label with no free candidate is left out; its site keeps
its marker and hover text. Screen positions come from the map's degrees-to-pixels scale,
taken for the smallest plot the map is drawn in, so on a larger screen points only move apart.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import numpy as np

GAP = 4.0
"""Pixels between a marker and its label, and between two labels."""
MARKER = 6.0
"""Half the side of the box a site marker occupies, in pixels."""
_NEAR = ((1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (1, -1), (-1, 1), (-1, -1))
_RINGS = (1.0, 2.5, 4.0)
"""Distances of the candidate rings, as multiples of the nearest one; past the first a leader
line joins the label to its point."""


@dataclass(frozen=True)
class Placement:
    """A label's centre relative to its point, in pixels (y up), and whether it is drawn
    with a leader line."""

    dx: float
    dy: float
    leader: bool


def text_size(text: str, font_px: float) -> tuple[float, float]:
    """Width and height in pixels of one line of text: wide (CJK) characters take a full em,
    others about 0.6 em, which errs on the wide side for the usual sans-serif fonts."""
    width = sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.6 for ch in text)
    return width * font_px + 2, font_px * 1.3


def pixel_scale(lon_span: float, lat_span: float, mid_lat: float, width: float,
                height: float) -> tuple[float, float]:
    """Pixels per degree of longitude and of latitude on a map whose latitude is stretched by
    1/cos(mid-latitude) (so distances look right near its middle) and that fits in
    ``width`` × ``height``."""
    stretch = 1 / np.cos(np.radians(mid_lat))
    per_lon = min(width / lon_span, height / (lat_span * stretch))
    return per_lon, per_lon * stretch


def _overlap(a: np.ndarray, boxes: np.ndarray) -> np.ndarray:
    """Overlap area of box ``a`` with each of ``boxes`` (rows of x0, y0, x1, y1)."""
    w = np.minimum(a[2], boxes[:, 2]) - np.maximum(a[0], boxes[:, 0])
    h = np.minimum(a[3], boxes[:, 3]) - np.maximum(a[1], boxes[:, 1])
    return np.clip(w, 0, None) * np.clip(h, 0, None)


def place(x: np.ndarray, y: np.ndarray, sizes: list[tuple[float, float]],
          bounds: tuple[float, float, float, float]) -> list[Placement | None]:
    """A placement for each label (``None`` where no candidate is free), in the given order of
    priority. ``x``/``y`` are the points in pixels (y up), ``sizes`` each label's width and
    height, ``bounds`` the plot's x0, y0, x1, y1 in the same pixels."""
    markers = np.column_stack([x - MARKER, y - MARKER, x + MARKER, y + MARKER])
    placed: list[np.ndarray] = []
    out: list[Placement | None] = []
    for i, (w, h) in enumerate(sizes):
        choice = None
        for ring, scale in enumerate(_RINGS):
            for ux, uy in _NEAR:
                dx = ux * scale * (MARKER + GAP + w / 2)
                dy = uy * scale * (MARKER + GAP + h / 2)
                box = np.array([x[i] + dx - w / 2 - GAP / 2, y[i] + dy - h / 2 - GAP / 2,
                                x[i] + dx + w / 2 + GAP / 2, y[i] + dy + h / 2 + GAP / 2])
                if (box[0] < bounds[0] or box[1] < bounds[1] or box[2] > bounds[2]
                        or box[3] > bounds[3]):
                    continue
                others = np.vstack([markers, *placed]) if placed else markers
                if _overlap(box, others).any():
                    continue
                choice = Placement(float(dx), float(dy), leader=ring > 0)
                placed.append(box[None, :])
                break
            if choice is not None:
                break
        out.append(choice)
    return out
