"""The review queue worked by spend (issue 15, item 8): the spend behind each proposal, the queue
largest spend first, the list view with filters, one decision for many proposals, and what a
matching job changed."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from impactinkoop.core.background import execute_job
from impactinkoop.core.models import AuditEntry, Job
from impactinkoop.registry.models import Company
from impactinkoop.spend.linking.links import match_suppliers
from impactinkoop.spend.models import LedgerImport, MonthlySpend, Supplier, SupplierMatch
from impactinkoop.spend.services import start_matching


@pytest.fixture
def ledger(org):
    return LedgerImport.objects.create(organisation=org, file_name="grootboek.csv", file_sha256="x")


def propose(org, ledger, name, company, *, cents=0, score=85.0, lines=1):
    supplier = Supplier.objects.create(organisation=org, key=f"k:{name}", name=name)
    if cents:
        for month in (1, 2):  # spread over two months: the spend is their sum
            MonthlySpend.objects.create(
                organisation=org,
                ledger_import=ledger,
                month=date(2025, month, 1),
                supplier=supplier,
                amount_cents=cents // 2 + (cents % 2 if month == 1 else 0),
                lines=lines,
            )
    return SupplierMatch.objects.create(
        organisation=org, supplier=supplier, company=company, score=score, reason="test"
    )


@pytest.fixture
def midden(org, ledger):
    """The demo's trouble: many "Midden …" suppliers proposed for "Werkbedrijf Midden"."""
    werkbedrijf = Company.objects.create(kvk_number="11112222", name="Werkbedrijf Midden")
    bakker = Company.objects.create(kvk_number="33334444", name="Bakkerij Midden")
    proposals = [
        propose(org, ledger, f"Midden Schoonmaak {n}", werkbedrijf, cents=1000 * n, score=82.0)
        for n in range(1, 6)
    ]
    big = propose(org, ledger, "Bakkerij Middenweg", bakker, cents=123456789, score=81.0)
    return werkbedrijf, bakker, proposals, big


def test_the_queue_comes_largest_spend_first_and_shows_the_spend(client_for, org, alice, midden):
    werkbedrijf, _bakker, _proposals, big = midden
    client = client_for(alice)
    page = client.get(reverse("spend:matches", args=[org.slug]))
    proposal = page.context["proposal"]
    # Lower score than the others, but the most spend: first.
    assert proposal.pk == big.pk
    assert proposal.spend == Decimal("1234567.89")
    assert proposal.line_count == 2
    assert "€\xa01.234.567,89" in page.content.decode()
    second = client.get(reverse("spend:matches", args=[org.slug]), {"skip": "1"}).context
    assert second["proposal"].supplier.name == "Midden Schoonmaak 5"
    assert second["proposal"].spend == Decimal("50.00")
    assert second["same_company"] == 5


def test_the_queue_counts_its_suppliers_in_the_readers_number_format(
    client_for, org, alice, midden
):
    Supplier.objects.bulk_create(
        Supplier(organisation=org, key=f"extra:{n}", name=f"Leverancier {n}") for n in range(1000)
    )
    page = client_for(alice).get(reverse("spend:matches", args=[org.slug])).content.decode()
    assert "0 van de 1.006 leveranciers zijn gekoppeld" in page


def test_the_list_filters_by_company_band_spend_and_text(client_for, org, alice, ledger, midden):
    werkbedrijf, bakker, proposals, big = midden
    propose(org, ledger, "Midden Groen", werkbedrijf, cents=700, score=95.0)
    client = client_for(alice)
    url = reverse("spend:match_list", args=[org.slug])

    def names(**params):
        page = client.get(url, params)
        assert page.status_code == 200
        return [p.supplier.name for p in page.context["proposals"]]

    assert names()[:3] == ["Bakkerij Middenweg", "Midden Schoonmaak 5", "Midden Schoonmaak 4"]
    assert len(names(company=werkbedrijf.pk)) == 6
    assert names(band="high") == ["Midden Groen"]
    assert names(min_spend="40") == [
        "Bakkerij Middenweg",
        "Midden Schoonmaak 5",
        "Midden Schoonmaak 4",
    ]
    assert names(min_spend="1.000") == ["Bakkerij Middenweg"]  # a Dutch thousands separator
    assert names(q="groen") == ["Midden Groen"]
    assert names(q="bakkerij midden") == ["Bakkerij Middenweg"]  # the company's name too
    # Nonsense is no filter, never an error.
    assert len(names(company="x", band="huge", min_spend="veel")) == 7
    page = client.get(url)
    assert page.context["total_spend"] == Decimal("1234567.89") + Decimal("157.00")
    top = page.context["companies"][0]
    assert (top["company"], top["count"], top["spend"]) == (werkbedrijf, 6, Decimal("157.00"))


def test_the_list_costs_the_same_queries_for_many_proposals(client_for, org, alice, ledger):
    company = Company.objects.create(kvk_number="11112222", name="Werkbedrijf Midden")
    client = client_for(alice)
    url = reverse("spend:match_list", args=[org.slug])

    def queries() -> int:
        client.get(url)  # the session and the like, once
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    for n in range(3):
        propose(org, ledger, f"Midden {n}", company, cents=100 + n)
    few = queries()
    for n in range(3, 120):
        propose(org, ledger, f"Midden {n}", company, cents=100 + n)
    many = queries()
    assert many == few
    assert many <= 12  # measured: 10


def test_reject_the_ticked_proposals(client_for, org, alice, midden):
    werkbedrijf, _bakker, proposals, big = midden
    client = client_for(alice)
    ticked = [proposals[0].pk, proposals[1].pk]
    response = client.post(
        reverse("spend:match_reject", args=[org.slug]),
        {"proposal": [str(pk) for pk in ticked], "band": "low"},
    )
    assert response.status_code == 302
    assert response.url == reverse("spend:match_list", args=[org.slug]) + "?band=low"
    states = dict(SupplierMatch.objects.values_list("pk", "state"))
    assert [states[pk] for pk in ticked] == ["rejected", "rejected"]
    assert states[proposals[2].pk] == states[big.pk] == "proposed"
    entries = AuditEntry.objects.filter(action="spend.match_rejected", actor=alice)
    assert sorted(int(e.object_id) for e in entries) == sorted(p.supplier_id for p in proposals[:2])
    assert SupplierMatch.objects.get(pk=ticked[0]).decided_by == alice


def test_reject_all_proposals_for_one_company_for_good(client_for, org, alice, midden):
    werkbedrijf, _bakker, proposals, big = midden
    client = client_for(alice)
    response = client.post(
        reverse("spend:match_reject", args=[org.slug]), {"company": str(werkbedrijf.pk)}
    )
    assert response.status_code == 302
    assert not SupplierMatch.objects.filter(company=werkbedrijf, state="proposed").exists()
    assert SupplierMatch.objects.get(pk=big.pk).state == "proposed"
    assert AuditEntry.objects.filter(action="spend.match_rejected").count() == 5
    # Remembered: matching again proposes none of these pairs.
    match_suppliers(organisation=org, actor="test")
    assert not SupplierMatch.objects.filter(company=werkbedrijf, state="proposed").exists()


def test_bulk_reject_is_for_reviewers_of_this_organisation_only(
    client_for, org, other_org, alice, bob, charlie, ledger, midden
):
    werkbedrijf, _bakker, proposals, _big = midden
    url = reverse("spend:match_reject", args=[org.slug])
    assert client_for(bob).post(url, {"company": werkbedrijf.pk}).status_code == 403
    assert client_for(charlie).post(url, {"company": werkbedrijf.pk}).status_code == 404
    assert client_for(charlie).get(reverse("spend:match_list", args=[org.slug])).status_code == (
        404
    )
    # Another organisation's proposal, or its company, is not found here.
    other_ledger = LedgerImport.objects.create(
        organisation=other_org, file_name="x", file_sha256="y"
    )
    company = Company.objects.create(kvk_number="55556666", name="Elders B.V.")
    theirs = propose(other_org, other_ledger, "Elders", company, cents=100)
    client = client_for(alice)
    assert client.post(url, {"proposal": [theirs.pk]}).status_code == 404
    assert client.post(url, {"company": company.pk}).status_code == 404
    assert SupplierMatch.objects.get(pk=theirs.pk).state == "proposed"
    assert SupplierMatch.objects.filter(state="proposed", organisation=org).count() == 6


def test_the_matching_job_says_what_it_changed(org, alice, django_capture_on_commit_callbacks):
    Company.objects.create(kvk_number="01234567", name="De Werkplaats B.V.")
    Company.objects.create(kvk_number="22334455", name="Bakkerij Jansen")
    Company.objects.create(kvk_number="22334466", name="Bakkerij Janssen")
    for key, name in (("1", "STG. DE WERKPLAATS"), ("2", "BAKKERIJ JANSENS"), ("3", "Xyzzy Qux")):
        Supplier.objects.create(organisation=org, key=key, name=name)
    with django_capture_on_commit_callbacks(execute=True):
        job = start_matching(actor=alice, organisation=org)
    job = Job.objects.get(pk=job.pk)
    assert (job.state, job.percent) == (Job.State.SUCCEEDED, 100)
    assert job.message == (
        "3 niet-gekoppelde leveranciers gematcht: 1 automatisch gekoppeld, 1 nieuwe voorstellen "
        "om te beoordelen, 1 ongewijzigd (geen kandidaat). 0 voorstellen die al klaarstonden "
        "zijn gelaten zoals ze waren."
    )
    again = start_matching(actor=alice, organisation=org)
    execute_job(again.pk)
    again.refresh_from_db()
    assert again.result == {
        "suppliers": 1,
        "auto": 0,
        "review": 0,
        "none": 1,
        "waiting": 1,
        "rechecked": 0,
        "questioned": 0,
    }
