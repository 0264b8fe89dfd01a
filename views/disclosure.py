"""Disclosure preview: the tables the committee approves, in both languages, with the files."""

from __future__ import annotations

import io
import zipfile

import pandas as pd
import streamlit as st

from climrisk import appdata
from climrisk.appdata import t
from climrisk.disclosure.table import Table, cell_text

LANG_NAMES = {lang: appdata.LANGS[lang] for lang in appdata.DISCLOSURE_LANGS}
lang: str = appdata.lang()
source: appdata.Source = st.session_state["source"]

st.title(t("disclosure.title"))
st.caption(t("disclosure.caption"))
with st.spinner(t("disclosure.spinner")):
    built = appdata.disclosure(source)
doc = built.document


def _zip_csv(lang: str) -> bytes:
    """Every table of one language as CSV files in one zip, in reading order."""
    buffer = io.BytesIO()
    prefix = f"{lang}/tables/"
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in built.files.items():
            if name.startswith(prefix):
                archive.writestr(zipfile.ZipInfo(name[len(prefix):]), data)
    return buffer.getvalue()


def _frame(table: Table, lang: str) -> pd.DataFrame:
    """A table as people read it: localised text, numbers with their printed decimals."""
    headers = [c.title(lang) for c in table.columns]
    unique = [h if headers.index(h) == i else f"{h} ({i + 1})" for i, h in enumerate(headers)]
    return pd.DataFrame([[cell_text(c, lang) for c in row] for row in table.rows],
                        columns=unique)


st.subheader(t("disclosure.downloads"))
for col, out_lang in zip(st.columns(len(LANG_NAMES)), LANG_NAMES, strict=True):
    with col:
        st.markdown(f"**{LANG_NAMES[out_lang]}**")
        st.download_button(
            t("disclosure.xlsx"), built.files[f"{out_lang}/{doc.slug}.xlsx"],
            file_name=f"{doc.slug}-{out_lang}.xlsx", icon=":material/table_view:",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            key=f"xlsx_{out_lang}",
        )
        st.download_button(
            t("disclosure.html"), built.files[f"{out_lang}/{doc.slug}.html"],
            file_name=f"{doc.slug}-{out_lang}.html", mime="text/html",
            icon=":material/article:", key=f"html_{out_lang}",
        )
        st.download_button(
            t("disclosure.docx"), built.files[f"{out_lang}/{doc.slug}.docx"],
            file_name=f"{doc.slug}-{out_lang}.docx", icon=":material/description:",
            mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            key=f"docx_{out_lang}",
        )
        st.download_button(
            t("disclosure.csv"), _zip_csv(out_lang),
            file_name=f"{doc.slug}-{out_lang}-tables.zip", mime="application/zip",
            icon=":material/folder_zip:", key=f"csv_{out_lang}",
        )

st.subheader(t("disclosure.tables"))
names = [table.name for table in doc.tables]
appdata.ensure_choice("dp_table", names)
chosen = doc.tables[names.index(st.selectbox(
    t("disclosure.table", count=len(names)), names, key="dp_table",
    format_func=lambda n: f"{doc.tables[names.index(n)].id.upper()} · "
    f"{doc.tables[names.index(n)].title.in_(lang)}",
))]
for out_lang, name in LANG_NAMES.items():
    st.markdown(f"##### {name}: {chosen.id.upper()} · {appdata.md(chosen.title.in_(out_lang))}")
    appdata.show_table(_frame(chosen, out_lang))
    for note in chosen.notes:
        st.caption(appdata.md(note.in_(out_lang)))
