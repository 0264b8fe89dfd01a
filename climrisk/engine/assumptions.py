"""What-if knobs the app's sliders move; they scale model inputs, never the register."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Assumptions:
    """Scenario-independent sensitivities applied on top of the parameters.

    ``pass_through`` replaces the ``carbon_pass_through`` parameter when given; the discount
    rate turns each horizon's annual effect into a present value over the horizon's years.
    """

    carbon_price_multiplier: float = 1.0
    pue_sensitivity: float = 1.0
    pass_through: float | None = None
    electricity_price_multiplier: float = 1.0
    discount_rate: float = 0.08

    def __post_init__(self) -> None:
        for name in ("carbon_price_multiplier", "pue_sensitivity", "electricity_price_multiplier"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must not be negative")
        if self.pass_through is not None and not 0 <= self.pass_through <= 1:
            raise ValueError("pass_through must be between 0 and 1")
        if not -0.99 < self.discount_rate < 1:
            raise ValueError("discount_rate must be a yearly rate such as 0.08")

    def as_dict(self) -> dict[str, float | None]:
        """Plain values, for provenance attributes."""
        return asdict(self)
