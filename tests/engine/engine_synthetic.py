"""Synthetic scenario grid and register following docs/architecture.md, with simple closed
forms so that tests can compute expected amounts by hand."""

from __future__ import annotations

import numpy as np
import xarray as xr

from climrisk.register.models import (
    Asset,
    Item,
    MetricsFile,
    ParametersFile,
    Register,
    RegisterFile,
    TargetsFile,
)
from climrisk.vocabulary import CHINA_GRID_REGIONS

SCENARIOS = ("ssp245", "ssp585", "ngfs-nz2050")
WARMING_RATE = {"ssp245": 0.02, "ssp585": 0.04, "ngfs-nz2050": 0.01}  # K per year after 2025
CARBON_SLOPE = {"ssp245": 1.0, "ssp585": 0.0, "ngfs-nz2050": 10.0}  # USD2010/t per year
QF = np.array([0.8, 1.0, 1.2])  # quantile factors for 0.05, 0.5, 0.95
REGIONS = CHINA_GRID_REGIONS


def tas(s: str, year: float) -> np.ndarray:
    """Local warming vs 1850–1900 at each quantile, uniform in space."""
    return (1.2 + WARMING_RATE[s] * (year - 2025)) * QF


def carbon(s: str, year: float) -> float:
    return 10.0 + CARBON_SLOPE[s] * (year - 2025)


def grid_factor(year: float) -> float:
    return max(0.6 - 0.004 * (year - 2025), 0.1)


def power_price(year: float) -> float:
    return 0.7 + 0.002 * (year - 2025)


def sea_level(s: str, year: float) -> np.ndarray:
    return 0.005 * (year - 2025) * QF * (2.0 if s == "ssp585" else 1.0)


def make_grid() -> xr.Dataset:
    years = np.arange(2025, 2101)
    lat = np.arange(18.0, 55.0, 1.0)
    lon = np.arange(73.0, 136.0, 1.0)
    shape = (len(SCENARIOS), years.size, 3, lat.size, lon.size)
    t = np.array([[tas(s, y) for y in years] for s in SCENARIOS])  # (s, y, q)
    slr = np.array([[sea_level(s, y) for y in years] for s in SCENARIOS])

    def spread(x: np.ndarray) -> np.ndarray:
        return np.broadcast_to(x[..., None, None], shape).astype(np.float32)

    dims5 = ("scenario", "year", "quantile", "lat", "lon")
    ds = xr.Dataset(
        {
            "gsat": (
                ("scenario", "year", "quantile"),
                (t / 1.2).astype(np.float32),
                {"units": "K"},
            ),
            "tas_change": (dims5, spread(t), {"units": "K"}),
            "tasmax_change": (dims5, spread(t * 1.1 / 1.2), {"units": "K"}),
            "hot_days": (dims5, spread(10 + 20 * t), {"units": "d yr-1"}),
            "cdd": (dims5, spread(100 + 50 * t), {"units": "K d"}),
            "sea_level_change": (dims5, spread(slr), {"units": "m"}),
            "rx1day_change": (dims5, spread(0.07 * t), {"units": "1"}),
            "carbon_price": (
                ("scenario", "year"),
                np.array([[carbon(s, y) for y in years] for s in SCENARIOS], dtype=np.float32),
                {"units": "USD2010 t-1"},
            ),
            "grid_emission_factor": (
                ("scenario", "year", "region"),
                np.broadcast_to(
                    np.array([grid_factor(y) for y in years])[None, :, None],
                    (len(SCENARIOS), years.size, len(REGIONS)),
                ).astype(np.float32),
                {"units": "t MWh-1"},
            ),
            "electricity_price": (
                ("scenario", "year", "region"),
                np.broadcast_to(
                    np.array([power_price(y) for y in years])[None, :, None],
                    (len(SCENARIOS), years.size, len(REGIONS)),
                ).astype(np.float32),
                {"units": "CNY kWh-1"},
            ),
        },
        coords={
            "scenario": list(SCENARIOS),
            "scenario_label": ("scenario", ["SSP2-4.5", "SSP5-8.5", "NGFS Net Zero 2050"]),
            "scenario_family": ("scenario", ["ssp", "ssp", "ngfs"]),
            "scenario_type": ("scenario", ["physical", "physical", "transition"]),
            "year": years.astype(np.int32),
            "quantile": [0.05, 0.5, 0.95],
            "lat": lat,
            "lon": lon,
            "region": list(REGIONS),
        },
        attrs={
            "Conventions": "CF-1.11",
            "source": "synthetic test grid",
            "climrisk_grid_version": "test",
        },
    )
    return ds


def _text(s: str) -> dict[str, str]:
    return {"en": s, "zh-Hant": s}


def _level(n: int, thresholds: list[float]) -> list[dict[str, object]]:
    return [
        {"level": i + 1, "label": _text(f"L{i + 1}"), "threshold": t}
        for i, t in enumerate(thresholds[:n])
    ]


MAIN = {
    "schema_version": 1,
    "packs": ["data-centers"],
    "entity": {
        "name": _text("Test Cloud"),
        "reporting_period": {"start": "2024-01-01", "end": "2024-12-31"},
        "currency": "CNY",
        "base_year": 2022,
        "issuer_class": "MainBoard",
        "usd_rate": 7.19,
        "usd_rate_basis": "test",
    },
    "horizons": [
        {
            "id": "short",
            "name": _text("Short"),
            "start_years": 0,
            "end_years": 5,
            "analysis_year": 2030,
            "planning_link": _text("plan"),
        },
        {
            "id": "long",
            "name": _text("Long"),
            "start_years": 5,
            "analysis_year": 2050,
            "planning_link": _text("life"),
        },
    ],
    "scales": {
        "likelihood": _level(5, [0, 0.01, 0.1, 0.5, 0.9]),
        "magnitude": _level(5, [0, 0.0001, 0.001, 0.01, 0.05]),
        "bands": [
            {"id": "low", "label": _text("Low"), "min_score": 1},
            {"id": "medium", "label": _text("Medium"), "min_score": 6},
            {"id": "high", "label": _text("High"), "min_score": 15},
        ],
    },
    "channels": [
        {
            "id": c,
            "name": _text(c),
            "tcfd_category": cat,
            "statement": "income-statement",
            "line_item": _text(c),
        }
        for c, cat in (
            ("opex", "expenditures"),
            ("damage", "assets-liabilities"),
            ("revenue", "revenues"),
            ("finance", "capital-financing"),
        )
    ],
    "materiality": {
        "physical_loss_share": 0.001,
        "transition_cost_share": 0.01,
        "opportunity_asset_kinds": ["self-built-data-center"],
        "opportunity_basis": _text("green DCs"),
    },
    "scenario_analysis": {
        "scenarios": [{"id": s, "why": _text(s)} for s in SCENARIOS],
        "carried_out": "2024-11-30",
        "scope": _text("all"),
        "sources": _text("test"),
        "resilience": _text("ok"),
    },
    "internal_carbon_price": {"applied": True, "price": 300, "explanation": _text("capex")},
    "remuneration": {"description": _text("no")},
    "capital_deployment": {"description": _text("no")},
    "narrative": {
        k: _text(k)
        for k in (
            "governance_board",
            "governance_management",
            "strategy_transition_plan",
            "risk_management_process",
            "risk_management_integration",
            "current_financial_effects",
        )
    },
}

ASSETS = [
    {
        "id": "dc-bj",
        "name": _text("Beijing DC"),
        "kind": "self-built-data-center",
        "ownership": "owned",
        "location": {
            "lat": 39.9,
            "lon": 116.4,
            "elevation_m": 40,
            "city": "Beijing",
            "province": "Beijing",
        },
        "grid_region": "north-china",
        "electricity_mwh": 100000,
        "attributes": {"pue": 1.374, "wue": 1.5, "it_load_mw": 8},
        "replacement_value": 1e9,
        "revenue_dependency": 0.3,
        "onsite_pv_kw": 1000,
        "flood": {"return_periods": [10, 100, 1000], "depth_m": [0.5, 1.0, 2.0]},
    },
    {
        "id": "dc-sh",
        "name": _text("Shanghai DC"),
        "kind": "leased-data-center",
        "ownership": "leased",
        "location": {
            "lat": 31.2,
            "lon": 121.5,
            "elevation_m": 2.0,
            "city": "Shanghai",
            "province": "Shanghai",
        },
        "grid_region": "east-china",
        "electricity_mwh": 50000,
        "attributes": {"pue": 1.4, "it_load_mw": 4, "lease_pue_limit": 1.3},
        "replacement_value": 5e8,
        "revenue_dependency": 0.2,
        "flood": {"return_periods": [10, 100], "depth_m": [0.0, 0.6], "protection_rp": 20},
        "wind": {"return_periods": [10, 50, 100], "wind_ms": [30.0, 40.0, 50.0], "design_rp": 10},
        "lease": {"lessor": "Colo"},
    },
    {
        "id": "office",
        "name": _text("Office"),
        "kind": "office",
        "ownership": "owned",
        "location": {
            "lat": 30.6,
            "lon": 114.3,
            "elevation_m": 23,
            "city": "Wuhan",
            "province": "Hubei",
        },
        "grid_region": "central-china",
        "electricity_mwh": 2000,
        "replacement_value": 1e8,
        "revenue_dependency": 0.0,
    },
]


def _item(
    id_: str, category: str, models: list[tuple[str, str]], **extra: object
) -> dict[str, object]:
    base = {
        "id": id_,
        "category": category,
        "title": _text(id_),
        "description": _text(id_),
        "financial_impact": _text(id_),
        "value_chain": ["own-operations"],
        "assets": ["all"],
        "drivers": ["temperature"],
        "horizons": ["short", "long"],
        "channels": sorted({c for _, c in models}) or ["opex"],
        "quantification": [{"model": m, "channel": c} for m, c in models],
        "owner": "Ops",
        "last_reviewed": "2024-12-01",
    }
    base.update(extra)
    return base


ITEMS = [
    _item(
        "PR-01",
        "physical-acute",
        [("flood-damage", "damage"), ("flood-downtime", "revenue")],
        assets=["data-centers"],
    ),
    _item(
        "PR-02",
        "physical-chronic",
        [("cooling-energy", "opex"), ("heat-outage", "revenue"), ("water-stress", "opex")],
    ),
    _item("PR-03", "physical-chronic", [("sea-level-inundation", "damage")], assets=["dc-sh"]),
    _item(
        "PR-05", "physical-acute", [("m-and-e-flood-damage", "damage")], assets=["data-centers"]
    ),
    _item(
        "PR-04",
        "physical-acute",
        [("wind-damage", "damage"), ("wind-downtime", "revenue")],
        assets=["dc-sh"],
    ),
    _item(
        "TR-01", "transition-policy-legal", [("carbon-cost", "opex"), ("national-ets", "opex")]
    ),
    _item(
        "TR-02",
        "transition-policy-legal",
        [
            ("electricity-price", "opex"),
            ("pue-compliance", "opex"),
            ("disclosure-compliance", "opex"),
        ],
        rating_override={
            "likelihood": 5,
            "magnitude": 5,
            "reason": "Board judgement on policy",
            "by": "Risk committee",
            "on": "2024-12-01",
        },
    ),
    _item(
        "TR-03",
        "transition-market",
        [
            ("technology-lag", "revenue"),
            ("green-demand-shift", "revenue"),
            ("financing-cost", "finance"),
        ],
    ),
    _item(
        "OP-01",
        "opportunity-resource-efficiency",
        [("efficiency-savings", "opex"), ("onsite-pv", "opex")],
    ),
    _item(
        "OP-02",
        "opportunity-products-services",
        [("green-revenue", "revenue"), ("sustainable-finance", "finance")],
    ),
    _item("TR-04", "transition-reputation", [], not_quantified="measurement-uncertainty-too-high"),
    _item(
        "TR-05",
        "transition-policy-legal",
        [("pilot-ets", "opex"), ("green-power", "opex"), ("shadow-carbon-price", "opex")],
    ),
]

METRICS = {
    "schema_version": 1,
    "method": {
        "standard": _text("GHG"),
        "consolidation": _text("op"),
        "emission_factors": _text("MEE"),
        "scope2_grid_factor": 0.5703,
        "gwp": _text("AR5"),
        "scope3_method": _text("spend"),
    },
    "years": [
        {
            "year": 2024,
            "revenue_million": 1000.0,
            "revenue_basis": "test",
            "ghg": {"scope1": 152.0, "scope2_location": 80000},
            "energy": {"direct_mwh": 500, "indirect_mwh": 152000},
            "water": {"total_t": 100000},
        }
    ],
}

TARGETS = {
    "schema_version": 1,
    "targets": [
        {
            "id": "pue",
            "name": _text("PUE"),
            "metric": "pue",
            "objective": _text("pue"),
            "kind": "intensity",
            "direction": "at-most",
            "target_year": 2025,
            "target_value": 1.3,
        }
    ],
}


def make_register(
    parameters: dict[str, dict[str, object]] | None = None, **main_changes: object
) -> Register:
    main = {**MAIN, **main_changes}
    return Register(
        root="tests/engine/synthetic",
        main=RegisterFile.model_validate(main),
        assets=[Asset.model_validate(a) for a in ASSETS],
        items=[Item.model_validate(i) for i in ITEMS],
        metrics=MetricsFile.model_validate(METRICS),
        targets=TargetsFile.model_validate(TARGETS),
        parameters=ParametersFile.model_validate(
            {"schema_version": 1, "parameters": parameters or {}}
        ),
    )
