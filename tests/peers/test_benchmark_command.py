"""Taking the snapshot on its fixed day: the daily periodic task (1 April, or the first run after
it) and `impactinkoop take_benchmark --year Y`, which refuses a year that is not over or already
taken, with a clear message."""

from datetime import date, timedelta
from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from impactinkoop.core.models import AuditEntry
from impactinkoop.core.schedule import registered
from impactinkoop.peers import benchmark
from impactinkoop.peers.models import BenchmarkSnapshot

from .benchmark_helpers import peers

pytestmark = pytest.mark.django_db


def command(*args) -> str:
    out = StringIO()
    call_command("take_benchmark", *args, stdout=out)
    return out.getvalue()


def today_is(day: date):
    return mock.patch("django.utils.timezone.localdate", return_value=day)


def test_the_command_takes_a_finished_year(org):
    peers(5)
    with today_is(date(2026, 2, 10)):
        out = command("--year", "2025")
    snapshot = BenchmarkSnapshot.objects.get()
    assert (snapshot.year, snapshot.taken_on) == (2025, date(2026, 2, 10))
    assert "5 organisations, 1 groups shown" in out
    assert AuditEntry.objects.get(action="peers.benchmark_taken").actor_label == "cli"


def test_the_command_refuses_a_year_taken_already():
    with today_is(date(2026, 4, 1)):
        command("--year", "2025")
        with translation.override("en"), pytest.raises(CommandError) as refused:
            command("--year", "2025")
    assert str(refused.value) == (
        "The benchmark of 2025 was already taken on 2026-04-01. A published benchmark is never "
        "taken again."
    )
    assert BenchmarkSnapshot.objects.count() == 1


def test_the_command_refuses_a_year_that_is_not_over():
    with (
        today_is(date(2026, 12, 31)),
        translation.override("en"),
        pytest.raises(CommandError) as refused,
    ):
        command("--year", "2026")
    assert "2026 is not over yet" in str(refused.value)
    assert not BenchmarkSnapshot.objects.exists()


def test_the_periodic_task_takes_last_years_snapshot_from_the_first_of_april():
    spec = registered()["peers.benchmark"]
    assert spec.every == timedelta(days=1)
    peers(5)
    with today_is(date(2026, 3, 31)):
        spec.function()
    assert not BenchmarkSnapshot.objects.exists()
    with today_is(date(2026, 4, 1)):
        spec.function()
    snapshot = BenchmarkSnapshot.objects.get()
    assert (snapshot.year, snapshot.taken_on, snapshot.groups.count()) == (
        2025,
        date(2026, 4, 1),
        1,
    )
    with today_is(date(2026, 4, 2)):
        spec.function()  # the next day: taken already, nothing happens
    assert BenchmarkSnapshot.objects.count() == 1


def test_a_worker_that_missed_the_day_takes_it_at_its_next_run():
    assert benchmark.next_snapshot_day(date(2026, 1, 10)) == date(2026, 4, 1)
    with today_is(date(2026, 4, 9)):
        registered()["peers.benchmark"].function()
    assert BenchmarkSnapshot.objects.get().taken_on == date(2026, 4, 9)
    assert benchmark.next_snapshot_day(date(2026, 4, 10)) == date(2027, 4, 1)
