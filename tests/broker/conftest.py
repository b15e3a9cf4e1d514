"""Two RQ worker processes with Redis, started for the tests of this folder, and the reasons these
tests skip: no Redis, or a test database that other processes cannot open.

The workers are `impactinkoop rqworker` processes started the way docs/operations.md tells an
operator to, with the production settings read from the environment, so what passes here is the
set-up the docs describe. They must reach the test database: PostgreSQL's always can; SQLite's only
when it is a file (`--ds tests.settings_file_db`), never the default one in memory. Each run takes
a Redis database number of its own, so runs side by side never take each other's jobs.

With RQ_TESTS_REQUIRED=1 (as `.ci/run` sets) a missing Redis fails these tests instead of skipping
them; an in-memory SQLite database still skips them (`.ci/run` runs them on a file as well).
"""

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from impactinkoop.core.models import Job

django_tasks_rq = pytest.importorskip("django_tasks_rq", reason="django-tasks-rq not installed")
redis = pytest.importorskip("redis")
rq = pytest.importorskip("rq")

REDIS_SERVER = os.environ.get("RQ_TEST_REDIS_URL", "redis://127.0.0.1:6379").rstrip("/")
RQ_BACKEND = "django_tasks_rq.RQBackend"
WORKERS = 2
CLAIM_SECONDS = 60 * 60  # released at the end; a killed run's claim expires


def _not_here(reason: str):
    if os.environ.get("RQ_TESTS_REQUIRED") == "1":
        pytest.fail(f"RQ_TESTS_REQUIRED is set, but {reason}", pytrace=False)
    pytest.skip(reason)


def _database_url() -> str:
    """The test database as a DATABASE_URL for the workers."""
    database = settings.DATABASES["default"]
    if connection.vendor == "sqlite":
        return f"sqlite:///{database['NAME']}"
    user = database["USER"] + (f":{database['PASSWORD']}" if database["PASSWORD"] else "")
    host = database["HOST"] or "127.0.0.1"
    return f"postgres://{user}@{host}:{database['PORT'] or 5432}/{database['NAME']}"


def _claim_redis_database(server) -> int:
    """A Redis database number no other test run holds (0 stays for real use)."""
    try:
        count = int(server.config_get("databases").get("databases", 16))
    except redis.ResponseError:  # a Redis that refuses CONFIG
        count = 16
    for number in range(1, count):
        key = f"impactinkoop:tests:redis-db:{number}"
        if server.set(key, os.getpid(), nx=True, ex=CLAIM_SECONDS):
            return number
    _not_here(f"every Redis database 1-{count - 1} at {REDIS_SERVER} is held by another test run")


@pytest.fixture(scope="module")
def redis_url():
    server = redis.Redis.from_url(f"{REDIS_SERVER}/0", socket_connect_timeout=2)
    try:
        server.ping()
    except redis.RedisError as error:
        _not_here(f"no Redis at {REDIS_SERVER} ({error}); these tests run jobs on RQ workers")
    number = _claim_redis_database(server)
    url = f"{REDIS_SERVER}/{number}"
    ours = redis.Redis.from_url(url)
    ours.flushdb()
    yield url
    ours.flushdb()
    server.delete(f"impactinkoop:tests:redis-db:{number}")


def _start_worker(number: int, env: dict, log_dir: Path) -> tuple[subprocess.Popen, Path]:
    log = log_dir / f"worker-{number}.log"
    process = subprocess.Popen(  # noqa: S603 - our own command, no shell
        [
            sys.executable,
            "-m",
            "impactinkoop.cli",
            "rqworker",
            "--job-class",
            "django_tasks_rq.Job",
            "--with-scheduler",
            # A worker left behind by a test run that was killed stops by itself.
            "--max-idle-time",
            "600",
            "--name",
            f"impactinkoop-test-{os.getpid()}-{number}",
            "default",
        ],
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    return process, log


@dataclass
class Workers:
    names: list[str]
    logs: list[Path]

    def log_tails(self) -> str:
        return "\n".join(f"--- {log.name}\n{log.read_text()[-2000:]}" for log in self.logs)


@pytest.fixture(scope="module")
def rq_workers(django_db_setup, django_db_blocker, redis_url, tmp_path_factory):
    """Two workers, both listening on the queue before the first test starts."""
    with django_db_blocker.unblock():
        in_memory = connection.vendor == "sqlite" and connection.is_in_memory_db()
    if in_memory:
        pytest.skip(
            "the SQLite test database is in memory, where worker processes cannot reach it; "
            "run them with `make test PYTEST_ARGS='--ds tests.settings_file_db -m rq'` "
            "(or on PostgreSQL)"
        )
    env = {
        **os.environ,
        "SECRET_KEY": "only-for-the-rq-workers-of-the-test-suite-" + "k" * 20,
        "DEBUG": "1",  # templates' static files without collectstatic, like the other commands
        "DATABASE_URL": _database_url(),
        "TASK_BACKEND": RQ_BACKEND,
        "REDIS_URL": redis_url,
        "WORKER_NICE": "0",
        "JOB_LEASE_SECONDS": str(settings.JOB_LEASE_SECONDS),
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    log_dir = tmp_path_factory.mktemp("rq-workers")
    started = [_start_worker(number, env, log_dir) for number in range(1, WORKERS + 1)]
    workers = Workers(names=[], logs=[log for _process, log in started])
    server = redis.Redis.from_url(redis_url)
    try:
        deadline = time.monotonic() + 60
        while len(rq.Worker.all(connection=server)) < WORKERS:
            if any(process.poll() is not None for process, _log in started):
                pytest.fail(f"an RQ worker stopped at start:\n{workers.log_tails()}")
            if time.monotonic() > deadline:
                pytest.fail(f"the RQ workers did not start in a minute:\n{workers.log_tails()}")
            time.sleep(0.2)
        workers.names = sorted(worker.name for worker in rq.Worker.all(connection=server))
        yield workers
    finally:
        for process, _log in started:
            process.terminate()  # a warm shutdown: a job that runs is finished first
        for process, _log in started:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture
def on_rq(rq_workers, redis_url, settings) -> Workers:
    """This process queues jobs on Redis, as a web process configured for RQ does."""
    settings.TASKS = {"default": {"BACKEND": RQ_BACKEND, "QUEUES": ["default"]}}
    settings.RQ_QUEUES = {"default": {"URL": redis_url}}
    return rq_workers


def settle(workers: Workers, timeout: float = 90) -> list[Job]:
    """Wait until no job waits or runs; every job, oldest first, each checked as succeeded."""
    deadline = time.monotonic() + timeout
    unfinished = [Job.State.QUEUED, Job.State.RUNNING]
    while Job.objects.filter(state__in=unfinished).exists():
        if time.monotonic() > deadline:
            waiting = list(Job.objects.filter(state__in=unfinished).values("pk", "kind", "state"))
            pytest.fail(f"unfinished after {timeout} s: {waiting}\n{workers.log_tails()}")
        time.sleep(0.1)
    jobs = list(Job.objects.order_by("pk"))
    failed = [
        (job.kind, job.state, job.message) for job in jobs if job.state != Job.State.SUCCEEDED
    ]
    assert not failed, f"{failed}\n{workers.log_tails()}"
    return jobs


def worker_of(job: Job) -> str:
    """The RQ worker that ran a job, as RQ itself recorded it."""
    from impactinkoop.core.tasks import run_job

    (name,) = set(run_job.get_result(job.task_id).worker_ids)
    return name
