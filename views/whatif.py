"""What-if: move the engine's assumptions and see how the effects change against the base case."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from climrisk import appdata
from climrisk.engine import Assumptions
from climrisk.engine.parameters import ParameterSet
from climrisk.escaping import html_text
from climrisk.register.models import Register

lang: str = st.session_state["lang"]
source: appdata.Source = st.session_state["source"]
reg: Register = appdata.register(source.register_dir)
unit = appdata.money_unit(reg)
horizons = {h.id: appdata.tr(h.name, lang) for h in reg.horizons}
pass_param = ParameterSet.resolve(reg.parameters)["carbon_pass_through"]
BASE = Assumptions()
REGISTER_RANGE = "register"
PASS_OPTIONS: list[object] = [REGISTER_RANGE, *[round(x * 0.05, 2) for x in range(21)]]

st.title("What-if analysis")
st.caption(
    "Change the assumptions behind the numbers and press **Run the what-if**: the engine "
    "re-runs every item and site, and the tables below show the change against the base case "
    "(the assumptions the disclosure uses). The register itself is never changed."
)

with st.spinner("Running the base case (first visit only)…"):
    base = appdata.results(source)
labels = appdata.scenario_labels(appdata.grid(source.grid_path))
scenarios = [s.id for s in reg.main.scenario_analysis.scenarios
             if s.id in base.dataset["scenario"].values]
appdata.ensure_choice("scenario", scenarios)
appdata.ensure_choice("horizon", list(horizons), reg.horizons[min(1, len(reg.horizons) - 1)].id)
for key, knob in zip(appdata.WHATIF_KEYS, appdata.KNOBS, strict=True):
    st.session_state.setdefault(key, REGISTER_RANGE if knob == "pass_through"
                                else 100 * BASE.discount_rate if knob == "discount_rate"
                                else getattr(BASE, knob))


def _pass_label(v: object) -> str:
    if v == REGISTER_RANGE:
        low = pass_param.low if pass_param.low is not None else pass_param.value
        high = pass_param.high if pass_param.high is not None else pass_param.value
        return f"As in the register ({low:.0%}–{high:.0%}, central {pass_param.value:.0%})"
    return f"{float(str(v)):.0%}"


def _apply() -> None:
    """Keep the submitted knobs under a non-widget key, so they outlive this page."""
    values = {knob: st.session_state[key]
              for key, knob in zip(appdata.WHATIF_KEYS, appdata.KNOBS, strict=True)}
    values["pass_through"] = (None if values["pass_through"] == REGISTER_RANGE
                              else float(values["pass_through"]))
    values["discount_rate"] = round(float(values["discount_rate"]) / 100, 4)
    st.session_state["whatif"] = values


def _reset() -> None:
    st.session_state.pop("whatif", None)
    for key in appdata.WHATIF_KEYS:
        st.session_state.pop(key, None)


with st.form("whatif_form"):
    a, b = st.columns(2)
    a.slider("Carbon price multiplier", 0.0, 3.0, step=0.1, key="wi_carbon", format="× %.1f",
             help="Scales every scenario's carbon price path; × 2.0 doubles it in every year.")
    a.slider("PUE sensitivity to warming", 0.0, 3.0, step=0.1, key="wi_pue", format="× %.1f",
             help="Scales how strongly data-center cooling energy (PUE) rises per degree of "
             "local warming; × 1.0 is the engineering estimate the register uses.")
    a.select_slider("Carbon cost borne by the company (pass-through)", PASS_OPTIONS,
                    key="wi_pass", format_func=_pass_label,
                    help="Share of the carbon price on its own and grid-electricity emissions "
                    "that the company pays. The register's setting keeps the uncertainty "
                    "range; a fixed value removes it.")
    b.slider("Electricity price multiplier", 0.5, 2.0, step=0.05, key="wi_power",
             format="× %.2f",
             help="Scales every scenario's electricity price path in every grid region.")
    b.slider("Discount rate", 0.0, 15.0, step=0.5, key="wi_discount", format="%.1f%%",
             help="Yearly rate that turns each horizon's annual effect into a present value. "
             "It changes present values only, never the annual amounts.")
    b.caption(f"Base case: carbon price × {BASE.carbon_price_multiplier:.1f}, PUE sensitivity "
              f"× {BASE.pue_sensitivity:.1f}, pass-through as in the register, electricity "
              f"price × {BASE.electricity_price_multiplier:.2f}, discount rate "
              f"{BASE.discount_rate:.1%}.")
    st.form_submit_button("Run the what-if", type="primary", icon=":material/play_arrow:",
                          on_click=_apply)
st.button("Reset to the base case", icon=":material/restart_alt:", on_click=_reset)

chosen = Assumptions(**st.session_state.get("whatif", {}))
with st.spinner("Re-running the engine with these assumptions…"):
    changed = appdata.results(source, chosen)

left, right = st.columns([3, 2])
scenario = left.selectbox("Scenario", scenarios, format_func=labels.__getitem__, key="scenario")
horizon = right.segmented_control("Time horizon", list(horizons),
                                  format_func=horizons.__getitem__, key="horizon",
                                  required=True)
if chosen == BASE:
    st.info("The assumptions are the base case; move a slider and press **Run the what-if** "
            "to see a change.", icon=":material/info:")
else:
    st.caption("What-if assumptions: " + "; ".join(appdata.describe_assumptions(chosen, BASE)))

st.subheader(f"Company-level change, {appdata.md(horizons[horizon])}, "
             f"{appdata.md(labels[scenario])}")
totals = appdata.whatif_totals(base.dataset, changed.dataset, scenario, horizon)
cols = st.columns(len(totals))
for col, row in zip(cols, totals.itertuples(index=False), strict=True):
    col.metric(f"{row.Type}, {unit} per year", f"{row.What_if:,.1f}",
               delta=f"{row.Change:+,.1f}",
               delta_color="inverse" if row.kind != "opportunity" else "normal",
               help=f"Base case {row.Base:,.1f}; present value over the horizon "
               f"{row.PV_base:,.0f} → {row.PV_what_if:,.0f} {unit}.")
    col.caption(f"base {row.Base:,.1f} · present value {row.PV_base:,.0f} → "
                f"{row.PV_what_if:,.0f}")

st.subheader(f"Change by channel ({unit} per year)")
st.caption("Mean annual effect under the what-if minus the base case, per financial channel. "
           "For risks a positive change is a higher cost; for opportunities, a larger benefit.")
deltas = appdata.whatif_channels(reg, base.dataset, changed.dataset, scenario, horizon, lang)
if deltas.empty:
    st.info("No item lands in a financial channel for this scenario and horizon.")
    st.stop()
fig = go.Figure(go.Bar(
    y=deltas["Channel"].map(html_text) + " · " + deltas["Type"], x=deltas["Change"],
    orientation="h",
    marker_color=["#b03a2e" if (c > 0) == (k != "opportunity") else "#1e8449"
                  for c, k in zip(deltas["Change"], deltas["kind"], strict=True)],
    hovertemplate="%{y}: %{x:+,.2f} " + unit + "<extra></extra>",
))
fig.update_layout(height=120 + 40 * len(deltas), margin={"l": 10, "r": 10, "t": 10, "b": 10},
                  xaxis_title=f"Change, {unit} per year", yaxis={"autorange": "reversed"})
fig.add_vline(x=0, line={"color": "#444", "width": 1})
st.plotly_chart(fig, width="stretch", key="whatif_deltas", config={"displaylogo": False})
st.dataframe(
    deltas.drop(columns=["kind"]).rename(columns={"Base": f"Base ({unit})",
                                                  "What_if": f"What-if ({unit})",
                                                  "Change": f"Change ({unit})",
                                                  "Change_pct": "Change (%)"}),
    hide_index=True, width="stretch",
    column_config={
        f"Base ({unit})": st.column_config.NumberColumn(format="%.2f"),
        f"What-if ({unit})": st.column_config.NumberColumn(format="%.2f"),
        f"Change ({unit})": st.column_config.NumberColumn(format="%+.2f"),
        "Change (%)": st.column_config.NumberColumn(format="%+.1f%%"),
    },
)
