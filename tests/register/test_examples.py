"""The example registers of other industries and countries validate, score and build in both
languages, and a register without a data center never mentions data-center concepts."""

from __future__ import annotations

from pathlib import Path

import pytest

from climrisk.disclosure.outputs import render_files
from climrisk.disclosure.pipeline import document_for
from climrisk.engine import run
from climrisk.grids.sets import open_scenarios
from climrisk.register import load_register

REGISTERS = Path(__file__).resolve().parents[2] / "registers"
EXAMPLES = ("hk-power-utility", "hk-property")
DATA_CENTER_WORDS = ("PUE", "WUE", "IT load", "it_load", "data center", "data centre",
                     "Data center", "數據中心")


@pytest.fixture(scope="module")
def grid():  # type: ignore[no-untyped-def]
    return open_scenarios().grid  # the bundled default: worldwide layer under the regional


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_validates_scores_and_builds_without_data_center_words(
    name: str, grid  # type: ignore[no-untyped-def]
) -> None:
    reg = load_register(REGISTERS / name)
    assert "data-centers" not in reg.main.packs
    res = run(reg, grid, samples=100, seed=1)
    assert float(res.dataset["item_total"].sel(stat="mean").sum()) > 0
    # what `climrisk build` writes, on the grid already open (one handle per process)
    files = render_files(document_for(reg, grid, None, samples=100, results=res),
                         ["en", "zh-Hant"])
    texts = {p: b.decode("utf-8") for p, b in files.items()
             if str(p).endswith((".md", ".csv", ".json", ".html"))}
    assert any(str(p).startswith("en/") for p in texts)
    assert any(str(p).startswith("zh-Hant/") for p in texts)
    found = {(str(p), w) for p, t in texts.items() for w in DATA_CENTER_WORDS if w in t}
    assert not found, sorted(found)[:5]


def test_sites_outside_the_grid_are_not_assessed_not_fatal(grid) -> None:  # type: ignore[no-untyped-def]
    reg = load_register(REGISTERS / "hk-power-utility")
    res = run(reg, grid, samples=100, seed=1, scenarios=["ngfs-nz2050"])
    reason = res.dataset["not_assessed_reason"].sel(scenario="ngfs-nz2050")
    # the bundled default holds no fuel prices: the fuel-price item is not assessed anywhere
    assert set(reason.sel(item="TR-04", asset=["castle-peak", "black-point"]).values) == {
        "no_variable"}
    reason = reason.drop_sel(item="TR-04")
    gaps = {str(a) for a in reason["asset"].values if (reason.sel(asset=a) != "").any()}
    assert gaps <= {"yallourn"}  # the worldwide layer now covers the Australian plant
    assert set(reason.sel(asset="yallourn").values.tolist()) <= {"", "outside", "masked"}
    carbon = res.dataset["amount"].sel(item="TR-01", asset="yallourn", stat="mean")
    assert float(carbon.sum()) > 0  # scenario-path models still score the Australian plant
