"""PUE response to outdoor dry- and wet-bulb temperature, fitted on a site's monthly record.

Chiller load follows the wet bulb once it rises above the temperature at which cooling towers
can no longer carry the load alone (free-cooling changeover); fans, pumps and losses follow
the dry bulb. The fit is ordinary least squares of

    PUE_m = b0 + b_db * T_db,m + b_wb * max(0, T_wb,m - T_fc)

on monthly values, with standard errors, R², RMSE and degrees of freedom reported so a
reviewer can judge it. Warming then moves each month's temperatures and the fitted response
gives the change in annual PUE, including the months that lose free cooling.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

FORMULA = (
    "PUE_m = b0 + b_db * T_db,m + b_wb * max(0, T_wb,m - T_fc) (OLS on the site's months); "
    "dPUE(dT) = mean_m[b_db * dT + b_wb * (max(0, T_wb,m + wb_ratio * dT - T_fc) - "
    "max(0, T_wb,m - T_fc))]"
)


class PueFitError(ValueError):
    """The monthly series cannot support the fit (too short, constant or collinear)."""


@dataclass(frozen=True)
class PueFit:
    """Fitted coefficients and their statistics."""

    b0: float
    b_db: float
    b_wb: float
    se_b0: float
    se_db: float
    se_wb: float
    r2: float
    rmse: float
    n: int
    dof: int
    free_cooling_wet_bulb: float

    def as_dict(self) -> dict[str, float]:
        """Plain values, for provenance."""
        return asdict(self)

    def predict(self, dry_bulb: np.ndarray, wet_bulb: np.ndarray) -> np.ndarray:
        """PUE at the given monthly temperatures."""
        return (
            self.b0
            + self.b_db * np.asarray(dry_bulb)
            + self.b_wb * np.maximum(np.asarray(wet_bulb) - self.free_cooling_wet_bulb, 0.0)
        )


def fit_pue(
    pue: np.ndarray,
    dry_bulb_c: np.ndarray,
    wet_bulb_c: np.ndarray,
    free_cooling_wet_bulb_c: float,
) -> PueFit:
    """Least-squares fit of monthly PUE on dry bulb and wet bulb above the changeover."""
    y = np.asarray(pue, float)
    db = np.asarray(dry_bulb_c, float)
    wb = np.asarray(wet_bulb_c, float)
    if not (y.shape == db.shape == wb.shape) or y.ndim != 1:
        raise PueFitError("pue, dry_bulb_c and wet_bulb_c need one value per month each")
    n = y.size
    if n < 6:
        raise PueFitError(f"{n} months are too few for a 3-coefficient fit; give at least 6")
    x = np.column_stack([np.ones(n), db, np.maximum(wb - free_cooling_wet_bulb_c, 0.0)])
    if np.linalg.matrix_rank(x) < 3:
        raise PueFitError(
            "dry bulb and wet bulb above the free-cooling changeover do not vary independently "
            "in these months; give a longer record or a changeover inside their range"
        )
    beta, *_ = np.linalg.lstsq(x, y, rcond=None)
    resid = y - x @ beta
    dof = n - 3
    sse = float(resid @ resid)
    sigma2 = sse / dof if dof else 0.0
    cov = sigma2 * np.linalg.inv(x.T @ x)
    se = np.sqrt(np.maximum(np.diag(cov), 0.0))
    sst = float(((y - y.mean()) ** 2).sum())
    return PueFit(
        b0=float(beta[0]),
        b_db=float(beta[1]),
        b_wb=float(beta[2]),
        se_b0=float(se[0]),
        se_db=float(se[1]),
        se_wb=float(se[2]),
        r2=1.0 - sse / sst if sst > 0 else 1.0,
        rmse=float(np.sqrt(sse / n)),
        n=n,
        dof=dof,
        free_cooling_wet_bulb=float(free_cooling_wet_bulb_c),
    )


def delta_pue_monthly(
    b_db: np.ndarray,
    b_wb: np.ndarray,
    wet_bulb_c: np.ndarray,
    free_cooling_wet_bulb_c: np.ndarray,
    d_tas: np.ndarray,
    wet_per_dry: np.ndarray,
) -> np.ndarray:
    """Change of annual-mean PUE when every month warms by ``d_tas`` (dry bulb) and
    ``wet_per_dry * d_tas`` (wet bulb); ``wet_bulb_c`` is ``(..., 12)`` of the base climate."""
    d = np.maximum(np.asarray(d_tas), 0.0)[..., None]
    wb = np.asarray(wet_bulb_c)
    fc = np.asarray(free_cooling_wet_bulb_c)[..., None]
    before = np.maximum(wb - fc, 0.0)
    after = np.maximum(wb + np.asarray(wet_per_dry)[..., None] * d - fc, 0.0)
    per_month = np.asarray(b_db)[..., None] * d + np.asarray(b_wb)[..., None] * (after - before)
    return per_month.mean(axis=-1)
