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
