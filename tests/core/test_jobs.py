"""Background jobs: queued, claimed once, progress visible, failures recorded."""

import pytest
from django.urls import reverse

from impactinkoop.core import background
from impactinkoop.core.background import JobProgress, execute_job, job_handler, start_job
from impactinkoop.core.models import Job


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
    background._HANDLERS.pop("test.count")
    background._HANDLERS.pop("test.fail")
    background._PERMISSIONS.pop("test.count")
    background._PERMISSIONS.pop("test.fail")


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
    data = client_for(alice).get(reverse("core:job_status", args=[org.slug, job.pk])).json()
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
    assert "Tellen" in client.get(reverse("core:jobs", args=[org.slug])).content.decode()
    page = client.get(reverse("core:job", args=[org.slug, job.pk])).content.decode()
    assert "Wacht" in page and "<progress" in page


def test_output_of_a_job_kind_is_hidden_from_members_without_its_permission(
    client_for, org, alice, handlers
):
    from impactinkoop.accounts.roles import Role

    from ..conftest import make_member

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
    assert client.get(reverse("core:job_download", args=[org.slug, job.pk])).status_code == 404
    assert "Export" not in client.get(reverse("core:jobs", args=[org.slug])).content.decode()


def test_the_member_who_started_a_job_follows_it_without_its_kinds_permission(
    client_for, org, alice
):
    from impactinkoop.accounts.roles import Role

    from ..conftest import make_member

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
        for name in ("core:job", "core:job_status", "core:job_download")
    ]
    assert [client_for(requester).get(url).status_code for url in urls] == [200, 200, 200]
    assert client_for(requester).get(urls[2]).content == b"eigen"
    assert [client_for(other).get(url).status_code for url in urls] == [404, 404, 404]
