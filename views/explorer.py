"""Scenario explorer: the hazard at every site, on a map and over time, two scenarios at once."""

from __future__ import annotations

import math
import textwrap
import unicodedata

import numpy as np
import plotly.graph_objects as go
import streamlit as st
from plotly.subplots import make_subplots

from climrisk import appdata, basemap, maplabels
from climrisk.appdata import t
from climrisk.escaping import app_html_text, html_text
from climrisk.register.models import Register

COLORS = ("#1f77b4", "#d62728")
MAP_HEIGHT = 560
# The smallest plot area a map gets, in pixels (half of a 1280-pixel-wide page, less the
# axes), which is where its labels are placed so that none overlap.
PLOT_PX = (340.0, 400.0)
LABEL_PX = 12
TITLE_CHARS = 36  # Latin characters on one line of a site chart's title
MARGIN = 6.0  # degrees of latitude around the sites on the map
QUANTILES = {0.05: t("explorer.q05"), 0.5: t("explorer.q50"), 0.95: t("explorer.q95")}


def _edges(centres: np.ndarray) -> np.ndarray:
    """Cell edges of a regular axis of cell centres (its one cell ±0.5° if it has only one)."""
    step = float(np.diff(centres).mean()) if len(centres) > 1 else 1.0
    return np.append(centres - step / 2, centres[-1] + step / 2)


def _title(name: str) -> str:
    """A site chart's title on at most two lines of a third of the page, escaped for plotly:
    a long site name would otherwise run under its neighbour's title."""
    wide = any(unicodedata.east_asian_width(ch) in "WF" for ch in name)
    lines = textwrap.wrap(name, TITLE_CHARS // 2 if wide else TITLE_CHARS, max_lines=2,
                          placeholder="…", break_long_words=wide)
    return "<br>".join(html_text(line) for line in lines)


def _label_places(cities: list[tuple[str, tuple[float, float]]],
                  extent: tuple[tuple[float, float], tuple[float, float]],
                  mid_lat: float) -> list[maplabels.Placement | None]:
    """Non-overlapping label positions for each city, worked out for the smallest plot a map
    gets (``PLOT_PX``); a larger plot only moves the points apart."""
    per_lon, per_lat = maplabels.pixel_scale(extent[0][1] - extent[0][0],
                                             extent[1][1] - extent[1][0], mid_lat,
                                             PLOT_PX[0], PLOT_PX[1])
    x = np.array([(lon - extent[0][0]) * per_lon for _, (_, lon) in cities])
    y = np.array([(lat - extent[1][0]) * per_lat for _, (lat, _) in cities])
    width = (extent[0][1] - extent[0][0]) * per_lon
    height = (extent[1][1] - extent[1][0]) * per_lat
    sizes = [maplabels.text_size(city, LABEL_PX) for city, _ in cities]
    return maplabels.place(x, y, sizes, (0.0, 0.0, width, height))


lang: str = appdata.lang()
source: appdata.Source = st.session_state["source"]
reg: Register = appdata.register(source.register_dir)
ds = appdata.source_grid(source)
labels = appdata.scenario_labels(ds)
variables = [v for v in appdata.MAP_VARIABLES if v in ds.data_vars]
years = [int(y) for y in ds["year"].values]
chosen = [s.id for s in reg.main.scenario_analysis.scenarios if s.id in labels]

st.title(t("explorer.title"))
st.caption(t("explorer.caption"))

appdata.ensure_choice("ex_variable", variables, "tasmax_change")
appdata.ensure_choice("ex_year", years, reg.horizons[-1].analysis_year)
appdata.ensure_choice("ex_quantile", list(QUANTILES), 0.5)
appdata.ensure_choice("ex_scenario_a", list(labels), chosen[0] if chosen else None)
appdata.ensure_choice("ex_scenario_b", list(labels), chosen[-1] if chosen else None)

top = st.columns([2, 2, 1.3])
name = top[0].selectbox(
    t("explorer.variable"), variables,
    format_func=lambda v: appdata.variable_label(ds, v, lang), key="ex_variable",
)
year = top[1].select_slider(t("explorer.year"), years, key="ex_year")
quantile = top[2].selectbox(
    t("explorer.quantile"), list(QUANTILES), format_func=QUANTILES.__getitem__,
    key="ex_quantile", help=t("explorer.quantile_help"),
)
meaning = appdata.variable_meaning(name, lang)
if meaning:
    st.caption(meaning)
# Each source's status and method, as `climrisk scenarios list` and table e-3v give them.
for held_by, status, method in appdata.variable_sources(
        appdata.source_scenarios(source), name, lang):
    st.caption(t("explorer.provenance", source=appdata.md(held_by), status=status,
                 method=appdata.md(method) if method else t("explorer.no_method")))

label = appdata.variable_label(ds, name, lang)
unit = appdata.variable_unit(ds, name, lang)
# The map frames the sites with a margin, so the cells around them are large enough to read.
lats = [a.location.lat for a in reg.assets]
lons = [a.location.lon for a in reg.assets]
window = {"lat": slice(min(lats) - MARGIN, max(lats) + MARGIN),
          "lon": slice(min(lons) - MARGIN * 1.5, max(lons) + MARGIN * 1.5)}
field = appdata.display_values(
    ds, name, ds[name].sel(year=year, quantile=quantile).sel(window)
)
pair = (st.session_state["ex_scenario_a"], st.session_state["ex_scenario_b"])
shown_values = field.sel(scenario=list(pair))
# Masked cells (no value, such as sea level inland) are NaN: blank on the map, left out here.
lo, hi = (float(shown_values.min()), float(shown_values.max())) if shown_values.notnull().any() \
    else (None, None)

# Sites at one location share a marker; a city is labelled once, at its northernmost site.
places: dict[tuple[float, float], list[str]] = {}
for a in sorted(reg.assets, key=lambda a: -a.location.lat):
    places.setdefault((a.location.lat, a.location.lon), []).append(
        html_text(appdata.tr(a.name, lang)))
city_of = {(a.location.lat, a.location.lon): a.location.city for a in reg.assets}
labelled = {}
for p in places:
    labelled.setdefault(city_of[p], p)
lon_edges, lat_edges = _edges(field["lon"].values), _edges(field["lat"].values)
extent = ((float(lon_edges[0]), float(lon_edges[-1])),
          (float(lat_edges[0]), float(lat_edges[-1])))
mid_lat = float(np.mean(extent[1]))
lines = {kind: basemap.for_map(kind, *extent) for kind in ("coast", "border")}
label_places = _label_places(list(labelled.items()), extent, mid_lat)
masked = bool(shown_values.isnull().any())


def _map(scenario: str) -> go.Figure:
    """The variable over the grid for one scenario, with coasts, borders and the register's
    sites on top; cells the grid has no value for stay blank."""
    values = field.sel(scenario=scenario)
    fig = go.Figure(
        go.Heatmap(
            x=values["lon"].values, y=values["lat"].values, z=values.values,
            zmin=lo, zmax=hi, colorscale="YlOrRd",
            # Below the map, so the map itself takes the column's whole width.
            colorbar={"title": {"text": html_text(unit), "side": "top"}, "orientation": "h",
                      "y": -0.16, "yanchor": "top", "thickness": 12, "len": 0.9},
            hoverongaps=False,
            hovertemplate=t("explorer.hover", lat="%{y:.1f}", lon="%{x:.1f}")
            + "<br>%{z:.2f} " + html_text(unit) + "<extra></extra>",
        )
    )
    for kind, style in (("border", {"color": "#555", "width": 0.8, "dash": "dot"}),
                        ("coast", {"color": "#222", "width": 1.0})):
        fig.add_trace(go.Scatter(
            x=lines[kind].lon, y=lines[kind].lat, mode="lines", line=style,
            hoverinfo="skip", showlegend=False, connectgaps=False,
        ))
    fig.add_trace(
        go.Scatter(
            x=[lon for _, lon in places], y=[lat for lat, _ in places], mode="markers",
            marker={"size": 10, "color": "#111", "line": {"color": "white", "width": 1.5}},
            customdata=["<br>".join(n) for n in places.values()],
            hovertemplate="%{customdata}<extra></extra>",
            showlegend=False,
        )
    )
    for (city, (lat, lon)), spot in zip(labelled.items(), label_places, strict=True):
        if spot is None:
            continue
        fig.add_annotation(
            x=lon, y=lat, text=html_text(city), font={"color": "#111", "size": LABEL_PX},
            bgcolor="rgba(255,255,255,0.75)", borderpad=1,
            showarrow=spot.leader, ax=spot.dx, ay=-spot.dy, arrowhead=0, arrowwidth=1,
            arrowcolor="#111", standoff=4,
            xshift=0 if spot.leader else spot.dx, yshift=0 if spot.leader else spot.dy,
        )
    fig.update_xaxes(title=t("explorer.lon"), constrain="domain", range=list(extent[0]),
                     showgrid=False, zeroline=False)
    fig.update_yaxes(title=t("explorer.lat"), scaleanchor="x",
                     scaleratio=1 / math.cos(math.radians(mid_lat)), constrain="domain",
                     range=list(extent[1]), showgrid=False, zeroline=False)
    fig.update_layout(height=MAP_HEIGHT, margin={"l": 10, "r": 10, "t": 10, "b": 80},
                      plot_bgcolor="white")
    return fig


for column, key, color in zip(st.columns(2), ("ex_scenario_a", "ex_scenario_b"), COLORS,
                              strict=True):
    with column:
        scenario = st.selectbox(
            t("explorer.left" if key.endswith("a") else "explorer.right"),
            list(labels), format_func=labels.__getitem__, key=key,
        )
        st.markdown(t("explorer.map_heading",
                      scenario=f"**<span style='color:{color}'>"
                      f"{app_html_text(labels[scenario])}</span>**",
                      year=year, quantile=QUANTILES[quantile]), unsafe_allow_html=True)
        st.plotly_chart(_map(scenario), width="stretch", key=f"map_{key}",
                        config={"displaylogo": False})
if masked:
    st.caption(t("explorer.masked"))

st.subheader(t("explorer.sites_heading"))
st.caption(t("explorer.sites_caption", variable=appdata.md(label)))
site_names = {a.id: appdata.tr(a.name, lang) for a in reg.assets}
appdata.ensure_choice("ex_sites", list(site_names))
picked = st.multiselect(t("explorer.sites"), list(site_names),
                        format_func=site_names.__getitem__, key="ex_sites",
                        placeholder=t("explorer.all_sites"))
shown = picked or list(site_names)
series = appdata.site_series(ds, appdata.grid_version(ds), reg,
                             appdata.register_hash(source.register_dir), name)
ncols = min(3, len(shown))
fig = make_subplots(rows=math.ceil(len(shown) / ncols), cols=ncols, shared_xaxes=True,
                    subplot_titles=[_title(site_names[s]) for s in shown],
                    vertical_spacing=0.12)
for i, site in enumerate(shown):
    row, col = divmod(i, ncols)
    for scenario, color in zip(pair, COLORS, strict=True):
        rows = series[(series["site"] == site) & (series["scenario"] == scenario)]
        wide = rows.pivot(index="year", columns="quantile", values="value")
        if not {0.05, 0.5, 0.95} <= set(wide.columns):
            continue  # no grid value at the site (outside the grid or masked): said below
        fig.add_trace(go.Scatter(
            x=list(wide.index) + list(wide.index[::-1]),
            y=list(wide[0.95]) + list(wide[0.05][::-1]),
            fill="toself", fillcolor=color, opacity=0.18, line={"width": 0},
            hoverinfo="skip", showlegend=False, legendgroup=scenario,
        ), row=row + 1, col=col + 1)
        fig.add_trace(go.Scatter(
            x=wide.index, y=wide[0.5], line={"color": color, "width": 2},
            name=html_text(labels[scenario]), legendgroup=scenario, showlegend=i == 0,
            hovertemplate="%{x}: %{y:.2f} " + html_text(unit) + "<extra>"
            + html_text(labels[scenario]) + "</extra>",
        ), row=row + 1, col=col + 1)
    if series[series["site"] == site].empty:
        # In the middle of the subplot, placed on the page (not on its axes, whose range a
        # point would stretch).
        cell = fig.get_subplot(row + 1, col + 1)
        fig.add_annotation(text=html_text(t("explorer.no_value")), showarrow=False,
                           xref="paper", yref="paper", x=sum(cell.xaxis.domain) / 2,
                           y=sum(cell.yaxis.domain) / 2, font={"color": "#666"})
fig.add_vline(x=year, line={"color": "#888", "dash": "dot"})
fig.update_yaxes(title_text=html_text(unit), col=1)
fig.update_xaxes(showticklabels=True)  # years under every chart, not only the bottom row
fig.update_layout(height=260 * math.ceil(len(shown) / ncols) + 60,
                  margin={"l": 10, "r": 10, "t": 40, "b": 10},
                  legend={"orientation": "h", "y": -0.08})
st.plotly_chart(fig, width="stretch", key="site_series", config={"displaylogo": False})
