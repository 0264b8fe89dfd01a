"""Target status and the register's git tree id."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from climrisk.disclosure.provenance import git_tree_id
from climrisk.disclosure.targets import target_status
from climrisk.register.models import Target

from .conftest import EXAMPLE

BASE = {
    "id": "t",
    "name": {"en": "T", "zh-Hant": "T"},
    "metric": "pue",
    "objective": {"en": "O", "zh-Hant": "O"},
    "kind": "intensity",
    "direction": "at-most",
    "target_year": 2025,
    "target_value": 1.3,
}


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ({}, "not-yet-due"),
        ({"target_year": 2024}, "no-data"),
        ({"actuals": {2025: 1.29}}, "met"),
        ({"actuals": {2025: 1.31}}, "missed"),
        ({"actuals": {2024: 1.40}, "milestones": {2024: 1.35}}, "missed"),
        ({"actuals": {2024: 1.40}}, "in-progress"),
        ({"actuals": {2025: 1.31}, "direction": "at-least"}, "met"),
    ],
)
def test_target_status(extra: dict[str, object], expected: str) -> None:
    assert target_status(Target.model_validate({**BASE, **extra}), 2024) == expected


def test_tree_id_matches_git(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    subprocess.run(["cp", "-r", str(EXAMPLE), str(repo)], check=True)
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-qm", "example"], check=True)
    tree = subprocess.run(
        [*git, "rev-parse", "HEAD^{tree}"], check=True, capture_output=True, text=True
    ).stdout.strip()
    assert git_tree_id(repo) == tree
