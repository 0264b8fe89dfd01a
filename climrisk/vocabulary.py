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


ITEM_KINDS = ("physical", "transition", "opportunity")
"""IFRS S2 App. A: every item category is one of these, and its id starts with it."""

CORE_ITEM_CATEGORIES: tuple[str, ...] = (
    "physical-acute",
    "physical-chronic",
    "transition-policy-legal",
    "transition-technology",
    "transition-market",
    "transition-reputation",
    "opportunity-resource-efficiency",
    "opportunity-energy-source",
    "opportunity-products-services",
    "opportunity-markets",
    "opportunity-resilience",
)
"""IFRS S2 App. A / TCFD categories; a register may declare more (``physical-<word>`` …)."""


class Category(str):
    """An item category id; its prefix says whether it is a physical or transition risk or an
    opportunity, so a register-declared category needs no further wiring."""

    __slots__ = ()

    @property
    def kind(self) -> str:
        """``physical``, ``transition`` or ``opportunity``."""
        return self.split("-", 1)[0]

    @property
    def is_risk(self) -> bool:
        """Whether the category is a risk (physical or transition) rather than an opportunity."""
        return self.kind != "opportunity"


class ValueChainStage(StrEnum):
    """Where in the value chain an item bites (IFRS S2 ¶13)."""

    upstream = "upstream"
    own_operations = "own-operations"
    downstream = "downstream"


CORE_DRIVERS: tuple[str, ...] = (
    "temperature",
    "extreme-heat",
    "sea-level",
    "storm-surge",
    "extreme-precipitation",
    "flood",
    "typhoon",
    "wind",
    "wildfire",
    "drought",
    "water-stress",
    "carbon-price",
    "energy-price",
    "grid-emission-factor",
    "policy",
    "technology",
    "customer-preference",
    "investor-preference",
)
"""Scenario drivers an item may respond to; a register may declare more."""


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


CORE_ASSET_KINDS: tuple[str, ...] = ("office", "warehouse", "factory", "retail", "other")
"""Asset kinds every register may use; industry packs and registers declare more."""


class Ownership(StrEnum):
    """Whether the reporting entity owns or leases the asset."""

    owned = "owned"
    leased = "leased"


CHINA_GRID_REGIONS: tuple[str, ...] = (
    "north-china",
    "northeast-china",
    "east-china",
    "central-china",
    "northwest-china",
    "south-china",
    "hong-kong",
)
"""China regional power grids (MEE emission-factor regions) and Hong Kong: the regions of the
bundled grid's electricity paths. A register declares other electricity regions."""


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


CORE_TARGET_METRICS: tuple[str, ...] = ("ghg-scope1-2", "ghg-scope1-2-3", "renewable-share")
"""Target metrics every register may use; packs and registers declare more."""

CORE_MODELS: tuple[str, ...] = (
    "flood-damage",
    "flood-downtime",
    "sea-level-inundation",
    "wind-damage",
    "wind-downtime",
    "heat-outage",
    "carbon-cost",
    "pilot-ets",
    "national-ets",
    "green-power",
    "shadow-carbon-price",
    "electricity-price",
    "disclosure-compliance",
    "green-demand-shift",
    "financing-cost",
    "onsite-pv",
    "green-revenue",
    "sustainable-finance",
)
"""Ids of the engine's core models (``climrisk.engine.catalogue.CORE``); packs add more."""
