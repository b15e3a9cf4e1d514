"""Task entry points for the worker (`impactinkoop db_worker`)."""

from django_tasks import task

from .background import execute_job


@task()
def run_job(job_id: int) -> None:
    execute_job(job_id)


@task()
def periodic_tick(token: str) -> None:
    """One step of the periodic chain (`core.schedule`); queues the next itself."""
    from .schedule import tick

    tick(token)
