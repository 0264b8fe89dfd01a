"""Notes on what the models found at the sites and in the books: items no hazard reaches ("not
exposed", with the rule that shows it, never a quantified 0), and the back-test of modelled
current-period effects against recorded ones.

The engine's hazard models test whether their hazard reaches each asset at all (coastal water
over the ground at the rarest return period, for example); an item none of whose assets any
of its models reaches, in any scenario, horizon or sample, has no amounts. The tables show
"Not exposed" where its amounts would be, and these notes say which sites and by which rule.
"""

from __future__ import annotations

from climrisk.disclosure.context import Context
from climrisk.disclosure.labels import Words, catalogue, join, label, same, words
from climrisk.disclosure.units import money_decimals, money_scale, money_unit


def not_exposed_notes(ctx: Context) -> tuple[Words, ...]:
    """One note per item the engine found not exposed: its sites and each model's rule."""
    notes = []
    for item in ctx.register.items:
        if not item.quantification or not ctx.effects.not_exposed(item.id):
            continue
        sites: dict[str, Words] = {}
        rules: dict[str, Words] = {}
        for q in item.quantification:
            for asset in ctx.register.resolve_assets(q.assets or item.assets):
                sites.setdefault(asset.id, words(asset.name))
            key = f"exposure.rule.{q.model}"
            if key in catalogue():
                rules.setdefault(q.model, label(key))
        note = label("note.not_exposed").format(
            id=same(item.id),
            sites=join(list(sites.values())),
            rules=join(list(rules.values()), label("sep.items")) if rules
            else label("exposure.rule.any"),
        )
        estimated = sorted({i.name for i in ctx.book.group(item).estimates})
        if estimated:
            note = note + label("note.not_exposed_estimates").format(
                inputs=same(", ".join(estimated))
            )
        notes.append(note)
    return tuple(notes)


def backtest_notes(ctx: Context) -> tuple[Words, ...]:
    """One note per item that records a current-period effect: the models' reporting-year
    amount against the recorded one, and whether it falls within the item's tolerance."""
    from climrisk.engine.backtest import NO_MODEL, backtest

    unit = money_unit(ctx.register)

    def money(x: float) -> Words:
        return same(f"{x / money_scale(ctx.register):,.{money_decimals(ctx.register)}f}")

    notes = []
    for b in backtest(ctx.register, ctx.effects.dataset):
        common = {"id": same(b.item), "recorded": money(b.recorded), "unit": unit,
                  "source": same(b.source), "tolerance": same(f"{b.tolerance:.0%}")}
        if b.status == NO_MODEL:
            notes.append(label("note.backtest.no_model").format(**common))
            continue
        assert b.modelled is not None and b.low is not None and b.high is not None
        notes.append(label(f"note.backtest.{b.status}").format(
            **common, modelled=money(b.modelled), low=money(b.low), high=money(b.high)))
    return (*notes, *_basis_notes(ctx))


def _basis_notes(ctx: Context) -> tuple[Words, ...]:
    """One note per reported reporting-year quantity the item's models work from."""
    from climrisk.engine.backtest import NO_MODEL, basis_backtest

    ds = ctx.effects.dataset
    scenario = str(ds["basis_modelled"].attrs.get("scenario", "")) if "basis_modelled" in ds else ""
    notes = []
    for b in basis_backtest(ctx.register, ds):
        known = f"basis.{b.quantity}" in catalogue()
        common = {"id": same(b.item),
                  "quantity": label(f"basis.{b.quantity}") if known else same(b.quantity),
                  "recorded": same(f"{b.recorded:,.0f}"), "source": same(b.source),
                  "tolerance": same(f"{b.tolerance:.0%}")}
        if b.status == NO_MODEL:
            notes.append(label("note.basis.no_model").format(**common))
            continue
        assert b.modelled is not None and b.gap is not None
        notes.append(label(f"note.basis.{b.status}").format(
            **common, modelled=same(f"{b.modelled:,.0f}"), gap=same(f"{b.gap:+.1%}"),
            scenario=same(scenario)))
    return tuple(notes)
