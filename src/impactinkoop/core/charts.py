"""Charts as server-rendered SVG: one code path for the page and the PDF (WeasyPrint draws SVG),
no JavaScript and nothing fetched at run time. Each chart carries a title for screen readers and
is always shown next to a table with the same numbers.

Styling: every element has a class (`ii-chart__…`), which `static/impactinkoop/charts.css` colours
from the design tokens on the page, and a presentation attribute with the project's own colour,
which is what WeasyPrint draws (it does not apply the page's stylesheets inside an SVG) and what
a page shows without the stylesheet. No `style` attributes, so the charts need no inline styles.
Series differ by pattern, dash and marker as well as by colour (WCAG 1.4.1), and are named on
the chart itself where there is room (direct labels) instead of in a legend.

Amounts arrive as Decimal; they become floats only for pixel positions, never for money."""

import hashlib
import math
from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .numbers import percent, short_euros

# The project's own colours: the fallback of every token in charts.css, and the PDF's colours.
SOCIAL = "#1b6e3a"  # dark green: 6.4:1 on white
OTHER = "#5f6b64"  # the hatching and outline of "other": 5.6:1 on white
OTHER_FILL = "#dde4e0"  # the light ground under the hatching
LINE_TOTAL = "#24313b"
TEXT = "#1b1b1b"
MUTED = "#4a4a4a"
GRID = "#d5dbd8"
FONT_FAMILY = "DejaVu Sans, Liberation Sans, Arial, sans-serif"

# Series of a radar or progress chart: colour, dash and marker differ, so that series can be told
# apart without colour (WCAG 1.4.1).
SERIES_STYLES = (
    ("#1b4f8a", "", "circle"),
    ("#a0410d", "6 4", "square"),
    ("#1b6e3a", "2 3", "triangle"),
)


@dataclass(frozen=True)
class Bar:
    label: str
    social: Decimal
    total: Decimal


@dataclass(frozen=True)
class ShareBar:
    label: str
    share: Decimal | None  # a fraction, as in the figures; None when nothing was spent


def _number(value) -> float:
    return max(float(value or 0), 0.0)


def _chart_id(chart_id: str | None, *parts) -> str:
    """Pattern ids must be unique on a page that shows several charts: the caller names the chart
    (`departments`), else the id comes from what the chart shows, so the same input draws the
    same SVG (the dashboard caches its HTML)."""
    if chart_id:
        return "ii-" + "".join(c if c.isalnum() or c in "-_" else "-" for c in chart_id)
    return "ii-" + hashlib.sha256(repr(parts).encode()).hexdigest()[:10]


def _svg(width: int, height: int, title: str, body: list[str], kind: str) -> SafeString:
    return mark_safe(  # noqa: S308 - every text part below is escaped
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-label="{escape(title)}" class="chart ii-chart '
        f'ii-chart--{kind}" font-family="{FONT_FAMILY}" font-size="12" fill="{TEXT}">'
        f"<title>{escape(title)}</title>{''.join(body)}</svg>"
    )


# A white edge around a label that sits on grid lines, so the lines do not cross its letters.
HALO = ' stroke="#fff" stroke-width="3" paint-order="stroke"'


def _text(
    x: float, y: float, content: str, anchor: str = "start", css: str = "", halo: bool = False
) -> str:
    classes = f' class="{css}"' if css else ""
    fill = f' fill="{MUTED}"' if "muted" in css else ""
    bold = ' font-weight="bold"' if "value" in css else ""
    edge = HALO if halo else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}"{classes}{fill}{bold}{edge}>'
        f"{escape(content)}</text>"
    )


def _patterns(ident: str) -> str:
    """The hatching of "other suppliers": a light ground with dark diagonal lines, so the two
    parts of a bar differ in greyscale and for colour-blind readers too."""
    return (
        f'<defs><pattern id="{ident}-other" patternUnits="userSpaceOnUse" width="6" height="6" '
        f'patternTransform="rotate(45)">'
        f'<rect width="6" height="6" class="ii-chart__other-ground" fill="{OTHER_FILL}"/>'
        f'<line x1="0" y1="0" x2="0" y2="6" stroke-width="2.5" class="ii-chart__other-hatch" '
        f'stroke="{OTHER}"/></pattern></defs>'
    )


def _social_rect(x: float, y: float, width: float, height: float) -> str:
    return (
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{height}" '
        f'class="ii-chart__social" fill="{SOCIAL}"/>'
    )


def _other_rect(ident: str, x: float, y: float, width: float, height: float) -> str:
    return (
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{height}" '
        f'class="ii-chart__other" fill="url(#{ident}-other)" stroke="{OTHER}"/>'
    )


def _ticks(largest: float, count: int = 4) -> list[Decimal]:
    """Round steps from 0 past `largest`: 0, 250.000, 500.000 … (steps of 1, 2, 2.5 or 5 times a
    power of ten), so axis labels are numbers people read at a glance."""
    if largest <= 0:
        return [Decimal(0), Decimal(1)]
    raw = Decimal(str(largest)) / count
    magnitude = Decimal(10) ** math.floor(math.log10(raw))
    step = next(
        factor * magnitude
        for factor in (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10))
        if factor * magnitude >= raw
    )
    steps = math.ceil(Decimal(str(largest)) / step)
    return [step * index for index in range(steps + 1)]


def _plain_number(value: Decimal) -> str:
    """A tick in the reader's notation without needless decimals: 2,5 and 10."""
    value = value.normalize()
    places = max(0, -value.as_tuple().exponent)
    return number_format(value, decimal_pos=places, force_grouping=True)


def _short(label: str, length: int) -> str:
    return label if len(label) <= length else label[: length - 1] + "…"


def _key(x: float, y: float, ident: str, social_label: str, other_label: str) -> str:
    """The two parts of a stacked bar, named once above the bars (a part of a few per cent is
    too thin to carry its name)."""
    other_x = x + 24 + 6.8 * len(social_label) + 16
    return (
        _social_rect(x, y - 11, 14, 14)
        + _text(x + 20, y, social_label)
        + _other_rect(ident, other_x, y - 11, 14, 14)
        + _text(other_x + 20, y, other_label)
    )


def stacked_bars(
    bars: list[Bar],
    title: str,
    social_label: str,
    other_label: str,
    *,
    chart_id: str | None = None,
) -> SafeString:
    """Horizontal bars of amounts: the social part solid, the rest hatched, the total written
    at the end of each bar, and an axis of short amounts ("€ 2,5 mln") below."""
    ident = _chart_id(
        chart_id, "bars", title, [(b.label, str(b.social), str(b.total)) for b in bars]
    )
    left, plot_width, right, row, bar_height, top = 190, 350, 80, 28, 18, 34
    ticks = _ticks(max((_number(bar.total) for bar in bars), default=0))
    scale = float(ticks[-1]) or 1
    axis_y = top + row * len(bars)
    body = [_patterns(ident), _key(left, 14, ident, social_label, other_label)]
    for tick in ticks:
        x = left + float(tick) / scale * plot_width
        body.append(
            f'<line x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}" y2="{axis_y}" '
            f'class="ii-chart__grid" stroke="{GRID}"/>'
            + _text(x, axis_y + 16, short_euros(tick), "middle", "ii-chart__muted")
        )
    for index, bar in enumerate(bars):
        y = top + index * row
        total = _number(bar.total)
        social = min(_number(bar.social), total) / scale * plot_width
        rest = max(total / scale * plot_width - social, 0)
        body.append(
            f"<g><title>{escape(bar.label)}</title>"
            + _text(left - 8, y + 14, _short(bar.label, 25), "end")
            + _social_rect(left, y, social, bar_height)
            + _other_rect(ident, left + social, y, rest, bar_height)
            + _text(left + social + rest + 5, y + 14, short_euros(bar.total), halo=True)
            + "</g>"
        )
    body.append(
        f'<line x1="{left}" y1="{top - 6}" x2="{left}" y2="{axis_y}" '
        f'class="ii-chart__axis" stroke="{MUTED}"/>'
    )
    return _svg(left + plot_width + right, axis_y + 24, title, body, "bars")


def share_bars(
    bars: list[ShareBar],
    title: str,
    *,
    overall: Decimal | None = None,
    overall_label: str = "",
    chart_id: str | None = None,
) -> SafeString:
    """Each row's share (a fraction) as a bar, largest first, labelled with the same percentage
    as the table ("4,2 %"), on an axis that ends just past the largest share: a share of 2 % is
    a sliver of an amounts chart and a readable bar here. `overall` draws the whole
    organisation's share as a dashed reference line, named with `overall_label`."""
    ordered = sorted(bars, key=lambda bar: (bar.share is None, -(bar.share or 0)))
    left, plot_width, right, row, bar_height, top = 190, 360, 70, 28, 18, 34
    largest = max([_number(bar.share) for bar in ordered] + [_number(overall)], default=0)
    ticks = _ticks(largest * 100)
    scale = float(ticks[-1]) / 100 or 1
    axis_y = top + row * len(ordered)
    body = []
    for tick in ticks:
        x = left + float(tick) / 100 / scale * plot_width
        body.append(
            f'<line x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}" y2="{axis_y}" '
            f'class="ii-chart__grid" stroke="{GRID}"/>'
            + _text(x, axis_y + 16, _plain_number(tick) + "\u00a0%", "middle", "ii-chart__muted")
        )
    for index, bar in enumerate(ordered):
        y = top + index * row
        width = _number(bar.share) / scale * plot_width
        body.append(
            f"<g><title>{escape(bar.label)}</title>"
            + _text(left - 8, y + 14, _short(bar.label, 25), "end")
            + (_social_rect(left, y, width, bar_height) if bar.share is not None else "")
            + _text(left + width + 5, y + 14, percent(bar.share), css="ii-chart__value", halo=True)
            + "</g>"
        )
    if overall is not None:
        x = left + _number(overall) / scale * plot_width
        body.append(
            f'<line x1="{x:.1f}" y1="{top - 8}" x2="{x:.1f}" y2="{axis_y}" stroke-width="2" '
            f'stroke-dasharray="5 3" class="ii-chart__reference" stroke="{LINE_TOTAL}"/>'
            + _text(x, top - 14, f"{overall_label} {percent(overall)}".strip(), "middle", halo=True)
        )
    body.append(
        f'<line x1="{left}" y1="{top - 6}" x2="{left}" y2="{axis_y}" '
        f'class="ii-chart__axis" stroke="{MUTED}"/>'
    )
    return _svg(left + plot_width + right, axis_y + 24, title, body, "shares")


def _spread(positions: list[float], gap: float, low: float, high: float) -> list[float]:
    """Move direct labels apart vertically (at least `gap`), keeping their order, within
    [low, high]: two lines ending at the same value still get two readable names."""
    order = sorted(range(len(positions)), key=lambda i: positions[i])
    placed = [positions[i] for i in order]
    for index in range(1, len(placed)):
        placed[index] = max(placed[index], placed[index - 1] + gap)
    overflow = placed[-1] - high if placed else 0
    if overflow > 0:
        placed = [max(low, y - overflow) for y in placed]
    result = [0.0] * len(positions)
    for index, original in enumerate(order):
        result[original] = placed[index]
    return result


def _marker(shape: str, x: float, y: float, css: str, colour: str) -> str:
    if shape == "square":
        return (
            f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" class="{css}" '
            f'fill="{colour}"/>'
        )
    if shape == "triangle":
        return (
            f'<polygon points="{x:.1f},{y - 5:.1f} {x + 5:.1f},{y + 4:.1f} '
            f'{x - 5:.1f},{y + 4:.1f}" class="{css}" fill="{colour}"/>'
        )
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" class="{css}" fill="{colour}"/>'


def _month_labels(count: int) -> int:
    """Every how many months a label fits under the axis (twelve at most)."""
    return max(1, math.ceil(count / 12))


def _grid(ticks, y_of, left, top, plot_w, plot_h, label) -> list[str]:
    """A line chart's horizontal grid lines with their `label`led values, and its base line."""
    lines = [
        f'<line x1="{left}" y1="{y_of(tick):.1f}" x2="{left + plot_w}" y2="{y_of(tick):.1f}" '
        f'class="ii-chart__grid" stroke="{GRID}"/>'
        + _text(left - 6, y_of(tick) + 4, label(tick), "end", "ii-chart__muted")
        for tick in ticks
    ]
    lines.append(
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" '
        f'class="ii-chart__axis" stroke="{MUTED}"/>'
    )
    return lines


def lines(
    points: list[tuple[str, Decimal, Decimal]],
    title: str,
    labels: tuple[str, str],
    *,
    chart_id: str | None = None,
) -> SafeString:
    """Two lines over time: total spend (solid, square markers) and social spend (dashed, round
    markers), each named at its end; an axis of short amounts on the left."""
    width, height, left, right, top, bottom = 720, 260, 78, 205, 14, 34
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [_number(v) for _label, total, social in points for v in (total, social)]
    ticks = _ticks(max(values, default=0))
    scale = float(ticks[-1]) or 1
    step = plot_w / max(len(points) - 1, 1)

    def y_of(value) -> float:
        return top + plot_h - _number(value) / scale * plot_h

    body = _grid(ticks, y_of, left, top, plot_w, plot_h, short_euros)
    series = (
        (1, "ii-chart__total", LINE_TOTAL, "", "square", labels[0]),
        (2, "ii-chart__social", SOCIAL, "6 3", "circle", labels[1]),
    )
    ends = []
    for index, css, colour, dash, marker, _name in series:
        coords = [(left + i * step, y_of(point[index])) for i, point in enumerate(points)]
        if not coords:
            continue
        line = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        body.append(
            f'<polyline points="{line}" fill="none" stroke-width="2.5"{dashes} '
            f'class="{css}-line" stroke="{colour}"/>'
        )
        body.extend(_marker(marker, x, y, f"{css}-marker", colour) for x, y in coords)
        ends.append(coords[-1])
    if ends:
        label_ys = _spread([y + 4 for _x, y in ends], 15, top + 8, top + plot_h + 4)
        for (x, _y), label_y, (_i, css, colour, _d, _m, name) in zip(
            ends, label_ys, series, strict=False
        ):
            body.append(
                f'<text x="{x + 10:.1f}" y="{label_y:.1f}" class="{css}-label" '
                f'fill="{colour}" font-weight="bold"{HALO}>{escape(_short(name, 26))}</text>'
            )
    every = _month_labels(len(points))
    for i, (label, _total, _social) in enumerate(points):
        if i % every == 0:
            body.append(_text(left + i * step, top + plot_h + 18, label, "middle"))
    return _svg(width, height, title, body, "lines")


def radar(
    axes: list[str],
    series: list[tuple[str, list[int]]],
    maximum: int,
    title: str,
    *,
    chart_id: str | None = None,
) -> SafeString:
    """A radar chart (the ambition web): one spoke per theme, rings for each level, one polygon
    per series. Levels run from 0 in the centre to `maximum` on the outer ring. Sessions have
    long names, so they are named in a key below, each with its line's dash and marker."""
    # Wide margins left and right: theme names sit outside the web and can be long.
    width, centre_x, centre_y, radius = 760, 380, 245, 170
    height = 470 + 22 * max(len(series), 1)
    count = max(len(axes), 3)

    def point(index: int, level: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * index / count
        distance = radius * level / maximum
        return centre_x + distance * math.cos(angle), centre_y + distance * math.sin(angle)

    body = []
    for ring in range(1, maximum + 1):
        corners = " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(i, ring) for i in range(count)))
        body.append(
            f'<polygon points="{corners}" fill="none" class="ii-chart__grid" stroke="{GRID}"/>'
        )
        x, y = point(0, ring)
        body.append(_text(x + 4, y + 4, str(ring), css="ii-chart__muted"))
    for index, name in enumerate(axes):
        x, y = point(index, maximum)
        body.append(
            f'<line x1="{centre_x}" y1="{centre_y}" x2="{x:.1f}" y2="{y:.1f}" '
            f'class="ii-chart__grid" stroke="{GRID}"/>'
        )
        lx, ly = point(index, maximum + 0.45)
        anchor = "middle" if abs(lx - centre_x) < 20 else ("start" if lx > centre_x else "end")
        body.append(_text(lx, ly + 4, _short(name, 30), anchor))
    for number, ((name, levels), (colour, dash, marker)) in enumerate(
        zip(series, SERIES_STYLES, strict=False), start=1
    ):
        css = f"ii-chart__series-{number}"  # -area, -line, -marker
        corners = " ".join(
            f"{x:.1f},{y:.1f}" for x, y in (point(i, lvl) for i, lvl in enumerate(levels))
        )
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        body.append(
            f'<polygon points="{corners}" fill="{colour}" fill-opacity="0.12" stroke-width="3"'
            f'{dashes} class="{css}-area" stroke="{colour}"/>'
        )
        body.extend(
            _marker(marker, *point(i, level), f"{css}-marker", colour)
            for i, level in enumerate(levels)
        )
        key_y = 470 + 22 * (number - 1)
        body.append(
            f'<line x1="20" y1="{key_y - 4}" x2="56" y2="{key_y - 4}" stroke-width="3"{dashes} '
            f'class="{css}-line" stroke="{colour}"/>'
            + _marker(marker, 38, key_y - 4, f"{css}-marker", colour)
            + _text(64, key_y, _short(name, 90))
        )
    return _svg(width, height, title, body, "radar")


def progress_line(
    points: list[tuple[str, Decimal]],
    target: Decimal | None,
    title: str,
    labels: tuple[str, str],
    *,
    chart_id: str | None = None,
) -> SafeString:
    """A goal over time: its measured values as a line with each value written at its point, the
    target as a dashed level line named at its end. `labels` names the two; values are already
    in the goal's unit."""
    width, height, left, right, top, bottom = 680, 250, 60, 130, 22, 34
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [_number(value) for _label, value in points]
    if target is not None:
        values.append(_number(target))
    ticks = _ticks(max(values, default=0) * 1.05)
    scale = float(ticks[-1]) or 1
    step = plot_w / max(len(points) - 1, 1)

    def y_of(value) -> float:
        return top + plot_h - _number(value) / scale * plot_h

    body = _grid(ticks, y_of, left, top, plot_w, plot_h, _plain_number)
    colour, _dash, _marker_shape = SERIES_STYLES[0]
    css = "ii-chart__series-1"
    coords = [(left + i * step, y_of(value)) for i, (_label, value) in enumerate(points)]
    ends: list[tuple[float, str, str, str]] = []  # y, text, class, colour of each direct label
    if target is not None:
        y = y_of(target)
        body.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke-width="2" '
            f'stroke-dasharray="6 4" class="ii-chart__target-line" stroke="{SOCIAL}"/>'
        )
        ends.append((y + 4, f"{labels[1]}: {_plain(target)}", "ii-chart__target", SOCIAL))
    if len(coords) > 1:
        line = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
        body.append(
            f'<polyline points="{line}" fill="none" stroke-width="3" class="{css}-line" '
            f'stroke="{colour}"/>'
        )
    for (x, y), (label, value) in zip(coords, points, strict=True):
        body.append(
            _marker("circle", x, y, f"{css}-marker", colour)
            + _text(x, y - 9, _plain(value), "middle", halo=True)
            + _text(x, top + plot_h + 18, _short(label, 18), "middle")
        )
    if coords:
        ends.append((coords[-1][1] + 4, labels[0], css, colour))
    label_ys = _spread([y for y, *_rest in ends], 15, top + 4, top + plot_h + 4)
    for label_y, (_y, content, label_css, label_colour) in zip(label_ys, ends, strict=True):
        body.append(
            f'<text x="{left + plot_w + 10}" y="{label_y:.1f}" class="{label_css}-label" '
            f'fill="{label_colour}" font-weight="bold"{HALO}>'
            f"{escape(_short(content, 20))}</text>"
        )
    return _svg(width, height, title, body, "progress")


def _plain(value) -> str:
    """A value in the reader's notation (5,25 in Dutch), whole numbers without decimals."""
    number = Decimal(value)
    places = 0 if number == number.to_integral_value() else 2
    return number_format(number, decimal_pos=places)
