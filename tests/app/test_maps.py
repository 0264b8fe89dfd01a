"""The explorer's maps: shipped coastlines and borders, labels that never overlap."""

from __future__ import annotations

import numpy as np
import pytest

from climrisk import basemap, maplabels


def _near(lines: basemap.Lines, lon: float, lat: float) -> float:
    """Distance in degrees from a point to the nearest vertex of ``lines``."""
    return float(np.nanmin(np.hypot(lines.lon - lon, lines.lat - lat)))


def test_coast_and_borders_are_where_the_atlas_puts_them() -> None:
    coast = basemap.world("coast")
    border = basemap.world("border")
    assert _near(coast, 114.17, 22.29) < 0.05  # Victoria Harbour, Hong Kong
    assert _near(coast, 121.49, 31.23) < 0.3  # the Huangpu mouth, Shanghai
    assert _near(coast, 115.86, -31.95) < 0.3  # Perth
    assert _near(border, 114.13, 22.53) < 0.1  # the Shenzhen River, Hong Kong–Shenzhen
    assert _near(border, 111.0, 43.7) < 1.5  # China–Mongolia, near Erenhot
    assert _near(border, 116.4, 39.9) > 3  # no border through Beijing
    assert np.nanmax(np.abs(coast.lon)) <= 180 and np.nanmax(np.abs(coast.lat)) <= 90
    assert _near(basemap.world("coast", "110m"), 114.17, 22.29) < 0.3


def test_a_window_carries_its_lines_and_one_point_beyond_each_edge() -> None:
    lon, lat = (104.5, 130.5), (24.5, 46.5)
    lines = basemap.for_map("coast", lon, lat)
    x, y = lines.lon, lines.lat
    inside = (x >= lon[0]) & (x <= lon[1]) & (y >= lat[0]) & (y <= lat[1])
    assert inside.sum() > 300
    outside = ~inside & ~np.isnan(x)
    # Every point outside the window is the last step of a line running off its edge.
    after = np.concatenate([[False], inside[:-1]])
    before = np.concatenate([inside[1:], [False]])
    assert not (outside & ~after & ~before).any()
    assert not (np.isnan(x[1:]) & np.isnan(x[:-1])).any()  # one NaN between lines
    assert len(x) < len(basemap.world("coast").lon) / 10


def test_a_grid_on_0_to_360_longitudes_gets_the_lines_shifted() -> None:
    lines = basemap.within(basemap.world("coast"), (170.0, 200.0), (-50.0, -30.0))
    assert np.nanmax(lines.lon) > 180  # New Zealand and the dateline's far side
    assert _near(lines, 174.8, -36.85) < 0.3  # Auckland


def test_a_wide_map_takes_the_coarser_lines() -> None:
    wide = basemap.for_map("coast", (60.0, 160.0), (-45.0, 40.0))
    narrow = basemap.for_map("coast", (100.0, 130.0), (15.0, 45.0))
    assert basemap.within(basemap.world("coast", "110m"), (60.0, 160.0), (-45.0, 40.0)).lon.size \
        == wide.lon.size
    assert narrow.lon.size > 0


def test_cjk_text_is_wider_than_latin() -> None:
    assert maplabels.text_size("北京", 12)[0] == pytest.approx(2 * 12 + 2)
    assert maplabels.text_size("Wuhan", 12)[0] == pytest.approx(5 * 0.6 * 12 + 2)


def test_pixel_scale_fits_the_plot_and_stretches_latitude() -> None:
    per_lon, per_lat = maplabels.pixel_scale(20, 10, 60.0, 400, 400)
    assert per_lon == pytest.approx(20.0)  # 20° of longitude fill 400 px
    assert per_lat == pytest.approx(40.0)  # 1 / cos 60° = 2
    per_lon, per_lat = maplabels.pixel_scale(10, 20, 60.0, 400, 400)
    assert per_lat * 20 == pytest.approx(400)  # now the height limits


def _boxes(x: np.ndarray, y: np.ndarray, sizes: list[tuple[float, float]],
           spots: list[maplabels.Placement | None]) -> list[tuple[float, ...]]:
    return [(x[i] + s.dx - w / 2, y[i] + s.dy - h / 2, x[i] + s.dx + w / 2, y[i] + s.dy + h / 2)
            for i, ((w, h), s) in enumerate(zip(sizes, spots, strict=True)) if s is not None]


def _overlaps(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _check(lonlat: dict[str, tuple[float, float]], extent: tuple[tuple[float, float], ...],
           width: float = 340, height: float = 400) -> list[maplabels.Placement | None]:
    """Place the labels as the explorer does and check no box meets another or a marker."""
    mid = float(np.mean(extent[1]))
    per_lon, per_lat = maplabels.pixel_scale(extent[0][1] - extent[0][0],
                                             extent[1][1] - extent[1][0], mid, width, height)
    x = np.array([(lon - extent[0][0]) * per_lon for lon, _ in lonlat.values()])
    y = np.array([(lat - extent[1][0]) * per_lat for _, lat in lonlat.values()])
    sizes = [maplabels.text_size(name, 12) for name in lonlat]
    bounds = (0.0, 0.0, (extent[0][1] - extent[0][0]) * per_lon,
              (extent[1][1] - extent[1][0]) * per_lat)
    spots = maplabels.place(x, y, sizes, bounds)
    boxes = _boxes(x, y, sizes, spots)
    for i, a in enumerate(boxes):
        assert bounds[0] <= a[0] and a[2] <= bounds[2] and bounds[1] <= a[1] and a[3] <= bounds[3]
        assert not any(_overlaps(a, b) for b in boxes[i + 1:])
        m = maplabels.MARKER
        assert not any(_overlaps(a, (px - m, py - m, px + m, py + m))
                       for px, py in zip(x, y, strict=True))
    return spots


def test_beijing_and_tianjin_labels_do_not_overlap() -> None:
    sites = {"Beijing": (116.30, 40.04), "Tianjin": (117.0, 39.4), "Changshu": (120.76, 31.64),
             "Shanghai": (121.5, 31.2), "Wuhan": (114.3, 30.6)}
    spots = _check(sites, ((104.0, 130.0), (24.5, 46.5)))
    assert all(s is not None for s in spots)
    # The two labels a naive "right of the point" would stack go apart.
    assert spots[0] != spots[1]


def test_a_crowded_delta_and_a_worldwide_register() -> None:
    delta = {"Hong Kong": (114.17, 22.33), "Shenzhen": (114.55, 22.6), "Macau": (113.56, 22.15),
             "Fangchenggang": (108.55, 21.61)}
    assert all(s is not None for s in _check(delta, ((99.0, 124.0), (15.0, 29.0))))
    world = {**delta, "Jhajjar": (76.63, 28.52), "Latrobe Valley": (146.35, -38.18),
             "Singapore": (103.85, 1.28), "Tokyo": (139.7, 35.66)}
    _check(world, ((62.0, 160.0), (-44.0, 41.0)))


def test_a_label_with_no_free_place_is_left_out_rather_than_overlapping() -> None:
    # Twenty sites a few pixels apart: most labels cannot be placed without overlap.
    x = np.linspace(100, 110, 20)
    y = np.full(20, 100.0)
    sizes = [(60.0, 15.0)] * 20
    spots = maplabels.place(x, y, sizes, (0.0, 0.0, 200.0, 200.0))
    assert spots[0] is not None and spots[0].leader is False
    assert None in spots
    boxes = _boxes(x, y, sizes, spots)
    assert not any(_overlaps(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:])


def test_two_close_points_take_opposite_sides() -> None:
    x, y = np.array([100.0, 112.0]), np.array([100.0, 100.0])
    spots = maplabels.place(x, y, [(40.0, 15.0), (40.0, 15.0)], (0.0, 0.0, 300.0, 300.0))
    assert spots[0] is not None and spots[1] is not None
    assert spots[0].dx * spots[1].dx < 0 or spots[0].dy != spots[1].dy
