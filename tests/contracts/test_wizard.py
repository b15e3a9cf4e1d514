"""The contract-register import wizard: upload, map, check as a job, review, commit as a job;
rejected rows shown with line and column and nothing written."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from impactinkoop.contracts.models import Contract, ContractImport
from impactinkoop.core.models import Job

pytestmark = pytest.mark.django_db

REGISTER = (
    b"Contractnummer;Omschrijving;Leverancier;Contractwaarde;Startdatum;Einddatum\n"
    b"C-1;Schoonmaak;Schoon B.V.;480.000,00;01-01-2024;31-12-2026\n"
    b"C-2;Koffie;Bonen & Co;36.250,50;01-03-2025;28-02-2027\n"
)


def upload(client, org, data=REGISTER, name="contracten.csv"):
    return client.post(
        reverse("contracts:import_start", args=[org.slug]),
        {"file": SimpleUploadedFile(name, data)},
    )


def test_the_wizard_from_upload_to_import(
    client_for, org, alice, django_capture_on_commit_callbacks
):
    client = client_for(alice)
    response = upload(client, org)
    batch = ContractImport.objects.get()
    assert response.url == reverse("contracts:import_mapping", args=[org.slug, batch.pk])
    assert batch.mapping["value"] == "Contractwaarde"
    assert "Bonen &amp; Co" in client.get(response.url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(response.url, {f"map_{k}": v for k, v in batch.mapping.items()})
    check = Job.objects.get(kind="contracts.check")
    assert check.state == Job.State.SUCCEEDED, check.message
    review = client.get(check.params["next_url"])
    assert review.context["summary"]["new"] == 2
    assert review.context["summary"]["total"] == "516250.50"
    assert not Contract.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("contracts:import_commit", args=[org.slug, batch.pk]))
    job = Job.objects.get(kind="contracts.import")
    assert job.state == Job.State.SUCCEEDED, job.message
    batch.refresh_from_db()
    assert batch.state == ContractImport.State.COMMITTED
    assert Contract.objects.filter(organisation=org, contract_import=batch).count() == 2


def test_rejected_rows_are_shown_and_block_the_import(
    client_for, org, alice, django_capture_on_commit_callbacks
):
    client = client_for(alice)
    upload(client, org, data=b"Omschrijving;Waarde\nGoed;100\nFout;honderd\n")
    batch = ContractImport.objects.get()
    url = reverse("contracts:import_mapping", args=[org.slug, batch.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {f"map_{k}": v for k, v in batch.mapping.items()})
    review = client.get(reverse("contracts:import_review", args=[org.slug, batch.pk]))
    body = review.content.decode()
    assert "honderd" in body and "geen bedrag in euro" in body
    client.post(reverse("contracts:import_commit", args=[org.slug, batch.pk]))
    assert not Job.objects.filter(kind="contracts.import").exists()
    assert not Contract.objects.exists()


def test_a_mapping_without_a_title_is_refused(client_for, org, alice):
    client = client_for(alice)
    upload(client, org)
    batch = ContractImport.objects.get()
    response = client.post(
        reverse("contracts:import_mapping", args=[org.slug, batch.pk]),
        {"map_value": "Contractwaarde"},
    )
    assert response.status_code == 400
    assert not Job.objects.exists()


def _export_of(organisation) -> bytes:
    from impactinkoop.contracts.ocds import export_package
    from impactinkoop.core.reference.ocds import package_json

    package = export_package(organisation, uri="https://example.org/ocds.json", extension_url="")
    return package_json(package).encode()


def test_an_ocds_package_goes_from_upload_to_import_without_a_mapping(
    client_for, org, other_org, alice, django_capture_on_commit_callbacks
):
    from .helpers import make_contract

    make_contract(other_org, "Schoonmaak", reference="C-SCH", awarded_value="1234567.89")
    make_contract(other_org, "Koffie", reference="C-KOF", awarded_value="36250.50")
    client = client_for(alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, org, data=_export_of(other_org), name="anderdorp.json")
    check = Job.objects.get(kind="contracts.check")
    assert response.url == reverse("portal:job", args=[org.slug, check.pk])
    assert check.state == Job.State.SUCCEEDED, check.message
    batch = ContractImport.objects.get()
    assert batch.is_ocds and batch.preview is None
    # The mapping step has nothing to show: it leads to the review.
    mapping = client.get(reverse("contracts:import_mapping", args=[org.slug, batch.pk]))
    assert mapping.url == reverse("contracts:import_review", args=[org.slug, batch.pk])
    review = client.get(check.params["next_url"])
    assert review.context["summary"]["new"] == 2
    assert review.context["summary"]["total"] == "1270818.39"
    body = review.content.decode()
    assert "Kolommen koppelen" not in body and mapping.url.replace("review", "mapping") not in body
    assert not Contract.objects.filter(organisation=org).exists()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("contracts:import_commit", args=[org.slug, batch.pk]))
    job = Job.objects.get(kind="contracts.import")
    assert job.state == Job.State.SUCCEEDED, job.message
    assert sorted(
        Contract.objects.filter(organisation=org).values_list("reference", "awarded_value")
    ) == [("C-KOF", Decimal("36250.50")), ("C-SCH", Decimal("1234567.89"))]


@pytest.mark.parametrize(
    "content, words",
    [
        (b"{not json", "geen geldige JSON"),
        (b'{"releases": 3}', "geen OCDS"),
        (b'{"something": []}', "geen OCDS"),
    ],
)
def test_a_json_file_that_is_not_ocds_fails_its_check_with_the_reason(
    client_for, org, alice, django_capture_on_commit_callbacks, content, words
):
    client = client_for(alice)
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, org, data=content, name="slecht.json")
    batch = ContractImport.objects.get()
    assert batch.state == ContractImport.State.FAILED
    review = client.get(reverse("contracts:import_review", args=[org.slug, batch.pk]))
    assert words in review.content.decode()
    assert not Contract.objects.exists()


@pytest.mark.parametrize(
    "content, words",
    [(b"", "is leeg"), (b"PK\x03\x04 a spreadsheet", "geen JSON"), (b"<html>", "geen JSON")],
)
def test_an_upload_that_is_no_json_at_all_is_refused_at_the_field(
    client_for, org, alice, content, words
):
    response = upload(client_for(alice), org, data=content, name="register.json")
    assert response.status_code == 400
    assert words in " ".join(response.context["form"].errors["file"])
    assert not ContractImport.objects.exists() and not Job.objects.exists()


def test_a_json_file_above_the_limit_is_refused_at_the_field(client_for, org, alice, settings):
    settings.OCDS_IMPORT_MAX_BYTES = 1000
    response = upload(client_for(alice), org, data=b"{" + b" " * 2000 + b"}", name="groot.json")
    assert response.status_code == 400
    assert "MB" in " ".join(response.context["form"].errors["file"])
    assert not ContractImport.objects.exists()
