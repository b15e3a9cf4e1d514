"""The ledger import wizard through the pages: upload, map, check, import, delete."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from impactinkoop.core.models import Job, StoredFile
from impactinkoop.registry.models import Company
from impactinkoop.spend.models import LedgerImport, LedgerLine, LedgerMapping, Supplier

from ..shared_data import needs_shared
from .test_importing import BRADFORD, LEDGER

LEDGER_BYTES = LEDGER.encode()


def upload(client, org, data=LEDGER_BYTES, name="grootboek.csv"):
    return client.post(
        reverse("spend:imports", args=[org.slug]), {"file": SimpleUploadedFile(name, data)}
    )


def test_the_wizard_from_upload_to_import(
    client_for, org, alice, django_capture_on_commit_callbacks
):
    client = client_for(alice)
    response = upload(client, org)
    ledger_import = LedgerImport.objects.get()
    detail = reverse("spend:import", args=[org.slug, ledger_import.pk])
    assert response.url == detail
    page = client.get(detail).content.decode()
    assert "DE WERKPLAATS B.V." in page and "Alle regels controleren" in page

    form = {f"map_{k}": v for k, v in ledger_import.mapping.items()}
    form.update({"decimal": "auto", "date_format": "auto", "save_as": "Financieel systeem"})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(detail, form)
    job = Job.objects.get(kind="spend.check")
    assert response.url == reverse("portal:job", args=[org.slug, job.pk])
    assert job.state == Job.State.SUCCEEDED, job.message
    ledger_import.refresh_from_db()
    assert ledger_import.state == LedgerImport.State.CHECKED
    assert ledger_import.summary["imported"] == 4
    assert not LedgerLine.objects.exists()  # checked, not written
    assert LedgerMapping.objects.get().mapping["amount"] == "Bedrag"
    assert "4 regels importeren" in client.get(detail).content.decode()

    werkplaats = Company.objects.create(kvk_number="01234567", name="Stichting De Werkplaats")
    jansen = Company.objects.create(name="Jansen en Zn. V.O.F.")  # no KvK: found by name
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("spend:import_commit", args=[org.slug, ledger_import.pk]))
    ledger_import.refresh_from_db()
    assert ledger_import.state == LedgerImport.State.COMMITTED
    assert LedgerLine.objects.count() == 4
    assert ledger_import.total_cents == 123456 - 10000 + 5000 + 5000
    # The import links its suppliers to the register straight away: by KvK, then by name.
    assert Supplier.objects.get(name="DE WERKPLAATS B.V.").company == werkplaats
    assert ledger_import.summary["matching"]["auto"] == 1
    assert Supplier.objects.get(name="Jansen & Zn").company == jansen
    assert "Gekoppeld aan het register na de import" in client.get(detail).content.decode()

    suppliers = client.get(reverse("spend:suppliers", args=[org.slug])).content.decode()
    assert "DE WERKPLAATS B.V." in suppliers

    client.post(reverse("spend:import_delete", args=[org.slug, ledger_import.pk]))
    assert not LedgerLine.objects.exists() and not StoredFile.objects.exists()
    ledger_import.refresh_from_db()
    assert (ledger_import.state, ledger_import.file) == (LedgerImport.State.DELETED, None)
    imports = client.get(reverse("spend:imports", args=[org.slug])).content.decode()
    assert "grootboek.csv" not in imports
    assert Supplier.objects.count() == 2


def test_a_mapping_without_amount_is_refused_when_checked(
    client_for, org, alice, django_capture_on_commit_callbacks
):
    client = client_for(alice)
    upload(client, org)
    ledger_import = LedgerImport.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("spend:import", args=[org.slug, ledger_import.pk]),
            {
                "map_supplier_name": "Crediteur",
                "map_invoice_date": "Factuurdatum",
                "decimal": "auto",
                "date_format": "auto",
            },
        )
    job = Job.objects.get()
    assert job.state == Job.State.FAILED
    assert "koppel een kolom aan het bedrag" in job.message
    ledger_import.refresh_from_db()
    assert ledger_import.state == LedgerImport.State.FAILED
    assert not LedgerLine.objects.exists()


@pytest.mark.parametrize(
    "data,name,message",
    [
        (b"", "leeg.csv", "Het verstuurde bestand is leeg"),
        (b"\x00\x00\x01garbage", "x.csv", "binaire gegevens"),
        (b"Crediteur;Bedrag\n\x81\x8d;1\n", "x.csv", "bekende tekenset"),
        (b"MZ\x90\x00", "x.exe", "geen CSV- of spreadsheetbestand"),
        (b"PK\x03\x04kapot", "x.xlsx", "geen leesbaar spreadsheet"),
    ],
)
def test_bad_uploads_are_refused_and_nothing_is_stored(data, name, message, client_for, org, alice):
    response = upload(client_for(alice), org, data=data, name=name)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not LedgerImport.objects.exists() and not StoredFile.objects.exists()


def test_oversized_upload_is_refused(client_for, org, alice, settings):
    settings.LEDGER_IMPORT_MAX_BYTES = 100
    response = upload(client_for(alice), org)
    assert response.status_code == 400
    assert "limiet" in response.content.decode()
    assert not StoredFile.objects.exists()


def test_only_coordinators_and_admins_import(client_for, org, bob):
    assert upload(client_for(bob), org).status_code == 403
    assert not LedgerImport.objects.exists()
    assert client_for(bob).get(reverse("spend:suppliers", args=[org.slug])).status_code == 200


@needs_shared(BRADFORD)
def test_a_real_council_ledger_through_the_wizard(
    client_for, org, alice, django_capture_on_commit_callbacks
):
    client = client_for(alice)
    upload(client, org, data=BRADFORD.read_bytes(), name=BRADFORD.name)
    ledger_import = LedgerImport.objects.get()
    detail = reverse("spend:import", args=[org.slug, ledger_import.pk])
    page = client.get(detail).content.decode()
    assert "Gelezen als windows-1252" in page
    form = {f"map_{k}": v for k, v in ledger_import.mapping.items()}
    form.update({"decimal": "auto", "date_format": "auto"})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(detail, form)
    ledger_import.refresh_from_db()
    assert ledger_import.summary["total"] == "44168698.41"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("spend:import_commit", args=[org.slug, ledger_import.pk]))
    ledger_import.refresh_from_db()
    assert ledger_import.total_cents == 4416869841
    assert ledger_import.rows_imported == 10187


def test_supplier_list_sorts_by_total_with_a_fixed_number_of_queries(
    client_for, org, alice, django_assert_max_num_queries
):
    from .test_importing import import_text

    import_text(org, LEDGER)
    client = client_for(alice)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("spend:suppliers", args=[org.slug]))
    names = [supplier.name for supplier in response.context["suppliers"]]
    assert names == ["DE WERKPLAATS B.V.", "Jansen & Zn"]
    assert response.context["suppliers"][0].total == 123456 - 10000
    linked = client.get(reverse("spend:suppliers", args=[org.slug]), {"linked": "no"})
    assert len(linked.context["suppliers"]) == 2
