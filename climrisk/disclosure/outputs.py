"""Render every output file in memory, write them atomically, or compare them with disk.

Rendering finishes before the first byte is written, and writing goes to a staging folder
beside the target that trades places with it (``climrisk.output_folder``), so a failure or a
crash never leaves half-written tables and the previous outputs stay in place.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from climrisk.disclosure.document import Document
from climrisk.disclosure.formats.evidence import (
    EVIDENCE_HTML,
    EVIDENCE_JSON,
    evidence_html,
    evidence_json,
)
from climrisk.disclosure.formats.html import html_document
from climrisk.disclosure.formats.markdown import chart_path, markdown_document
from climrisk.disclosure.formats.numbers_json import numbers_json
from climrisk.disclosure.formats.pdf import pdf_bytes
from climrisk.disclosure.formats.svg import chart_svg
from climrisk.disclosure.formats.tables_csv import table_csv
from climrisk.disclosure.formats.word import word_bytes
from climrisk.disclosure.formats.workbook import workbook_bytes
from climrisk.output_folder import MANIFEST, foreign_files, manifest_bytes, replace_folder

MARKER = "numbers.json"  # in every output folder, also those written before manifests
DIFF_LINES = 12


def render_files(doc: Document, langs: list[str], *, pdf: bool = True) -> dict[str, bytes]:
    """Relative path → bytes of every output file; ``pdf=False`` leaves out the PDFs, whose
    layout is most of a build's time (the app's preview does not show them)."""
    files: dict[str, bytes] = {MARKER: numbers_json(doc), EVIDENCE_JSON: evidence_json(doc)}
    for lang in langs:
        files[f"{lang}/{doc.slug}.md"] = markdown_document(doc, lang).encode()
        files[f"{lang}/{doc.slug}.html"] = html_document(doc, lang).encode()
        files[f"{lang}/{EVIDENCE_HTML}"] = evidence_html(doc, lang).encode()
        files[f"{lang}/{doc.slug}.xlsx"] = workbook_bytes(doc, lang, doc.provenance.date)
        files[f"{lang}/{doc.slug}.docx"] = word_bytes(doc, lang, doc.provenance.date)
        if pdf:
            files[f"{lang}/{doc.slug}.pdf"] = pdf_bytes(doc, lang, doc.provenance.date)
        for table in doc.tables:
            files[f"{lang}/tables/{table.name}.csv"] = table_csv(table, lang)
        for chart in doc.charts:
            files[f"{lang}/{chart_path(chart)}"] = chart_svg(chart, lang).encode()
    files[MANIFEST] = manifest_bytes(list(files))
    return dict(sorted(files.items()))


def write_outputs(files: dict[str, bytes], out_dir: Path) -> None:
    """Replace ``out_dir`` with exactly ``files``; a complete old or new copy at every instant.

    See ``climrisk.output_folder``: the folder is replaced only when climrisk wrote all it
    holds, builds of one folder serialise on a lock file, and a crash is repaired by the
    next build.
    """
    replace_folder(files, out_dir, legacy_marker=MARKER)


def foreign_outputs(files: dict[str, bytes] | None, out_dir: Path) -> list[str]:
    """The files in ``out_dir`` that ``write_outputs(files, out_dir)`` would refuse to
    replace, because climrisk did not write them (with ``files=None``, before the build: those
    already certain)."""
    return foreign_files(out_dir, None if files is None else {*files, MANIFEST}, MARKER)


@dataclass(frozen=True)
class Stale:
    """One output that differs from what a build would write now."""

    path: str
    reason: str
    diff: str = ""


def stale_outputs(files: dict[str, bytes], out_dir: Path) -> list[Stale]:
    """Every file that is missing, different or no longer produced."""
    found: list[Stale] = []
    for rel, data in files.items():
        path = out_dir / rel
        if not path.is_file():
            found.append(Stale(rel, "missing"))
        elif (old := path.read_bytes()) != data:
            found.append(Stale(rel, "differs", _short_diff(rel, old, data)))
    if out_dir.is_dir():
        for path in sorted(out_dir.rglob("*")):
            rel = path.relative_to(out_dir).as_posix()
            if path.is_file() and rel not in files:
                found.append(Stale(rel, "no longer produced"))
    return found


def _short_diff(rel: str, old: bytes, new: bytes) -> str:
    if rel.endswith((".xlsx", ".docx", ".pdf")):
        return "(binary file differs)"
    lines = list(
        difflib.unified_diff(
            old.decode("utf-8-sig", "replace").splitlines(),
            new.decode("utf-8-sig", "replace").splitlines(),
            f"committed/{rel}",
            f"rebuilt/{rel}",
            n=0,
            lineterm="",
        )
    )
    shown = lines[:DIFF_LINES]
    if len(lines) > DIFF_LINES:
        shown.append(f"… {len(lines) - DIFF_LINES} more diff lines")
    return "\n".join(shown)
