"""Which register inputs each model reads, so a published number can name the ones behind it.

The disclosure marks a number as an estimate when any input behind it is one, and its evidence
cites each input's file and line; both need to know what a model reads. A model missing from
``ASSET_FIELDS`` is taken to read every asset field, which can only over-mark, never hide an
estimate.
"""

from __future__ import annotations

LOCATION = "location"  # covers location.lat, location.lon and location.elevation_m
PUE, WUE, LEASE_PUE = "attributes.pue", "attributes.wue", "attributes.lease_pue_limit"
PUE_FIT = "attributes.pue_per_degc_site"

ASSET_FIELDS: dict[str, tuple[str, ...]] = {
    "flood-damage": (LOCATION, "flood", "replacement_value"),
    "flood-downtime": (LOCATION, "flood", "revenue_dependency"),
    "sea-level-inundation": (LOCATION, "coast", "replacement_value"),
    "wind-damage": ("wind", "replacement_value"),
    "wind-downtime": ("wind", "revenue_dependency"),
    "heat-outage": (LOCATION, "revenue_dependency"),
    "carbon-cost": ("grid_region", "electricity_mwh"),
    "national-ets": (LOCATION, "kind", "activity"),
    "electricity-price": ("grid_region", "electricity_mwh"),
    "disclosure-compliance": ("electricity_mwh",),
    "green-demand-shift": ("grid_region", "revenue_dependency"),
    "financing-cost": ("replacement_value",),
    "onsite-pv": ("grid_region", "onsite_pv_kw"),
    "green-revenue": ("revenue_dependency",),
    "sustainable-finance": ("replacement_value",),
    # data-centers pack
    "cooling-energy": (LOCATION, "kind", "grid_region", "electricity_mwh", PUE, PUE_FIT),
    "water-stress": (LOCATION, "electricity_mwh", PUE, WUE, "revenue_dependency",
                     "hazards.water_stress"),
    "pue-compliance": (LOCATION, "kind", "electricity_mwh", PUE, LEASE_PUE, PUE_FIT),
    "technology-lag": ("kind", PUE, "revenue_dependency", PUE_FIT),
    "efficiency-savings": ("kind", "grid_region", "electricity_mwh", PUE),
    "m-and-e-flood-damage": (LOCATION, "kind", "flood", "replacement_value",
                             "attributes.me_share", "attributes.me_plinth_m"),
    "m-and-e-flood-damage-hazus": (LOCATION, "kind", "flood", "replacement_value",
                                   "attributes.me_share", "attributes.me_plinth_m"),
}
"""Asset fields per model (the adapters in ``climrisk.engine.catalogue``)."""

COMPANY_FIELDS: dict[str, tuple[str, ...]] = {
    "carbon-cost": ("ghg.scope1",),
}
"""Company figures of the latest metrics year a model reads besides revenue (every model's
magnitude is a share of revenue, and revenue-dependent models scale with it)."""


def asset_fields(model: str, every: tuple[str, ...]) -> tuple[str, ...]:
    """The asset fields ``model`` reads; all of ``every`` for a model not listed."""
    return ASSET_FIELDS.get(model, every)


def reads(field: str, estimate_key: str) -> bool:
    """Whether reading ``field`` reads the value an ``estimates`` key names."""
    return estimate_key == field or estimate_key.startswith(field + ".")
