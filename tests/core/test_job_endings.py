"""Every job ends with its bar at 100 % and a sentence saying what it did (issue 15, item 13):
the check of a ledger said "Klaar" with its bar at 50 %."""

import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from impactinkoop.api.services import create_token
from impactinkoop.contracts.models import Contract, ContractImport
from impactinkoop.core import background
from impactinkoop.core.background import JobProgress, execute_job, job_handler, start_job
from impactinkoop.core.imports import lifecycle
from impactinkoop.core.imports.reader import read_rows
from impactinkoop.core.models import Job
from impactinkoop.core.tabular import Limits
from impactinkoop.portal.jobs import AUDIT_EXPORT
from impactinkoop.registry.models import Company, RegisterImport
from impactinkoop.spend.baseline.line_exports import select_lines, start_lines_export
from impactinkoop.spend.changes import refresh_later
from impactinkoop.spend.models import LedgerImport
from impactinkoop.spend.services import start_matching
from impactinkoop.sroi.importing import SROI_IMPORTS
from impactinkoop.sroi.rules import load_shipped

LEDGER = (
    "Crediteurnummer;Crediteur;KvK-nummer;Factuurnummer;Factuurdatum;Bedrag;Kostenplaats;Afdeling;"
    "Omschrijving;Inkooppakket\n"
    "1001;DE WERKPLAATS B.V.;01234567;F1;15-01-2025;1.234,56;4000;Ruimte;Onderhoud;Groen\n"
    "1002;Jansen & Zn;;F3;20-02-2025;50,00;4010;Bedrijfsvoering;Koffie;Catering\n"
    "1003;Onbekend;;F4;21-02-2025;;4010;Bedrijfsvoering;Koffie;Catering\n"
)
PSO_FILE = (
    b"KvK-nummer;Bedrijfsnaam;Plaats;Trede\n"
    b"01234567;De Werkplaats B.V.;Utrecht;Trede 2\n"
    b"07654321;Groen & Zo;Zeist;PSO 30+\n"
)
SROI = (
    b"Contractnummer;Tabel;Soort;Bouwblok;Deelnemerscode;Uren per week;Startdatum;Einddatum\n"
    b"SR-1;utrecht-current;plaatsing;Participatiewet;SR-24-AB12;24;01-01-2025;31-08-2025\n"
)
CONTRACTS = b"Contractnummer;Omschrijving;Contractwaarde\nC-1;Schoonmaak;1000\nC-2;Koffie;50\n"

# What each kind says when it is done; a new kind must say what it did too.
ENDINGS = {
    "spend.check": "3 regels gecontroleerd: 2 kunnen worden geïmporteerd, 0 zijn al eerder "
    "geïmporteerd, 1 hebben fouten.",
    "spend.import": "2 nieuwe regels geïmporteerd, 0 overgeslagen omdat ze al eerder zijn "
    "geïmporteerd, 1 met fouten. Hierna worden de leveranciers gekoppeld.",
    "spend.after_import": "0 leveranciers gekoppeld, 0 te beoordelen; cijfers bijgewerkt",
    "spend.match": "1 niet-gekoppelde leveranciers gematcht: 0 automatisch gekoppeld, 0 nieuwe "
    "voorstellen om te beoordelen, 1 ongewijzigd (geen kandidaat). 0 voorstellen die al "
    "klaarstonden zijn gelaten zoals ze waren.",
    "spend.lines_export": "2 regels weggeschreven",
    "spend.refresh": "Uitgavencijfers bijgewerkt",
    "register.check": "2 rijen gecontroleerd: 1 nieuw, 1 gewijzigd, 0 ongewijzigd, 0 met fouten.",
    "register.import": "2 rijen geïmporteerd: 1 nieuwe bedrijven, 1 gewijzigd, 0 ongewijzigd, "
    "0 kwalificaties beëindigd.",
    "contracts.check": "2 rijen gecontroleerd: 2 nieuw, 0 gewijzigd, 0 ongewijzigd, 0 met fouten.",
    "contracts.import": "2 rijen geïmporteerd: 2 nieuwe contracten, 0 gewijzigd, 0 ongewijzigd.",
    "sroi.check": "1 regels gecontroleerd: 1 nieuwe realisaties, 0 ongewijzigd, 0 met fouten.",
    "sroi.import": "1 regels geïmporteerd: 1 nieuwe verplichtingen, 1 nieuwe realisaties, "
    "0 ongewijzigd.",
    "api.ledger_push": "3 regels gecontroleerd: 2 kunnen worden geïmporteerd, 0 zijn al eerder "
    "geïmporteerd, 1 hebben fouten. De import van de nieuwe regels staat in de wachtrij.",
    "audit.export": None,  # its count depends on what the other jobs logged: checked below
}


def test_every_kind_of_job_ends_at_100_percent_saying_what_it_did(
    client_for, org, alice, django_capture_on_commit_callbacks
):
    assert set(ENDINGS) == set(background._KINDS)  # every kind is run here
    client = client_for(alice)
    Company.objects.create(kvk_number="01234567", name="De Werkplaats B.V.")
    # A ledger: upload, check, import (and the linking that follows it).
    client.post(
        reverse("spend:imports", args=[org.slug]),
        {"file": SimpleUploadedFile("grootboek.csv", LEDGER.encode())},
    )
    ledger_import = LedgerImport.objects.get()
    detail = reverse("spend:import", args=[org.slug, ledger_import.pk])
    form = {f"map_{k}": v for k, v in ledger_import.mapping.items()}
    form.update({"decimal": "auto", "date_format": "auto", "save_as": ""})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(detail, form)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("spend:import_commit", args=[org.slug, ledger_import.pk]))
    with django_capture_on_commit_callbacks(execute=True):
        start_matching(actor=alice, organisation=org)
        start_lines_export(select_lines(org, {"year": "2025"}), "csv", actor=alice)
    with django_capture_on_commit_callbacks(execute=True):
        refresh_later(org, actor=alice)  # what a change made in a request queues
    # A register file: upload, check, import.
    response = client.post(
        reverse("registry:import_start", args=[org.slug]),
        {"file": SimpleUploadedFile("pso.csv", PSO_FILE), "source": "pso"},
    )
    register_import = RegisterImport.objects.get()
    mapping = {f"map_{k}": v for k, v in register_import.mapping.items()}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(response.url, mapping)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("registry:import_commit", args=[org.slug, register_import.pk]))
    # A contract register: upload, check, import.
    response = client.post(
        reverse("contracts:import_start", args=[org.slug]),
        {"file": SimpleUploadedFile("contracten.csv", CONTRACTS)},
    )
    contract_import = ContractImport.objects.get()
    mapping = {f"map_{k}": v for k, v in contract_import.mapping.items()}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(response.url, mapping)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("contracts:import_commit", args=[org.slug, contract_import.pk]))
    # A social-return file: kept as a batch, checked and imported by the jobs.
    load_shipped(org)
    Contract.objects.create(
        organisation=org,
        key="ref:sr-1",
        reference="SR-1",
        title="Schoonmaak",
        awarded_value=200000,
        start_date=date(2025, 1, 1),
        end_date=date(2026, 12, 31),
    )
    sroi_batch = lifecycle.create(
        SROI_IMPORTS,
        actor=alice,
        data=SROI,
        name="sroi.csv",
        preview=lifecycle.preview_of(read_rows(SROI, "sroi.csv", None, Limits.for_import("sroi"))),
        file_organisation=org,
        organisation=org,
    )
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.start_check(SROI_IMPORTS, sroi_batch, actor=alice)
    sroi_batch.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.start_commit(SROI_IMPORTS, sroi_batch, actor=alice)
    # A ledger pushed through the API (other invoices, the same suppliers): its push job checks
    # and queues the import, whose jobs then run again (their first run is judged above).
    _token, secret = create_token(
        kind="organisation",
        organisation=org,
        name="Financieel systeem",
        scopes=["ledgers:import"],
        days=1,
        actor=alice,
    )
    pushed = re.sub(r";F(\d);", r";P\1;", LEDGER).encode()
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(
            f"/api/v1/o/{org.slug}/ledger-imports/",
            {"file": SimpleUploadedFile("grootboek-api.csv", pushed)},
            headers={"Authorization": f"Bearer {secret}"},
        )
    assert response.status_code == 202, response.content
    with django_capture_on_commit_callbacks(execute=True):
        start_job(
            organisation=org, kind=AUDIT_EXPORT, title="Audit", actor=alice, params={"filters": {}}
        )

    jobs = {}
    for job in Job.objects.order_by("pk"):
        assert (job.kind, job.state, job.percent) == (job.kind, Job.State.SUCCEEDED, 100), (
            job.message
        )
        jobs.setdefault(job.kind, job)
    assert set(jobs) == set(ENDINGS)
    for kind, job in jobs.items():
        if ENDINGS[kind] is not None:
            assert (kind, job.message) == (kind, ENDINGS[kind])
    audit = jobs["audit.export"]
    assert audit.message == f"{audit.result['rows']} auditregels geëxporteerd"


@pytest.fixture
def quiet_kind():
    @job_handler("test.quiet", permission="organisation.view")
    def quiet(job, progress: JobProgress):
        progress.update(1, 2, "Halverwege")  # and says nothing more

    yield
    background._KINDS.pop("test.quiet")


def test_a_job_that_stops_counting_early_still_ends_full(org, alice, quiet_kind):
    job = start_job(organisation=org, kind="test.quiet", title="Stil", actor=alice)
    execute_job(job.pk)
    job.refresh_from_db()
    assert (job.state, job.done, job.total, job.percent) == (Job.State.SUCCEEDED, 2, 2, 100)


def test_finish_of_a_job_that_counted_nothing_shows_a_full_bar(org, alice):
    job = Job.objects.create(organisation=org, kind="x", title="Leeg")
    progress = JobProgress(job, min_interval=0)
    progress.update(0, 0, "Niets te doen")
    progress.finish("0 regels geschreven")
    job.refresh_from_db()
    assert (job.percent, job.message) == (100, "0 regels geschreven")
