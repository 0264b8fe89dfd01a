"""e-6: climate-related targets and progress (IFRS S2 ¶33–36).

A target's status compares the latest measured value with the value due that year: the
target value once the target year is reached, otherwise a milestone for that year.
"""

from __future__ import annotations

from climrisk.disclosure.labels import Words, join, label, same, term, words
from climrisk.disclosure.table import Cell, Column, Table, Tagged, code, num, number_text
from climrisk.measures.progress import target_progress
from climrisk.register.models import Register, Target
from climrisk.vocabulary import TargetDirection

DECIMALS = {"ghg-scope1-2": 2, "ghg-scope1-2-3": 2, "renewable-share": 1}
"""Decimals of the core target metrics; pack and register metrics declare their own."""


def metric_decimals(register: Register, metric: str) -> int:
    """Decimals a target metric's values print with."""
    from climrisk.packs import packs_of

    declared = register.main.vocabulary.target_metrics.get(metric)
    if declared is not None:
        return declared.decimals
    for pack in packs_of(register.main.packs):
        if metric in pack.spec.target_metrics:
            return pack.spec.target_metrics[metric].decimals
    return DECIMALS[metric]


def targets_table(register: Register) -> Table:
    """One row per target, in register order."""
    columns = (
        Column("id", label("col.id")),
        Column("target", label("col.target")),
        Column("metric", label("col.metric")),
        Column("objective", label("col.objective")),
        Column("coverage", label("col.coverage")),
        Column("kind", label("col.target_kind")),
        Column("base", label("col.base")),
        Column("goal", label("col.goal")),
        Column("milestones", label("col.milestones")),
        Column("gross_net", label("col.gross_net")),
        Column("paris", label("col.paris_link")),
        Column("validated", label("col.validated")),
        Column("actual", label("col.latest_actual")),
        Column("status", label("col.status")),
        Column("measures", label("col.target_measures")),
        Column("implied", label("col.implied"), numeric=True),
        Column("gap", label("col.gap"), numeric=True),
        Column("to_date", label("col.to_date"), label("unit.percent"), numeric=True),
        Column("progress", label("col.progress")),
    )
    rows = tuple(_row(register, t) for t in register.targets.targets)
    return Table("e-6", "targets", label("table.e-6"), columns, rows, (label("note.e-6.implied"),))


def _row(register: Register, t: Target) -> tuple[Cell, ...]:
    def value(v: float) -> str:
        return number_text(v, decimals)

    decimals = metric_decimals(register, t.metric)

    coverage = (
        join([words(a.name) for a in register.resolve_assets(t.assets)])
        if t.assets
        else label("coverage.entity")
    )
    base = (
        label("fmt.year_value").format(year=str(t.base_year), value=value(t.base_value))
        if t.base_year is not None and t.base_value is not None
        else None
    )
    goal = label("fmt.goal").format(
        year=str(t.target_year),
        sign=label(f"direction.{t.direction.value}"),
        value=value(t.target_value),
    )
    milestones = (
        join(
            [
                label("fmt.year_value").format(year=str(y), value=value(v))
                for y, v in sorted(t.milestones.items())
            ],
            label("sep.items"),
        )
        if t.milestones
        else None
    )
    latest = max(t.actuals) if t.actuals else None
    actual = (
        label("fmt.year_value").format(year=str(latest), value=value(t.actuals[latest]))
        if latest is not None
        else None
    )
    status = target_status(t, register.main.entity.reporting_period.end.year)
    plan = target_progress(register, t)
    return (
        code(t.id),
        words(t.name),
        term(register, "target_metrics", t.metric, "target_metric"),
        words(t.objective),
        coverage,
        label(f"target_kind.{t.kind.value}"),
        base,
        goal,
        milestones,
        _gross_net(t),
        words(t.paris_link) if t.paris_link else None,
        same(t.validated_by) if t.validated_by else label("no"),
        actual,
        Tagged(label(f"target_status.{status}"), f"status-{status}"),
        same(", ".join(plan.measures)) if plan.measures else None,
        num(plan.implied, decimals),
        num(plan.gap, decimals),
        num(None if plan.progress is None else plan.progress * 100, 1),
        words(t.progress_note) if t.progress_note else None,
    )


def target_status(t: Target, reporting_year: int) -> str:
    """``met``, ``missed``, ``in-progress``, ``not-yet-due`` or ``no-data``."""
    if not t.actuals:
        return "not-yet-due" if t.target_year > reporting_year else "no-data"
    year = max(t.actuals)
    due = t.target_value if year >= t.target_year else t.milestones.get(year)
    if due is None:
        return "in-progress"
    actual = t.actuals[year]
    met = actual <= due if t.direction is TargetDirection.at_most else actual >= due
    return "met" if met else "missed"


def _gross_net(t: Target) -> Words | None:
    if t.gross_or_net is None:
        return None
    parts = [label(f"gross_net.{t.gross_or_net}")]
    if t.uses_carbon_credits is not None:
        parts.append(label("credits.yes" if t.uses_carbon_credits else "credits.no"))
    return join(parts)
