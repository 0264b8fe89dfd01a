"""Carbon costs as China's compliance markets levy them, and shadow prices disclosed as such.

Four mechanisms, each a pure vectorised function:

- **national ETS** (direct emissions of covered sectors): free allocation by output benchmark,
  so the compliance cost falls only on the shortfall ``max(0, emissions - output x benchmark)``;
- **pilot ETS** (Beijing, Tianjin, Shanghai, Guangdong, Shenzhen): a unit whose direct plus
  indirect (purchased-electricity) emissions reach the market's threshold, in a sector the
  market covers, surrenders allowances; free allocation is grandparented, so the cost is the
  market price on the share of verified emissions not allocated free;
- **green power / GECs**: electricity that must be certified green to meet a mandated or
  targeted share, less what the site already generates, bought at the certificate price;
- **shadow price**: an internal carbon price times emissions, a decision metric and not a cash
  cost (IFRS S2 ¶29(f)).

Scenario prices reach a market by one documented rule (``market_price_path``): the market's
reporting-year price plus the scenario's price change since the reporting year, so a market's
spread to the scenario's national path is kept and the current period uses today's price.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np

FORMULA_PILOT = (
    "emissions = scope1 share + electricity_mwh * ets_pilot_electricity_factor (direct+indirect); "
    "covered = market covers the site's province and sector and emissions >= threshold; "
    "free = emissions * ets_pilot_allocation_ratio (grandparenting); "
    "price(t) = (market price today + max(0, scenario price(t) - scenario price(t0))) * "
    "carbon_price_multiplier; cost = covered * price(t) * (emissions - free) * bearer share "
    "(1 if owned, ets_pilot_lease_pass_through if leased)"
)
FORMULA_NATIONAL = (
    "covered = location.country in the market's countries, sector (asset kind) covered and the "
    "asset's own Scope 1 >= ets_national_threshold_t; free = generation_mwh * "
    "ets_national_power_benchmark (sector benchmark); cost = covered * price(t) * max(0, own "
    "Scope 1 - free) * bearer share, price(t) = (ets_national_price + max(0, scenario price(t) - "
    "scenario price(t0))) * carbon_price_multiplier; only sectors with a benchmark in "
    "carbon_markets.yaml (power) are costed"
)
FORMULA_GREEN_POWER = (
    "required(t) = green_power_required_share from green_power_required_from, "
    "else 0; own = onsite_pv_kw * pv_yield / (electricity_mwh * 1000); certificates_MWh = "
    "electricity_mwh * max(0, required(t) - own); cost = certificates_MWh * gec_price (today's "
    "traded range; no scenario gives certificate prices)"
)
FORMULA_SHADOW = (
    "shadow cost = internal carbon price (register) * (scope1 share + electricity_mwh * "
    "grid_emission_factor(t)); a decision metric disclosed as such, not a cash cost"
)


def market_price_path(
    market_price_today: np.ndarray,
    scenario_price: np.ndarray,
    scenario_price_ref: np.ndarray,
    multiplier: float = 1.0,
) -> np.ndarray:
    """A market's price in the analysis year: today's price plus the scenario's rise since the
    reporting year (never below today's price), scaled by the what-if multiplier.

    A falling scenario path does not pull a market below its traded price: allowance banking
    and price floors keep traded prices from following a model path down.
    """
    rise = np.maximum(np.asarray(scenario_price) - np.asarray(scenario_price_ref), 0.0)
    return (np.asarray(market_price_today) + rise) * multiplier


def shortfall_cost(
    emissions_t: np.ndarray, free_allocation_t: np.ndarray, price: np.ndarray
) -> np.ndarray:
    """Compliance cost of allowances bought for emissions above the free allocation."""
    short = np.maximum(np.asarray(emissions_t) - np.asarray(free_allocation_t), 0.0)
    return short * np.asarray(price)


def national_ets_cost(
    direct_t: np.ndarray,
    output: np.ndarray,
    benchmark_t_per_output: np.ndarray,
    price: np.ndarray,
    covered: np.ndarray,
) -> np.ndarray:
    """National ETS: direct emissions of a covered unit, benchmark free allocation.

    ``output`` is the unit's activity in the benchmark's denominator (MWh of power, t of
    clinker...), so the free allocation is ``output x benchmark`` and the cost falls only on
    the shortfall.
    """
    free = np.asarray(output) * np.asarray(benchmark_t_per_output)
    return np.where(covered, shortfall_cost(direct_t, free, price), 0.0)


def pilot_emissions(
    direct_t: np.ndarray, electricity_mwh: np.ndarray, factor_t_per_mwh: np.ndarray
) -> np.ndarray:
    """Direct plus indirect (purchased electricity) emissions as the pilot markets count them."""
    return np.asarray(direct_t) + np.asarray(electricity_mwh) * np.asarray(factor_t_per_mwh)


def pilot_ets_cost(
    emissions_t: np.ndarray,
    threshold_t: np.ndarray,
    allocation_ratio: np.ndarray,
    price: np.ndarray,
    in_scope: np.ndarray,
) -> np.ndarray:
    """Pilot ETS: a unit in scope (market and sector) at or above the threshold pays the price
    on the share of its emissions not allocated free (grandparented allocation)."""
    e = np.asarray(emissions_t)
    covered = np.asarray(in_scope) & (e >= np.asarray(threshold_t))
    return np.where(covered, shortfall_cost(e, e * np.asarray(allocation_ratio), price), 0.0)


def required_share(year: int, share: np.ndarray, from_year: np.ndarray) -> np.ndarray:
    """The mandated or targeted green-power share in ``year``: nothing before it applies."""
    return np.where(year >= np.asarray(from_year), np.asarray(share), 0.0)


def green_power_mwh(
    electricity_mwh: np.ndarray, required_share: np.ndarray, own_share: np.ndarray
) -> np.ndarray:
    """Green electricity to buy (MWh) to reach ``required_share`` beyond what the site makes."""
    gap = np.maximum(np.asarray(required_share) - np.asarray(own_share), 0.0)
    return np.asarray(electricity_mwh) * gap


def green_power_cost(
    electricity_mwh: np.ndarray,
    required_share: np.ndarray,
    own_share: np.ndarray,
    certificate_price: np.ndarray,
) -> np.ndarray:
    """Cost of the green-electricity certificates (1 GEC = 1 MWh) that meet the share."""
    return green_power_mwh(electricity_mwh, required_share, own_share) * np.asarray(
        certificate_price
    )


def shadow_carbon_cost(emissions_t: np.ndarray, internal_price: float) -> np.ndarray:
    """Internal (shadow) carbon cost: a decision metric, reported as such, not a cash cost."""
    return np.asarray(emissions_t) * internal_price


@dataclass(frozen=True)
class Market:
    """One compliance market: where it applies, what it covers and its parameter names."""

    id: str
    name: str
    scope: str  # "direct" or "direct+indirect"
    sectors: tuple[str, ...] | None  # None = every sector
    provinces: tuple[str, ...] | None  # None = every province
    cities: tuple[str, ...]
    except_cities: tuple[str, ...]
    price: str
    threshold: str
    source: str
    status: str
    countries: tuple[str, ...] | None = None  # None = any country
    benchmarks: dict[str, str] | None = None  # sector -> benchmark parameter (direct markets)

    def covers(self, province: str, city: str, sector: str, country: str | None = None) -> bool:
        """Whether a site in ``province``/``city`` (``country``) of ``sector`` falls under this
        market; a market limited to countries never covers a site of unknown country."""
        if self.countries is not None and (country or "").upper() not in self.countries:
            return False
        p, c = province.strip().lower(), city.strip().lower()
        where = c in self.cities or (
            (self.provinces is None or p in self.provinces) and c not in self.except_cities
        )
        return where and (self.sectors is None or sector in self.sectors)


@dataclass(frozen=True)
class MarketTable:
    """The markets and the sector of each asset kind (``climrisk/data/carbon_markets.yaml``)."""

    markets: tuple[Market, ...]
    asset_sectors: dict[str, str]

    def market(self, market_id: str) -> Market:
        for m in self.markets:
            if m.id == market_id:
                return m
        raise KeyError(market_id)

    def pilot_for(self, province: str, city: str, kind: str) -> Market | None:
        """The pilot market (direct + indirect) covering a site, if any."""
        sector = self.asset_sectors.get(kind, "other")
        for m in self.markets:
            if m.scope == "direct+indirect" and m.covers(province, city, sector):
                return m
        return None

    def national_for(
        self, province: str, city: str, kind: str, country: str | None
    ) -> Market | None:
        """The direct-emissions (national) market covering a site, if any."""
        sector = self.asset_sectors.get(kind, "other")
        for m in self.markets:
            if m.scope == "direct" and m.covers(province, city, sector, country):
                return m
        return None

    def parameters(self, scope: str | None = None) -> tuple[str, ...]:
        """Every parameter the markets (of ``scope``, default all) name."""
        chosen = [m for m in self.markets if scope is None or m.scope == scope]
        names = {n for m in chosen for n in (m.price, m.threshold)}
        names |= {b for m in chosen for b in (m.benchmarks or {}).values()}
        return tuple(sorted(names))


def _names(value: object) -> tuple[str, ...] | None:
    if value == "all":
        return None
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"expected 'all' or a list of names, got {value!r}")
    return tuple(v.strip().lower() for v in value)


@cache
def market_table() -> MarketTable:
    """The package's carbon-market table."""
    from ruamel.yaml import YAML

    from climrisk.paths import package_data

    data = YAML(typ="safe").load(package_data("carbon_markets.yaml").read_text(encoding="utf-8"))
    markets = tuple(
        Market(
            id=m["id"],
            name=m["name"],
            scope=m["scope"],
            sectors=_names(m.get("sectors", "all")),
            provinces=_names(m.get("provinces")),
            cities=_names(m.get("cities")) or (),
            except_cities=_names(m.get("except_cities")) or (),
            price=m["price"],
            threshold=m["threshold"],
            source=m["source"],
            status=m["status"],
            countries=(tuple(c.upper() for c in m["countries"]) if m.get("countries") else None),
            benchmarks=dict(m["benchmarks"]) if m.get("benchmarks") else None,
        )
        for m in data["markets"]
    )
    return MarketTable(markets, dict(data["asset_sectors"]))
