"""e-5d: industry-based metrics (IFRS S2 ¶32), the SASB table of the register's industry.

The industry (``industry:`` in ``register.yaml``) picks the table from the pack that serves
it; each metric names where its value comes from in the register, and a metric the register
does not hold is printed as not given, never estimated.
"""

from __future__ import annotations

from climrisk.disclosure.context import Context
from climrisk.disclosure.labels import Words, label, same, words
from climrisk.disclosure.table import Cell, Column, Number, Table
from climrisk.register.models import Register

GJ_PER_MWH = 3.6
DECIMALS = 0


def industry_spec(register: Register) -> object | None:
    """The ``Industry`` of the register's SASB code from its packs (``None`` if none)."""
    from climrisk.packs import packs_of

    code = register.main.industry
    for pack in packs_of(register.main.packs):
        if code in pack.spec.industries:
            return pack.spec.industries[code]
    return None


def metric_value(register: Register, source: str, kinds: list[str]) -> float | Words | None:
    """The value a metric's ``source`` names, from the latest year or the assets."""
    y = register.latest_metrics
    e = y.energy
    total = e.total_mwh if e.total_mwh is not None else e.direct_mwh + e.indirect_mwh
    assets = [a for a in register.assets if not kinds or a.kind in kinds]
    head, _, rest = source.partition(".")
    if source == "metrics.ghg.scope1":
        return y.ghg.scope1
    if source == "metrics.energy.total_gj":
        return total * GJ_PER_MWH
    if source == "metrics.energy.grid_share":
        return 100 * e.indirect_mwh / total if total else None
    if source == "metrics.water.withdrawn_thousand_m3":
        return y.water.total_t / 1000  # one tonne of water is one cubic metre
    if source.startswith("metrics.additional."):
        return y.additional.get(source.removeprefix("metrics.additional."))
    if source.startswith("assets.attributes."):
        name = source.removeprefix("assets.attributes.")
        given = [a.attributes[name] for a in assets if name in a.attributes]
        return float(sum(given)) if given else None
    if source == "assets.activity.generation_mwh":
        given = [sum(a.activity.generation_mwh.values()) for a in assets
                 if a.activity and a.activity.generation_mwh]
        return float(sum(given)) if given else None
    if head == "narrative":
        text = getattr(register.main.narrative, rest, None)
        return words(text) if text is not None else None
    raise ValueError(f"unknown industry-metric source {source!r}")


def industry_metrics_table(ctx: Context) -> Table | None:
    """The industry table, or ``None`` when the register names no industry a pack serves."""
    spec = industry_spec(ctx.register)
    if spec is None:
        return None
    columns = (
        Column("code", label("col.sasb_code")),
        Column("metric", label("col.metric")),
        Column("value", label("col.value"), numeric=True),
        Column("unit", label("col.unit")),
        Column("source", label("col.basis")),
    )
    rows: list[tuple[Cell, ...]] = []
    for m in spec.metrics:  # type: ignore[attr-defined]
        value = metric_value(ctx.register, m.source, m.kinds)
        cell: Cell = value if isinstance(value, Words) else (
            None if value is None else Number(float(value), DECIMALS if m.unit != "%" else 1))
        rows.append((same(m.code), words(m.label), cell if m.unit != "text" else None,
                     same(m.unit) if m.unit != "text" else None,
                     cell if m.unit == "text" else same(m.source)))
    title = label("table.e-5d").format(industry=words(spec.name))  # type: ignore[attr-defined]
    return Table("e-5d", "industry-metrics", title, columns, tuple(rows))

