"""A site's own hazard values are checked where they are written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from climrisk.errors import RegisterError
from climrisk.paths import bundled
from climrisk.register import load_register

SITE = """\
id: hk-dc
name: {en: "Hong Kong data center", zh-Hant: "香港數據中心"}
kind: leased-data-center
ownership: leased
location: {lat: 22.36, lon: 114.13, elevation_m: 30, city: Hong Kong, province: Hong Kong}
grid_region: south-china
electricity_mwh: 1000
replacement_value: 50000000
revenue_dependency: 0.05
attributes: {pue: 1.4, it_load_mw: 2, wue: 1.5}
lease: {lessor: Test lessor}
hazards:
HAZARDS
"""


def _register(tmp_path: Path, hazards: str) -> Path:
    root = tmp_path / "reg"
    shutil.copytree(bundled("registers") / "kingsoft-cloud", root)
    (root / "assets" / "hk-dc.yaml").write_text(SITE.replace("HAZARDS", hazards),
                                                encoding="utf-8")
    return root


def test_site_values_load(tmp_path: Path) -> None:
    reg = load_register(_register(tmp_path, """\
  hot_days:
    source: Hong Kong Observatory, projected very hot days (2024)
    date: 2024-03-01
    by_scenario:
      ssp245: {2024: 30, 2050: 45}
"""))
    site = next(a for a in reg.assets if a.id == "hk-dc")
    assert site.hazards["hot_days"].by_scenario == {"ssp245": {2024: 30.0, 2050: 45.0}}


def test_an_unknown_variable_gets_did_you_mean_where_it_is(tmp_path: Path) -> None:
    with pytest.raises(RegisterError) as err:
        load_register(_register(tmp_path, """\
  hot_day:
    source: Hong Kong Observatory (2024)
    date: 2024-03-01
    value: 30
"""))
    said = "\n".join(map(str, err.value.problems))
    assert "assets/hk-dc.yaml:13" in said and "no model reads 'hot_day' at a site" in said
    assert "did you mean 'hot_days'" in said


def test_an_unknown_scenario_is_refused(tmp_path: Path) -> None:
    with pytest.raises(RegisterError) as err:
        load_register(_register(tmp_path, """\
  hot_days:
    source: Hong Kong Observatory (2024)
    date: 2024-03-01
    by_scenario:
      ssp254: {2050: 45}
"""))
    said = "\n".join(map(str, err.value.problems))
    assert "scenario 'ssp254' is not analysed" in said and "ssp245" in said


def test_both_forms_are_refused(tmp_path: Path) -> None:
    with pytest.raises(RegisterError) as err:
        load_register(_register(tmp_path, """\
  hot_days:
    source: Hong Kong Observatory (2024)
    date: 2024-03-01
    value: 30
    by_scenario:
      ssp245: {2050: 45}
"""))
    assert "give either value" in "\n".join(map(str, err.value.problems))
