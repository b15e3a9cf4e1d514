"""The drill-down (issue 15, item 15): inside any selection a breakdown by supplier and by
category whose totals are the lines' own sum to the cent, a search, sorting by amount and date,
numbered pages, and the download following the same filters."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from impactinkoop.accounts.models import Department
from impactinkoop.spend.baseline.drilldown import breakdown
from impactinkoop.spend.baseline.line_exports import in_euros, select_lines
from impactinkoop.spend.models import LedgerLine

from . import test_baseline
from .test_importing import import_text
from .test_line_exports import csv_rows, export

ledger = test_baseline.ledger  # the fixture: a small ledger of 2024 and 2025

# Three lines of a penny at 1.5 euros a pound: each is 1.5 cents, rounded to 2; summed first it
# would be 4.5, rounded to 5. The totals must be the lines' own: 6 cents.
POUNDS = (
    "Leverancier;Factuurnummer;Datum;Bedrag;Omschrijving;Afdeling;Inkooppakket\n"
    "Tea Ltd;T1;01-02-2025;0,01;Thee;Ruimte;Catering\n"
    "Tea Ltd;T2;02-02-2025;0,01;Thee;Ruimte;Catering\n"
    "Tea Ltd;T3;03-02-2025;0,01;Thee;Ruimte;Catering\n"
    "Scones Ltd;T4;04-02-2025;12,34;Scones;Ruimte;Catering\n"
)


@pytest.fixture
def pounds(ledger):
    result = import_text(
        ledger, POUNDS, name="uk.csv", currency="GBP", exchange_rate=Decimal("1.5")
    )
    assert result.imported == 4
    return ledger


def lines_in_euros(selection) -> list:
    return in_euros(selection.lines(), selection.organisation)


@pytest.mark.parametrize(
    "params",
    [
        {"year": "2025"},
        {"year": "2025", "social": "yes"},
        {"year": "2025", "social": "no"},
        {"year": "2025", "q": "thee"},
        {"year": "2025", "q": "T"},
        {"from": "2024-12", "until": "2025-02"},
        {"year": "2025", "department": "ruimte"},
    ],
)
def test_the_breakdowns_add_up_to_the_lines_to_the_cent(pounds, params):
    if params.get("department"):
        params = {**params, "department": str(Department.objects.get(name="Ruimte").pk)}
    selection = select_lines(pounds, params)
    found = lines_in_euros(selection)
    split = breakdown(selection)
    assert split.total == sum(line.euro_cents for line in found)
    assert split.count == len(found)
    for rows in (split.suppliers, split.categories):
        assert sum(row.cents for row in rows) == split.total
        assert sum(row.lines for row in rows) == split.count
    by_supplier = {}
    for line in found:
        by_supplier[line.supplier.name] = by_supplier.get(line.supplier.name, 0) + line.euro_cents
    assert {row.name: row.cents for row in split.suppliers} == by_supplier


def test_each_line_in_another_currency_is_rounded_on_its_own_also_in_a_search(pounds):
    for params in ({"year": "2025", "q": "thee"}, {"year": "2025", "q": "tea ltd"}):
        split = breakdown(select_lines(pounds, params))
        assert (split.total, split.count) == (6, 3)
        assert [(row.name, row.cents) for row in split.suppliers] == [("Tea Ltd", 6)]
    whole = breakdown(select_lines(pounds, {"year": "2025"}))
    tea = next(row for row in whole.suppliers if row.name == "Tea Ltd")
    assert tea.amount == Decimal("0.06")


def test_the_smallest_rows_become_one_row_that_keeps_the_total(ledger):
    split = breakdown(select_lines(ledger, {"year": "2025"}), shown=2)
    assert [row.name for row in split.suppliers] == [
        "DE WERKPLAATS B.V.",
        "Drukkerij Lokaal",
        "alle 2 andere",
    ]
    assert split.suppliers[-1].others
    assert sum(row.cents for row in split.suppliers) == split.total == 248459


def test_the_page_searches_and_shows_the_breakdown(ledger, client_for, alice):
    url = reverse("spend:baseline_lines", args=[ledger.slug])
    page = client_for(alice).get(url, {"year": "2025", "q": "drukwerk"})
    assert page.status_code == 200
    assert [line.invoice_number for line in page.context["page"]] == ["F4"]
    assert page.context["total_cents"] == 99999
    html = page.content.decode()
    assert "Per leverancier" in html and "Per categorie" in html  # noqa: PT018
    # A row of the breakdown narrows the drill-down to that supplier, search and all.
    supplier = page.context["breakdown"].suppliers[0]
    assert f"q=drukwerk&amp;supplier={supplier.id}" in html
    nothing = client_for(alice).get(url, {"year": "2025", "q": "bestaat niet"})
    assert (nothing.status_code, nothing.context["page"].paginator.count) == (200, 0)


@pytest.mark.parametrize(
    ("sort", "invoices"),
    [
        ("-date", ["F4", "F6", "F2", "F3", "F1"]),
        ("date", ["F1", "F3", "F2", "F6", "F4"]),
        ("-amount", ["F1", "F4", "F6", "F3", "F2"]),
        ("amount", ["F2", "F3", "F6", "F4", "F1"]),
        ("nonsense", ["F4", "F6", "F2", "F3", "F1"]),
    ],
)
def test_the_lines_sort_by_date_and_amount(ledger, client_for, alice, sort, invoices):
    url = reverse("spend:baseline_lines", args=[ledger.slug])
    page = client_for(alice).get(url, {"year": "2025", "sort": sort})
    assert [line.invoice_number for line in page.context["page"]] == invoices


def test_numbered_pages_through_many_lines_sorted_and_searched(org, client_for, alice):
    rows = [
        f"Leverancier {n % 3};F{n};{date(2025, 1, 1) + timedelta(days=n):%d-%m-%Y};{n},00;"
        f"{'Papier' if n % 2 else 'Inkt'}"
        for n in range(1, 241)
    ]
    import_text(org, "Leverancier;Factuurnummer;Datum;Bedrag;Omschrijving\n" + "\n".join(rows))
    client = client_for(alice)
    url = reverse("spend:baseline_lines", args=[org.slug])
    page = client.get(url, {"year": "2025", "q": "papier", "sort": "-amount", "page": "2"})
    assert page.context["page"].paginator.count == 120
    assert page.context["page"].paginator.num_pages == 3
    amounts = [line.amount_cents for line in page.context["page"]]
    assert amounts == [n * 100 for n in range(139, 39, -2)]  # 50 odd amounts, after the first 50
    html = page.content.decode()
    assert 'aria-current="page"' in html
    for number in (1, 3):
        assert f"q=papier&amp;sort=-amount&amp;page={number}" in html
    many = client.get(url, {"year": "2025", "page": "3"})
    assert list(many.context["page_range"]) == [1, 2, 3, 4, 5]
    assert LedgerLine.objects.count() == 240


def test_the_download_follows_the_search_and_the_order(ledger, client_for, alice):
    response = export(client_for(alice), ledger, year="2025", q="werkplaats", sort="amount")
    assert [row[2] for row in csv_rows(response.content)[1:]] == ["F2", "F1"]


def test_the_breakdown_is_kept_until_the_data_changes(ledger, client_for, alice, monkeypatch):
    from impactinkoop.spend.baseline import drilldown

    computed = []
    real = drilldown.breakdown
    monkeypatch.setattr(drilldown, "breakdown", lambda *a, **k: computed.append(1) or real(*a, **k))
    client = client_for(alice)
    url = reverse("spend:baseline_lines", args=[ledger.slug])
    first = client.get(url, {"year": "2025", "sort": "-amount"}).context["total_cents"]
    client.get(url, {"year": "2025", "page": "2"})  # another page or order: kept
    assert (first, len(computed)) == (248459, 1)
    import_text(
        ledger,
        "Crediteurnummer;Crediteur;Factuurnummer;Factuurdatum;Bedrag\n"
        "1009;Nieuw;F9;01-05-2025;1,01\n",
        name="meer.csv",
    )
    assert client.get(url, {"year": "2025"}).context["total_cents"] == 248459 + 101
    assert len(computed) == 2


def test_the_job_keeps_the_breakdowns_of_the_whole_year_and_its_social_part(
    ledger, client_for, alice, monkeypatch
):
    """Computed by the job that changed the data (issue 16, item 3), in no language: the first
    drill-down after an import sums nothing, in Dutch or English."""
    from django.utils import translation

    from impactinkoop.spend.baseline import drilldown
    from impactinkoop.spend.baseline.figures import warm_figures

    warm_figures(ledger)
    computed = []
    real = drilldown.breakdown
    monkeypatch.setattr(drilldown, "breakdown", lambda *a, **k: computed.append(1) or real(*a, **k))
    url = reverse("spend:baseline_lines", args=[ledger.slug])
    for language, social in [("nl", ""), ("en", "yes")]:
        alice.language = language
        alice.save()
        page = client_for(alice).get(url, {"year": "2025", "social": social})
        with translation.override(language):
            expected = real(select_lines(ledger, {"year": "2025", "social": social}))
        assert page.context["breakdown"] == expected
    assert computed == []
    # The words of "none" and "all N others" follow the reader's language.
    selection = select_lines(ledger, {"year": "2025"})
    for language in ("nl", "en"):
        with translation.override(language):
            split = real(selection, shown=2)
            assert drilldown._from_json(drilldown._as_json(split)) == split
