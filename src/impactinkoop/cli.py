"""The `impactinkoop` console command: Django's manage.py with the project's settings."""

import os
import sys


def _as_background_worker() -> None:
    """The task worker gives way to the web processes on a shared machine: a lower CPU priority
    (WORKER_NICE, default 10) and polars on half the cores (POLARS_MAX_THREADS), set before
    polars starts its thread pool. Pages stay quick while a large import runs; the import takes
    a little longer."""
    cores = os.cpu_count() or 1
    os.environ.setdefault("POLARS_MAX_THREADS", str(max(1, cores // 2)))
    nice = int(os.environ.get("WORKER_NICE", "10") or 0)
    if nice and hasattr(os, "nice"):
        os.nice(nice)


def main(argv: list[str] | None = None) -> None:
    argv = argv if argv is not None else sys.argv[1:]
    if argv[:1] in (["db_worker"], ["rqworker"]):
        _as_background_worker()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "impactinkoop.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(["impactinkoop", *argv])
    except ImproperlyConfigured as error:
        # A missing setting is the operator's to fix: say which, without a traceback.
        sys.exit(f"impactinkoop: {error}")


if __name__ == "__main__":
    main()
