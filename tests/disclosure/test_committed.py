"""The committed outputs of the bundled register are what ``climrisk build`` writes now."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from climrisk.cli import app
from climrisk.disclosure import pipeline
from climrisk.disclosure.document import Document
from climrisk.disclosure.outputs import render_files

from .conftest import BUNDLED_OUT, run_cli


def test_build_check_passes_on_committed_outputs() -> None:
    proc = run_cli("build", "--check")
    assert proc.returncode == 0, proc.stderr + "\nrun `climrisk build` and commit disclosures/"
    assert "fresh" in proc.stdout


def test_build_then_check_in_process(
    example_document: Document, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        pipeline, "render", lambda register, grid, langs, **_: render_files(example_document, langs)
    )
    out = tmp_path / "out"
    runner = CliRunner()
    built = runner.invoke(app, ["build", "--out", str(out), "--lang", "en"])
    assert built.exit_code == 0, built.output
    assert (
        runner.invoke(app, ["build", "--check", "--out", str(out), "--lang", "en"]).exit_code == 0
    )
    (out / "numbers.json").write_text("{}\n", encoding="utf-8")
    (out / "en" / "disclosure.md").unlink()
    checked = runner.invoke(app, ["build", "--check", "--out", str(out), "--lang", "en"])
    assert checked.exit_code == 1
    assert "numbers.json (differs)" in checked.output
    assert "en/disclosure.md (missing)" in checked.output
    assert f"run `climrisk build --out {out} --lang en`" in checked.output


def test_unknown_language_is_a_user_error() -> None:
    proc = run_cli("build", "--check", "--lang", "fr")
    assert proc.returncode == 2
    assert "unknown language(s) fr" in proc.stderr and "Traceback" not in proc.stderr


def test_committed_folder_exists() -> None:
    assert (BUNDLED_OUT / "numbers.json").is_file()
