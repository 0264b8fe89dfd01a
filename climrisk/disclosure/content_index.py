"""e-7: the HKEX ESG Code Part D content index with obligation and status per requirement.

Obligations follow the phasing table in ``part_d.yaml`` for the register's issuer class and
financial year. Each requirement lists its sub-items (IFRS S2 sub-paragraphs) and the evidence
each needs: a narrative field long enough to answer it, a table present in this build, or a
check on what the register and the results hold. The status is derived from those checks
alone: every sub-item met is "disclosed", some is "partial" naming the missing ones, an
omission the register explains (IFRS S2 ¶21, comply-or-explain) is "explained", none is "not
disclosed". Nothing is disclosed unconditionally.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from climrisk.disclosure.context import Context
from climrisk.disclosure.labels import Words, join, label, same
from climrisk.disclosure.scenario_definitions import is_paris_aligned
from climrisk.disclosure.table import Cell, Column, Table, Tagged, code
from climrisk.disclosure.targets import target_status
from climrisk.vocabulary import Scope3Category

CATALOGUE = Path(__file__).with_name("part_d.yaml")

Check = Callable[[Context], Words | None]
"""A sub-item check: ``None`` when met, otherwise why not (an explanation or a gap)."""


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


def requirement_status(
    ctx: Context, req: dict[str, Any], tables: set[str]
) -> tuple[str, Words | None]:
    """Status of one requirement and the note naming unmet sub-items."""
    missing: list[Words] = []
    explained: list[Words] = []
    for sub in req["evidence"]:
        why = _check(ctx, sub, tables)
        if why is None:
            continue
        entry = label("fmt.missing_sub").format(paragraph=same(sub["ifrs_s2"]), why=why)
        (explained if sub.get("explainable") and _explained(ctx, sub) else missing).append(entry)
    met = len(req["evidence"]) - len(missing) - len(explained)
    if not missing:
        note = join(explained, label("sep.items")) if explained else None
        return ("explained" if met == 0 else "disclosed"), note
    if met == 0 and not explained:
        return "not-disclosed", join(missing, label("sep.items"))
    return "partial", join(missing + explained, label("sep.items"))


def _check(ctx: Context, sub: dict[str, Any], tables: set[str]) -> Words | None:
    if "narrative" in sub:
        return _narrative(ctx, sub["narrative"], int(sub.get("min_words", 1)))
    if "table" in sub:
        return None if sub["table"] in tables else label("why.table_missing").format(
            table=same(sub["table"])
        )
    return CHECKS[sub["check"]](ctx)


def _narrative(ctx: Context, path: str, min_words: int) -> Words | None:
    value: Any = ctx.register.main
    for part in path.split("."):
        value = getattr(value, part, None)
    if value is None:
        return label("why.narrative_missing").format(field=same(path))
    found = len(value.en.split())
    if found < min_words:
        return label("why.narrative_short").format(
            field=same(path), words=str(found), needed=str(min_words)
        )
    return None


def _explained(ctx: Context, sub: dict[str, Any]) -> bool:
    return sub.get("check") in EXPLAINED and EXPLAINED[sub["check"]](ctx)


def content_index_table(ctx: Context, tables: Sequence[Table]) -> Table:
    """One row per Part D requirement, checked against ``tables`` (what this build holds)."""
    entity = ctx.register.main.entity
    fy = entity.reporting_period.start.year
    present = {name for t in tables if t.rows for name in (t.id, t.slug)}
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
        status, note = requirement_status(ctx, req, present)
        part_d_ref = req.get("part_d")
        rows.append(
            (
                code(req["id"]),
                label(f"req.{req['id']}"),
                same(str(part_d_ref)) if part_d_ref else label("ref.see_rule"),
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
        label("note.e-7.status"),
        label("note.e-7.basis").format(basis=same(entity.issuer_class_basis or "")),
    )
    return Table("e-7", "part-d-index", label("table.e-7"), columns, tuple(rows), notes)


# ------------------------------------------------------------------ checks on contents


def _responses(ctx: Context) -> Words | None:
    missing = [i.id for i in ctx.register.items if not i.responses]
    return label("why.no_responses").format(items=same(", ".join(missing))) if missing else None


def _progress(ctx: Context) -> Words | None:
    has = any(r.progress for i in ctx.register.items for r in i.responses)
    return None if has else label("why.no_progress")


def _quantified(ctx: Context) -> Words | None:
    items = ctx.register.items
    quantified = [i for i in items if ctx.effects.has(i.id) or ctx.effects.not_exposed(i.id)]
    if len(quantified) == len(items):
        return None
    counts = {"quantified": str(len(quantified)), "total": str(len(items))}
    if quantified:
        return label("why.partly_quantified").format(**counts)
    return label("why.none_quantified")


def _unquantified_explained(ctx: Context) -> bool:
    return all(
        i.not_quantified is not None or ctx.effects.not_exposed(i.id)
        for i in ctx.register.items
        if not ctx.effects.has(i.id)
    )


def _scenario_kinds(ctx: Context) -> Words | None:
    grid = ctx.grid
    if "scenario_type" not in grid.coords:
        return label("why.one_kind")
    kinds = {str(grid["scenario_type"].sel(scenario=s).item()) for s in ctx.effects.scenarios}
    return None if len(kinds) >= 2 else label("why.one_kind")


def _paris(ctx: Context) -> Words | None:
    ok = any(is_paris_aligned(ctx.grid, s) for s in ctx.effects.scenarios)
    return None if ok else label("why.no_paris")


def _resilience(ctx: Context) -> Words | None:
    missing = [s.id for s in ctx.register.main.scenario_analysis.scenarios if s.conclusion is None]
    if not missing:
        return None
    return label("why.no_scenario_conclusion").format(scenarios=same(", ".join(missing)))


def _concentration(ctx: Context) -> Words | None:
    return None if any(len(i.assets) and i.value_chain for i in ctx.register.items) else label(
        "why.no_concentration"
    )


def _contractual_instruments(ctx: Context) -> Words | None:
    ghg = ctx.register.latest_metrics.ghg
    return None if ghg.scope2_market is not None else label("why.no_market_based")


def _scope3_total(ctx: Context) -> Words | None:
    scope3 = ctx.register.latest_metrics.ghg.scope3
    if scope3 is None or (scope3.total is None and not scope3.categories):
        return label("why.no_scope3")
    return None


def _scope3(ctx: Context) -> Words | None:
    scope3 = ctx.register.latest_metrics.ghg.scope3
    if scope3 is None:
        return label("why.no_scope3")
    covered = set(scope3.categories) | set(scope3.excluded)
    missing = [c.value for c in Scope3Category if c not in covered]
    if missing:
        return label("why.scope3_unaccounted").format(categories=same(", ".join(missing)))
    return None


def _engine_metric(category: str) -> Check:
    def check(ctx: Context) -> Words | None:
        horizon = ctx.register.horizons[0].id
        if ctx.effects.cross_industry(category, "assets", "percent", horizon) is None:
            return label("why.no_engine_metric")
        return None

    return check


def _capital(ctx: Context) -> Words | None:
    amount = ctx.register.main.capital_deployment.amount
    return label("why.amount_not_given") if amount is None else None


def _carbon_price(ctx: Context) -> Words | None:
    price = ctx.register.main.internal_carbon_price
    return label("why.price_not_given") if price.applied and price.price is None else None


def _remuneration(ctx: Context) -> Words | None:
    share = ctx.register.main.remuneration.share_linked
    return label("why.share_not_given") if share is None else None


def _targets(ctx: Context) -> Words | None:
    year = ctx.register.main.entity.reporting_period.end.year
    lacking = [t.id for t in ctx.register.targets.targets if target_status(t, year) == "no-data"]
    if lacking:
        return label("why.targets_no_data").format(targets=same(", ".join(lacking)))
    return None


CHECKS: dict[str, Check] = {
    "responses": _responses,
    "progress": _progress,
    "quantified": _quantified,
    "scenario-kinds": _scenario_kinds,
    "paris": _paris,
    "resilience": _resilience,
    "concentration": _concentration,
    "contractual-instruments": _contractual_instruments,
    "scope3-total": _scope3_total,
    "scope3": _scope3,
    "transition-metric": _engine_metric("transition"),
    "physical-metric": _engine_metric("physical"),
    "opportunity-metric": _engine_metric("opportunity"),
    "capital": _capital,
    "carbon-price": _carbon_price,
    "remuneration": _remuneration,
    "targets": _targets,
}

EXPLAINED: dict[str, Callable[[Context], bool]] = {
    "quantified": _unquantified_explained,
    "capital": lambda ctx: bool(ctx.register.main.capital_deployment.description),
}
"""Checks whose gap the register explains (IFRS S2 ¶21 reasons, comply-or-explain text)."""
