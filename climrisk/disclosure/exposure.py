"""Items no hazard reaches: "not exposed", with the rule that shows it, never a quantified 0.

The engine's hazard models test whether their hazard reaches each asset at all (coastal water
over the ground at the rarest return period, for example); an item none of whose assets any
of its models reaches, in any scenario, horizon or sample, has no amounts. The tables show
"Not exposed" where its amounts would be, and these notes say which sites and by which rule.
"""

from __future__ import annotations

from climrisk.disclosure.context import Context
from climrisk.disclosure.labels import Words, catalogue, join, label, same, words


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
