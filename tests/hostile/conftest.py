"""Shared pieces of the hostile-input corpus: a register copy to poison and a CLI runner.

Each case asserts the exact outcome: the exit code, the message, that no traceback leaked,
and that nothing the user had was lost. Most cases run in-process through typer's
``CliRunner``; only the fault-injection cases that kill a process use subprocesses.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pytest
from typer.testing import CliRunner

from climrisk.cli import app

REPO = Path(__file__).resolve().parents[2]
MINIMAL = REPO / "tests" / "data" / "registers" / "minimal"
TEXT_LINE = re.compile(r"^(\s*(?:en|zh-Hant):\s*)(.+)$", re.MULTILINE)


@dataclass(frozen=True)
class Outcome:
    """What a command did: its exit code and what it printed."""

    code: int
    out: str
    err: str

    @property
    def text(self) -> str:
        return self.out + self.err


@lru_cache(maxsize=1)
def small_grid() -> Path:
    """The engine tests' synthetic grid as a file: builds need no bundled default grid."""
    from tests.engine.engine_synthetic import make_grid

    path = Path(tempfile.mkdtemp(prefix="climrisk-hostile-")) / "grid.nc"
    make_grid().to_netcdf(path)
    return path


def run(*args: str) -> Outcome:
    """``climrisk *args`` in-process; a leaked exception fails the test with its traceback.

    ``build`` runs on the small synthetic grid unless a ``--grid`` is given.
    """
    argv = list(args)
    if argv[:1] == ["build"] and "--grid" not in argv:
        argv += ["--grid", str(small_grid())]
    result = CliRunner().invoke(app, argv)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    outcome = Outcome(result.exit_code, result.stdout, result.stderr)
    assert "Traceback" not in outcome.text
    return outcome


def user_error(outcome: Outcome, *fragments: str, code: int = 2) -> None:
    """Assert a one-line (plus hints) user error with ``code`` holding every fragment."""
    assert outcome.code == code, outcome.text
    errors = [line for line in outcome.err.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1, outcome.text  # one error line (warnings may come before it)
    for fragment in fragments:
        assert fragment in outcome.err, (fragment, outcome.err)


@pytest.fixture
def register_copy(tmp_path: Path) -> Callable[..., Path]:
    """A factory: a copy of the minimal register, optionally with every text replaced."""

    def make(texts: list[str] | None = None, name: str = "register") -> Path:
        root = tmp_path / name
        shutil.copytree(MINIMAL, root)
        if texts:
            count = iter(range(10**6))

            def poison(m: re.Match[str]) -> str:
                return m[1] + json.dumps(texts[next(count) % len(texts)], ensure_ascii=False)

            for path in sorted(root.rglob("*.yaml")):
                path.write_text(TEXT_LINE.sub(poison, path.read_text("utf-8")), "utf-8")
        return root

    return make


@pytest.fixture
def app_factory(monkeypatch: pytest.MonkeyPatch) -> Callable[[], object]:
    """A fresh AppTest of the app on the bundled default register."""
    from streamlit.testing.v1 import AppTest

    monkeypatch.delenv("CLIMRISK_REGISTER", raising=False)
    monkeypatch.delenv("CLIMRISK_GRID", raising=False)
    monkeypatch.chdir(REPO)
    return lambda: AppTest.from_file(str(REPO / "app.py"), default_timeout=180)
