"""The whole disclosure as one language-neutral document: parts, narrative, tables, charts.

The order follows the four IFRS S2 / Part D pillars (governance, strategy, risk management,
metrics and targets) and ends with the Part D content index, so Markdown, HTML and the
workbook all read in the same order.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import xarray as xr

from climrisk.disclosure.charts import BarChart, ghg_chart, scenario_chart, sensitivity_charts
from climrisk.disclosure.content_index import content_index_table
from climrisk.disclosure.context import Context
from climrisk.disclosure.coverage import not_assessed_table
from climrisk.disclosure.cross_industry import register_metrics_table, vulnerability_table
from climrisk.disclosure.effects import Effects, ResultsLike
from climrisk.disclosure.evidence import EvidenceBook, grid_attributes
from climrisk.disclosure.financial_effects import financial_effects_table
from climrisk.disclosure.ghg import ghg_table
from climrisk.disclosure.industry_metrics import industry_metrics_table
from climrisk.disclosure.labels import Words, label, same, words
from climrisk.disclosure.measures import measure_sets_table, measures_table, sensitivity_table
from climrisk.disclosure.parameter_places import parameter_places_table
from climrisk.disclosure.present_value import present_value_table
from climrisk.disclosure.provenance import Provenance
from climrisk.disclosure.resilience import resilience_summary, resilience_table
from climrisk.disclosure.risk_register import risk_register_table
from climrisk.disclosure.scenario_definitions import scenario_definitions_table
from climrisk.disclosure.scenario_variables import scenario_variables_table
from climrisk.disclosure.scenario_results import (
    scenario_amounts_table,
    scenario_ratings_table,
    scenario_uncertainty_table,
)
from climrisk.disclosure.scope import scope_table
from climrisk.disclosure.sections import horizons_table, scales_table
from climrisk.disclosure.table import Table
from climrisk.disclosure.targets import targets_table
from climrisk.disclosure.uncertainty import uncertainty_table
from climrisk.disclosure.units import money_unit
from climrisk.register.models import Register, Text


@dataclass(frozen=True)
class Heading:
    """A sub-heading inside a part."""

    words: Words


Block = Heading | Words | Table | BarChart


@dataclass(frozen=True)
class Part:
    """A numbered part of the document (a pillar) with its blocks in reading order."""

    anchor: str
    heading: Words
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Document:
    """Everything one build prints."""

    title: Words
    facts: tuple[tuple[Words, Words], ...]
    parts: tuple[Part, ...]
    provenance: Provenance
    evidence: EvidenceBook
    slug: str = field(default="disclosure")

    @property
    def tables(self) -> list[Table]:
        """Every table, in reading order."""
        return [b for p in self.parts for b in p.blocks if isinstance(b, Table)]

    @property
    def charts(self) -> list[BarChart]:
        """Every chart, in reading order."""
        return [b for p in self.parts for b in p.blocks if isinstance(b, BarChart)]


def compose(
    register: Register,
    results: ResultsLike,
    grid: xr.Dataset,
    provenance: Provenance,
    grid_attrs: Mapping[str, Mapping[str, str]] | None = None,
) -> Document:
    """Build every table and chart from the register, the results and the grid.

    ``grid_attrs`` gives the status and source of each grid variable (default: read from
    ``grid``, which may hold only the scenario-level paths).
    """
    book = EvidenceBook(
        register,
        grid_attributes(grid) if grid_attrs is None else grid_attrs,
        money_unit(register).en,
    )
    ctx = Context(register, Effects(register, results), grid, book)
    reg = register.main
    n = reg.narrative
    entity = reg.entity
    name = words(entity.name)
    facts = (
        (label("fact.entity"), name),
        (label("fact.stock_codes"), same(", ".join(entity.stock_codes))),
        (
            label("fact.period"),
            same(
                f"{entity.reporting_period.start.isoformat()} – "
                f"{entity.reporting_period.end.isoformat()}"
            ),
        ),
        (label("fact.issuer_class"), label(f"issuer.{entity.issuer_class.value}")),
        (label("fact.currency"), same(entity.currency)),
    )
    parts = [
        Part(
            "governance",
            label("section.governance"),
            (
                Heading(label("heading.board")),
                *_text(n.governance_board),
                Heading(label("heading.management")),
                *_text(n.governance_management),
            ),
        ),
        Part(
            "strategy",
            label("section.strategy"),
            (
                *_text(n.strategy_transition_plan),
                horizons_table(register),
                risk_register_table(ctx),
                financial_effects_table(ctx),
                scenario_definitions_table(ctx),
                *(t for t in (scenario_variables_table(ctx),) if t is not None),
                scope_table(register),
                scenario_amounts_table(ctx),
                scenario_uncertainty_table(ctx),
                present_value_table(ctx),
                scenario_chart(ctx, risk=True),
                scenario_chart(ctx, risk=False),
                scenario_ratings_table(ctx),
                not_assessed_table(ctx),
                Heading(label("heading.resilience")),
                resilience_summary(ctx),
                label("fmt.management_statement").format(
                    text=words(reg.scenario_analysis.resilience)
                ),
                resilience_table(ctx),
                *_present(
                    Heading(label("heading.measures")),
                    measures_table(ctx),
                    measure_sets_table(ctx),
                ),
            ),
        ),
        Part(
            "risk-management",
            label("section.risk-management"),
            (
                Heading(label("heading.process")),
                *_text(n.risk_management_process),
                Heading(label("heading.integration")),
                *_text(n.risk_management_integration),
                scales_table(register),
            ),
        ),
        Part(
            "metrics-targets",
            label("section.metrics-targets"),
            (
                ghg_table(register),
                ghg_chart(ctx),
                vulnerability_table(ctx),
                register_metrics_table(ctx),
                *(t for t in (industry_metrics_table(ctx),) if t is not None),
                targets_table(register),
            ),
        ),
        Part(
            "measurement-uncertainty",
            label("section.measurement-uncertainty"),
            (
                label("para.measurement-uncertainty"),
                uncertainty_table(ctx),
                *(t for t in (parameter_places_table(ctx),) if t is not None),
                *_present(Heading(label("heading.sensitivity")), sensitivity_table(ctx),
                          *sensitivity_charts(ctx)),
            ),
        ),
    ]
    built = [b for p in parts for b in p.blocks if isinstance(b, Table)]
    index = content_index_table(ctx, built)
    parts.append(Part("content-index", label("section.content-index"), (index,)))
    title = label("doc.title").format(entity=name, year=str(entity.reporting_period.end.year))
    return Document(title, facts, tuple(parts), provenance, book)


def _text(text: Text | None) -> tuple[Words, ...]:
    """A narrative block, or nothing when the register leaves it out."""
    return () if text is None else (words(text),)


def _present(heading: Heading, *blocks: Table | BarChart | None) -> tuple[Block, ...]:
    """The heading and the tables with rows (and charts after them); nothing without a table."""
    tables = tuple(b for b in blocks if isinstance(b, Table) and b.rows)
    charts = tuple(b for b in blocks if isinstance(b, BarChart))
    return (heading, *tables, *charts) if tables else ()
