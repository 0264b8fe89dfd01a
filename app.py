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
from climrisk.errors import UserError
from climrisk.escaping import markdown_code

st.set_page_config(
    page_title="Climate risk committee",
    page_icon=":material/thermostat:",
    layout="wide",
)

# A keyed widget's value is dropped when its page is left; re-assigning the key keeps it.
for key in appdata.KEEP_KEYS:
    if key in st.session_state:
        st.session_state[key] = st.session_state[key]

st.session_state.setdefault("source", appdata.initial_source(sys.argv[1:]))
st.session_state.setdefault("lang", "en")
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
    st.session_state["source"] = dataclasses.replace(
        st.session_state["source"],
        register_dir=str(root),
        register_origin=f"uploaded {upload.name}",
    )


with st.sidebar:
    st.segmented_control(
        "Register language",
        options=list(appdata.LANGS),
        format_func=appdata.LANGS.__getitem__,
        key="lang",
        required=True,
        help="Switches every text that comes from the register: titles, descriptions, "
        "responses, scenario reasons.",
    )
    with st.expander("Data source", icon=":material/database:"):
        source: appdata.Source = st.session_state["source"]
        st.caption(f"Register: {markdown_code(source.register_dir)} "
                   f"({appdata.md(source.register_origin)})")
        st.caption(f"Scenario grid: {markdown_code(source.grid_path or 'bundled default')} "
                   f"({appdata.md(source.grid_origin)})")
        st.file_uploader(
            "Upload a register (zip of the register folder)",
            type=["zip"],
            key="register_zip",
            on_change=_take_upload,
            help="It is checked like `climrisk validate`; a register with problems is not "
            "used, and the problems are listed.",
        )
        if source.register_origin.startswith("uploaded") and st.button(
            "Back to the default register", icon=":material/undo:"
        ):
            st.session_state["source"] = appdata.initial_source(sys.argv[1:])
            st.rerun()

pages = [
    st.Page("views/overview.py", title="Overview", icon=":material/dashboard:", default=True),
    st.Page("views/explorer.py", title="Scenario explorer", icon=":material/public:"),
    st.Page("views/register.py", title="Risk register", icon=":material/list_alt:"),
    st.Page("views/whatif.py", title="What-if", icon=":material/tune:"),
    st.Page("views/disclosure.py", title="Disclosure preview", icon=":material/description:"),
]
page = st.navigation(pages)

if st.session_state["upload_problems"]:
    name, lines = st.session_state["upload_problems"]
    st.error(
        f"**The uploaded register {markdown_code(name)} was not used**; the app still shows "
        f"{markdown_code(st.session_state['source'].register_dir)}. Fix these problems and "
        "upload again:\n\n"
        + "\n".join(f"- {markdown_code(line)}" for line in lines),
        icon=":material/error:",
    )
    if st.button("Dismiss", key="dismiss_upload_problems"):
        st.session_state["upload_problems"] = None
        st.rerun()

try:
    appdata.register(st.session_state["source"].register_dir)
except UserError as exc:
    st.error(
        "**The register could not be read.** Fix these problems, or upload a register in "
        "the sidebar:\n\n"
        + "\n".join(f"- {markdown_code(line)}" for line in appdata.problem_lines(exc)),
        icon=":material/error:",
    )
    st.stop()

page.run()
