"""Charts as server-rendered SVG: one code path for the page and the PDF (WeasyPrint draws SVG),
no JavaScript and nothing fetched at run time. Each chart carries a title for screen readers and
is always shown next to a table with the same numbers, so colour is never the only carrier.

Amounts arrive as Decimal; they become floats only for pixel positions, never for money."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

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
        f'<text x="{left - 6}" y="{top + plot_h}" text-anchor="end" style="{FONT}">€ 0</text>',
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
    if value >= 1_000_000:
        return f"€ {value / 1_000_000:.1f} mln"
    if value >= 1_000:
        return f"€ {value / 1_000:.0f}k"
    return f"€ {value:.0f}"
