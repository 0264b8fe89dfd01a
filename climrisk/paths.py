"""Where bundled data lives, in a source checkout and in an installed wheel alike."""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
REPO = PACKAGE.parent


def bundled(name: str) -> Path:
    """A top-level data folder (``registers``, ``scenarios``, ``disclosures``) of the project.

    A source checkout (the editable install the README uses) keeps them beside the package;
    a wheel carries them under ``climrisk/_bundled``.
    """
    in_repo = REPO / name
    if in_repo.exists():
        return in_repo
    return PACKAGE / "_bundled" / name


def package_data(name: str) -> Path:
    """A file shipped inside the package (``climrisk/data``)."""
    return PACKAGE / "data" / name
