"""A refusal names a fix that works: never the very command that refuses."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.hostile.conftest import run, user_error


def test_check_of_a_foreign_folder_does_not_recommend_the_build(
        register_copy: Callable[..., Path], tmp_path: Path) -> None:
    out = tmp_path / "docs"
    out.mkdir()
    (out / "notes.txt").write_text("the user's own notes", "utf-8")
    outcome = run("build", "--check", "--register", str(register_copy()), "--out", str(out),
                  "--lang", "en")
    user_error(outcome, f"{out}: holds files that climrisk did not write (notes.txt)",
               "would refuse to replace it", "move those files out")
    assert "to rebuild" not in outcome.err
    # That build does refuse such a folder: test_operator_mistakes.py's
    # test_build_into_a_foreign_folder.
    assert (out / "notes.txt").read_text("utf-8") == "the user's own notes"


def test_explain_without_a_build_names_the_build_of_that_folder(tmp_path: Path) -> None:
    out = tmp_path / "nowhere"
    outcome = run("explain", "e-2/TR-01/x/medium", "--out", str(out), "--no-recompute")
    user_error(outcome, f"no evidence file; run `climrisk build --out {out}` first")
