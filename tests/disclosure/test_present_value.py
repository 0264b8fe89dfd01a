"""Present values (e-4p) at the register's discount rate, and one money unit for every output."""

from __future__ import annotations

import csv
import io
import json

import pytest

from climrisk.disclosure.document import Document, compose
from climrisk.disclosure.formats.numbers_json import numbers_json
from climrisk.disclosure.outputs import table_csv
from climrisk.disclosure.provenance import Provenance
from climrisk.engine.assemble import annuity, discounted_years
from climrisk.register.models import Register, Valuation

from .conftest import synthetic_grid, synthetic_results

SCENARIOS = ["ssp126", "ssp585", "ngfs-nz2050"]


def _document(reg: Register) -> Document:
    return compose(reg, synthetic_results(reg, SCENARIOS), synthetic_grid(SCENARIOS),
                   Provenance("test", {}, {}, 10, 1))


def _valued(reg: Register, **valuation: object) -> Register:
    main = reg.main.model_copy(update={"valuation": Valuation.model_validate(valuation)})
    return reg.model_copy(update={"main": main})


def _table(doc: Document, tid: str):  # type: ignore[no-untyped-def]
    return next(t for t in doc.tables if t.id == tid)


def test_annuity_by_hand() -> None:
    # Reporting year 2024, horizon 1 to 5 years: 2026..2029 is n = 2..5 at 8 %.
    assert discounted_years(1, 5, 2024, 2100) == (2026, 2029)
    expected = 1.08**-2 + 1.08**-3 + 1.08**-4 + 1.08**-5
    assert annuity(2026, 2029, 2024, 0.08) == pytest.approx(expected, rel=1e-12)
    # An open horizon runs to the scenario data's last year.
    assert discounted_years(5, None, 2024, 2100) == (2030, 2100)


def test_each_present_value_is_the_mean_annual_effect_times_the_annuity(
    example_register: Register,
) -> None:
    reg = _valued(example_register, discount_rate=0.05,
                  discount_rate_basis={"en": "Group WACC 2024, annual report note 31",
                                       "zh-Hant": "2024 年集團加權平均資本成本，年報附註 31"})
    doc = _document(reg)
    e4a, e4p = _table(doc, "e-4a"), _table(doc, "e-4p")
    keys = [c.key for c in e4p.columns]
    mean = {(r[0].in_("en"), r[2].in_("en")): r for r in e4a.rows if r[0] is not None}
    ref = reg.main.entity.reporting_period.end.year
    horizons = {h.name.en: h for h in reg.horizons}
    assert e4p.rows
    for row in e4p.rows:
        h = horizons[row[2].in_("en")]
        first, last = discounted_years(h.start_years, h.end_years, ref, 2100)
        assert row[keys.index("years")].in_("en") == f"{first}–{last}"
        factor = annuity(first, last, ref, 0.05)
        for s in SCENARIOS:
            annual = mean[(row[0].in_("en"), row[2].in_("en"))][3 + SCENARIOS.index(s)]
            assert row[keys.index(s)].value == pytest.approx(annual.value * factor, rel=1e-6)
            assert row[keys.index(s)].estimate == annual.estimate
    method = e4p.notes[0].in_("en")
    assert "r = 5.0% a year" in method and "Group WACC 2024" in method


def test_without_a_rate_the_default_is_used_and_said_to_be_an_estimate(
    example_register: Register,
) -> None:
    assert example_register.main.valuation.discount_rate is None
    note = _table(_document(example_register), "e-4p").notes[0].in_("en")
    assert "r = 8.0% a year" in note
    assert "default" in note and "estimate" in note


def test_a_rate_needs_its_basis() -> None:
    with pytest.raises(ValueError, match="discount_rate_basis"):
        Valuation.model_validate({"discount_rate": 0.06})


@pytest.mark.parametrize(("unit", "scale", "decimals", "label"), [
    ("one", 1, 0, "per year"),
    ("thousand", 1_000, 0, "thousand per year"),
    ("million", 1_000_000, 1, "million per year"),
])
def test_one_money_unit_for_the_tables_csv_and_numbers(
    example_register: Register, unit: str, scale: int, decimals: int, label: str,
) -> None:
    reg = _valued(example_register, money_unit=unit)
    doc = _document(reg)
    e4a = _table(doc, "e-4a")
    column = next(c for c in e4a.columns if c.key == "ssp126")
    currency = reg.main.entity.currency
    assert column.unit.in_("en") == f"{currency} {label}"
    row = next(r for r in e4a.rows if r[0] is not None)
    item = row[0].in_("en")
    horizon = next(h.id for h in reg.horizons if h.name.en == row[2].in_("en"))
    engine = float(synthetic_results(reg, SCENARIOS).dataset["item_total"].sel(
        item=item, scenario="ssp126", horizon=horizon, stat="mean"))
    cell = row[3]
    assert cell.value == pytest.approx(engine / scale, rel=1e-9)
    assert cell.decimals == decimals
    shown = list(csv.reader(io.StringIO(table_csv(e4a, "en").decode("utf-8-sig"))))
    assert float(shown[1][3].removesuffix(" (E)")) == pytest.approx(engine / scale, 1e-6)
    published = json.loads(numbers_json(doc))["tables"]["e-4a"]["rows"][0]["ssp126"]["value"]
    assert published == pytest.approx(engine / scale, rel=1e-6)


def test_the_app_shows_the_register_unit(example_register: Register) -> None:
    from climrisk import appdata

    reg = _valued(example_register, money_unit="million")
    currency = reg.main.entity.currency
    assert appdata.money_unit(reg, "en") == f"{currency} million"
    assert appdata.money_unit(reg, "zh-Hant") == f"百萬元 {currency}"
    assert appdata.money_text(reg, 2_409_000.0) == "2.4"
    assert appdata.money_text(_valued(example_register), 2_409_000.0) == "2,409"
