"""A recorded purchase counts until the same invoice arrives through the ledger; then the ledger
counts it and the purchase does not count again."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from impactinkoop.catalogue import purchases
from impactinkoop.catalogue.models import Purchase
from impactinkoop.spend.changes import lines_changed
from impactinkoop.spend.models import LedgerImport, Supplier

from ..spend.test_importing import import_text
from ..spend.test_views import upload
from .helpers import published_enterprise

HEADER = "Crediteurnummer;Crediteur;KvK-nummer;Factuurnummer;Factuurdatum;Bedrag;Omschrijving\n"


@pytest.fixture
def enterprise(org):
    return published_enterprise(
        "70000001", "Bloemen met Betekenis", [("bloemen", "Boeket", "Bloemen")], source="code_so"
    )


def record(org, enterprise, user, amount: str, day: date, invoice: str = "") -> Purchase:
    return purchases.record_purchase(
        org,
        data={
            "enterprise": enterprise,
            "description": "Bloemen",
            "amount": Decimal(amount),
            "date": day,
            "invoice_number": invoice,
        },
        actor=user,
    )


def link(org, enterprise):
    Supplier.objects.filter(organisation=org, kvk_number="70000001").update(
        company=enterprise.company
    )


def test_purchase_counts_until_the_invoice_arrives_through_the_ledger(org, alice, enterprise):
    record(org, enterprise, alice, "225.00", date(2025, 3, 3), invoice="F-2025-0042")
    record(org, enterprise, alice, "80.10", date(2025, 4, 1))
    figures = purchases.figures(org, date(2025, 1, 1), date(2025, 12, 31))
    assert (figures.count, figures.extra_count, figures.extra_amount) == (2, 2, Decimal("305.10"))
    assert figures.social_extra_amount == Decimal("305.10")

    import_text(
        org,
        HEADER
        + "9001;BLOEMEN MET BETEKENIS;70000001;F2025 0042;04-03-2025;225,00;Boeketten\n"
        + "9001;BLOEMEN MET BETEKENIS;70000001;F-77;20-04-2025;80,10;Bloemen\n"
        + "9001;BLOEMEN MET BETEKENIS;70000001;F-78;20-04-2025;80,10;Bloemen\n",
    )
    link(org, enterprise)
    lines_changed(org)  # what the job after an import or a link decision runs
    figures = purchases.figures(org, date(2025, 1, 1), date(2025, 12, 31))
    assert (figures.in_ledger_count, figures.in_ledger_amount) == (2, Decimal("305.10"))
    assert (figures.extra_count, figures.extra_amount) == (0, Decimal("0.00"))
    by_invoice = Purchase.objects.get(invoice_number="F-2025-0042")
    assert by_invoice.ledger_match == "invoice"
    assert Purchase.objects.get(invoice_number="").ledger_match == "amount"
    # Reconciling again changes nothing, and one ledger line is claimed once.
    assert purchases.reconcile(org) == 0
    assert len(set(Purchase.objects.values_list("ledger_line_id", flat=True))) == 2


def test_unlinked_supplier_or_other_amount_is_not_matched(org, alice, enterprise):
    record(org, enterprise, alice, "99.00", date(2025, 3, 3))
    import_text(org, HEADER + "9002;IEMAND ANDERS;;X1;03-03-2025;99,00;Bloemen\n")
    assert purchases.reconcile(org) == 0
    import_text(
        org,
        HEADER + "9001;BLOEMEN MET BETEKENIS;70000001;X2;03-03-2025;98,00;Bloemen\n",
        name="b.csv",
    )
    link(org, enterprise)
    assert purchases.reconcile(org) == 0
    assert purchases.figures(org, date(2025, 1, 1), date(2025, 12, 31)).extra_count == 1


def test_deleting_the_import_makes_the_purchase_count_again(org, alice, enterprise):
    record(org, enterprise, alice, "50.00", date(2025, 5, 5), invoice="A-1")
    import_text(org, HEADER + "9001;BLOEMEN MET BETEKENIS;70000001;A-1;05-05-2025;50,00;x\n")
    link(org, enterprise)
    assert purchases.reconcile(org) == 1
    LedgerImport.objects.filter(organisation=org).delete()
    figures = purchases.figures(org, date(2025, 1, 1), date(2025, 12, 31))
    assert (figures.extra_count, figures.in_ledger_count) == (1, 0)


def test_purchases_of_another_organisation_never_match_our_ledger(
    org, other_org, alice, enterprise
):
    record(other_org, enterprise, alice, "10.00", date(2025, 1, 2), invoice="Z-1")
    import_text(org, HEADER + "9001;BLOEMEN MET BETEKENIS;70000001;Z-1;02-01-2025;10,00;x\n")
    link(org, enterprise)
    assert purchases.reconcile(other_org) == 0


def test_an_import_reconciles_and_reading_the_figures_writes_nothing(
    client_for, org, alice, enterprise, django_capture_on_commit_callbacks
):
    """Reconciling runs after the ledger changed (issue 16, item 3), not when a page is read."""
    record(org, enterprise, alice, "225.00", date(2025, 3, 3), invoice="F-2025-0042")
    client = client_for(alice)
    upload(
        client,
        org,
        (HEADER + "9001;BLOEMEN MET BETEKENIS;70000001;F2025 0042;04-03-2025;225,00;x\n").encode(),
    )
    ledger_import = LedgerImport.objects.get()
    form = {f"map_{k}": v for k, v in ledger_import.mapping.items()}
    form.update({"decimal": "auto", "date_format": "auto"})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("spend:import", args=[org.slug, ledger_import.pk]), form)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("spend:import_commit", args=[org.slug, ledger_import.pk]))
    purchase = Purchase.objects.get()
    assert (purchase.ledger_line_id is not None, purchase.ledger_match) == (True, "invoice")

    purchase.ledger_line_id, purchase.ledger_match = None, ""
    purchase.save()  # as if the import had not reconciled: a read must not do it instead
    with CaptureQueriesContext(connection) as captured:
        page = client.get(f"/o/{org.slug}/catalogue/purchases/?year=2025")
        figures = purchases.figures(org, date(2025, 1, 1), date(2025, 12, 31))
    assert page.status_code == 200
    assert [q for q in captured.captured_queries if "catalogue_purchase" in q["sql"]]
    assert not [
        q["sql"]
        for q in captured.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert figures.extra_count == 1
    assert Purchase.objects.get().ledger_line_id is None


def test_deleting_the_import_through_its_page_unclaims_the_line(
    client_for, org, alice, enterprise, django_capture_on_commit_callbacks
):
    record(org, enterprise, alice, "50.00", date(2025, 5, 5), invoice="A-1")
    import_text(org, HEADER + "9001;BLOEMEN MET BETEKENIS;70000001;A-1;05-05-2025;50,00;x\n")
    link(org, enterprise)
    assert purchases.reconcile(org) == 1
    ledger_import = LedgerImport.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client_for(alice).post(reverse("spend:import_delete", args=[org.slug, ledger_import.pk]))
    assert Purchase.objects.get().ledger_line_id is None  # the refresh job reconciled


def test_purchase_form_rejects_bad_amounts_and_dates(org, alice, enterprise, client_for):
    client = client_for(alice)
    for amount, message in [
        ("twaalf", "is geen bedrag"),
        ("-5", "boven nul"),
        ("12,345", "hele centen"),
        ("", "Dit veld is verplicht"),
    ]:
        response = client.post(
            f"/o/{org.slug}/catalogue/purchases/",
            {
                "enterprise": enterprise.pk,
                "description": "x",
                "amount": amount,
                "date": "2025-01-01",
            },
        )
        assert response.status_code == 400 and message in response.content.decode(), amount
    response = client.post(
        f"/o/{org.slug}/catalogue/purchases/",
        {"enterprise": enterprise.pk, "description": "x", "amount": "5", "date": "2999-01-01"},
    )
    assert "toekomst" in response.content.decode()
    assert Purchase.objects.count() == 0


def test_purchases_page_shows_the_amounts_entered(org, alice, enterprise, client_for):
    """Amounts are stored in euros: 5.400,00 entered is € 5.400,00 listed, in the row and in
    the totals (it was € 54,00, read as cents)."""
    record(org, enterprise, alice, "5400.00", date(2025, 3, 1))
    record(org, enterprise, alice, "12.34", date(2025, 3, 2))
    page = client_for(alice).get(f"/o/{org.slug}/catalogue/purchases/?year=2025")
    html = page.content.decode()
    assert page.status_code == 200
    assert "€\u00a05.400,00" in html
    assert "€\u00a012,34" in html
    assert html.count("€\u00a05.412,34") >= 2  # recorded, and not yet in the ledger
    assert "€\u00a054,00" not in html
