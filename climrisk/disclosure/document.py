"""The whole disclosure as one language-neutral document: parts, narrative, tables, charts.

The order follows the four IFRS S2 / Part D pillars (governance, strategy, risk management,
metrics and targets) and ends with the Part D content index, so Markdown, HTML and the
workbook all read in the same order.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import xarray as xr

from climrisk.disclosure.charts import BarChart, ghg_chart, scenario_chart
from climrisk.disclosure.content_index import content_index_table
from climrisk.disclosure.context import Context
from climrisk.disclosure.cross_industry import register_metrics_table, vulnerability_table
from climrisk.disclosure.effects import Effects, ResultsLike
from climrisk.disclosure.financial_effects import financial_effects_table
from climrisk.disclosure.ghg import ghg_table
from climrisk.disclosure.labels import Words, label, same, words
from climrisk.disclosure.provenance import Provenance
from climrisk.disclosure.risk_register import risk_register_table
from climrisk.disclosure.scenario_definitions import scenario_definitions_table
from climrisk.disclosure.scenario_results import scenario_amounts_table, scenario_ratings_table
from climrisk.disclosure.sections import horizons_table, scales_table
from climrisk.disclosure.table import Table
from climrisk.disclosure.targets import targets_table
from climrisk.register.models import Register


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
    register: Register, results: ResultsLike, grid: xr.Dataset, provenance: Provenance
) -> Document:
    """Build every table and chart from the register, the results and the grid."""
    ctx = Context(register, Effects(register, results), grid)
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
    parts = (
        Part(
            "governance",
            label("section.governance"),
            (
                Heading(label("heading.board")),
                words(n.governance_board),
                Heading(label("heading.management")),
                words(n.governance_management),
            ),
        ),
        Part(
            "strategy",
            label("section.strategy"),
            (
                words(n.strategy_transition_plan),
                horizons_table(register),
                risk_register_table(ctx),
                financial_effects_table(ctx),
                scenario_definitions_table(ctx),
                scenario_amounts_table(ctx),
                scenario_chart(ctx, risk=True),
                scenario_chart(ctx, risk=False),
                scenario_ratings_table(ctx),
                Heading(label("heading.resilience")),
                words(reg.scenario_analysis.resilience),
            ),
        ),
        Part(
            "risk-management",
            label("section.risk-management"),
            (
                Heading(label("heading.process")),
                words(n.risk_management_process),
                Heading(label("heading.integration")),
                words(n.risk_management_integration),
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
                targets_table(register),
            ),
        ),
        Part("content-index", label("section.content-index"), (content_index_table(ctx),)),
    )
    title = label("doc.title").format(entity=name, year=str(entity.reporting_period.end.year))
    return Document(title, facts, parts, provenance)
