"""Numbers and dates follow the reader's language (issue 15, item 9): chart axes in short
amounts, dates in the import summary as 1-1-2025 or 1 Jan 2025, counts grouped, people whole."""

from decimal import Decimal

from django.urls import reverse
from django.utils import translation

from impactinkoop.core import charts
from impactinkoop.core.numbers import count, short_euros
from impactinkoop.plans.models import Goal, Metric
from impactinkoop.plans.templatetags.plan_values import in_unit

from .spend.test_currency import checked
from .spend.test_freezing import text_of

LEDGER = (
    "Crediteurnummer;Crediteur;Factuurnummer;Factuurdatum;Bedrag;Afdeling\n"
    "1001;De Werkplaats;F1;01-01-2025;100,00;Ruimte\n"
    "1002;Drukkerij;F2;27-12-2025;1234567,00;Ruimte\n"
)


def test_short_amounts_for_chart_axes_in_each_language():
    with translation.override("nl"):
        assert short_euros(Decimal("10087345.12")) == "€\xa010,1\xa0mln"
        assert short_euros(Decimal("250400")) == "€\xa0250.400"
        chart = charts.lines(
            [("jan", Decimal("10087345.12"), Decimal("5"))], "Uitgaven", ("Totaal", "Sociaal")
        )
        # The axis runs in round steps past the largest month: € 5,0 mln … € 15,0 mln.
        assert ">€\xa05,0\xa0mln</text>" in chart and ">€\xa015,0\xa0mln</text>" in chart
        assert count(7569) == "7.569"
    with translation.override("en"):
        assert short_euros(Decimal("10087345.12")) == "€10.1m"
        assert short_euros(Decimal("250400")) == "€250,400"
        assert count(7569) == "7,569"


def test_the_import_summary_shows_dates_and_counts_in_the_readers_language(
    org, alice, client_for, django_capture_on_commit_callbacks
):
    client = client_for(alice)
    ledger_import = checked(client, org, django_capture_on_commit_callbacks, LEDGER, "g.csv")
    url = reverse("spend:import", args=[org.slug, ledger_import.pk])
    assert "Periode 1-1-2025 – 27-12-2025" in text_of(client.get(url))
    alice.language = "en"
    alice.save()
    page = text_of(client.get(url))
    assert "Period 1 Jan 2025 – 27 Dec 2025" in page
    assert "Lines in the file 2 " in page


def test_people_and_purchases_are_whole_numbers(org):
    jobs = Goal(organisation=org, metric=Metric.SROI_JOBS)
    with translation.override("nl"):
        assert in_unit(Decimal("15.97"), jobs) == "16 plaatsen"
        assert in_unit(Decimal("1234"), jobs) == "1.234 plaatsen"
    with translation.override("en"):
        assert in_unit(Decimal("15.97"), jobs) == "16 jobs"


BAD_LINES = (
    "Crediteurnummer;Crediteur;Factuurnummer;Factuurdatum;Bedrag;Afdeling\n"
    "1001;De Werkplaats;F1;01-01-2025;100,00;Ruimte\n"
    "1002;Drukkerij;F2;02-01-2025;tien euro;Ruimte\n"
    "1003;=SOM(A1);F3;03-01-2025;5,00;Ruimte\n"
    "1004;Te kort;F4\n"
)


def test_rejected_lines_are_stored_in_english_and_shown_in_the_readers_language(
    org, alice, client_for, django_capture_on_commit_callbacks
):
    """An import checked by a Dutch reader shows its rejected lines in English to an English
    reader (issue 15, item 12)."""
    client = client_for(alice)
    ledger_import = checked(client, org, django_capture_on_commit_callbacks, BAD_LINES, "b.csv")
    messages = [error["message"] for error in ledger_import.summary["errors"]]
    assert "“tien euro” is not an amount with at most two decimals" in messages
    url = reverse("spend:import", args=[org.slug, ledger_import.pk])
    dutch = text_of(client.get(url))
    assert "“tien euro” is geen bedrag" in dutch
    assert "spreadsheetformule" in dutch
    alice.language = "en"
    alice.save()
    english = text_of(client.get(url))
    assert "“tien euro” is not an amount with at most two decimals" in english
    assert "Supplier name “=SOM(A1)” looks like a spreadsheet formula; not imported" in english
    assert "this line has 3 fields where the header has 6" in english
    assert "spreadsheetformule" not in english
    # The wizard's help is English with English numbers too.
    assert "for 1 GBP = 1.165 EUR enter 1.165" in english
    assert "1,165" not in english


def test_the_purchase_amount_example_is_written_as_the_reader_writes_numbers():
    from django.utils import translation

    from impactinkoop.catalogue.forms import PurchaseForm

    with translation.override("en"):
        assert str(PurchaseForm().fields["amount"].help_text) == "For example 1,234.56"
    with translation.override("nl"):
        assert str(PurchaseForm().fields["amount"].help_text) == "Bijvoorbeeld 1.234,56"
