"""The reconciliation gate: `climrisk build` refuses while management and the model disagree.

The example register's PR-01 is rated Low by the engine on the bundled grid; management's
level is set to High here, two steps from agreement on a two-band scale with no tolerance.
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

from .conftest import EXAMPLE, run_cli

RECONCILIATION = """  reconciliation:
    outcome: management
    explanation:
      en: The site flooded in two recent summers, which the present-day depth profile misses.
      zh-Hant: 近年兩個夏季站點均曾水浸，現時的水深資料未反映此情況。
    by: Risk committee
    on: 2025-04-01
"""


def _contradicting_register(tmp_path: Path) -> Path:
    reg = tmp_path / "register"
    shutil.copytree(EXAMPLE, reg)
    item = reg / "items" / "PR-01.yaml"
    item.write_text(
        item.read_text(encoding="utf-8").replace("  level: low\n", "  level: high\n"),
        encoding="utf-8",
    )
    return reg


def test_build_refuses_naming_the_item_then_builds_once_reconciled(tmp_path: Path) -> None:
    reg = _contradicting_register(tmp_path)
    out = tmp_path / "out"
    refused = run_cli("build", "--register", str(reg), "--out", str(out), "--lang", "en")
    assert refused.returncode == 1
    assert "items/PR-01.yaml:" in refused.stderr and "conclusion.level" in refused.stderr
    assert "PR-01: management's level High and the model's Low" in refused.stderr
    assert "conclusion.reconciliation" in refused.stderr
    assert not out.exists(), "a refused build writes nothing"

    item = reg / "items" / "PR-01.yaml"
    text = item.read_text(encoding="utf-8")
    marker = "  approved_on: 2025-03-31\n"
    item.write_text(text.replace(marker, marker + RECONCILIATION), encoding="utf-8")
    built = run_cli("build", "--register", str(reg), "--out", str(out), "--lang", "en")
    assert built.returncode == 0, built.stderr

    rows = list(
        csv.DictReader(
            io.StringIO(
                (out / "en" / "tables" / "e-1-risks-opportunities.csv").read_text("utf-8-sig")
            )
        )
    )
    pr01 = next(r for r in rows if r["ID"] == "PR-01")
    assert pr01["Rating (reconciled)"] == "High"
    basis = pr01["Basis of the rating"]
    assert basis.startswith("Management's level retained over the model's Low")
    assert "which the present-day depth profile misses" in basis
    assert "(Risk committee, 2025-04-01)" in basis


def test_tolerance_accepts_a_difference_within_it(tmp_path: Path) -> None:
    reg = _contradicting_register(tmp_path)
    main = reg / "register.yaml"
    text = main.read_text(encoding="utf-8")
    main.write_text(
        text.replace("scales:\n", "scales:\n  conventions:\n    tolerance_bands: 1\n", 1),
        encoding="utf-8",
    )
    built = run_cli("build", "--register", str(reg), "--out", str(tmp_path / "o"), "--lang", "en")
    assert built.returncode == 0, built.stderr
