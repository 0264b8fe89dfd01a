"""e-5: the GHG inventory by year, as published (IFRS S2 ¶29(a), HKEX Part D Scope 1–3).

Figures are printed exactly as the register states them, to the published two decimals;
Scope 1+2 and its intensity are computed only when the register does not state them.
"""

from __future__ import annotations

from collections.abc import Callable

from climrisk.disclosure.labels import Words, label, same, words
from climrisk.disclosure.table import Cell, Column, Number, Table, num
from climrisk.register.models import Ghg, Register, YearMetrics
from climrisk.vocabulary import SCOPE3_NAMES, Scope3Category

TONNES_DECIMALS = 2
INTENSITY_DECIMALS = 2
PERCENT_DECIMALS = 2
PERCENT = 100
FACTOR_DECIMALS = 4
FACTOR_TOLERANCE = 0.005  # relative change of the Scope 2 factor treated as a change of basis

Reader = Callable[[YearMetrics], float | None]


def scope1_2(ghg: Ghg) -> float:
    """Scope 1 + 2 (location-based) as published, or their sum."""
    return ghg.scope1_2 if ghg.scope1_2 is not None else ghg.scope1 + ghg.scope2_location


def scope3_total(ghg: Ghg) -> float | None:
    """Scope 3 total as published, or the sum of its categories."""
    if ghg.scope3 is None:
        return None
    if ghg.scope3.total is not None:
        return ghg.scope3.total
    return sum(ghg.scope3.categories.values()) if ghg.scope3.categories else None


def intensity(year: YearMetrics) -> float | None:
    """Scope 1+2 per million of revenue, as published or computed."""
    if year.ghg.scope1_2_intensity is not None:
        return year.ghg.scope1_2_intensity
    return scope1_2(year.ghg) / year.revenue_million if year.revenue_million else None


def scope2_factors(register: Register) -> dict[int, tuple[float, Words]]:
    """Each year's Scope 2 grid factor (t/MWh) and its source: as the year records it; for the
    latest year, the method's factor; otherwise implied by Scope 2 over purchased electricity."""
    latest = register.latest_metrics.year
    method = register.metrics.method
    out: dict[int, tuple[float, Words]] = {}
    for y in register.metrics.years:
        mwh = y.energy.indirect_mwh
        if y.scope2_factor is not None:
            out[y.year] = (y.scope2_factor.value, words(y.scope2_factor.source))
        elif y.year == latest:
            out[y.year] = (method.scope2_grid_factor, words(method.emission_factors))
        elif mwh:
            out[y.year] = (y.ghg.scope2_location / mwh, label("fmt.factor_implied"))
    return out


def factor_changed(factors: dict[int, tuple[float, Words]], before: int, after: int) -> bool:
    """Whether the Scope 2 factor differs between two years by more than rounding."""
    if before not in factors or after not in factors:
        return False
    a, b = factors[before][0], factors[after][0]
    return abs(a - b) > FACTOR_TOLERANCE * b


def _category(cat: Scope3Category) -> Reader:
    def read(y: YearMetrics) -> float | None:
        return None if y.ghg.scope3 is None else y.ghg.scope3.categories.get(cat)

    return read


def ghg_table(register: Register) -> Table:
    """Scopes and Scope 3 categories by year, with change, share and inclusion."""
    years = sorted(register.metrics.years, key=lambda y: y.year)
    latest = years[-1]
    previous = years[-2] if len(years) > 1 else None
    columns = (
        Column("line", label("col.ghg_line")),
        Column("unit", label("col.unit")),
        *(Column(f"y{y.year}", same(str(y.year)), numeric=True) for y in years),
        Column("change", label("col.yoy_change"), label("unit.percent"), numeric=True),
        Column(
            "share",
            label("col.share_of_total").format(year=str(latest.year)),
            label("unit.percent"),
            numeric=True,
        ),
        Column("status", label("col.inclusion")),
    )
    tonnes, per_revenue = (
        label("unit.tco2e"),
        label("unit.tco2e_per_revenue").format(currency=register.main.entity.currency),
    )
    lines: list[tuple[Words, Words, Reader, int, bool]] = [
        (label("ghg.scope1"), tonnes, lambda y: y.ghg.scope1, TONNES_DECIMALS, True),
        (
            label("ghg.scope2_location"),
            tonnes,
            lambda y: y.ghg.scope2_location,
            TONNES_DECIMALS,
            True,
        ),
    ]
    factors = scope2_factors(register)
    info = [
        (
            label("ghg.scope2_factor"),
            label("unit.t_per_mwh"),
            lambda y: factors[y.year][0] if y.year in factors else None,
            FACTOR_DECIMALS,
            False,
        )
    ]
    changed = previous is not None and factor_changed(factors, previous.year, latest.year)
    if changed:
        current = factors[latest.year][0]
        info.append(
            (
                label("ghg.scope2_like_for_like").format(year=str(latest.year)),
                tonnes,
                lambda y: y.energy.indirect_mwh * current if y.energy.indirect_mwh else None,
                TONNES_DECIMALS,
                False,
            )
        )
    lines += info
    if any(y.ghg.scope2_market is not None for y in years):
        lines.append(
            (
                label("ghg.scope2_market"),
                tonnes,
                lambda y: y.ghg.scope2_market,
                TONNES_DECIMALS,
                False,
            )
        )
    lines += [
        (label("ghg.scope1_2"), tonnes, lambda y: scope1_2(y.ghg), TONNES_DECIMALS, False),
        (label("ghg.scope3"), tonnes, lambda y: scope3_total(y.ghg), TONNES_DECIMALS, True),
    ]
    total = _total(latest)
    scope3_base = scope3_total(latest.ghg)
    rows: list[tuple[Cell, ...]] = []
    for name, unit, read, decimals, in_total in lines:
        rows.append(
            _line(
                name,
                unit,
                read,
                decimals,
                years,
                previous,
                total if in_total else None,
                label("inclusion.included")
                if read(latest) is not None and (name, unit, read, decimals, in_total) not in info
                else None,
            )
        )
    for cat in Scope3Category:
        en, zh = SCOPE3_NAMES[cat.value]
        name = label("fmt.scope3_category").format(number=cat.value, name=Words(en, zh))
        rows.append(
            _line(
                name,
                tonnes,
                _category(cat),
                TONNES_DECIMALS,
                years,
                previous,
                scope3_base,
                _inclusion(latest, cat),
            )
        )
    rows.append(
        _line(
            label("ghg.intensity"),
            per_revenue,
            intensity,
            INTENSITY_DECIMALS,
            years,
            previous,
            None,
            None,
        )
    )
    method = register.metrics.method
    notes = (
        *tuple(
            label(f"note.e-5.{key}").format(text=words(getattr(method, key)))
            for key in ("standard", "consolidation", "emission_factors", "gwp", "scope3_method")
        ),
        *_factor_notes(years, factors),
        label("note.e-5.shares"),
        label("note.e-5.base_year").format(year=str(register.main.entity.base_year)),
    )
    return Table("e-5", "ghg-inventory", label("table.e-5"), columns, tuple(rows), notes)


def _total(year: YearMetrics) -> float | None:
    s3 = scope3_total(year.ghg)
    if s3 is None:
        return None
    return year.ghg.scope1 + year.ghg.scope2_location + s3


def _line(
    name: Words,
    unit: Words,
    read: Reader,
    decimals: int,
    years: list[YearMetrics],
    previous: YearMetrics | None,
    total: float | None,
    status: Words | None,
) -> tuple[Cell, ...]:
    values = [read(y) for y in years]
    latest = values[-1]
    before = read(previous) if previous is not None else None
    change = None
    if latest is not None and before:
        change = Number((latest - before) / before * PERCENT, PERCENT_DECIMALS)
    share = None
    if latest is not None and total:
        share = Number(latest / total * PERCENT, PERCENT_DECIMALS)
    return (name, unit, *(num(v, decimals) for v in values), change, share, status)


def _inclusion(year: YearMetrics, cat: Scope3Category) -> Words:
    scope3 = year.ghg.scope3
    if scope3 is not None and cat in scope3.categories:
        return label("inclusion.included")
    if scope3 is not None and cat in scope3.excluded:
        return label("fmt.excluded").format(reason=words(scope3.excluded[cat]))
    return label("inclusion.not_reported")


def _factor_notes(
    years: list[YearMetrics], factors: dict[int, tuple[float, Words]]
) -> list[Words]:
    """Each year's factor and its source; for a change of factor, its effect (like-for-like)."""
    notes = []
    for y in years:
        if y.year not in factors:
            continue
        factor, source = factors[y.year]
        notes.append(
            label("note.e-5.factor").format(
                year=str(y.year), factor=f"{factor:.4f}", source=source
            )
        )
        if y.restatement is not None:
            notes.append(label("note.e-5.restatement").format(
                year=str(y.year), text=words(y.restatement)
            ))
    for before, after in zip(years, years[1:], strict=False):
        if not factor_changed(factors, before.year, after.year):
            continue
        a, b = factors[before.year][0], factors[after.year][0]
        mwh = before.energy.indirect_mwh
        if not mwh or not before.ghg.scope2_location:
            continue
        restated = mwh * b
        reported = (after.ghg.scope2_location - before.ghg.scope2_location) / (
            before.ghg.scope2_location
        )
        like = (after.ghg.scope2_location - restated) / restated
        notes.append(
            label("note.e-5.factor_change").format(
                before=str(before.year),
                after=str(after.year),
                a=f"{a:.4f}",
                b=f"{b:.4f}",
                restated=f"{restated:,.2f}",
                reported=f"{reported * PERCENT:+.1f}",
                like=f"{like * PERCENT:+.1f}",
            )
        )
    return notes
