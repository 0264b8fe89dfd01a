"""``climrisk init`` -> ``validate`` -> ``build`` in an empty folder, as a new company would."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from climrisk.cli import app

DATA_CENTER_WORDS = ("PUE", "WUE", "IT load", "data center", "data centre", "數據中心")


def test_init_validate_build_in_a_temporary_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    made = runner.invoke(app, ["init", "acme", "--industry", "IF-RE", "--name",
                               "Acme Properties Ltd", "--year", "2024"])
    assert made.exit_code == 0, made.output
    assert "packs: [\"real-estate\"]" in (tmp_path / "acme" / "register.yaml").read_text("utf-8")
    for path in (tmp_path / "acme").rglob("*.yaml"):  # editors find each file's schema
        first = path.read_text("utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema=/"), (path.name, first)
        assert Path(first.split("$schema=", 1)[1]).is_file(), first
    checked = runner.invoke(app, ["validate", "acme"])
    assert checked.exit_code == 0, checked.output
    built = runner.invoke(app, ["build", "--register", "acme"])
    assert built.exit_code == 0, built.output
    out = tmp_path / "disclosures" / "acme"  # under the working directory, named after it
    for lang in ("en", "zh-Hant"):
        text = (out / lang / "disclosure.md").read_text(encoding="utf-8")
        assert "Acme Properties Ltd" in text
        assert not [w for w in DATA_CENTER_WORDS if w in text], lang


def test_init_refuses_a_folder_in_use_and_an_unknown_industry(tmp_path: Path) -> None:
    runner = CliRunner()
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "notes.txt").write_text("x", encoding="utf-8")
    busy = runner.invoke(app, ["init", str(tmp_path / "used"), "--industry", "IF-EU",
                               "--name", "X"])
    assert busy.exit_code != 0 and "not an empty folder" in busy.output
    odd = runner.invoke(app, ["init", str(tmp_path / "new"), "--industry", "IF-XX",
                              "--name", "X"])
    assert odd.exit_code != 0 and "IF-EU" in odd.output and "TC-SI" in odd.output
    rmb = runner.invoke(app, ["init", str(tmp_path / "new"), "--industry", "IF-EU",
                              "--name", "X", "--currency", "RMB"])
    assert rmb.exit_code != 0 and "CNY" in rmb.output
