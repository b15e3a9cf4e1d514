"""Periodic work without an extra server: the task worker runs it (decision 0022).

Apps register a function with `register_periodic(name, every=..., function=...)` in their own
`periodic.py` module. One task, `core.tasks.periodic_tick`, runs the functions that are due and
queues itself again for the moment the next one is due (`run_after`, at most an hour ahead).

Everything that matters lives in `core.Periodic` rows, never in a process:

- one row per function: when it runs next (`next_run_at`) and, while a worker runs it, a lease.
  A worker claims a due function with one conditional UPDATE (due, and no lease or a lease that
  ran out); on PostgreSQL a second worker's UPDATE waits for the first and then finds the row no
  longer due, on SQLite writes are serialised: either way one worker runs it. A restart resumes
  from the row; a worker that died while running leaves a lease that runs out.
- one row for the tick itself (`TICK`), holding the token of the one queued tick that may go on.
  A tick whose token is not the row's stops without queuing another, so however often workers
  start (`ensure_chain`), there is one chain. A worker that starts and finds the chain's next tick
  long overdue (its task was lost) starts a new chain with a new token; the old tick, if it ever
  runs, stops.

Without a worker (or with a backend that cannot defer tasks), `impactinkoop run_periodic` from
cron or a systemd timer runs what is due, with the same claims.
"""

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .models import Periodic

logger = logging.getLogger(__name__)

TICK = "core.tick"
# The tick runs at least this often, so a function registered later is picked up.
TICK_AT_MOST = timedelta(hours=1)
# ... and never sooner than this after the previous one.
TICK_AT_LEAST = timedelta(seconds=30)
# A chain whose next tick is this late is taken to be lost (its task went missing).
LOST_AFTER = timedelta(hours=2)


@dataclass(frozen=True)
class PeriodicFunction:
    name: str
    every: timedelta
    function: Callable[[], object]


_REGISTRY: dict[str, PeriodicFunction] = {}


def register_periodic(name: str, *, every: timedelta, function: Callable[[], object]) -> None:
    """Run `function` every `every`, on one worker at a time, from now on."""
    if name == TICK:
        raise ValueError(name)
    _REGISTRY[name] = PeriodicFunction(name, every, function)


def registered() -> dict[str, PeriodicFunction]:
    return dict(_REGISTRY)


def lease_length() -> timedelta:
    return timedelta(seconds=settings.PERIODIC_LEASE_SECONDS)


def run_due(now: datetime | None = None) -> list[str]:
    """Run each registered function that is due, once, and schedule its next run. Returns the
    names of the functions this call ran."""
    ran = []
    for spec in registered().values():
        now_ = now or timezone.now()
        Periodic.objects.get_or_create(name=spec.name, defaults={"next_run_at": now_})
        if _claim(spec.name, now_):
            _run(spec, now_)
            ran.append(spec.name)
    return ran


def _claim(name: str, now: datetime) -> bool:
    return bool(
        Periodic.objects.filter(name=name, next_run_at__lte=now)
        .filter(Q(lease_expires_at__isnull=True) | Q(lease_expires_at__lt=now))
        .update(lease_expires_at=now + lease_length())
    )


def _next_after(scheduled: datetime, every: timedelta, now: datetime) -> datetime:
    """The first moment after `now` on the function's own rhythm (a daily function keeps its
    time of day, however late a tick ran it)."""
    if scheduled > now:
        return scheduled
    return scheduled + every * ((now - scheduled) // every + 1)


def _run(spec: PeriodicFunction, now: datetime) -> None:
    scheduled = Periodic.objects.get(name=spec.name).next_run_at
    try:
        spec.function()
    except Exception as error:
        # Tried again at the next tick after its lease would have run out, not in a hot loop.
        logger.exception("Periodic function %s failed", spec.name)
        Periodic.objects.filter(name=spec.name).update(
            lease_expires_at=None,
            last_error=(str(error) or type(error).__name__)[:500],
            next_run_at=now + min(spec.every, TICK_AT_MOST),
        )
        return
    logger.info("Periodic function %s ran", spec.name)
    Periodic.objects.filter(name=spec.name).update(
        lease_expires_at=None,
        last_run_at=now,
        last_error="",
        next_run_at=_next_after(scheduled, spec.every, timezone.now()),
    )


def next_tick_at(now: datetime) -> datetime:
    """When the chain should tick next: when the first function is due, within bounds."""
    first = (
        Periodic.objects.filter(name__in=list(_REGISTRY))
        .order_by("next_run_at")
        .values_list("next_run_at", flat=True)
        .first()
    )
    at = now + TICK_AT_MOST if first is None else min(first, now + TICK_AT_MOST)
    return max(at, now + TICK_AT_LEAST)


def can_chain() -> bool:
    """Whether the task backend can queue a task for later (the database queue and RQ with its
    scheduler can; the immediate backend of the tests cannot)."""
    from .tasks import periodic_tick

    return periodic_tick.get_backend().supports_defer


def _enqueue_tick(token: str, at: datetime) -> None:
    from .tasks import periodic_tick

    transaction.on_commit(lambda: periodic_tick.using(run_after=at).enqueue(token))


def tick(token: str) -> list[str]:
    """The chain's step: stop if this tick is not the chain's current one; else run what is due
    and queue the next tick (only if the row still holds this token: one successor)."""
    if not Periodic.objects.filter(name=TICK, token=token).exists():
        logger.info("Periodic tick %s is not the current chain: stopped", token)
        return []
    ran = run_due()
    now = timezone.now()
    successor = uuid.uuid4().hex
    at = next_tick_at(now)
    moved = Periodic.objects.filter(name=TICK, token=token).update(
        token=successor, next_run_at=at, last_run_at=now
    )
    if moved and can_chain():
        _enqueue_tick(successor, at)
    return ran


def ensure_chain(now: datetime | None = None) -> bool:
    """Start the chain unless one lives (called when a worker starts). Returns True when this
    call started one. Safe to call from any number of workers, any number of times."""
    if not can_chain():
        return False
    now = now or timezone.now()
    row, _created = Periodic.objects.get_or_create(
        name=TICK, defaults={"next_run_at": now, "token": ""}
    )
    if row.token and row.next_run_at + LOST_AFTER > now:
        return False
    token = uuid.uuid4().hex
    started = Periodic.objects.filter(pk=row.pk, token=row.token).update(
        token=token, next_run_at=now
    )
    if started:
        logger.info("Periodic chain started (%s)", token)
        _enqueue_tick(token, now)
    return bool(started)
