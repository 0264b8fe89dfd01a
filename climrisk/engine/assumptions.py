"""What-if knobs the app's sliders move; they scale model inputs, never the register."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class Assumptions:
    """Scenario-independent sensitivities applied on top of the parameters.

    ``pass_through`` replaces the ``carbon_pass_through`` parameter when given; the discount
    rate turns each horizon's annual effect into a present value over the horizon's years
    (``None``: the register's own rate, ``valuation.discount_rate``).
    ``knobs`` holds the what-if knobs industry packs declare (``pue_sensitivity`` of the
    data-centers pack), by name; a knob not given takes its pack's default.
    """

    carbon_price_multiplier: float = 1.0
    pass_through: float | None = None
    electricity_price_multiplier: float = 1.0
    discount_rate: float | None = None
    knobs: Mapping[str, float] | tuple[tuple[str, float], ...] = ()

    def __post_init__(self) -> None:
        for name in ("carbon_price_multiplier", "electricity_price_multiplier"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must not be negative")
        # A sorted tuple keeps the dataclass hashable, so caches can key on it.
        object.__setattr__(self, "knobs", tuple(sorted(dict(self.knobs).items())))
        for name, value in dict(self.knobs).items():
            spec = knob_spec(name)
            if not spec.minimum <= value <= spec.maximum:
                raise ValueError(f"{name} must be between {spec.minimum:g} and {spec.maximum:g}")
        if self.pass_through is not None and not 0 <= self.pass_through <= 1:
            raise ValueError("pass_through must be between 0 and 1")
        if self.discount_rate is not None and not -0.99 < self.discount_rate < 1:
            raise ValueError("discount_rate must be a yearly rate such as 0.08")

    def knob(self, name: str) -> float:
        """A pack knob's value: as given, else the pack's default."""
        return float(dict(self.knobs).get(name, knob_spec(name).default))

    def as_dict(self) -> dict[str, Any]:
        """Plain values, for provenance attributes."""
        out = asdict(self)
        out["knobs"] = dict(self.knobs)
        return out


def knob_spec(name: str) -> Any:
    """The declaration of a pack knob; an unknown name is an error."""
    from climrisk.packs import all_packs

    for pack in all_packs().values():
        if name in pack.spec.knobs:
            return pack.spec.knobs[name]
    raise ValueError(f"unknown what-if knob {name!r}")
