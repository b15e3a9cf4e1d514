"""Background jobs: queued, claimed once, progress visible, failures recorded."""

import time
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from impactinkoop.core import background
from impactinkoop.core.background import JobProgress, execute_job, job_handler, start_job
from impactinkoop.core.models import AuditEntry, Job


@pytest.fixture
def handlers():
    calls = []

    @job_handler("test.count", permission="organisation.view")
    def count(job, progress: JobProgress):
        calls.append(job.pk)
        for number in range(1, 4):
            progress.update(number, 3, f"stap {number}")
        return {"counted": 3}

    @job_handler("test.fail", permission="organisation.view")
    def fail(job, progress):
        progress.update(1, 10)
        raise ValueError("kapot bestand")

    yield calls
    background._KINDS.pop("test.count")
    background._KINDS.pop("test.fail")


def test_job_runs_after_commit_and_records_result(
    org, alice, handlers, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = start_job(organisation=org, kind="test.count", title="Tellen", actor=alice)
        assert Job.objects.get(pk=job.pk).state == Job.State.QUEUED
    job.refresh_from_db()
    assert (job.state, job.done, job.total, job.result) == (
        Job.State.SUCCEEDED,
        3,
        3,
        {"counted": 3},
    )
    assert job.percent == 100
    assert job.language == "nl"


def test_a_job_runs_only_once_even_if_its_task_repeats(
    org, alice, handlers, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = start_job(organisation=org, kind="test.count", title="Tellen", actor=alice)
    execute_job(job.pk)
    assert handlers == [job.pk]


def test_a_failing_job_is_marked_failed_with_its_message(
    org, alice, handlers, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = start_job(organisation=org, kind="test.fail", title="Fout", actor=alice)
    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    assert job.message == "kapot bestand"
    assert job.finished_at is not None


def test_unknown_kind_is_refused_before_anything_is_written(org, alice):
    with pytest.raises(KeyError):
        start_job(organisation=org, kind="bestaat.niet", title="x", actor=alice)
    assert not Job.objects.exists()


def test_status_endpoint_reports_progress(client_for, org, alice, handlers):
    job = Job.objects.create(
        organisation=org,
        kind="test.count",
        title="Tellen",
        done=5,
        total=20,
        state=Job.State.RUNNING,
        message="bezig",
    )
    data = client_for(alice).get(reverse("portal:job_status", args=[org.slug, job.pk])).json()
    assert data == {
        "state": "running",
        "state_label": "Bezig",
        "done": 5,
        "total": 20,
        "percent": 25,
        "message": "bezig",
        "finished": False,
    }


def test_job_pages_list_and_show_jobs(client_for, org, alice, handlers):
    job = Job.objects.create(organisation=org, kind="test.count", title="Tellen")
    client = client_for(alice)
    assert "Tellen" in client.get(reverse("portal:jobs", args=[org.slug])).content.decode()
    page = client.get(reverse("portal:job", args=[org.slug, job.pk])).content.decode()
    assert "Wacht" in page and "<progress" in page


def test_output_of_a_job_kind_is_hidden_from_members_without_its_permission(
    client_for, org, alice, handlers
):
    from impactinkoop.accounts.roles import Role

    from ..factories import make_member

    buyer = make_member(org, "buyer@voorbeeldstad.example", Role.BUYER)
    job = Job.objects.create(
        organisation=org,
        kind="audit.export",
        title="Export",
        state=Job.State.SUCCEEDED,
        output=b"geheim",
        output_name="a.csv",
    )
    client = client_for(buyer)
    assert client.get(reverse("portal:job_download", args=[org.slug, job.pk])).status_code == 404
    assert "Export" not in client.get(reverse("portal:jobs", args=[org.slug])).content.decode()


# -- leases: a worker that dies leaves no job running for ever ------------------------------------


@pytest.fixture
def owned(org):
    """A job kind that works on an object (here: a note in a dict) and cleans up after failure."""
    board = {"state": "idle", "failures": []}

    def on_failure(job):
        board["failures"].append(job.pk)
        board["state"] = "failed"

    def before_retry(job, again):
        if board["state"] != "failed":
            return False
        board["state"] = "queued"
        return True

    @job_handler(
        "test.owned",
        permission="organisation.view",
        on_failure=on_failure,
        before_retry=before_retry,
    )
    def owned_work(job, progress):
        board["state"] = "done"
        return {"ok": True}

    yield board
    background._KINDS.pop("test.owned")


def running_job(org, kind="test.owned", **fields) -> Job:
    return Job.objects.create(
        organisation=org, kind=kind, title="Werk", state=Job.State.RUNNING, **fields
    )


def test_a_job_whose_lease_ran_out_is_failed_with_a_message_and_its_object_reset(org, owned):
    """A worker killed during a job left it "running 50 %" for ever."""
    expired = running_job(org, lease_expires_at=timezone.now() - timedelta(seconds=1), done=50)
    alive = running_job(org, lease_expires_at=timezone.now() + timedelta(minutes=1))
    assert background.reap_expired_jobs() == 1
    expired.refresh_from_db()
    assert expired.state == Job.State.FAILED
    assert expired.message.startswith("Het proces dat deze taak uitvoerde is gestopt")
    assert owned["failures"] == [expired.pk] and owned["state"] == "failed"
    assert Job.objects.get(pk=alive.pk).state == Job.State.RUNNING


def test_pages_that_show_jobs_reap_them_so_nobody_waits_for_a_dead_worker(
    client_for, org, alice, owned
):
    job = running_job(org, lease_expires_at=timezone.now() - timedelta(seconds=1))
    client = client_for(alice)
    home = client.get(reverse("portal:home", args=[org.slug])).content.decode()
    assert "Lopende taken" not in home
    status = client.get(reverse("portal:job_status", args=[org.slug, job.pk])).json()
    assert (status["state"], status["finished"]) == ("failed", True)


def test_a_new_worker_reaps_before_it_claims(
    org, alice, owned, handlers, django_capture_on_commit_callbacks
):
    dead = running_job(org, lease_expires_at=timezone.now() - timedelta(minutes=5))
    with django_capture_on_commit_callbacks(execute=True):
        start_job(organisation=org, kind="test.count", title="Tellen", actor=alice)
    assert Job.objects.get(pk=dead.pk).state == Job.State.FAILED


def test_a_failed_job_is_started_again_with_one_button(
    client_for, org, alice, owned, django_capture_on_commit_callbacks
):
    job = running_job(org, lease_expires_at=timezone.now() - timedelta(seconds=1))
    background.reap_expired_jobs()
    client = client_for(alice)
    page = client.get(reverse("portal:job", args=[org.slug, job.pk])).content.decode()
    assert "Opnieuw proberen" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("portal:job_retry", args=[org.slug, job.pk]))
    again = Job.objects.exclude(pk=job.pk).get()
    assert response.url == reverse("portal:job", args=[org.slug, again.pk])
    assert (again.state, again.result, owned["state"]) == (
        Job.State.SUCCEEDED,
        {"ok": True},
        "done",
    )
    assert Job.objects.get(pk=job.pk).state == Job.State.FAILED  # the history stays
    assert AuditEntry.objects.filter(action="job.retried").count() == 1


def test_a_job_cannot_be_retried_when_its_object_moved_on(client_for, org, alice, owned):
    job = running_job(org, lease_expires_at=timezone.now() - timedelta(seconds=1))
    background.reap_expired_jobs()
    owned["state"] = "deleted"
    response = client_for(alice).post(reverse("portal:job_retry", args=[org.slug, job.pk]))
    assert response.url == reverse("portal:job", args=[org.slug, job.pk])
    assert Job.objects.count() == 1


def test_a_running_or_finished_job_is_not_retried(client_for, org, alice, owned):
    job = running_job(org, lease_expires_at=timezone.now() + timedelta(minutes=1))
    client_for(alice).post(reverse("portal:job_retry", args=[org.slug, job.pk]))
    assert Job.objects.count() == 1


def test_follow_up_work_is_retried_on_its_own_a_few_times(
    org, alice, django_capture_on_commit_callbacks
):
    attempts = []

    @job_handler("test.flaky", permission="organisation.view", auto_retries=2)
    def flaky(job, progress):
        attempts.append(job.attempts)
        if len(attempts) < 3:
            raise OSError("database is locked")
        return {"done": True}

    try:
        with django_capture_on_commit_callbacks(execute=True):
            job = start_job(organisation=org, kind="test.flaky", title="Koppelen", actor=alice)
    finally:
        background._KINDS.pop("test.flaky")
    job.refresh_from_db()
    assert attempts == [1, 2, 3]
    assert (job.state, job.result) == (Job.State.SUCCEEDED, {"done": True})


def test_a_job_with_nothing_left_to_do_ends_cancelled(
    org, alice, django_capture_on_commit_callbacks
):
    @job_handler("test.gone", permission="organisation.view")
    def gone(job, progress):
        raise background.JobStopped("De import is verwijderd.")

    try:
        with django_capture_on_commit_callbacks(execute=True):
            job = start_job(organisation=org, kind="test.gone", title="Weg", actor=alice)
    finally:
        background._KINDS.pop("test.gone")
    job.refresh_from_db()
    assert (job.state, job.message, job.is_finished) == (
        Job.State.CANCELLED,
        "De import is verwijderd.",
        True,
    )


@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_renews_the_lease_and_shows_progress_while_the_work_runs(org, settings):
    """In a real worker (no surrounding transaction) a thread with its own connection renews
    the lease, so a long job is not taken for dead, and writes progress as it goes."""
    settings.JOB_LEASE_SECONDS = 1  # renewed every quarter second
    seen = {}

    @job_handler("test.slow", permission="organisation.view")
    def slow(job, progress):
        first = Job.objects.get(pk=job.pk).lease_expires_at
        progress.update(1, 2, "halverwege")
        time.sleep(1.5)
        row = Job.objects.get(pk=job.pk)
        seen.update(first=first, later=row.lease_expires_at, done=row.done, message=row.message)
        return {}

    job = Job.objects.create(organisation=org, kind="test.slow", title="Langzaam")
    try:
        background.execute_job(job.pk)
    finally:
        background._KINDS.pop("test.slow")
    assert seen["later"] > seen["first"] + timedelta(seconds=1)
    assert (seen["done"], seen["message"]) == (1, "halverwege")
    job.refresh_from_db()
    assert (job.state, job.lease_expires_at) == (Job.State.SUCCEEDED, None)


def test_the_member_who_started_a_job_follows_it_without_its_kinds_permission(
    client_for, org, alice
):
    from impactinkoop.accounts.roles import Role

    from ..factories import make_member

    requester = make_member(org, "rita@voorbeeldstad.example", Role.REQUESTER)
    other = make_member(org, "rob@voorbeeldstad.example", Role.REQUESTER)
    job = Job.objects.create(
        organisation=org,
        kind="audit.export",
        title="Export",
        created_by=requester,
        state=Job.State.SUCCEEDED,
        output=b"eigen",
        output_name="a.csv",
    )
    urls = [
        reverse(name, args=[org.slug, job.pk])
        for name in ("portal:job", "portal:job_status", "portal:job_download")
    ]
    assert [client_for(requester).get(url).status_code for url in urls] == [200, 200, 200]
    assert client_for(requester).get(urls[2]).content == b"eigen"
    assert [client_for(other).get(url).status_code for url in urls] == [404, 404, 404]


def test_a_job_whose_task_was_lost_with_its_worker_is_queued_again(
    org, alice, handlers, settings, django_capture_on_commit_callbacks
):
    """A worker killed after it took the task from the queue, before it claimed the job, left
    the job waiting for ever: nothing would run it again."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        job = start_job(organisation=org, kind="test.count", title="Tellen", actor=alice)
    job.refresh_from_db()
    first_task = job.task_id
    assert DBTaskResult.objects.get(pk=first_task).status == "READY"
    background.reap_expired_jobs()
    assert Job.objects.get(pk=job.pk).task_id == first_task  # waiting its turn: left alone

    DBTaskResult.objects.filter(pk=first_task).update(status="RUNNING")  # taken, then killed
    Job.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(minutes=5))
    background.reap_expired_jobs()
    job.refresh_from_db()
    assert job.state == Job.State.QUEUED and job.task_id != first_task
    assert DBTaskResult.objects.get(pk=job.task_id).status == "READY"
