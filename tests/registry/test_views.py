"""The register in the browser: list and filters, company page, manual entry with reasons, the
policy page and the import wizard."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from impactinkoop.accounts.roles import Role
from impactinkoop.core.models import AuditEntry, Job, StoredFile
from impactinkoop.registry.models import Company, Qualification, RegisterImport, RegisterPolicy
from impactinkoop.registry.sources import Level, Source

from ..factories import make_member

TODAY = timezone.localdate()


@pytest.fixture
def register(db):
    soon = Company.objects.create(
        kvk_number="00000001",
        name="Binnenkort Verlopen B.V.",
        labour_market_region="Twente",
        city="Enschede",
    )
    Qualification.objects.create(
        company=soon,
        source=Source.PSO,
        level=Level.PSO_30,
        valid_from=TODAY - timedelta(days=300),
        valid_until=TODAY + timedelta(days=20),
    )
    aspirant = Company.objects.create(kvk_number="00000002", name="Aspirant Catering")
    Qualification.objects.create(
        company=aspirant,
        source=Source.PSO,
        level=Level.PSO_ASPIRANT,
        valid_from=TODAY - timedelta(days=10),
    )
    Company.objects.create(name="Werkbedrijf Zonder Nummer")
    plain = Company.objects.create(kvk_number="00000004", name="Gewoon Bedrijf")
    return {"soon": soon, "aspirant": aspirant, "plain": plain}


def names(response):
    return [company.name for company in response.context["page"]]


def test_list_filters(client_for, org, bob, register):
    client = client_for(bob)
    url = reverse("registry:companies", args=[org.slug])
    assert len(names(client.get(url))) == 4
    assert names(client.get(url, {"expiring": "on"})) == ["Binnenkort Verlopen B.V."]
    assert names(client.get(url, {"level": "pso_aspirant"})) == ["Aspirant Catering"]
    assert names(client.get(url, {"counts": "yes"})) == ["Binnenkort Verlopen B.V."]
    assert names(client.get(url, {"candidates": "on"})) == ["Werkbedrijf Zonder Nummer"]
    assert names(client.get(url, {"region": "Twente"})) == ["Binnenkort Verlopen B.V."]
    assert names(client.get(url, {"q": "00000002"})) == ["Aspirant Catering"]
    assert names(client.get(url, {"q": "catering bv"})) == ["Aspirant Catering"]
    assert names(client.get(url, {"q": "bestaat niet"})) == []
    assert names(client.get(url, {"q": "aspirant"})) == ["Aspirant Catering"]
    later = (TODAY + timedelta(days=30)).isoformat()
    assert names(client.get(url, {"valid_on": later, "source": "pso"})) == ["Aspirant Catering"]


def test_list_query_count_does_not_grow_with_companies(
    client_for, org, bob, register, django_assert_max_num_queries
):
    client = client_for(bob)
    url = reverse("registry:companies", args=[org.slug])
    for number in range(30):
        company = Company.objects.create(kvk_number=f"1000{number:04d}", name=f"Extra {number}")
        Qualification.objects.create(company=company, source=Source.SE_NL, valid_from=TODAY)
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert response.status_code == 200
    assert len(names(response)) == 4 + 30


def test_company_page_explains_the_verdict_and_checks_other_dates(client_for, org, bob, register):
    client = client_for(bob)
    url = reverse("registry:company", args=[org.slug, register["soon"].pk])
    page = client.get(url).content.decode()
    assert "Sociale onderneming voor ons" in page and "PSO 30+" in page
    later = (TODAY + timedelta(days=40)).isoformat()
    page = client.get(url, {"on": later}).content.decode()
    assert "Geen sociale onderneming voor ons" in page and "verlopen op" in page


def test_coordinator_adds_a_company_with_a_reason(client_for, org):
    coordinator = make_member(org, "coordinator@voorbeeldstad.example", Role.COORDINATOR)
    response = client_for(coordinator).post(
        reverse("registry:company_create", args=[org.slug]),
        {
            "kvk_number": "0123 4567",
            "name": "De Nieuwe Werkplaats",
            "website": "werkplaats.nl",
            "reason": "Aangemeld bij het inkoopspreekuur",
        },
    )
    company = Company.objects.get(kvk_number="01234567")
    assert response.url == reverse("registry:company", args=[org.slug, company.pk])
    assert company.website == "https://werkplaats.nl"
    assert company.added_by_organisation == org
    entry = AuditEntry.objects.get(action="register.company_created")
    assert entry.after["reason"] == "Aangemeld bij het inkoopspreekuur"


def test_a_company_without_reason_or_with_a_bad_kvk_is_refused(client_for, org, alice):
    response = client_for(alice).post(
        reverse("registry:company_create", args=[org.slug]),
        {"kvk_number": "123", "name": "X", "reason": ""},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "precies 8 cijfers" in body and "Dit veld is verplicht" in body
    assert not Company.objects.exists()


def test_shared_companies_are_edited_by_platform_administrators_only(
    client_for, org, alice, register
):
    url = reverse("registry:company_edit", args=[org.slug, register["plain"].pk])
    assert client_for(alice).get(url).status_code == 403
    alice.is_staff = True
    alice.save()
    response = client_for(alice).post(
        url, {"kvk_number": "00000004", "name": "Gewoon Bedrijf BV", "reason": "statutaire naam"}
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="register.company_updated")
    assert entry.before == {"name": "Gewoon Bedrijf"}
    assert entry.after == {"name": "Gewoon Bedrijf BV", "reason": "statutaire naam"}


def test_own_judgement_with_evidence(client_for, org, alice, register):
    url = reverse("registry:qualification_create", args=[org.slug, register["plain"].pk])
    pdf = SimpleUploadedFile("brief.pdf", b"%PDF-1.4 erkenning", content_type="application/pdf")
    response = client_for(alice).post(
        url,
        {
            "source": "own_judgement",
            "valid_from": TODAY.isoformat(),
            "reason": "Leerwerkbedrijf",
            "evidence_upload": pdf,
        },
    )
    assert response.status_code == 302
    qualification = Qualification.objects.get(company=register["plain"])
    assert (qualification.organisation, qualification.verified_by) == (org, alice)
    assert StoredFile.objects.get().organisation == org
    evidence = client_for(alice).get(
        reverse("registry:evidence", args=[org.slug, qualification.pk])
    )
    assert evidence["Content-Type"] == "application/pdf"
    assert evidence.content == b"%PDF-1.4 erkenning"


@pytest.mark.parametrize(
    "upload,message",
    [
        (SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf"), "geen PDF-, PNG- of JPEG"),
        (SimpleUploadedFile("groot.pdf", b"%PDF" + b"0" * 11_000_000), "hoogstens 10 MB"),
    ],
)
def test_evidence_is_checked_for_type_and_size(upload, message, client_for, org, alice, register):
    url = reverse("registry:qualification_create", args=[org.slug, register["plain"].pk])
    response = client_for(alice).post(
        url,
        {
            "source": "own_judgement",
            "valid_from": TODAY.isoformat(),
            "reason": "x",
            "evidence_upload": upload,
        },
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Qualification.objects.filter(company=register["plain"]).exists()
    assert not StoredFile.objects.exists()


def test_qualification_form_checks_levels_and_reasons(client_for, org, alice, register):
    url = reverse("registry:qualification_create", args=[org.slug, register["plain"].pk])
    response = client_for(alice).post(
        url, {"source": "pso", "valid_from": TODAY.isoformat(), "reason": "certificaat gezien"}
    )
    assert "Kies het niveau bij deze bron" in response.content.decode()
    response = client_for(alice).post(
        url,
        {"source": "regional", "level": "erkend", "valid_from": TODAY.isoformat(), "reason": "x"},
    )
    assert "heeft een regio nodig" in response.content.decode()
    response = client_for(alice).post(
        url, {"source": "own_judgement", "valid_from": TODAY.isoformat()}
    )
    assert "geschreven reden" in response.content.decode()
    assert not Qualification.objects.filter(company=register["plain"]).exists()


def test_ending_an_own_qualification_keeps_its_history(client_for, org, alice, register):
    own = Qualification.objects.create(
        company=register["plain"],
        organisation=org,
        source=Source.OWN_JUDGEMENT,
        reason="x",
        valid_from=date(2025, 1, 1),
    )
    client_for(alice).post(
        reverse("registry:qualification_edit", args=[org.slug, own.pk]),
        {"valid_until": "2025-12-31", "change_reason": "Geen statushouders meer"},
    )
    own.refresh_from_db()
    assert own.valid_until == date(2025, 12, 31)
    entry = AuditEntry.objects.get(action="register.qualification_changed")
    assert entry.after == {"valid_until": "2025-12-31", "reason": "Geen statushouders meer"}


def test_public_qualifications_cannot_be_changed_by_organisations(client_for, org, alice, register):
    public = register["soon"].qualifications.get()
    url = reverse("registry:qualification_edit", args=[org.slug, public.pk])
    assert (
        client_for(alice).post(url, {"valid_until": "2026-01-01", "change_reason": "x"}).status_code
        == 403
    )
    public.refresh_from_db()
    assert public.valid_until == TODAY + timedelta(days=20)


def test_policy_is_chosen_by_coordinators_and_read_by_everyone(
    client_for, org, alice, bob, register
):
    url = reverse("registry:policy", args=[org.slug])
    assert client_for(bob).post(url, {"accepted": ["pso:pso_aspirant"]}).status_code == 403
    assert not RegisterPolicy.objects.exists()
    assert "PSO 30+" in client_for(bob).get(url).content.decode()
    client_for(alice).post(url, {"accepted": ["pso:pso_aspirant", "code_so:"]})
    assert RegisterPolicy.objects.get(organisation=org).accepted == ["code_so:", "pso:pso_aspirant"]
    entry = AuditEntry.objects.get(action="register.policy_changed")
    assert entry.after == {"accepted": ["code_so:", "pso:pso_aspirant"]}


PSO_FILE = (
    b"KvK-nummer;Bedrijfsnaam;Plaats;Trede\n"
    b"01234567;De Werkplaats B.V.;Utrecht;Trede 2\n"
    b"07654321;Groen & Zo;Zeist;PSO 30+\n"
)


def upload(client, org, data=PSO_FILE, name="pso.csv", **fields):
    return client.post(
        reverse("registry:import_start", args=[org.slug]),
        {"file": SimpleUploadedFile(name, data), "source": "pso", **fields},
    )


def test_the_wizard_from_upload_to_import(
    client_for, org, alice, django_capture_on_commit_callbacks
):
    client = client_for(alice)
    response = upload(client, org)
    register_import = RegisterImport.objects.get()
    assert response.url == reverse("registry:import_mapping", args=[org.slug, register_import.pk])
    assert register_import.mapping["kvk_number"] == "KvK-nummer"

    page = client.get(response.url).content.decode()
    assert "Groen &amp; Zo" in page and "utf-8" in page

    mapping = {f"map_{k}": v for k, v in register_import.mapping.items()}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(response.url, mapping)
    check = Job.objects.get(kind="register.check")
    assert response.url == reverse("portal:job", args=[org.slug, check.pk])  # checked in the worker
    assert check.state == Job.State.SUCCEEDED, check.message
    assert check.params["next_url"].endswith("/review/")
    review = client.get(check.params["next_url"])
    assert review.context["summary"]["new"] == 2
    assert not Company.objects.exists()  # nothing written before the commit

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("registry:import_commit", args=[org.slug, register_import.pk])
        )
    job = Job.objects.get(kind="register.import")
    assert response.url == reverse("portal:job", args=[org.slug, job.pk])
    assert job.state == Job.State.SUCCEEDED
    register_import.refresh_from_db()
    assert register_import.state == RegisterImport.State.COMMITTED
    assert Qualification.objects.filter(organisation=org).count() == 2  # own, not public


def test_the_wizard_shows_rejected_rows_and_blocks(
    client_for, org, alice, django_capture_on_commit_callbacks
):
    client = client_for(alice)
    upload(client, org, data=b"KvK;Naam;Trede\n01234567;Goed;trede 1\n12ab;Fout;trede 1\n")
    register_import = RegisterImport.objects.get()
    url = reverse("registry:import_mapping", args=[org.slug, register_import.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {f"map_{k}": v for k, v in register_import.mapping.items()})
    review = client.get(reverse("registry:import_review", args=[org.slug, register_import.pk]))
    body = review.content.decode()
    assert "12ab" in body and "kan nog niets worden geïmporteerd" in body
    response = client.post(reverse("registry:import_commit", args=[org.slug, register_import.pk]))
    assert response.status_code == 302
    assert not Job.objects.filter(kind="register.import").exists()
    assert not Company.objects.exists()


@pytest.mark.parametrize(
    "data,name,message",
    [
        (b"", "leeg.csv", "Het verstuurde bestand is leeg"),
        (b"naam\x00\x00\x01", "register.csv", "binaire gegevens"),
        (b"naam;kvk\n\x81\x8d\n", "register.csv", "bekende tekenset"),
        (b"MZ\x90\x00", "register.exe", "geen CSV- of spreadsheetbestand"),
        (b"PK\x03\x04kapot", "register.xlsx", "geen leesbaar spreadsheet"),
    ],
)
def test_bad_files_are_refused_at_upload_with_a_reason(data, name, message, client_for, org, alice):
    response = upload(client_for(alice), org, data=data, name=name)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not RegisterImport.objects.exists() and not StoredFile.objects.exists()


def test_oversized_upload_is_refused(client_for, org, alice, settings):
    settings.REGISTER_IMPORT_MAX_BYTES = 1000
    response = upload(client_for(alice), org, data=b"naam\n" + b"x" * 2000 + b"\n")
    assert response.status_code == 400
    assert "de limiet is 0 MB" in response.content.decode()
    assert not StoredFile.objects.exists()


def test_public_import_needs_a_platform_administrator(client_for, org, alice):
    client = client_for(alice)
    upload(client, org, public="on")
    assert RegisterImport.objects.get().organisation == org  # the box is not offered
    alice.is_staff = True
    alice.save()
    upload(client, org, public="on")
    assert RegisterImport.objects.filter(organisation=None).count() == 1


def test_a_second_click_on_import_is_told_the_file_is_already_being_imported(
    client_for, org, alice, django_capture_on_commit_callbacks
):
    client = client_for(alice)
    upload(client, org)
    register_import = RegisterImport.objects.get()
    url = reverse("registry:import_mapping", args=[org.slug, register_import.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {f"map_{k}": v for k, v in register_import.mapping.items()})
    commit = reverse("registry:import_commit", args=[org.slug, register_import.pk])
    with django_capture_on_commit_callbacks() as queued:
        client.post(commit)
        second = client.post(commit)
    assert "Dit bestand wordt al geïmporteerd." in client.get(second.url).content.decode()
    assert Job.objects.filter(kind="register.import").count() == 1 and len(queued) == 1
    queued[0]()
    register_import.refresh_from_db()
    assert register_import.state == RegisterImport.State.COMMITTED
    assert Qualification.objects.filter(organisation=org).count() == 2


def test_a_register_check_whose_worker_died_can_be_tried_again(
    client_for, org, alice, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    from impactinkoop.core.background import reap_expired_jobs

    client = client_for(alice)
    upload(client, org)
    register_import = RegisterImport.objects.get()
    url = reverse("registry:import_mapping", args=[org.slug, register_import.pk])
    with django_capture_on_commit_callbacks():  # queued, and the worker dies on it
        client.post(url, {f"map_{k}": v for k, v in register_import.mapping.items()})
    job = Job.objects.get(kind="register.check")
    Job.objects.filter(pk=job.pk).update(
        state=Job.State.RUNNING, lease_expires_at=timezone.now() - timedelta(seconds=1)
    )
    reap_expired_jobs()
    review = client.get(reverse("registry:import_review", args=[org.slug, register_import.pk]))
    assert "Opnieuw proberen" in review.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("portal:job_retry", args=[org.slug, job.pk]))
    register_import.refresh_from_db()
    assert (register_import.state, register_import.summary["new"]) == (
        RegisterImport.State.CHECKED,
        2,
    )
