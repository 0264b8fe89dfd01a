"""Measures: compare response measures and sets under one scenario, with the risk they leave."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from climrisk import appdata
from climrisk.appdata import t
from climrisk.disclosure.present_value import rate_basis
from climrisk.escaping import html_text
from climrisk.register.models import Register

lang: str = appdata.lang()
source: appdata.Source = st.session_state["source"]
reg: Register = appdata.register(source.register_dir)
unit = appdata.money_unit(reg, lang)
horizons = {h.id: appdata.tr(h.name, lang) for h in reg.horizons}

st.title(t("measures.title"))
st.caption(t("measures.caption", unit=unit))
book = reg.measures
if book is None or not book.measures:
    st.info(t("measures.none"), icon=":material/info:")
    st.stop()

with st.spinner(t("measures.spinner")):
    ds = appdata.decisions(source).dataset
labels = appdata.result_labels(source)
scenarios = [s.id for s in reg.main.scenario_analysis.scenarios if s.id in ds["scenario"].values]
appdata.ensure_choice("scenario", scenarios)
options = [str(o) for o in ds["option"].values]
names = {m.id: appdata.tr(m.name, lang) for m in book.measures}
names |= {s.id: appdata.tr(s.name, lang) for s in book.sets}
st.session_state.setdefault("ms_options", [s.id for s in book.sets] or options[:3])
st.session_state["ms_options"] = [o for o in st.session_state["ms_options"] if o in options]

left, right = st.columns([2, 3])
scenario = left.selectbox(t("scenario"), scenarios, format_func=labels.__getitem__,
                          key="scenario")
chosen = right.multiselect(t("measures.options"), options, key="ms_options",
                           format_func=lambda o: f"{o} · {names.get(o, o)}")
if not chosen:
    st.info(t("measures.pick"), icon=":material/info:")
    st.stop()

st.subheader(t("measures.side_by_side", scenario=appdata.md(labels[scenario])))
table = appdata.option_comparison(reg, ds, chosen, scenario, lang)
table.index = [f"{o} · {names.get(o, o)}" for o in chosen]
# Many columns: a reading table wraps their headers to fit the page; amounts to one decimal
# of the register's unit, the benefit-cost ratio to two.
appdata.show_table(table, index=True, formats={
    c: "{:,.2f}" if c == t("measures.col.bcr") else "{:,.1f}"
    for c in table.columns if pd.api.types.is_numeric_dtype(table[c])})
st.caption(t("measures.basis", rate=f"{reg.main.valuation.rate:.1%}",
             basis=appdata.md(rate_basis(reg), lang), unit=unit))

st.subheader(t("measures.residual_title"))
base = ds["baseline_risk"].sel(scenario=scenario, stat="mean")
fig = go.Figure()
fig.add_bar(name=t("measures.no_measure"), x=[horizons[h] for h in horizons],
            y=[appdata.in_unit(reg, float(base.sel(horizon=h))) for h in horizons],
            marker_color="#b03a2e")
for o in chosen:
    left_ = ds["residual_risk"].sel(option=o, scenario=scenario, stat="mean")
    fig.add_bar(name=html_text(f"{o} · {names.get(o, o)}"), x=[horizons[h] for h in horizons],
                y=[appdata.in_unit(reg, float(left_.sel(horizon=h))) for h in horizons])
fig.update_layout(barmode="group", height=360, margin={"l": 10, "r": 10, "t": 10, "b": 10},
                  yaxis_title=t("measures.residual_axis", unit=unit),
                  legend={"orientation": "h", "y": 1, "yanchor": "bottom"})
st.plotly_chart(fig, width="stretch", key="ms_residual", config={"displaylogo": False})

st.subheader(t("measures.drivers"))
if "sens_index" not in ds:
    st.info(t("measures.no_sensitivity"), icon=":material/info:")
    st.stop()
analyses = [str(a) for a in ds["analysis"].values]
appdata.ensure_choice("ms_analysis", analyses)
a, b = st.columns([3, 2])
outputs = {str(k): str(v) for k, v in zip(analyses, ds["sens_output"].values, strict=True)}
where = {str(k): str(v) for k, v in zip(analyses, ds["sens_scenario"].values, strict=True)}


def _analysis_name(key: str) -> str:
    """``TR-01 · NGFS Net Zero 2050``: the output in register words, then the scenario."""
    kind, _, ident = outputs[key].partition(":")
    if kind == "channel":
        ident = next((appdata.tr(c.name, lang) for c in reg.main.channels if c.id == ident),
                     ident)
    elif kind == "total":
        ident = t(f"measures.total.{ident}")
    return f"{ident} · {labels.get(where[key], where[key])}"


analysis = a.selectbox(t("measures.analysis"), analyses, key="ms_analysis",
                       format_func=_analysis_name)
horizon = b.segmented_control(t("horizon"), list(horizons),
                              format_func=appdata.md_options(horizons), key="horizon",
                              required=True) or reg.horizons[-1].id
sel = ds.sel(analysis=analysis)
frame = appdata.tornado(ds, analysis, horizon, lang)
st.caption(t("measures.design", method=t(f"measures.method.{sel['sens_method'].values}"),
             samples=int(sel["sens_samples"]), runs=int(sel["sens_evaluations"]),
             seed=int(sel["sens_seed"])))
total, spread = t("measures.col.total"), t("measures.col.total_conf")
tornado = go.Figure(go.Bar(
    y=frame.iloc[:, 0], x=frame[total], orientation="h",
    error_x={"type": "data", "array": frame[spread].fillna(0)},
    marker_color="#7d3c98", name=total, hovertemplate="%{y}: %{x:.3f}<extra></extra>",
))
tornado.update_layout(height=120 + 32 * len(frame), margin={"l": 10, "r": 10, "t": 10, "b": 10},
                      xaxis_title=total, yaxis={"autorange": "reversed"})
st.plotly_chart(tornado, width="stretch", key="ms_tornado", config={"displaylogo": False})
st.dataframe(frame, width="stretch", hide_index=True)
