"""Register-only tables that support the narrative: time horizons and rating scales.

IFRS S2 ¶10(d) asks for the horizons' definitions and their link to planning; ¶25(a)(iii)
asks how likelihood and magnitude are assessed, which the register's scales answer.
"""

from __future__ import annotations

from climrisk.disclosure.labels import label, same, words
from climrisk.disclosure.table import Cell, Column, Number, Table, code, num
from climrisk.register.models import Register

YEARS_DECIMALS = 0
PERCENT = 100
THRESHOLD_DECIMALS = 1


def horizons_table(register: Register) -> Table:
    """One row per horizon, with its span in years, analysis year and planning link."""
    columns = (
        Column("id", label("col.id")),
        Column("horizon", label("col.horizon")),
        Column("start", label("col.start_years"), label("unit.years"), numeric=True),
        Column("end", label("col.end_years"), label("unit.years"), numeric=True),
        Column("analysis_year", label("col.analysis_year"), numeric=True),
        Column("planning_link", label("col.planning_link")),
    )
    rows = tuple(
        (
            code(h.id),
            words(h.name),
            Number(h.start_years, YEARS_DECIMALS),
            num(h.end_years, YEARS_DECIMALS),
            same(str(h.analysis_year)),
            words(h.planning_link),
        )
        for h in register.horizons
    )
    return Table(
        "s-1",
        "time-horizons",
        label("table.s-1"),
        columns,
        rows,
        (label("note.s-1.end").format(end=register.main.entity.reporting_period.end.isoformat()),),
    )


def scales_table(register: Register) -> Table:
    """Likelihood and magnitude levels with thresholds, then the heat-map bands."""
    scales = register.main.scales
    columns = (
        Column("scale", label("col.scale")),
        Column("level", label("col.level"), numeric=True),
        Column("label", label("col.level_label")),
        Column("threshold", label("col.threshold"), label("unit.percent"), numeric=True),
    )
    rows: list[tuple[Cell, ...]] = []
    for name in ("likelihood", "magnitude"):
        for lv in getattr(scales, name):
            rows.append(
                (
                    label(f"scale.{name}"),
                    Number(lv.level, 0),
                    words(lv.label),
                    Number(lv.threshold * PERCENT, THRESHOLD_DECIMALS),
                )
            )
    for band in sorted(scales.bands, key=lambda b: b.min_score):
        rows.append((label("scale.band"), Number(band.min_score, 0), words(band.label), None))
    return Table(
        "s-2",
        "rating-scales",
        label("table.s-2"),
        columns,
        tuple(rows),
        (label("note.s-2.thresholds"),),
    )
