"""Estimates reach the reader, and every published amount is traceable to its inputs."""

from __future__ import annotations

import json
import re

import pytest

from climrisk.disclosure.document import Document
from climrisk.disclosure.table import Number, Span, cell_text
from climrisk.engine.catalogue import catalogue
from climrisk.engine.parameters import ParameterSet
from climrisk.register import load_register

from .conftest import BUNDLED_OUT, run_cli

TR01_MEDIUM = "e-2/TR-01/operating-cost-increase/medium"


@pytest.fixture(scope="module")
def bundled_document() -> Document:
    from climrisk.disclosure.pipeline import default_grid_path, document_for, open_grid
    from climrisk.register import load_register

    grid = default_grid_path()
    return document_for(load_register(None), open_grid(grid), grid)


def _money_cells(doc: Document):  # type: ignore[no-untyped-def]
    for table in doc.tables:
        for row in table.rows:
            for col, cell in zip(table.columns, row, strict=True):
                if isinstance(cell, Number | Span) and col.unit is not None and "CNY" in col.unit.en:
                    yield table, col, cell


def test_no_money_cell_built_from_estimates_lacks_its_marker(bundled_document: Document) -> None:
    book = bundled_document.evidence
    cells = list(_money_cells(bundled_document))
    assert len(cells) > 300
    for table, col, cell in cells:
        assert cell.ref is not None, f"{table.id} {col.key}: money cell without evidence"
        rec = book.records[cell.ref]
        estimates = [i for g in rec.groups for i in book.groups[g].estimates]
        assert rec.estimate == bool(estimates)
        if estimates:
            assert cell.estimate
            for lang, mark in (("en", "(E)"), ("zh-Hant", "（估）")):
                assert cell_text(cell, lang).endswith(mark), (table.id, col.key, lang)


def test_markers_reach_every_format(bundled_files: dict[str, bytes]) -> None:
    md = bundled_files["en/disclosure.md"].decode()
    row = next(line for line in md.splitlines() if line.startswith("| TR-01 | Tightening") and "Medium term" in line)
    assert row.count("(E)") == 7  # one mean per scenario in e-4a
    csv = bundled_files["zh-Hant/tables/e-2-financial-effects.csv"].decode("utf-8-sig")
    assert "（估）" in csv
    html = bundled_files["en/disclosure.html"].decode()
    assert f'href="evidence.html#{TR01_MEDIUM}"' in html


def test_uncertainty_section_lists_each_estimate_behind_tr01_medium(
    bundled_document: Document,
) -> None:
    reg = load_register(None)
    item = reg.item("TR-01")
    params = ParameterSet.resolve(reg.parameters, reg.main.packs)
    specs = catalogue(reg.main.packs)
    expected: set[str] = set()
    for q in item.quantification:
        spec = specs[q.model]
        expected |= {p for p in spec.parameters if params[p].status == "estimate"}
        for asset in reg.resolve_assets(q.assets or item.assets):
            # every TR-01 model reads the sites' electricity
            if "electricity_mwh" in asset.estimates:
                expected.add(f"{asset.id} electricity_mwh")
    expected |= {"carbon_price"}  # an estimate in the bundled grid
    assert {"pue-compliance", "pilot-ets"} <= {q.model for q in item.quantification}
    rec = bundled_document.evidence.records[TR01_MEDIUM]
    behind = {i.name for g in rec.groups for i in bundled_document.evidence.groups[g].estimates}
    assert expected <= behind, expected - behind

    u1 = next(t for t in bundled_document.tables if t.id == "u-1")
    keys = [c.key for c in u1.columns]
    listed = {
        cell_text(r[keys.index("estimate")], "en"): cell_text(r[keys.index("basis")], "en")
        for r in u1.rows
        if cell_text(r[0], "en") == "TR-01"
    }
    assert behind <= set(listed), behind - set(listed)
    assert all(basis and basis != "—" for basis in listed.values())
    # each parameter row gives the range it is drawn from
    ranges = {
        cell_text(r[keys.index("estimate")], "en"): cell_text(r[keys.index("range")], "en")
        for r in u1.rows
        if cell_text(r[0], "en") == "TR-01"
    }
    p = params["ets_pilot_allocation_ratio"]
    assert ranges["ets_pilot_allocation_ratio"] == f"{p.low:g}–{p.high:g}"


def test_evidence_file_holds_inputs_with_file_and_line(bundled_files: dict[str, bytes]) -> None:
    data = json.loads(bundled_files["evidence.json"])
    rec = data["cells"][TR01_MEDIUM]
    group = data["groups"][rec["group"]]
    assert {m["model"] for m in group["models"]} == {"pue-compliance", "pilot-ets", "green-power"}
    assert all(m["formula"] for m in group["models"])
    where = {i["name"]: i["where"] for i in group["inputs"]}
    assert re.fullmatch(r"assets/bj-yizhuang\.yaml:\d+ \(electricity_mwh\)", where["bj-yizhuang electricity_mwh"])
    assert re.fullmatch(r"climrisk/data/parameters\.yaml:\d+", where["ets_pilot_allocation_ratio"])
    assert re.fullmatch(
        r"climrisk/packs/data_centers/parameters\.yaml:\d+", where["lease_pue_penalty"]
    )
    assert "parameters.yaml sha256" in data["provenance"]
    html = bundled_files["en/evidence.html"].decode()
    assert f'id="{TR01_MEDIUM}"' in html and "pass_through\": null" not in html


def test_explain_reproduces_a_tr01_cell_from_the_recorded_inputs() -> None:
    res = run_cli("explain", "e-4a/TR-01/medium/ngfs-nz2050", "--out", str(BUNDLED_OUT))
    assert res.returncode == 0, res.stderr
    out = res.stdout
    recorded = json.loads((BUNDLED_OUT / "evidence.json").read_text("utf-8"))["cells"][
        "e-4a/TR-01/medium/ngfs-nz2050"
    ]
    value = f"{recorded['value']:,.0f}"
    assert out.startswith(f"e-4a/TR-01/medium/ngfs-nz2050: {value} CNY thousand")
    assert "model pilot-ets:" in out and "model pue-compliance:" in out
    assert "assets/bj-yizhuang.yaml:" in out
    assert f"recomputed from the recorded inputs: {value} CNY thousand" in out
    assert "(matches the published amount)" in out


def test_explain_names_close_ids_for_a_typo() -> None:
    res = run_cli("explain", "e-2/TR-01/operating-cost-increase/mediun", "--out", str(BUNDLED_OUT))
    assert res.returncode != 0
    assert "did you mean e-2/TR-01/operating-cost-increase/medium" in res.stderr
