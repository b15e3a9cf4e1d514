"""The register import asks from which date its qualifications hold: a register imported without
one holds from the day of the import, so a baseline of last year found no social enterprise."""

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from impactinkoop.registry.models import Qualification, RegisterImport

PSO_FILE = b"KvK-nummer;Bedrijfsnaam;Trede\n01234567;De Werkplaats B.V.;Trede 2\n"


def upload_and_check(client, org, capture, **mapping_fields):
    client.post(
        reverse("registry:import_start", args=[org.slug]),
        {"file": SimpleUploadedFile("pso.csv", PSO_FILE), "source": "pso"},
    )
    register_import = RegisterImport.objects.get()
    url = reverse("registry:import_mapping", args=[org.slug, register_import.pk])
    page = client.get(url).content.decode()
    form = {f"map_{k}": v for k, v in register_import.mapping.items()} | mapping_fields
    with capture(execute=True):
        client.post(url, form)
    return register_import, page


def test_the_mapping_step_asks_for_the_date_and_the_check_states_it(
    client_for, org, alice, django_capture_on_commit_callbacks
):
    client = client_for(alice)
    register_import, page = upload_and_check(
        client, org, django_capture_on_commit_callbacks, valid_from="2024-01-01"
    )
    assert 'name="valid_from"' in page
    register_import.refresh_from_db()
    assert register_import.valid_from == date(2024, 1, 1)
    review = client.get(reverse("registry:import_review", args=[org.slug, register_import.pk]))
    text = " ".join(review.content.decode().split())
    assert "Kwalificaties zonder eigen datum in het bestand gelden vanaf 1 januari 2024." in text
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("registry:import_commit", args=[org.slug, register_import.pk]))
    assert Qualification.objects.get().valid_from == date(2024, 1, 1)


def test_without_a_date_the_check_warns_that_earlier_baselines_will_not_count_them(
    client_for, org, alice, django_capture_on_commit_callbacks
):
    client = client_for(alice)
    register_import, _page = upload_and_check(client, org, django_capture_on_commit_callbacks)
    review = client.get(reverse("registry:import_review", args=[org.slug, register_import.pk]))
    text = " ".join(review.content.decode().split())
    today = timezone.localdate()
    assert (
        f"Kwalificaties zonder eigen datum in het bestand gelden vanaf vandaag ({today.day} "
    ) in text
    assert "Nulmetingen van eerdere jaren tellen ze dan niet mee." in text
    assert review.context["summary"]["default_valid_from"] == today.isoformat()
