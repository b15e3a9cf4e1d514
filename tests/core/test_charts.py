"""The server-drawn SVG charts (issue 18, item 4): Dutch axes and labels, series told apart by
pattern and not only by colour, ids unique per chart, colours from classes (the page's tokens)
with the project's colours as attributes (the PDF), and a title for screen readers."""

import re
from decimal import Decimal

from django.utils import translation

from impactinkoop.core import charts
from impactinkoop.core.numbers import percent


def _bars():
    return [
        charts.Bar("Ruimte", Decimal("24000.00"), Decimal("1200000.00")),
        charts.Bar("Bedrijfsvoering", Decimal("0.00"), Decimal("650000.50")),
    ]


def test_stacked_bars_name_each_row_and_total_in_dutch_on_an_axis_of_short_amounts():
    svg = charts.stacked_bars(_bars(), "Uitgaven per afdeling", "sociaal", "overig")
    assert svg.startswith("<svg ") and 'role="img"' in svg
    assert "<title>Uitgaven per afdeling</title>" in svg
    assert ">Ruimte</text>" in svg and ">Bedrijfsvoering</text>" in svg
    # The total at the end of each bar, and the axis in round steps of € 500.000.
    assert ">€\xa01,2\xa0mln</text>" in svg
    assert ">€\xa0650.001</text>" in svg
    ticks = re.findall(r'class="ii-chart__muted" fill="#4a4a4a">([^<]+)</text>', svg)
    assert ticks == ["€\xa00", "€\xa0500.000", "€\xa01,0\xa0mln", "€\xa01,5\xa0mln"]
    # The two series are named once above the bars.
    assert ">sociaal</text>" in svg and ">overig</text>" in svg


def test_english_readers_get_english_numbers():
    with translation.override("en"):
        svg = charts.stacked_bars(_bars(), "Spend by department", "social", "other")
        shares = charts.share_bars([charts.ShareBar("Ruimte", Decimal("0.0425"))], "Share")
        assert percent(Decimal("0.1876")) == "18.8\xa0%"  # rounded, not cut off
    assert ">€1.2m</text>" in svg and ">€500,000</text>" in svg
    assert ">4.3\xa0%</text>" in shares


def test_the_other_part_is_hatched_by_a_pattern_of_the_charts_own_id():
    svg = charts.stacked_bars(_bars(), "Uitgaven", "sociaal", "overig", chart_id="departments")
    assert '<pattern id="ii-departments-other"' in svg
    assert svg.count('fill="url(#ii-departments-other)"') == 3  # the key and two bars
    other = charts.stacked_bars(_bars(), "Uitgaven", "sociaal", "overig", chart_id="categories")
    assert '<pattern id="ii-categories-other"' in other
    assert "ii-departments-other" not in other


def test_without_a_name_the_id_follows_the_figures_so_equal_input_draws_equal_svg():
    first = charts.stacked_bars(_bars(), "Uitgaven", "sociaal", "overig")
    again = charts.stacked_bars(_bars(), "Uitgaven", "sociaal", "overig")
    changed = charts.stacked_bars(_bars()[:1], "Uitgaven", "sociaal", "overig")
    ids = [re.search(r'<pattern id="([^"]+)"', svg).group(1) for svg in (first, again, changed)]
    assert first == again
    assert ids[0] == ids[1] != ids[2]


def test_colours_are_classes_for_the_page_and_attributes_for_the_pdf_never_style_attributes():
    svg = charts.stacked_bars(_bars(), "Uitgaven", "sociaal", "overig")
    assert "style=" not in svg
    assert svg.count('class="ii-chart__social" fill="#1b6e3a"') == 3
    assert 'class="ii-chart__other-hatch" stroke="#5f6b64"' in svg
    for chart in (
        charts.lines([("jan", Decimal(10), Decimal(5))], "Per maand", ("totaal", "sociaal")),
        charts.radar(["A", "B", "C"], [("Sessie", [1, 2, 3])], 3, "Ambitieweb"),
        charts.progress_line([("2025", Decimal(5))], Decimal(10), "Doel", ("Gemeten", "Doel")),
        charts.share_bars([charts.ShareBar("Ruimte", Decimal("0.5"))], "Aandeel"),
    ):
        assert "style=" not in chart
        assert 'role="img"' in chart and "<title>" in chart


def test_share_bars_are_sorted_largest_first_with_the_tables_percentages():
    svg = charts.share_bars(
        [
            charts.ShareBar("Ruimte", Decimal("0.0212")),
            charts.ShareBar("Zonder uitgaven", None),
            charts.ShareBar("Sociaal domein", Decimal("0.1880")),
            charts.ShareBar("Bedrijfsvoering", Decimal("0")),
        ],
        "Aandeel sociaal per afdeling",
        overall=Decimal("0.0604"),
        overall_label="hele organisatie",
    )
    rows = re.findall(r"<g><title>([^<]+)</title>.*?ii-chart__value\"[^>]*>([^<]+)</text></g>", svg)
    assert rows == [
        ("Sociaal domein", "18,8\xa0%"),
        ("Ruimte", "2,1\xa0%"),
        ("Bedrijfsvoering", "0,0\xa0%"),
        ("Zonder uitgaven", "—"),
    ]
    assert ">hele organisatie 6,0\xa0%</text>" in svg
    # The axis ends just past the largest share (20 %), not at 100 %.
    ticks = re.findall(r'class="ii-chart__muted" fill="#4a4a4a">([^<]+)</text>', svg)
    assert ticks == ["0\xa0%", "5\xa0%", "10\xa0%", "15\xa0%", "20\xa0%"]


def test_lines_are_named_at_their_ends_instead_of_in_a_legend():
    points = [("jan", Decimal("300000"), Decimal("20000")), ("feb", Decimal(0), Decimal(0))]
    svg = charts.lines(points, "Per maand", ("totale uitgaven", "bij sociale ondernemingen"))
    assert 'class="ii-chart__total-label"' in svg and ">totale uitgaven</text>" in svg
    assert ">bij sociale ondernemingen</text>" in svg
    # Both lines end at zero: their names are moved apart, not drawn over each other.
    label_ys = [float(y) for y in re.findall(r'y="([\d.]+)" class="ii-chart__\w+-label"', svg)]
    assert abs(label_ys[0] - label_ys[1]) >= 15
    assert ">€\xa0300.000</text>" in svg
    # Dashes and markers differ as well as colour.
    assert 'class="ii-chart__social-line"' in svg and 'stroke-dasharray="6 3"' in svg
    assert svg.count('<rect x="') == 2 and svg.count("<circle ") == 2  # squares and dots


def test_a_long_run_of_months_is_labelled_every_few_months():
    points = [(f"m{i}", Decimal(i), Decimal(0)) for i in range(36)]
    svg = charts.lines(points, "Per maand", ("totaal", "sociaal"))
    assert ">m0</text>" in svg and ">m3</text>" in svg and ">m1</text>" not in svg


def test_progress_names_the_target_at_its_line_in_dutch_notation():
    points = [("2024", Decimal("2.5")), ("2025", Decimal("5.25"))]
    svg = charts.progress_line(points, Decimal(10), "Voortgang", ("Gemeten", "Doel"))
    assert ">Doel: 10</text>" in svg and ">Gemeten</text>" in svg
    assert ">5,25</text>" in svg and ">2,50</text>" in svg


def test_radar_series_differ_by_dash_and_marker_and_are_named_in_the_key():
    series = [("Sessie maart", [1, 2, 3]), ("Sessie juni", [2, 2, 2])]
    svg = charts.radar(["Milieu", "Sociaal", "Circulair"], series, 3, "Ambitieweb")
    assert ">Sessie maart</text>" in svg and ">Sessie juni</text>" in svg
    assert svg.count('class="ii-chart__series-1-marker"') == 4  # three points and the key
    assert svg.count('<rect x="') == 4 and 'stroke-dasharray="6 4"' in svg


def test_ticks_are_round_steps_past_the_largest_value():
    assert charts._ticks(1_200_000) == [Decimal(x) for x in (0, 500000, 1000000, 1500000)]
    assert charts._ticks(18.75) == [Decimal(x) for x in (0, 5, 10, 15, 20)]
    assert charts._ticks(0.9) == [Decimal(x) for x in ("0", "0.25", "0.5", "0.75", "1")]
    assert charts._ticks(0) == [Decimal(0), Decimal(1)]
