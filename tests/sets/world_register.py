"""A test register with sites in mainland China, Hong Kong, India, Malaysia and Australia.

Built from the minimal register: a Beijing data center (inland), a Hong Kong office on the
harbour, and data centers in Mumbai, Kuala Lumpur and Sydney. Engine parameters of the
cooling model are fixed (low = value = high) so that amounts can be computed by hand.
Power-grid regions are China's (the register vocabulary has no others yet): the sites
outside China borrow ``hong-kong``, which the tests take into account.
"""

from __future__ import annotations

import shutil
from pathlib import Path

MINIMAL = Path(__file__).resolve().parents[1] / "data" / "registers" / "minimal"

SITES = {
    # id: (kind, lat, lon, elevation_m, city, province, region)
    "dc-north": None,  # Beijing, kept from the minimal register (inland, 44 m)
    "hk-office": ("office", 22.28, 114.16, 2.0, "Hong Kong", "Hong Kong", "hong-kong"),
    "dc-mumbai": ("self-built-data-center", 19.08, 72.88, 1.0, "Mumbai", "Maharashtra",
                  "hong-kong"),
    "dc-kl": ("self-built-data-center", 3.14, 101.69, 60.0, "Kuala Lumpur", "Selangor",
              "hong-kong"),
    "dc-sydney": ("self-built-data-center", -33.86, 151.21, 1.5, "Sydney", "New South Wales",
                  "hong-kong"),
}
PUE = 1.5
ELECTRICITY_MWH = 50_000.0
PUE_PER_DEGC = 0.02
VALUE = 1_000_000_000.0

ASSET = """\
id: {id}
name: {{en: "{city} site", zh-Hant: "{city} 場址"}}
kind: {kind}
ownership: owned
location: {{lat: {lat}, lon: {lon}, elevation_m: {elev}, city: "{city}", province: "{prov}"}}
grid_region: {region}
electricity_mwh: {mwh}
replacement_value: {value}
revenue_dependency: 0.1
{dc}"""

ITEMS = {
    "PR-02": """\
id: PR-02
category: physical-chronic
title: {en: Hotter climate raises cooling energy, zh-Hant: 氣候變暖增加製冷能耗}
description: {en: Warming raises PUE., zh-Hant: 氣候變暖令 PUE 上升。}
financial_impact: {en: Higher power cost., zh-Hant: 電費上升。}
value_chain: [own-operations]
assets: [data-centers]
drivers: [temperature]
horizons: [short, long]
channels: [operating-cost]
quantification:
  - model: cooling-energy
    channel: operating-cost
owner: Infrastructure
last_reviewed: 2024-12-01
""",
    "PR-03": """\
id: PR-03
category: physical-chronic
title: {en: Sea-level rise floods coastal sites, zh-Hant: 海平面上升淹浸沿海場址}
description: {en: Storm tides on a higher sea reach low sites., zh-Hant: 海平面上升令風暴潮淹及低窪場址。}
financial_impact: {en: Asset damage., zh-Hant: 資產損毀。}
value_chain: [own-operations]
assets: [all]
drivers: [sea-level]
horizons: [short, long]
channels: [asset-damage]
quantification:
  - model: sea-level-inundation
    channel: asset-damage
owner: Infrastructure
last_reviewed: 2024-12-01
""",
}

PARAMETERS = f"""\
schema_version: 1
parameters:
  pue_per_degc:
    value: {PUE_PER_DEGC}
    low: {PUE_PER_DEGC}
    high: {PUE_PER_DEGC}
    unit: 1/K
    source: fixed for a hand calculation in the tests
    status: estimate
"""


def write_world_register(root: Path) -> Path:
    """The register in ``root`` (created); returns ``root``."""
    shutil.copytree(MINIMAL, root)
    for sid, spec in SITES.items():
        if spec is None:
            continue
        kind, lat, lon, elev, city, prov, region = spec
        dc = (f"attributes: {{pue: {PUE}, it_load_mw: 5}}\n" if kind.endswith("data-center") else "")
        (root / "assets" / f"{sid}.yaml").write_text(ASSET.format(
            id=sid, city=city, kind=kind, lat=lat, lon=lon, elev=elev, prov=prov, region=region,
            mwh=ELECTRICITY_MWH, value=VALUE, dc=dc), encoding="utf-8")
    for iid, text in ITEMS.items():
        (root / "items" / f"{iid}.yaml").write_text(text, encoding="utf-8")
    (root / "parameters.yaml").write_text(PARAMETERS, encoding="utf-8")
    return root
