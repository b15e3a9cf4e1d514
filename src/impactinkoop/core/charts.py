"""Charts as server-rendered SVG: one code path for the page and the PDF (WeasyPrint draws SVG),
no JavaScript and nothing fetched at run time. Each chart carries a title for screen readers and
is always shown next to a table with the same numbers, so colour is never the only carrier.

Amounts arrive as Decimal; they become floats only for pixel positions, never for money."""

import math
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .numbers import short_euros

SOCIAL = "#1b6e3a"  # dark green: 6.4:1 on white
OTHER = "#6b7a72"  # grey-green: 4.6:1 on white, and clearly lighter than SOCIAL
LINE_TOTAL = "#24313b"
FONT = "font-family: inherit; font-size: 12px"


@dataclass(frozen=True)
class Bar:
    label: str
    social: Decimal
    total: Decimal


def _number(value) -> float:
    return max(float(value or 0), 0.0)


def _svg(width: int, height: int, title: str, body: list[str]) -> SafeString:
    return mark_safe(  # noqa: S308 - every text part below is escaped
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-label="{escape(title)}" class="chart">'
        f"<title>{escape(title)}</title>{''.join(body)}</svg>"
    )


def stacked_bars(bars: list[Bar], title: str, social_label: str, other_label: str) -> SafeString:
    """Horizontal bars: the social part in green, the rest in grey, longest bar full width."""
    label_width, bar_width, row = 190, 420, 26
    height = row * len(bars) + 34
    largest = max((_number(bar.total) for bar in bars), default=0) or 1
    body = []
    for index, bar in enumerate(bars):
        y = index * row + 4
        social = min(_number(bar.social), _number(bar.total)) / largest * bar_width
        rest = max(_number(bar.total) / largest * bar_width - social, 0)
        name = bar.label if len(bar.label) <= 28 else bar.label[:27] + "…"
        body.append(
            f'<text x="{label_width - 8}" y="{y + 15}" text-anchor="end" style="{FONT}">'
            f"{escape(name)}</text>"
            f'<rect x="{label_width}" y="{y}" width="{social:.1f}" height="18" fill="{SOCIAL}"/>'
            f'<rect x="{label_width + social:.1f}" y="{y}" width="{rest:.1f}" height="18" '
            f'fill="{OTHER}"/>'
        )
    legend_y = len(bars) * row + 16
    body.append(_legend(label_width, legend_y, [(SOCIAL, social_label), (OTHER, other_label)]))
    return _svg(label_width + bar_width + 10, height, title, body)


def lines(points: list[tuple[str, Decimal, Decimal]], title: str, labels: tuple[str, str]):
    """Two lines over time: total spend and social spend (month labels along the bottom)."""
    width, height, left, bottom, top = 640, 240, 70, 40, 12
    plot_w, plot_h = width - left - 10, height - bottom - top
    values = [_number(v) for _label, total, social in points for v in (total, social)]
    largest = max(values, default=0) or 1
    step = plot_w / max(len(points) - 1, 1)

    def path(index: int) -> str:
        coords = [
            f"{left + i * step:.1f},{top + plot_h - _number(p[index]) / largest * plot_h:.1f}"
            for i, p in enumerate(points)
        ]
        return " ".join(coords)

    body = [
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" '
        f'stroke="#555"/>',
        f'<text x="{left - 6}" y="{top + 10}" text-anchor="end" style="{FONT}">'
        f"{escape(_short_euros(largest))}</text>",
        f'<text x="{left - 6}" y="{top + plot_h}" text-anchor="end" style="{FONT}">'
        f"{escape(_short_euros(0))}</text>",
    ]
    if points:
        body.append(
            f'<polyline points="{path(1)}" fill="none" stroke="{LINE_TOTAL}" stroke-width="2"/>'
        )
        body.append(
            f'<polyline points="{path(2)}" fill="none" stroke="{SOCIAL}" stroke-width="3" '
            f'stroke-dasharray="6 3"/>'
        )
    for i, (label, _total, _social) in enumerate(points):
        body.append(
            f'<text x="{left + i * step:.1f}" y="{top + plot_h + 16}" text-anchor="middle" '
            f'style="{FONT}">{escape(label)}</text>'
        )
    body.append(_legend(left, height - 6, [(LINE_TOTAL, labels[0]), (SOCIAL, labels[1])]))
    return _svg(width, height, title, body)


def _legend(x: int, y: int, items: list[tuple[str, str]]) -> str:
    parts = []
    for colour, label in items:
        parts.append(
            f'<rect x="{x}" y="{y - 10}" width="12" height="12" fill="{colour}"/>'
            f'<text x="{x + 18}" y="{y}" style="{FONT}">{escape(label)}</text>'
        )
        x += 30 + 7 * len(label)
    return "".join(parts)


def _short_euros(value: float) -> str:
    """The axis label: "€ 10,1 mln" in Dutch, "€10.1m" in English (`core.numbers`)."""
    return short_euros(Decimal(str(value)))


# Series of a radar or progress chart: colour and dash pattern differ, so that two series can be
# told apart without colour (WCAG 1.4.1).
SERIES_STYLES = (("#1b4f8a", ""), ("#a0410d", "6 4"), ("#1b6e3a", "2 3"))


def radar(axes: list[str], series: list[tuple[str, list[int]]], maximum: int, title: str):
    """A radar chart (the ambition web): one spoke per theme, rings for each level, one polygon
    per series. Levels run from 0 in the centre to `maximum` on the outer ring."""
    # Wide margins left and right: theme names sit outside the web and can be long.
    width, height, centre_x, centre_y, radius = 760, 500, 380, 245, 170
    count = max(len(axes), 3)

    def point(index: int, level: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * index / count
        distance = radius * level / maximum
        return centre_x + distance * math.cos(angle), centre_y + distance * math.sin(angle)

    body = []
    for ring in range(1, maximum + 1):
        corners = " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(i, ring) for i in range(count)))
        body.append(f'<polygon points="{corners}" fill="none" stroke="#bbb"/>')
        x, y = point(0, ring)
        body.append(f'<text x="{x + 4:.1f}" y="{y + 4:.1f}" style="{FONT}">{ring}</text>')
    for index, name in enumerate(axes):
        x, y = point(index, maximum)
        body.append(
            f'<line x1="{centre_x}" y1="{centre_y}" x2="{x:.1f}" y2="{y:.1f}" stroke="#bbb"/>'
        )
        lx, ly = point(index, maximum + 0.45)
        anchor = "middle" if abs(lx - centre_x) < 20 else ("start" if lx > centre_x else "end")
        short = name if len(name) <= 30 else name[:29] + "…"
        body.append(
            f'<text x="{lx:.1f}" y="{ly + 4:.1f}" text-anchor="{anchor}" style="{FONT}">'
            f"{escape(short)}</text>"
        )
    for (_name, levels), (colour, dash) in zip(series, SERIES_STYLES, strict=False):
        corners = " ".join(
            f"{x:.1f},{y:.1f}" for x, y in (point(i, lvl) for i, lvl in enumerate(levels))
        )
        body.append(
            f'<polygon points="{corners}" fill="{colour}" fill-opacity="0.12" stroke="{colour}" '
            f'stroke-width="3" stroke-dasharray="{dash}"/>'
        )
        for i, level in enumerate(levels):
            x, y = point(i, level)
            body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}"/>')
    legend = [
        (colour, name) for (name, _l), (colour, _d) in zip(series, SERIES_STYLES, strict=False)
    ]
    body.append(_legend(20, height - 8, legend))
    return _svg(width, height, title, body)


def progress_line(
    points: list[tuple[str, Decimal]], target: Decimal | None, title: str, labels: tuple[str, str]
):
    """A goal over time: its measured values as a line, the target as a dashed level line.
    `labels` names the two in the legend; values are already in the goal's unit."""
    width, height, left, bottom, top = 640, 240, 70, 40, 20
    plot_w, plot_h = width - left - 50, height - bottom - top  # room for the last label
    values = [_number(value) for _label, value in points]
    if target is not None:
        values.append(_number(target))
    largest = (max(values, default=0) or 1) * 1.1
    step = plot_w / max(len(points) - 1, 1)

    def y_of(value) -> float:
        return top + plot_h - _number(value) / largest * plot_h

    body = [
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" '
        f'stroke="#555"/>',
        f'<text x="{left - 6}" y="{top + plot_h}" text-anchor="end" style="{FONT}">0</text>',
    ]
    colour, _dash = SERIES_STYLES[0]
    if target is not None:
        y = y_of(target)
        body.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" '
            f'stroke="{SOCIAL}" stroke-width="2" stroke-dasharray="6 4"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" style="{FONT}">'
            f"{escape(_plain(target))}</text>"
        )
    coords = [(left + i * step, y_of(value)) for i, (_label, value) in enumerate(points)]
    if len(coords) > 1:
        line = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
        body.append(f'<polyline points="{line}" fill="none" stroke="{colour}" stroke-width="3"/>')
    for (x, y), (label, value) in zip(coords, points, strict=True):
        body.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="{colour}"/>'
            f'<text x="{x:.1f}" y="{y - 9:.1f}" text-anchor="middle" style="{FONT}">'
            f"{escape(_plain(value))}</text>"
            f'<text x="{x:.1f}" y="{top + plot_h + 16}" text-anchor="middle" style="{FONT}">'
            f"{escape(label[:18])}</text>"
        )
    body.append(_legend(left, height - 6, [(colour, labels[0]), (SOCIAL, labels[1])]))
    return _svg(width, height, title, body)


def _plain(value) -> str:
    """A value in the reader's notation (5,25 in Dutch), whole numbers without decimals."""
    from django.utils.formats import number_format

    number = Decimal(value)
    places = 0 if number == number.to_integral_value() else 2
    return number_format(number, decimal_pos=places)
