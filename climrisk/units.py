"""Quantities written with their unit: ``"1.29e6 ft²"`` for a floor area, ``"12.3 TWh"`` for a
year's generation. pint converts them to the unit the field or the pack declares, so a site in
Singapore or a plant reported in TWh enters as published, and a wrong kind of unit (an energy
given for an area) is an error at the field, never a silent number.

pint is imported only when a register writes a unit: a register of plain numbers never pays
for its registry.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from pydantic import BeforeValidator, WithJsonSchema

NUMBER = r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?"
WITH_UNIT = rf"^\s*{NUMBER}\s*[^\d\s.,+-].*$"
"""A number followed by a unit, as a register may write a quantity."""
_SPLIT = re.compile(rf"^\s*({NUMBER})\s*(\S.*?)\s*$")


@cache
def registry() -> Any:
    """The shared pint registry (building it takes a while, so once per process)."""
    import pint

    return pint.UnitRegistry()


def to_unit(value: object, unit: str) -> float:
    """``value`` in ``unit``: a number as it is, a ``"<number> <unit>"`` string converted.

    Raises ``ValueError`` saying what is wrong, then after ``"; write "`` how to write it (the
    register's error messages show that part as the hint).
    """
    if isinstance(value, bool):
        raise ValueError(f"expected a number in {unit}, not {value}")
    if isinstance(value, int | float):
        return float(value)
    if not isinstance(value, str):
        raise ValueError(f"expected a number in {unit} or a quantity such as '12 {unit}'")
    match = _SPLIT.match(value)
    if match is None or not re.match(WITH_UNIT, value):
        raise ValueError(f"'{value}' is not a number followed by a unit; write e.g. "
                         f"'12 {unit}' (no thousands separators, no arithmetic)")
    import pint

    ureg = registry()
    try:  # the unit alone goes to pint's unit parser: the number is never evaluated by it
        quantity = float(match.group(1)) * ureg.parse_units(match.group(2))
        target = ureg.parse_units(unit)
    except (pint.errors.PintError, ValueError, TypeError, SyntaxError, AttributeError):
        raise ValueError(f"'{value}': '{match.group(2)}' is not a unit pint knows; write e.g. "
                         f"'12 {unit}' or a plain number in {unit}") from None
    try:
        return float(f"{quantity.to(target).magnitude:.12g}")  # no conversion noise
    except pint.errors.DimensionalityError:
        raise ValueError(f"'{value}' is {_kind(quantity.dimensionality)}, not "
                         f"{_kind(target.dimensionality)} in {unit}; write a number in {unit} "
                         f"or a quantity of that kind with its unit") from None


def _kind(dimensionality: Any) -> str:
    """A dimensionality in words ("an energy"), pint's own notation where none fits."""
    words = {
        "[mass] * [length] ** 2 / [time] ** 2": "an energy",
        "[mass] * [length] ** 2 / [time] ** 3": "a power",
        "[length] ** 2": "an area",
        "[length] ** 3": "a volume",
        "[length]": "a length",
        "[mass]": "a mass",
        "[time]": "a time",
        "dimensionless": "a plain number",
    }
    text = str(dimensionality)
    return words.get(text, f"of dimension {text}")


def quantity_in(unit: str) -> list[Any]:
    """Pydantic metadata for a float field that also accepts a quantity with its unit."""
    return [
        BeforeValidator(lambda v: to_unit(v, unit) if isinstance(v, str) else v),
        WithJsonSchema({"anyOf": [{"type": "number"}, {"type": "string", "pattern": WITH_UNIT}],
                        "description": f"A number in {unit}, or a quantity with its unit "
                        f"(e.g. '12 {unit}'), converted to {unit}."}),
    ]
