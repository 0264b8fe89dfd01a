"""The GHG table reproduces the report's 2023 and 2024 figures to the last digit."""

from __future__ import annotations

import pytest

from climrisk.disclosure.ghg import ghg_table
from climrisk.disclosure.table import Table, cell_text
from climrisk.register import load_register

from .conftest import BUNDLED_OUT

# (row label in English, 2023, 2024) as printed in the 2024 ESG report's KPI table
REPORT = [
    ("Scope 1", "66.57", "57.15"),
    ("Scope 2 (location-based)", "58,941.32", "57,638.74"),
    ("Scope 1 and 2", "59,007.89", "57,695.89"),
    ("Scope 3", "133,245.19", "187,220.37"),
    ("Scope 3 category 1: Purchased goods and services", "81,695.21", "41,482.00"),
    ("Scope 3 category 2: Capital goods", "46,103.44", "54,008.67"),
    ("Scope 3 category 3: Fuel- and energy-related activities", "805.27", "11,938.76"),
    ("Scope 3 category 6: Business travel", "743.04", "1,452.04"),
    ("Scope 3 category 7: Employee commuting", "3,898.23", "4,468.44"),
    ("Scope 3 category 8: Upstream leased assets", "—", "73,870.46"),
    ("Scope 1 and 2 intensity", "8.37", "7.41"),
]


@pytest.fixture(scope="module")
def table() -> Table:
    return ghg_table(load_register())


def _row(table: Table, name: str, lang: str = "en") -> list[str]:
    for row in table.rows:
        if cell_text(row[0], "en") == name:
            return [cell_text(c, lang) for c in row]
    raise AssertionError(f"no row {name!r}")


@pytest.mark.parametrize(("name", "y2023", "y2024"), REPORT)
def test_reproduces_the_report(table: Table, name: str, y2023: str, y2024: str) -> None:
    row = _row(table, name)
    years = [c.key for c in table.columns]
    assert row[years.index("y2023")] == y2023
    assert row[years.index("y2024")] == y2024


def test_shares_of_2024_total_match_the_report(table: Table) -> None:
    share = [c.key for c in table.columns].index("share")
    assert _row(table, "Scope 1")[share] == "0.02"
    assert _row(table, "Scope 2 (location-based)")[share] == "23.53"
    assert _row(table, "Scope 3")[share] == "76.44"


def test_chinese_table_prints_the_same_figures(table: Table) -> None:
    row = _row(table, "Scope 2 (location-based)", "zh-Hant")
    assert row[0] == "範圍 2（基於位置）"
    assert "57,638.74" in row and "58,941.32" in row


def test_scope3_inclusion_flags(table: Table) -> None:
    status = [c.key for c in table.columns].index("status")
    assert _row(table, "Scope 3 category 8: Upstream leased assets")[status] == "Included"
    assert _row(table, "Scope 3 category 4: Upstream transportation and distribution")[
        status
    ].startswith("Excluded: ")


@pytest.mark.parametrize("lang", ["en", "zh-Hant"])
def test_committed_outputs_print_the_figures(lang: str) -> None:
    text = (BUNDLED_OUT / lang / "disclosure.md").read_text(encoding="utf-8")
    html = (BUNDLED_OUT / lang / "disclosure.html").read_text(encoding="utf-8")
    for _, y2023, y2024 in REPORT:
        for figure in (y2023, y2024):
            if figure != "—":
                assert figure in text and figure in html


def test_a_changed_scope2_factor_is_shown_like_for_like() -> None:
    """The bundled 2023 and 2024 Scope 2 use different factors; the table recomputes 2023."""
    from climrisk.disclosure.ghg import ghg_table
    from climrisk.disclosure.table import cell_text
    from climrisk.register import load_register

    reg = load_register(None)
    y23, y24 = sorted(reg.metrics.years, key=lambda y: y.year)
    table = ghg_table(reg)
    rows = {cell_text(r[0], "en"): r for r in table.rows}
    factor = rows["Scope 2 grid emission factor"]
    implied_2023 = y23.ghg.scope2_location / y23.energy.indirect_mwh
    assert cell_text(factor[2], "en") == f"{implied_2023:.4f}"
    assert cell_text(factor[3], "en") == f"{reg.metrics.method.scope2_grid_factor:.4f}"
    restated = rows["Scope 2 (location-based) at the 2024 factor"]
    expected = y23.energy.indirect_mwh * reg.metrics.method.scope2_grid_factor
    assert cell_text(restated[2], "en") == f"{expected:,.2f}"
    like = (y24.ghg.scope2_location - expected) / expected * 100
    note = next(n.en for n in table.notes if n.en.startswith("The Scope 2 factor changed"))
    assert f"{like:+.1f}% like for like" in note


def test_scope3_categories_are_shares_of_scope3() -> None:
    from climrisk.disclosure.ghg import ghg_table, scope3_total
    from climrisk.disclosure.table import Number, cell_text
    from climrisk.register import load_register
    from climrisk.vocabulary import Scope3Category

    reg = load_register(None)
    latest = reg.latest_metrics
    table = ghg_table(reg)
    keys = [c.key for c in table.columns]
    cat1 = next(r for r in table.rows if cell_text(r[0], "en").startswith("Scope 3 category 1:"))
    share = cat1[keys.index("share")]
    assert isinstance(share, Number)
    s3 = scope3_total(latest.ghg)
    assert latest.ghg.scope3 is not None and s3
    assert share.value == latest.ghg.scope3.categories[Scope3Category("1")] / s3 * 100
