"""Quantities written with their unit (pint): a floor area in square feet, a plant's generation
in TWh and its water in megalitres enter in the units the engine uses; a wrong kind of unit is
an error at the field, with the unit expected."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from climrisk.errors import RegisterError
from climrisk.packs import all_packs
from climrisk.register import load_register
from climrisk.units import registry, to_unit

REGISTERS = Path(__file__).resolve().parents[2] / "registers"


def test_every_pack_attribute_unit_is_a_unit_pint_reads() -> None:
    ureg = registry()
    for pack in all_packs().values():
        for name, spec in pack.spec.attributes.items():
            assert ureg.parse_units(spec.unit) is not None, (pack.id, name)


def test_conversions_by_hand() -> None:
    assert to_unit(5, "MWh") == 5.0
    assert to_unit("12.3 TWh", "MWh") == 12_300_000.0
    assert to_unit("1000 ft²", "m²") == pytest.approx(92.90304)  # 0.3048² per ft²
    assert to_unit("2 megaliter", "m³") == 2000.0
    with pytest.raises(ValueError, match="is an energy, not an area in m²"):
        to_unit("3 kWh", "m²")
    with pytest.raises(ValueError, match="not a unit pint knows"):
        to_unit("12 bananas", "m²")


def _property(tmp_path: Path, old: str, new: str) -> Path:
    root = tmp_path / "reg"
    shutil.copytree(REGISTERS / "hk-property", root)
    path = root / "assets" / "sg-office.yaml"
    text = path.read_text("utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), "utf-8")
    return root


def test_a_floor_area_in_square_feet_is_converted_to_the_packs_unit(tmp_path: Path) -> None:
    plain = load_register(REGISTERS / "hk-property").asset("sg-office")
    area = plain.attributes["floor_area_m2"]
    feet = f'"{area / 0.3048 ** 2:.6f} ft²"'
    reg = load_register(_property(tmp_path, f"floor_area_m2: {area:g}", f"floor_area_m2: {feet}"))
    assert reg.asset("sg-office").attributes["floor_area_m2"] == pytest.approx(area, rel=1e-9)


def test_an_area_given_as_energy_is_located_with_the_unit_expected(tmp_path: Path) -> None:
    area = load_register(REGISTERS / "hk-property").asset("sg-office").attributes["floor_area_m2"]
    root = _property(tmp_path, f"floor_area_m2: {area:g}", 'floor_area_m2: "40 GWh"')
    with pytest.raises(RegisterError) as err:
        load_register(root)
    (problem,) = [p for p in err.value.problems if "floor_area_m2" in p.field]
    assert problem.path.endswith("sg-office.yaml") and problem.line is not None
    assert "is an energy, not an area in m²" in problem.message
    assert "m²" in (problem.hint or "")


def test_electricity_in_gwh_is_read_as_mwh(tmp_path: Path) -> None:
    plain = load_register(REGISTERS / "hk-property").asset("sg-office").electricity_mwh
    root = _property(tmp_path, f"electricity_mwh: {plain:g}",
                     f'electricity_mwh: "{plain / 1000:g} GWh"')
    assert load_register(root).asset("sg-office").electricity_mwh == pytest.approx(plain)


@pytest.mark.parametrize("text", ["120,000 MWh", "1 2 MWh", "120 000 MWh", "2*3 MWh",
                                  "(1+2) MWh", "5", "7 MWh*2"])
def test_a_quantity_is_never_evaluated_as_arithmetic(text: str) -> None:
    with pytest.raises(ValueError):  # pint alone would read '1 2 MWh' as 2 MWh
        to_unit(text, "MWh")
