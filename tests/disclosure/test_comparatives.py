"""Comparatives and restatements on a register kept in git with two periods.

The prior period (FY2023) is tagged with its published ``numbers.json``; the current register
(FY2024) names it in ``comparatives.yaml``. The modelled tables then show FY2023 under each
FY2024 row, recomputed from the tag, and a prior figure corrected after publication must be
explained by an entry of the restatement log, which the disclosure prints.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from docx import Document
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from climrisk.cli import app
from climrisk.disclosure.formats.numbers_json import numbers_json
from climrisk.disclosure.outputs import render_files
from climrisk.disclosure.pipeline import BUILD_SAMPLES, document_for, scenarios_for
from climrisk.errors import RegisterError
from climrisk.register import load_register
from climrisk.register.comparatives import ComparativesFile, matches

MINIMAL = Path(__file__).resolve().parents[1] / "data" / "registers" / "minimal"
SAMPLES = BUILD_SAMPLES  # as `climrisk build` and `climrisk diff` run
FOLDER = "registers/acme"
GIT_ENV = {"GIT_AUTHOR_NAME": "Analyst", "GIT_AUTHOR_EMAIL": "analyst@example.com",
           "GIT_COMMITTER_NAME": "Analyst", "GIT_COMMITTER_EMAIL": "analyst@example.com",
           "GIT_CONFIG_NOSYSTEM": "1", "HOME": "/nonexistent"}


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True,
                   env={**os.environ, **GIT_ENV})


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def _build(register: Path) -> Any:
    reg = load_register(register)
    scen = scenarios_for(reg, None)
    return document_for(reg, scen.grid, scen.path, samples=SAMPLES)


def _rows(doc: Any, table: str) -> list[dict[str, Any]]:
    return json.loads(numbers_json(doc))["tables"][table]["rows"]


COMPARATIVES = """\
schema_version: 1
prior:
  revision: {revision}
  published: {{revision: fy2023}}
restatements: {restatements}
"""
ENTRY = """
  - id: R-1
    figures: ["*/PR-01", "e-5b/*/assets"]
    reason: {en: "North site's replacement value corrected to the insured value <b>&amp;</b> | a", zh-Hant: "北區數據中心重置價值更正為投保價值"}
    on: 2025-02-14
    by: Mei Ling Chan
    role: Head of Risk
"""


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """FY2023 tagged with its published figures; a correction of it tagged after filing;
    FY2024 at HEAD."""
    top = tmp_path_factory.mktemp("repo")
    register = top / FOLDER
    shutil.copytree(MINIMAL, register)
    _edit(register / "register.yaml", "start: 2024-01-01\n    end: 2024-12-31",
          "start: 2023-01-01\n    end: 2023-12-31")
    _edit(register / "metrics.yaml", "year: 2024", "year: 2023")
    _edit(register / "register.yaml", "analysis_year: 2027", "analysis_year: 2026")
    published = top / "disclosures" / "acme" / "numbers.json"
    published.parent.mkdir(parents=True)
    published.write_bytes(numbers_json(_build(register)))
    _git(top, "init", "-q")
    _git(top, "add", "-A")
    _git(top, "commit", "-q", "-m", "FY2023 register and its disclosure")
    _git(top, "tag", "fy2023")
    # After filing, the north site's replacement value is found to be wrong.
    _edit(register / "assets" / "dc-north.yaml", "replacement_value: 2500000000",
          "replacement_value: 3000000000")
    _git(top, "commit", "-qam", "FY2023 register corrected")
    _git(top, "tag", "fy2023-corrected")
    shutil.rmtree(register)
    shutil.copytree(MINIMAL, register)
    _edit(register / "assets" / "dc-north.yaml", "replacement_value: 2500000000",
          "replacement_value: 3000000000")
    _git(top, "add", "-A")
    _git(top, "commit", "-q", "-m", "FY2024 register")
    return top


def _comparatives(repo: Path, revision: str, restatements: str = "[]") -> Path:
    register = repo / FOLDER
    (register / "comparatives.yaml").write_text(
        COMPARATIVES.format(revision=revision, restatements=restatements), encoding="utf-8")
    return register


def test_modelled_tables_show_the_prior_period_beside_the_current(repo: Path) -> None:
    register = _comparatives(repo, "fy2023")
    doc = _build(register)
    published = json.loads(
        (repo / "disclosures" / "acme" / "numbers.json").read_text(encoding="utf-8"))
    for table in ("e-2", "e-4a", "e-4b", "e-4d", "e-4p", "e-4r", "e-5b"):
        rows = _rows(doc, table)
        periods = [r["period"]["en"] for r in rows]
        assert periods[:2] == ["FY2024", "FY2023"], table
        assert periods.count("FY2023") == len(published["tables"][table]["rows"]), table
    # Hand check: the prior row of PR-01 short term in e-4a holds the published FY2023 value,
    # linked to its prior-period evidence record.
    old = next(r for r in published["tables"]["e-4a"]["rows"]
               if r["id"] == "PR-01" and r["horizon"]["en"] == "Short term")
    rows = _rows(doc, "e-4a")
    at = next(n for n, r in enumerate(rows) if r["id"] == "PR-01"
              and r["horizon"]["en"] == "Short term" and r["period"]["en"] == "FY2023")
    assert rows[at]["ssp245"]["value"] == old["ssp245"]["value"]
    assert rows[at]["ssp245"]["evidence"] == "prior/" + old["ssp245"]["evidence"]
    assert rows[at]["ssp245"]["estimate"] is old["ssp245"]["estimate"] is True
    # the current row above it is this period's own figure
    assert rows[at - 1]["period"]["en"] == "FY2024"
    assert rows[at - 1]["ssp245"]["evidence"] == old["ssp245"]["evidence"]
    record = doc.evidence.records["prior/" + old["ssp245"]["evidence"]]
    assert any(i.where.startswith("fy2023:assets/dc-north.yaml")
               for i in doc.evidence.groups[record.group].inputs)
    r1 = _rows(doc, "r-1")
    assert r1 == []
    assert "r-2" not in json.loads(numbers_json(doc))["tables"]
    provenance = json.loads(numbers_json(doc))["provenance"]
    assert provenance["prior period revision"].startswith("fy2023 (commit ")


def test_the_apps_preview_shows_the_comparatives_the_build_files(repo: Path) -> None:
    from climrisk import appdata

    register = _comparatives(repo, "fy2023")
    preview = appdata.disclosure(appdata.Source(str(register), None, "test", "test"))
    periods = [r["period"]["en"] for r in _rows(preview.document, "e-4a")]
    assert periods[:2] == ["FY2024", "FY2023"]
    assert _rows(preview.document, "e-4a") == _rows(_build(register), "e-4a")


def test_prior_figures_in_this_registers_money_unit(repo: Path) -> None:
    register = _comparatives(repo, "fy2023")
    _edit(register / "register.yaml", "usd_rate_basis: PBOC central parity, 2024 average",
          "usd_rate_basis: PBOC central parity, 2024 average\nvaluation:\n  money_unit: million")
    try:
        doc = _build(register)
    finally:
        _edit(register / "register.yaml", "\nvaluation:\n  money_unit: million", "")
    published = json.loads(
        (repo / "disclosures" / "acme" / "numbers.json").read_text(encoding="utf-8"))
    old = next(r for r in published["tables"]["e-4a"]["rows"] if r["id"] == "PR-01")
    row = next(r for r in _rows(doc, "e-4a")
               if r["id"] == "PR-01" and r["period"]["en"] == "FY2023")
    # published in CNY thousand, shown here in CNY million to one decimal
    assert row["ssp245"]["value"] == round(old["ssp245"]["value"] / 1000, 1)
    assert json.loads(numbers_json(doc))["tables"]["e-4a"]["columns"][4]["unit"]["en"] == \
        "CNY million per year"
    # shares of revenue keep their unit: e-5b's amounts are rescaled, its percentages not
    was = published["tables"]["e-5b"]["rows"][0]
    now = next(r for r in _rows(doc, "e-5b") if r["period"]["en"] == "FY2023")
    assert now["percent_short"]["value"] == was["percent_short"]["value"]
    assert now["amount_short"]["value"] == {
        k: round(v / 1000, 1) for k, v in was["amount_short"]["value"].items()}
    record = doc.evidence.records[now["percent_short"]["evidence"]]
    assert record.unit == "%" and record.scale == 1.0


def test_a_changed_prior_figure_without_a_restatement_is_refused(repo: Path) -> None:
    register = _comparatives(repo, "fy2023-corrected")
    with pytest.raises(RegisterError) as err:
        _build(register)
    text = str(err.value)
    assert "comparatives.yaml" in text
    assert "differ from those published (fy2023:disclosures/acme/numbers.json)" in text
    assert "e-4a/PR-01/short/ssp245" in text
    assert "TR-01" not in text  # the transition item does not read the replacement value


def test_a_restatement_entry_appears_in_the_output(repo: Path) -> None:
    register = _comparatives(repo, "fy2023-corrected", ENTRY)
    doc = _build(register)
    published = json.loads(
        (repo / "disclosures" / "acme" / "numbers.json").read_text(encoding="utf-8"))
    numbers = json.loads(numbers_json(doc))
    r1 = numbers["tables"]["r-1"]["rows"]
    assert [r["id"] for r in r1] == ["R-1"]
    assert r1[0]["by"] == "Mei Ling Chan, Head of Risk"
    assert r1[0]["on"] == "2025-02-14"
    r2 = {r["figure"]: r for r in numbers["tables"]["r-2"]["rows"]}
    assert r1[0]["restated"] == len(r2) > 0
    # PR-01, the totals it is in (e-4r: risks per scenario), and the shares of total
    # assets, whose denominator moved
    assert {f.split("/")[1] for f in r2} == {"PR-01", "total-risks", "physical", "ssp245",
                                             "opportunity"}
    assert {f.split("/")[2] for f in r2 if f.startswith("e-5b/")} == {"assets"}
    # Hand check of one figure: as published from the tag, restated = the prior row shown.
    fid = "e-4a/PR-01/short/ssp245"
    was = next(r for r in published["tables"]["e-4a"]["rows"]
               if r["id"] == "PR-01" and r["horizon"]["en"] == "Short term")["ssp245"]["value"]
    shown = next(r for r in numbers["tables"]["e-4a"]["rows"] if r["id"] == "PR-01"
                 and r["horizon"]["en"] == "Short term" and r["period"]["en"] != "FY2024")
    assert shown["period"]["en"] == "FY2023, restated (R-1)"
    now = shown["ssp245"]["value"]
    assert now > was  # a higher replacement value, a higher flood loss
    assert r2[fid]["published"] == was
    assert r2[fid]["restated"]["value"] == now
    assert r2[fid]["difference"] == round(now - was, 0)
    assert r2[fid]["restatement"] == "R-1"
    files = render_files(doc, ["en", "zh-Hant"], pdf=False)
    html = files["en/disclosure.html"].decode()
    assert '<section id="r-1">' in html and "Prior period and restatements" in html
    # register text is escaped, never markup
    assert "&lt;b&gt;&amp;amp;&lt;/b&gt;" in html and "<b>&amp;" not in html
    md = files["en/disclosure.md"].decode()
    assert "FY2023, restated (R-1)" in md
    assert r"\<b\>" in md or "&lt;b&gt;" in md
    zh = files["zh-Hant/disclosure.html"].decode()
    assert "重列記錄" in zh and "2023 財政年度（經重列：R-1）" in zh
    csv = files["en/tables/r-1-restatements.csv"].decode()
    assert "R-1" in csv and "Mei Ling Chan" in csv
    word = Document(io.BytesIO(files["en/disclosure.docx"]))
    cells = {c.text for t in word.tables for r in t.rows for c in r.cells}
    assert {"FY2023, restated (R-1)", "Mei Ling Chan, Head of Risk"} <= cells
    book = openpyxl.load_workbook(io.BytesIO(files["zh-Hant/disclosure.xlsx"]))
    values = {c.value for ws in book.worksheets for r in ws.iter_rows() for c in r}
    assert "2023 財政年度（經重列：R-1）" in values and "R-1" in values


def test_a_restatement_that_explains_nothing_is_refused(repo: Path) -> None:
    # TR-01 does not read the replacement value; e-4d has no totals that PR-01 is part of
    entry = ENTRY.rstrip() + "\n" + ENTRY.replace("R-1", "R-2").replace(
        '"*/PR-01", "e-5b/*/assets"', '"e-4d/TR-01"')
    register = _comparatives(repo, "fy2023-corrected", entry)
    with pytest.raises(RegisterError) as err:
        _build(register)
    assert "restatement R-2 explains no figure" in str(err.value)
    assert "restatement R-1" not in str(err.value)


def test_bad_prior_periods_are_located_errors(repo: Path, tmp_path: Path) -> None:
    register = _comparatives(repo, "fy2022")
    with pytest.raises(RegisterError) as err:
        _build(register)
    assert "comparatives.yaml:3:" in str(err.value) and "'fy2022' is not in the repository" \
        in str(err.value)
    register = _comparatives(repo, "HEAD")
    with pytest.raises(RegisterError) as err:
        _build(register)
    assert "which is not before this period" in str(err.value)
    (register / "comparatives.yaml").write_text(
        "schema_version: 1\nprior:\n  revision: --output=/tmp/x\n  folder: ../elsewhere\n",
        encoding="utf-8")
    with pytest.raises(RegisterError) as err:
        load_register(register)
    assert "comparatives.yaml:3:" in str(err.value) and "comparatives.yaml:4:" in str(err.value)
    outside = tmp_path / "acme"
    shutil.copytree(register, outside)
    (outside / "comparatives.yaml").write_text(
        COMPARATIVES.format(revision="fy2023", restatements="[]"), encoding="utf-8")
    with pytest.raises(RegisterError) as err:
        _build(outside)
    assert "not in a git repository" in str(err.value)


def test_without_a_prior_period_the_tables_are_unchanged(repo: Path) -> None:
    register = repo / FOLDER
    (register / "comparatives.yaml").unlink(missing_ok=True)
    doc = _build(register)
    assert "period" not in _rows(doc, "e-4a")[0]
    assert "comparatives" not in [p.anchor for p in doc.parts]


def test_diff_across_periods(repo: Path) -> None:
    register = _comparatives(repo, "fy2023-corrected")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "FY2024 names its prior period")
    try:
        code, out = _climrisk("diff", "--prior", "--repo", str(repo), "--register", FOLDER)
        assert code == 0, out
        assert "## Disclosure diff across periods: FY2023 `fy2023-corrected` → FY2024" in out
        assert "| metrics 2024 |" not in out and "- added: comparatives" not in out
        assert "reporting_period.end" in out and "2023-12-31" in out
        assert "### Prior period as published" in out
        assert "| e-4a/PR-01/short/ssp245 |" in out and "**none: unexplained**" in out
        assert "TR-01/" not in out.split("### Prior period as published")[1]
        code, out = _climrisk("diff", "HEAD", "--repo", str(repo), "--register", FOLDER)
        assert code != 0 and "diff needs two revisions" in out
    finally:
        _git(repo, "reset", "-q", "--hard", "HEAD~1")
        (register / "comparatives.yaml").unlink(missing_ok=True)


def _climrisk(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout + result.stderr


def test_an_item_of_the_prior_period_only_keeps_its_prior_rows(repo: Path) -> None:
    moved = repo / "registers" / "acme-2024"
    shutil.copytree(repo / FOLDER, moved)
    try:
        (moved / "items" / "TR-01.yaml").unlink()
        (moved / "comparatives.yaml").write_text(
            "schema_version: 1\nprior: {revision: fy2023, folder: registers/acme,\n"
            "  published: {path: disclosures/acme/numbers.json}}\n", encoding="utf-8")
        rows = _rows(_build(moved), "e-4a")
        tr = [r for r in rows if r["id"] == "TR-01"]
        assert [r["period"]["en"] for r in tr] == ["FY2023"]
        assert tr[0]["ssp245"]["evidence"] == "prior/e-4a/TR-01/long/ssp245"
    finally:
        shutil.rmtree(moved)


PART = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,7}", fullmatch=True)  # as ids are


@given(st.lists(PART, min_size=2, max_size=5), st.data())
def test_a_selector_covers_exactly_the_figures_it_names(parts: list[str], data: Any) -> None:
    figure = "/".join(parts)
    n = data.draw(st.integers(1, len(parts)))
    wild = data.draw(st.lists(st.booleans(), min_size=n, max_size=n))
    selector = [("*" if w else p) for p, w in zip(parts, wild, strict=False)]
    assert matches("/".join(selector), figure)
    other = data.draw(st.integers(0, n - 1))
    if selector[other] != "*":
        changed = [*selector]
        changed[other] = selector[other] + "x"
        assert not matches("/".join(changed), figure)
    assert not matches("/".join([*parts, "more"]), figure)  # longer than the figure's id
    ComparativesFile.model_validate({  # every selector of real ids passes the schema
        "schema_version": 1, "prior": {"revision": "fy2023"},
        "restatements": [{"id": "R-1", "figures": ["e-4a/" + "/".join(selector[:4])],
                          "reason": {"en": "x", "zh-Hant": "x"}, "on": "2025-01-01",
                          "by": "A B"}]})
