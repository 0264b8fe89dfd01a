"""Disclosure tables (HKEX ESG Code Part D layouts e-1 … e-7, IFRS S2) in two languages.

``compose`` turns a register, engine results and a grid into one language-neutral
``Document``; ``render_files`` prints it as Markdown, HTML, CSV, XLSX and JSON;
``write_outputs`` replaces an output folder atomically and ``stale_outputs`` checks one.
"""

from climrisk.disclosure.document import Document, compose
from climrisk.disclosure.outputs import Stale, render_files, stale_outputs, write_outputs

__all__ = ["Document", "Stale", "compose", "render_files", "stale_outputs", "write_outputs"]
