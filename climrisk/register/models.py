"""Pydantic models of a climate risk and opportunity register.

A register is a directory of YAML files; each file kind has its own model (``RegisterFile``,
``Asset``, ``Item``, ``MetricsFile``, ``TargetsFile``, ``ParametersFile``) so that an error
points at one small file, and ``Register`` assembles them for the engine and the disclosure.
The field set follows IFRS S2 ¶6–37 and HKEX ESG Code Part D (layouts e-1, e-5, e-6).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from climrisk.units import WITH_UNIT, quantity_in
from climrisk.vocabulary import (
    Category,
    IssuerClass,
    NotQuantifiedReason,
    Ownership,
    ResponseStatus,
    Scope3Category,
    StatementArea,
    TargetDirection,
    TargetKind,
    TcfdFinancialCategory,
    ValueChainStage,
)

if TYPE_CHECKING:
    from climrisk.register.comparatives import ComparativesFile
    from climrisk.register.measures import MeasuresFile, SensitivityFile

SCHEMA_VERSION = 1

Id = Annotated[
    str,
    Field(
        pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$",
        description="Stable identifier: letters, digits, '-', '_' or '.', at most 64 characters.",
    ),
]
WORD = r"^[a-z0-9][a-z0-9-]{0,63}$"
FIELD_WORD = r"^[a-z][a-z0-9_]{0,63}$"
CATEGORY_WORD = r"^(physical|transition|opportunity)-[a-z0-9][a-z0-9-]{0,63}$"


def open_word(vocabulary: str, description: str, pattern: str = WORD) -> Any:
    """A word of an open vocabulary: the core words, those of the industry packs, or one the
    register declares under ``vocabulary:``. Which of them a register may use is checked
    across files (``climrisk.register.checks``), where a typo gets "did you mean"; the JSON
    Schema offers the core and pack words for autocompletion."""

    def suggest(schema: dict[str, Any]) -> None:
        from climrisk.register.terms import suggestions

        schema.pop("pattern", None)
        schema.pop("type", None)
        schema["anyOf"] = [
            {"enum": suggestions(vocabulary)},
            {"type": "string", "pattern": pattern},
        ]

    return Annotated[
        str, Field(pattern=pattern, description=description, json_schema_extra=suggest)
    ]


Share = Annotated[float, Field(ge=0, le=1, description="A fraction between 0 and 1.")]
NonNegative = Annotated[float, Field(ge=0)]
MWh = Annotated[float, *quantity_in("MWh"), Field(ge=0)]
"""Electricity in MWh, or as written with its unit ('12.3 TWh', '850 GWh')."""
CubicMetres = Annotated[float, *quantity_in("m³"), Field(ge=0)]
"""Water in m³, or as written with its unit ('1.2 megaliter', '3e5 L')."""
Year = Annotated[int, Field(ge=1900, le=2200, description="A calendar year.")]
AssetKindWord = open_word("asset_kinds", "An asset kind.")
RegionWord = open_word("regions", "An electricity (grid) region.")
DriverWord = open_word("drivers", "A scenario driver.")
CategoryWord = open_word("item_categories", "An item category.", CATEGORY_WORD)
TargetMetricWord = open_word("target_metrics", "A target metric.")
ModelWord = open_word("models", "An engine model.")


class Strict(BaseModel):
    """Base for every register model: unknown keys are errors, so typos never pass silently."""

    model_config = ConfigDict(
        extra="forbid", populate_by_name=True, frozen=True, allow_inf_nan=False
    )


class Text(Strict):
    """A text in English and Traditional Chinese, as the disclosure prints both."""

    en: str = Field(min_length=1, description="English text.")
    zh_hant: str = Field(
        alias="zh-Hant", min_length=1, description="Traditional Chinese text (繁體中文)."
    )


class SourceRef(Strict):
    """Where in a published document a fact or wording comes from."""

    document: str = Field(description="Title or file name of the source document.")
    locator: str | None = Field(None, description="Page, section, table or line in the source.")


# --------------------------------------------------------------------------- register.yaml


class ReportingPeriod(Strict):
    """The reporting period the register describes."""

    start: dt.date = Field(description="First day of the reporting period (YYYY-MM-DD).")
    end: dt.date = Field(description="Last day of the reporting period (YYYY-MM-DD).")

    @model_validator(mode="after")
    def _ordered(self) -> ReportingPeriod:
        if self.end <= self.start:
            raise ValueError("end must be after start")
        return self


class Entity(Strict):
    """The reporting entity."""

    name: Text = Field(description="Legal name in both languages.")
    short_name: Text | None = Field(None, description="Name used in running text.")
    stock_codes: list[str] = Field(default_factory=list, description="Listing codes, e.g. 3896.HK.")
    reporting_period: ReportingPeriod = Field(description="Period the disclosure covers.")
    currency: str = Field(
        pattern=r"^[A-Z]{3}$",
        description="ISO 4217 presentation currency, e.g. CNY, HKD, USD (RMB is written CNY).",
    )
    base_year: Year = Field(description="Base year for GHG and target comparisons.")
    issuer_class: IssuerClass = Field(
        description="HKEX issuer class in the reporting year; sets each Part D item's obligation."
    )
    issuer_class_basis: str | None = Field(
        None, description="Why the issuer class applies (listing board, index membership)."
    )
    usd_rate: float | None = Field(
        None,
        gt=0,
        description="Units of the presentation currency per US dollar, for USD inputs; empty = "
        "the reporting year's rate from the FX table (climrisk/data/fx_rates.csv).",
    )
    usd_rate_basis: str | None = Field(
        None, description="Source or basis of usd_rate (required when usd_rate is given)."
    )
    consolidation: Literal["operational-control", "financial-control", "equity-share"] = Field(
        "operational-control",
        description="GHG Protocol consolidation approach: which share of each holding's "
        "emissions the inventory (metrics.yaml) counts.",
    )

    @model_validator(mode="after")
    def _rate_has_basis(self) -> Entity:
        if self.usd_rate is not None and not self.usd_rate_basis:
            raise ValueError("give usd_rate_basis: the source of usd_rate")
        return self


class Horizon(Strict):
    """A time horizon defined by the register (IFRS S2 ¶10(d)), never hard-coded."""

    id: Id = Field(description="Horizon id referenced by items, e.g. short, medium, long.")
    name: Text = Field(description="Display name, e.g. Short term / 短期.")
    start_years: NonNegative = Field(description="Years after the reporting period end it starts.")
    end_years: NonNegative | None = Field(
        None, description="Years after the reporting period end it ends (inclusive); empty = open."
    )
    analysis_year: Year = Field(
        description="Scenario year at which the engine evaluates this horizon."
    )
    planning_link: Text = Field(description="How the horizon links to planning cycles.")

    @model_validator(mode="after")
    def _ordered(self) -> Horizon:
        if self.end_years is not None and self.end_years <= self.start_years:
            raise ValueError("end_years must be greater than start_years")
        return self


class ScaleLevel(Strict):
    """One level of a rating scale, with the quantitative threshold that reaches it."""

    level: int = Field(ge=1, le=9, description="Level number; higher is more.")
    label: Text = Field(description="Level label, e.g. Rare / 罕見.")
    threshold: NonNegative = Field(
        description="Lower bound: annual probability for likelihood, share of revenue for magnitude."
    )


class RatingBand(Strict):
    """A band of likelihood × magnitude scores (heat-map colour)."""

    id: Id = Field(description="Band id, e.g. low, medium, high.")
    label: Text = Field(description="Band label.")
    min_score: int = Field(ge=1, description="Smallest likelihood × magnitude in this band.")


class RatingConventions(Strict):
    """What likelihood and magnitude mean, chosen by the register (IFRS S2 ¶25(a)(iii)).

    Magnitude is always the size of one occurrence of the effect as a share of revenue, and
    likelihood is how probable that occurrence is, so their product never counts probability
    twice: an event model's expected annual loss is divided by its annual probability before
    it is rated.
    """

    event: Literal["annual-probability", "horizon-probability"] = Field(
        "annual-probability",
        description="Items whose models are all event models (floods, coastal inundation, heat "
        "outages): likelihood from the event's annual probability, or from the probability of "
        "at least one event within the horizon's years; magnitude from the loss given the event "
        "(expected annual loss / annual probability).",
    )
    chronic: Literal["exceedance", "central"] = Field(
        "exceedance",
        description="Chronic physical items: 'exceedance' rates each magnitude level by the "
        "share of simulated samples whose effect reaches that level's threshold and keeps the "
        "level pair with the highest score; 'central' takes the magnitude of the mean effect "
        "and the share of samples reaching that level's threshold as likelihood.",
    )
    transition: Literal["exceedance", "central", "scenario-plausibility"] = Field(
        "exceedance",
        description="Transition risks and opportunities: 'exceedance' or 'central' as for "
        "chronic items, or 'scenario-plausibility': likelihood is the level the register gives "
        "the scenario (scenario_plausibility), magnitude the level of the mean effect.",
    )
    scenario_plausibility: dict[str, int] = Field(
        default_factory=dict,
        description="Likelihood level per scenario id, required for every analysed scenario "
        "when transition is 'scenario-plausibility'.",
    )
    tolerance_bands: int = Field(
        0,
        ge=0,
        description="How many rating bands the model's rating may differ from management's "
        "level before `climrisk build` asks for a recorded reconciliation.",
    )


class Scales(Strict):
    """Likelihood and magnitude scales the register defines (IFRS S2 ¶25(a)(iii))."""

    likelihood: list[ScaleLevel] = Field(
        min_length=2, description="Likelihood levels; threshold is an annual probability."
    )
    magnitude: list[ScaleLevel] = Field(
        min_length=2,
        description="Magnitude levels; threshold is the absolute effect as a share of revenue.",
    )
    bands: list[RatingBand] = Field(min_length=1, description="Heat-map bands by score.")
    conventions: RatingConventions = Field(
        default_factory=RatingConventions,
        description="What the engine's likelihood and magnitude mean (documented conventions).",
    )

    @model_validator(mode="after")
    def _monotonic(self) -> Scales:
        for name in ("likelihood", "magnitude"):
            levels: list[ScaleLevel] = getattr(self, name)
            numbers = [lv.level for lv in levels]
            if numbers != list(range(1, len(levels) + 1)):
                raise ValueError(f"{name} levels must be numbered 1, 2, 3, … in order")
            thresholds = [lv.threshold for lv in levels]
            if thresholds != sorted(thresholds):
                raise ValueError(f"{name} thresholds must rise with the level")
        return self


class Channel(Strict):
    """A financial-impact channel, mapped to a TCFD category and a statement line item."""

    id: Id = Field(description="Channel id referenced by items, e.g. operating-cost.")
    name: Text = Field(description="Channel name, as the report words it.")
    tcfd_category: TcfdFinancialCategory = Field(description="TCFD financial category.")
    statement: StatementArea = Field(description="Primary statement the effect lands in.")
    line_item: Text = Field(description="Financial-statement line item affected.")


class Materiality(Strict):
    """Thresholds for IFRS S2 29(b)–(d): when an asset counts as vulnerable or aligned."""

    physical_loss_share: Share = Field(
        description="An asset is vulnerable to physical risk when its expected annual physical "
        "loss exceeds this share of its value (or of its revenue dependency)."
    )
    transition_cost_share: Share = Field(
        description="An asset is vulnerable to transition risk when its annual transition cost "
        "exceeds this share of the revenue it supports."
    )
    opportunity_asset_kinds: list[AssetKindWord] = Field(
        default_factory=list,
        description="Asset kinds whose activities count as aligned with climate opportunities.",
    )
    opportunity_basis: Text = Field(description="Basis of the opportunity-alignment judgement.")


class ScenarioConclusion(Strict):
    """Management's resilience conclusion under one scenario (IFRS S2 ¶22(a)(i)–(iii))."""

    implications: Text = Field(description="Implications for strategy and business model (i).")
    uncertainties: Text = Field(description="Significant areas of uncertainty (ii).")
    capacity_to_adjust: Text = Field(
        description="Capacity to adjust or adapt: financial resources, redeploying or "
        "decommissioning assets, investment in mitigation and adaptation (iii)."
    )
    approved_by: str = Field(min_length=2, description="Who approved the conclusion.")
    approved_on: dt.date = Field(description="When it was approved.")


class ScenarioChoice(Strict):
    """A scenario the register asks the engine to analyse (IFRS S2 ¶22(b))."""

    id: Id = Field(description="Scenario id in the scenario grid, e.g. ssp245, ngfs-nz2050.")
    why: Text = Field(description="Why the scenario is relevant to the entity.")
    conclusion: ScenarioConclusion | None = Field(
        None, description="Management's resilience conclusion under this scenario."
    )


class ScenarioAnalysis(Strict):
    """How and when scenario analysis is carried out (IFRS S2 ¶22)."""

    scenarios: list[ScenarioChoice] = Field(min_length=1, description="Scenarios analysed.")
    carried_out: dt.date = Field(description="When the analysis was carried out.")
    scope: Text = Field(description="Operations in scope.")
    sources: Text = Field(description="Scenario sources the entity names.")
    resilience: Text = Field(description="Resilience assessment narrative (¶22(a)).")
    scenario_set: str | None = Field(
        None,
        description="Scenario-set file the analysis uses, relative to the register directory "
        "(default: the bundled default grid alone).",
    )


class CarbonPrice(Strict):
    """Internal carbon price (IFRS S2 29(f))."""

    applied: bool = Field(description="Whether a carbon price is used in decision-making.")
    price: NonNegative | None = Field(None, description="Price per tCO2e, presentation currency.")
    explanation: Text = Field(description="How it is applied, or why not.")


class Remuneration(Strict):
    """Climate link in executive pay (IFRS S2 29(g))."""

    description: Text = Field(description="How climate considerations feed remuneration.")
    share_linked: Share | None = Field(
        None, description="Share of executive remuneration linked to climate; empty if unknown."
    )


class CapitalDeployment(Strict):
    """Capital deployed towards climate risks and opportunities (IFRS S2 29(e))."""

    amount: NonNegative | None = Field(None, description="Amount, presentation currency.")
    description: Text = Field(description="What the amount covers, or why not disclosed.")


class Narrative(Strict):
    """Governance, strategy and risk-management text blocks (IFRS S2 ¶6, 14, 25).

    Each may be left out; the content index then reports the paragraph it answers as missing.
    """

    governance_board: Text | None = Field(None, description="Board oversight (¶6(a)).")
    governance_management: Text | None = Field(None, description="Management's role (¶6(b)).")
    strategy_transition_plan: Text | None = Field(
        None, description="Transition plan and response (¶14)."
    )
    risk_management_process: Text | None = Field(
        None, description="Identification and assessment (¶25(a))."
    )
    risk_management_integration: Text | None = Field(
        None, description="Integration into ERM (¶25(c))."
    )
    current_financial_effects: Text | None = Field(
        None, description="Current-period effects (¶16(a)–(b))."
    )


class Term(Strict):
    """A word the register adds to a vocabulary, with the label the disclosure prints."""

    label: Text = Field(description="Label in both languages.")
    description: Text | None = Field(None, description="What the word means, if not obvious.")


class RegionTerm(Term):
    """An electricity region the register adds, with flat paths for a grid that lacks it."""

    grid_emission_factor: NonNegative | None = Field(
        None, description="Grid emission factor, tCO2/MWh, held flat over the years."
    )
    electricity_price: NonNegative | None = Field(
        None, description="Electricity price, presentation currency per kWh, held flat."
    )
    source: str | None = Field(None, description="Source of the factor and the price.")

    @model_validator(mode="after")
    def _sourced(self) -> RegionTerm:
        given = self.grid_emission_factor is not None or self.electricity_price is not None
        if given and not self.source:
            raise ValueError("give the source of grid_emission_factor and electricity_price")
        return self


class MetricTerm(Term):
    """A metric the register adds: target metrics and additional metric fields."""

    unit: str = Field(description="Unit of the values, e.g. tCO2e/MWh, MW, %.")
    decimals: int = Field(2, ge=0, le=6, description="Decimals the tables print.")


class Vocabulary(Strict):
    """Words this register adds to the open vocabularies, each declared once with its label."""

    asset_kinds: dict[Annotated[str, Field(pattern=WORD)], Term] = Field(
        default_factory=dict, description="Asset kinds, e.g. pumped-storage-plant."
    )
    drivers: dict[Annotated[str, Field(pattern=WORD)], Term] = Field(
        default_factory=dict, description="Scenario drivers items respond to."
    )
    regions: dict[Annotated[str, Field(pattern=WORD)], RegionTerm] = Field(
        default_factory=dict, description="Electricity (grid) regions, e.g. australia-nem."
    )
    item_categories: dict[Annotated[str, Field(pattern=CATEGORY_WORD)], Term] = Field(
        default_factory=dict,
        description="Item categories; each id starts with physical-, transition- or "
        "opportunity-, which says what kind of item it is.",
    )
    target_metrics: dict[Annotated[str, Field(pattern=WORD)], MetricTerm] = Field(
        default_factory=dict, description="Target metrics, e.g. generation-carbon-intensity."
    )
    metric_fields: dict[Annotated[str, Field(pattern=FIELD_WORD)], MetricTerm] = Field(
        default_factory=dict,
        description="Fields of metrics.yaml years under additional:, e.g. renewable_share.",
    )


MONEY_UNITS = {"one": 1, "thousand": 1_000, "million": 1_000_000}
"""Money units a register may present amounts in, by name → currency units each."""
DEFAULT_DISCOUNT_RATE = 0.08
"""The rate used when a register gives none; every present value then carries an estimate
marker and the basis says it is climrisk's default, not the company's."""


class Valuation(Strict):
    """How amounts are valued and shown: one discount rate for every present value (of the
    effects and of the measures) and one money unit for the disclosure, its CSV and the app."""

    money_unit: Literal["one", "thousand", "million"] = Field(
        "thousand",
        description="Unit every amount is presented in: one, thousand or million of the "
        "presentation currency (the disclosure, its CSV and workbook, and the app).",
    )
    discount_rate: Annotated[float, Field(gt=-0.99, lt=1)] | None = Field(
        None,
        description="Yearly nominal rate for present values, e.g. 0.08 (WACC or hurdle "
        "rate); empty = climrisk's 8 % default, shown as an estimate.",
    )
    discount_rate_basis: Text | None = Field(
        None, description="Why this rate: the company's WACC, hurdle rate or policy."
    )

    @model_validator(mode="after")
    def _basis_with_rate(self) -> Valuation:
        if self.discount_rate is not None and self.discount_rate_basis is None:
            raise ValueError("discount_rate_basis: say where the discount rate comes from")
        if self.discount_rate is None and self.discount_rate_basis is not None:
            raise ValueError("discount_rate: give the rate the basis describes")
        return self

    @property
    def rate(self) -> float:
        """The yearly rate every present value uses."""
        return DEFAULT_DISCOUNT_RATE if self.discount_rate is None else self.discount_rate

    @property
    def rate_is_default(self) -> bool:
        """True when the register gives no rate of its own."""
        return self.discount_rate is None

    @property
    def money_scale(self) -> int:
        """Currency units per presented unit (1,000 for ``thousand``)."""
        return MONEY_UNITS[self.money_unit]


class RegisterFile(Strict):
    """``register.yaml``: the entity, its definitions and its narrative."""

    schema_version: Literal[1] = Field(description="Register schema version; currently 1.")
    industry: str | None = Field(
        None,
        pattern=r"^[A-Z]{2}-[A-Z]{2}$",
        description="SASB SICS industry code that sets the industry-based metrics table, "
        "e.g. TC-SI (software & IT services), IF-EU (electric utilities), IF-RE (real estate).",
    )
    packs: list[Annotated[str, Field(pattern=WORD)]] = Field(
        default_factory=list,
        description="Industry packs whose models, asset attributes and metrics the register "
        "uses, e.g. data-centers, power-generation, real-estate.",
    )
    vocabulary: Vocabulary = Field(
        default_factory=Vocabulary, description="Words the register adds to the vocabularies."
    )
    entity: Entity
    horizons: list[Horizon] = Field(min_length=1, description="Time horizons, short to long.")
    scales: Scales
    channels: list[Channel] = Field(min_length=1, description="Financial-impact channels.")
    materiality: Materiality
    scenario_analysis: ScenarioAnalysis
    internal_carbon_price: CarbonPrice
    remuneration: Remuneration
    capital_deployment: CapitalDeployment
    valuation: Valuation = Field(
        default_factory=Valuation,
        description="Discount rate for present values and the money unit of every output.",
    )
    narrative: Narrative


# --------------------------------------------------------------------------- assets/*.yaml


class Location(Strict):
    """Where an asset stands; used to sample the scenario grids."""

    lat: float = Field(ge=-90, le=90, description="Latitude, degrees north (WGS 84).")
    lon: float = Field(ge=-180, le=180, description="Longitude, degrees east (WGS 84).")
    elevation_m: float = Field(
        ge=-100, le=9000, description="Ground elevation above mean sea level, m."
    )
    city: str = Field(description="City, in English.")
    province: str = Field(description="Province, state or municipality, in English.")
    country: str | None = Field(
        None, pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2 country code, e.g. CN, HK."
    )
    address: str | None = Field(None, description="Street address if known.")


class Lease(Strict):
    """Terms of a leased asset that matter for climate effects."""

    lessor: str = Field(description="Landlord or colocation provider.")
    end: dt.date | None = Field(None, description="Lease end date, if known.")
    terms: Text | None = Field(None, description="Other climate-relevant terms.")


class FloodProfile(Strict):
    """Present-day flood depth at the asset per return period (before climate change)."""

    return_periods: list[Annotated[float, Field(gt=1)]] = Field(
        min_length=2, description="Return periods in years, ascending."
    )
    depth_m: list[NonNegative] = Field(
        min_length=2, description="Flood depth at the asset for each return period, m."
    )
    curve: Literal["commercial", "industrial", "residential"] = Field(
        "commercial", description="JRC Asia depth-damage curve to apply."
    )
    protection_rp: float = Field(
        0, ge=0, description="Return period (years) the site's flood defences withstand; 0 = none."
    )
    source: str | None = Field(
        None, description="Citation of the study the values come from (shown as site data).")
    date: dt.date | None = Field(None, description="Date of that study.")

    @model_validator(mode="after")
    def _consistent(self) -> FloodProfile:
        if len(self.return_periods) != len(self.depth_m):
            raise ValueError("return_periods and depth_m must have the same length")
        if self.return_periods != sorted(set(self.return_periods)):
            raise ValueError("return_periods must be strictly ascending")
        if self.depth_m != sorted(self.depth_m):
            raise ValueError("depth_m must not fall as the return period rises")
        return self


FuelWord = Annotated[
    str,
    Field(
        pattern=r"^[a-z][a-z0-9-]{0,31}$",
        description="Fuel or energy source, e.g. coal, gas, oil, diesel, nuclear, wind, solar, "
        "hydro, biomass.",
    ),
]


class Activity(Strict):
    """What the asset itself emits, buys and produces in the latest metrics year (100 % of the
    asset, before any equity share)."""

    scope1_t: dict[FuelWord, NonNegative] = Field(
        default_factory=dict,
        description="The asset's own Scope 1 by fuel, tCO2e; replaces the allocation of the "
        "company's Scope 1 by electricity use.",
    )
    generation_mwh: dict[FuelWord, MWh] = Field(
        default_factory=dict, description="Electricity generated (sent out) by fuel, MWh."
    )
    renewable_mwh: dict[Literal["ppa", "certificates", "onsite"], MWh] = Field(
        default_factory=dict,
        description="Renewable electricity procured: PPAs and certificates (market-based "
        "Scope 2 instruments) and on-site generation used, MWh.",
    )
    water_withdrawal_m3: CubicMetres | None = Field(None, description="Water withdrawn, m³.")
    source: str = Field(description="Where the figures come from (report, page, meter data).")

    @property
    def scope1_total(self) -> float | None:
        """Own Scope 1 summed over fuels; ``None`` when the asset gives none."""
        return float(sum(self.scope1_t.values())) if self.scope1_t else None


class Holding(Strict):
    """Which reporting entity holds the asset, and the group's share of it."""

    entity: str = Field(description="Legal entity holding the asset, e.g. CLP Power Hong Kong.")
    relation: Literal["parent", "subsidiary", "joint-venture", "associate", "deconsolidated"] = (
        Field(description="How the group holds the entity.")
    )
    equity_share: Share = Field(1.0, description="The group's equity share of the asset.")
    operated: bool | None = Field(
        None,
        description="Whether the group has operational control; empty = yes for parent and "
        "subsidiaries, no otherwise.",
    )

    @property
    def controlled(self) -> bool:
        """Operational (or financial) control of the asset."""
        if self.operated is not None:
            return self.operated
        return self.relation in ("parent", "subsidiary")

    def inventory_share(self, approach: str) -> float:
        """Share of the asset's emissions the group inventory counts under ``approach``."""
        if self.relation == "deconsolidated":
            return 0.0
        if approach == "equity-share":
            return self.equity_share
        return 1.0 if self.controlled else 0.0

    @property
    def financial_share(self) -> float:
        """Share of the asset's financial effects in the group accounts: all of a subsidiary
        (consolidated), the equity share of a joint venture or associate (equity method),
        none of a deconsolidated holding."""
        if self.relation == "deconsolidated":
            return 0.0
        if self.relation in ("parent", "subsidiary"):
            return 1.0
        return self.equity_share


class CoastProfile(Strict):
    """Present-day extreme still-water level on the asset's coast per return period.

    The level is the storm tide (surge plus astronomical tide) before sea-level rise, in the
    datum of ``location.elevation_m`` (mean sea level), as a coastal-engineering study or a
    tide-gauge analysis gives it; the engine adds the scenario's relative sea-level rise.
    """

    return_periods: list[Annotated[float, Field(gt=1)]] = Field(
        min_length=1, description="Return periods in years, ascending."
    )
    still_water_m: list[Annotated[float, Field(ge=-20, le=30)]] = Field(
        min_length=1,
        description="Extreme still-water level for each return period, m above mean sea level.",
    )
    curve: Literal["commercial", "industrial", "residential"] = Field(
        "commercial", description="JRC Asia depth-damage curve to apply to the overtopping depth."
    )
    protection_rp: float = Field(
        0, ge=0, description="Return period (years) the site's sea defences withstand; 0 = none."
    )
    source: str | None = Field(
        None, description="Citation of the study the values come from (shown as site data).")
    date: dt.date | None = Field(None, description="Date of that study.")

    @model_validator(mode="after")
    def _consistent(self) -> CoastProfile:
        if len(self.return_periods) != len(self.still_water_m):
            raise ValueError("return_periods and still_water_m must have the same length")
        if self.return_periods != sorted(set(self.return_periods)):
            raise ValueError("return_periods must be strictly ascending")
        if self.still_water_m != sorted(self.still_water_m):
            raise ValueError("still_water_m must not fall as the return period rises")
        return self


class WindProfile(Strict):
    """Tropical-cyclone wind at the site per return period, and the structure's design level.

    Winds are 1-minute sustained speeds at 10 m (the Emanuel damage function's input), from a
    wind-engineering study, a national load code's basic wind speed converted to 1-minute
    sustained, or a hazard catalogue; they stay at present-day values over the horizons.
    """

    return_periods: list[Annotated[float, Field(gt=1)]] = Field(
        min_length=1, description="Return periods in years, ascending."
    )
    wind_ms: list[Annotated[float, Field(ge=0, le=120)]] = Field(
        min_length=1, description="1-minute sustained 10 m wind for each return period, m/s."
    )
    design_rp: float = Field(
        0, ge=0, description="Return period (years) of the wind the structure is designed to "
        "withstand without damage; 0 = none."
    )
    source: str | None = Field(
        None, description="Citation of the study the values come from (shown as site data).")
    date: dt.date | None = Field(None, description="Date of that study.")

    @model_validator(mode="after")
    def _consistent(self) -> WindProfile:
        if len(self.return_periods) != len(self.wind_ms):
            raise ValueError("return_periods and wind_ms must have the same length")
        if self.return_periods != sorted(set(self.return_periods)):
            raise ValueError("return_periods must be strictly ascending")
        if self.wind_ms != sorted(self.wind_ms):
            raise ValueError("wind_ms must not fall as the return period rises")
        return self


class SiteValues(Strict):
    """A site's own values of one scenario variable, from a study the company holds.

    They win over every gridded source at this site and are marked as site data in the
    outputs. Values are in the variable's units (``climrisk scenarios list`` shows them).
    """

    source: str = Field(min_length=3, description="Citation: who produced the values, in "
                        "which document or data set.")
    date: dt.date = Field(description="Date of the study or data release.")
    value: float | None = Field(
        None, description="One value for every scenario and year: a level the study gives "
        "for the site (a water-stress category, a design level), with no change over time.")
    by_scenario: dict[Id, dict[Year, float]] | None = Field(
        None, description="Per scenario id, values by year: linear between the years given "
        "and held at the first and last beyond them (give the reporting year too, so the "
        "change since then comes from the study). Scenarios not listed read the grid.")

    @model_validator(mode="after")
    def _one_form(self) -> SiteValues:
        if (self.value is None) == (self.by_scenario is None):
            raise ValueError("give either value (one for every scenario and year) or "
                             "by_scenario (values by scenario and year), not both")
        if self.by_scenario is not None and (
                not self.by_scenario or not all(self.by_scenario.values())):
            raise ValueError("by_scenario needs at least one scenario with at least one year")
        return self


class Asset(Strict):
    """``assets/<id>.yaml``: a site the entity owns or leases."""

    id: Id = Field(description="Asset id referenced by items and targets.")
    name: Text = Field(description="Site name.")
    kind: AssetKindWord = Field(
        description="What the asset is: a core kind, a kind of a pack the register uses, or "
        "one declared under vocabulary.asset_kinds."
    )
    ownership: Ownership = Field(description="Owned or leased.")
    location: Location
    grid_region: RegionWord = Field(
        description="Electricity (grid) region for emission factors and prices: a region of "
        "the scenario grid or one declared under vocabulary.regions."
    )
    electricity_mwh: MWh = Field(
        description="Annual electricity use bought from the grid (purchased electricity), MWh."
    )
    activity: Activity | None = Field(
        None, description="The asset's own emissions, generation, procurement and water."
    )
    holding: Holding | None = Field(
        None, description="Holding entity and equity share; empty = held 100 % by the parent."
    )
    attributes: dict[Annotated[str, Field(pattern=FIELD_WORD)],
                     float | Annotated[str, Field(pattern=WITH_UNIT)]] = Field(
        default_factory=dict,
        description="Attributes the register's industry packs read, e.g. pue, it_load_mw "
        "(data-centers); see each pack's pack.yaml for names, units and ranges. A number is in "
        "the pack's unit; a quantity with its unit ('1.29e6 ft²') is converted to it.",
    )
    replacement_value: NonNegative = Field(
        description="Replacement value of buildings and equipment, presentation currency."
    )
    revenue_dependency: Share = Field(
        description="Share of annual revenue that stops while the asset is down."
    )
    onsite_pv_kw: NonNegative = Field(0, description="Installed on-site PV capacity, kW.")
    green_power_share: Share = Field(
        0,
        description="Share of the site's grid electricity bought as green power (green-"
        "electricity trading, certificates, PPAs), carrying no grid emission factor.",
    )
    flood: FloodProfile | None = Field(None, description="Present-day flood hazard at the site.")
    coast: CoastProfile | None = Field(
        None,
        description="Present-day extreme still-water levels on the site's coast; without it the "
        "coastal model uses the parameter table's generic 1-in-100-year storm tide.",
    )
    wind: WindProfile | None = Field(
        None, description="Tropical-cyclone wind by return period at the site (the wind models "
        "need it on every asset they run on)."
    )
    hazards: dict[Annotated[str, Field(pattern=FIELD_WORD)], SiteValues] = Field(
        default_factory=dict,
        description="The site's own values of scenario variables (hot_days, sea_level_change, "
        "tas_change, water stress …), each with its source and date; they win over the "
        "scenario data at this site.",
    )
    lease: Lease | None = Field(None, description="Lease terms, for leased assets.")
    inventory_scope: Literal["scope2", "scope3-upstream-leased", "outside"] = Field(
        "scope2",
        description="Where the site's electricity sits in the GHG inventory: inside the Scope 2 "
        "boundary, in Scope 3 category 8 (upstream leased assets), or outside it; the scope "
        "table sets the modelled sites against these company totals.",
    )
    estimates: dict[str, str] = Field(
        default_factory=dict,
        description="Fields whose values are estimates, each with the basis of the estimate "
        "(e.g. elevation_m: 'Nanjiao station 31.3 m, 3 km west').",
    )
    notes: Text | None = Field(None, description="Facts from the source report.")

    @model_validator(mode="after")
    def _consistent(self) -> Asset:
        if self.ownership is Ownership.leased and self.lease is None:
            raise ValueError("leased assets need a lease section")
        known = set(type(self).model_fields) | {f"location.{f}" for f in Location.model_fields}
        known |= {f"activity.{f}" for f in Activity.model_fields}
        known |= {f"attributes.{f}" for f in self.attributes}
        unknown = sorted(set(self.estimates) - known)
        if unknown:
            raise ValueError(
                f"estimates names unknown field(s) {', '.join(unknown)}; "
                "use a field name of this asset such as location.elevation_m"
            )
        return self


# --------------------------------------------------------------------------- items/*.yaml


class Response(Strict):
    """A response measure (mitigation, adaptation or capture)."""

    action: Text = Field(description="What is done.")
    owner: str | None = Field(None, description="Function responsible.")
    status: ResponseStatus = Field(description="Progress of the measure.")
    cost: NonNegative | None = Field(None, description="Annual cost, presentation currency.")
    cost_is_estimate: bool = Field(False, description="Whether cost is an estimate.")
    progress: Text | None = Field(None, description="Progress against prior-period plans.")


class Quantification(Strict):
    """An engine model that quantifies the item through one channel."""

    model: ModelWord = Field(
        description="Engine model to run: a core model or one of the register's packs."
    )
    channel: Id = Field(description="Channel (from register.yaml) the amount lands in.")
    assets: list[str] | None = Field(
        None, description="Assets for this model; defaults to the item's assets."
    )


class Reconciliation(Strict):
    """How management's level and the model's rating were reconciled, and by whom."""

    outcome: Literal["management", "model"] = Field(
        description="Which level the disclosure presents: management's, with the explanation, "
        "or the model's, replacing management's earlier level."
    )
    explanation: Text = Field(description="Why the two differ and why the outcome stands.")
    by: str = Field(min_length=2, description="Who decided.")
    on: dt.date = Field(description="When.")


class ManagementConclusion(Strict):
    """Management's assessed level of an item, with its rationale and approval."""

    level: Id = Field(description="Band id from the register's scales, e.g. low, medium, high.")
    rationale: Text = Field(description="Why management assesses the item at this level.")
    approved_by: str = Field(min_length=2, description="Who approved the level.")
    approved_on: dt.date = Field(description="When.")
    reconciliation: Reconciliation | None = Field(
        None, description="Recorded when the model's rating differs beyond the tolerance."
    )


class RatingOverride(Strict):
    """An analyst's override of the engine-derived rating, with the reason recorded."""

    likelihood: int = Field(ge=1, le=9, description="Likelihood level.")
    magnitude: int = Field(ge=1, le=9, description="Magnitude level.")
    reason: str = Field(min_length=10, description="Why the model's rating is overridden.")
    by: str = Field(description="Who decided.")
    on: dt.date = Field(description="When.")


class ReportedEffect(Strict):
    """The current-period effect the company recorded for the item (its books), which the
    models must reproduce at the reporting year's conditions: the back-test."""

    amount: NonNegative = Field(
        description="Recorded annual amount in the presentation currency (energy cost, carbon "
        "cost paid, flood losses...), positive, for the reporting year."
    )
    tolerance: float = Field(
        0.25, gt=0, le=10, description="Largest relative gap between the models' mean "
        "current-period effect and the recorded amount the back-test accepts (0.25 = 25 %)."
    )
    source: str = Field(description="Where the amount is recorded (ledger, note, report page).")


class ReportedQuantity(Strict):
    """A quantity the company reported for the reporting year that the item's models work
    from (location-based Scope 2, water drawn): the basis back-test."""

    quantity: Annotated[str, Field(pattern=FIELD_WORD)] = Field(
        description="Which quantity: scope2_location_t (t CO2e, electricity x grid factor), "
        "water_m3 (m3, data centers' IT energy x WUE; data-centers pack)."
    )
    amount: NonNegative = Field(description="The reported amount for the reporting year.")
    tolerance: float = Field(
        0.25, gt=0, le=10, description="Largest relative gap the back-test accepts (0.1 = 10 %)."
    )
    source: str = Field(min_length=3, description="Where it is reported (report, page, table).")


class Item(Strict):
    """``items/<id>.yaml``: one climate-related risk or opportunity (IFRS S2 ¶10)."""

    id: Id = Field(description="Item id, e.g. PR-01 (physical risk) or OP-01 (opportunity).")
    category: CategoryWord = Field(
        description="IFRS S2 category: a core one or one declared under "
        "vocabulary.item_categories."
    )
    title: Text = Field(description="Short title, as the report words it.")
    description: Text = Field(description="Impact on the business and value chain.")
    financial_impact: Text = Field(description="Potential financial impact, as worded.")
    value_chain: list[ValueChainStage] = Field(min_length=1, description="Value-chain stages.")
    assets: list[str] = Field(
        min_length=1,
        description="Asset ids or selectors: all, offices, a pack's kind group (e.g. "
        "data-centers), kind:<kind>, "
        "ownership:<owned|leased>, city:<city>, province:<province>, region:<grid region>, "
        "country:<code>.",
    )
    drivers: list[DriverWord] = Field(
        min_length=1, description="Scenario drivers it responds to."
    )
    horizons: list[Id] = Field(min_length=1, description="Horizon ids (from register.yaml).")
    channels: list[Id] = Field(min_length=1, description="Channel ids (from register.yaml).")
    quantification: list[Quantification] = Field(
        default_factory=list, description="Engine models that put money on the item."
    )
    not_quantified: NotQuantifiedReason | None = Field(
        None, description="IFRS S2 ¶19–21 reason when no model quantifies the item."
    )
    conclusion: ManagementConclusion | None = Field(
        None, description="Management's level of the item, reconciled with the model."
    )
    rating_override: RatingOverride | None = None
    reported_current: ReportedEffect | None = Field(
        None, description="The current-period effect recorded in the books, for the back-test."
    )
    reported_basis: list[ReportedQuantity] = Field(
        default_factory=list, description="Reported reporting-year quantities the item's models "
        "work from (Scope 2, water), for the basis back-test."
    )
    responses: list[Response] = Field(default_factory=list, description="Response measures.")
    owner: str = Field(description="Accountable function.")
    last_reviewed: dt.date = Field(description="Date of the last review of this item.")
    source: SourceRef | None = Field(None, description="Where the report states this item.")

    @field_validator("category", mode="after")
    @classmethod
    def _category(cls, value: str) -> str:
        return Category(value)

    @model_validator(mode="after")
    def _quantified_or_explained(self) -> Item:
        if not self.quantification and self.not_quantified is None:
            raise ValueError("give a quantification model or a not_quantified reason (IFRS S2 ¶21)")
        return self


# --------------------------------------------------------------------------- metrics.yaml


class Scope3(Strict):
    """Scope 3 emissions by category, tCO2e."""

    total: NonNegative | None = Field(None, description="Scope 3 total, tCO2e.")
    categories: dict[Scope3Category, NonNegative] = Field(
        default_factory=dict, description="Emissions per GHG Protocol category (1–15), tCO2e."
    )
    excluded: dict[Scope3Category, Text] = Field(
        default_factory=dict,
        description="Categories not reported, each with the reason in both languages.",
    )

    @field_validator("categories", "excluded", mode="before")
    @classmethod
    def _category_keys_as_text(cls, value: object) -> object:
        """Accept ``1:`` as well as ``"1":``; analysts should not need to quote numbers."""
        if isinstance(value, dict):
            return {str(k) if isinstance(k, int) else k: v for k, v in value.items()}
        return value


class Ghg(Strict):
    """GHG inventory for one year (IFRS S2 29(a))."""

    scope1: NonNegative = Field(description="Scope 1, tCO2e.")
    scope2_location: NonNegative = Field(description="Scope 2 location-based, tCO2e.")
    scope2_market: NonNegative | None = Field(None, description="Scope 2 market-based, tCO2e.")
    scope1_2: NonNegative | None = Field(None, description="Scope 1 + 2 total as published.")
    scope3: Scope3 | None = None
    scope1_2_intensity: NonNegative | None = Field(
        None, description="Scope 1+2 per million of revenue, tCO2e/m, as published."
    )


class Energy(Strict):
    """Energy use for one year."""

    total_mwh: NonNegative | None = Field(None, description="Total energy, MWh.")
    direct_mwh: NonNegative = Field(description="Direct energy (fuels), MWh.")
    indirect_mwh: NonNegative = Field(description="Purchased electricity, MWh.")
    intensity: NonNegative | None = Field(None, description="MWh per million revenue.")


class Water(Strict):
    """Water use for one year."""

    total_t: NonNegative = Field(description="Water consumed, tonnes.")
    intensity: NonNegative | None = Field(None, description="Tonnes per million revenue.")


class Waste(Strict):
    """Waste for one year, tonnes."""

    hazardous_t: NonNegative | None = None
    non_hazardous_t: NonNegative | None = None


class EmissionFactor(Strict):
    """A Scope 2 grid emission factor as the inventory applied it."""

    value: NonNegative = Field(description="tCO2 per MWh of purchased electricity.")
    source: Text = Field(description="Publication and vintage, e.g. MEE 2022 national average.")


class YearMetrics(Strict):
    """Every published metric for one reporting year."""

    year: Year
    revenue_million: NonNegative = Field(
        description="Revenue in millions of the presentation currency (intensity denominator)."
    )
    revenue_basis: str = Field(description="Source of the revenue figure.")
    total_assets_million: NonNegative | None = Field(
        None, description="Total assets in millions (29(b)–(d) denominator)."
    )
    ghg: Ghg
    energy: Energy
    water: Water
    waste: Waste | None = None
    scope2_factor: EmissionFactor | None = Field(
        None,
        description="Scope 2 factor applied this year; empty = implied by Scope 2 over "
        "purchased electricity.",
    )
    restatement: Text | None = Field(
        None, description="How this year's figures were restated or recalculated, and why."
    )
    additional: dict[Annotated[str, Field(pattern=FIELD_WORD)], float] = Field(
        default_factory=dict,
        description="Further metrics of the year, each declared under vocabulary.metric_fields "
        "in register.yaml (e.g. renewable_share).",
    )
    measured: dict[str, dict[str, float]] = Field(
        default_factory=dict,
        description="Measured asset attributes of the year (attribute -> asset id -> value), "
        "e.g. pue: {bj-yizhuang: 1.374}; the latest year's values win over the asset files'.",
    )


class MethodNotes(Strict):
    """How the inventory was measured (IFRS S2 29(a)(ii)–(v))."""

    standard: Text = Field(description="Measurement standard, e.g. GHG Protocol (2004).")
    consolidation: Text = Field(description="Consolidation approach (operational control…).")
    emission_factors: Text = Field(description="Emission-factor sources.")
    scope2_grid_factor: NonNegative = Field(description="Grid factor used for Scope 2, tCO2/MWh.")
    gwp: Text = Field(description="GWP values used.")
    scope3_method: Text = Field(description="Scope 3 method and primary-data share.")


class MetricsFile(Strict):
    """``metrics.yaml``: GHG, energy, water and intensity metrics by year."""

    schema_version: Literal[1]
    method: MethodNotes
    years: list[YearMetrics] = Field(min_length=1, description="One entry per reporting year.")


# --------------------------------------------------------------------------- targets.yaml


class Target(Strict):
    """A climate-related target (IFRS S2 ¶33–36)."""

    id: Id
    name: Text
    metric: TargetMetricWord = Field(
        description="Metric the target is set on: a core metric, a pack's, or one declared "
        "under vocabulary.target_metrics."
    )
    objective: Text = Field(description="What the target is for.")
    assets: list[str] = Field(
        default_factory=list, description="Assets covered; empty = the whole entity."
    )
    kind: TargetKind
    direction: TargetDirection
    base_year: Year | None = None
    base_value: float | None = None
    target_year: Year
    target_value: float
    milestones: dict[Year, float] = Field(default_factory=dict, description="Interim values.")
    actuals: dict[Year, float] = Field(default_factory=dict, description="Measured values.")
    gross_or_net: Literal["gross", "net"] | None = Field(None, description="GHG targets only.")
    uses_carbon_credits: bool | None = None
    paris_link: Text | None = Field(None, description="How the Paris Agreement informed it.")
    validated_by: str | None = Field(None, description="Third-party validation, e.g. SBTi.")
    progress_note: Text | None = None


class TargetsFile(Strict):
    """``targets.yaml``: the entity's climate-related targets."""

    schema_version: Literal[1]
    targets: list[Target] = Field(min_length=1)


# --------------------------------------------------------------------------- parameters.yaml


PARAMETER_SELECTORS = (
    "an asset id, kind:<kind>, a pack's kind group (e.g. data-centers), "
    "ownership:<owned|leased>, city:<city>, province:<province>, region:<grid region> or "
    "country:<ISO code>"
)


class _Value(Strict):
    """A value with its range, source and evidence status (a parameter or one of its
    place-specific values)."""

    value: float = Field(description="Central value.")
    low: float | None = Field(None, description="Low end of the plausible range.")
    high: float | None = Field(None, description="High end of the plausible range.")
    source: str = Field(description="Where the value comes from.")
    status: Literal["verified", "recalled", "derived", "estimate"] = Field(
        description="Evidence status: verified (checked against the source), recalled (from the "
        "cited publication, not re-checked), derived (computed from cited figures) or estimate "
        "(no published figure exists; the source gives the basis)."
    )
    cited: float | None = Field(
        None,
        description="The central figure the source publishes, when one exists; the range must "
        "include it. Empty for estimates.",
    )

    @model_validator(mode="after")
    def _range(self) -> _Value:
        low = self.value if self.low is None else self.low
        high = self.value if self.high is None else self.high
        if not low <= self.value <= high:
            raise ValueError("need low <= value <= high")
        if self.cited is not None and not low <= self.cited <= high:
            raise ValueError(
                f"the range {low:g}-{high:g} excludes the cited figure {self.cited:g}; "
                "widen the range or correct the citation"
            )
        return self


class ParameterOverride(_Value):
    """The parameter's value at the assets one selector picks (a city's rule, a coast's sea
    level, one plant's measured figure); the unit is the parameter's."""

    where: str = Field(min_length=1, description=f"Which assets: {PARAMETER_SELECTORS}.")


class Parameter(_Value):
    """An engine parameter value with its range and source, and its values by place."""

    unit: str = Field(description="Unit of the value.")
    by: list[ParameterOverride] = Field(
        default_factory=list,
        description="Values for the assets a selector picks. The most specific selector wins "
        "(asset id, then city, then province or region, then country, then kind, group or "
        "ownership); among equals, the later entry.",
    )


class ParametersFile(Strict):
    """``parameters.yaml``: overrides of the engine's default vulnerability parameters."""

    schema_version: Literal[1]
    parameters: dict[str, Parameter] = Field(
        default_factory=dict,
        description="Parameters replaced by name: value, range, unit and source. Place-specific "
        "values of the default (its 'by' list) still apply unless this entry gives the same "
        "selector.",
    )
    by: dict[str, list[ParameterOverride]] = Field(
        default_factory=dict,
        description="Place-specific values added to a parameter without restating its default, "
        "e.g. extreme_sea_level_m for each coast or a city's PUE rule.",
    )


# --------------------------------------------------------------------------- the register


class Register(BaseModel):
    """A whole register, assembled from its files and checked across them."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    root: str = Field(description="Directory the register was read from.")
    main: RegisterFile
    assets: list[Asset]
    items: list[Item]
    metrics: MetricsFile
    targets: TargetsFile
    parameters: ParametersFile
    measures: MeasuresFile | None = Field(None, description="Quantified response measures.")
    sensitivity: SensitivityFile | None = Field(
        None, description="Sensitivity analyses the disclosure reports."
    )
    comparatives: ComparativesFile | None = Field(
        None, description="The prior period and the restatement log."
    )
    files: dict[str, str] = Field(
        default_factory=dict, description="Object key (e.g. 'item:PR-01') → relative file path."
    )

    def asset(self, asset_id: str) -> Asset:
        """The asset with this id."""
        for a in self.assets:
            if a.id == asset_id:
                return a
        raise KeyError(asset_id)

    def item(self, item_id: str) -> Item:
        """The item with this id."""
        for i in self.items:
            if i.id == item_id:
                return i
        raise KeyError(item_id)

    def resolve_assets(self, selectors: list[str]) -> list[Asset]:
        """Assets matched by ids or selectors, in register order, each once."""
        from climrisk.register.terms import kind_groups

        groups = kind_groups(self.main.packs)
        chosen = {a.id for s in selectors for a in select_assets(self.assets, s, groups)}
        return [a for a in self.assets if a.id in chosen]

    @property
    def horizons(self) -> list[Horizon]:
        """The register's horizons, short to long."""
        return self.main.horizons

    @property
    def latest_metrics(self) -> YearMetrics:
        """Metrics of the most recent year."""
        return max(self.metrics.years, key=lambda y: y.year)


def select_assets(
    assets: list[Asset], selector: str, groups: dict[str, tuple[str, ...]] | None = None
) -> list[Asset]:
    """Assets one selector picks; an unknown id or selector returns an empty list.

    ``groups`` are the kind groups of the register's packs (``data-centers`` -> its kinds).
    """
    if selector == "all":
        return list(assets)
    if groups and selector in groups:
        return [a for a in assets if a.kind in groups[selector]]
    if selector == "offices":
        return [a for a in assets if a.kind == "office"]
    key, sep, value = selector.partition(":")
    if sep:
        if key == "kind":
            return [a for a in assets if a.kind == value]
        if key == "ownership":
            return [a for a in assets if a.ownership.value == value]
        if key == "city":
            return [a for a in assets if a.location.city.lower() == value.lower()]
        if key == "province":
            return [a for a in assets if a.location.province.lower() == value.lower()]
        if key == "country":
            return [a for a in assets if (a.location.country or "").lower() == value.lower()]
        if key == "region":
            return [a for a in assets if a.grid_region == value]
        return []
    return [a for a in assets if a.id == selector]


# ``measures`` builds on the field types above and completes ``Register`` when it is loaded;
# a module import here works whichever of the two modules is imported first.
import climrisk.register.measures  # noqa: E402, F401
