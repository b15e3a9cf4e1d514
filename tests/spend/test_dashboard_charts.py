"""The dashboard's charts against its tables (issue 18, item 4): the share-per-department chart
shows each department's social share with the very percentages of the table below it, and the
board PDF gets the charts with their colours as attributes (WeasyPrint ignores the page's CSS)."""

import re

from django.template.loader import render_to_string
from django.urls import reverse

from impactinkoop.spend.baseline.figures import compute
from impactinkoop.spend.baseline.periods import Period
from impactinkoop.spend.views.baseline import chart_context

from .test_baseline import ledger  # noqa: F401 - the fixture

SVG = re.compile(r"<svg [^>]*ii-chart--(\w+)[^>]*>.*?</svg>", re.S)


def _charts(html: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for match in SVG.finditer(html):
        found.setdefault(match.group(1), []).append(match.group(0))
    return found


def _department_table(html: str) -> dict[str, str]:
    """Department name → the "Social share" cell of the dashboard's department table."""
    section = html.split('id="departments-title"', 1)[1].split("</table>", 1)[0]
    # Without the component classes of rows and plain cells (NL Design System, issue 18).
    table = re.sub(
        r' class="utrecht-table__(?:row|cell|header-cell)"', "", section.split("<table", 1)[1]
    )
    rows = re.findall(r"<tr><td>(?:<a [^>]*>)?([^<]+)(?:</a>)?</td>(.*?)</tr>", table, re.S)
    return {name: re.findall(r'numeric-data">([^<]+)</td>', cells)[-1] for name, cells in rows}


def test_the_share_chart_shows_the_tables_percentages_largest_first(ledger, client_for, alice):  # noqa: F811
    url = reverse("spend:baseline", args=[ledger.slug])
    html = client_for(alice).get(url, {"year": 2025}).content.decode()
    shares = _charts(html)["shares"]
    assert len(shares) == 1
    chart = re.findall(
        r"<g><title>([^<]+)</title>.*?ii-chart__value\"[^>]*>([^<]+)</text></g>", shares[0]
    )
    table = _department_table(html)
    # Ruimte: € 1.434,55 of € 1.434,55 social; Bedrijfsvoering: none of € 1.050,04.
    assert chart == [("Ruimte", "100,0\xa0%"), ("Bedrijfsvoering", "0,0\xa0%")]
    assert dict(chart) == table
    # The whole organisation's share, as in the key figures: € 1.434,55 of € 2.484,59.
    assert ">hele organisatie 57,7\xa0%</text>" in shares[0]
    assert "57,7\xa0% van alle uitgaven" in html


def test_the_dashboards_charts_have_their_own_pattern_ids(ledger, client_for, alice):  # noqa: F811
    url = reverse("spend:baseline", args=[ledger.slug])
    html = client_for(alice).get(url, {"year": 2025}).content.decode()
    ids = re.findall(r'<pattern id="([^"]+)"', html)
    assert sorted(ids) == ["ii-categories-other", "ii-departments-other"]
    # Each used by its own chart only: the key and one bar per department or category.
    assert html.count('fill="url(#ii-departments-other)"') == 1 + 2
    assert html.count('fill="url(#ii-categories-other)"') == 1 + 3
    assert sorted(_charts(html)) == ["bars", "lines", "shares"]


def test_the_board_pdf_gets_every_chart_with_colours_as_attributes(ledger):  # noqa: F811
    figures = compute(ledger, Period.year(2025))
    html = render_to_string(
        "spend/baseline_pdf.html",
        {"figures": figures, "organisation": ledger, **chart_context(figures)},
    )
    charts = _charts(html)
    assert [len(charts[kind]) for kind in ("bars", "shares", "lines")] == [2, 1, 1]
    assert "style=" not in "".join(sum(charts.values(), []))
    assert html.count('class="ii-chart__social" fill="#1b6e3a"') >= 2 + 2 + 2
