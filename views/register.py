"""Register browser: find an item by type, horizon, channel, site or words, then read it whole."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from climrisk import appdata
from climrisk.appdata import t
from climrisk.disclosure.labels import text
from climrisk.escaping import markdown_code
from climrisk.register.models import Item, Register

lang: str = appdata.lang()
source: appdata.Source = st.session_state["source"]
reg: Register = appdata.register(source.register_dir)
horizons = {h.id: appdata.tr(h.name, lang) for h in reg.horizons}
channels = {c.id: appdata.tr(c.name, lang) for c in reg.main.channels}
sites = {a.id: appdata.tr(a.name, lang) for a in reg.assets}
unit = appdata.money_unit(reg, lang)
kinds = appdata.kind_labels(lang)

st.title(t("register.title"))
st.caption(t("register.caption", items=len(reg.items), sites=len(reg.assets),
             entity=appdata.md(reg.main.entity.name, lang)))

for key, options in (
    ("reg_kinds", list(kinds)),
    ("reg_horizons", list(horizons)),
    ("reg_channels", list(channels)),
    ("reg_sites", list(sites)),
):
    appdata.ensure_choice(key, options)

cols = st.columns([1, 1, 1, 1, 1.3])
chosen_kinds = cols[0].multiselect(
    t("register.type"), list(kinds), format_func=kinds.__getitem__,
    key="reg_kinds", placeholder=t("register.all_types"),
)
chosen_horizons = cols[1].multiselect(
    t("register.horizon"), list(horizons), format_func=horizons.__getitem__,
    key="reg_horizons", placeholder=t("register.all_horizons"),
)
chosen_channels = cols[2].multiselect(
    t("register.channel"), list(channels), format_func=channels.__getitem__,
    key="reg_channels", placeholder=t("register.all_channels"),
)
chosen_sites = cols[3].multiselect(
    t("register.site"), list(sites), format_func=sites.__getitem__, key="reg_sites",
    placeholder=t("register.all_sites"),
)
search = cols[4].text_input(
    t("register.search"), key="reg_search", placeholder=t("register.search_placeholder"),
    help=t("register.search_help"),
)


def _matches(item: Item) -> bool:
    """Whether an item passes every filter; an empty filter passes everything."""
    item_sites = {a.id for a in reg.resolve_assets(item.assets)}
    if chosen_kinds and item.category.kind not in chosen_kinds:
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
sep = text("sep.list", lang)
table = pd.DataFrame(
    {
        t("col.item"): [i.id for i in shown],
        t("col.title"): [appdata.tr(i.title, lang) for i in shown],
        t("col.type"): [appdata.category_label(reg, i.category, lang) for i in shown],
        t("register.col.horizons"): [sep.join(horizons[h] for h in i.horizons) for i in shown],
        t("register.col.channels"): [sep.join(channels[c] for c in i.channels) for i in shown],
        # An item on every site says so in three words, not seven names (the item's page
        # lists them).
        t("register.col.sites"): [
            t("register.every_site", count=len(reg.assets))
            if len(reg.resolve_assets(i.assets)) == len(reg.assets) > 1
            else sep.join(sites[a.id] for a in reg.resolve_assets(i.assets)) for i in shown
        ],
        t("register.col.owner"): [i.owner for i in shown],
    }
)
st.subheader(t("register.count", shown=len(shown), total=len(reg.items)))
appdata.show_table(table)

if not shown:
    st.info(t("register.none"))
    st.stop()

ids = [i.id for i in shown]
appdata.ensure_choice("reg_item", ids)
item = reg.item(
    st.selectbox(
        t("register.open"),
        ids,
        format_func=lambda i: f"{appdata.tr(reg.item(i).title, lang)} ({i})",
        key="reg_item",
    )
)

st.divider()
st.header(appdata.md(item.title, lang))
st.caption(t("register.item_caption", id=item.id, owner=appdata.md(item.owner),
             category=appdata.category_label(reg, item.category, lang),
             date=item.last_reviewed.isoformat()))
left, right = st.columns(2)
left.markdown(f"**{t('register.what')}**\n\n{appdata.md(item.description, lang)}")
right.markdown(f"**{t('register.effect')}**\n\n{appdata.md(item.financial_impact, lang)}")
st.markdown(t(
    "register.facts",
    sites=appdata.md(sep.join(sites[a.id] for a in reg.resolve_assets(item.assets))),
    drivers=sep.join(appdata.driver_label(d, lang) for d in item.drivers),
    value_chain=sep.join(text(f"value_chain.{v.value}", lang) for v in item.value_chain),
))

st.subheader(t("register.by_scenario", unit=unit))
with st.spinner(t("spinner.results")):
    ds = appdata.results(source).dataset
labels = appdata.result_labels(source)
effects, ratings = appdata.item_by_scenario(reg, ds, item, labels, lang)
if item.quantification:
    st.caption(t("register.by_scenario_caption",
                 what=t("cost" if item.category.is_risk else "benefit")))
    appdata.show_table(effects, index=True)
else:
    reason = text(f"reason.{item.not_quantified.value}", lang) if item.not_quantified else ""
    st.caption(t("register.not_quantified", reason=reason))
st.markdown(t("register.rating"))
if item.rating_override is not None:
    st.caption(t("register.override", by=appdata.md(item.rating_override.by),
                 on=item.rating_override.on.isoformat(),
                 reason=appdata.md(item.rating_override.reason)))
appdata.show_table(ratings, index=True)

st.subheader(t("register.responses"))
if item.responses:
    # A column the register leaves empty for every response is not shown (``show_table``).
    responses = pd.DataFrame(
        {
            t("register.col.action"): [appdata.tr(r.action, lang) for r in item.responses],
            t("register.col.status"): [text(f"status.{r.status.value}", lang)
                                       for r in item.responses],
            t("register.col.owner"): [r.owner or "" for r in item.responses],
            t("register.col.cost", unit=unit): [
                "" if r.cost is None else
                t("register.estimate", value=appdata.money_text(reg, r.cost))
                if r.cost_is_estimate else appdata.money_text(reg, r.cost)
                for r in item.responses
            ],
            t("register.col.progress"): [appdata.tr(r.progress, lang) for r in item.responses],
        }
    )
    appdata.show_table(responses)
else:
    st.caption(t("register.no_responses"))

st.subheader(t("register.source"))
if item.source is not None:
    st.markdown(t("register.stated_in", document=appdata.md(item.source.document),
                  locator=t("register.locator", locator=appdata.md(item.source.locator))
                  if item.source.locator else ""))
else:
    st.caption(t("register.no_source"))
path = reg.files.get(f"item:{item.id}")
if path:
    with st.expander(t("register.file", name=markdown_code(Path(path).name)),
                     icon=":material/code:"):
        st.code(appdata.read_register_file(reg, path), language="yaml")
