"""Shared fixtures and options for the whole suite."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
BUNDLED_REGISTER = REPO / "registers" / "kingsoft-cloud"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="Rewrite golden files from the current output instead of comparing.",
    )


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    """Whether golden files are to be rewritten on purpose."""
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session", autouse=True)
def stored_runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One store of engine runs for the whole suite (the app and any server it starts),
    never the user's own cache."""
    folder = tmp_path_factory.mktemp("stored-runs")
    before = os.environ.get("CLIMRISK_CACHE_DIR")
    os.environ["CLIMRISK_CACHE_DIR"] = str(folder)
    yield folder
    if before is None:
        os.environ.pop("CLIMRISK_CACHE_DIR", None)
    else:
        os.environ["CLIMRISK_CACHE_DIR"] = before
