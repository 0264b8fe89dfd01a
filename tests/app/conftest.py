"""AppTest helpers: the app file, a fresh app per test, and register zips for uploads."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

REPO = Path(__file__).resolve().parents[2]
APP = str(REPO / "app.py")
MINIMAL = REPO / "tests" / "data" / "registers" / "minimal"


@pytest.fixture
def app(monkeypatch: pytest.MonkeyPatch) -> Callable[[], AppTest]:
    """A factory for an app on the bundled default, with no configuration at all."""
    monkeypatch.delenv("CLIMRISK_REGISTER", raising=False)
    monkeypatch.delenv("CLIMRISK_GRID", raising=False)
    monkeypatch.chdir(REPO)

    def make() -> AppTest:
        return AppTest.from_file(APP, default_timeout=120)

    return make


def zip_register(root: Path, edit: Callable[[str, str], str] | None = None,
                 folder: str = "upload") -> bytes:
    """A zip of the register in ``root`` under ``folder/``, with ``edit(name, text)`` applied."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(root.rglob("*.yaml")):
            rel = path.relative_to(root).as_posix()
            text = path.read_text(encoding="utf-8")
            archive.writestr(f"{folder}/{rel}", edit(rel, text) if edit else text)
    return buffer.getvalue()
