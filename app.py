"""The risk committee's app: explore scenarios before approving the climate disclosure.

Run from the repository root with ``streamlit run app.py``. Another register or grid can be
chosen with ``CLIMRISK_REGISTER`` / ``CLIMRISK_GRID`` or with options after ``--``
(``streamlit run app.py -- --register DIR --grid FILE``), or a register zip uploaded in the
sidebar. This script holds what every page shares; each page lives in ``views/``.
"""

from __future__ import annotations

import dataclasses
import sys

import streamlit as st

from climrisk import appdata
from climrisk.appdata import t
from climrisk.errors import UserError
from climrisk.escaping import markdown_code

st.session_state.setdefault("lang", "en")
st.set_page_config(
    page_title=t("page_title"),
    page_icon=":material/thermostat:",
    layout="wide",
)

# Reading tables (``appdata.show_table``) wrap their text; the first column holds ids and
# row labels ("PR-01", "SSP1-2.6"), which read badly broken at a hyphen.
# (A style-only ``st.html`` takes no room on the page.)
st.html("<style>[data-testid='stTable'] tr > :first-child,"
        " [data-testid='stTable'] tr > :first-child * {white-space: nowrap}</style>")

# A keyed widget's value is dropped when its page is left; re-assigning the key keeps it.
for key in appdata.keep_keys(st.session_state):
    if key in st.session_state:
        st.session_state[key] = st.session_state[key]

st.session_state.setdefault("source", appdata.initial_source(sys.argv[1:]))
st.session_state.setdefault("upload_problems", None)


def _take_upload() -> None:
    """Validate a newly uploaded register zip; switch to it only if it is valid."""
    upload = st.session_state.get("register_zip")
    if upload is None or upload.file_id == st.session_state.get("upload_seen"):
        return
    st.session_state["upload_seen"] = upload.file_id
    root = None
    try:
        root = appdata.unpack_register_zip(upload.getvalue())
        appdata.register(str(root))
    except UserError as exc:
        st.session_state["upload_problems"] = (upload.name, appdata.problem_lines(exc, root))
        return
    except Exception as exc:  # an upload is untrusted input: report it, keep the session
        st.session_state["upload_problems"] = (upload.name, [f"{type(exc).__name__}: {exc}"])
        return
    st.session_state["upload_problems"] = None
    st.session_state["last_good_source"] = st.session_state["source"]
    st.session_state["source"] = dataclasses.replace(
        st.session_state["source"],
        register_dir=str(root),
        register_origin=f"uploaded {upload.name}",
    )


with st.sidebar:
    st.segmented_control(
        t("lang"),
        options=list(appdata.LANGS),
        format_func=appdata.LANGS.__getitem__,
        key="lang",
        required=True,
        help=t("lang_help"),
    )
    lang = appdata.lang()
    with st.expander(t("source"), icon=":material/database:"):
        source: appdata.Source = st.session_state["source"]
        st.caption(t("source.register", path=markdown_code(source.register_dir),
                     origin=appdata.md(appdata.origin_text(source.register_origin, lang))))
        try:
            scenario_path = appdata.scenario_path(source)
        except UserError:  # the register's problems are shown on the page itself
            scenario_path = source.grid_path
        grid_origin = (appdata.origin_text(source.grid_origin, lang) if source.grid_path
                       or not scenario_path else t("origin.register_set"))
        st.caption(t("source.grid",
                     path=markdown_code(scenario_path or t("source.bundled_grid")),
                     origin=appdata.md(grid_origin)))
        st.file_uploader(
            t("upload"),
            type=["zip"],
            key="register_zip",
            on_change=_take_upload,
            help=t("upload_help"),
        )
        if source.register_origin.startswith("uploaded") and st.button(
            t("upload_back"), icon=":material/undo:"
        ):
            st.session_state["source"] = appdata.initial_source(sys.argv[1:])
            st.rerun()

# Each page's address is fixed (``url_path``), so a link stays the same in both languages.
pages = [
    st.Page("views/overview.py", title=t("nav.overview"), icon=":material/dashboard:",
            default=True),
    st.Page("views/explorer.py", title=t("nav.explorer"), icon=":material/public:",
            url_path="explorer"),
    st.Page("views/register.py", title=t("nav.register"), icon=":material/list_alt:",
            url_path="register"),
    st.Page("views/whatif.py", title=t("nav.whatif"), icon=":material/tune:",
            url_path="what-if"),
    st.Page("views/measures.py", title=t("nav.measures"), icon=":material/construction:",
            url_path="measures"),
    st.Page("views/disclosure.py", title=t("nav.disclosure"), icon=":material/description:",
            url_path="disclosure"),
]
page = st.navigation(pages)

if st.session_state["upload_problems"]:
    name, lines = st.session_state["upload_problems"]
    st.error(
        t("upload_failed", name=markdown_code(name),
          path=markdown_code(st.session_state["source"].register_dir)) + "\n\n"
        + "\n".join(f"- {markdown_code(line)}" for line in lines),
        icon=":material/error:",
    )
    if st.button(t("dismiss"), key="dismiss_upload_problems"):
        st.session_state["upload_problems"] = None
        st.rerun()

try:
    appdata.register(st.session_state["source"].register_dir)
except UserError as exc:
    st.error(
        t("register_unreadable") + "\n\n"
        + "\n".join(f"- {markdown_code(line)}" for line in appdata.problem_lines(exc)),
        icon=":material/error:",
    )
    st.stop()


def _run_page() -> None:
    """Run the page; if an uploaded register validates but cannot run, go back to the last
    register that worked and say why, rather than failing on every page."""
    source: appdata.Source = st.session_state["source"]
    uploaded = source.register_origin.startswith("uploaded")
    try:
        page.run()
    except Exception as exc:  # an uploaded register is untrusted; other failures stay loud
        if not (uploaded or isinstance(exc, UserError)):
            raise
        lines = (appdata.problem_lines(exc, source.register_dir) if isinstance(exc, UserError)
                 else [f"{type(exc).__name__}: {exc}"])
        if uploaded and "last_good_source" in st.session_state:
            name = source.register_origin.removeprefix("uploaded ")
            st.session_state["upload_problems"] = (
                name, ["it is valid but cannot be analysed:", *lines])
            st.session_state["source"] = st.session_state.pop("last_good_source")
            st.rerun()
        st.error("**This page cannot be shown.**\n\n"
                 + "\n".join(f"- {markdown_code(line)}" for line in lines),
                 icon=":material/error:")


_run_page()
