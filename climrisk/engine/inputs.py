"""Which register inputs each model reads, so a published number can name the ones behind it.

The disclosure marks a number as an estimate when any input behind it is one, and its evidence
cites each input's file and line; both need to know what a model reads. A model missing from
``ASSET_FIELDS`` is taken to read every asset field, which can only over-mark, never hide an
estimate.
"""

from __future__ import annotations

from climrisk.vocabulary import EffectModel

E = EffectModel
LOCATION = "location"  # covers location.lat, location.lon and location.elevation_m

ASSET_FIELDS: dict[EffectModel, tuple[str, ...]] = {
    E.flood_damage: (LOCATION, "flood", "replacement_value"),
    E.flood_downtime: (LOCATION, "flood", "revenue_dependency"),
    E.cooling_energy: (LOCATION, "kind", "grid_region", "electricity_mwh", "pue"),
    E.water_stress: (LOCATION, "electricity_mwh", "pue", "wue", "revenue_dependency"),
    E.sea_level_inundation: (LOCATION, "replacement_value"),
    E.heat_outage: (LOCATION, "revenue_dependency"),
    E.carbon_cost: ("grid_region", "electricity_mwh"),
    E.electricity_price: ("grid_region", "electricity_mwh"),
    E.pue_compliance: (LOCATION, "kind", "electricity_mwh", "pue", "lease"),
    E.disclosure_compliance: ("electricity_mwh",),
    E.technology_lag: ("kind", "pue", "revenue_dependency"),
    E.green_demand_shift: ("grid_region", "revenue_dependency"),
    E.financing_cost: ("replacement_value",),
    E.efficiency_savings: ("kind", "grid_region", "electricity_mwh", "pue"),
    E.onsite_pv: ("grid_region", "onsite_pv_kw"),
    E.green_revenue: ("revenue_dependency",),
    E.sustainable_finance: ("replacement_value",),
}
"""Asset fields per model (the adapters in ``climrisk.engine.catalogue``)."""

COMPANY_FIELDS: dict[EffectModel, tuple[str, ...]] = {
    E.carbon_cost: ("ghg.scope1",),
}
"""Company figures of the latest metrics year a model reads besides revenue (every model's
magnitude is a share of revenue, and revenue-dependent models scale with it)."""


def asset_fields(model: EffectModel, every: tuple[str, ...]) -> tuple[str, ...]:
    """The asset fields ``model`` reads; all of ``every`` for a model not listed."""
    return ASSET_FIELDS.get(model, every)


def reads(field: str, estimate_key: str) -> bool:
    """Whether reading ``field`` reads the value an ``estimates`` key names."""
    return estimate_key == field or estimate_key.startswith(field + ".")
