"""The benchmark's periodic work (`core.schedule`): once a day, see whether last year's snapshot
is due (1 April, `benchmark.snapshot_day`) and take it. A worker that was down on the day takes it
at its next run; a snapshot is never taken twice."""

from datetime import timedelta

from impactinkoop.core.schedule import register_periodic


def _take_due_snapshot() -> None:
    from django.utils import timezone

    from .benchmark import take_due

    take_due(timezone.localdate())


register_periodic("peers.benchmark", every=timedelta(days=1), function=_take_due_snapshot)
