"""Overview: where each risk and opportunity sits, what it costs, under one scenario and horizon."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from climrisk import appdata
from climrisk.appdata import t
from climrisk.escaping import html_text
from climrisk.register.models import Register

lang: str = appdata.lang()
source: appdata.Source = st.session_state["source"]
reg: Register = appdata.register(source.register_dir)
unit = appdata.money_unit(reg, lang)
kinds = appdata.kind_labels(lang)
horizons = {h.id: appdata.tr(h.name, lang) for h in reg.horizons}
choices = {s.id: s for s in reg.main.scenario_analysis.scenarios}

st.title(t("overview.title"))
st.caption(t(
    "overview.caption", entity=appdata.md(reg.main.entity.name, lang),
    start=reg.main.entity.reporting_period.start.isoformat(),
    end=reg.main.entity.reporting_period.end.isoformat(), unit=unit,
))

with st.spinner(t("spinner.results")):
    res = appdata.results(source)
ds = res.dataset
labels = appdata.result_labels(source)
scenarios = [s for s in choices if s in ds["scenario"].values]
appdata.ensure_choice("scenario", scenarios)
appdata.ensure_choice("horizon", list(horizons), reg.horizons[min(1, len(reg.horizons) - 1)].id)

left, right = st.columns([3, 2])
scenario = left.selectbox(t("scenario"), scenarios, format_func=labels.__getitem__,
                          key="scenario")
horizon = right.segmented_control(
    t("horizon"), list(horizons), format_func=appdata.md_options(horizons), key="horizon",
    required=True,
)
h = next(x for x in reg.horizons if x.id == horizon)
st.caption(t("overview.why", why=appdata.md(choices[scenario].why, lang),
             horizon=appdata.md(horizons[horizon]), year=h.analysis_year))
at = {"scenario": scenario, "horizon": horizon}
BAND_COLORS = ("#cfe8cf", "#fde9a9", "#f6b48f", "#e8837c", "#c9504a")
KIND_COLORS = {"physical": "#b03a2e", "transition": "#7d3c98", "opportunity": "#1e8449"}
LEGEND = {"orientation": "h", "y": 1, "yanchor": "bottom"}
# Both charts are drawn without hover, zoom or toolbar: every value they show is in the table
# beside or below them, and a static chart redraws in a fraction of the time on each switch.
STATIC = {"staticPlot": True}
matrix, effects = appdata.overview_tables(source, scenario, horizon, lang)
figure_key = (appdata.register_hash(source.register_dir), appdata.data_key(source), scenario,
              horizon, lang)


def _heatmap(matrix: pd.DataFrame) -> go.Figure:
    """Likelihood × magnitude grid coloured by band, with one marker per rated item."""
    scales = reg.main.scales
    bands = sorted(scales.bands, key=lambda b: b.min_score)
    n_l, n_m = len(scales.likelihood), len(scales.magnitude)
    band_index = [[max(i for i, b in enumerate(bands) if (li + 1) * (m + 1) >= b.min_score)
                   for m in range(n_m)] for li in range(n_l)]
    colors = [BAND_COLORS[round(i * (len(BAND_COLORS) - 1) / max(1, len(bands) - 1))]
              for i in range(len(bands))]
    scale = [[k / len(bands) + e / len(bands), c] for k, c in enumerate(colors) for e in (0, 1)]
    fig = go.Figure(go.Heatmap(
        z=band_index, x=list(range(1, n_m + 1)), y=list(range(1, n_l + 1)),
        zmin=-0.5, zmax=len(bands) - 0.5, colorscale=scale, showscale=False, xgap=2, ygap=2,
    ))
    rated = matrix[matrix["Rating"] != ""]
    for kind, group in rated.groupby("kind", sort=False):
        fig.add_trace(go.Scatter(
            x=group["x"], y=group["y"], mode="markers+text",
            text=group["Item"].map(html_text) + group["Override"].map(lambda o: " ★" if o else ""),
            textposition="middle right", textfont={"size": 10, "color": "#222"},
            marker={"size": 11, "color": KIND_COLORS[str(kind)],
                    "symbol": "diamond" if kind == "opportunity" else "circle",
                    "line": {"color": ["#000" if o else "#fff" for o in group["Override"]],
                             "width": [3 if o else 1 for o in group["Override"]]}},
            name=kinds[str(kind)],
        ))
    ticks = [f"{s.level} {html_text(appdata.tr(s.label, lang))}" for s in scales.likelihood]
    fig.update_xaxes(title=t("overview.matrix_x"),
                     tickvals=list(range(1, n_m + 1)),
                     ticktext=[f"{s.level} {html_text(appdata.tr(s.label, lang))}"
                               for s in scales.magnitude],
                     range=[0.5, n_m + 0.5], showgrid=False, zeroline=False)
    fig.update_yaxes(title=t("overview.matrix_y"), tickvals=list(range(1, n_l + 1)),
                     ticktext=ticks, range=[0.5, n_l + 0.5], showgrid=False, zeroline=False)
    fig.update_layout(height=480, margin={"l": 30 + _label_width(ticks), "r": 10, "t": 40, "b": 60},
                      legend=LEGEND, plot_bgcolor="white")
    fig.update_xaxes(automargin=False)
    fig.update_yaxes(automargin=False)
    return fig


def _channel_chart(effects: pd.DataFrame) -> go.Figure:
    """Mean effect per channel and kind, with 5th–95th percentile whiskers."""
    fig = go.Figure()
    for kind, group in effects.groupby("kind", sort=False):
        fig.add_trace(go.Bar(
            y=group["Channel"], x=group["mean"], orientation="h",
            name=kinds[str(kind)], marker_color=KIND_COLORS[str(kind)],
            error_x={"type": "data", "symmetric": False,
                     "array": group["p95"] - group["mean"],
                     "arrayminus": group["mean"] - group["p5"], "color": "#444"},
        ))
    fig.update_layout(barmode="group", height=110 + 45 * effects["Channel"].nunique(),
                      margin={"l": 10 + _label_width(effects["Channel"]), "r": 10, "t": 40,
                              "b": 50},
                      xaxis_title=t("per_year", unit=unit), yaxis={"autorange": "reversed"},
                      legend=LEGEND)
    fig.update_xaxes(automargin=False)
    fig.update_yaxes(automargin=False)
    return fig


def _label_width(labels: Iterable[str]) -> int:
    """Pixels for the longest tick label at Plotly's 12 px font; wide (CJK) characters count
    double. Margins are fixed because Plotly's automatic margins measure every label and
    then draw the chart a second time, the largest part of redrawing a chart on a switch."""
    return max((sum(2 if ord(c) > 0x2E80 else 1 for c in str(t)) for t in labels), default=0) * 7


@st.cache_resource(show_spinner=False, max_entries=256)
def _figures(key: tuple[str, ...], _matrix: pd.DataFrame,
             _effects: pd.DataFrame) -> tuple[go.Figure, go.Figure]:
    """Both charts for one register, grid, scenario, horizon and language, built once.

    Building and validating the Plotly figures is most of the script's time on a switch;
    ``st.plotly_chart`` only reads a figure, so sessions can share it.
    """
    return _heatmap(_matrix), _channel_chart(_effects)


heatmap, channel_chart = _figures(figure_key, matrix, effects)

# --------------------------------------------------------------------------- headline
st.subheader(t("overview.headline"))
company = ds["company_total"].sel(at)
cols = st.columns(3)
for col, kind in zip(cols, appdata.KINDS, strict=True):
    v = company.sel(kind=kind)
    low = appdata.money_text(reg, float(v.sel(stat='p5')))
    high = appdata.money_text(reg, float(v.sel(stat='p95')))
    col.metric(
        t("overview.metric", what=t(f"kinds.{kind}"), unit=unit),
        appdata.money_text(reg, float(v.sel(stat='mean'))),
        help=t("overview.metric_help", low=low, high=high, unit=unit),
    )
    col.caption(t("overview.metric_caption", low=low, high=high,
                  what=t("cost" if kind != "opportunity" else "benefit")))
metrics = appdata.headline_metrics(reg, ds, scenario, horizon, lang)
if metrics:
    cols = st.columns(len(metrics))
    for col, (name, value, note) in zip(cols, metrics, strict=True):
        col.metric(name, value, help=note)
        col.caption(note)

# --------------------------------------------------------------------------- heat map
st.subheader(t("overview.matrix"))
st.caption(t("overview.matrix_caption"))
chart, table = st.columns([3, 2])
chart.plotly_chart(heatmap, width="stretch", key="heatmap", config=STATIC)
matrix_columns = {"Item": t("col.item"), "Title": t("col.title"), "Rating": t("col.rating"),
                  "Band": t("col.band")}
appdata.show_table(
    matrix.assign(Title=matrix["Title"] + matrix["Override"].map(lambda o: " ★" if o else ""))[
        list(matrix_columns)].rename(columns=matrix_columns),
    where=table,
)
for row in matrix[matrix["Override"] != ""].itertuples():
    table.caption(t("overview.override", title=appdata.md(row.Title),
                    reason=appdata.md(row.Override)))
unrated = matrix[matrix["Rating"] == ""]
if len(unrated):
    st.caption(t("overview.unrated", items=appdata.md(", ".join(unrated["Title"]))))

# --------------------------------------------------------------------------- channels
st.subheader(t("overview.channels", unit=unit))
st.caption(t("overview.channels_caption"))
st.plotly_chart(channel_chart, width="stretch", key="channels", config=STATIC)
effect_columns = {"Channel": t("col.channel"), "Type": t("col.type"),
                  "mean": t("col.mean", unit=unit), "p5": t("col.p5"), "p95": t("col.p95")}
st.dataframe(
    effects.drop(columns=["kind"]).rename(columns=effect_columns),
    hide_index=True, width="stretch",
    column_config={effect_columns[c]: st.column_config.NumberColumn(format="%.1f")
                   for c in ("mean", "p5", "p95")},
)
gaps = appdata.not_assessed(ds, scenario)
if len(gaps):
    st.subheader(t("overview.not_assessed"))
    st.warning(t("overview.not_assessed_note", count=len(gaps)))
    appdata.show_table(gaps)
st.caption(t("overview.footer", samples=ds.attrs.get("samples", ""),
             grid=ds.attrs.get("grid_title", t("overview.grid_fallback")),
             version=ds.attrs.get("grid_version", "")))
