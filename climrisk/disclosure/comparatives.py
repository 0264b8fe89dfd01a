"""Comparatives and restatements: the prior period beside the current one in each modelled
table, and the restatement log (r-1) with every restated figure (r-2).

Each modelled table (e-2, e-4a, e-4b, e-4d, e-4p, e-4r, e-5b) gets a period column; below
each current row comes the same row for the prior period, recomputed from the prior period's
register on this build's basis, its amounts in this register's money unit. A recomputed prior
figure that differs from the published one (at the published precision) is a restatement:
the build refuses until an entry of the restatement log covers it, and an entry that covers
no changed figure is refused too, so the log says exactly what changed and why (IFRS S1
¶B50).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from climrisk.disclosure.document import Document, Part
from climrisk.disclosure.evidence import Evidence, EvidenceBook, Input, InputGroup
from climrisk.disclosure.labels import Words, label, same, words
from climrisk.disclosure.prior_period import FILE, Prior
from climrisk.disclosure.table import (
    Cell,
    Column,
    Number,
    Span,
    Table,
    cell_json,
    code,
)
from climrisk.disclosure.units import money_decimals, money_scale, money_total_unit, money_unit
from climrisk.errors import RegisterError
from climrisk.register.comparatives import Restatement, matches
from climrisk.register.locate import problem
from climrisk.register.models import Register

PRIOR = "prior/"
"""Prefix of the evidence ids of prior-period figures."""
LISTED = 12
"""Unexplained figures named in a refusal; the rest are counted."""


@dataclass(frozen=True)
class Figure:
    """One prior-period figure as recomputed, where it sits, and what was published."""

    id: str
    cell: Number | Span
    unit: Words | None
    published: Any  # the published value, None when it was not published
    published_unit: str | None
    published_estimate: bool = False

    @property
    def differs(self) -> bool:
        """Published, and not what the recomputation gives at the published precision (or in
        another unit)."""
        if self.published is None:
            return False
        value = cell_json(self.cell)["value"]
        same_unit = self.published_unit == (self.unit.en if self.unit else None)
        return not same_unit or value != self.published


def with_comparatives(doc: Document, prior: Prior, register: Register) -> Document:
    """``doc`` with the prior period in its modelled tables and the restatement tables."""
    figures, covering = restated(prior, register)
    log = register.comparatives.restatements if register.comparatives else []
    _require_explained(register, prior, covering, log)
    scale = money_scale(prior.register) / money_scale(register)
    decimals = money_decimals(register)
    before = {t.id: t for t in prior.document.tables}
    year = str(register.main.entity.reporting_period.end.year)
    prior_year = str(prior.register.main.entity.reporting_period.end.year)
    money = {money_unit(prior.register).en, money_total_unit(prior.register).en}
    periods = Periods(label("period.fy").format(year=year), prior_year, covering,
                      scale, decimals, frozenset(money))
    parts = []
    for part in doc.parts:
        blocks = tuple(
            _compared(b, before[b.id], periods)
            if isinstance(b, Table) and b.comparable and b.id in before
            and before[b.id].comparable else b
            for b in part.blocks
        )
        parts.append(Part(part.anchor, part.heading, blocks))
    detail = restated_figures(figures, covering, periods)
    part = Part("comparatives", label("section.comparatives"), (
        _summary(prior, year, prior_year, len(covering)),
        restatement_log(log, covering),
        *((detail,) if detail.rows else ()),
    ))
    parts.insert(len(parts) - 1, part)  # before the content index, which closes the document
    _merge_evidence(doc.evidence, prior, register, scale, decimals)
    extra = {
        **doc.provenance.extra,
        "prior period revision": f"{prior.revision} (commit {prior.commit})",
        "prior period register": prior.folder,
        **({"prior period published": f"{prior.published.source} sha256 "
                                      f"{prior.published.sha256}"} if prior.published else {}),
    }
    return replace(doc, parts=tuple(parts), provenance=replace(doc.provenance, extra=extra))


def restated(prior: Prior, register: Register) -> tuple[dict[str, Figure], dict[str, list[str]]]:
    """The prior period's figures, and each one that differs from the published (or was
    withdrawn) with the ids of the restatement entries that cover it."""
    figures = _figures(prior)
    changed = [f.id for f in figures.values() if f.differs]
    log = register.comparatives.restatements if register.comparatives else []
    records = prior.document.evidence.records
    covering = {f: [r.id for r in log if any(matches(s, a) for s in r.figures
                                             for a in _aliases(f, records.get(f)))]
                for f in [*changed, *_withdrawn(prior, figures)]}
    return figures, covering


@dataclass(frozen=True)
class Periods:
    """How the period column and the prior cells are printed."""

    current: Words
    prior_year: str
    restated: dict[str, list[str]]  # prior figure id → restatement ids
    scale: float  # prior money unit / current money unit
    decimals: int
    money_units: frozenset[str]  # the prior period's money units, in English

    def is_money(self, unit: Words | None) -> bool:
        """Whether a column of that unit holds amounts (not shares of revenue)."""
        return unit is not None and unit.en in self.money_units

    def prior_cell(self, cells: tuple[Cell, ...]) -> Words:
        """``FY2023``, or ``FY2023, restated (R-1)`` when a figure of the row was restated."""
        ids = sorted({r for c in cells if isinstance(c, Number | Span) and c.ref
                      for r in self.restated.get(c.ref, [])})
        if ids:
            return label("period.fy_restated").format(year=self.prior_year,
                                                      ids=same(", ".join(ids)))
        return label("period.fy").format(year=self.prior_year)

    def prior(self, cell: Cell, unit: Words | None) -> Cell:
        """A prior cell linked to its prior evidence record; an amount in this register's
        money unit."""
        if not isinstance(cell, Number | Span) or not cell.ref:
            return cell
        scale, decimals = (self.scale, self.decimals) if self.is_money(unit) else (
            1.0, cell.decimals)
        if isinstance(cell, Number):
            return Number(cell.value * scale, decimals, cell.suffix, PRIOR + cell.ref,
                          cell.estimate)
        return Span(cell.low * scale, cell.high * scale, decimals, PRIOR + cell.ref,
                    cell.estimate)


def _compared(table: Table, prior: Table, periods: Periods) -> Table:
    """The table with a period column and the prior period's row under each current row."""
    assert table.comparable is not None and prior.comparable is not None
    first = table.comparable.first
    keys = [c.key for c in table.columns]
    old = {k: dict(zip((c.key for c in prior.columns), row, strict=True))
           for k, row in zip(prior.comparable.keys, prior.rows, strict=True)}

    units = {c.key: c.unit for c in prior.columns}

    def prior_row(named: tuple[Cell, ...], key: str) -> tuple[Cell, ...]:
        cells = tuple(old[key].get(k) for k in keys[first:])
        return (*named, periods.prior_cell(cells),
                *(periods.prior(c, units.get(k)) for c, k in zip(cells, keys[first:],
                                                                 strict=True)))

    rows: list[tuple[Cell, ...]] = []
    for key, row in zip(table.comparable.keys, table.rows, strict=True):
        rows.append((*row[:first], periods.current, *row[first:]))
        if key in old:
            rows.append(prior_row(row[:first], key))
    for key in prior.comparable.keys:  # rows of the prior period only (an item since removed)
        if key not in table.comparable.keys:
            rows.append(prior_row(tuple(old[key].get(k) for k in keys[:first]), key))
    columns = (*table.columns[:first], Column("period", label("col.period")),
               *table.columns[first:])
    note = label("note.comparatives").format(year=periods.prior_year)
    return replace(table, columns=columns, rows=tuple(rows), notes=(*table.notes, note),
                   comparable=None)


def _figures(prior: Prior) -> dict[str, Figure]:
    """Every money figure of the prior period's modelled tables, with what was published."""
    published = prior.published.figures if prior.published else {}
    out: dict[str, Figure] = {}
    for table in prior.document.tables:
        if table.comparable is None:
            continue
        for row in table.rows:
            for column, cell in zip(table.columns, row, strict=True):
                if isinstance(cell, Number | Span) and cell.ref:
                    value, unit, estimate = published.get(cell.ref, (None, None, False))
                    out[cell.ref] = Figure(cell.ref, cell, column.unit, value, unit, estimate)
    return out


def _aliases(fid: str, record: Evidence | None) -> list[str]:
    """A figure's id, and for a figure over items (``e-4a/total-risks/short/ssp245``,
    ``e-5b/physical/assets/long``) the same id naming each item in it, so an entry for an
    item also explains the totals it is part of."""
    if record is None:
        return [fid]
    table, whose, *rest = fid.split("/")
    items = [i for i in dict.fromkeys(g.split("/")[0] for g in record.groups) if i != whose]
    return [fid, *("/".join([table, item, *rest]) for item in items)]


def _withdrawn(prior: Prior, figures: dict[str, Figure]) -> list[str]:
    """Published figures of the modelled tables that the recomputation no longer gives."""
    if prior.published is None:
        return []
    tables = {t.id for t in prior.document.tables if t.comparable is not None}
    return sorted(f for f in prior.published.figures
                  if f.split("/")[0] in tables and f not in figures)


def _require_explained(register: Register, prior: Prior, covering: dict[str, list[str]],
                       log: list[Restatement]) -> None:
    """Refuse unexplained differences from the published figures, and entries explaining
    none."""
    problems = []
    bare = [f for f, ids in covering.items() if not ids]
    if bare:
        shown = ", ".join(bare[:LISTED]) + (f" and {len(bare) - LISTED} more"
                                            if len(bare) > LISTED else "")
        source = prior.published.source if prior.published else prior.revision
        problems.append(problem(
            register, FILE, ("restatements",) if log else ("prior",),
            f"{len(bare)} prior-period figure(s) recomputed from {prior.revision} differ from "
            f"those published ({source}) and no restatement explains them: {shown}",
            "add an entry under restatements: with the figures it explains (e.g. "
            "'e-4a/PR-01', '*/PR-01' or '*'), the reason in both languages, on and by; "
            "`climrisk diff --prior` lists each figure with its published and recomputed "
            "value"))
    used = {r for ids in covering.values() for r in ids}
    if prior.published is not None:
        for n, entry in enumerate(log):
            if entry.id not in used:
                problems.append(problem(
                    register, FILE, ("restatements", n, "figures"),
                    f"restatement {entry.id} explains no figure: none of its figures differs "
                    f"from the one published ({prior.published.source})",
                    "correct its figures, or remove the entry"))
    if problems:
        raise RegisterError(problems)


def _summary(prior: Prior, year: str, prior_year: str, restated: int) -> Words:
    basis = label("para.comparatives").format(
        prior=label("period.fy").format(year=prior_year),
        current=label("period.fy").format(year=year),
        revision=same(prior.revision), commit=same(prior.commit[:12]),
        folder=same(prior.folder))
    if prior.published is None:
        return basis + label("para.comparatives.unpublished")
    return basis + label("para.comparatives.published").format(
        source=same(prior.published.source), sha=same(prior.published.sha256[:16]),
        count=str(restated))


def restatement_log(log: list[Restatement], covering: dict[str, list[str]]) -> Table:
    """r-1: each entry of the restatement log, with the count of figures it restates."""
    columns = (
        Column("id", label("col.id")),
        Column("figures", label("col.figures")),
        Column("reason", label("col.reason")),
        Column("on", label("col.decided_on")),
        Column("by", label("col.decided_by")),
        Column("restated", label("col.restated_count"), numeric=True),
    )
    rows = tuple(
        (
            code(r.id),
            same(", ".join(r.figures)),
            words(r.reason),
            same(r.on.isoformat()),
            same(r.by if r.role is None else f"{r.by}, {r.role}"),
            Number(sum(r.id in ids for ids in covering.values()), 0),
        )
        for r in log
    )
    notes = (label("note.r-1.none"),) if not log else ()
    return Table("r-1", "restatements", label("table.r-1"), columns, rows, notes)


def restated_figures(figures: dict[str, Figure], covering: dict[str, list[str]],
                     periods: Periods) -> Table:
    """r-2: each restated prior-period figure, as published, restated, and the difference."""
    columns = (
        Column("figure", label("col.figure")),
        Column("unit", label("col.unit")),
        Column("published", label("col.as_published"), numeric=True),
        Column("restated", label("col.restated"), numeric=True),
        Column("difference", label("col.difference"), numeric=True),
        Column("restatement", label("col.restatement")),
    )
    rows: list[tuple[Cell, ...]] = []
    for fid in sorted(covering):
        fig = figures.get(fid)
        restated = (periods.prior(fig.cell, fig.unit) if fig
                    else label("restatement.withdrawn"))
        published = _published_cell(fig, periods) if fig else None
        rows.append((
            code(fid),
            (fig.unit if fig and fig.unit else None),
            published,
            restated,
            _difference(published, restated),
            same(", ".join(covering[fid])),
        ))
    return Table("r-2", "restated-figures", label("table.r-2"), columns, tuple(rows),
                 (label("note.r-2.basis"),))


def _published_cell(fig: Figure, periods: Periods) -> Cell:
    """The published value in this register's unit; in its own unit when that differs."""
    value = fig.published
    same_unit = fig.published_unit == (fig.unit.en if fig.unit else None)
    if not same_unit:
        text = f"{value} {fig.published_unit or ''}".strip()
        return Words(text, text)
    marked = fig.published_estimate
    scale, decimals = ((periods.scale, periods.decimals) if periods.is_money(fig.unit)
                       else (1.0, fig.cell.decimals))
    if isinstance(value, dict) and {"low", "high"} <= set(value):
        return Span(value["low"] * scale, value["high"] * scale, decimals, estimate=marked)
    if isinstance(value, int | float):
        return Number(value * scale, decimals, estimate=marked)
    return None


def _difference(published: Cell, restated: Cell) -> Cell:
    if isinstance(published, Number) and isinstance(restated, Number):
        return Number(restated.value - published.value, published.decimals)
    if isinstance(published, Span) and isinstance(restated, Span):
        return Span(restated.low - published.low, restated.high - published.high,
                    published.decimals)
    return None


def _merge_evidence(book: EvidenceBook, prior: Prior, register: Register, scale: float,
                    decimals: int) -> None:
    """The prior figures' evidence records and input groups, under ``prior/`` ids, with
    register lines cited at the prior revision."""
    units = {money_unit(prior.register).en: money_unit(register).en,
             money_total_unit(prior.register).en: money_total_unit(register).en}
    old = prior.document.evidence
    for rid, rec in old.records.items():
        book.records[PRIOR + rid] = _rescaled(rec, scale, decimals, units)
    for gid, group in old.groups.items():
        inputs = tuple(_at_revision(i, prior.revision) for i in group.inputs)
        book.groups[PRIOR + gid] = InputGroup(PRIOR + gid, group.item, group.channel,
                                              group.models, inputs)


def _rescaled(rec: Evidence, scale: float, decimals: int, units: dict[str, str]) -> Evidence:
    """A prior record under its ``prior/`` id; an amount in this register's money unit."""
    if rec.unit not in units:  # a share of revenue keeps its unit
        scale, decimals = 1.0, rec.decimals
    value: float | tuple[float, float] = (
        (rec.value[0] * scale, rec.value[1] * scale) if isinstance(rec.value, tuple)
        else rec.value * scale)
    return replace(rec, id=PRIOR + rec.id, value=value, scale=rec.scale / scale,
                   decimals=decimals, unit=units.get(rec.unit, rec.unit),
                   group=None if rec.group is None else PRIOR + rec.group,
                   groups=tuple(PRIOR + g for g in rec.groups))


def _at_revision(inp: Input, revision: str) -> Input:
    """An input read from the prior register cites its file at the prior revision."""
    from_register = inp.kind in ("asset", "company") or inp.where.startswith("parameters.yaml")
    return replace(inp, where=f"{revision}:{inp.where}") if from_register else inp

