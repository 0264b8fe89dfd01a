"""u-2: engine parameters the register sets or that take other values by place.

An assurance reviewer needs to see where a number was not the package default: a parameter
the register replaced, and every value a parameter takes at some sites only (a city's PUE
rule, a coast's extreme sea level), with the sites it reached, its source and where it is
written down. Parameters at their package value everywhere are in the evidence pages.
"""

from __future__ import annotations

from climrisk.disclosure.context import Context
from climrisk.disclosure.evidence import parameter_input, variants_of_sites
from climrisk.disclosure.labels import label, same
from climrisk.disclosure.table import Cell, Column, Table, code
from climrisk.engine.catalogue import catalogue
from climrisk.engine.parameters import ParameterSet


def parameter_places_table(ctx: Context) -> Table | None:
    """Rows parameter x value used; ``None`` when every parameter is at its package value."""
    reg = ctx.register
    params = ParameterSet.resolve(reg.parameters, reg.main.packs)
    specs = catalogue(reg.main.packs)
    reach: dict[str, set[str]] = {}  # parameter -> the assets of the items using it
    for it in reg.items:
        for q in it.quantification:
            ids = {a.id for a in reg.resolve_assets(q.assets or it.assets)}
            for p in specs[q.model].parameters:
                reach.setdefault(p, set()).update(ids)
    columns = (
        Column("parameter", label("col.parameter")),
        Column("applies", label("col.applies_to")),
        Column("sites", label("col.sites")),
        Column("value", label("col.value")),
        Column("range", label("col.estimate_range")),
        Column("basis", label("col.basis_source")),
        Column("where", label("col.where")),
    )
    rows: list[tuple[Cell, ...]] = []
    for name in sorted(reach):
        if name not in params.overridden and not params.places.get(name):
            continue
        sites = {k: [a for a in ids if a in reach[name]]
                 for k, ids in variants_of_sites(reg, params, name).items()}
        sites = {k: ids for k, ids in sites.items() if ids}
        for k in sorted(sites):
            if k == 0 and name not in params.overridden and not set(sites) - {0}:
                continue  # a place value that reaches no site leaves the default alone
            inp = parameter_input(reg, params, name, k)
            applies = (same(params.places[name][k - 1].override.where) if k else
                       label("fmt.other_sites") if len(sites) > 1 else label("fmt.every_site"))
            span = (same(f"{inp.low:g}–{inp.high:g}")
                    if inp.low is not None and inp.high is not None else None)
            rows.append((code(name), applies, same(", ".join(sites[k])), same(inp.value), span,
                         same(inp.source), same(inp.where)))
    if not rows:
        return None
    return Table("u-2", "parameter-places", label("table.u-2"), columns, tuple(rows),
                 (label("note.u-2"),))
