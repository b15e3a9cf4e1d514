"""The social-return import wizard: the same files as `import_sroi`, on the same ImportKind;
upload, map, check as a job, review, commit as a job; a bad file is shown line by line and
nothing is written; only who may manage social return may import."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from impactinkoop.accounts.roles import Role
from impactinkoop.core.models import Job
from impactinkoop.sroi.models import Obligation, Realisation, SroiImport
from tests.factories import make_member

pytestmark = pytest.mark.django_db
FILES = Path(__file__).parent / "files"


@pytest.fixture
def officer(org):
    return make_member(org, "priya@voorbeeldstad.example", Role.SROI_OFFICER)


def upload(client, org, name):
    return client.post(
        reverse("sroi:import_start", args=[org.slug]),
        {"file": SimpleUploadedFile(name, (FILES / name).read_bytes())},
    )


def test_the_wizard_from_upload_to_import(
    client_for,
    org,
    officer,
    contracts,
    django_capture_on_commit_callbacks,
):
    client = client_for(officer)
    listing = client.get(reverse("sroi:obligations", args=[org.slug])).content.decode()
    assert reverse("sroi:import_start", args=[org.slug]) in listing
    response = upload(client, org, "sroi_good.csv")
    batch = SroiImport.objects.get()
    assert response.url == reverse("sroi:import_mapping", args=[org.slug, batch.pk])
    assert batch.mapping["contract"] == "Contractnummer"
    assert batch.mapping["table"] == "Tabel"
    assert "Inkopen bij sociale bedrijven" in client.get(response.url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(response.url, {f"map_{k}": v for k, v in batch.mapping.items()})
    check = Job.objects.get(kind="sroi.check")
    assert check.state == Job.State.SUCCEEDED, check.message
    review = client.get(check.params["next_url"])
    summary = review.context["summary"]
    assert (summary["obligations_new"], summary["new"], summary["warnings"]) == (2, 3, 1)
    assert "Nieuwe verplichtingen" in review.content.decode()
    assert not Obligation.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("sroi:import_commit", args=[org.slug, batch.pk]))
    job = Job.objects.get(kind="sroi.import")
    assert job.state == Job.State.SUCCEEDED, job.message
    batch.refresh_from_db()
    assert batch.state == SroiImport.State.COMMITTED
    assert Obligation.objects.count() == 2
    assert Realisation.objects.count() == 3


def test_a_bad_file_is_shown_line_by_line_and_nothing_is_written(
    client_for,
    org,
    officer,
    contracts,
    django_capture_on_commit_callbacks,
):
    client = client_for(officer)
    upload(client, org, "sroi_bad.csv")
    batch = SroiImport.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("sroi:import_mapping", args=[org.slug, batch.pk]),
            {f"map_{k}": v for k, v in batch.mapping.items()},
        )
    review = client.get(reverse("sroi:import_review", args=[org.slug, batch.pk]))
    assert [row["line"] for row in review.context["summary"]["errors"]] == [2, 3, 4, 5, 6, 7]
    body = review.content.decode()
    assert "123456782" not in body
    client.post(reverse("sroi:import_commit", args=[org.slug, batch.pk]))
    assert not Job.objects.filter(kind="sroi.import").exists()
    assert not Obligation.objects.exists() and not Realisation.objects.exists()


def test_a_mapping_without_the_contract_number_is_refused(client_for, org, officer, contracts):
    client = client_for(officer)
    upload(client, org, "sroi_good.csv")
    batch = SroiImport.objects.get()
    response = client.post(
        reverse("sroi:import_mapping", args=[org.slug, batch.pk]), {"map_table": "Tabel"}
    )
    assert response.status_code == 400
    assert not Job.objects.filter(kind="sroi.check").exists()


@pytest.mark.parametrize("role", [Role.VIEWER, Role.BUYER])
def test_only_who_manages_social_return_imports(client_for, org, role):
    member = make_member(org, "anne@voorbeeldstad.example", role)
    response = client_for(member).get(reverse("sroi:import_start", args=[org.slug]))
    assert response.status_code == 403
