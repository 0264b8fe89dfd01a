"""Policy and legal: climate-disclosure compliance by regulatory phase."""

from __future__ import annotations

import numpy as np

FORMULA_DISCLOSURE = (
    "cost = (disclosure_compliance_cost * (1 if t >= mandatory year else disclosure_phase_in_share) "
    "+ climate_assurance_cost * (t >= climate_assurance_from)) * site_share; mandatory year = "
    "disclosure_mandatory_from for HKEX LargeCap issuers, none otherwise (comply or explain); "
    "site_share = electricity_mwh / electricity of all the register's sites"
)


def disclosure_compliance(
    base_cost: np.ndarray,
    year: int,
    mandatory_from: np.ndarray | float,
    phase_in_share: np.ndarray,
    assurance_cost: np.ndarray,
    assurance_from: np.ndarray,
    site_share: np.ndarray,
) -> np.ndarray:
    """Climate-disclosure cost by regulatory phase: part of the full cost while the rules are
    comply-or-explain, all of it once mandatory, plus assurance once required; by site."""
    level = np.where(year >= np.asarray(mandatory_from), 1.0, np.asarray(phase_in_share))
    assurance = np.where(year >= np.asarray(assurance_from), np.asarray(assurance_cost), 0.0)
    return (np.asarray(base_cost) * level + assurance) * np.asarray(site_share)
