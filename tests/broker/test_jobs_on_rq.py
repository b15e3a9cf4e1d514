"""The same job code on a broker: ledger and register imports, matching and exports, started from
the pages as people start them, run by two RQ worker processes through Redis, each job ending
succeeded with the figures of the file (the scale path of docs/operations.md)."""

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Sum
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from impactinkoop.core.background import fail_job
from impactinkoop.core.imports import ImportState
from impactinkoop.core.models import AuditEntry, Job
from impactinkoop.registry.models import Company, Qualification, RegisterImport
from impactinkoop.spend.generator import generate_ledger
from impactinkoop.spend.models import LedgerImport, LedgerLine, Supplier

from .conftest import settle, worker_of

pytestmark = [pytest.mark.rq, pytest.mark.django_db(transaction=True)]

WERKPLAATS = ("01234567", "Stichting De Werkplaats")


def ledger(lines: int, seed: int) -> tuple[bytes, int]:
    """An invented year of invoice lines and their total in cents, summed from the text."""
    data = generate_ledger(lines, suppliers=150, year=2025, seed=seed, known=[WERKPLAATS])
    rows = csv.DictReader(io.StringIO(data.decode()), delimiter=";")
    total = sum(int(row["Bedrag"].replace(".", "").replace(",", "")) for row in rows)
    return data, total


def upload_and_check(client, org, data: bytes, name: str) -> LedgerImport:
    """Upload a ledger and confirm the guessed columns: the page queues the check."""
    client.post(reverse("spend:imports", args=[org.slug]), {"file": SimpleUploadedFile(name, data)})
    ledger_import = LedgerImport.objects.get(organisation=org, file_name=name)
    form = {f"map_{field}": column for field, column in ledger_import.mapping.items()}
    form.update({"decimal": "auto", "date_format": "auto"})
    client.post(reverse("spend:import", args=[org.slug, ledger_import.pk]), form)
    return ledger_import


def commit(client, org, ledger_import: LedgerImport):
    return client.post(reverse("spend:import_commit", args=[org.slug, ledger_import.pk]))


def imported(client, org, workers, data: bytes, name="grootboek.csv") -> LedgerImport:
    ledger_import = upload_and_check(client, org, data, name)
    settle(workers)
    commit(client, org, ledger_import)
    settle(workers)
    ledger_import.refresh_from_db()
    return ledger_import


def line_total(org) -> int:
    return LedgerLine.objects.filter(organisation=org).aggregate(s=Sum("amount_cents"))["s"]


def test_a_ledger_is_checked_imported_and_linked_by_the_workers(client_for, org, alice, on_rq):
    werkplaats = Company.objects.create(kvk_number=WERKPLAATS[0], name=WERKPLAATS[1])
    data, total = ledger(3_000, seed=3)
    client = client_for(alice)

    ledger_import = upload_and_check(client, org, data, "grootboek.csv")
    (check,) = settle(on_rq)
    ledger_import.refresh_from_db()
    assert (check.kind, ledger_import.state) == ("spend.check", ImportState.CHECKED)
    assert (ledger_import.summary["imported"], ledger_import.summary["rejected"]) == (3_000, 0)
    assert not LedgerLine.objects.exists()  # checked, not written

    response = commit(client, org, ledger_import)
    jobs = settle(on_rq)
    assert [job.kind for job in jobs] == ["spend.check", "spend.import", "spend.after_import"]
    assert response.url == reverse("portal:job", args=[org.slug, jobs[1].pk])
    ledger_import.refresh_from_db()
    assert (ledger_import.state, ledger_import.total_cents) == (ImportState.COMMITTED, total)
    assert (LedgerLine.objects.filter(organisation=org).count(), line_total(org)) == (3_000, total)
    assert jobs[1].result["imported"] == 3_000
    assert Supplier.objects.filter(organisation=org, company=werkplaats).exists()  # by KvK
    # The follow-up, queued by the import job from its worker, matched the rest by name.
    matching = ledger_import.summary["matching"]
    assert jobs[2].result == {"linked": matching["auto"], "to_review": matching["review"]}
    assert {worker_of(job) for job in jobs} <= set(on_rq.names)
    assert all(job.percent == 100 for job in jobs)


def test_two_organisations_importing_at_once_run_on_both_workers(
    client_for, org, alice, other_org, charlie, on_rq
):
    ours, our_total = ledger(20_000, seed=5)
    theirs, their_total = ledger(20_000, seed=6)
    mine, other = client_for(alice), Client()
    other.force_login(charlie, backend="django.contrib.auth.backends.ModelBackend")
    our_import = upload_and_check(mine, org, ours, "stad.csv")
    their_import = upload_and_check(other, other_org, theirs, "waterschap.csv")
    settle(on_rq)

    commit(mine, org, our_import)
    commit(other, other_org, their_import)
    settle(on_rq)

    imports = list(Job.objects.filter(kind="spend.import").order_by("pk"))
    assert [job.organisation for job in imports] == [org, other_org]
    assert sorted(worker_of(job) for job in imports) == on_rq.names
    assert max(job.started_at for job in imports) < min(job.finished_at for job in imports)
    assert (line_total(org), line_total(other_org)) == (our_total, their_total)
    our_import.refresh_from_db()
    their_import.refresh_from_db()
    assert (our_import.total_cents, their_import.total_cents) == (our_total, their_total)


def test_matching_started_from_the_review_page_links_suppliers_on_a_worker(
    client_for, org, alice, on_rq
):
    client = client_for(alice)
    imported(client, org, on_rq, ledger(2_000, seed=3)[0])
    assert not Supplier.objects.filter(company__isnull=False).exists()  # nothing to link to yet
    werkplaats = Company.objects.create(kvk_number=WERKPLAATS[0], name=WERKPLAATS[1])

    response = client.post(reverse("spend:match_start", args=[org.slug]))
    match = settle(on_rq)[-1]
    assert response.url == reverse("portal:job", args=[org.slug, match.pk])
    assert match.kind == "spend.match"
    assert match.result["suppliers"] == Supplier.objects.filter(organisation=org).count()
    assert match.result["auto"] == 1
    assert Supplier.objects.get(organisation=org, company__isnull=False).company == werkplaats
    assert worker_of(match) in on_rq.names


def test_large_downloads_are_written_by_a_worker_with_the_pages_totals(
    client_for, org, alice, on_rq, settings
):
    settings.EXPORT_DIRECT_MAX_LINES = 100  # the page decides: this many lines come at once
    data, total = ledger(2_000, seed=8)
    client = client_for(alice)
    imported(client, org, on_rq, data)

    page = client.get(reverse("spend:baseline_lines", args=[org.slug]), {"year": "2025"})
    lines = page.context["page"].paginator.count
    client.post(
        reverse("spend:baseline_lines_export", args=[org.slug]), {"format": "csv", "year": "2025"}
    )
    export = settle(on_rq)[-1]
    assert (export.kind, export.result) == ("spend.lines_export", {"lines": lines})
    download = client.get(reverse("portal:job_download", args=[org.slug, export.pk]))
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 1 + lines
    assert sum(int(Decimal(row[3]) * 100) for row in rows[1:]) == page.context["total_cents"]

    entries = AuditEntry.objects.filter(organisation=org).count()
    client.post(reverse("portal:audit_export", args=[org.slug]))
    audit = settle(on_rq)[-1]
    assert (audit.kind, audit.result) == ("audit.export", {"rows": entries})
    download = client.get(reverse("portal:job_download", args=[org.slug, audit.pk]))
    assert len(download.content.decode("utf-8-sig").splitlines()) == 1 + entries
    assert {worker_of(export), worker_of(audit)} <= set(on_rq.names)


def test_a_register_import_is_checked_and_committed_by_the_workers(client_for, org, alice, on_rq):
    rows = "".join(f"{20000000 + n};Werkbedrijf {n} B.V.;Utrecht;Trede 2\n" for n in range(500))
    data = f"KvK-nummer;Bedrijfsnaam;Plaats;Trede\n{rows}".encode()
    client = client_for(alice)
    client.post(
        reverse("registry:import_start", args=[org.slug]),
        {"file": SimpleUploadedFile("pso.csv", data), "source": "pso"},
    )
    register_import = RegisterImport.objects.get()
    mapping = {f"map_{field}": column for field, column in register_import.mapping.items()}
    client.post(reverse("registry:import_mapping", args=[org.slug, register_import.pk]), mapping)
    (check,) = settle(on_rq)
    assert (check.kind, check.result["new"], check.result["rejected"]) == ("register.check", 500, 0)
    assert not Company.objects.exists()  # checked, not written

    client.post(reverse("registry:import_commit", args=[org.slug, register_import.pk]))
    jobs = settle(on_rq)
    assert [job.kind for job in jobs] == ["register.check", "register.import"]
    assert jobs[1].result["new"] == 500
    register_import.refresh_from_db()
    assert register_import.state == ImportState.COMMITTED
    assert Company.objects.count() == 500
    assert Qualification.objects.filter(organisation=org).count() == 500
    assert {worker_of(job) for job in jobs} <= set(on_rq.names)


def test_a_retry_queued_for_later_runs_when_its_time_comes(client_for, org, alice, on_rq, settings):
    """Follow-up work that failed is tried again after a delay: on RQ the task waits in Redis
    for the workers' scheduler (`--with-scheduler`), then runs."""
    settings.JOB_RETRY_DELAY_SECONDS = 2
    ledger_import = imported(client_for(alice), org, on_rq, ledger(500, seed=9)[0])
    follow_up = Job.objects.get(kind="spend.after_import")
    # As if its worker had died halfway: running, once tried, then failed by the reaper.
    Job.objects.filter(pk=follow_up.pk).update(state=Job.State.RUNNING, attempts=1)
    follow_up.refresh_from_db()
    failed_at = timezone.now()
    fail_job(follow_up, "the worker stopped")
    assert Job.objects.get(pk=follow_up.pk).state == Job.State.QUEUED

    settle(on_rq)
    follow_up.refresh_from_db()
    assert (follow_up.state, follow_up.attempts) == (Job.State.SUCCEEDED, 2)
    # Not at once: RQ keeps the time to the second, so at least one of the two seconds passed.
    assert follow_up.started_at - failed_at >= timedelta(seconds=1)
    assert follow_up.params["ledger_import"] == ledger_import.pk
    assert worker_of(follow_up) in on_rq.names
