"""Each output channel's neutraliser against the attack strings, with the exact result."""

from __future__ import annotations

import pytest
from markdown_it import MarkdownIt

from climrisk.errors import UserError
from climrisk.escaping import (
    app_html_text,
    app_text,
    csv_cell,
    html_text,
    markdown_cell,
    markdown_code,
    markdown_text,
    spreadsheet_cell,
)

CSV_CASES = [
    ("=1+1", "'=1+1"),
    ("+1+1", "'+1+1"),
    ("-1+1", "'-1+1"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"),
    ("\r=1", "'\r=1"),
    ("＝1+1", "'＝1+1"),
    ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
    ("-5", "-5"),
    ("-1.5–2.0", "-1.5–2.0"),
    ("+3%", "+3%"),
    ("plain = text", "plain = text"),
    ("a\u202eb", "a[U+202E]b"),
    (None, ""),
    (-3.5, -3.5),
]


@pytest.mark.parametrize(("value", "expected"), CSV_CASES)
def test_csv_cell(value: object, expected: object) -> None:
    assert csv_cell(value) == expected  # type: ignore[arg-type]


MARKDOWN_CASES = [
    ("<script>alert(1)</script>", "\\<script\\>alert(1)\\</script\\>"),
    ("![x](http://e.example/p.png)", "!\\[x\\](http://e.example/p.png)"),
    ("[a](javascript:alert(1))", "\\[a\\](javascript:alert(1))"),
    ("`code` breakout", "\\`code\\` breakout"),
    ("# heading", "\\# heading"),
    ("## heading", "\\## heading"),
    ("#hashtag", "#hashtag"),
    ("- item", "\\- item"),
    ("+ item", "\\+ item"),
    ("1. item", "1\\. item"),
    ("1.8 °C", "1.8 °C"),
    ("> quote", "\\> quote"),
    ("---", "\\---"),
    ("a | b", "a \\| b"),
    ("**bold** _it_", "\\*\\*bold\\*\\* \\_it\\_"),
    ("~~gone~~", "\\~\\~gone\\~\\~"),
    ("$x^2$", "\\$x^2\\$"),
    ("two\n\nparagraphs", "two paragraphs"),
    ("rtl \u202e override", "rtl \\[U+202E\\] override"),
    ("-5 °C", "-5 °C"),
]


@pytest.mark.parametrize(("text", "expected"), MARKDOWN_CASES)
def test_markdown_text(text: str, expected: str) -> None:
    assert markdown_text(text) == expected


@pytest.mark.parametrize(("text", "_"), MARKDOWN_CASES)
def test_markdown_renders_as_the_text_itself(text: str, _: str) -> None:
    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    tokens = md.parse(markdown_text(text))
    assert [t.type for t in tokens] == ["paragraph_open", "inline", "paragraph_close"]
    assert [c.type for c in tokens[1].children or []] in (["text"], ["text", "text"]) or all(
        c.type in {"text", "softbreak"} for c in tokens[1].children or []
    )
    shown = "".join(c.content for c in tokens[1].children or [])
    assert shown == " ".join(text.replace("\u202e", "[U+202E]").split())


@pytest.mark.parametrize(
    ("text", "expected"),
    [("a", "`a`"), ("a`b", "``a`b``"), ("`", "`` ` ``"), ("x``y", "```x``y```")],
)
def test_markdown_code(text: str, expected: str) -> None:
    assert markdown_code(text) == expected


def test_markdown_cell_keeps_block_starts() -> None:
    assert markdown_cell("- 5") == "- 5"
    assert markdown_cell("<b>") == "\\<b\\>"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"),
        ('" onmouseover="x', "&quot; onmouseover=&quot;x"),
        ("a\u2066b", "a[U+2066]b"),
    ],
)
def test_html_text(text: str, expected: str) -> None:
    assert html_text(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (":red[alarm]", "\\:red\\[alarm\\]"),
        (":material/warning:", "\\:material/warning\\:"),
        ("<b>x</b>", "\\<b\\>x\\</b\\>"),
    ],
)
def test_app_text(text: str, expected: str) -> None:
    assert app_text(text) == expected


def test_app_html_text() -> None:
    assert app_html_text("<script>x</script>") == "&lt;script&gt;x&lt;/script&gt;"


def test_spreadsheet_cell_refuses_text_excel_would_cut() -> None:
    assert spreadsheet_cell("x" * 32_767) == "x" * 32_767
    with pytest.raises(UserError, match="100,000 characters does not fit an Excel cell"):
        spreadsheet_cell("x" * 100_000)
