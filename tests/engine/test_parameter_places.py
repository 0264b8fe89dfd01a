"""Parameters by place: a city's PUE rule is data in ``parameters.yaml``, the most specific
selector wins, place values share the parameter's random numbers, and the disclosure's u-2
table shows each value with the sites it reached."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import numpy as np
import pytest

from climrisk.disclosure.pipeline import render
from climrisk.engine import run
from climrisk.engine.assumptions import Assumptions
from climrisk.engine.parameters import ParameterSet, specificity
from climrisk.errors import RegisterError
from climrisk.grids import open_default
from climrisk.register import load_register
from climrisk.register.models import Parameter, ParameterOverride

MINIMAL = Path(__file__).resolve().parents[1] / "data" / "registers" / "minimal"

LEASE = """\
schema_version: 1
parameters:
  lease_pue_penalty:
    value: 0.3
    low: 0.1
    high: 0.5
    unit: CNY per kWh
    source: test lease terms
    status: estimate
"""
NO_WARMING = Assumptions(knobs={"pue_sensitivity": 0.0})  # PUE stays at its reported value
SHENZHEN_RULE = """\
by:
  pue_rule_limit:
    - {where: "city:Shenzhen", value: 1.3, source: test rule, status: estimate}
  pue_surcharge_low:
    - {where: "city:Shenzhen", value: 0.3, source: test rule, status: estimate}
"""


def _place(where: str, value: float) -> ParameterOverride:
    return ParameterOverride(where=where, value=value, source="t", status="estimate")


def _param(value: float, *by: ParameterOverride, low: float | None = None,
           high: float | None = None) -> Parameter:
    return Parameter(value=value, low=low, high=high, unit="u", source="t", status="estimate",
                     by=list(by))


def test_the_most_specific_selector_wins_then_the_later_one() -> None:
    assert [specificity(w, {"data-centers"}) for w in
            ("dc-1", "city:X", "province:X", "region:r", "country:HK", "kind:k",
             "data-centers", "all")] == [5, 4, 3, 3, 2, 1, 1, 0]
    ps = ParameterSet.resolve({"pue_per_degc": _param(
        0.005, _place("kind:k", 2), _place("city:A", 3), _place("a1", 4), _place("kind:k", 5),
        low=0.001, high=0.015)}, ["data-centers"])
    picks = {"kind:k": ["a1", "a2", "a3"], "city:A": ["a1", "a2"], "a1": ["a1"]}
    which = ps.assignment(["pue_per_degc"], ["a1", "a2", "a3", "a4"],
                          lambda w: picks.get(w, []))["pue_per_degc"]
    values = [v.value for v in ps.variants("pue_per_degc")]
    assert [values[k] for k in which] == [4, 3, 5, 0.005]  # id > city > kind (later) > own


def test_a_register_place_replaces_the_packs_value_at_the_same_selector() -> None:
    ps = ParameterSet.resolve({}, ["data-centers"])
    assert [pl.override.where for pl in ps.places["pue_surcharge_low"]] == ["province:Beijing"]
    from climrisk.register.models import ParametersFile

    mine = ParametersFile(schema_version=1, by={"pue_surcharge_low": [
        _place("province:Beijing", 0.25), _place("city:Shanghai", 0.1)]})
    ps = ParameterSet.resolve(mine, ["data-centers"])
    got = [(pl.override.where, pl.override.value, pl.origin)
           for pl in ps.places["pue_surcharge_low"]]
    assert got == [("province:Beijing", 0.25, "register"), ("city:Shanghai", 0.1, "register")]
    assert "pue_surcharge_low" not in ps.overridden  # its own value is still the pack's


def test_place_values_share_the_parameters_random_numbers() -> None:
    p = _param(0.5, _place("city:A", 2.0), low=0.2, high=1.0)
    p.by.append(ParameterOverride(where="city:B", value=4.0, low=3.0, high=6.0, source="t",
                                  status="estimate"))
    ps = ParameterSet.resolve({"carbon_pass_through": p})
    plain = ps.draw(["carbon_pass_through"], 500, 7)["carbon_pass_through"]
    both = ps.draw(["carbon_pass_through"], 500, 7, with_places=True)["carbon_pass_through"]
    assert both.shape == (500, 3)
    np.testing.assert_array_equal(both[:, 0], plain)  # no change for the parameter itself
    assert np.all(both[:, 1] == 2.0)
    assert 3.0 <= both[:, 2].min() and both[:, 2].max() <= 6.0
    # one uniform number per sample: the ranks agree across places
    np.testing.assert_array_equal(np.argsort(both[:, 0]), np.argsort(both[:, 2]))


@pytest.fixture(scope="module")
def grid():  # type: ignore[no-untyped-def]
    return open_default()


def _register(tmp: Path, *texts: str) -> Path:
    root = tmp / "reg"
    shutil.copytree(MINIMAL, root)
    (root / "items" / "TR-02.yaml").write_text(
        (root / "items" / "TR-01.yaml").read_text("utf-8")
        .replace("id: TR-01", "id: TR-02")
        .replace("model: carbon-cost", "model: pue-compliance"), "utf-8")
    (root / "parameters.yaml").write_text("".join(texts), "utf-8")
    return root


def test_a_city_rule_in_the_register_costs_what_a_hand_calculation_gives(
    tmp_path: Path, grid  # type: ignore[no-untyped-def]
) -> None:
    base = run(load_register(_register(tmp_path / "a", LEASE)), grid, NO_WARMING, samples=20,
               seed=1)
    ruled = run(load_register(_register(tmp_path / "b", LEASE, SHENZHEN_RULE)), grid,
                NO_WARMING, samples=20, seed=1)

    def cost(res, asset: str) -> np.ndarray:  # type: ignore[no-untyped-def]
        return res.dataset["amount"].sel(item="TR-02", asset=asset, stat="mean").sum("channel")

    # dc-south (Shenzhen): 60,000 MWh at PUE 1.45 against a 1.3 limit, 0.3 CNY/kWh over it
    hand = 60_000 * 1000 * (1.45 - 1.3) / 1.45 * 0.3
    np.testing.assert_allclose(cost(ruled, "dc-south") - cost(base, "dc-south"), hand,
                               rtol=1e-9)
    # Beijing's rule is the pack's data: dc-north (PUE 1.3) is under its 1.35 limit either way
    np.testing.assert_allclose(cost(ruled, "dc-north"), cost(base, "dc-north"))
    assert float(cost(base, "dc-north").max()) == 0.0


def test_u2_lists_each_value_with_the_sites_it_reached(tmp_path: Path) -> None:
    root = _register(tmp_path, LEASE, SHENZHEN_RULE)
    files = render(root, None, ["en"], samples=20)
    rows = list(csv.DictReader(io.StringIO(
        files["en/tables/u-2-parameter-places.csv"].decode("utf-8-sig"))))
    by = {(r["Parameter"], r["Applies to"]): r for r in rows}
    assert by[("pue_surcharge_low", "city:Shenzhen")]["Sites"] == "dc-south"
    assert by[("pue_surcharge_low", "city:Shenzhen")]["Recorded at"].startswith(
        "parameters.yaml:")
    assert by[("pue_surcharge_low", "province:Beijing")]["Sites"] == "dc-north"
    assert by[("pue_surcharge_low", "province:Beijing")]["Value"].startswith("0.2 ")
    assert by[("lease_pue_penalty", "Every site")]["Value"].startswith("0.3 ")  # the register's
    assert ("pue_rule_limit", "All other sites") not in by  # every site has a place value


@pytest.mark.parametrize(
    ("text", "line", "message", "hint"),
    [
        ('by:\n  pue_surcharge_low:\n    - {where: "city:Shenzen", value: 0.3, source: t, '
         'status: estimate}\n', 4, "'city:Shenzen' matches no asset", "selector"),
        ('by:\n  pue_surcharge_lo:\n    - {where: "city:Shenzhen", value: 0.3, source: t, '
         'status: estimate}\n', 3, "unknown parameter 'pue_surcharge_lo'",
         "did you mean 'pue_surcharge_low'?"),
        ('by:\n  pue_surcharge_low:\n    - {where: "city:Shenzhen", value: -1, source: t, '
         'status: estimate}\n', 4, "pue_surcharge_low cannot be negative",
         "published range"),
    ],
)
def test_a_bad_place_value_is_located_with_a_hint(tmp_path: Path, text: str, line: int,
                                                  message: str, hint: str) -> None:
    root = _register(tmp_path, "schema_version: 1\n", text)
    with pytest.raises(RegisterError) as err:
        load_register(root)
    found = [p for p in err.value.problems if message in p.message]
    assert found, [p.message for p in err.value.problems]
    assert found[0].path.endswith("parameters.yaml") and found[0].line == line
    assert hint in (found[0].hint or "")


def test_the_real_estate_pack_gives_wind_vulnerability_by_occupancy() -> None:
    from climrisk.engine.physical.wind import emanuel_damage
    from climrisk.register.terms import kind_groups

    reg = load_register(Path(__file__).resolve().parents[2] / "registers" / "hk-property")
    shed = reg.assets[0].model_copy(update={"id": "shed", "kind": "logistics"})
    reg = reg.model_copy(update={"assets": [*reg.assets, shed]})
    ps = ParameterSet.resolve(reg.parameters, reg.main.packs)
    ids = [a.id for a in reg.assets]
    which = ps.assignment(["tc_v_half"], ids,
                          lambda w: (a.id for a in reg.resolve_assets([w])),
                          kind_groups(reg.main.packs))["tc_v_half"]
    v_half = np.array([v.value for v in ps.variants("tc_v_half")])[which]
    assert dict(zip(ids, v_half, strict=True))["shed"] == 80.2
    kinds = [a.kind for a in reg.assets]
    assert {v for k, v in zip(kinds, v_half, strict=True) if k != "logistics"} == {112.8}
    assert {v for k, v in zip(kinds, v_half, strict=True) if k == "logistics"} == {80.2}
    # at 60 m/s the published damage ratios: 0.1995 (RMSF, 80.2) and 0.0576 (TDR, 112.8)
    np.testing.assert_allclose(emanuel_damage(60.0, v_half[[-1, 0]]), [0.1995, 0.0576],
                               atol=5e-5)
