"""IFRS S2 29(b)–(d): assets and revenue vulnerable to transition and physical risks, and
aligned with opportunities, under the register's materiality thresholds."""

from __future__ import annotations

import numpy as np
import xarray as xr

from climrisk.engine.portfolio import AssetTable, Company
from climrisk.register.models import Register

CATEGORIES = ("transition", "physical", "opportunity")


def cross_industry(
    mean: xr.DataArray, reg: Register, table: AssetTable, company: Company
) -> xr.Dataset:
    """``cross_industry`` (category x basis x measure x scenario x horizon) and ``vulnerable``.

    An asset is vulnerable to physical risk when its mean annual physical effect exceeds
    ``physical_loss_share`` of its replacement value or of the revenue it supports; to
    transition risk when its transition cost exceeds ``transition_cost_share`` of the revenue
    it supports. Opportunity alignment follows ``opportunity_asset_kinds``. Percentages use
    the register's total replacement value and the latest revenue. ``mean`` is the mean
    annual effect per asset x kind x scenario x horizon.
    """
    mat = reg.main.materiality
    value = xr.DataArray(table.replacement_value, dims="asset")
    supported = xr.DataArray(table.revenue_dependency * company.revenue, dims="asset")
    phys = mean.sel(kind="physical", drop=True)
    trans = mean.sel(kind="transition", drop=True)
    vulnerable_phys = (phys > mat.physical_loss_share * value) | (
        (supported > 0) & (phys > mat.physical_loss_share * supported)
    )
    vulnerable_trans = (supported > 0) & (trans > mat.transition_cost_share * supported)
    aligned = xr.DataArray(
        np.isin(table.kind, list(mat.opportunity_asset_kinds)), dims="asset"
    ).broadcast_like(phys)
    flags = xr.concat(
        [vulnerable_trans, vulnerable_phys, aligned], dim="category", coords="minimal"
    )
    flags = flags.assign_coords(category=list(CATEGORIES)).transpose("category", "asset", ...)

    total_value = float(table.replacement_value.sum())
    amounts = xr.concat(
        [(flags * value).sum("asset"), (flags * supported).sum("asset")], dim="basis"
    ).assign_coords(basis=["assets", "revenue"])
    denom = xr.DataArray(
        [total_value, company.revenue], dims="basis", coords={"basis": ["assets", "revenue"]}
    )
    percent = 100 * amounts / denom.where(denom > 0)
    metric = xr.concat([amounts, percent], dim="measure").assign_coords(
        measure=["amount", "percent"]
    )
    metric = metric.transpose("category", "basis", "measure", "scenario", "horizon")
    metric.attrs.update(
        long_name="IFRS S2 29(b)-(d): amount (presentation currency; replacement value or "
        "revenue supported) and percent of assets or revenue vulnerable or aligned",
        basis=f"assets: replacement value of register assets (total {total_value:.6g}); revenue: "
        f"revenue_dependency x revenue (total {company.revenue:.6g}); thresholds: physical "
        f"{mat.physical_loss_share}, transition {mat.transition_cost_share}; opportunity kinds "
        f"{', '.join(mat.opportunity_asset_kinds) or 'none'}",
    )
    flags = flags.astype(np.int8)
    flags.attrs["long_name"] = "1 where the asset is vulnerable (risks) or aligned (opportunity)"
    return xr.Dataset({"cross_industry": metric, "vulnerable": flags})
