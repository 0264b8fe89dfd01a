"""s-3: the scope statement is computed from the register, and says what is left out."""

from __future__ import annotations

from climrisk.disclosure.scope import scope_table
from climrisk.disclosure.table import Number, cell_text
from climrisk.register import load_register
from climrisk.vocabulary import Scope3Category


def test_scope_shares_follow_the_register() -> None:
    reg = load_register(None)
    latest = reg.latest_metrics
    factor = reg.metrics.method.scope2_grid_factor
    table = scope_table(reg)
    rows = {cell_text(r[0], "en"): r for r in table.rows}
    inside = sum(a.electricity_mwh for a in reg.assets if a.inventory_scope == "scope2")
    electricity = rows["Purchased electricity, Scope 2 boundary"]
    assert isinstance(electricity[4], Number)
    assert electricity[4].value == inside / latest.energy.indirect_mwh * 100
    leased = sum(
        a.electricity_mwh for a in reg.assets if a.inventory_scope == "scope3-upstream-leased"
    )
    assert latest.ghg.scope3 is not None
    cat8 = latest.ghg.scope3.categories[Scope3Category("8")]
    upstream = rows["Upstream leased assets (Scope 3 category 8)"]
    assert isinstance(upstream[4], Number) and isinstance(upstream[5], Number)
    assert upstream[4].value == leased * factor / cat8 * 100
    assert upstream[5].value == cat8 - leased * factor  # what the analysis leaves out
    # leased data-center electricity is estimated, so the shares carry the marker
    assert cell_text(upstream[4], "en").endswith("(E)")
    assert cell_text(rows["Revenue that stops while the modelled sites are down"][2], "en")
