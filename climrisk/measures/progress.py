"""Transition-plan progress (IFRS S2 ¶33–36): where the measures linked to a target take it.

For each target, the measures that name it and start after its latest measured year (so
their effect is not yet in the actuals) are applied to the register, and the target metric
is recomputed from the register with and without them:

- PUE: the covered assets' PUE, weighted by electricity (IT load is unchanged by a retrofit);
- Scope 1 and 2 emissions: Scope 1 plus grid electricity net of green power and on-site PV,
  times the register's Scope 2 grid factor (market-based view of procurement);
- other metrics: no measure effect is modelled, so no implied value is given.

The implied value is the latest actual (or, for a target without actuals, the register's
latest measured value) moved by that difference; the gap is how far it
stays from the target (positive = short of it), and progress to date is the share of the
way from the first measured value to the target covered by the latest one.
"""

from __future__ import annotations

from dataclasses import dataclass

from climrisk.engine.parameters import ParameterSet
from climrisk.measures.apply import PUE, apply_measures
from climrisk.register.measures import Measure
from climrisk.register.models import Register, Target
from climrisk.vocabulary import TargetDirection

MODELLED = ("pue", "ghg-scope1-2")


@dataclass(frozen=True)
class Progress:
    """A target against the trajectory its measures imply."""

    measures: tuple[str, ...]
    implied: float | None  # metric value at the target year with the measures in place
    gap: float | None  # implied minus target, signed so that positive is a shortfall
    progress: float | None  # share of the way from the first actual to the target, to date


def linked_measures(register: Register, target: Target) -> list[Measure]:
    """Measures that name ``target``, in the register's order."""
    book = register.measures
    return [m for m in book.measures if target.id in m.targets] if book else []


def target_progress(register: Register, target: Target) -> Progress:
    """The implied value, gap and progress to date of one target."""
    linked = linked_measures(register, target)
    ids = tuple(m.id for m in linked)
    progress = _to_date(target)
    measured = register.latest_metrics.year
    latest_year = max(target.actuals) if target.actuals else measured
    if target.metric not in MODELLED or target.target_year <= latest_year:
        return Progress(ids, None, None, progress)  # not modelled, or already measured
    pending = [m for m in linked if m.start_year > latest_year and m.active(target.target_year)]
    before = _metric(register, target)
    after = _metric(apply_measures(register, pending), target)
    if before is None or after is None:
        return Progress(ids, None, None, progress)
    start = target.actuals[latest_year] if target.actuals else before
    implied = start + (after - before)
    sign = 1.0 if target.direction is TargetDirection.at_most else -1.0
    return Progress(ids, implied, sign * (implied - target.target_value), progress)


def _to_date(t: Target) -> float | None:
    if len(t.actuals) < 2:
        return None
    first, latest = t.actuals[min(t.actuals)], t.actuals[max(t.actuals)]
    if first == t.target_value:
        return None
    return (first - latest) / (first - t.target_value)


def _metric(register: Register, t: Target) -> float | None:
    assets = register.resolve_assets(t.assets) if t.assets else list(register.assets)
    if t.metric == "pue":
        latest = register.latest_metrics.measured.get(PUE, {})
        rows = [(latest.get(a.id, a.attributes.get(PUE)), a.electricity_mwh) for a in assets]
        rows = [(p, e) for p, e in rows if p is not None]
        weight = sum(e for _, e in rows)
        if not rows or weight <= 0:
            return None
        return sum(p * e for p, e in rows) / weight
    factor = register.metrics.method.scope2_grid_factor
    pv_yield = ParameterSet.resolve(register.parameters, register.main.packs).value("pv_yield")
    grid_mwh = sum(
        max(0.0, a.electricity_mwh * (1 - a.green_power_share) - a.onsite_pv_kw * pv_yield / 1e3)
        for a in assets
    )
    return register.latest_metrics.ghg.scope1 + grid_mwh * factor
