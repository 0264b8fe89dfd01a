"""A register with a site the scenario data does not cover still validates, scores and builds.

The bundled register gets one more data center in Sydney; the bundled default grid stops at
18 N, so every pair that needs gridded data there is "not assessed" with the reason, and
every other number is unchanged.
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
    assert len(lines) == 1 and "tas_change" in lines[0] and "outside the grid" in lines[0]
    assert "warning: site bj-hq" not in done.stderr


def test_build_lists_the_site_as_not_assessed(register: Path) -> None:
    files = render(register, None, ["en"], samples=50)  # what `climrisk build` writes
    rows = list(csv.DictReader(io.StringIO(
        files["en/tables/e-4c-not-assessed.csv"].decode("utf-8-sig"))))
    assert rows and {r["Site"] for r in rows} == {"syd-dc"}
    assert all("outside the scenario data" in r["Reason"] for r in rows)
    assert {r["Scenario variable"] for r in rows} >= {"tas_change", "rx1day_change"}
    md = files["en/disclosure.md"].decode("utf-8")
    assert "not assessed, not zero" in md


def test_score_prints_not_assessed_pairs_and_totals_of_the_rest(register: Path) -> None:
    done = _cli("score", "--register", str(register), "--samples", "20", "--scenarios", "ssp245")
    assert done.returncode == 0, done.stderr
    assert "Not assessed" in done.stdout
    assert "syd-dc" in done.stdout and "outside the scenario data's extent" in done.stdout


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
    assert set(gaps["Site"]) == {"syd-dc"}
    assert gaps["Reason"].str.contains("outside the scenario data's extent").all()
    # st.table renders Markdown, so the app escapes the names (tas\_change shows tas_change)
    assert {app_text("tas_change"), app_text("rx1day_change")} <= set(gaps["Scenario variable"])
