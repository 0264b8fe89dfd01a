"""The register's assets and company figures as arrays, one entry per asset."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from climrisk.engine.transition.carbon_markets import market_table
from climrisk.register.models import Asset, Register

CURVES = ("commercial", "industrial", "residential")


@dataclass(frozen=True)
class AssetTable:
    """Asset attributes the models need, vectorised; ``take`` gives a subset."""

    ids: np.ndarray
    lat: np.ndarray
    lon: np.ndarray
    elevation_m: np.ndarray
    region: np.ndarray
    kind: np.ndarray
    owned: np.ndarray
    pilot_market: np.ndarray  # id of the pilot carbon market covering the site, "" if none
    national_market: np.ndarray  # id of the direct-emissions market covering the site, "" if none
    sector: np.ndarray  # the asset kind's sector in the carbon-market table
    electricity_mwh: np.ndarray
    replacement_value: np.ndarray
    revenue_dependency: np.ndarray
    onsite_pv_kw: np.ndarray
    own_scope1: np.ndarray  # the asset's own Scope 1 (activity.scope1_t summed), NaN if none
    generation_mwh: np.ndarray  # electricity generated, all fuels (activity)
    financial_share: np.ndarray  # share of the asset's effects in the group accounts
    green_power_share: np.ndarray
    flood_rp: np.ndarray
    flood_depth: np.ndarray
    flood_protection: np.ndarray
    flood_curve: np.ndarray
    has_flood: np.ndarray
    flood_projected: np.ndarray  # depths already include climate change (projected hazard map)
    coast_rp: np.ndarray  # (asset, rp) return periods of the coast profile, inf-padded
    coast_level: np.ndarray  # (asset, rp) extreme still-water level, m above mean sea level
    coast_protection: np.ndarray
    coast_curve: np.ndarray
    has_coast: np.ndarray  # the asset gives its own coast profile
    wind_rp: np.ndarray  # (asset, rp) return periods of the wind profile, inf-padded
    wind_ms: np.ndarray  # (asset, rp) 1-minute sustained wind, m/s (0 without a profile)
    wind_design: np.ndarray
    attributes: Mapping[str, np.ndarray] = field(default_factory=dict)
    """Pack-declared attributes (``pue``, ``it_load_mw`` …): the latest year's measured value,
    else the asset file's, else the attribute's default (NaN where it has none)."""
    parameter_variant: Mapping[str, np.ndarray] = field(default_factory=dict)
    """Per parameter with values by place, the variant each asset takes (0 = the parameter's
    own value; ``ParameterSet.assignment``)."""

    @classmethod
    def from_register(cls, reg: Register) -> AssetTable:
        """Arrays from the register; measured attributes of the latest year win over declared."""
        from climrisk.packs import packs_of

        latest = reg.latest_metrics
        assets = reg.assets
        rp, depth = return_period_table([(a.flood.return_periods, a.flood.depth_m)
                                         if a.flood else None for a in assets], 0.0)
        coast_rp, coast_level = return_period_table(
            [(a.coast.return_periods, a.coast.still_water_m) if a.coast else None
             for a in assets], np.nan)
        wind_rp, wind_ms = return_period_table(
            [(a.wind.return_periods, a.wind.wind_ms) if a.wind else None for a in assets], 0.0)

        def arr(values: list[object], dtype: type = float) -> np.ndarray:
            return np.asarray(values, dtype=dtype)

        return cls(
            ids=arr([a.id for a in assets], object),
            lat=arr([a.location.lat for a in assets]),
            lon=arr([a.location.lon for a in assets]),
            elevation_m=arr([a.location.elevation_m for a in assets]),
            region=arr([a.grid_region for a in assets], object),
            kind=arr([a.kind for a in assets], object),
            owned=arr([a.ownership == "owned" for a in assets], bool),
            pilot_market=_pilot_markets(assets),
            national_market=_national_markets(assets),
            sector=arr([market_table().asset_sectors.get(a.kind, "other") for a in assets],
                       object),
            electricity_mwh=arr([a.electricity_mwh for a in assets]),
            replacement_value=arr([a.replacement_value for a in assets]),
            revenue_dependency=arr([a.revenue_dependency for a in assets]),
            onsite_pv_kw=arr([a.onsite_pv_kw for a in assets]),
            own_scope1=arr([_own_scope1(a) for a in assets]),
            generation_mwh=arr(
                [sum(a.activity.generation_mwh.values()) if a.activity else 0.0 for a in assets]
            ),
            financial_share=arr([a.holding.financial_share if a.holding else 1.0 for a in assets]),
            green_power_share=arr([a.green_power_share for a in assets]),
            flood_rp=rp,
            flood_depth=depth,
            flood_protection=arr([a.flood.protection_rp if a.flood else 0.0 for a in assets]),
            flood_curve=arr([a.flood.curve if a.flood else "commercial" for a in assets], object),
            has_flood=arr([a.flood is not None for a in assets], bool),
            flood_projected=np.zeros(len(assets), dtype=bool),
            coast_rp=coast_rp,
            coast_level=coast_level,
            coast_protection=arr([a.coast.protection_rp if a.coast else 0.0 for a in assets]),
            coast_curve=arr([a.coast.curve if a.coast else "commercial" for a in assets], object),
            has_coast=arr([a.coast is not None for a in assets], bool),
            wind_rp=wind_rp,
            wind_ms=wind_ms,
            wind_design=arr([a.wind.design_rp if a.wind else 0.0 for a in assets]),
            attributes={
                name: arr(
                    [
                        latest.measured.get(name, {}).get(
                            a.id, a.attributes.get(name, np.nan if spec.default is None
                                                   else spec.default)
                        )
                        for a in assets
                    ]
                )
                for pack in packs_of(reg.main.packs)
                for name, spec in pack.spec.attributes.items()
            },
        )

    def __len__(self) -> int:
        return int(self.ids.size)

    def take(self, idx: np.ndarray | slice) -> AssetTable:
        """The assets at ``idx``."""
        maps = ("attributes", "parameter_variant")
        cols = {k: v[idx] for k, v in self.__dict__.items() if k not in maps}
        return AssetTable(**cols, **{m: {k: v[idx] for k, v in getattr(self, m).items()}
                                     for m in maps})


def _own_scope1(asset: Asset) -> float:
    total = asset.activity.scope1_total if asset.activity else None
    return np.nan if total is None else total


def return_period_table(
    profiles: list[tuple[list[float], list[float]] | None], missing: float
) -> tuple[np.ndarray, np.ndarray]:
    """Per-asset hazard profiles as ``(asset, rp)`` arrays: return periods padded with ``inf``
    (weight 0 in the EAD) and values with the last one (a flat tail); ``missing`` fills the
    values of assets without a profile (``None``)."""
    n_rp = max((len(p[0]) for p in profiles if p), default=1)
    rp = np.full((len(profiles), n_rp), np.inf)
    values = np.full((len(profiles), n_rp), missing)
    for i, p in enumerate(profiles):
        if p:
            k = len(p[0])
            rp[i, :k] = p[0]
            values[i, :k] = p[1]
            values[i, k:] = p[1][-1]
    return rp, values


def _national_markets(assets: list[Asset]) -> np.ndarray:
    """Direct-emissions market id per asset (by country, province, city and kind)."""
    table = market_table()
    keys = [(a.location.province, a.location.city, a.kind, a.location.country) for a in assets]
    found = {k: table.national_for(*k) for k in set(keys)}
    return np.asarray([found[k].id if found[k] else "" for k in keys], dtype=object)


def _pilot_markets(assets: list[Asset]) -> np.ndarray:
    """Pilot-market id per asset, looked up once per distinct province, city and kind."""
    table = market_table()
    keys = [(a.location.province, a.location.city, a.kind) for a in assets]
    found: dict[tuple[str, str, str], str] = {}
    for k in set(keys):
        m = table.pilot_for(*k)
        found[k] = m.id if m else ""
    return np.asarray([found[k] for k in keys], dtype=object)


@dataclass(frozen=True)
class Company:
    """Company-level figures of the latest metrics year.

    ``scope1_remainder`` is the inventory's Scope 1 that no asset claims as its own (the
    company total less each own-data asset's Scope 1 at its inventory share); it is spread
    over the assets without own data by their electricity use (``allocated_electricity_mwh``).
    """

    revenue: float
    scope1_t: float
    total_electricity_mwh: float
    currency: str
    usd_rate: float
    usd_rate_basis: str
    reporting_year: int
    metrics_year: int
    scope1_remainder: float = 0.0
    allocated_electricity_mwh: float = 0.0
    issuer_class: str = "MainBoard"
    internal_carbon_price: float | None = None

    @classmethod
    def from_register(cls, reg: Register) -> Company:
        from climrisk.currency import usd_rate

        latest = reg.latest_metrics
        e = reg.main.entity
        if e.usd_rate is not None:
            rate, basis = e.usd_rate, e.usd_rate_basis or ""
        else:
            table = usd_rate(e.currency, e.reporting_period.end.year)
            rate, basis = table.per_usd, "FX table: " + table.basis
        claimed = scope1_claimed(reg)
        without = [a for a in reg.assets if np.isnan(_own_scope1(a))]
        return cls(
            revenue=latest.revenue_million * 1e6,
            scope1_t=latest.ghg.scope1,
            total_electricity_mwh=float(sum(a.electricity_mwh for a in reg.assets)),
            currency=e.currency,
            usd_rate=rate,
            usd_rate_basis=basis,
            reporting_year=e.reporting_period.end.year,
            metrics_year=latest.year,
            scope1_remainder=max(latest.ghg.scope1 - claimed, 0.0),
            allocated_electricity_mwh=float(sum(a.electricity_mwh for a in without)),
            issuer_class=str(reg.main.entity.issuer_class.value),
            internal_carbon_price=(
                reg.main.internal_carbon_price.price
                if reg.main.internal_carbon_price.applied
                else None
            ),
        )


def scope1_claimed(reg: Register) -> float:
    """Scope 1 of the inventory that assets give as their own (at their inventory share)."""
    approach = reg.main.entity.consolidation
    total = 0.0
    for a in reg.assets:
        own = _own_scope1(a)
        if not np.isnan(own):
            share = a.holding.inventory_share(approach) if a.holding else 1.0
            total += own * share
    return total
