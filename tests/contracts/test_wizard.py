"""The contract-register import wizard: upload, map, check as a job, review, commit as a job;
rejected rows shown with line and column and nothing written."""

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
