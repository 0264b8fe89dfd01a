"""The scenario axis of every grid: ids, labels and the analogue each scenario borrows.

SSP scenarios are physical pathways and NGFS scenarios are transition pathways. A grid needs
both kinds of variable for every scenario, so each scenario borrows the other kind from a
documented analogue; the ``physical_analogue`` and ``transition_analogue`` coordinates record
the choice so that no borrowed number is mistaken for an original one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from climrisk.vocabulary import CHINA_GRID_REGIONS


@dataclass(frozen=True)
class Scenario:
    """One entry of the ``scenario`` coordinate."""

    id: str
    label: str
    family: str
    type: str
    physical_analogue: str
    transition_analogue: str
    ngfs_name: str | None = None


SCENARIOS: tuple[Scenario, ...] = (
    Scenario("ssp126", "SSP1-2.6", "SSP", "physical", "ssp126", "ngfs-b2c"),
    Scenario("ssp245", "SSP2-4.5", "SSP", "physical", "ssp245", "ngfs-ndc"),
    Scenario("ssp370", "SSP3-7.0", "SSP", "physical", "ssp370", "ngfs-cp"),
    Scenario("ssp585", "SSP5-8.5", "SSP", "physical", "ssp585", "ngfs-cp"),
    Scenario("ngfs-nz2050", "NGFS Net Zero 2050", "NGFS", "transition", "ssp126",
             "ngfs-nz2050", "Net Zero 2050"),
    Scenario("ngfs-b2c", "NGFS Below 2°C", "NGFS", "transition", "ssp126", "ngfs-b2c",
             "Below 2C"),
    Scenario("ngfs-dt", "NGFS Delayed Transition", "NGFS", "transition", "ssp126", "ngfs-dt",
             "Delayed Transition"),
    Scenario("ngfs-ndc", "NGFS NDCs", "NGFS", "transition", "ssp245", "ngfs-ndc", "NDCs"),
    Scenario("ngfs-cp", "NGFS Current Policies", "NGFS", "transition", "ssp370", "ngfs-cp",
             "Current Policies"),
    Scenario("ngfs-fw", "NGFS Fragmented World", "NGFS", "transition", "ssp245", "ngfs-fw",
             "Fragmented World"),
)

ANALOGUE_NOTE = (
    "NGFS scenarios take physical variables from the SSP whose 2081-2100 warming is closest "
    "to the NGFS end-of-century outcome (NZ2050, Below 2C, Delayed Transition -> SSP1-2.6; "
    "NDCs, Fragmented World -> SSP2-4.5; Current Policies -> SSP3-7.0, the hot-house "
    "analogue). SSPs take transition variables from the NGFS scenario with matching policy "
    "ambition (SSP1-2.6 -> Below 2C; SSP2-4.5 -> NDCs; SSP3-7.0 and SSP5-8.5 -> Current "
    "Policies). Estimates: replace when scenario-consistent data are imported."
)

SCENARIO_IDS: tuple[str, ...] = tuple(s.id for s in SCENARIOS)
SSP_LABELS: dict[str, str] = {s.id: s.label for s in SCENARIOS if s.family == "SSP"}
NGFS_NAMES: dict[str, str] = {s.id: s.ngfs_name for s in SCENARIOS if s.ngfs_name}
REGIONS: tuple[str, ...] = CHINA_GRID_REGIONS
QUANTILES: tuple[float, ...] = (0.05, 0.5, 0.95)
YEARS: tuple[int, ...] = tuple(range(2025, 2101))


MAPPING_ATTR = "climrisk_scenario_mapping"
"""Variable attribute naming the analogue coordinate whose values a grid copied in."""
_BY_ID = {s.id: s for s in SCENARIOS}


def borrowed_from(attrs: Mapping[str, object], scenario: str) -> str | None:
    """The analogue whose copy a variable holds for ``scenario``, or ``None`` if its own.

    A grid that gives every scenario its analogue's values says so in ``MAPPING_ATTR``
    (e.g. "NGFS scenarios use physical_analogue"); the copy is not the scenario's own.
    """
    mapping = str(attrs.get(MAPPING_ATTR, ""))
    entry = _BY_ID.get(scenario)
    for key in ("physical_analogue", "transition_analogue"):
        if entry is not None and key in mapping and getattr(entry, key) != scenario:
            return str(getattr(entry, key))
    return None
