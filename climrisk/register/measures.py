"""``measures.yaml``: quantified responses (adaptation and transition measures) and sets of them.

A measure says what it costs (capex by year, opex per year of its life), when it starts and
how long it lasts, which assets it touches, and what it changes in the engine's inputs: the
hazard (a flood standard of protection, flood depth kept out), the vulnerability (PUE, the PUE
response to warming), the exposure (value at the site, revenue that depends on it) or a
transition driver (green-power share, electricity use, on-site PV). Because a measure is a
change to inputs, the same measure works with whatever model reads those inputs.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from climrisk.register.models import (
    Id,
    NonNegative,
    Register,
    Share,
    SourceRef,
    Strict,
    Text,
    Year,
)
from climrisk.vocabulary import ResponseStatus


class FloodProtection(Strict):
    """A flood defence: events up to ``return_period`` years no longer reach the site."""

    kind: Literal["flood-protection"]
    return_period: Annotated[float, Field(gt=1)] = Field(
        description="New standard of protection, years (raises, never lowers, the site's)."
    )


class FloodDepthReduction(Strict):
    """Dry-proofing or temporary barriers: the flood depth at the site falls by ``metres``."""

    kind: Literal["flood-depth-reduction"]
    metres: Annotated[float, Field(gt=0)] = Field(description="Depth kept out at every event.")


class PueTarget(Strict):
    """An efficiency retrofit: PUE falls to ``value`` (IT load unchanged, so electricity
    falls in proportion)."""

    kind: Literal["pue"]
    value: Annotated[float, Field(ge=1, le=3)] = Field(description="PUE after the measure.")


class PueReduction(Strict):
    """An efficiency retrofit: PUE falls by ``by`` (IT load unchanged)."""

    kind: Literal["pue-reduction"]
    by: Annotated[float, Field(gt=0, lt=2)] = Field(description="PUE points removed.")


class ElectricityReduction(Strict):
    """Electricity use at the site falls by ``share`` (IT or building efficiency)."""

    kind: Literal["electricity-reduction"]
    share: Share = Field(description="Fraction of the site's electricity saved.")


class GreenPower(Strict):
    """Green-power procurement: ``share`` of the site's grid electricity carries no grid
    emission factor (raises, never lowers, the site's share)."""

    kind: Literal["green-power"]
    share: Share = Field(description="Share of grid electricity bought as green power.")


class OnsitePv(Strict):
    """On-site solar: ``kw`` of PV capacity added at the site."""

    kind: Literal["onsite-pv"]
    kw: Annotated[float, Field(gt=0)] = Field(description="Capacity added, kW.")


class ValueAtRisk(Strict):
    """Relocating equipment out of harm's way: the value exposed at the site is scaled."""

    kind: Literal["exposure-value"]
    factor: Annotated[float, Field(ge=0, le=1)] = Field(
        description="Share of the replacement value left exposed."
    )


class RevenueDependency(Strict):
    """Redundancy or fail-over elsewhere: the revenue that depends on the site is scaled."""

    kind: Literal["revenue-dependency"]
    factor: Annotated[float, Field(ge=0, le=1)] = Field(
        description="Share of the dependent revenue left at risk."
    )


class ParameterChange(Strict):
    """A change to an engine parameter (for example a lower PUE response to warming with
    liquid cooling). Parameters are company-wide, so the measure applies to every asset."""

    kind: Literal["parameter"]
    parameter: str = Field(description="Engine parameter name (see `climrisk parameters`).")
    factor: Annotated[float, Field(ge=0)] = Field(
        description="Multiplies the parameter's value and range."
    )


Effect = Annotated[
    FloodProtection
    | FloodDepthReduction
    | PueTarget
    | PueReduction
    | ElectricityReduction
    | GreenPower
    | OnsitePv
    | ValueAtRisk
    | RevenueDependency
    | ParameterChange,
    Field(discriminator="kind"),
]


class Cost(Strict):
    """What a measure costs, in the register's presentation currency."""

    capex: dict[Year, NonNegative] = Field(
        default_factory=dict, description="Capital expenditure by year."
    )
    opex_per_year: NonNegative = Field(
        0, description="Operating cost in every year of the measure's life."
    )
    basis: Text = Field(description="Where the figures come from, or how they are estimated.")
    estimate: bool = Field(description="Whether the figures are estimates (shown as such).")


class Measure(Strict):
    """One quantified response measure."""

    id: Id
    name: Text
    items: list[Id] = Field(min_length=1, description="Items (risks, opportunities) it answers.")
    assets: list[str] = Field(
        min_length=1, description="Asset ids or selectors the effects apply to."
    )
    effects: list[Effect] = Field(min_length=1, description="Changes to the engine's inputs.")
    cost: Cost
    start_year: Year = Field(description="First year the measure is in effect.")
    lifetime_years: Annotated[int, Field(ge=1, le=100)] = Field(
        description="Years it stays in effect."
    )
    owner: str = Field(description="Function accountable for delivering it.")
    status: ResponseStatus
    targets: list[Id] = Field(default_factory=list, description="Targets it helps deliver.")
    source: SourceRef | None = Field(None, description="Where the report states the measure.")

    @property
    def end_year(self) -> int:
        """Last year in effect."""
        return self.start_year + self.lifetime_years - 1

    def active(self, year: int) -> bool:
        """Whether the measure is in effect in ``year``."""
        return self.start_year <= year <= self.end_year


class MeasureSet(Strict):
    """Measures applied together, in the listed order (a later one sees the inputs the
    earlier ones changed), so interactions are counted once."""

    id: Id
    name: Text
    measures: list[Id] = Field(min_length=1)
    description: Text | None = None

    @model_validator(mode="after")
    def _once_each(self) -> MeasureSet:
        if len(set(self.measures)) != len(self.measures):
            raise ValueError("list each measure once")
        return self


class MeasuresFile(Strict):
    """``measures.yaml``: the measures and the sets the committee compares (present values use
    the register's ``valuation.discount_rate``, as the effects' do)."""

    schema_version: Literal[1]
    measures: list[Measure] = Field(default_factory=list)
    sets: list[MeasureSet] = Field(default_factory=list)

    def measure(self, measure_id: str) -> Measure:
        """The measure with this id."""
        for m in self.measures:
            if m.id == measure_id:
                return m
        raise KeyError(measure_id)

    def members(self, s: MeasureSet) -> list[Measure]:
        """The set's measures in order."""
        return [self.measure(i) for i in s.measures]


class SensitivityAnalysis(Strict):
    """One global sensitivity analysis the disclosure reports (``climrisk sensitivity``)."""

    output: str = Field(
        pattern=r"^(item|channel|total):[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$",
        description="item:<id>, channel:<id> or total:<physical|transition|opportunity|risk>.",
    )
    scenario: Id = Field(description="Scenario id (one of the register's).")
    method: Literal["sobol", "morris"] = "sobol"
    samples: Annotated[int, Field(ge=2, le=65536)] = Field(
        512, description="SALib base sample size N."
    )
    seed: int = Field(20250415, description="Seed of the design and the bootstrap.")


class SensitivityFile(Strict):
    """``sensitivity.yaml``: the sensitivity analyses the disclosure's measurement-uncertainty
    section shows."""

    schema_version: Literal[1]
    analyses: list[SensitivityAnalysis] = Field(min_length=1)


from climrisk.register.comparatives import ComparativesFile  # noqa: E402

Register.model_rebuild(
    _types_namespace={"MeasuresFile": MeasuresFile, "SensitivityFile": SensitivityFile,
                      "ComparativesFile": ComparativesFile}
)
