"""The benchmark page and its CSV: nothing of a group below 5 sharing organisations, the range
from 5, the median from 10; the organisation's own value and position; never an unnamed peer's
value, in the page or the CSV; named peers with their names; the register sources in aggregate;
the choice of year; and who may see it."""

import csv
import io
import re

import pytest
from django.urls import reverse
from django.utils import translation

from impactinkoop.accounts.roles import Role
from impactinkoop.peers.benchmark_page import position_of, shown
from impactinkoop.peers.models import BenchmarkStatistic, Figure
from tests.factories import make_member

from .benchmark_helpers import YEAR, distinct, peers, share, take

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(org):
    return make_member(org, "coco@voorbeeldstad.example", Role.COORDINATOR, language="en")


def page(client, org, **query) -> str:
    response = client.get(reverse("peers:benchmark", args=[org.slug]), query)
    assert response.status_code == 200
    return response.content.decode()


def main(html: str) -> str:
    return html[html.index('<main id="main"') : html.index("</main>")]


def download(client, org, **query) -> list[list[str]]:
    response = client.get(reverse("peers:benchmark_csv", args=[org.slug]), query)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def strings_of(values) -> list[str]:
    """Each value as the English page shows it."""
    with translation.override("en"):
        return [shown(figure, value) for figure, value in values.values().items() if value]


def appears(text: str, html: str) -> bool:
    return re.search(rf"(?<![\d.,]){re.escape(text)}(?![\d])", html) is not None


def test_four_sharing_organisations_show_that_the_group_is_too_small(org, coordinator, client_for):
    share(org, "m")
    others = peers(3)
    take({org.slug: distinct(2), **{o.slug: distinct(n) for n, o in enumerate(others)}})
    html = main(page(client_for(coordinator), org))
    assert 'id="group-too-small"' in html
    assert "benchmark-table" not in html
    # Nothing else of the group, not even the organisation's own figures.
    assert not any(appears(text, html) for text in strings_of(distinct(2)))
    rows = download(client_for(coordinator), org)
    assert [row[3] for row in rows[1:]] == ["too_small"] * 4  # own band and the three others


def test_five_show_the_range_the_own_value_and_position_but_no_median(org, coordinator, client_for):
    share(org, "m")
    others = peers(4)
    take({org.slug: distinct(0), **{o.slug: distinct(n + 1) for n, o in enumerate(others)}})
    html = main(page(client_for(coordinator), org))
    row = re.search(r'<tr class="utrecht-table__row" id="own-social_spend">(.*?)</tr>', html, re.S)
    cells = re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row.group(1), re.S)
    # 10, 13, 16, 19, 22: from 12 % to 20 %; no median; ours 10 %, below the lowest quarter.
    assert [cell.strip() for cell in cells] == [
        "Share of spend at social enterprises",
        "12\u00a0%",
        "—",
        "20\u00a0%",
        "10\u00a0%",
        "below the lowest quarter",
    ]
    assert "5 organisations share their figures in this group." in html


def test_ten_show_the_median(org, coordinator, client_for):
    share(org, "m")
    others = peers(9)
    take({org.slug: distinct(9), **{o.slug: distinct(n) for n, o in enumerate(others)}})
    statistic = BenchmarkStatistic.objects.get(figure="social_spend")
    assert statistic.median is not None
    html = main(page(client_for(coordinator), org))
    row = re.search(r'id="own-social_spend">(.*?)</tr>', html, re.S).group(1)
    assert f">{int(statistic.median)}\u00a0%<" in row  # 24 %
    rows = download(client_for(coordinator), org)
    ranges = [r for r in rows if r[3] == "range" and r[4] == "social_spend"]
    assert ranges[0][7:10] == [
        str(int(value)) for value in (statistic.low, statistic.median, statistic.high)
    ]


def test_no_page_or_csv_shows_an_unnamed_peers_value(org, coordinator, client_for):
    share(org, "m")
    hidden = peers(3)
    named = peers(1, prefix="open", first=4)[0]
    share(named, "m", named=True)
    values = {org.slug: distinct(2), named.slug: distinct(4)}
    values |= {o.slug: distinct(n) for n, o in zip((0, 1, 3), hidden, strict=True)}
    take(values)
    # Precondition: no published statistic equals any organisation's value, so finding one in
    # the page could only be a leak.
    published = set()
    for statistic in BenchmarkStatistic.objects.all():
        published |= {statistic.low, statistic.high}
    every = [value for figures in values.values() for value in figures.values().values()]
    assert not published & set(every)

    client = client_for(coordinator)
    html = main(page(client, org))
    for peer in hidden:
        for text in strings_of(values[peer.slug]):
            assert not appears(text, html), text
        assert peer.name not in html
    assert named.name in html
    assert all(appears(text, html) for text in strings_of(distinct(4)))
    assert all(appears(text, html) for text in strings_of(distinct(2)))  # our own

    rows = download(client, org)
    for peer in hidden:
        secret = {str(value) for value in values[peer.slug].values().values()}
        assert not any(cell in secret for row in rows[1:] for cell in row[7:11]), peer
    assert any(row[3] == "named" and row[5] == named.name for row in rows)


def test_named_peers_that_stop_sharing_or_being_named_disappear_at_once(
    org, coordinator, client_for
):
    share(org, "m")
    others = peers(4)
    share(others[0], "m", named=True)
    take({org.slug: distinct(2), **{o.slug: distinct(n) for n, o in enumerate(others)}})
    client = client_for(coordinator)
    assert others[0].name in page(client, org)
    share(others[0], "m", named=False)
    assert others[0].name not in page(client, org)
    assert not any(row[3] == "named" for row in download(client, org))


def test_the_register_sources_are_shown_in_aggregate(org, coordinator, client_for):
    share(org, "m")
    others = peers(5)
    values = {org.slug: distinct(0, ("code_so",))}
    values |= {o.slug: distinct(n, ("pso", "code_so")) for n, o in enumerate(others[:3])}
    values |= {o.slug: distinct(n, ("code_so",)) for n, o in enumerate(others[3:])}
    take(values)
    html = main(page(client_for(coordinator), org))
    assert "3 of 6 count Prestatieladder Socialer Ondernemen (PSO)" in html
    assert "6 of 6 count Code Sociale Ondernemingen register" in html
    rows = download(client_for(coordinator), org)
    assert ["2025", "gemeente", "m", "source", "pso", "", "6", "", "", "", "3", ""] in rows


def test_other_sizes_of_the_same_kind_are_listed(org, coordinator, client_for):
    share(org, "m")
    small = peers(5, band="s", prefix="klein")
    take({o.slug: distinct(n) for n, o in enumerate(small)})
    html = main(page(client_for(coordinator), org))
    assert 'id="group-too-small"' in html  # our own band: only us
    others = html[html.index('id="other-groups"') :]
    assert "Small (up to 50,000 inhabitants or 1,000 employees)" in others
    assert 'id="s-social_spend"' in others
    assert others.count("Too few organisations share their figures to show this group.") == 2


def test_an_organisation_that_does_not_share_is_told_so(org, alice, coordinator, client_for):
    others = peers(5)
    take({o.slug: distinct(n) for n, o in enumerate(others)})
    html = main(page(client_for(coordinator), org))
    assert 'id="not-sharing"' in html
    assert "Ask an administrator" in html
    assert reverse("peers:sharing", args=[org.slug]) not in html
    admin_html = main(page(client_for(alice), org))
    assert reverse("peers:sharing", args=[org.slug]) in admin_html


def test_an_organisation_that_started_sharing_after_the_snapshot_is_told_so(
    org, coordinator, client_for
):
    others = peers(5)
    take({o.slug: distinct(n) for n, o in enumerate(others)})
    share(org, "m")
    html = main(page(client_for(coordinator), org))
    assert 'id="not-in-snapshot"' in html
    assert "Yours" not in html
    assert 'id="own-social_spend"' in html  # the group's ranges, without a position


def test_the_year_can_be_chosen_and_the_latest_is_shown_first(org, coordinator, client_for):
    share(org, "m")
    from datetime import date

    take({org.slug: distinct(0)}, year=YEAR - 1, taken_on=date(YEAR, 4, 1))
    take({org.slug: distinct(1)})
    client = client_for(coordinator)
    assert "The figures of 2025" in page(client, org)
    assert "The figures of 2024" in page(client, org, year="2024")
    for wrong in ("2019", "twee"):
        url = reverse("peers:benchmark", args=[org.slug])
        assert client.get(url, {"year": wrong}).status_code == 404
        url = reverse("peers:benchmark_csv", args=[org.slug])
        assert client.get(url, {"year": wrong}).status_code == 404
    assert download(client, org, year="2024")[1][0] == "2024"


def test_without_a_snapshot_the_page_says_when_the_first_is_taken(org, coordinator, client_for):
    html = main(page(client_for(coordinator), org))
    assert 'id="no-snapshot"' in html
    url = reverse("peers:benchmark_csv", args=[org.slug])
    assert client_for(coordinator).get(url).status_code == 404


def test_outsiders_get_404_and_a_requester_403(org, charlie, client_for):
    requester = make_member(org, "rik@voorbeeldstad.example", Role.REQUESTER)
    take({})
    for name in ("peers:benchmark", "peers:benchmark_csv"):
        url = reverse(name, args=[org.slug])
        assert client_for(charlie).get(url).status_code == 404
        assert client_for(requester).get(url).status_code == 403


def test_the_position_is_against_the_published_quarters():
    statistic = BenchmarkStatistic(figure=Figure.SOCIAL_SPEND, count=5, low=12, high=20)
    assert position_of(11, statistic) == "below"
    assert position_of(12, statistic) == "middle"
    assert position_of(20, statistic) == "middle"
    assert position_of(21, statistic) == "above"
    assert position_of(None, statistic) == ""
    assert position_of(15, None) == ""
