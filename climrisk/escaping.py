"""One neutraliser per output channel, so that data never becomes a formula, HTML or Markdown.

Register and grid text is data written by many hands (pull requests, imported files). Every
writer that puts such text into an output passes it through the function for its channel:

| channel | function | what it prevents |
|---|---|---|
| XLSX cell | ``spreadsheet_cell`` + ``protect_cell`` | live formulas (``=cmd|' /C calc'!A0``) |
| CSV cell | ``csv_cell`` | formulas when the CSV is opened in a spreadsheet (OWASP) |
| Markdown text | ``markdown_text`` | raw HTML, images, links, code-span breakout, headings |
| Markdown code span | ``markdown_code`` | a backtick in the value closing the span |
| HTML text or attribute | ``html_text`` | tags and attribute breakout |
| Streamlit Markdown (captions, headers, ``help=``) | ``app_text`` | the above, and ``:red[…]`` |
| Streamlit HTML (``unsafe_allow_html``), Plotly text | ``app_html_text``, ``html_text`` | tags |

Bidi control characters (the "Trojan Source" characters) are refused where a register is read
(``climrisk.register.yamlsource``); text from elsewhere (grid attributes) that still holds one
is shown with the character named, ``[U+202E]``, so it cannot reorder what a reader sees.
"""

from __future__ import annotations

import html
import re

from climrisk.errors import UserError

BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
"""Characters that reorder displayed text: ALM, LRM, RLM, the embeddings and overrides
(U+202A–U+202E) and the isolates (U+2066–U+2069)."""

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
"""Leading characters that make a spreadsheet read a cell as a formula (OWASP CSV injection,
plus the full-width forms some spreadsheet locales accept)."""

XLSX_CELL_CHARS = 32_767
"""The most characters an Excel cell holds; a longer text would be cut without a word."""

_PLAIN_NUMBER = re.compile(r"[-+]?\d[\d,]*(\.\d+)?%?(–[-+]?\d[\d,]*(\.\d+)?%?)?")
_MD_INLINE = re.compile(r"([\\`*_\[\]<>|~$])")
_MD_BLOCK_START = re.compile(r"^(?:([>])|([#]|[-+=])(?=\2*(?:\s|$))|(\d{1,9})([.)])(?=\s|$))")
_APP_EXTRA = re.compile(r"(:)")


def visible_controls(text: str) -> str:
    """``text`` with every bidi control replaced by its visible name, e.g. ``[U+202E]``."""
    if not BIDI_CONTROLS.intersection(text):
        return text
    return "".join(f"[U+{ord(c):04X}]" if c in BIDI_CONTROLS else c for c in text)


def first_bidi_control(text: str) -> int | None:
    """Index of the first bidi control character in ``text``, or ``None``."""
    for i, char in enumerate(text):
        if char in BIDI_CONTROLS:
            return i
    return None


def looks_like_formula(text: str) -> bool:
    """Whether a spreadsheet would evaluate ``text`` (numbers and number ranges excepted)."""
    return text.startswith(FORMULA_START) and not _PLAIN_NUMBER.fullmatch(text)


def csv_cell(value: str | float | None) -> str | float:
    """A CSV cell that a spreadsheet opens as the text it is (OWASP: prefix with ``'``).

    Numbers stay numbers, and text that is only a number or a number range (``-1.5``,
    ``-2–3``) stays as it is; any other text starting with ``=``, ``+``, ``-``, ``@``, tab
    or carriage return gets a leading apostrophe.
    """
    if value is None:
        return ""
    if not isinstance(value, str):
        return value
    value = visible_controls(value)
    return "'" + value if looks_like_formula(value) else value


def spreadsheet_cell(value: str | float | None) -> str | float | None:
    """The value to put in an XLSX cell: text kept exactly, with bidi controls made visible.

    Pair it with ``protect_cell`` on the cell, which makes the cell text rather than a
    formula; raises ``UserError`` for text longer than an Excel cell holds, since Excel
    would cut it.
    """
    if not isinstance(value, str):
        return value
    if len(value) > XLSX_CELL_CHARS:
        raise UserError(
            f"text of {len(value):,} characters does not fit an Excel cell "
            f"({XLSX_CELL_CHARS:,} at most): {value[:40]!r}…; shorten the text"
        )
    return visible_controls(value)


def protect_cell(cell: object) -> None:
    """Make an openpyxl cell holding text a text cell, never a formula.

    openpyxl turns any text starting with ``=`` into a formula. Forcing the string type
    writes the text as text, and ``quotePrefix`` tells Excel to keep it text when someone
    edits the cell, as typing ``'`` before it would.
    """
    value = getattr(cell, "value", None)
    if isinstance(value, str):
        cell.data_type = "s"  # type: ignore[attr-defined]
        if looks_like_formula(value):
            cell.quotePrefix = True  # type: ignore[attr-defined]


def markdown_text(text: str) -> str:
    """Text that Markdown shows literally, on one line, wherever the line starts.

    Whitespace runs (newlines included) become one space, so text cannot start a new block;
    characters that open HTML, links, images, emphasis, code spans, tables, strikethrough or
    math are backslash-escaped, and so is a start that would make a heading, quote, list or
    rule (``# ``, ``>``, ``- ``, ``1. ``, ``---``).
    """
    text = markdown_cell(text)
    return _MD_BLOCK_START.sub(_escape_block_start, text)


def markdown_cell(text: str) -> str:
    """Text for a Markdown table cell (or after other text on a line): as ``markdown_text``
    without the block-start escapes, which a cell does not need."""
    return _MD_INLINE.sub(r"\\\1", " ".join(visible_controls(text).split()))


def _escape_block_start(m: re.Match[str]) -> str:
    if m[1]:
        return "\\" + m[1]
    if m[2]:
        return "\\" + m[2]
    return f"{m[3]}\\{m[4]}"


def markdown_code(text: str) -> str:
    """``text`` as one inline code span, whatever backticks it holds."""
    text = " ".join(visible_controls(text).split())
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def html_text(text: str) -> str:
    """Text safe in HTML element content and in quoted attribute values."""
    return html.escape(visible_controls(text), quote=True)


def app_text(text: str) -> str:
    """Text that Streamlit's Markdown (``st.markdown``, captions, headers, labels, ``help=``)
    shows literally: Markdown-escaped, with ``:`` escaped too, which stops colour and icon
    directives (``:red[…]``, ``:material/…:``)."""
    return _APP_EXTRA.sub(r"\\\1", markdown_text(text))


def app_html_text(text: str) -> str:
    """Text for the rare Streamlit call that renders HTML (``unsafe_allow_html=True``)."""
    return app_text(html.escape(visible_controls(text), quote=True))
