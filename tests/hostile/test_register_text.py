"""Register files with bidi controls: refused with the file, line and column of the character."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from climrisk.escaping import BIDI_CONTROLS
from tests.hostile.conftest import run


@pytest.mark.parametrize("char", sorted(BIDI_CONTROLS))
def test_bidi_control_is_refused_with_its_position(
    register_copy: Callable[..., Path], char: str
) -> None:
    root = register_copy()
    path = root / "items" / "PR-01.yaml"
    text = path.read_text("utf-8")
    line_no = next(n for n, ln in enumerate(text.splitlines(), 1) if ln.strip().startswith("en:"))
    lines = text.splitlines()
    col = lines[line_no - 1].index("en:") + len("en: ") + 1
    lines[line_no - 1] = lines[line_no - 1][: col - 1] + char + lines[line_no - 1][col - 1 :]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    outcome = run("validate", str(root))
    assert outcome.code == 1
    assert f"PR-01.yaml:{line_no}:{col}: bidirectional control character U+{ord(char):04X}" \
        f" is not allowed" in outcome.err
    assert char not in outcome.text


@pytest.mark.parametrize(("length", "refused"), [(20_000, False), (20_001, True),
                                                 (100_000, True)])
def test_very_long_text_is_refused_where_it_is(register_copy: Callable[..., Path], length: int,
                                                refused: bool) -> None:
    root = register_copy()
    path = root / "items" / "PR-01.yaml"
    text = path.read_text("utf-8")
    path.write_text(text.replace("  en: Flooding of data centers", f"  en: {'F' * length}", 1),
                    "utf-8")
    outcome = run("validate", str(root))
    if not refused:
        assert outcome.code == 0, outcome.text
        return
    assert outcome.code == 1
    line = next(n for n, ln in enumerate(path.read_text("utf-8").splitlines(), 1)
                if "FFFF" in ln)
    assert f"PR-01.yaml:{line}:3: title.en: text of {length:,} characters; a register " \
        "text holds at most 20,000" in outcome.err
