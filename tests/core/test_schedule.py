"""Periodic work run by the task worker: each function once when due, one chain of ticks however
often workers start, and a restart resumes from the database row."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from impactinkoop.core import schedule
from impactinkoop.core.models import Periodic

DB_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def calls(monkeypatch):
    """A fresh registry (as in a new process) with one daily function that records its calls."""
    monkeypatch.setattr(schedule, "_REGISTRY", {})
    made = []
    schedule.register_periodic(
        "test.daily", every=timedelta(days=1), function=lambda: made.append(1)
    )
    return made


def test_a_due_function_runs_once_and_is_scheduled_a_day_later(db, calls):
    assert schedule.run_due() == ["test.daily"]
    assert schedule.run_due() == []
    row = Periodic.objects.get(name="test.daily")
    assert len(calls) == 1
    assert row.lease_expires_at is None
    assert timedelta(hours=23) < row.next_run_at - timezone.now() <= timedelta(days=1)


def test_a_function_another_worker_holds_is_not_run_until_its_lease_runs_out(db, calls):
    now = timezone.now()
    Periodic.objects.create(
        name="test.daily", next_run_at=now, lease_expires_at=now + timedelta(minutes=5)
    )
    assert schedule.run_due() == []
    # The other worker died: its lease runs out and the function runs here.
    Periodic.objects.filter(name="test.daily").update(lease_expires_at=now - timedelta(seconds=1))
    assert schedule.run_due() == ["test.daily"]
    assert len(calls) == 1


def test_a_restart_resumes_from_the_row(db, calls, monkeypatch):
    schedule.run_due()
    # A new process: an empty registry, the same function registered again.
    monkeypatch.setattr(schedule, "_REGISTRY", {})
    schedule.register_periodic(
        "test.daily", every=timedelta(days=1), function=lambda: calls.append(2)
    )
    assert schedule.run_due() == []
    tomorrow = timezone.now() + timedelta(days=1, minutes=1)
    assert schedule.run_due(now=tomorrow) == ["test.daily"]
    assert calls == [1, 2]


def test_a_failing_function_is_tried_again_within_the_hour(db, monkeypatch):
    monkeypatch.setattr(schedule, "_REGISTRY", {})
    outcomes = [RuntimeError("mail server down"), None]

    def flaky():
        outcome = outcomes.pop(0)
        if outcome:
            raise outcome

    schedule.register_periodic("test.flaky", every=timedelta(days=1), function=flaky)
    schedule.run_due()
    row = Periodic.objects.get(name="test.flaky")
    assert (row.last_error, row.lease_expires_at, row.last_run_at) == (
        "mail server down",
        None,
        None,
    )
    assert row.next_run_at - timezone.now() <= schedule.TICK_AT_MOST
    assert schedule.run_due(now=row.next_run_at) == ["test.flaky"]
    assert Periodic.objects.get(name="test.flaky").last_error == ""


def test_workers_starting_again_and_again_make_one_chain(
    db, calls, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DB_QUEUE
    with django_capture_on_commit_callbacks(execute=True):
        started = [schedule.ensure_chain() for _restart in range(5)]
    assert started == [True, False, False, False, False]
    assert DBTaskResult.objects.count() == 1


def test_a_tick_runs_what_is_due_and_queues_one_successor_for_later(
    db, calls, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DB_QUEUE
    with django_capture_on_commit_callbacks(execute=True):
        schedule.ensure_chain()
    first = DBTaskResult.objects.get()
    token = first.args_kwargs["args"][0]
    with django_capture_on_commit_callbacks(execute=True):
        assert schedule.tick(token) == ["test.daily"]
        # The same tick run a second time (or an old chain's tick) goes no further.
        assert schedule.tick(token) == []
    successor = DBTaskResult.objects.exclude(pk=first.pk).get()
    assert successor.args_kwargs["args"][0] != token
    assert successor.run_after - timezone.now() > timedelta(minutes=50)
    assert len(calls) == 1


def test_a_lost_chain_is_replaced_and_its_old_tick_stops(
    db, calls, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DB_QUEUE
    with django_capture_on_commit_callbacks(execute=True):
        schedule.ensure_chain()
    lost = Periodic.objects.get(name=schedule.TICK).token
    Periodic.objects.filter(name=schedule.TICK).update(
        next_run_at=timezone.now() - schedule.LOST_AFTER - timedelta(minutes=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert schedule.ensure_chain() is True
    assert schedule.tick(lost) == []
    assert calls == []


def test_without_a_queue_that_can_wait_there_is_no_chain(db, calls):
    # The immediate backend (tests) cannot defer: cron runs `run_periodic` instead.
    assert schedule.ensure_chain() is False
    assert not Periodic.objects.filter(name=schedule.TICK).exists()


def test_cron_runs_what_is_due_with_the_same_claims(db, calls):
    out = StringIO()
    call_command("run_periodic", stdout=out)
    call_command("run_periodic", stdout=out)
    assert out.getvalue().splitlines() == ["test.daily: ran", "test.daily: not due"]
    assert len(calls) == 1
