"""Each site's water stress comes from WRI Aqueduct 4.0's published rankings (province, else
country), the register's own value winning, and a site the table misses is not assessed."""

from __future__ import annotations

import csv
import datetime as dt
import tempfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from climrisk.engine import run
from climrisk.engine.coverage import NO_ENTRY
from climrisk.engine.water_stress import (
    FUTURE_OF_SSP,
    PERIODS,
    AqueductTable,
    Place,
    future_of,
)
from climrisk.errors import RegisterError
from climrisk.grids.scenarios import SCENARIOS
from climrisk.register.models import Register, SiteValues
from tests.engine.engine_synthetic import make_register

TABLE = AqueductTable.bundled()
PROVINCE_COLUMNS = ["gid_0", "gid_1", "name_0", "name_1", "year", "scenario", "indicator_name",
                    "weight", "score", "score_ranked", "cat", "label", "un_region", "wb_region"]


def test_beijing_by_hand_from_the_published_rows() -> None:
    # province_future_bws.csv, CHN.2_1 Beijing, bws Tot: scores 4.33 (2030 pes), 4.32 (2050
    # pes), 4.26 (2080 pes), all category 4 "Extremely High (>80%)"
    place, level = TABLE.place("CN", "Beijing")
    assert (level, place.name, place.code) == ("province", "Beijing", "CHN.2_1")
    assert place.path("ssp585") == ({2030: 4.0, 2050: 4.0, 2080: 4.0},
                                    "pessimistic (SSP5-8.5) projection")


def test_tianjin_differs_by_future_and_period() -> None:
    # CHN.27_1: opt scores 3.96 / 3.86 / 4.23 -> 3, 3, 4; bau 4.00 / 4.22 / 4.00 -> 4, 4, 3
    place, _ = TABLE.place("CN", "Tianjin")
    assert place.path("ssp126")[0] == {2030: 3.0, 2050: 3.0, 2080: 4.0}
    assert place.path("ssp370")[0] == {2030: 4.0, 2050: 4.0, 2080: 3.0}
    # SSP2-4.5 has no Aqueduct future and takes business as usual; NGFS Current Policies
    # takes its physical analogue's (SSP3-7.0), NZ2050 SSP1-2.6's
    assert place.path("ssp245")[0] == place.path("ssp370")[0]
    assert place.path("ngfs-cp")[0] == place.path("ssp370")[0]
    assert place.path("ngfs-nz2050")[0] == place.path("ssp126")[0]


def test_jiangsu_and_a_gadm_name_longer_than_the_register_s() -> None:
    # CHN.15_1 Jiangsu bau: 2.40 / 2.38 / 2.44 -> medium-high (2) throughout
    assert TABLE.place("CN", "Jiangsu")[0].path("ssp245")[0] == {2030: 2.0, 2050: 2.0, 2080: 2.0}
    # GADM names Ningxia "Ningxia Hui"; the register's "Ningxia" finds it (CHN.20_1)
    assert TABLE.place("CN", "Ningxia")[0].code == "CHN.20_1"


def test_a_province_the_table_lacks_falls_back_to_its_country_baseline() -> None:
    # country_baseline_bws.csv: DEU, bws Tot, category 2 (medium-high); no projection, held
    place, level = TABLE.place("DE", "Bayern")
    assert (level, place.name) == ("country", "Germany")
    assert place.path("ssp585") == ({PERIODS[0]: 2.0}, "baseline held (no projection in the table)")


def test_no_entry_is_none_and_a_scenario_without_ssp_takes_no_projection() -> None:
    assert TABLE.place("HK", "Hong Kong") == (None, "")
    assert TABLE.place(None, "Atlantis") == (None, "")
    assert future_of("my-own-scenario") is None
    path, why = TABLE.place("CN", "Beijing")[0].path("my-own-scenario")
    assert path is None and "no Aqueduct future" in why


def test_every_bundled_scenario_maps_by_its_physical_analogue() -> None:
    for s in SCENARIOS:
        assert future_of(s.id) == FUTURE_OF_SSP[s.physical_analogue]


def _with_site(register: Register, asset_id: str, **changes: object) -> Register:
    assets = []
    for a in register.assets:
        if a.id == asset_id:
            loc = a.location.model_copy(update=changes.pop("location", {}))
            a = a.model_copy(update={"location": loc, **changes})
        assets.append(a)
    return register.model_copy(update={"assets": assets})


def test_run_records_the_source_and_leaves_an_uncovered_site_not_assessed(grid) -> None:  # type: ignore[no-untyped-def]
    reg = _with_site(make_register(), "dc-sh",
                     location={"country": "HK", "province": "Hong Kong"})
    ds = run(reg, grid, samples=20, seed=1).dataset
    src = ds["data_source"].sel(driver="water_stress")
    bj = str(src.sel(asset="dc-bj", scenario="ssp585").values)
    assert bj.startswith("WRI Aqueduct 4.0") and "Beijing (CHN.2_1)" in bj
    assert "pessimistic (SSP5-8.5)" in bj
    assert (ds["not_assessed_reason"].sel(item="PR-02", asset="dc-sh") == NO_ENTRY).all()
    assert "province or country" in str(
        ds["not_assessed_text"].sel(item="PR-02", asset="dc-sh").values.flat[0])
    assert (src.sel(asset="dc-sh") == "").all()


def test_the_register_s_own_category_wins(grid) -> None:  # type: ignore[no-untyped-def]
    own = SiteValues(source="Beijing water authority basin study", date=dt.date(2024, 3, 1),
                     value=1.0)
    reg = _with_site(make_register(), "dc-bj", hazards={"water_stress": own})
    ds = run(reg, grid, samples=20, seed=1).dataset
    base = run(make_register(), grid, samples=20, seed=1).dataset
    src = ds["data_source"].sel(driver="water_stress", asset="dc-bj")
    assert (src == "site data: Beijing water authority basin study (2024-03-01)").all()
    cut = dict(item="PR-02", asset="dc-bj", channel="opex", scenario="ssp585", horizon="long",
               stat="mean")
    assert float(ds["amount"].sel(**cut)) < float(base["amount"].sel(**cut))


def _write(rows: list[dict[str, object]]) -> Path:
    path = Path(tempfile.mkdtemp()) / "province_future.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, PROVINCE_COLUMNS)
        w.writeheader()
        w.writerows(rows)
    return path


NAMES = st.text(alphabet=st.characters(whitelist_categories=("Lu", "Ll")), min_size=3,
                max_size=12)


@settings(max_examples=40, deadline=None)
@given(st.dictionaries(NAMES, st.lists(st.integers(0, 4), min_size=9, max_size=9),
                       min_size=1, max_size=5))
def test_loader_reads_back_what_a_wri_sheet_holds(table: dict[str, list[int]]) -> None:
    rows, want = [], {}
    for i, (name, cats) in enumerate(table.items()):
        combos = [(y, s) for y in PERIODS for s in ("opt", "bau", "pes")]
        for (year, scen), cat in zip(combos, cats, strict=True):
            rows.append({"gid_0": "CHN", "gid_1": f"CHN.{i}_1", "name_0": "China",
                         "name_1": name, "year": year, "scenario": scen, "indicator_name": "bws",
                         "weight": "Tot", "score": cat + 0.5, "score_ranked": 1, "cat": cat,
                         "label": "", "un_region": "", "wb_region": ""})
            # other weights and indicators of WRI's sheet are skipped, whatever they hold
            rows.append({**rows[-1], "weight": "Irr", "cat": "junk"})
        want[name] = {s: {y: float(c) for (y, s2), c in zip(combos, cats, strict=True) if s2 == s}
                      for s in ("opt", "bau", "pes")}
    got = AqueductTable.read(_write(rows), None)
    for name, future in want.items():
        place, level = got.place("CN", name)
        if sum(1 for n in table if n.casefold() == name.casefold()) == 1:
            assert level == "province" and place.future == future


@settings(max_examples=40, deadline=None)
@given(st.text(max_size=8), st.text(max_size=8), st.text(max_size=8))
def test_loader_refuses_a_bad_row_with_its_line(cat: str, year: str, scenario: str) -> None:
    row = {"gid_0": "CHN", "gid_1": "CHN.1_1", "name_0": "China", "name_1": "Anhui",
           "year": year, "scenario": scenario, "indicator_name": "bws", "weight": "Tot",
           "score": "", "score_ranked": "", "cat": cat, "label": "", "un_region": "",
           "wb_region": ""}
    path = _write([row])
    try:
        got = AqueductTable.read(path, None)
    except RegisterError as exc:
        assert f"{path}:2: " in str(exc)
    else:  # only a well-formed row reads
        assert year.strip() in {str(p) for p in PERIODS}
        assert scenario.strip() in {"opt", "bau", "pes"}
        place = got.provinces.get(("CHN", "anhui"))
        assert place is None or isinstance(place, Place)


def test_a_sheet_without_its_columns_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "country.csv"
    path.write_text("iso,value\nCHN,2\n", encoding="utf-8")
    with pytest.raises(RegisterError, match=r"country\.csv:1: gid_0, name_0.*column missing"):
        AqueductTable.read(None, path)


def test_no_data_and_arid_codes_give_no_category(tmp_path: Path) -> None:
    path = tmp_path / "country.csv"
    path.write_text("gid_0,name_0,indicator_name,weight,cat\nSGP,Singapore,bws,Tot,-9999\n"
                    "ATA,Antarctica,bws,Tot,-1\nCHN,China,bws,Tot,2\n", encoding="utf-8")
    table = AqueductTable.read(None, path)
    assert set(table.countries) == {"CHN"}
    assert np.isclose(table.countries["CHN"].baseline, 2.0)
