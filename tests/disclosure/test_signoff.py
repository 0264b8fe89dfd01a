"""Sign-off: ``build --final`` refuses while an approval is missing or stale, naming each one,
builds once every item and the disclosure are approved, and refuses again after an edit."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from climrisk.cli import app
from climrisk.register import load_register
from climrisk.signoff import FILE, content_tree, gaps

MINIMAL = Path(__file__).resolve().parents[1] / "data" / "registers" / "minimal"


def _climrisk(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout + result.stderr


@pytest.fixture
def register(tmp_path: Path) -> Path:
    root = tmp_path / "register"
    shutil.copytree(MINIMAL, root)
    return root


def _approve_all(root: Path) -> None:
    for item in ("PR-01", "TR-01"):
        code, out = _climrisk("approve", "--register", str(root), "--item", item,
                              "--by", "Mei Ling Chan", "--role", "Head of Risk",
                              "--on", "2025-03-18")
        assert code == 0, out
    code, out = _climrisk("approve", "--register", str(root), "--by", "Wai Kit Lee",
                          "--role", "Chief Financial Officer", "--on", "2025-03-20",
                          "--what", "FY2024 climate-related disclosures")
    assert code == 0, out


def test_final_refuses_without_approvals_and_names_each(register: Path, tmp_path: Path) -> None:
    code, out = _climrisk("build", "--final", "--register", str(register),
                          "--out", str(tmp_path / "out"))
    assert code != 0
    for what in ("item PR-01: no approval recorded", "item TR-01: no approval recorded",
                 "the disclosure: no approval recorded", "climrisk approve --by NAME"):
        assert what in out
    assert not (tmp_path / "out").exists()


def test_final_builds_with_approvals_and_states_them(register: Path, tmp_path: Path) -> None:
    _approve_all(register)
    assert (register / FILE).is_file()
    assert gaps(load_register(register)) == []
    out = tmp_path / "out"
    code, text = _climrisk("build", "--final", "--register", str(register), "--out", str(out),
                           "--lang", "en")
    assert code == 0, text
    html = (out / "en" / "disclosure.html").read_text(encoding="utf-8")
    assert "Wai Kit Lee (Chief Financial Officer), 2025-03-20" in html
    assert content_tree(register) in html
    numbers = (out / "numbers.json").read_text(encoding="utf-8")
    assert "Wai Kit Lee" in numbers


def test_an_edit_after_approval_makes_final_refuse_again(register: Path, tmp_path: Path) -> None:
    _approve_all(register)
    item = register / "items" / "TR-01.yaml"
    item.write_text(item.read_text(encoding="utf-8").replace("last_reviewed: ", "last_reviewed: ",
                                                               1) + "\n# edited\n",
                    encoding="utf-8")
    code, out = _climrisk("build", "--final", "--register", str(register),
                          "--out", str(tmp_path / "out"))
    assert code != 0
    assert "item TR-01: stale: approved by Mei Ling Chan on 2025-03-18" in out
    assert "the disclosure: stale: approved by Wai Kit Lee on 2025-03-20" in out
    assert "item PR-01" not in out


def test_the_commands_the_refusal_names_are_the_fix(register: Path, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from another folder, the refusal's commands (with a name and role filled in) record
    every approval in this register, not the bundled one."""
    import shlex

    from climrisk.register import load_register
    from climrisk.signoff import gaps

    monkeypatch.chdir(tmp_path)
    code, out = _climrisk("build", "--final", "--register", str(register), "--out", "out")
    assert code != 0
    commands = [ln.strip() for ln in out.splitlines() if ln.strip().startswith("climrisk ")]
    assert len(commands) == 3  # PR-01, TR-01, the disclosure
    for command in commands:
        args = shlex.split(command.replace("NAME", "'Mei Ling Chan'")
                           .replace("ROLE", "'Head of Risk'"))[1:]
        code, text = _climrisk(*args)
        assert code == 0, text
    assert gaps(load_register(register)) == []
