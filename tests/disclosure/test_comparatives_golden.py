"""Golden files of the comparative tables, from the example register's synthetic results.

The prior period (FY2023) has the same synthetic results as FY2024, and its published
figures are those of the prior document except PR-01's, published 10 % lower; a restatement
entry covers PR-01, so the golden files hold the FY2023 rows marked "restated (R-1)" and r-2
lists PR-01's figures with published, restated and the difference.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from climrisk.disclosure.document import Document, compose
from climrisk.disclosure.formats.markdown import markdown_table
from climrisk.disclosure.formats.numbers_json import numbers_json
from climrisk.disclosure.formats.tables_csv import table_csv
from climrisk.disclosure.comparatives import with_comparatives
from climrisk.disclosure.prior_period import Prior, Published, published_figures
from climrisk.disclosure.provenance import Provenance
from climrisk.register.comparatives import ComparativesFile
from climrisk.register.models import Register

from .conftest import GOLDEN, LANGS, synthetic_grid, synthetic_results

SCENARIOS = ["ssp126", "ssp245", "ngfs-nz2050"]
TABLES = ["e-2", "e-4a", "e-4b", "e-4d", "e-4p", "e-4r", "e-5b", "r-1", "r-2"]
LOWER = 0.9


def _prior_register(reg: Register) -> Register:
    entity = reg.main.entity
    period = entity.reporting_period.model_copy(
        update={"start": dt.date(2023, 1, 1), "end": dt.date(2023, 12, 31)})
    main = reg.main.model_copy(
        update={"entity": entity.model_copy(update={"reporting_period": period})})
    return reg.model_copy(update={"main": main})


def _compose(reg: Register) -> Document:
    return compose(reg, synthetic_results(reg, SCENARIOS), synthetic_grid(SCENARIOS),
                   Provenance("tree", {"title": "synthetic grid"}, {}, 10, 1))


def _lowered(value: object) -> object:
    if isinstance(value, dict):
        return {k: round(v * LOWER) for k, v in value.items()}
    return round(float(value) * LOWER)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def compared(example_register: Register) -> tuple[Document, Document, dict]:
    prior_reg = _prior_register(example_register)
    prior_doc = _compose(prior_reg)
    data = numbers_json(prior_doc)
    figures = published_figures(data, "fy2023:disclosures/example/numbers.json")
    published = {f: ((_lowered(v), u, e) if f.split("/")[1] == "PR-01" else (v, u, e))
                 for f, (v, u, e) in figures.items()}
    log = ComparativesFile.model_validate({
        "schema_version": 1,
        "prior": {"revision": "fy2023"},
        "restatements": [{
            "id": "R-1", "figures": ["*/PR-01"], "on": "2025-02-14", "by": "Mei Ling Chan",
            "reason": {"en": "Flood depths *re-surveyed* | <i>2024</i>",
                       "zh-Hant": "重新測量水浸深度"},
        }],
    })
    register = example_register.model_copy(update={"comparatives": log})
    prior = Prior(prior_doc, prior_reg, "fy2023", "0123456789abcdef" * 2 + "01234567",
                  "registers/example",
                  Published("fy2023:disclosures/example/numbers.json", "ab" * 32, published))
    current = _compose(example_register)
    return with_comparatives(_compose(register), prior, register), current, \
        json.loads(data)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("table_id", TABLES)
def test_comparative_table_matches_golden(compared: tuple[Document, Document, dict],
                                          table_id: str, lang: str, update_golden: bool) -> None:
    table = next(t for t in compared[0].tables if t.id == table_id)
    for suffix, data in ((".md", markdown_table(table, lang).encode()),
                         (".csv", table_csv(table, lang))):
        golden = GOLDEN / lang / "comparatives" / f"{table.name}{suffix}"
        if update_golden:
            golden.parent.mkdir(parents=True, exist_ok=True)
            golden.write_bytes(data)
        assert golden.is_file(), f"{golden} missing: run pytest --update-golden"
        assert data == golden.read_bytes(), f"{golden.name} ({lang}) differs from the golden file"


def test_hand_checked_prior_and_restated_values(
        compared: tuple[Document, Document, dict]) -> None:
    doc, current, prior_numbers = compared
    numbers = json.loads(numbers_json(doc))
    rows = numbers["tables"]["e-4a"]["rows"]
    now = [r for r in json.loads(numbers_json(current))["tables"]["e-4a"]["rows"]]
    assert [r["period"]["en"] for r in rows[:2]] == ["FY2024", "FY2023, restated (R-1)"]
    assert len(rows) == 2 * len(now)
    # same synthetic results in both periods: each prior row repeats its current row's values
    for cur, old in zip(rows[::2], rows[1::2], strict=True):
        assert cur["id"] == old["id"] and cur["horizon"] == old["horizon"]
        for s in SCENARIOS:
            if cur[s] is not None:
                assert old[s]["value"] == cur[s]["value"]
                assert old[s]["evidence"] == "prior/" + cur[s]["evidence"]
    assert [r["period"]["en"] for r in rows if r["id"] == "TR-01"][1] == "FY2023"
    r2 = {r["figure"]: r for r in numbers["tables"]["r-2"]["rows"]}
    fid = "e-4a/PR-01/short/ssp126"
    restated = next(r for r in prior_numbers["tables"]["e-4a"]["rows"]
                    if r["id"] == "PR-01")["ssp126"]["value"]
    assert r2[fid]["restated"]["value"] == restated
    assert r2[fid]["published"] == round(restated * LOWER)
    assert r2[fid]["difference"] == restated - round(restated * LOWER)
    # PR-01's figures alone were published lower, so they alone are restated
    assert {f.split("/")[1] for f in r2} == {"PR-01"}
    assert numbers["tables"]["r-1"]["rows"][0]["restated"] == len(r2)
