"""Open vocabularies end to end: words a register declares load, run and print with their
labels; the typos of each vocabulary get "did you mean" (tests/register/test_register_errors)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from climrisk.disclosure.context import category_words
from climrisk.disclosure.targets import targets_table
from climrisk.engine import Assumptions, run
from climrisk.errors import RegisterError
from climrisk.register import load_register

MINIMAL = Path(__file__).resolve().parents[1] / "data" / "registers" / "minimal"
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "engine"))

from engine_synthetic import carbon, make_grid  # noqa: E402

VOCABULARY = """vocabulary:
  asset_kinds:
    pumped-storage-plant: {label: {en: Pumped-storage plant, zh-Hant: 抽水蓄能電站}}
  drivers:
    hail: {label: {en: Hail, zh-Hant: 冰雹}}
  regions:
    australia-nem:
      label: {en: Australia NEM, zh-Hant: 澳洲國家電力市場}
      grid_emission_factor: 0.66
      electricity_price: 0.55
      source: "AEMO NEM carbon intensity index and wholesale price, 2024 (test figures)"
  item_categories:
    transition-liability:
      label: {en: Climate litigation, zh-Hant: 氣候訴訟}
  target_metrics:
    storage-capacity:
      label: {en: Storage capacity (MW), zh-Hant: 儲能容量（兆瓦）}
      unit: MW
      decimals: 0
  metric_fields:
    storage_mw: {label: {en: Storage capacity, zh-Hant: 儲能容量}, unit: MW}
entity:"""

CHANNEL = """channels:
  - id: carbon-levy
    name: {en: Carbon levy, zh-Hant: 碳徵費}
    tcfd_category: expenditures
    statement: income-statement
    line_item: {en: Other operating expenses, zh-Hant: 其他營運開支}
"""

PLANT = """# yaml-language-server: $schema=../../../../../schema/asset.schema.json
id: hydro-1
name: {en: Hill pumped storage, zh-Hant: 山嶺抽水蓄能}
kind: pumped-storage-plant
ownership: owned
location: {lat: 40.0, lon: 116.0, elevation_m: 300, city: Beijing, province: Beijing}
grid_region: australia-nem
electricity_mwh: 10000
replacement_value: 1000000000
revenue_dependency: 0.05
"""


def _register(tmp_path: Path) -> Path:
    root = tmp_path / "reg"
    shutil.copytree(MINIMAL, root)
    main = root / "register.yaml"
    main.write_text(main.read_text(encoding="utf-8").replace("entity:", VOCABULARY, 1),
                    encoding="utf-8")
    (root / "assets" / "hydro-1.yaml").write_text(PLANT, encoding="utf-8")
    main.write_text(main.read_text(encoding="utf-8").replace("channels:\n", CHANNEL, 1),
                    encoding="utf-8")
    item = root / "items" / "TR-01.yaml"
    item.write_text(
        item.read_text(encoding="utf-8")
        .replace("category: transition-policy-legal", "category: transition-liability")
        .replace("drivers: [carbon-price]", "drivers: [carbon-price, hail]")
        .replace("channels: [operating-cost]", "channels: [carbon-levy]")
        .replace("channel: operating-cost", "channel: carbon-levy"),
        encoding="utf-8",
    )
    targets = root / "targets.yaml"
    targets.write_text(targets.read_text(encoding="utf-8") + """  - id: storage-2030
    name: {en: Storage, zh-Hant: 儲能}
    metric: storage-capacity
    objective: {en: Firm renewable supply, zh-Hant: 穩定可再生能源供應}
    kind: absolute
    direction: at-least
    target_year: 2030
    target_value: 1200
    actuals: {2024: 300}
""", encoding="utf-8")
    metrics = root / "metrics.yaml"
    metrics.write_text(metrics.read_text(encoding="utf-8").replace(
        "    water:\n", "    additional:\n      storage_mw: 300\n    water:\n", 1), encoding="utf-8")
    return root


def test_declared_words_load_run_and_print_with_their_labels(tmp_path: Path) -> None:
    reg = load_register(_register(tmp_path))
    plant = reg.asset("hydro-1")
    assert (plant.kind, plant.grid_region) == ("pumped-storage-plant", "australia-nem")
    assert reg.latest_metrics.additional == {"storage_mw": 300}
    item = reg.item("TR-01")
    assert category_words(reg, item).en.endswith("Climate litigation")
    assert "冰雹" not in category_words(reg, item).zh_hant  # drivers are not the category
    cells = [str(c) for c in targets_table(reg).rows[-1]]
    assert any("Storage capacity (MW)" in c for c in cells)

    res = run(reg, make_grid(), Assumptions(pass_through=1.0), samples=500, seed=3,
              scenarios=["ngfs-nz2050"])
    got = float(res.dataset["amount"].sel(item="TR-01", asset="hydro-1", channel="carbon-levy",
                                          scenario="ngfs-nz2050", horizon="long", stat="mean"))
    deflator = (1.42 + 1.44 + 1.44) / 3
    # the declared region's flat factor, 0.66 t/MWh, on the plant's 10,000 MWh; it has no
    # Scope 1 of its own, so it carries its electricity share of the company's 120.5 t
    scope1 = 120.5 * 10_000 / (120_000 + 60_000 + 10_000)
    hand = carbon("ngfs-nz2050", 2050) * deflator * 7.19 * (10_000 * 0.66 + scope1)
    assert got == pytest.approx(hand, rel=2e-3)
    # the declared channel prints with its line item in the financial-effects table
    from climrisk.disclosure.document import compose
    from climrisk.disclosure.formats.markdown import markdown_table
    from climrisk.disclosure.provenance import Provenance

    doc = compose(reg, res, make_grid(), Provenance("tree", {"title": "synthetic"}, {}, 500, 3))
    e2 = markdown_table(next(t for t in doc.tables if t.id == "e-2"), "en")
    assert "Other operating expenses" in e2


def test_an_undeclared_region_names_the_fix(tmp_path: Path) -> None:
    root = _register(tmp_path)
    main = root / "register.yaml"
    main.write_text(main.read_text(encoding="utf-8").replace("australia-nem:", "australia-sws:"),
                    encoding="utf-8")
    with pytest.raises(RegisterError) as caught:
        load_register(root)
    text = str(caught.value)
    assert "unknown electricity region 'australia-nem'" in text
    assert "declare 'australia-nem' under vocabulary.regions" in text
