"""Policy and legal: climate-disclosure compliance."""

from __future__ import annotations

import numpy as np

FORMULA_DISCLOSURE = (
    "cost = disclosure_compliance_cost * pressure(t) * site_share; pressure = P / (P + "
    "transition_half_price), site_share = electricity_mwh / electricity of all the register's sites"
)


def disclosure_compliance(
    cost_at_full_pressure: np.ndarray, pressure: np.ndarray, site_share: np.ndarray
) -> np.ndarray:
    """The company's disclosure and assurance cost, allocated to sites."""
    return np.asarray(cost_at_full_pressure) * np.asarray(pressure) * np.asarray(site_share)
