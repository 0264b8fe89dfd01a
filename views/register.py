"""Register browser: find an item by type, horizon, channel, site or words, then read it whole."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from climrisk import appdata
from climrisk.escaping import markdown_code
from climrisk.register.models import Item, Register

lang: str = st.session_state["lang"]
source: appdata.Source = st.session_state["source"]
reg: Register = appdata.register(source.register_dir)
horizons = {h.id: appdata.tr(h.name, lang) for h in reg.horizons}
channels = {c.id: appdata.tr(c.name, lang) for c in reg.main.channels}
sites = {a.id: appdata.tr(a.name, lang) for a in reg.assets}
unit = appdata.money_unit(reg)

st.title("Risk register")
st.caption(
    f"{len(reg.items)} climate-related risks and opportunities of "
    f"{appdata.md(reg.main.entity.name, lang)}, across {len(reg.assets)} sites. Filter the "
    "list, then open an item to see its financial effects under each scenario, its responses "
    "and where the report states it."
)

for key, options in (
    ("reg_kinds", list(appdata.KIND_LABELS)),
    ("reg_horizons", list(horizons)),
    ("reg_channels", list(channels)),
    ("reg_sites", list(sites)),
):
    appdata.ensure_choice(key, options)

cols = st.columns([1, 1, 1, 1, 1.3])
kinds = cols[0].multiselect(
    "Type", list(appdata.KIND_LABELS), format_func=appdata.KIND_LABELS.__getitem__,
    key="reg_kinds", placeholder="All types",
)
chosen_horizons = cols[1].multiselect(
    "Horizon", list(horizons), format_func=horizons.__getitem__, key="reg_horizons",
    placeholder="All horizons",
)
chosen_channels = cols[2].multiselect(
    "Financial channel", list(channels), format_func=channels.__getitem__, key="reg_channels",
    placeholder="All channels",
)
chosen_sites = cols[3].multiselect(
    "Site", list(sites), format_func=sites.__getitem__, key="reg_sites", placeholder="All sites",
)
search = cols[4].text_input(
    "Search", key="reg_search", placeholder="Words in title, description or id",
    help="Searches the item's id, title, description and financial impact in both languages.",
)


def _matches(item: Item) -> bool:
    """Whether an item passes every filter; an empty filter passes everything."""
    item_sites = {a.id for a in reg.resolve_assets(item.assets)}
    if kinds and item.category.kind not in kinds:
        return False
    if chosen_horizons and not set(item.horizons) & set(chosen_horizons):
        return False
    if chosen_channels and not set(item.channels) & set(chosen_channels):
        return False
    if chosen_sites and not item_sites & set(chosen_sites):
        return False
    if search:
        words = " ".join(
            [item.id, item.title.en, item.title.zh_hant, item.description.en,
             item.description.zh_hant, item.financial_impact.en, item.financial_impact.zh_hant]
        ).lower()
        return all(w in words for w in search.lower().split())
    return True


shown = [i for i in reg.items if _matches(i)]
table = pd.DataFrame(
    {
        "Item": [i.id for i in shown],
        "Title": [appdata.tr(i.title, lang) for i in shown],
        "Type": [appdata.category_label(i.category.value) for i in shown],
        "Horizons": [", ".join(horizons[h] for h in i.horizons) for i in shown],
        "Channels": [", ".join(channels[c] for c in i.channels) for i in shown],
        "Sites": [
            ", ".join(sites[a.id] for a in reg.resolve_assets(i.assets)) for i in shown
        ],
        "Owner": [i.owner for i in shown],
    }
)
st.subheader(f"{len(shown)} of {len(reg.items)} items")
st.dataframe(table, hide_index=True, width="stretch")

if not shown:
    st.info("No item matches these filters. Clear a filter or the search to see more.")
    st.stop()

ids = [i.id for i in shown]
appdata.ensure_choice("reg_item", ids)
item = reg.item(
    st.selectbox(
        "Open an item",
        ids,
        format_func=lambda i: f"{appdata.tr(reg.item(i).title, lang)} ({i})",
        key="reg_item",
    )
)

st.divider()
st.header(appdata.md(item.title, lang))
st.caption(
    f"{item.id} · {appdata.category_label(item.category.value)} · owner: "
    f"{appdata.md(item.owner)} · "
    f"last reviewed {item.last_reviewed:%d %b %Y}"
)
left, right = st.columns(2)
left.markdown(f"**What happens**\n\n{appdata.md(item.description, lang)}")
right.markdown(f"**Potential financial effect**\n\n{appdata.md(item.financial_impact, lang)}")
st.markdown(
    f"**Sites:** {appdata.md(', '.join(sites[a.id] for a in reg.resolve_assets(item.assets)))}"
    "  \n"
    f"**Drivers:** {', '.join(d.value.replace('-', ' ') for d in item.drivers)}  \n"
    f"**Value chain:** {', '.join(v.value.replace('-', ' ') for v in item.value_chain)}"
)

st.subheader(f"Financial effect by scenario ({unit} per year)")
with st.spinner("Running the scenario analysis (first visit only)…"):
    ds = appdata.results(source).dataset
labels = appdata.scenario_labels(appdata.grid(source.grid_path))
effects, ratings = appdata.item_by_scenario(reg, ds, item, labels, lang)
if item.quantification:
    st.caption(
        f"Mean annual {'cost' if item.category.is_risk else 'benefit'} across the simulations, "
        "with the range from the 5th to the 95th percentile in brackets, for each scenario the "
        "register analyses and each horizon of this item."
    )
    st.dataframe(effects, width="stretch")
else:
    reason = item.not_quantified.value.replace("-", " ") if item.not_quantified else ""
    st.caption(f"The register does not put a number on this item ({reason}); IFRS S2 "
               "allows a qualitative description in that case.")
st.markdown("**Rating (likelihood × magnitude, band)**")
if item.rating_override is not None:
    st.caption(f"★ Set by hand by {appdata.md(item.rating_override.by)} on "
               f"{item.rating_override.on:%d %b %Y}: {appdata.md(item.rating_override.reason)}")
st.dataframe(ratings, width="stretch")

st.subheader("Responses")
if item.responses:
    st.dataframe(
        pd.DataFrame(
            {
                "Action": [appdata.tr(r.action, lang) for r in item.responses],
                "Status": [r.status.value.replace("-", " ") for r in item.responses],
                "Owner": [r.owner or "" for r in item.responses],
                f"Annual cost ({unit})": [
                    "" if r.cost is None else f"{appdata.cny_m(r.cost):,.1f}"
                    + (" (estimate)" if r.cost_is_estimate else "") for r in item.responses
                ],
                "Progress": [appdata.tr(r.progress, lang) for r in item.responses],
            }
        ),
        hide_index=True,
        width="stretch",
    )
else:
    st.caption("The register records no response to this item.")

st.subheader("Source")
if item.source is not None:
    st.markdown(
        f"Stated in **{appdata.md(item.source.document)}**"
        + (f", {appdata.md(item.source.locator)}" if item.source.locator else "")
        + "."
    )
else:
    st.caption("The register names no source document for this item.")
path = reg.files.get(f"item:{item.id}")
if path:
    with st.expander(f"Register file {markdown_code(Path(path).name)}",
                     icon=":material/code:"):
        st.code(appdata.read_register_file(reg, path), language="yaml")
