"""Disclosure preview: the tables the committee approves, in both languages, with the files."""

from __future__ import annotations

import io
import zipfile

import pandas as pd
import streamlit as st

from climrisk import appdata
from climrisk.disclosure.table import Table, cell_text

LANG_NAMES = {"en": "English", "zh-Hant": "繁體中文"}
source: appdata.Source = st.session_state["source"]

st.title("Disclosure preview")
st.caption(
    "The tables of the climate disclosure exactly as the build writes them, from the register "
    "and the base-case assumptions; what-if changes are not included. Check them in both "
    "languages, then download the files for the approval pack."
)
with st.spinner("Building the disclosure (first visit only)…"):
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


st.subheader("Downloads")
for col, lang in zip(st.columns(len(LANG_NAMES)), LANG_NAMES, strict=True):
    with col:
        st.markdown(f"**{LANG_NAMES[lang]}**")
        st.download_button(
            "Workbook (XLSX)", built.files[f"{lang}/{doc.slug}.xlsx"],
            file_name=f"{doc.slug}-{lang}.xlsx", icon=":material/table_view:",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            key=f"xlsx_{lang}",
        )
        st.download_button(
            "Document (HTML)", built.files[f"{lang}/{doc.slug}.html"],
            file_name=f"{doc.slug}-{lang}.html", mime="text/html", icon=":material/article:",
            key=f"html_{lang}",
        )
        st.download_button(
            "Tables (CSV, zipped)", _zip_csv(lang), file_name=f"{doc.slug}-{lang}-tables.zip",
            mime="application/zip", icon=":material/folder_zip:", key=f"csv_{lang}",
        )

st.subheader("Tables")
names = [t.name for t in doc.tables]
appdata.ensure_choice("dp_table", names)
chosen = doc.tables[names.index(st.selectbox(
    f"Table ({len(names)} in the disclosure)", names, key="dp_table",
    format_func=lambda n: f"{doc.tables[names.index(n)].id.upper()} · "
    f"{doc.tables[names.index(n)].title.en}",
))]
for lang, name in LANG_NAMES.items():
    st.markdown(f"##### {name}: {chosen.id.upper()} · {appdata.md(chosen.title.in_(lang))}")
    st.dataframe(_frame(chosen, lang), hide_index=True, width="stretch")
    for note in chosen.notes:
        st.caption(appdata.md(note.in_(lang)))
