"""Background jobs: start one from a view or command, run it in the task worker, report progress.

State and progress live in our own `Job` row, so pages can poll it whatever task backend runs the
work. Apps register a job kind in their own `jobs.py` module with `@job_handler`.

A running job holds a lease that a heartbeat renews while the worker lives. When a worker is
killed (out of memory, a deployment, a power cut) the lease runs out, and the next worker, or the
next page that shows the job, marks it failed with a message that says so; the kind's
`on_failure` puts the object it worked on back in a state the user can act on, and the user
starts it again with one button. Nothing is retried silently, except kinds that say it is safe
(`auto_retries`: follow-up work that may run twice).
"""

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks.base import TaskResultStatus

from .models import Job

logger = logging.getLogger(__name__)

JobHandler = Callable[[Job, "JobProgress"], dict | None]


class JobStopped(Exception):  # noqa: N818 - a stop, not an error
    """The work has nothing to do any more (its import was deleted, say): the job ends as
    cancelled with this message, not as failed."""


@dataclass(frozen=True)
class JobKind:
    run: JobHandler
    permission: str
    # Called when the job fails or its lease runs out. Returns a result dict when the work
    # was in fact done (the job then counts as succeeded), else None.
    on_failure: Callable[[Job], dict | None] | None = None
    # Given the failed job and its new copy, moves the job's object back to where the work can
    # run again and points it at the new job; False when it cannot (the copy is then dropped).
    before_retry: Callable[[Job, Job], bool] | None = None
    auto_retries: int = 0


_KINDS: dict[str, JobKind] = {}


def job_handler(
    kind: str,
    *,
    permission: str,
    on_failure: Callable[[Job], dict | None] | None = None,
    before_retry: Callable[[Job, Job], bool] | None = None,
    auto_retries: int = 0,
):
    """Register the function that runs jobs of `kind`; `permission` guards seeing the job."""

    def register(function: JobHandler) -> JobHandler:
        _KINDS[kind] = JobKind(function, permission, on_failure, before_retry, auto_retries)
        return function

    return register


def handler_for(kind: str) -> JobHandler:
    return _KINDS[kind].run


def visible_kinds(membership) -> list[str]:
    """The job kinds whose jobs (and their output) a member may see."""
    return [kind for kind, spec in _KINDS.items() if membership.has_permission(spec.permission)]


def lease_length() -> timedelta:
    return timedelta(seconds=settings.JOB_LEASE_SECONDS)


class JobProgress:
    """What a handler uses to say how far it is. With a heartbeat (a real worker), progress is
    written by the heartbeat's own connection, so it shows while the handler's transaction is
    still open; without one (a job run inside a request's transaction) it is written directly,
    at most twice a second."""

    def __init__(self, job: Job, min_interval: float = 0.5):
        self.job = job
        self.min_interval = min_interval
        self._last_write = 0.0
        self.heartbeat: Heartbeat | None = None

    def update(self, done: int, total: int | None = None, message: str | None = None) -> None:
        self.job.done = done
        if total is not None:
            self.job.total = total
        if message is not None:
            self.job.message = message[:500]
        if self.heartbeat is not None:
            self.heartbeat.changed.set()
            return
        now = time.monotonic()
        if now - self._last_write >= self.min_interval:
            self._last_write = now
            Job.objects.filter(pk=self.job.pk).update(
                done=self.job.done, total=self.job.total, message=self.job.message
            )

    def finish(self, sentence: str) -> None:
        """The job's last word: its bar at 100 % and one sentence saying what it did."""
        total = self.job.total or max(self.job.done, 1)
        self.update(total, total, sentence)

    def log(self, line: str) -> None:
        self.job.log = f"{self.job.log}{line}\n"
        Job.objects.filter(pk=self.job.pk).update(log=self.job.log)


class Heartbeat:
    """A thread with its own database connection that renews the job's lease and writes its
    progress while the handler runs. It stops when the handler returns; when the process dies,
    it dies with it and the lease runs out."""

    def __init__(self, job: Job, progress: JobProgress):
        self.job, self.progress = job, progress
        self.changed = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._beat, name=f"job-{job.pk}", daemon=True)

    def __enter__(self):
        self.progress.heartbeat = self
        self._thread.start()
        return self

    def __exit__(self, *exc_info):
        self._stop.set()
        self.changed.set()
        self._thread.join()
        self.progress.heartbeat = None

    def _beat(self) -> None:
        renew_every = max(settings.JOB_LEASE_SECONDS / 4, 0.2)
        last_renewal = time.monotonic()
        try:
            while not self._stop.is_set():
                self.changed.wait(timeout=min(1.0, renew_every))
                progressed = self.changed.is_set()
                self.changed.clear()
                due = time.monotonic() - last_renewal >= renew_every
                if (progressed or due) and not self._stop.is_set() and self._write():
                    last_renewal = time.monotonic()
        finally:
            connection.close()

    def _write(self) -> bool:
        job = self.job
        try:
            Job.objects.filter(pk=job.pk, state=Job.State.RUNNING).update(
                lease_expires_at=timezone.now() + lease_length(),
                done=job.done,
                total=job.total,
                message=job.message,
            )
        except DatabaseError:
            # SQLite: another process holds the write lock longer than the busy timeout.
            # The lease is several beats long; the next beat tries again.
            logger.warning("Heartbeat of job %s could not be written", job.pk, exc_info=True)
            close_old_connections()
            return False
        return True


def start_job(
    *, organisation, kind: str, title: str, actor, params: dict | None = None, next_url: str = ""
) -> Job:
    """Create the job row and queue its task once the row is committed. `next_url` is where the
    job page sends people when the job is done (the import it ran, for example)."""
    if kind not in _KINDS:
        raise KeyError(kind)  # fail now, in the request, for an unknown kind
    job = Job.objects.create(
        organisation=organisation,
        kind=kind,
        title=title[:200],
        params={**(params or {}), **({"next_url": next_url} if next_url else {})},
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        language=translation.get_language() or "nl",
    )
    _enqueue(job)
    return job


def _enqueue(job: Job, delay: timedelta | None = None) -> None:
    from .tasks import run_job

    def send():
        task = run_job
        if delay and task.get_backend().supports_defer:
            task = task.using(run_after=timezone.now() + delay)
        result = task.enqueue(job.pk)
        if task.get_backend().supports_get_result:
            Job.objects.filter(pk=job.pk).update(task_id=str(result.id))

    transaction.on_commit(send)


def execute_job(job_id: int) -> None:
    """Run a queued job once; claiming it with a conditional UPDATE makes a repeat harmless."""
    reap_expired_jobs()
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, state=Job.State.QUEUED).update(
        state=Job.State.RUNNING,
        started_at=now,
        lease_expires_at=now + lease_length(),
        attempts=F("attempts") + 1,
    )
    if not claimed:
        return
    job = Job.objects.get(pk=job_id)
    progress = JobProgress(job)
    with translation.override(job.language):
        try:
            if connection.in_atomic_block:
                # Run inside a caller's transaction (the immediate backend in a request or a
                # test): another connection could not see this job, so no heartbeat.
                result = _KINDS[job.kind].run(job, progress)
            else:
                with Heartbeat(job, progress):
                    result = _KINDS[job.kind].run(job, progress)
        except JobStopped as stop:
            _finish(job, Job.State.CANCELLED, message=str(stop))
            return
        except Exception as error:
            logger.exception("Job %s (%s) failed", job.pk, job.kind)
            fail_job(job, str(error) or type(error).__name__)
            return
    job.result = result
    # A job that is done is done: its bar ends full, whatever its handler last counted.
    job.total = job.total or max(job.done, 1)
    job.done = job.total
    _finish(job, Job.State.SUCCEEDED)


def _finish(job: Job, state: str, message: str | None = None) -> None:
    """Write the end of a job, only if it is still running (not taken over by a reaper)."""
    if message is not None:
        job.message = message[:500]
    if job.output is not None:
        _store_output(job.pk, bytes(job.output))  # first: "done" means the file is there
    Job.objects.filter(pk=job.pk, state=Job.State.RUNNING).update(
        state=state,
        result=job.result,
        finished_at=timezone.now(),
        done=job.done,
        total=job.total,
        message=job.message,
        output_name=job.output_name,
        output_content_type=job.output_content_type,
        lease_expires_at=None,
    )
    job.state = state


def _store_output(job_id: int, data: bytes) -> None:
    """Write a job's file. On PostgreSQL with a cursor that sends the bytes as a parameter:
    Django's client-side binding would spell them out in the SQL text, at about eight times
    their size in the worker's memory."""
    if connection.vendor != "postgresql":
        Job.objects.filter(pk=job_id).update(output=data)
        return
    import psycopg

    connection.ensure_connection()
    with psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(
            f"UPDATE {Job._meta.db_table} SET output = %s WHERE id = %s",  # noqa: S608
            [data, job_id],
        )


def fail_job(job: Job, message: str) -> None:
    """Mark a running job failed, let its kind clean up, and retry it if its kind allows."""
    now = timezone.now()
    failed = Job.objects.filter(pk=job.pk, state=Job.State.RUNNING).update(
        state=Job.State.FAILED,
        message=message[:500],
        finished_at=now,
        done=job.done,
        total=job.total,
        lease_expires_at=None,
    )
    if not failed:
        return
    job.state, job.message = Job.State.FAILED, message[:500]
    kind = _KINDS.get(job.kind)
    if kind is None:
        return
    recovered = None
    if kind.on_failure is not None:
        try:
            with translation.override(job.language):
                recovered = kind.on_failure(job)
        except Exception:
            logger.exception("Cleaning up after job %s (%s) failed", job.pk, job.kind)
    if recovered is not None:
        Job.objects.filter(pk=job.pk).update(state=Job.State.SUCCEEDED, result=recovered)
        job.state = Job.State.SUCCEEDED
    elif kind.auto_retries and job.attempts <= kind.auto_retries:
        requeued = Job.objects.filter(pk=job.pk, state=Job.State.FAILED).update(
            state=Job.State.QUEUED, finished_at=None
        )
        if requeued:
            job.state = Job.State.QUEUED
            _enqueue(
                job, delay=settings.JOB_RETRY_DELAY_SECONDS * job.attempts * timedelta(seconds=1)
            )


def reap_expired_jobs(organisation=None) -> int:
    """Fail the running jobs whose lease ran out: their worker is gone. Returns how many.
    Waiting jobs whose task a worker took but never started are queued again."""
    _requeue_lost(organisation)
    jobs = Job.objects.filter(state=Job.State.RUNNING, lease_expires_at__lt=timezone.now())
    if organisation is not None:
        jobs = jobs.filter(organisation=organisation)
    count = 0
    for job in jobs.defer("output", "log"):
        with translation.override(job.language):
            message = _(
                "The worker running this job stopped before it finished (it may have been "
                "restarted or run out of memory). Nothing was half-written; start it again."
            )
        before = job.state
        fail_job(job, message)
        count += job.state != before
    return count


def _requeue_lost(organisation=None) -> None:
    """A worker killed after it took a job's task from the queue but before it claimed the job
    leaves the job waiting with no task to run it. A job still waiting a lease after it was
    queued, whose task is no longer waiting either, gets a new task: the claim on the job row
    makes sure it still runs only once."""
    from .tasks import run_job

    backend = run_job.get_backend()
    if not backend.supports_get_result:
        return
    jobs = Job.objects.filter(
        state=Job.State.QUEUED, created_at__lt=timezone.now() - lease_length()
    ).exclude(task_id="")
    if organisation is not None:
        jobs = jobs.filter(organisation=organisation)
    for job in jobs.only("pk", "task_id")[:100]:
        try:
            status = run_job.get_result(job.task_id).status
        except Exception:  # the task row was pruned: nothing will run the job
            status = None
        if status != TaskResultStatus.READY:
            logger.warning("Job %s lost its task (%s); queued again", job.pk, status)
            result = run_job.enqueue(job.pk)
            Job.objects.filter(pk=job.pk, state=Job.State.QUEUED).update(task_id=str(result.id))


def retry_job(job: Job, *, actor) -> Job | None:
    """Start a failed job's work again as a new job; None when its object has moved on (the
    import was deleted, or started again already)."""
    kind = _KINDS.get(job.kind)
    if kind is None or job.state != Job.State.FAILED:
        return None
    with transaction.atomic():
        params = {key: value for key, value in job.params.items() if key != "next_url"}
        again = start_job(
            organisation=job.organisation,
            kind=job.kind,
            title=job.title,
            actor=actor,
            params=params,
            next_url=job.params.get("next_url", ""),
        )
        if kind.before_retry is not None and not kind.before_retry(job, again):
            transaction.set_rollback(True)  # drops the copy and its queued task
            return None
        from .audit import log_action

        log_action(
            "job.retried",
            actor=actor,
            organisation=job.organisation,
            obj=again,
            before={"job": job.pk, "message": job.message},
        )
    return again


def may_retry(job: Job) -> bool:
    kind = _KINDS.get(job.kind)
    return job.state == Job.State.FAILED and kind is not None
