"""e-7: obligations per issuer class and year, and statuses derived from the contents."""

from __future__ import annotations

import pytest

from climrisk.disclosure.content_index import content_index_table, obligation, part_d
from climrisk.disclosure.context import Context
from climrisk.disclosure.document import Document
from climrisk.disclosure.effects import Effects
from climrisk.disclosure.evidence import EvidenceBook
from climrisk.disclosure.table import cell_text
from climrisk.register.models import Register, Text

from .conftest import synthetic_grid, synthetic_results

SCENARIOS = ["ssp126", "ssp245", "ngfs-nz2050"]


def example_document_results(reg: Register):  # type: ignore[no-untyped-def]
    return synthetic_results(reg, SCENARIOS)


@pytest.mark.parametrize(
    ("group", "issuer", "year", "expected"),
    [
        ("scope1-2", "GEM", 2025, ("mandatory", 2025)),
        ("scope3", "GEM", 2025, ("voluntary", 2025)),
        ("general", "MainBoard", 2024, ("comply-or-explain", 2025)),
        ("general", "LargeCap", 2025, ("comply-or-explain", 2025)),
        ("general", "LargeCap", 2026, ("mandatory", 2026)),
        ("scope3", "LargeCap", 2027, ("mandatory", 2027)),
        ("industry", "LargeCap", 2027, ("voluntary", 2027)),
    ],
)
def test_obligation_follows_the_phasing(
    group: str, issuer: str, year: int, expected: tuple[str, int]
) -> None:
    assert obligation(group, issuer, year) == expected


def test_statuses_follow_the_register(example_document: Document) -> None:
    table = next(t for t in example_document.tables if t.id == "e-7")
    keys = [c.key for c in table.columns]
    status = {cell_text(r[0], "en"): cell_text(r[keys.index("status")], "en") for r in table.rows}
    obliged = {
        cell_text(r[0], "en"): cell_text(r[keys.index("obligation")], "en") for r in table.rows
    }
    # the example's one-sentence governance text cannot answer ¶6(a)
    assert status["GOV-1"] == "Not disclosed"
    assert status["STR-1"] == "Disclosed"
    assert status["STR-4"] == "Partly disclosed"  # ¶16(a) text too short; OP-01 explained
    assert (
        status["MT-2"] == "Partly disclosed"
    )  # categories 2–5 and 7–14 neither reported nor excluded
    assert status["MT-6"] == "Explained"
    assert status["MT-8"] == "Not disclosed"  # no share, and a two-word description
    assert obliged["MT-1"] == "Mandatory (FY2025)"
    assert obliged["MT-2"] == "Comply or explain (FY2025)"


def _status(doc_or_table, req: str) -> tuple[str, str]:
    table = doc_or_table
    keys = [c.key for c in table.columns]
    row = next(r for r in table.rows if cell_text(r[0], "en") == req)
    return cell_text(row[keys.index("status")], "en"), cell_text(row[keys.index("note")], "en")


def test_removing_a_narrative_and_a_table_makes_rm1_partial(
    example_register: Register, example_document: Document
) -> None:
    """RM-1 (IFRS S2 ¶25) needs the process text, the rating scales and the ERM text."""
    ctx = Context(
        example_register,
        Effects(example_register, example_document_results(example_register)),
        synthetic_grid(SCENARIOS),
        EvidenceBook(example_register),
    )
    tables = example_document.tables
    assert _status(content_index_table(ctx, tables), "RM-1") == ("Disclosed", "—")

    narrative = example_register.main.narrative.model_copy(
        update={"risk_management_integration": None}
    )
    main = example_register.main.model_copy(update={"narrative": narrative})
    thinner = example_register.model_copy(update={"main": main})
    ctx = Context(thinner, ctx.effects, ctx.grid, ctx.book)
    without_scales = [t for t in tables if t.id != "s-2"]
    status, note = _status(content_index_table(ctx, without_scales), "RM-1")
    assert status == "Partly disclosed"
    assert "25(a)(iii)" in note and "s-2" in note
    assert "25(c)" in note and "narrative.risk_management_integration" in note
    assert "25(a):" not in note  # the process text is still there


def test_a_short_narrative_does_not_answer_its_paragraph(
    example_register: Register, example_document: Document
) -> None:
    narrative = example_register.main.narrative.model_copy(
        update={"governance_board": Text(en="The board oversees climate.", zh_hant="董事會監督氣候事宜。")}
    )
    main = example_register.main.model_copy(update={"narrative": narrative})
    reg = example_register.model_copy(update={"main": main})
    ctx = Context(
        reg,
        Effects(reg, example_document_results(reg)),
        synthetic_grid(SCENARIOS),
        EvidenceBook(reg),
    )
    status, note = _status(content_index_table(ctx, example_document.tables), "GOV-1")
    assert status == "Not disclosed"
    assert "6(a)" in note and "4 words" in note


def test_no_row_is_disclosed_without_evidence() -> None:
    for req in part_d()["requirements"]:
        assert req["evidence"], req["id"]
        assert "~" not in req["ifrs_s2"]
