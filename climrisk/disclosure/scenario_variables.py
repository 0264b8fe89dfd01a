"""e-3v: the scenario variables behind the amounts, their method and status, and each source.

An assurer's first question about a scenario number is "which data, which version". Each
variable the engine read gets a row: what it is, its status (published, derived or estimate,
from the variable's own metadata), its method and sources, and which source gave the values
at the sites, counted over the site-scenario pairs of the run (the results' ``data_source``).
"""

from __future__ import annotations

from collections import Counter

import numpy as np

from climrisk.disclosure.context import Context
from climrisk.disclosure.labels import join, label, same
from climrisk.disclosure.table import Cell, Column, Table, code

STATUSES = ("published", "derived", "estimate")


def scenario_variables_table(ctx: Context) -> Table | None:
    """One row per scenario variable the run read; ``None`` for results without sources."""
    ds = ctx.effects.dataset
    if "data_source" not in ds:
        return None
    columns = (
        Column("variable", label("col.variable")),
        Column("description", label("col.description")),
        Column("units", label("col.units")),
        Column("status", label("col.status")),
        Column("method", label("col.method_source")),
        Column("supplied_by", label("col.supplied_by")),
    )
    source = ds["data_source"].transpose("driver", "asset", "scenario")
    rows = tuple(
        _row(ctx, str(name), np.asarray(source.sel(driver=name).values, dtype=str))
        for name in source["driver"].values
    ) + _profile_rows(ctx)
    notes = (label("note.e-3v.status"), label("note.e-3v.supplied"))
    return Table("e-3v", "scenario-variables", label("table.e-3v"), columns, rows, notes)


def _row(ctx: Context, name: str, sources: np.ndarray) -> tuple[Cell, ...]:
    attrs = ctx.book.grid_attrs.get(name, {})
    status = str(attrs.get("climrisk_status", ""))
    pairs = sources.size
    counts = Counter(str(s) for s in sources.ravel())
    supplied = [
        label("fmt.supplied").format(source=same(src) if src else label("supplied.none"),
                                     n=str(n), of=str(pairs))
        for src, n in sorted(counts.items(), key=lambda kv: (kv[0] == "", -kv[1], kv[0]))
    ]
    return (
        code(name),
        same(str(attrs.get("long_name", ""))),
        same(str(attrs.get("units", ""))),
        label(f"grid_status.{status}") if status in STATUSES else label("grid_status.unknown"),
        same(str(attrs.get("climrisk_source", ""))),
        join(supplied, label("sep.items")) if supplied else None,
    )


PROFILES = ("flood", "coast", "wind")
"""Asset fields holding a site study's present-day hazard by return period."""


def _profile_rows(ctx: Context) -> tuple[tuple[Cell, ...], ...]:
    """One row per kind of site hazard profile the register's assets give (site data)."""
    assets = ctx.register.assets
    rows = []
    for field_ in PROFILES:
        given = [a for a in assets if getattr(a, field_) is not None]
        if not given:
            continue
        cited = sorted({f"{p.source} ({p.date.isoformat()})" if p.date else p.source
                        for p in (getattr(a, field_) for a in given) if p.source})
        uncited = sum(1 for a in given if not getattr(a, field_).source)
        method = [same(c) for c in cited] + (
            [label("supplied.uncited").format(n=str(uncited))] if uncited else [])
        rows.append((
            code(field_),
            label(f"profile.{field_}"),
            label(f"profile.{field_}.unit"),
            label("grid_status.site"),
            join(method, label("sep.items")),
            label("fmt.supplied").format(source=label("supplied.site"), n=str(len(given)),
                                         of=str(len(assets))),
        ))
    return tuple(rows)
