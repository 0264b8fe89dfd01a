"""The language-neutral table every disclosure format renders.

A table is built once from the register and the results; each cell keeps its raw value
(a number, a range, bilingual words) so that Markdown and HTML print it localised with
thousands separators, CSV and XLSX keep the number, and JSON keeps everything.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from climrisk.disclosure.labels import Words, label, same

EMPTY = "—"


@dataclass(frozen=True)
class Number:
    """A number printed with a fixed count of decimals (and an optional suffix such as %).

    ``ref`` names the number's evidence record; ``estimate`` marks a number whose inputs
    include an estimate, which every format shows.
    """

    value: float
    decimals: int
    suffix: str = ""
    ref: str | None = None
    estimate: bool = False


@dataclass(frozen=True)
class Span:
    """A low–high range, printed as one cell (``ref`` and ``estimate`` as for ``Number``)."""

    low: float
    high: float
    decimals: int
    ref: str | None = None
    estimate: bool = False


@dataclass(frozen=True)
class Tagged:
    """Words with a tag that HTML turns into a class (rating bands, statuses)."""

    words: Words
    tag: str


Cell = None | Words | Number | Span | Tagged


@dataclass(frozen=True)
class Column:
    """A column: stable key for CSV and JSON, bilingual header, optional unit."""

    key: str
    header: Words
    unit: Words | None = None
    numeric: bool = False

    def title(self, lang: str) -> str:
        """Header with its unit in brackets."""
        if self.unit is None:
            return self.header.in_(lang)
        return label("fmt.header_unit").format(header=self.header, unit=self.unit).in_(lang)


@dataclass(frozen=True)
class Comparable:
    """How a modelled table takes the prior period's rows: each row's identity across periods
    (item, channel, horizon) and the first column that belongs to a period (the ones before
    it name the row)."""

    keys: tuple[str, ...]
    first: int


@dataclass(frozen=True)
class Table:
    """One numbered disclosure table (layouts e-1 … e-7)."""

    id: str
    slug: str
    title: Words
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    notes: tuple[Words, ...] = field(default_factory=tuple)
    comparable: Comparable | None = None

    def __post_init__(self) -> None:
        if self.comparable is not None and len(self.comparable.keys) != len(self.rows):
            raise ValueError(f"table {self.id}: {len(self.comparable.keys)} row keys, "
                             f"{len(self.rows)} rows")
        for row in self.rows:
            if len(row) != len(self.columns):
                raise ValueError(
                    f"table {self.id}: row of {len(row)} cells, {len(self.columns)} columns"
                )

    @property
    def name(self) -> str:
        """File stem of the table, e.g. ``e-5-ghg-inventory``."""
        return f"{self.id}-{self.slug}"


def number_text(value: float, decimals: int) -> str:
    """``value`` with thousands separators and ``decimals`` decimals; never ``-0``."""
    text = f"{value:,.{decimals}f}"
    if text.startswith("-") and float(text.replace(",", "")) == 0:
        text = text[1:]
    return text


def cell_text(cell: Cell, lang: str) -> str:
    """A cell as people read it in ``lang``, an estimate with its marker."""
    if cell is None:
        return EMPTY
    if isinstance(cell, Words):
        return cell.in_(lang)
    if isinstance(cell, Tagged):
        return cell.words.in_(lang)
    text = plain_text(cell)
    return estimate_marker(lang).format(value=text) if cell.estimate else text


def plain_text(cell: Number | Span) -> str:
    """The number or range alone, without a marker."""
    if isinstance(cell, Number):
        return number_text(cell.value, cell.decimals) + cell.suffix
    low, high = number_text(cell.low, cell.decimals), number_text(cell.high, cell.decimals)
    return low if low == high else f"{low}–{high}"


def estimate_marker(lang: str) -> str:
    """``{value} (E)``-style pattern of an estimate in ``lang``."""
    return label("fmt.estimate").in_(lang)


def cell_value(cell: Cell, lang: str) -> str | float | None:
    """A cell as a spreadsheet reads it: numbers stay numbers (rounded to their decimals),
    except estimates, which keep their marker; ``numbers.json`` has every value as a number."""
    if isinstance(cell, Number) and not cell.estimate:
        return round(cell.value, cell.decimals)
    if isinstance(cell, Number | Span):
        return cell_text(cell, lang).replace(",", "")
    if cell is None:
        return None
    return cell_text(cell, lang)


def cell_json(cell: Cell) -> Any:
    """A cell in the language-neutral JSON of all numbers."""
    if cell is None:
        return None
    if isinstance(cell, Number | Span):
        value: Any = (
            _finite(round(cell.value, cell.decimals))
            if isinstance(cell, Number)
            else {
                "low": _finite(round(cell.low, cell.decimals)),
                "high": _finite(round(cell.high, cell.decimals)),
            }
        )
        if cell.ref is None:
            return value
        return {"value": value, "estimate": cell.estimate, "evidence": cell.ref}
    if isinstance(cell, Tagged):
        return {"tag": cell.tag, **cell.words.neutral()}
    if cell.en == cell.zh_hant:
        return cell.en
    return cell.neutral()


def _finite(value: float) -> float | None:
    return value if math.isfinite(value) else None


def num(value: float | None, decimals: int, suffix: str = "") -> Number | None:
    """A ``Number`` cell, or an empty cell when there is no value."""
    return None if value is None else Number(float(value), decimals, suffix)


def code(text: str) -> Words:
    """An identifier cell, the same in every language."""
    return same(text)
