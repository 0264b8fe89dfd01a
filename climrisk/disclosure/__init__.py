"""Disclosure tables (HKEX ESG Code Part D layouts e-1 … e-7, IFRS S2) in two languages.

``compose`` turns a register, engine results and a grid into one language-neutral
``Document``; ``render_files`` prints it as Markdown, HTML, CSV, XLSX and JSON;
``write_outputs`` replaces an output folder atomically and ``stale_outputs`` checks one.

The names are imported when first used, so a module of the package (the labels, the
effects the app shows) can be imported without the document writers and their libraries.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from climrisk.disclosure.document import Document, compose
    from climrisk.disclosure.outputs import Stale, render_files, stale_outputs, write_outputs

__all__ = ["Document", "Stale", "compose", "render_files", "stale_outputs", "write_outputs"]
_HOME = {"Document": "document", "compose": "document", "Stale": "outputs",
         "render_files": "outputs", "stale_outputs": "outputs", "write_outputs": "outputs"}


def __getattr__(name: str) -> object:
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_HOME[name]}"), name)
