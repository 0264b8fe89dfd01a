"""The bundled first-user register reproduces Kingsoft Cloud's 2024 ESG report exactly."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from climrisk.cli import app
from climrisk.register import load_register
from climrisk.packs.data_centers.models import DATA_CENTER_KINDS
from climrisk.register.models import Register

REGISTER_DIR = Path(__file__).resolve().parents[2] / "registers" / "kingsoft-cloud"


@pytest.fixture(scope="module")
def reg() -> Register:
    return load_register(REGISTER_DIR)


# --------------------------------------------------------------------------- validation


def test_validate_cli_passes_on_bundled_register() -> None:
    result = CliRunner().invoke(app, ["validate", str(REGISTER_DIR)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("ok: ")
    assert "12 items, 7 assets, 2 metric years, 9 targets" in result.output


def test_validate_cli_default_is_the_bundled_register() -> None:
    result = CliRunner().invoke(app, ["validate"])
    assert result.exit_code == 0, result.output
    assert "kingsoft-cloud" in result.output


def test_validate_cli_rejects_a_broken_copy(tmp_path: Path) -> None:
    broken = tmp_path / "kingsoft-cloud"
    shutil.copytree(REGISTER_DIR, broken)
    metrics = broken / "metrics.yaml"
    text = metrics.read_text(encoding="utf-8")
    assert text.count("scope1: 57.15") == 1
    metrics.write_text(text.replace("scope1: 57.15", "scope1: 75.15"), encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", str(broken)])
    assert result.exit_code != 0
    assert "scope1_2" in result.output


@pytest.mark.parametrize(
    "path",
    sorted(p.relative_to(REGISTER_DIR).as_posix() for p in REGISTER_DIR.rglob("*.yaml")),
)
def test_every_file_names_its_schema_on_the_first_line(path: str) -> None:
    first = (REGISTER_DIR / path).read_text(encoding="utf-8").splitlines()[0]
    folder, _, name = path.rpartition("/")
    kind = {"assets": "asset", "items": "item"}.get(folder, name.removesuffix(".yaml"))
    prefix = "../../../schema/" if folder else "../../schema/"
    assert first == f"# yaml-language-server: $schema={prefix}{kind}.schema.json"


# --------------------------------------------------------------------------- entity


def test_entity(reg: Register) -> None:
    e = reg.main.entity
    assert e.name.en == "Kingsoft Cloud Holdings Limited"
    assert e.name.zh_hant == "金山雲控股有限公司"
    assert e.stock_codes == ["3896.HK", "KC"]
    assert (e.reporting_period.start.isoformat(), e.reporting_period.end.isoformat()) == (
        "2024-01-01",
        "2024-12-31",
    )
    assert (e.currency, e.base_year, e.issuer_class.value, e.usd_rate) == (
        "CNY",
        2023,
        "MainBoard",
        7.19,
    )
    assert e.issuer_class_basis and "Main Board" in e.issuer_class_basis
    assert e.usd_rate_basis


def test_horizons_follow_report_footnote_20(reg: Register) -> None:
    got = [(h.id, h.start_years, h.end_years, h.analysis_year) for h in reg.horizons]
    assert got == [("short", 0, 1, 2025), ("medium", 1, 5, 2029), ("long", 5, None, 2050)]
    assert [h.name.zh_hant for h in reg.horizons] == ["短期", "中期", "長期"]
    assert "2050" in reg.horizons[2].planning_link.en


def test_scales_and_channels(reg: Register) -> None:
    s = reg.main.scales
    assert [lv.threshold for lv in s.likelihood] == [0, 0.01, 0.05, 0.2, 0.5]
    assert [lv.threshold for lv in s.magnitude] == [0, 0.001, 0.005, 0.02, 0.05]
    assert [b.id for b in s.bands] == ["low", "medium", "high"]
    names = {c.id: c.name.zh_hant for c in reg.main.channels}
    assert names == {
        "fixed-asset-impairment": "固定資產減值",
        "operating-cost-increase": "運營成本增加",
        "revenue-decrease": "營業收入下降",
        "compliance-cost-increase": "合規成本增加",
        "financing-channels-decrease": "融資渠道減少",
        "operating-cost-decrease": "運營成本下降",
        "revenue-increase": "營業收入增加",
        "financing-channels-increase": "融資渠道增加",
    }


def test_scenarios_and_undisclosed_items(reg: Register) -> None:
    ids = [s.id for s in reg.main.scenario_analysis.scenarios]
    for needed in ("ssp126", "ssp245", "ssp585", "ngfs-nz2050", "ngfs-dt", "ngfs-cp"):
        assert needed in ids
    assert all(s.why.en and s.why.zh_hant for s in reg.main.scenario_analysis.scenarios)
    assert reg.main.internal_carbon_price.applied is False
    assert reg.main.internal_carbon_price.price is None
    assert reg.main.remuneration.share_linked is None
    assert "CFO" in reg.main.remuneration.description.zh_hant
    assert reg.main.capital_deployment.amount is None
    assert "計劃與溝通，問題發現，匯報與監督，整改完善" in (
        reg.main.narrative.risk_management_integration.zh_hant
    )


# --------------------------------------------------------------------------- metrics

PUBLISHED = {
    2023: {
        "scope1": 66.57,
        "scope2_location": 58941.32,
        "scope1_2": 59007.89,
        "scope1_2_intensity": 8.37,
        "scope3_total": 133245.19,
        "scope3": {"1": 81695.21, "2": 46103.44, "3": 805.27, "6": 743.04, "7": 3898.23},
        "energy_total": 82274.99,
        "energy_direct": 258.21,
        "energy_indirect": 82016.78,
        "energy_intensity": 11.67,
        "water": 147188.78,
        "water_intensity": 20.89,
        "hazardous": 0.049,
        "non_hazardous": 426.75,
        "revenue": 7052.6,
    },
    2024: {
        "scope1": 57.15,
        "scope2_location": 57638.74,
        "scope1_2": 57695.89,
        "scope1_2_intensity": 7.41,
        "scope3_total": 187220.37,
        "scope3": {
            "1": 41482.00,
            "2": 54008.67,
            "3": 11938.76,
            "6": 1452.04,
            "7": 4468.44,
            "8": 73870.46,
        },
        "energy_total": 107636.81,
        "energy_direct": 220.95,
        "energy_indirect": 107415.86,
        "energy_intensity": 13.83,
        "water": 182233.40,
        "water_intensity": 23.41,
        "hazardous": 3.27,
        "non_hazardous": 328.05,
        "revenue": 7785.2,
    },
}


@pytest.mark.parametrize("year", [2023, 2024])
def test_published_metrics_exact(reg: Register, year: int) -> None:
    y = next(m for m in reg.metrics.years if m.year == year)
    p = PUBLISHED[year]
    g = y.ghg
    assert (g.scope1, g.scope2_location, g.scope1_2, g.scope1_2_intensity) == (
        p["scope1"],
        p["scope2_location"],
        p["scope1_2"],
        p["scope1_2_intensity"],
    )
    assert g.scope3 is not None
    assert g.scope3.total == p["scope3_total"]
    assert {c.value: v for c, v in g.scope3.categories.items()} == p["scope3"]
    e = y.energy
    assert (e.total_mwh, e.direct_mwh, e.indirect_mwh, e.intensity) == (
        p["energy_total"],
        p["energy_direct"],
        p["energy_indirect"],
        p["energy_intensity"],
    )
    assert (y.water.total_t, y.water.intensity) == (p["water"], p["water_intensity"])
    assert y.waste is not None
    assert (y.waste.hazardous_t, y.waste.non_hazardous_t) == (p["hazardous"], p["non_hazardous"])
    assert y.revenue_million == p["revenue"]
    assert "annual report" in y.revenue_basis


@pytest.mark.parametrize("year", [2023, 2024])
def test_revenue_reproduces_published_intensities(reg: Register, year: int) -> None:
    y = next(m for m in reg.metrics.years if m.year == year)
    r = y.revenue_million
    assert round(y.energy.total_mwh / r, 2) == pytest.approx(y.energy.intensity, abs=0.005)
    assert round(y.ghg.scope1_2 / r, 2) == pytest.approx(y.ghg.scope1_2_intensity, abs=0.005)
    # 2023 water intensity was published as 20.89; 147,188.78 / 7,052.6 = 20.87.
    assert y.water.total_t / r == pytest.approx(y.water.intensity, abs=0.021)


def test_scope3_exclusions(reg: Register) -> None:
    y2023 = next(m for m in reg.metrics.years if m.year == 2023)
    assert y2023.ghg.scope3 is not None
    assert "2024" in y2023.ghg.scope3.excluded["8"].en
    assert "2024" in y2023.ghg.scope3.excluded["8"].zh_hant
    reported = {"1", "2", "3", "6", "7"}
    assert {c.value for c in y2023.ghg.scope3.excluded} == {str(n) for n in range(1, 16)} - reported


def test_self_built_dc_pue_wue_and_grid_factor(reg: Register) -> None:
    latest = reg.latest_metrics
    assert latest.year == 2024
    assert latest.measured["pue"] == {"bj-yizhuang": 1.374, "tj-yixianyuan": 1.269}
    assert latest.measured["wue"] == {"bj-yizhuang": 1.94, "tj-yixianyuan": 2.13}
    factor = reg.metrics.method.scope2_grid_factor
    assert factor == 0.5366
    assert latest.ghg.scope2_location / latest.energy.indirect_mwh == pytest.approx(
        factor, abs=1e-4
    )


# --------------------------------------------------------------------------- items

ITEMS = {
    "PR-01": (
        "physical-acute",
        "洪水、暴雨、颱風等極端天氣事件",
        ["short", "medium", "long"],
        "固定資產減值、運營成本增加、營業收入下降",
        {"flood-damage", "flood-downtime", "wind-damage", "wind-downtime"},
    ),
    "PR-02": (
        "physical-chronic",
        "平均氣溫上升",
        ["medium", "long"],
        "營業收入下降、運營成本增加",
        {"cooling-energy", "water-stress", "heat-outage"},
    ),
    "PR-03": (
        "physical-chronic",
        "海平面上升",
        ["medium", "long"],
        "固定資產減值、營業收入下降、運營成本增加",
        {"sea-level-inundation"},
    ),
    "TR-01": (
        "transition-policy-legal",
        "政府及監管機構要求趨緊",
        ["short", "medium", "long"],
        "運營成本增加",
        {"pue-compliance", "pilot-ets", "green-power"},
    ),
    "TR-02": (
        "transition-policy-legal",
        "信息披露",
        ["short", "medium", "long"],
        "合規成本增加",
        {"disclosure-compliance"},
    ),
    "TR-03": (
        "transition-technology",
        "新興低碳技術發展與應用",
        ["short", "medium", "long"],
        "營業收入下降",
        {"technology-lag"},
    ),
    "TR-04": (
        "transition-market",
        "能源價格波動",
        ["short", "medium", "long"],
        "運營成本增加",
        {"electricity-price"},
    ),
    "TR-05": (
        "transition-market",
        "市場偏好",
        ["short", "medium", "long"],
        "營業收入下降",
        {"green-demand-shift"},
    ),
    "TR-06": (
        "transition-reputation",
        "投資理念轉變",
        ["short", "medium", "long"],
        "融資渠道減少",
        {"financing-cost"},
    ),
    "OP-01": (
        "opportunity-resource-efficiency",
        "使用清潔技術 / 能源",
        ["short", "medium", "long"],
        "運營成本下降",
        {"efficiency-savings", "onsite-pv"},
    ),
    "OP-02": (
        "opportunity-products-services",
        "提供綠色低碳產品及服務",
        ["medium", "long"],
        "營業收入增加",
        {"green-revenue"},
    ),
    "OP-03": (
        "opportunity-markets",
        "可持續融資",
        ["short", "medium", "long"],
        "融資渠道增加",
        {"sustainable-finance"},
    ),
}


def test_the_twelve_items(reg: Register) -> None:
    assert sorted(i.id for i in reg.items) == sorted(ITEMS)


@pytest.mark.parametrize("item_id", sorted(ITEMS))
def test_item_as_reported(reg: Register, item_id: str) -> None:
    category, title, horizons, impact, models = ITEMS[item_id]
    item = reg.item(item_id)
    assert item.category == category
    assert item.title.zh_hant == title
    assert item.title.en
    assert item.horizons == horizons
    assert item.financial_impact.zh_hant == impact
    # Each channel's report wording appears in the item's financial-impact wording.
    channel_names = {c.id: c.name.zh_hant for c in reg.main.channels}
    assert sorted(impact.split("、")) == sorted(channel_names[c] for c in item.channels)
    assert {q.model for q in item.quantification} == models
    level = item.conclusion.level if item.conclusion else None
    assert level == ("low" if item.category.is_risk else None)
    assert item.responses and all(r.action.zh_hant and r.action.en for r in item.responses)
    assert item.last_reviewed.isoformat() == "2025-04-15"
    assert item.source is not None and item.source.locator and "lines" in item.source.locator
    assert reg.resolve_assets(item.assets)


def test_sea_level_model_skips_inland_sites(reg: Register) -> None:
    q = reg.item("PR-03").quantification[0]
    assert q.assets is not None
    sites = {a.id for a in reg.resolve_assets(q.assets)}
    assert sites == {"tj-yixianyuan", "cs-glp", "sh-guanghuan", "sh-pujiang"}


# --------------------------------------------------------------------------- assets

SITES = {
    "bj-yizhuang": ("self-built-data-center", "owned", "北京亦莊數據中心", "north-china"),
    "tj-yixianyuan": ("self-built-data-center", "owned", "天津逸仙園數據中心", "north-china"),
    "cs-glp": ("leased-data-center", "leased", "常熟普洛斯數據中心", "east-china"),
    "sh-guanghuan": ("leased-data-center", "leased", "上海光環機房", "east-china"),
    "sh-pujiang": ("leased-data-center", "leased", "浦江萬國機房", "east-china"),
    "bj-hq": ("office", "leased", "北京總部小米科技園", "north-china"),
    "wh-hq": ("office", "leased", "武漢總部及研發中心", "central-china"),
}


def test_the_seven_sites(reg: Register) -> None:
    got = {
        a.id: (a.kind, a.ownership.value, a.name.zh_hant, a.grid_region)
        for a in reg.assets
    }
    assert got == SITES


def test_published_site_facts(reg: Register) -> None:
    yz, tj = reg.asset("bj-yizhuang"), reg.asset("tj-yixianyuan")
    assert [x.attributes[k] for x in (yz, tj) for k in ("pue", "wue")] == [1.374, 1.94, 1.269, 2.13]
    cs = reg.asset("cs-glp")
    assert cs.lease is not None and cs.attributes["lease_pue_limit"] == 1.36
    pv = reg.asset("sh-guanghuan").onsite_pv_kw + reg.asset("sh-pujiang").onsite_pv_kw
    assert pv == 350


def test_estimates_are_declared_with_a_basis(reg: Register) -> None:
    always = {
        "location.lat",
        "location.lon",
        "location.elevation_m",
        "electricity_mwh",
        "replacement_value",
        "revenue_dependency",
        "flood",
    }
    for a in reg.assets:
        needed = set(always)
        if a.kind in DATA_CENTER_KINDS:
            needed.add("attributes.it_load_mw")
        if a.kind == "leased-data-center" and a.id != "cs-glp":
            needed.add("attributes.pue")
        missing = needed - set(a.estimates)
        assert not missing, f"{a.id}: estimated fields without a basis: {sorted(missing)}"
        for field, basis in a.estimates.items():
            assert len(basis.strip()) >= 20, f"{a.id}.{field}: basis too short"


def test_estimates_are_consistent(reg: Register) -> None:
    latest = reg.latest_metrics
    own_scope2 = [a for a in reg.assets if a.kind in {"self-built-data-center", "office"}]
    assert sum(a.electricity_mwh for a in own_scope2) < latest.energy.indirect_mwh
    assert sum(a.revenue_dependency for a in reg.assets) <= 1
    assert all(a.revenue_dependency == 0 for a in reg.assets if a.kind == "office")
    for a in reg.assets:
        if a.kind in DATA_CENTER_KINDS:
            it_load, pue = a.attributes["it_load_mw"], a.attributes["pue"]
            assert it_load == pytest.approx(a.electricity_mwh / (8760 * pue), abs=0.01)
            assert 30e6 * it_load <= a.replacement_value <= 50e6 * it_load / 0.6
        assert a.flood is not None and a.flood.return_periods == [10, 50, 100, 500]
    # Yizhuang was not affected by the 2023 Beijing floods (at least a 1-in-100-year rainfall).
    yz_flood = reg.asset("bj-yizhuang").flood
    assert yz_flood is not None and yz_flood.depth_m[:2] == [0, 0]


# --------------------------------------------------------------------------- targets

TARGETS = {
    "bj-yizhuang-pue-2024": ("pue", "bj-yizhuang", 2024, 1.355, {2024: 1.374}),
    "bj-yizhuang-pue-2025": ("pue", "bj-yizhuang", 2025, 1.362, {}),
    "bj-yizhuang-wue-2024": ("wue", "bj-yizhuang", 2024, 1.95, {2024: 1.94}),
    "bj-yizhuang-wue-2025": ("wue", "bj-yizhuang", 2025, 1.94, {}),
    "tj-yixianyuan-pue-2024": ("pue", "tj-yixianyuan", 2024, 1.350, {2024: 1.269}),
    "tj-yixianyuan-pue-2025": ("pue", "tj-yixianyuan", 2025, 1.258, {}),
    "tj-yixianyuan-wue-2024": ("wue", "tj-yixianyuan", 2024, 2.20, {2024: 2.13}),
    "tj-yixianyuan-wue-2025": ("wue", "tj-yixianyuan", 2025, 2.00, {}),
}


def test_pue_wue_targets(reg: Register) -> None:
    got = {
        t.id: (t.metric, t.assets[0], t.target_year, t.target_value, dict(t.actuals))
        for t in reg.targets.targets
        if t.metric in {"pue", "wue"}
    }
    assert got == TARGETS
    assert all(
        t.direction.value == "at-most" for t in reg.targets.targets if t.metric in {"pue", "wue"}
    )


def test_2024_outcomes(reg: Register) -> None:
    met = {
        t.id: t.actuals[2024] <= t.target_value
        for t in reg.targets.targets
        if t.target_year == 2024
    }
    assert met == {
        "bj-yizhuang-pue-2024": False,
        "bj-yizhuang-wue-2024": True,
        "tj-yixianyuan-pue-2024": True,
        "tj-yixianyuan-wue-2024": True,
    }


def test_2050_carbon_neutrality_target(reg: Register) -> None:
    t = next(t for t in reg.targets.targets if t.id == "carbon-neutral-operations-2050")
    assert (t.metric, t.target_year, t.target_value, t.gross_or_net) == (
        "ghg-scope1-2",
        2050,
        0,
        "net",
    )
    assert t.assets == []
    assert t.objective.zh_hant == "金山雲承諾，不晚於 2050 年，實現公司運營層面的碳中和。"
    assert dict(t.actuals) == {2023: 59007.89, 2024: 57695.89}
