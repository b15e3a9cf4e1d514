"""The `impactinkoop` command: the task worker gives way to the web processes."""

import os

from impactinkoop import cli


def test_the_worker_runs_at_a_lower_priority_with_polars_on_half_the_cores(monkeypatch):
    niced = []
    monkeypatch.setattr(os, "nice", niced.append)
    monkeypatch.setattr(os, "cpu_count", lambda: 4)
    monkeypatch.delenv("POLARS_MAX_THREADS", raising=False)
    monkeypatch.delenv("WORKER_NICE", raising=False)
    cli._as_background_worker()
    assert (niced, os.environ["POLARS_MAX_THREADS"]) == ([10], "2")


def test_operators_may_set_the_priority_and_threads_themselves(monkeypatch):
    niced = []
    monkeypatch.setattr(os, "nice", niced.append)
    monkeypatch.setenv("POLARS_MAX_THREADS", "8")
    monkeypatch.setenv("WORKER_NICE", "0")
    cli._as_background_worker()
    assert (niced, os.environ["POLARS_MAX_THREADS"]) == ([], "8")


def test_a_starting_worker_makes_sure_the_periodic_chain_runs(monkeypatch):
    import django.core.management

    from impactinkoop.core import schedule

    started, ran = [], []
    monkeypatch.setattr(cli, "_as_background_worker", lambda: None)
    monkeypatch.setattr(schedule, "ensure_chain", lambda: started.append(True))
    monkeypatch.setattr(django.core.management, "execute_from_command_line", ran.append)
    cli.main(["db_worker", "--no-reload"])
    cli.main(["check"])
    assert started == [True]
    assert ran == [["impactinkoop", "db_worker", "--no-reload"], ["impactinkoop", "check"]]
