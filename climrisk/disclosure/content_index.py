"""e-7: the HKEX ESG Code Part D content index with obligation and status per requirement.

Obligations follow the phasing table in ``part_d.yaml`` for the register's issuer class and
financial year; the status (disclosed, partial, explained, not disclosed) is derived from what
the register and the results actually contain, so the index cannot claim more than the tables.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from climrisk.disclosure.context import Context
from climrisk.disclosure.labels import Words, label, same
from climrisk.disclosure.scenario_definitions import is_paris_aligned
from climrisk.disclosure.table import Cell, Column, Table, Tagged, code
from climrisk.disclosure.targets import target_status
from climrisk.vocabulary import Scope3Category

CATALOGUE = Path(__file__).with_name("part_d.yaml")

Status = tuple[str, Words | None]


@cache
def part_d() -> dict[str, Any]:
    """The parsed requirement catalogue."""
    with CATALOGUE.open(encoding="utf-8") as fh:
        data: dict[str, Any] = YAML(typ="safe").load(fh)
    return data


def obligation(group: str, issuer_class: str, year: int) -> tuple[str, int]:
    """The obligation of a requirement group, and the financial year it is evaluated for.

    Before Part D takes effect the obligation of its first year is shown, so that a register
    for an earlier year reads as a readiness check.
    """
    data = part_d()
    year = max(year, int(data["effective_from"]))
    steps = sorted(data["phasing"][group][issuer_class])
    chosen = steps[0][1]
    for first_year, level in steps:
        if year >= first_year:
            chosen = level
    return str(chosen), year


def content_index_table(ctx: Context) -> Table:
    """One row per Part D requirement."""
    entity = ctx.register.main.entity
    fy = entity.reporting_period.start.year
    columns = (
        Column("id", label("col.requirement")),
        Column("topic", label("col.topic")),
        Column("part_d", label("col.part_d")),
        Column("ifrs_s2", label("col.ifrs_s2")),
        Column("tcfd", label("col.tcfd")),
        Column(
            "obligation",
            label("col.obligation").format(issuer=label(f"issuer.{entity.issuer_class.value}")),
        ),
        Column("section", label("col.section")),
        Column("status", label("col.status")),
        Column("note", label("col.note")),
    )
    rows: list[tuple[Cell, ...]] = []
    for req in part_d()["requirements"]:
        level, year = obligation(req["group"], entity.issuer_class.value, fy)
        status, note = CHECKS[req["id"]](ctx)
        rows.append(
            (
                code(req["id"]),
                label(f"req.{req['id']}"),
                label("fmt.indicative").format(paragraph=req["part_d"]),
                same(req["ifrs_s2"]),
                same(req["tcfd"]),
                label("fmt.obligation").format(level=label(f"obligation.{level}"), year=str(year)),
                label(f"section.{req['section']}"),
                Tagged(label(f"disclosure_status.{status}"), f"status-{status}"),
                note,
            )
        )
    notes = (
        label("note.e-7.part_d"),
        label("note.e-7.basis").format(basis=same(entity.issuer_class_basis or "")),
    )
    return Table("e-7", "part-d-index", label("table.e-7"), columns, tuple(rows), notes)


def _text(_: Context) -> Status:
    return "disclosed", None


def _responses(ctx: Context) -> Status:
    missing = [i.id for i in ctx.register.items if not i.responses]
    if missing:
        return "partial", label("why.no_responses").format(items=same(", ".join(missing)))
    return "disclosed", None


def _financial_effects(ctx: Context) -> Status:
    items = ctx.register.items
    quantified = [i for i in items if ctx.effects.has(i.id)]
    counts = {"quantified": str(len(quantified)), "total": str(len(items))}
    if len(quantified) == len(items):
        return "disclosed", None
    if quantified:
        return "partial", label("why.partly_quantified").format(**counts)
    return "explained", label("why.none_quantified")


def _scenarios(ctx: Context) -> Status:
    grid = ctx.grid
    scenarios = ctx.effects.scenarios
    kinds = {
        str(grid["scenario_type"].sel(scenario=s).item())
        for s in scenarios
        if "scenario_type" in grid.coords
    }
    problems = []
    if len(kinds) < 2:
        problems.append(label("why.one_kind"))
    if not any(is_paris_aligned(grid, s) for s in scenarios):
        problems.append(label("why.no_paris"))
    if not problems:
        return "disclosed", None
    return "partial", problems[0] if len(problems) == 1 else problems[0] + same(" ") + problems[1]


def _scope3(ctx: Context) -> Status:
    scope3 = ctx.register.latest_metrics.ghg.scope3
    if scope3 is None:
        return "not-disclosed", label("why.no_scope3")
    covered = set(scope3.categories) | set(scope3.excluded)
    missing = [c.value for c in Scope3Category if c not in covered]
    if missing:
        return "partial", label("why.scope3_unaccounted").format(
            categories=same(", ".join(missing))
        )
    return "disclosed", None


def _engine_metric(category: str) -> Callable[[Context], Status]:
    def check(ctx: Context) -> Status:
        horizon = ctx.register.horizons[0].id
        if ctx.effects.cross_industry(category, "assets", "percent", horizon) is None:
            return "not-disclosed", label("why.no_engine_metric")
        return "disclosed", None

    return check


def _capital(ctx: Context) -> Status:
    if ctx.register.main.capital_deployment.amount is None:
        return "explained", label("why.amount_not_given")
    return "disclosed", None


def _carbon_price(ctx: Context) -> Status:
    price = ctx.register.main.internal_carbon_price
    if price.applied and price.price is None:
        return "partial", label("why.price_not_given")
    return "disclosed", None


def _remuneration(ctx: Context) -> Status:
    if ctx.register.main.remuneration.share_linked is None:
        return "partial", label("why.share_not_given")
    return "disclosed", None


def _industry(_: Context) -> Status:
    return "not-disclosed", label("why.no_industry_metrics")


def _targets(ctx: Context) -> Status:
    year = ctx.register.main.entity.reporting_period.end.year
    lacking = [t.id for t in ctx.register.targets.targets if target_status(t, year) == "no-data"]
    if lacking:
        return "partial", label("why.targets_no_data").format(targets=same(", ".join(lacking)))
    return "disclosed", None


CHECKS: dict[str, Callable[[Context], Status]] = {
    "GOV-1": _text,
    "GOV-2": _text,
    "STR-1": _text,
    "STR-2": _text,
    "STR-3": _responses,
    "STR-4": _financial_effects,
    "STR-5": _scenarios,
    "RM-1": _text,
    "MT-1": _text,
    "MT-2": _scope3,
    "MT-3": _engine_metric("transition"),
    "MT-4": _engine_metric("physical"),
    "MT-5": _engine_metric("opportunity"),
    "MT-6": _capital,
    "MT-7": _carbon_price,
    "MT-8": _remuneration,
    "MT-9": _industry,
    "MT-10": _targets,
}
