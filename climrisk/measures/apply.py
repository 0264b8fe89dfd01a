"""A register as it would be with measures in place: each effect is a change to engine inputs.

Changing inputs rather than model code means a flood barrier raises the site's standard of
protection whatever flood model reads it, and a green-power contract lowers the grid
electricity that carries an emission factor whatever carbon mechanism prices it. Measures
apply in the order given, so a later one sees what an earlier one changed.
"""

from __future__ import annotations

from collections.abc import Iterable

from climrisk.register.measures import Effect, Measure
from climrisk.register.models import Asset, Parameter, Register

PUE = "pue"
"""The asset attribute PUE effects change (power usage effectiveness, a pack attribute)."""


def apply_measures(register: Register, measures: Iterable[Measure]) -> Register:
    """A copy of ``register`` with every effect of ``measures`` applied, in order."""
    assets = {a.id: a for a in register.assets}
    latest = register.latest_metrics
    pue = dict(latest.measured.get(PUE, {}))
    parameters = dict(register.parameters.parameters)
    for m in measures:
        chosen = [a.id for a in register.resolve_assets(m.assets)]
        for effect in m.effects:
            if effect.kind == "parameter":
                parameters[effect.parameter] = _scaled(register, parameters, effect)
                continue
            for asset_id in chosen:
                assets[asset_id] = _changed(assets[asset_id], effect, pue)
    measured = {**latest.measured, PUE: pue} if PUE in latest.measured else latest.measured
    years = [
        y.model_copy(update={"measured": measured}) if y is latest else y
        for y in register.metrics.years
    ]
    return register.model_copy(
        update={
            "assets": [assets[a.id] for a in register.assets],
            "metrics": register.metrics.model_copy(update={"years": years}),
            "parameters": register.parameters.model_copy(update={"parameters": parameters}),
        }
    )


def _changed(a: Asset, e: Effect, pue: dict[str, float]) -> Asset:
    """The asset after one effect; ``pue`` (the measured PUE by asset) is updated in place."""
    if e.kind == "flood-protection":
        if a.flood is None:
            return a
        rp = max(a.flood.protection_rp, e.return_period)
        return a.model_copy(update={"flood": a.flood.model_copy(update={"protection_rp": rp})})
    if e.kind == "flood-depth-reduction":
        if a.flood is None:
            return a
        depth = [max(0.0, d - e.metres) for d in a.flood.depth_m]
        return a.model_copy(update={"flood": a.flood.model_copy(update={"depth_m": depth})})
    if e.kind in ("pue", "pue-reduction"):
        old = pue.get(a.id, a.attributes.get(PUE))
        if old is None or not old > 0:
            return a  # no PUE at this site: a retrofit of PUE does not apply
        new = e.value if e.kind == "pue" else max(1.0, old - e.by)
        new = min(new, old)  # a retrofit never makes a site less efficient
        if a.id in pue:
            pue[a.id] = new
        # IT load stays, so facility electricity scales with PUE.
        return a.model_copy(update={
            "attributes": {**a.attributes, PUE: new},
            "electricity_mwh": a.electricity_mwh * new / old,
        })
    if e.kind == "electricity-reduction":
        return a.model_copy(update={"electricity_mwh": a.electricity_mwh * (1 - e.share)})
    if e.kind == "green-power":
        return a.model_copy(update={"green_power_share": max(a.green_power_share, e.share)})
    if e.kind == "onsite-pv":
        return a.model_copy(update={"onsite_pv_kw": a.onsite_pv_kw + e.kw})
    if e.kind == "exposure-value":
        return a.model_copy(update={"replacement_value": a.replacement_value * e.factor})
    if e.kind == "revenue-dependency":
        return a.model_copy(update={"revenue_dependency": a.revenue_dependency * e.factor})
    raise ValueError(f"effect kind {e.kind!r} does not change an asset")


def _scaled(register: Register, current: dict[str, Parameter], e: Effect) -> Parameter:
    """The parameter with value and range multiplied by the effect's factor."""
    from climrisk.engine.parameters import ParameterSet

    resolved = ParameterSet.resolve(register.parameters, register.main.packs)
    p = current.get(e.parameter) or resolved[e.parameter]
    low = None if p.low is None else p.low * e.factor
    high = None if p.high is None else p.high * e.factor
    source = f"{p.source}; scaled by {e.factor:g} by a response measure"
    return p.model_copy(
        update={"value": p.value * e.factor, "low": low, "high": high, "source": source}
    )
