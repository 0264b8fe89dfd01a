"""Management's level of each item against the model's rating, and which one is published.

IFRS S2 ¶22 wants conclusions drawn from the analysis: a disclosure must not print "Low" from
management next to "High" from the model. Where the two differ by more than the register's
tolerance (``scales.conventions.tolerance_bands``), ``climrisk build`` refuses until the item
records a reconciliation: which level stands, why, who decided and when.
"""

from __future__ import annotations

from dataclasses import dataclass

from climrisk.disclosure.effects import Effects, Rating
from climrisk.errors import Problem, RegisterError
from climrisk.register.locate import file_of, problem
from climrisk.register.models import Item, Reconciliation, Register


@dataclass(frozen=True)
class Assessment:
    """One item's published level and where it comes from."""

    item: str
    management: str | None  # band id
    model: Rating | None  # the worst modelled rating over scenarios and horizons
    scenario: str | None
    horizon: str | None
    gap: int | None  # bands between the two; None when either is missing
    reconciliation: Reconciliation | None

    @property
    def basis(self) -> str:
        """``model`` (no management level), ``management`` (no modelled rating), ``agreed``,
        ``within-tolerance`` or ``reconciled-management`` / ``reconciled-model``."""
        if self.management is None:
            return "model"
        if self.model is None:
            return "management"
        if self.reconciliation is not None:
            return f"reconciled-{self.reconciliation.outcome}"
        return "agreed" if self.gap == 0 else "within-tolerance"

    @property
    def level(self) -> str | None:
        """The band the disclosure presents."""
        if self.model is None or self.basis in ("within-tolerance", "reconciled-management"):
            return self.management
        return self.model.band


def _band_order(register: Register) -> dict[str, int]:
    bands = sorted(register.main.scales.bands, key=lambda b: b.min_score)
    return {b.id: n for n, b in enumerate(bands)}


def assess(register: Register, effects: Effects, item: Item) -> Assessment:
    """Compare the item's management level with its worst modelled rating."""
    horizons = [h.id for h in register.horizons if h.id in item.horizons]
    found = effects.worst(item.id, horizons)
    rating, scenario, horizon = found if found else (None, None, None)
    conclusion = item.conclusion
    management = conclusion.level if conclusion else None
    gap = None
    if rating is not None and management is not None:
        order = _band_order(register)
        gap = abs(order[rating.band] - order[management])
    return Assessment(
        item.id,
        management,
        rating,
        scenario,
        horizon,
        gap,
        conclusion.reconciliation if conclusion else None,
    )


def assessments(register: Register, effects: Effects) -> dict[str, Assessment]:
    """Every item's assessment, by item id."""
    return {i.id: assess(register, effects, i) for i in register.items}


def unreconciled(register: Register, effects: Effects) -> list[Problem]:
    """A problem per item whose levels differ beyond the tolerance with nothing recorded."""
    tolerance = register.main.scales.conventions.tolerance_bands
    labels = {b.id: b.label.en for b in register.main.scales.bands}
    problems = []
    for item in register.items:
        a = assess(register, effects, item)
        if a.gap is None or a.gap <= tolerance or a.reconciliation is not None:
            continue
        assert a.model is not None and a.management is not None
        problems.append(
            problem(
                register,
                file_of(register, f"item:{item.id}"),
                ("conclusion", "level"),
                f"{item.id}: management's level {labels[a.management]} and the model's "
                f"{labels[a.model.band]} ({a.model.likelihood}×{a.model.magnitude}, "
                f"{a.scenario}, {a.horizon} term) are {a.gap} band(s) apart; the register's "
                f"tolerance is {tolerance}",
                "review the item and record conclusion.reconciliation (outcome: management or "
                "model, explanation in en and zh-Hant, by, on), or revise conclusion.level",
            )
        )
    return problems


def require_reconciled(register: Register, effects: Effects) -> None:
    """Refuse to build while any item's levels contradict each other unexplained."""
    problems = unreconciled(register, effects)
    if problems:
        raise RegisterError(problems)
