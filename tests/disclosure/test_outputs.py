"""Outputs: byte-identical rebuilds, atomic replacement, and stale-file detection."""

from __future__ import annotations

import errno
import io
import zipfile
from pathlib import Path

import pytest

from climrisk import output_folder
from climrisk.disclosure import outputs
from climrisk.disclosure.document import Document
from climrisk.disclosure.outputs import render_files, stale_outputs, write_outputs
from climrisk.errors import UserError

from .conftest import LANGS


@pytest.fixture(scope="module")
def files(example_document: Document) -> dict[str, bytes]:
    return render_files(example_document, LANGS)


def test_two_renders_are_byte_identical(
    example_document: Document, files: dict[str, bytes]
) -> None:
    again = render_files(example_document, LANGS)
    assert again.keys() == files.keys()
    assert [k for k in files if files[k] != again[k]] == []


def test_every_format_for_every_language(files: dict[str, bytes]) -> None:
    for lang in LANGS:
        for suffix in (".md", ".html", ".xlsx"):
            assert f"{lang}/disclosure{suffix}" in files
        assert f"{lang}/tables/e-5-ghg-inventory.csv" in files
        assert f"{lang}/charts/ghg-trend.svg" in files
    assert "numbers.json" in files


def test_html_is_self_contained(files: dict[str, bytes]) -> None:
    html = files["zh-Hant/disclosure.html"].decode()
    assert '<html lang="zh-Hant">' in html
    assert "<script" not in html and "http://" not in html.replace("http://www.w3.org/2000/svg", "")
    assert "https://" not in html
    assert html.count("<svg") == 3


def test_workbook_has_fixed_timestamps(files: dict[str, bytes]) -> None:
    with zipfile.ZipFile(io.BytesIO(files["en/disclosure.xlsx"])) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = z.read("docProps/core.xml").decode()
    assert "1980-01-01T00:00:00Z" in core


def test_write_then_check_is_fresh(files: dict[str, bytes], tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_outputs(files, out)
    assert stale_outputs(files, out) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_check_names_changed_missing_and_extra_files(
    files: dict[str, bytes], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    write_outputs(files, out)
    (out / "en/tables/e-5-ghg-inventory.csv").write_text("edited\n", encoding="utf-8")
    (out / "en/disclosure.md").unlink()
    (out / "en/old.csv").write_text("x", encoding="utf-8")
    stale = {s.path: s for s in stale_outputs(files, out)}
    assert stale["en/tables/e-5-ghg-inventory.csv"].reason == "differs"
    assert (
        "+++ rebuilt/en/tables/e-5-ghg-inventory.csv"
        in stale["en/tables/e-5-ghg-inventory.csv"].diff
    )
    assert stale["en/disclosure.md"].reason == "missing"
    assert stale["en/old.csv"].reason == "no longer produced"


def test_failed_render_leaves_previous_outputs(
    example_document: Document,
    files: dict[str, bytes],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out = tmp_path / "out"
    write_outputs(files, out)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}

    def broken(*args: object) -> bytes:
        raise RuntimeError("workbook writer failed")

    monkeypatch.setattr(outputs, "workbook_bytes", broken)
    with pytest.raises(RuntimeError):
        write_outputs(render_files(example_document, LANGS), out)
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_failed_write_midway_leaves_previous_outputs(
    files: dict[str, bytes], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    write_outputs(files, out)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    changed = {k: v + b"\n" for k, v in files.items()}
    real = output_folder._write_file
    calls = []

    def flaky(path: Path, data: bytes) -> None:
        calls.append(path)
        if len(calls) == len(files) // 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(path, data)

    monkeypatch.setattr(output_folder, "_write_file", flaky)
    with pytest.raises(UserError, match="the disk is full; free space or choose another --out"):
        write_outputs(changed, out)
    monkeypatch.undo()
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_refuses_to_replace_a_foreign_folder(files: dict[str, bytes], tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(UserError, match="did not write"):
        write_outputs(files, tmp_path)
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"
