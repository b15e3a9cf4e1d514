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


def _start_periodic_work() -> None:
    """A starting worker makes sure the periodic chain runs (`core.schedule`): its row in the
    database says whether one lives, so however many workers start, there is one chain. A
    database that is not migrated yet gets it from the next worker that starts."""
    import logging

    import django
    from django.db import DatabaseError, connections

    django.setup()
    from impactinkoop.core.schedule import ensure_chain

    try:
        ensure_chain()
    except DatabaseError:
        logging.getLogger(__name__).warning("Periodic work not started", exc_info=True)
    finally:
        connections.close_all()


# Commands that read files and use neither the database nor any app's models. Django's start
# loads every app, most of a second: for `match_names` that was a sixth of matching 20,000 names
# against a kept register (issue 23).
WITHOUT_APPS = {"match_names": "impactinkoop.registry.management.commands.match_names"}


def _run_without_apps(argv: list[str]) -> bool:
    """Run a command of WITHOUT_APPS without loading the apps; False if it turned out to need
    them. A translated message does (Django's catalogues are found through the apps); those are
    the input files' errors, raised before the command writes its output, so running it again
    the usual way shows the message and writes nothing twice."""
    from importlib import import_module

    from django.core.exceptions import AppRegistryNotReady

    try:
        command = import_module(WITHOUT_APPS[argv[0]]).Command()
        command.run_from_argv(["impactinkoop", *argv])
    except AppRegistryNotReady:
        return False
    return True


def main(argv: list[str] | None = None) -> None:
    argv = argv if argv is not None else sys.argv[1:]
    worker = argv[:1] in (["db_worker"], ["rqworker"])
    if worker:
        _as_background_worker()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "impactinkoop.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        if argv and argv[0] in WITHOUT_APPS and _run_without_apps(argv):
            return
        if worker:
            _start_periodic_work()
        execute_from_command_line(["impactinkoop", *argv])
    except ImproperlyConfigured as error:
        # A missing setting is the operator's to fix: say which, without a traceback.
        sys.exit(f"impactinkoop: {error}")


if __name__ == "__main__":
    main()
