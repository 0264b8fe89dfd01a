"""Stage 5 of ``run``: ratings, present values, 29(b)–(d) metrics and provenance, as one dataset."""

from __future__ import annotations

import json

import numpy as np
import xarray as xr

from climrisk.engine.coverage import Gaps
from climrisk.engine.flood_map import VARIABLE as FLOOD_VARIABLE
from climrisk.engine.flood_map import FloodMap
from climrisk.engine.partition import PerAsset
from climrisk.engine.plan import FLOOD_MODELS, KINDS, RunPlan
from climrisk.engine.portfolio import Company
from climrisk.engine.ratings import RatingInputs, band, rate
from climrisk.engine.results import Results
from climrisk.engine.totals import STATS, TotalStats
from climrisk.register.models import Horizon

CORRELATION = (
    "one uniform draw per sample sets the grid quantile for all sites, variables, scenarios and "
    "years (fully correlated climate uncertainty); parameters are drawn once per sample and "
    "shared by all sites, scenarios and horizons; the item probability is the largest over its "
    "sites (events fully correlated across sites)"
)


def discounted_years(
    h_start: float, h_end: float | None, ref_year: int, last_year: int
) -> tuple[int, int]:
    """First and last calendar year a horizon's present value covers: the years
    start+1 … end after the reporting year (open end: the grid's last year)."""
    end = round(h_end) if h_end is not None else max(last_year - ref_year, int(h_start) + 1)
    return ref_year + round(h_start) + 1, ref_year + end


def annuity(first: int, last: int, ref_year: int, yearly: float) -> float:
    """Σ (1+r)^-n over the years n = first - ref … last - ref, r = ``yearly``."""
    n = np.arange(first - ref_year, last - ref_year + 1)
    return float(np.sum((1.0 + yearly) ** -n.astype(float)))


def horizon_years(h: Horizon, ref_year: int) -> float:
    """Years a horizon spans; an open horizon runs to its analysis year."""
    end = h.end_years if h.end_years is not None else h.analysis_year - ref_year
    return float(max(end - h.start_years, 1.0))


def discount_rate(plan: RunPlan) -> float:
    """The what-if's rate when one is chosen, else the register's (``valuation``)."""
    chosen = plan.assumptions.discount_rate
    return plan.register.main.valuation.rate if chosen is None else chosen


def assemble(
    plan: RunPlan,
    grid: xr.Dataset,
    out: PerAsset,
    st: TotalStats,
    flood_map: FloodMap | None,
    gaps: Gaps | None = None,
) -> Results:
    """The tidy dataset: amounts, aggregates, present values, ratings, 29(b)–(d), provenance.

    ``flood_map`` gives the flood models' per-site depth source (its ``depth`` is not used).
    """
    reg, table, company = plan.register, plan.table, plan.company
    item_total, probability = st.item_total, st.probability
    scen = plan.scenarios
    horizons = reg.horizons
    scales = reg.main.scales
    items = [it.id for it in plan.items]
    coords = {
        "item": items,
        "asset": list(table.ids),
        "channel": plan.channels,
        "scenario": scen,
        "horizon": [h.id for h in horizons],
        "stat": list(STATS),
        "kind": list(KINDS),
    }
    ih = ("item", "scenario", "horizon")
    last_year = int(grid["year"].values.max())
    yearly = discount_rate(plan)
    spans = np.array([discounted_years(h.start_years, h.end_years, company.reporting_year,
                                       last_year) for h in horizons])
    factor = np.array([annuity(first, last, company.reporting_year, yearly)
                       for first, last in spans])
    share = item_total[..., 0] / company.revenue if company.revenue else item_total[..., 0] * np.nan
    years = np.array([horizon_years(h, company.reporting_year) for h in horizons])
    event = np.array([it.quantification != [] for it in plan.items]) & ~np.isnan(
        probability
    ).any(axis=(1, 2))
    physical = np.array([it.category.kind == "physical" for it in plan.items])
    lik_m, mag_m, conventions = rate(
        scales, RatingInputs(share, probability, st.exceedance, event, physical, years, scen)
    )
    lik, mag = lik_m.copy(), mag_m.copy()
    reasons = []
    for i, it in enumerate(plan.items):
        o = it.rating_override
        if o is not None:
            lik[i], mag[i] = o.likelihood, o.magnitude
        reasons.append(f"{o.reason} ({o.by}, {o.on.isoformat()})" if o else "")
    score = lik * mag
    in_h = np.array([[h.id in it.horizons for h in horizons] for it in plan.items], dtype=np.int8)
    models = np.full((len(items), len(plan.channels)), "", dtype=object)
    current_in = np.zeros((len(items), len(plan.channels)), dtype=bool)
    for j in plan.jobs:
        current_in[j.item, j.channel] |= j.spec.current
        prev = models[j.item, j.channel]
        models[j.item, j.channel] = ",".join(filter(None, [prev, j.spec.model]))

    d = out.detail
    amount = {"amount": (("item", "asset", "channel", "scenario", "horizon", "stat"), out.amount)}
    site = (
        {"site_total": (("asset", "kind", "scenario", "horizon", "stat"), out.site_total)}
        if d
        else {"site_mean": (("asset", "kind", "scenario", "horizon"), out.site_mean)}
    )
    hazard = {
        "flood_loss_rp": (
            ("asset", "return_period", "scenario", "horizon", "stat"),
            out.flood_loss,
        ),
        "inundation_year": (("asset", "scenario", "stat"), out.inundation),
    }
    ds = xr.Dataset(
        {
            **(amount if d else {}),
            "item_total": (("item", "scenario", "horizon", "stat"), item_total),
            "current_effect": (("item", "stat"), st.current_effect),
            "exposed": (("item", "scenario"), st.exposed),
            "present_value": (
                ("item", "scenario", "horizon", "stat"),
                item_total * factor[None, None, :, None],
            ),
            "channel_total": (
                ("channel", "kind", "scenario", "horizon", "stat"),
                st.channel_total,
            ),
            **site,
            "company_total": (("kind", "scenario", "horizon", "stat"), st.company_total),
            "revenue_share": (ih, share),
            "probability": (ih, probability),
            "exceedance": ((*ih, "magnitude_level"), st.exceedance),
            "rating_convention": (("item",), np.array(conventions, dtype=str)),
            "likelihood_modelled": (ih, lik_m),
            "magnitude_modelled": (ih, mag_m),
            "likelihood": (ih, lik),
            "magnitude": (ih, mag),
            "score": (ih, score),
            "band": (ih, band(score, scales).astype(str)),
            "override_reason": (("item",), np.array(reasons, dtype=str)),
            "not_quantified": (
                ("item",),
                np.array(
                    [it.not_quantified.value if it.not_quantified else "" for it in plan.items],
                    dtype=str,
                ),
            ),
            "in_horizon": (("item", "horizon"), in_h),
            "model": (("item", "channel"), models.astype(str)),
            **(gaps.variables() if gaps is not None else {}),
            "current_channel": (("item", "channel"), current_in),
            **(hazard if d else {}),
        },
        coords={
            **coords,
            **({"return_period": out.flood_rps} if d else {}),
            **({"driver": gaps.drivers} if gaps is not None else {}),
            "category": ("item", [str(it.category) for it in plan.items]),
            "item_kind": ("item", [it.category.kind for it in plan.items]),
            "analysis_year": ("horizon", [h.analysis_year for h in horizons]),
            "annuity_factor": ("horizon", factor),
            "pv_first_year": ("horizon", spans[:, 0]),
            "pv_last_year": ("horizon", spans[:, 1]),
            "horizon_years": ("horizon", years),
            "magnitude_level": np.arange(1, st.exceedance.shape[-1] + 1),
        },
    )
    from climrisk.engine.crossindustry import cross_industry

    mean = ds["site_total"].sel(stat="mean", drop=True) if d else ds["site_mean"]
    ds = ds.merge(cross_industry(mean, reg, table, company))
    _describe(ds, company)
    ds.attrs.update(
        _provenance(plan, grid, flood_map)
    )
    return Results(ds)


def _rate_basis(plan: RunPlan) -> str:
    """Where the present values' rate comes from, in English."""
    valuation = plan.register.main.valuation
    if plan.assumptions.discount_rate is not None:
        return "what-if rate chosen in the app"
    if valuation.discount_rate_basis is None:
        return "climrisk default (the register gives no valuation.discount_rate)"
    return valuation.discount_rate_basis.en


def _describe(ds: xr.Dataset, company: Company) -> None:
    """Units and meanings of the variables."""
    money = f"{company.currency} yr-1"
    text = {
        "amount": (
            money,
            "annual financial effect per item, asset and channel (positive; the "
            "item's category says cost or benefit)",
        ),
        "item_total": (money, "annual effect per item, summed over its assets and channels"),
        "current_effect": (
            money,
            "current-period effect: the item's recurring-cost models at the reporting year's "
            "prices, rules and conditions (NaN where only event or scenario models apply)",
        ),
        "exposed": (
            "",
            "whether a hazard of the item's models reaches one of its assets in the scenario "
            "(always true for non-hazard models); an item never exposed has no amounts",
        ),
        "present_value": (
            company.currency,
            "present value of the annual effect held over the "
            "horizon's years at the discount rate (attribute discount_rate)",
        ),
        "channel_total": (money, "annual effect per channel and item kind"),
        "site_total": (money, "annual effect per asset and item kind"),
        "site_mean": (money, "mean annual effect per asset and item kind"),
        "company_total": (money, "annual effect per item kind, whole company"),
        "revenue_share": ("1", "mean item total as a share of revenue (magnitude basis)"),
        "probability": ("yr-1", "annual probability of the item's event (event items only)"),
        "exceedance": (
            "1",
            "share of simulated samples whose effect reaches each magnitude level's threshold",
        ),
        "rating_convention": ("", "rating convention the item is rated under"),
        "likelihood_modelled": ("1", "likelihood level from the model"),
        "magnitude_modelled": ("1", "magnitude level from the model"),
        "likelihood": ("1", "final likelihood level (analyst override if any)"),
        "magnitude": ("1", "final magnitude level (analyst override if any)"),
        "flood_loss_rp": (company.currency, "flood damage of one event at each return period"),
        "inundation_year": ("year", "first year the 1-in-RP extreme sea level reaches the site"),
        "not_assessed_driver": ("", "the driver without data that leaves the item not assessed "
                                "at the asset ('' where assessed)"),
        "not_assessed_reason": ("", "why: outside, masked, no_region, no_variable or no_entry"),
        "not_assessed_text": ("", "the reason in words"),
        "coverage": ("", "per asset and driver, why the scenario data does not cover it "
                     "('' where it does)"),
        "data_source": ("", "per asset and driver, the scenario-data source whose value the "
                        "engine used ('' where none covers it)"),
    }
    for name, (units, meaning) in text.items():
        if name not in ds:
            continue
        ds[name].attrs.update(long_name=meaning, **({"units": units} if units else {}))


def _scope1_rule(plan: RunPlan) -> str:
    """How each asset's Scope 1 was found: its own activity data, or the allocation rule."""
    t, c = plan.table, plan.company
    own = ~np.isnan(t.own_scope1)
    parts = []
    if own.any():
        parts.append(f"own activity data (activity.scope1_t) for {', '.join(t.ids[own])}")
    if (~own).any():
        parts.append(
            f"the company Scope 1 not claimed by own-data assets ({c.scope1_remainder:,.2f} t of "
            f"{c.scope1_t:,.2f} t) allocated to {', '.join(t.ids[~own])} by electricity use "
            f"({c.allocated_electricity_mwh:,.0f} MWh)"
        )
    return "; ".join(parts)


def _knobs(plan: RunPlan) -> dict[str, float]:
    """Every knob of the register's packs with the value the run used."""
    from climrisk.packs import packs_of

    packs = packs_of(plan.register.main.packs)
    return {n: plan.assumptions.knob(n) for p in packs for n in p.spec.knobs}


def _provenance(plan: RunPlan, grid: xr.Dataset, flood_map: FloodMap | None) -> dict[str, object]:
    """Attributes naming every model, formula, parameter, grid and input behind the numbers."""
    reg, table, company, params = plan.register, plan.table, plan.company, plan.params
    hazard = flood_map.provenance(table.ids, table.has_flood) if flood_map else None
    models: dict[str, dict[str, object]] = {}
    for spec in plan.specs.values():
        mapped = hazard is not None and spec.model in FLOOD_MODELS
        models[spec.model] = {
            "module": spec.module,
            "formula": spec.formula,
            "grid_variables": [
                *spec.site_vars,
                *spec.scalar_vars,
                *spec.regional_vars,
                *([FLOOD_VARIABLE] if mapped else []),
            ],
            "parameters": params.provenance(spec.parameters),
        }
        if mapped:
            models[spec.model]["hazard_map"] = hazard
    return {
        "title": "climrisk financial effects",
        "register_root": reg.root,
        "currency": company.currency,
        "reporting_year": company.reporting_year,
        "revenue": company.revenue,
        "revenue_basis": f"metrics year {company.metrics_year}: revenue_million x 1e6",
        "grid_source": str(grid.attrs.get("source", "")),
        "grid_title": str(grid.attrs.get("title", "")),
        "grid_version": str(grid.attrs.get("climrisk_grid_version", "")),
        "grid_history": str(grid.attrs.get("history", "")),
        "scenario_set_layers": str(grid.attrs.get("climrisk_set_layers", "[]")),
        "samples": plan.samples,
        "seed": plan.seed,
        "uncertainty": "triangular(low, value, high) per parameter; " + CORRELATION,
        "usd_rate": company.usd_rate,
        "usd_rate_basis": company.usd_rate_basis,
        "discount_rate": discount_rate(plan),
        "discount_rate_basis": _rate_basis(plan),
        "scope1_allocation": _scope1_rule(plan),
        "assumptions": json.dumps({**plan.assumptions.as_dict(), "knobs": _knobs(plan)}),
        "models": json.dumps(models, ensure_ascii=False),
    }
