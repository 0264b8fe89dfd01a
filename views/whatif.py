"""What-if: move the engine's assumptions and see how the effects change against the base case."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from climrisk import appdata
from climrisk.appdata import t
from climrisk.engine import Assumptions
from climrisk.engine.parameters import ParameterSet
from climrisk.escaping import html_text
from climrisk.register.models import Register

lang: str = appdata.lang()
source: appdata.Source = st.session_state["source"]
reg: Register = appdata.register(source.register_dir)
unit = appdata.money_unit(reg, lang)
horizons = {h.id: appdata.tr(h.name, lang) for h in reg.horizons}
pass_param = ParameterSet.resolve(reg.parameters, reg.main.packs)["carbon_pass_through"]
BASE = Assumptions()
RATE = reg.main.valuation.rate  # the base case's discount rate, the register's own
REGISTER_RANGE = "register"
PASS_OPTIONS: list[object] = [REGISTER_RANGE, *[round(x * 0.05, 2) for x in range(21)]]

st.title(t("whatif.title"))
st.caption(t("whatif.caption"))

with st.spinner(t("whatif.spinner_base")):
    base = appdata.results(source)
labels = appdata.result_labels(source)
scenarios = [s.id for s in reg.main.scenario_analysis.scenarios
             if s.id in base.dataset["scenario"].values]
appdata.ensure_choice("scenario", scenarios)
appdata.ensure_choice("horizon", list(horizons), reg.horizons[min(1, len(reg.horizons) - 1)].id)
for key, knob in zip(appdata.WHATIF_KEYS, appdata.KNOBS, strict=True):
    st.session_state.setdefault(key, REGISTER_RANGE if knob == "pass_through"
                                else 100 * RATE if knob == "discount_rate"
                                else getattr(BASE, knob))
PACK_KNOBS = appdata.pack_knobs(reg)
for name, spec in PACK_KNOBS.items():
    st.session_state.setdefault(appdata.PACK_KNOB_PREFIX + name, spec.default)


def _pass_label(v: object) -> str:
    if v == REGISTER_RANGE:
        low = pass_param.low if pass_param.low is not None else pass_param.value
        high = pass_param.high if pass_param.high is not None else pass_param.value
        return t("whatif.register_range", low=f"{low:.0%}", high=f"{high:.0%}",
                 central=f"{pass_param.value:.0%}")
    return f"{float(str(v)):.0%}"


def _apply() -> None:
    """Keep the submitted knobs under a non-widget key, so they outlive this page."""
    values = {knob: st.session_state[key]
              for key, knob in zip(appdata.WHATIF_KEYS, appdata.KNOBS, strict=True)}
    values["pass_through"] = (None if values["pass_through"] == REGISTER_RANGE
                              else float(values["pass_through"]))
    rate = round(float(values["discount_rate"]) / 100, 4)
    values["discount_rate"] = None if rate == round(RATE, 4) else rate  # None: the register's
    values["knobs"] = {name: float(st.session_state[appdata.PACK_KNOB_PREFIX + name])
                       for name in PACK_KNOBS}
    st.session_state["whatif"] = values


def _reset() -> None:
    st.session_state.pop("whatif", None)
    for key in [*appdata.WHATIF_KEYS, *(appdata.PACK_KNOB_PREFIX + n for n in PACK_KNOBS)]:
        st.session_state.pop(key, None)


with st.form("whatif_form"):
    a, b = st.columns(2)
    a.slider(t("whatif.carbon"), 0.0, 3.0, step=0.1, key="wi_carbon", format="× %.1f",
             help=t("whatif.carbon_help"))
    a.select_slider(t("whatif.pass"), PASS_OPTIONS, key="wi_pass", format_func=_pass_label,
                    help=t("whatif.pass_help"))
    b.slider(t("whatif.power"), 0.5, 2.0, step=0.05, key="wi_power", format="× %.2f",
             help=t("whatif.power_help"))
    b.slider(t("whatif.discount"), 0.0, 15.0, step=0.5, key="wi_discount", format="%.1f%%",
             help=t("whatif.discount_help"))
    for name, spec in PACK_KNOBS.items():  # the knobs of the register's industry packs
        a.slider(appdata.md(spec.label, lang), spec.minimum, spec.maximum, step=spec.step,
                 key=appdata.PACK_KNOB_PREFIX + name, format="× %.1f",
                 help=appdata.md(spec.help, lang))
    pack_base = "".join(f", {appdata.tr(spec.label, lang)} × {spec.default:.1f}"
                        for spec in PACK_KNOBS.values())
    b.caption(t("whatif.base_case", carbon=f"{BASE.carbon_price_multiplier:.1f}",
                packs=pack_base,
                power=f"{BASE.electricity_price_multiplier:.2f}",
                discount=f"{RATE:.1%}"))
    st.form_submit_button(t("whatif.run"), type="primary", icon=":material/play_arrow:",
                          on_click=_apply)
st.button(t("whatif.reset"), icon=":material/restart_alt:", on_click=_reset)

chosen = Assumptions(**st.session_state.get("whatif", {}))
with st.spinner(t("whatif.spinner")):
    changed = appdata.results(source, chosen)

left, right = st.columns([3, 2])
scenario = left.selectbox(t("scenario"), scenarios, format_func=labels.__getitem__,
                          key="scenario")
horizon = right.segmented_control(t("horizon"), list(horizons),
                                  format_func=appdata.md_options(horizons), key="horizon",
                                  required=True)
if chosen == BASE:
    st.info(t("whatif.is_base"), icon=":material/info:")
else:
    st.caption(t("whatif.chosen", list=appdata.text("sep.items", lang).join(
        appdata.describe_assumptions(chosen, BASE, lang))))

st.subheader(t("whatif.company", horizon=appdata.md(horizons[horizon]),
               scenario=appdata.md(labels[scenario])))
totals = appdata.whatif_totals(reg, base.dataset, changed.dataset, scenario, horizon, lang)
cols = st.columns(len(totals))
for col, row in zip(cols, totals.itertuples(index=False), strict=True):
    shown = {name: appdata.amount_text(reg, getattr(row, field)) for name, field in
             (("now", "What_if"), ("base", "Base"), ("pv_base", "PV_base"), ("pv", "PV_what_if"))}
    col.metric(t("overview.metric", what=row.Type, unit=unit), shown["now"],
               delta=appdata.amount_text(reg, row.Change, sign=True),
               delta_color="inverse" if row.kind != "opportunity" else "normal",
               help=t("whatif.metric_help", base=shown["base"], pv_base=shown["pv_base"],
                      pv=shown["pv"], unit=unit))
    col.caption(t("whatif.metric_caption", base=shown["base"], pv_base=shown["pv_base"],
                  pv=shown["pv"]))

st.subheader(t("whatif.by_channel", unit=unit))
st.caption(t("whatif.by_channel_caption"))
deltas = appdata.whatif_channels(reg, base.dataset, changed.dataset, scenario, horizon, lang)
if deltas.empty:
    st.info(t("whatif.no_channel"))
    st.stop()
fig = go.Figure(go.Bar(
    y=deltas["Channel"].map(html_text) + " · " + deltas["Type"], x=deltas["Change"],
    orientation="h",
    marker_color=["#b03a2e" if (c > 0) == (k != "opportunity") else "#1e8449"
                  for c, k in zip(deltas["Change"], deltas["kind"], strict=True)],
    hovertemplate="%{y}: %{x:+,.2f} " + unit + "<extra></extra>",
))
fig.update_layout(height=120 + 40 * len(deltas), margin={"l": 10, "r": 10, "t": 10, "b": 10},
                  xaxis_title=t("whatif.axis", unit=unit), yaxis={"autorange": "reversed"})
fig.add_vline(x=0, line={"color": "#444", "width": 1})
st.plotly_chart(fig, width="stretch", key="whatif_deltas", config={"displaylogo": False})
delta_columns = {"Channel": t("col.channel"), "Type": t("col.type"),
                 "Base": t("whatif.col.base", unit=unit),
                 "What_if": t("whatif.col.whatif", unit=unit),
                 "Change": t("whatif.col.change", unit=unit),
                 "Change_pct": t("whatif.col.change_pct")}
formats = {"Base": "%.2f", "What_if": "%.2f", "Change": "%+.2f", "Change_pct": "%+.1f%%"}
st.dataframe(
    deltas.drop(columns=["kind"]).rename(columns=delta_columns),
    hide_index=True, width="stretch",
    column_config={delta_columns[c]: st.column_config.NumberColumn(format=f)
                   for c, f in formats.items()},
)
