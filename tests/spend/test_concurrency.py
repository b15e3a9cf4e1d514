"""Bad luck with imports: two clicks, two imports of one file, a command beside a worker, a worker
that dies, follow-up work that fails. Every case ends with one import and one set of lines."""

import os
import re
import sqlite3
import subprocess
import sys
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import OperationalError, connection
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone

from impactinkoop.core import background
from impactinkoop.core.imports import ImportState
from impactinkoop.core.models import Job
from impactinkoop.spend.generator import generate_ledger
from impactinkoop.spend.models import LedgerImport, LedgerLine

from .test_views import upload

LEDGER_TOTAL = 123456 - 10000 + 5000 + 5000


def checked_import(client, org, name="grootboek.csv", capture=None) -> LedgerImport:
    """Upload and check a file through the wizard; the import is then waiting for a commit."""
    upload(client, org, name=name)
    ledger_import = LedgerImport.objects.filter(file_name=name).latest("pk")
    form = {f"map_{k}": v for k, v in ledger_import.mapping.items()}
    form.update({"decimal": "auto", "date_format": "auto"})
    with capture(execute=True):
        client.post(reverse("spend:import", args=[org.slug, ledger_import.pk]), form)
    ledger_import.refresh_from_db()
    assert ledger_import.state == ImportState.CHECKED
    return ledger_import


def commit(client, org, ledger_import):
    return client.post(reverse("spend:import_commit", args=[org.slug, ledger_import.pk]))


def total_cents(org) -> int:
    return LedgerLine.objects.filter(organisation=org).aggregate(s=Sum("amount_cents"))["s"] or 0


def test_a_second_click_on_commit_is_told_the_file_is_already_being_imported(
    client_for, org, alice, django_capture_on_commit_callbacks
):
    """A double-click started two jobs and left the import's totals at 0."""
    client = client_for(alice)
    ledger_import = checked_import(client, org, capture=django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks() as queued:
        first = commit(client, org, ledger_import)
        second = commit(client, org, ledger_import)
    assert first.url.startswith(f"/o/{org.slug}/jobs/")
    assert second.url == reverse("spend:import", args=[org.slug, ledger_import.pk])
    page = client.get(second.url).content.decode()
    assert "Dit bestand wordt al geïmporteerd." in page
    assert Job.objects.filter(kind="spend.import").count() == 1 and len(queued) == 1
    queued[0]()  # the worker runs the one job
    ledger_import.refresh_from_db()
    assert (ledger_import.state, ledger_import.total_cents) == (
        ImportState.COMMITTED,
        LEDGER_TOTAL,
    )
    assert total_cents(org) == LEDGER_TOTAL


def test_the_same_file_uploaded_twice_and_committed_twice_is_imported_once(
    client_for, org, alice, django_capture_on_commit_callbacks
):
    client = client_for(alice)
    first = checked_import(client, org, capture=django_capture_on_commit_callbacks)
    second = checked_import(client, org, capture=django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks() as queued:
        commit(client, org, first)
        refused = commit(client, org, second)
    assert "Dit bestand wordt al geïmporteerd." in client.get(refused.url).content.decode()
    for callback in queued:
        callback()
    second.refresh_from_db()
    assert second.state == ImportState.CHECKED  # may be cancelled; it was never queued
    assert LedgerLine.objects.count() == 4 and total_cents(org) == LEDGER_TOTAL


def test_when_two_imports_of_one_file_reach_the_worker_the_second_writes_nothing(
    client_for, org, alice, django_capture_on_commit_callbacks
):
    """Both got past the web checks (two web processes at the same moment): the worker decides
    under the organisation's lock, and the second is refused with a clear message."""
    client = client_for(alice)
    imports = [
        checked_import(client, org, capture=django_capture_on_commit_callbacks) for _ in range(2)
    ]
    jobs = []
    for ledger_import in imports:
        job = Job.objects.create(
            organisation=org,
            kind="spend.import",
            title="Import",
            params={"ledger_import": ledger_import.pk},
        )
        LedgerImport.objects.filter(pk=ledger_import.pk).update(state=ImportState.QUEUED, job=job)
        jobs.append(job)
    with django_capture_on_commit_callbacks(execute=True):
        for job in jobs:
            background.execute_job(job.pk)
    states = [LedgerImport.objects.get(pk=i.pk).state for i in imports]
    assert states == [ImportState.COMMITTED, ImportState.FAILED]
    refused = Job.objects.get(pk=jobs[1].pk)
    assert refused.state == Job.State.FAILED
    assert refused.message.startswith("Precies dit bestand is al geïmporteerd op")
    assert LedgerLine.objects.count() == 4 and total_cents(org) == LEDGER_TOTAL


def test_a_worker_killed_during_an_import_leaves_it_ready_to_try_again(
    client_for, org, alice, django_capture_on_commit_callbacks
):
    """The import stayed "importing" and its job "running 50 %"; commit and delete gave 404."""
    client = client_for(alice)
    ledger_import = checked_import(client, org, capture=django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks():  # queued, never run: the worker dies
        commit(client, org, ledger_import)
    job = Job.objects.get(kind="spend.import")
    Job.objects.filter(pk=job.pk).update(
        state=Job.State.RUNNING, done=50, total=100, lease_expires_at=timezone.now()
    )
    LedgerImport.objects.filter(pk=ledger_import.pk).update(state=ImportState.IMPORTING)
    detail = reverse("spend:import", args=[org.slug, ledger_import.pk])
    page = client.get(detail).content.decode()  # the page finds the lease ran out
    ledger_import.refresh_from_db()
    assert ledger_import.state == ImportState.FAILED
    assert "Het proces dat deze taak uitvoerde is gestopt" in page and "Opnieuw proberen" in page
    assert not LedgerLine.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("portal:job_retry", args=[org.slug, job.pk]))
    again = Job.objects.filter(kind="spend.import").exclude(pk=job.pk).get()
    assert response.url == reverse("portal:job", args=[org.slug, again.pk])
    ledger_import.refresh_from_db()
    assert (ledger_import.state, ledger_import.job_id) == (ImportState.COMMITTED, again.pk)
    assert total_cents(org) == LEDGER_TOTAL


def test_a_worker_killed_after_the_lines_were_committed_does_not_fail_the_import(
    client_for, org, alice, django_capture_on_commit_callbacks
):
    client = client_for(alice)
    ledger_import = checked_import(client, org, capture=django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        commit(client, org, ledger_import)
    job = Job.objects.get(kind="spend.import")
    # As if the worker died after the commit, before it wrote that the job succeeded.
    Job.objects.filter(pk=job.pk).update(
        state=Job.State.RUNNING, lease_expires_at=timezone.now() - timedelta(seconds=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        background.reap_expired_jobs()
    job.refresh_from_db()
    assert job.state == Job.State.SUCCEEDED
    assert LedgerImport.objects.get(pk=ledger_import.pk).state == ImportState.COMMITTED
    assert total_cents(org) == LEDGER_TOTAL


def test_a_failure_after_the_commit_is_not_a_failed_import(
    client_for, org, alice, django_capture_on_commit_callbacks, monkeypatch
):
    """ "database is locked" from PRAGMA optimize after the commit reported the import failed."""

    def locked():
        raise OperationalError("database is locked")

    monkeypatch.setattr("impactinkoop.spend.imports.summary.refresh_statistics", locked)
    client = client_for(alice)
    ledger_import = checked_import(client, org, capture=django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        commit(client, org, ledger_import)
    assert Job.objects.get(kind="spend.import").state == Job.State.SUCCEEDED
    follow_up = Job.objects.get(kind="spend.after_import")
    assert (follow_up.state, follow_up.attempts) == (Job.State.FAILED, 4)  # retried three times
    assert follow_up.message == "database is locked"
    ledger_import.refresh_from_db()
    assert ledger_import.state == ImportState.COMMITTED
    assert total_cents(org) == LEDGER_TOTAL


def test_deleting_an_import_ends_its_waiting_jobs_so_no_page_lists_them(
    client_for, org, alice, django_capture_on_commit_callbacks
):
    client = client_for(alice)
    ledger_import = checked_import(client, org, capture=django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks():
        commit(client, org, ledger_import)
    client.post(reverse("spend:import_delete", args=[org.slug, ledger_import.pk]))
    job = Job.objects.get(kind="spend.import")
    assert job.state == Job.State.CANCELLED
    assert LedgerImport.objects.get(pk=ledger_import.pk).state == ImportState.DELETED
    home = client.get(reverse("portal:home", args=[org.slug])).content.decode()
    # None of the import's jobs is listed; what is, is the refresh the deletion queued.
    listed = {int(pk) for pk in re.findall(r"/jobs/(\d+)/", home)}
    assert listed == set(Job.objects.filter(kind="spend.refresh").values_list("pk", flat=True))
    background.execute_job(job.pk)  # the task still arrives at a worker: it does nothing
    assert not LedgerLine.objects.exists()


def test_an_import_being_written_cannot_be_deleted(
    client_for, org, alice, django_capture_on_commit_callbacks
):
    client = client_for(alice)
    ledger_import = checked_import(client, org, capture=django_capture_on_commit_callbacks)
    LedgerImport.objects.filter(pk=ledger_import.pk).update(state=ImportState.IMPORTING)
    response = client.post(reverse("spend:import_delete", args=[org.slug, ledger_import.pk]))
    assert "Dit bestand wordt al geïmporteerd." in client.get(response.url).content.decode()
    assert LedgerImport.objects.get(pk=ledger_import.pk).state == ImportState.IMPORTING


# -- two processes at the same moment, on the real database ----------------------------------------


def command_env(tmp_path) -> dict:
    env = {**os.environ, "SECRET_KEY": "test-only-" + "k" * 40, "DEBUG": "1"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    if connection.vendor == "postgresql":
        url = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
        env["DATABASE_URL"] = f"{url}/{settings.DATABASES['default']['NAME']}"
    else:
        env.pop("DATABASE_URL", None)
        env["DATA_DIR"] = str(tmp_path)
    return env


def run(env, *args) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "impactinkoop.cli", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.django_db(transaction=True)
def test_two_commands_importing_one_file_at_once_write_it_once(tmp_path):
    """Two processes importing one 10,000-line file at the same moment gave twice the lines on
    PostgreSQL, every time and silently. Now one imports, the other is told."""
    env = command_env(tmp_path)
    if connection.vendor == "sqlite":
        # The test database lives in memory: give the commands a file copy of it.
        connection.ensure_connection()
        target = sqlite3.connect(tmp_path / "impactinkoop.sqlite3")
        connection.connection.backup(target)
        target.close()
    created = run(env, "create_organisation", "--slug", "stad", "--name", "Stad")
    assert created.wait() == 0, created.stderr.read()
    path = tmp_path / "grootboek.csv"
    path.write_bytes(generate_ledger(10_000, suppliers=400, year=2025, seed=7))
    both = [run(env, "import_ledger", str(path), "--org", "stad") for _ in range(2)]
    outcomes = sorted((p.wait(), p.stdout.read() + p.stderr.read()) for p in both)
    assert [code for code, _output in outcomes] == [0, 1], outcomes
    assert "al geïmporteerd" in outcomes[1][1]
    counts = run(
        env,
        "shell",
        "-c",
        "from impactinkoop.spend.models import LedgerImport as I, LedgerLine as L;"
        "print(L.objects.count(), I.objects.filter(state='committed').count())",
    )
    lines, committed = counts.communicate()[0].splitlines()[-1].split()
    assert (int(lines), int(committed)) == (10_000, 1)


def test_the_work_after_an_import_computes_the_dashboard_figures_so_no_page_has_to(
    client_for, org, alice, django_capture_on_commit_callbacks
):
    """Right after an import every web worker computed the year's figures at once."""
    from impactinkoop.spend.baseline.figures import data_version
    from impactinkoop.spend.models import BaselineFigures

    client = client_for(alice)
    ledger_import = checked_import(client, org, capture=django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        commit(client, org, ledger_import)
    kept = BaselineFigures.objects.filter(organisation=org)
    assert sorted(kept.values_list("period_start__year", "language")) == [
        (2025, "en"),
        (2025, "nl"),
    ]
    assert {row.data_version for row in kept} == {data_version(org)}
    follow_up = Job.objects.get(kind="spend.after_import")
    assert (follow_up.percent, follow_up.message) == (
        100,
        "0 leveranciers gekoppeld, 0 te beoordelen; cijfers bijgewerkt",
    )
