"""Background jobs: start one from a view or command, run it in the task worker, report progress.

State and progress live in our own `Job` row, so pages can poll it whatever task backend runs the
work. Apps register a handler per job kind in their own `jobs.py` module with `@job_handler`.
"""

import logging
import time
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone, translation

from .models import Job

logger = logging.getLogger(__name__)

JobHandler = Callable[[Job, "JobProgress"], dict | None]
_HANDLERS: dict[str, JobHandler] = {}
_PERMISSIONS: dict[str, str] = {}


def job_handler(kind: str, *, permission: str):
    """Register the function that runs jobs of `kind`; `permission` guards seeing the job."""

    def register(function: JobHandler) -> JobHandler:
        _HANDLERS[kind] = function
        _PERMISSIONS[kind] = permission
        return function

    return register


def handler_for(kind: str) -> JobHandler:
    return _HANDLERS[kind]


def visible_kinds(membership) -> list[str]:
    """The job kinds whose jobs (and their output) a member may see."""
    return [
        kind for kind, permission in _PERMISSIONS.items() if membership.has_permission(permission)
    ]


class JobProgress:
    """What a handler uses to say how far it is; writes are throttled so progress stays cheap."""

    def __init__(self, job: Job, min_interval: float = 0.5):
        self.job = job
        self.min_interval = min_interval
        self._last_write = 0.0

    def update(self, done: int, total: int | None = None, message: str | None = None) -> None:
        self.job.done = done
        if total is not None:
            self.job.total = total
        if message is not None:
            self.job.message = message[:500]
        now = time.monotonic()
        if now - self._last_write >= self.min_interval:
            self._last_write = now
            Job.objects.filter(pk=self.job.pk).update(
                done=self.job.done, total=self.job.total, message=self.job.message
            )

    def log(self, line: str) -> None:
        self.job.log = f"{self.job.log}{line}\n"
        Job.objects.filter(pk=self.job.pk).update(log=self.job.log)


def start_job(
    *, organisation, kind: str, title: str, actor, params: dict | None = None, next_url: str = ""
) -> Job:
    """Create the job row and queue its task once the row is committed. `next_url` is where the
    job page sends people when the job is done (the import it ran, for example)."""
    from .tasks import run_job

    handler_for(kind)  # fail now, in the request, for an unknown kind
    job = Job.objects.create(
        organisation=organisation,
        kind=kind,
        title=title[:200],
        params={**(params or {}), **({"next_url": next_url} if next_url else {})},
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        language=translation.get_language() or "nl",
    )
    transaction.on_commit(lambda: run_job.enqueue(job.pk))
    return job


def execute_job(job_id: int) -> None:
    """Run a queued job once; claiming it with a conditional UPDATE makes a repeat harmless."""
    claimed = Job.objects.filter(pk=job_id, state=Job.State.QUEUED).update(
        state=Job.State.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return
    job = Job.objects.get(pk=job_id)
    progress = JobProgress(job)
    with translation.override(job.language):
        try:
            result = handler_for(job.kind)(job, progress)
        except Exception as error:
            logger.exception("Job %s (%s) failed", job.pk, job.kind)
            Job.objects.filter(pk=job.pk).update(
                state=Job.State.FAILED,
                message=str(error)[:500],
                finished_at=timezone.now(),
                done=job.done,
                total=job.total,
            )
            return
    job.state = Job.State.SUCCEEDED
    job.result = result
    job.finished_at = timezone.now()
    job.save(
        update_fields=[
            "state",
            "result",
            "finished_at",
            "done",
            "total",
            "message",
            "output",
            "output_name",
            "output_content_type",
        ]
    )
