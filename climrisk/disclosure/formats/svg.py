"""Bar charts drawn as inline SVG from the numbers: light, deterministic, no script."""

from __future__ import annotations

import math

from climrisk.disclosure.charts import BarChart
from climrisk.disclosure.table import number_text
from climrisk.errors import UserError
from climrisk.escaping import html_text as escape

WIDTH, HEIGHT = 760, 340
LEFT, RIGHT, TOP, BOTTOM = 78, 16, 40, 78
PALETTE = ("#1f6f8b", "#e3a33b", "#8fb9a8", "#b5525c", "#6c5b7b")
TICKS = 5
CHAR_W, CJK_W, LINE_H = 6.5, 11.0, 12  # glyph widths and line height at font-size 11
CJK_START = 0x2E80
MAX_VALUE = 1e18  # above any real emission or money figure, far below float overflow
FONT = (
    "font-family=\"'Noto Sans CJK TC','Noto Sans TC','PingFang TC','Microsoft JhengHei',"
    'Arial,sans-serif"'
)


def _nice_step(top: float) -> float:
    raw = top / TICKS
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)


def _wrap(text: str, width: int) -> list[str]:
    """Greedy word wrap to ``width`` characters (a single long word stays whole)."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def _text_width(text: str) -> float:
    """Approximate rendered width: CJK glyphs are square, Latin ones narrower."""
    return sum(CJK_W if ord(ch) >= CJK_START else CHAR_W for ch in text)


def _f(x: float) -> str:
    return f"{x:.1f}"


def chart_svg(chart: BarChart, lang: str) -> str:
    """The chart as a standalone ``<svg>`` element."""
    n_cat, n_ser = len(chart.categories), len(chart.series)
    totals = (
        [sum(s.values[i] for s in chart.series) for i in range(n_cat)]
        if chart.stacked
        else [v for s in chart.series for v in s.values]
    )
    top = max([*totals, 0.0]) or 1.0
    if not math.isfinite(top) or top > MAX_VALUE:
        raise UserError(
            f"chart {chart.id} ({chart.title.in_('en')}): a value of {top:.3g} is too large to "
            f"draw (the largest is {MAX_VALUE:.0e}); check the register's figures for a "
            "mistyped exponent or unit"
        )
    step = _nice_step(top)
    top = step * math.ceil(top / step)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    decimals = 0 if step >= 1 else 2

    def y(v: float) -> float:
        return TOP + plot_h * (1 - v / top)

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-label="{escape(chart.title.in_(lang))}" {FONT} font-size="11">',
        f'<text x="{LEFT}" y="18" font-size="13" font-weight="bold">'
        f"{escape(chart.title.in_(lang))}</text>",
        f'<text x="{LEFT}" y="32" fill="#555">{escape(chart.unit.in_(lang))}</text>',
    ]
    for k in range(round(top / step) + 1):
        v = k * step
        out.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{_f(y(v))}" y2="{_f(y(v))}" '
            f'stroke="#ddd"/><text x="{LEFT - 6}" y="{_f(y(v) + 4)}" text-anchor="end">'
            f"{number_text(v, decimals)}</text>"
        )
    group = plot_w / max(n_cat, 1)
    bar = group * 0.8 / (1 if chart.stacked else max(n_ser, 1))
    for i, cat in enumerate(chart.categories):
        x0 = LEFT + group * i + group * 0.1
        base = 0.0
        for j, series in enumerate(chart.series):
            v = series.values[i]
            x = x0 if chart.stacked else x0 + bar * j
            low, high = (base, base + v) if chart.stacked else (0.0, v)
            out.append(
                f'<rect x="{_f(x)}" y="{_f(y(high))}" width="{_f(bar)}" '
                f'height="{_f(y(low) - y(high))}" fill="{PALETTE[j % len(PALETTE)]}">'
                f"<title>{escape(series.name.in_(lang))}: {number_text(v, 2)}</title></rect>"
            )
            if chart.stacked:
                base += v
        cx = LEFT + group * (i + 0.5)
        for k, line in enumerate(_wrap(cat.in_(lang), int(group / CHAR_W))):
            out.append(
                f'<text x="{_f(cx)}" y="{HEIGHT - BOTTOM + 14 + LINE_H * k}" '
                f'text-anchor="middle">{escape(line)}</text>'
            )
    lx = LEFT
    for j, series in enumerate(chart.series):
        name = escape(series.name.in_(lang))
        out.append(
            f'<rect x="{lx}" y="{HEIGHT - 22}" width="12" height="12" '
            f'fill="{PALETTE[j % len(PALETTE)]}"/>'
            f'<text x="{lx + 16}" y="{HEIGHT - 12}">{name}</text>'
        )
        lx += 32 + _text_width(series.name.in_(lang))
    out.append("</svg>")
    return "\n".join(out) + "\n"
