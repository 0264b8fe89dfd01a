"""e-7: obligations per issuer class and year, and statuses derived from the contents."""

from __future__ import annotations

import pytest

from climrisk.disclosure.content_index import obligation
from climrisk.disclosure.document import Document
from climrisk.disclosure.table import cell_text


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
    assert status["GOV-1"] == "Disclosed"
    assert status["STR-4"] == "Partly disclosed"  # OP-01 is explained under ¶21, not quantified
    assert (
        status["MT-2"] == "Partly disclosed"
    )  # categories 2–5 and 7–14 neither reported nor excluded
    assert status["MT-6"] == "Explained"
    assert status["MT-8"] == "Partly disclosed"
    assert obliged["MT-1"] == "Mandatory (FY2025)"
    assert obliged["MT-2"] == "Comply or explain (FY2025)"
