"""Each register module imports on its own, whichever a command reaches first.

``models``, ``measures`` and ``comparatives`` complete ``Register`` between them; a cycle
among them broke ``climrisk schema --write`` once, which imports ``comparatives`` first.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import climrisk.register

MODULES = sorted(f"climrisk.register.{p.stem}" for p in
                 Path(climrisk.register.__file__).parent.glob("*.py") if p.stem != "__init__")


@pytest.mark.parametrize("module", MODULES)
def test_the_module_imports_first_in_a_fresh_interpreter(module: str) -> None:
    done = subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
