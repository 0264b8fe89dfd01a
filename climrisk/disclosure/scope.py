"""s-3: the scope of the analysis, computed: how much of the company the modelled sites cover.

A disclosure that names the sites it modelled must also say what they leave out (IFRS S2
¶22(b)(i)(7)). Each row sets the modelled sites' share against the company figure it belongs
to: purchased electricity and Scope 2 inside the inventory boundary, the electricity of
upstream leased assets against Scope 3 category 8, and the revenue that depends on the sites.
A figure built from estimated site data carries the estimate marker.
"""

from __future__ import annotations

from collections.abc import Callable

from climrisk.disclosure.labels import label
from climrisk.disclosure.table import Cell, Column, Number, Table
from climrisk.register.models import Asset, Register
from climrisk.vocabulary import Scope3Category

PERCENT = 100
DECIMALS = 0
SHARE_DECIMALS = 1
UPSTREAM_LEASED = Scope3Category("8")


def _sum(assets: list[Asset], read: Callable[[Asset], float]) -> float:
    return float(sum(read(a) for a in assets))


def _estimated(assets: list[Asset], field: str) -> bool:
    return any(field in a.estimates for a in assets)


def scope_table(register: Register) -> Table:
    """Modelled, company total, share and left out, per measure."""
    latest = register.latest_metrics
    ghg = latest.ghg
    factor = register.metrics.method.scope2_grid_factor
    inside = [a for a in register.assets if a.inventory_scope == "scope2"]
    leased = [a for a in register.assets if a.inventory_scope == "scope3-upstream-leased"]
    cat8 = ghg.scope3.categories.get(UPSTREAM_LEASED) if ghg.scope3 is not None else None
    rows_spec: list[tuple[str, str, float, float | None, bool]] = [
        (
            "scope.electricity",
            "unit.mwh",
            _sum(inside, lambda a: a.electricity_mwh),
            latest.energy.indirect_mwh,
            _estimated(inside, "electricity_mwh"),
        ),
        (
            "scope.scope2",
            "unit.tco2e",
            _sum(inside, lambda a: a.electricity_mwh) * factor,
            ghg.scope2_location,
            _estimated(inside, "electricity_mwh"),
        ),
        (
            "scope.upstream_leased",
            "unit.tco2e",
            _sum(leased, lambda a: a.electricity_mwh) * factor,
            cat8,
            _estimated(leased, "electricity_mwh"),
        ),
        (
            "scope.revenue",
            "unit.percent",
            _sum(register.assets, lambda a: a.revenue_dependency) * PERCENT,
            float(PERCENT),
            _estimated(register.assets, "revenue_dependency"),
        ),
    ]
    columns = (
        Column("measure", label("col.measure")),
        Column("unit", label("col.unit")),
        Column("modelled", label("col.modelled_sites"), numeric=True),
        Column("company", label("col.company_total"), numeric=True),
        Column("share", label("col.share_covered"), label("unit.percent"), numeric=True),
        Column("left_out", label("col.left_out"), numeric=True),
    )
    rows: list[tuple[Cell, ...]] = []
    for key, unit, modelled, total, estimate in rows_spec:
        decimals = SHARE_DECIMALS if unit == "unit.percent" else DECIMALS
        share = modelled / total * PERCENT if total else None
        rows.append(
            (
                label(key),
                label(unit),
                Number(modelled, decimals, estimate=estimate),
                None if total is None else Number(total, decimals),
                None if share is None else Number(share, SHARE_DECIMALS, estimate=estimate),
                None if total is None else Number(total - modelled, decimals, estimate=estimate),
            )
        )
    return Table(
        "s-3",
        "scope-of-analysis",
        label("table.s-3"),
        columns,
        tuple(rows),
        (label("note.s-3.basis").format(factor=f"{factor:.4f}"),),
    )
