"""An item no hazard reaches reads "Not exposed" with its rule and sites, never "0"."""

from __future__ import annotations

import csv
import io


def _rows(files: dict[str, bytes], name: str) -> list[dict[str, str]]:
    text = files[f"en/tables/{name}.csv"].decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_pr03_reads_not_exposed_where_its_amounts_would_be(bundled_files: dict[str, bytes]) -> None:
    e1 = next(r for r in _rows(bundled_files, "e-1-risks-opportunities") if r["ID"] == "PR-03")
    assert [v for k, v in e1.items() if k.startswith("Quantified range")] == ["Not exposed"]
    e2 = [r for r in _rows(bundled_files, "e-2-financial-effects") if r["ID"] == "PR-03"]
    modelled = next(r for r in e2 if r["Basis"])
    anticipated = [v for k, v in modelled.items() if k.startswith("Anticipated") and v]
    assert anticipated and set(anticipated) == {"Not exposed"}
    assert modelled["Quantified"] == "No: not exposed (see note)"
    md = bundled_files["en/disclosure.md"].decode()
    assert "PR-03 is not exposed" in md and "ground elevation" in md
    assert "Tianjin Yixianyuan" in md.split("PR-03 is not exposed", 1)[1].split("\n", 1)[0]
    assert "PR-03未暴露" in bundled_files["zh-Hant/disclosure.md"].decode()
    # e-4a lists no scenario amounts for it
    assert not [r for r in _rows(bundled_files, "e-4a-scenario-results") if r.get("ID") == "PR-03"]
