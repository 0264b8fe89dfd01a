"""Controlled vocabularies shared by the register, the engine and the disclosure.

Every enumerated word an analyst may write in a register lives here, so that the JSON Schema,
the engine's model table and the disclosure's label catalogue agree on one spelling.
"""

from __future__ import annotations

from enum import StrEnum


class Language(StrEnum):
    """Languages a register's text is written in."""

    en = "en"
    zh_hant = "zh-Hant"


class IssuerClass(StrEnum):
    """HKEX issuer class; sets each Part D item's obligation level."""

    largecap = "LargeCap"
    main_board = "MainBoard"
    gem = "GEM"


class ItemCategory(StrEnum):
    """IFRS S2 App. A / TCFD category of a risk or opportunity."""

    physical_acute = "physical-acute"
    physical_chronic = "physical-chronic"
    transition_policy_legal = "transition-policy-legal"
    transition_technology = "transition-technology"
    transition_market = "transition-market"
    transition_reputation = "transition-reputation"
    opportunity_resource_efficiency = "opportunity-resource-efficiency"
    opportunity_energy_source = "opportunity-energy-source"
    opportunity_products_services = "opportunity-products-services"
    opportunity_markets = "opportunity-markets"
    opportunity_resilience = "opportunity-resilience"

    @property
    def kind(self) -> str:
        """``physical``, ``transition`` or ``opportunity``."""
        return self.value.split("-", 1)[0]

    @property
    def is_risk(self) -> bool:
        """Whether the category is a risk (physical or transition) rather than an opportunity."""
        return self.kind != "opportunity"


class ValueChainStage(StrEnum):
    """Where in the value chain an item bites (IFRS S2 ¶13)."""

    upstream = "upstream"
    own_operations = "own-operations"
    downstream = "downstream"


class Driver(StrEnum):
    """Scenario drivers an item responds to; each maps to grid variables in ``climrisk.grids``."""

    temperature = "temperature"
    extreme_heat = "extreme-heat"
    sea_level = "sea-level"
    extreme_precipitation = "extreme-precipitation"
    flood = "flood"
    typhoon = "typhoon"
    water_stress = "water-stress"
    carbon_price = "carbon-price"
    energy_price = "energy-price"
    grid_emission_factor = "grid-emission-factor"
    policy = "policy"
    technology = "technology"
    customer_preference = "customer-preference"
    investor_preference = "investor-preference"


class TcfdFinancialCategory(StrEnum):
    """TCFD 2017 financial-impact categories."""

    revenues = "revenues"
    expenditures = "expenditures"
    assets_liabilities = "assets-liabilities"
    capital_financing = "capital-financing"


class StatementArea(StrEnum):
    """Primary financial statement a channel lands in."""

    income_statement = "income-statement"
    balance_sheet = "balance-sheet"
    cash_flow = "cash-flow"


class AssetKind(StrEnum):
    """What an asset is; selectors such as ``data-centers`` group these."""

    self_built_data_center = "self-built-data-center"
    leased_data_center = "leased-data-center"
    office = "office"
    warehouse = "warehouse"
    other = "other"

    @property
    def is_data_center(self) -> bool:
        """Whether the asset houses IT load (a data center, owned or leased)."""
        return self.value.endswith("data-center")


class Ownership(StrEnum):
    """Whether the reporting entity owns or leases the asset."""

    owned = "owned"
    leased = "leased"


class GridRegion(StrEnum):
    """China regional power grids (MEE emission-factor regions)."""

    north_china = "north-china"
    northeast_china = "northeast-china"
    east_china = "east-china"
    central_china = "central-china"
    northwest_china = "northwest-china"
    south_china = "south-china"
    hong_kong = "hong-kong"


class ResponseStatus(StrEnum):
    """Progress of a response measure."""

    planned = "planned"
    in_progress = "in-progress"
    implemented = "implemented"
    ongoing = "ongoing"


class NotQuantifiedReason(StrEnum):
    """IFRS S2 ¶19–21 reasons for giving no quantitative financial effect."""

    not_separately_identifiable = "not-separately-identifiable"
    measurement_uncertainty_too_high = "measurement-uncertainty-too-high"
    lacks_skills_capabilities_resources = "lacks-skills-capabilities-resources"


class EffectModel(StrEnum):
    """Vulnerability models the engine implements; items name the ones that quantify them."""

    flood_damage = "flood-damage"
    flood_downtime = "flood-downtime"
    cooling_energy = "cooling-energy"
    water_stress = "water-stress"
    sea_level_inundation = "sea-level-inundation"
    heat_outage = "heat-outage"
    carbon_cost = "carbon-cost"
    electricity_price = "electricity-price"
    pue_compliance = "pue-compliance"
    disclosure_compliance = "disclosure-compliance"
    technology_lag = "technology-lag"
    green_demand_shift = "green-demand-shift"
    financing_cost = "financing-cost"
    efficiency_savings = "efficiency-savings"
    onsite_pv = "onsite-pv"
    green_revenue = "green-revenue"
    sustainable_finance = "sustainable-finance"


class TargetKind(StrEnum):
    """IFRS S2 ¶33(g): absolute or intensity target."""

    absolute = "absolute"
    intensity = "intensity"


class TargetDirection(StrEnum):
    """Whether the target is met by staying at or below, or at or above, the target value."""

    at_most = "at-most"
    at_least = "at-least"


class Scope3Category(StrEnum):
    """GHG Protocol Scope 3 categories 1–15 (IFRS S2 App. A)."""

    c1 = "1"
    c2 = "2"
    c3 = "3"
    c4 = "4"
    c5 = "5"
    c6 = "6"
    c7 = "7"
    c8 = "8"
    c9 = "9"
    c10 = "10"
    c11 = "11"
    c12 = "12"
    c13 = "13"
    c14 = "14"
    c15 = "15"


SCOPE3_NAMES: dict[str, tuple[str, str]] = {
    "1": ("Purchased goods and services", "購買的商品和服務"),
    "2": ("Capital goods", "資本貨物"),
    "3": ("Fuel- and energy-related activities", "燃料和能源相關活動"),
    "4": ("Upstream transportation and distribution", "上游運輸和配送"),
    "5": ("Waste generated in operations", "運營中產生的廢棄物"),
    "6": ("Business travel", "商務差旅"),
    "7": ("Employee commuting", "員工通勤"),
    "8": ("Upstream leased assets", "上游租賃資產"),
    "9": ("Downstream transportation and distribution", "下游運輸和配送"),
    "10": ("Processing of sold products", "售出產品的加工"),
    "11": ("Use of sold products", "售出產品的使用"),
    "12": ("End-of-life treatment of sold products", "售出產品的報廢處理"),
    "13": ("Downstream leased assets", "下游租賃資產"),
    "14": ("Franchises", "特許經營"),
    "15": ("Investments", "投資"),
}
