"""e-3 shows each scenario's own warming, and its stated reasons agree with the numbers."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import xarray as xr

from climrisk.disclosure.document import Document, compose
from climrisk.disclosure.provenance import Provenance, git_tree_id
from climrisk.disclosure.table import cell_text
from climrisk.errors import InputWarning
from climrisk.grids.scenarios import MAPPING_ATTR, borrowed_from
from climrisk.register.models import Register
from tests.disclosure.conftest import EXAMPLE, synthetic_grid, synthetic_results

SCENARIOS = ["ssp126", "ssp245", "ngfs-nz2050"]


def _with_analogues(grid: xr.Dataset) -> xr.Dataset:
    """The grid as the bundled default writes it: NGFS scenarios hold their analogue's GSAT."""
    gsat = grid["gsat"].copy()
    gsat.loc[{"scenario": "ngfs-nz2050"}] = gsat.sel(scenario="ssp126").values
    gsat.attrs[MAPPING_ATTR] = "NGFS scenarios use physical_analogue"
    return grid.assign(gsat=gsat).assign_coords(
        physical_analogue=("scenario", ["ssp126", "ssp245", "ssp126"]),
        transition_analogue=("scenario", ["ngfs-b2c", "ngfs-ndc", "ngfs-nz2050"]),
    )


def _e3(register: Register, grid: xr.Dataset) -> dict[str, dict[str, str]]:
    doc: Document = compose(register, synthetic_results(register, SCENARIOS), grid,
                            Provenance(git_tree_id(EXAMPLE), {"title": "t"}, {}, 10, 1))
    table = next(t for t in doc.tables if t.id == "e-3")
    keys = [c.key for c in table.columns]
    out = {}
    for row in table.rows:
        cells = dict(zip(keys, row, strict=True))
        out[cell_text(cells["scenario"], "en")] = {
            k: "" if v is None else cell_text(v, "en") for k, v in cells.items()}
    return out


def test_the_warming_is_the_mean_of_the_last_twenty_years(example_register: Register) -> None:
    grid = synthetic_grid(SCENARIOS)
    rows = _e3(example_register, grid)
    # The synthetic GSAT is 1.2 + ramp * 0.6 for ssp126, ramp = (year - 2025) / 75:
    # its 2081-2100 mean is 1.2 + 0.6 * (mean of 56..75) / 75 = 1.2 + 0.6 * 65.5 / 75.
    expected = 1.2 + 0.6 * 65.5 / 75
    assert rows["ssp126"]["warming"] == f"{expected:.1f}"
    assert expected == pytest.approx(float(
        grid["gsat"].sel(scenario="ssp126", quantile=0.5, year=slice(2081, 2100)).mean()))


def test_an_analogue_copy_is_not_shown_as_the_scenarios_own(example_register: Register) -> None:
    rows = _e3(example_register, _with_analogues(synthetic_grid(SCENARIOS)))
    ngfs = rows["ngfs-nz2050"]
    assert ngfs["warming"] == "" and ngfs["warming_range"] == ""
    assert ngfs["paris"] == "Not determined"
    assert ngfs["borrowed"] == "physical from SSP126"
    assert rows["ssp126"]["warming"] != ""
    assert rows["ssp126"]["borrowed"] == "transition from ngfs-b2c"


def test_borrowed_from_reads_the_grids_own_statement() -> None:
    attrs = {MAPPING_ATTR: "NGFS scenarios use physical_analogue"}
    assert borrowed_from(attrs, "ngfs-dt") == "ssp126"
    assert borrowed_from(attrs, "ssp245") is None
    assert borrowed_from({}, "ngfs-dt") is None


def test_a_reason_quoting_other_warming_is_warned_where_it_is(
        example_register: Register) -> None:
    scenarios = example_register.main.scenario_analysis.scenarios
    why = scenarios[0].why
    wrong = why.model_copy(update={"en": "A pathway of about 3.5 °C by 2100."})
    changed = example_register.model_copy(deep=True)
    changed.main.scenario_analysis.scenarios[0] = scenarios[0].model_copy(update={"why": wrong})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", InputWarning)
        _e3(changed, synthetic_grid(SCENARIOS))
    said = [str(w.message) for w in caught if issubclass(w.category, InputWarning)]
    assert len(said) == 1, said
    assert "register.yaml" in said[0] and "scenario_analysis.scenarios.0.why.en" in said[0]
    assert "3.5 °C" in said[0] and "1.7 °C" in said[0]


def test_a_reason_that_agrees_is_not_warned(example_register: Register) -> None:
    scenarios = example_register.main.scenario_analysis.scenarios
    right = scenarios[0].why.model_copy(update={"en": "About 1.7 °C by 2100."})
    changed = example_register.model_copy(deep=True)
    changed.main.scenario_analysis.scenarios[0] = scenarios[0].model_copy(update={"why": right})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", InputWarning)
        _e3(changed, synthetic_grid(SCENARIOS))
    assert not [w for w in caught if issubclass(w.category, InputWarning)]


def test_the_bundled_reasons_agree_with_the_bundled_warming() -> None:
    """SSP1-2.6, SSP2-4.5 and SSP5-8.5 quote 1.8, 2.7 and 4.4 °C: AR6's 2081-2100 figures."""
    from climrisk.disclosure.scenario_definitions import QUOTED_WARMING
    from climrisk.grids import warming
    from climrisk.register import load_register

    reg = load_register(None)
    gsat, _ = warming.gsat()
    for s in reg.main.scenario_analysis.scenarios:
        quoted = [float(v) for v in QUOTED_WARMING.findall(s.why.en)]
        if not quoted or s.id not in gsat["scenario"].values:
            continue
        own = float(gsat.sel(scenario=s.id, quantile=0.5, year=slice(2081, 2100)).mean())
        assert np.allclose(quoted, own, atol=0.15), (s.id, quoted, own)
