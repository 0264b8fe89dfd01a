"""A register with sites the scenario data does not fully cover validates, scores and builds.

The bundled register gets one more data center in Sydney. The worldwide layer of the bundled
default gives it warming, heavy rain and sea level, but hot days need a local climatology it
does not hold, so the Sydney cooling pair is "not assessed" with the reason; so is the sea
level of the inland Tianjin site. Every other number is computed as before.
"""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from climrisk.disclosure.pipeline import render
from climrisk.paths import bundled

REGISTER = bundled("registers") / "kingsoft-cloud"

SYDNEY = """\
id: syd-dc
name: {en: "Sydney data center", zh-Hant: "悉尼數據中心"}
kind: leased-data-center
ownership: leased
location: {lat: -33.87, lon: 151.21, elevation_m: 20, city: Sydney, province: New South Wales}
grid_region: south-china
electricity_mwh: 1000
replacement_value: 50000000
revenue_dependency: 0.05
attributes: {pue: 1.4, it_load_mw: 2, wue: 1.5}
lease: {lessor: Test lessor}
flood: {return_periods: [10, 100], depth_m: [0, 0.2], curve: commercial, protection_rp: 0}
estimates:
  location.lat: test site
"""


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "climrisk.cli", *args], capture_output=True, text=True, timeout=600
    )


@pytest.fixture(scope="module")
def register(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("reg") / "reg"
    shutil.copytree(REGISTER, root)
    (root / "assets" / "syd-dc.yaml").write_text(SYDNEY, encoding="utf-8")
    return root


def test_validate_lists_the_variables_that_do_not_cover_a_site(register: Path) -> None:
    done = _cli("validate", str(register))
    assert done.returncode == 0, done.stderr
    lines = [ln for ln in done.stderr.splitlines() if ln.startswith("warning: site syd-dc")]
    assert len(lines) == 1 and "hot_days (no value at the site)" in lines[0]
    assert "tas_change" not in lines[0] and "sea_level_change" not in lines[0]
    inland = [ln for ln in done.stderr.splitlines() if ln.startswith("warning: site bj-hq")]
    assert inland == ["warning: site bj-hq: not covered by sea_level_change (no value at the "
                      "site)"]


def test_build_lists_the_site_as_not_assessed(register: Path) -> None:
    files = render(register, None, ["en"], samples=50)  # what `climrisk build` writes
    rows = list(csv.DictReader(io.StringIO(
        files["en/tables/e-4c-not-assessed.csv"].decode("utf-8-sig"))))
    assert rows and {r["Site"] for r in rows} == {"syd-dc", "tj-yixianyuan"}
    assert all("has no value at the site" in r["Reason"] for r in rows)
    assert {r["Scenario variable"] for r in rows if r["Site"] == "syd-dc"} == {"hot_days"}
    assert {r["Scenario variable"] for r in rows if r["Site"] != "syd-dc"} == \
        {"sea_level_change"}
    md = files["en/disclosure.md"].decode("utf-8")
    assert "not assessed, not zero" in md


def test_score_prints_not_assessed_pairs_and_totals_of_the_rest(register: Path) -> None:
    done = _cli("score", "--register", str(register), "--samples", "20", "--scenarios", "ssp245")
    assert done.returncode == 0, done.stderr
    assert "Not assessed" in done.stdout
    line = next(ln for ln in done.stdout.splitlines() if "syd-dc" in ln)
    assert "'hot_days' has no value at the site" in line


def test_app_overview_shows_the_pairs_not_assessed(
    register: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from streamlit.testing.v1 import AppTest

    from climrisk.escaping import app_text

    repo = Path(__file__).resolve().parents[2]
    monkeypatch.setenv("CLIMRISK_REGISTER", str(register))
    monkeypatch.delenv("CLIMRISK_GRID", raising=False)
    monkeypatch.chdir(repo)
    at = AppTest.from_file(str(repo / "app.py"), default_timeout=300).run()
    assert not at.exception
    assert any("not assessed, not zero" in w.value for w in at.warning)
    gaps = at.table[-1].value  # the overview shows the pairs with st.table
    assert set(gaps["Site"]) == {"syd-dc", "tj-yixianyuan"}
    # st.table renders Markdown, so the app escapes the names (hot\_days shows hot_days)
    assert set(gaps[gaps["Site"] == "syd-dc"]["Scenario variable"]) == {app_text("hot_days")}
