"""Fault run: kill the task worker with SIGKILL at random points of a 200,000-line ledger import,
ten times per database, and check after every kill:

- no half-written import: the import's lines are all there or none, and it counts as imported
  exactly when they are all there;
- no stuck job: once the lease has run out, nothing is left running or waiting for ever;
- the retry (the "Try again" button) gives the file's exact total, to the cent.

The baseline in the same run is one import without a kill: its time, from queued to imported and
linked, sets the range of the kill points (up to 1.1 times it, so some kills land after the
commit, in the follow-up work).

Usage: .venv/bin/python benchmarks/import_faults.py [--engine sqlite|postgresql|both]
       [--lines 200000] [--kills 10] [--seed 1]
PostgreSQL: BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/impactinkoop_faults);
the database is dropped and created again. Exit code 1 when an invariant is broken."""

import argparse
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LEASE_SECONDS = 4


def child_env(engine: str, workdir: Path) -> dict:
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "benchmark-only-" + "x" * 40,
        "DJANGO_SETTINGS_MODULE": "impactinkoop.settings",
        "JOB_LEASE_SECONDS": str(LEASE_SECONDS),
        "JOB_RETRY_DELAY_SECONDS": "1",
        "LOG_LEVEL": "ERROR",
    }
    if engine == "sqlite":
        env.pop("DATABASE_URL", None)
        env["DATA_DIR"] = str(workdir)
    else:
        url = os.environ.get(
            "BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/impactinkoop_faults"
        )
        import psycopg

        admin_url, name = url.rsplit("/", 1)
        with psycopg.connect(f"{admin_url}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
            connection.execute(f'CREATE DATABASE "{name}"')
        env["DATABASE_URL"] = url
    return env


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--engine", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--lines", type=int, default=200_000)
    parser.add_argument("--kills", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        sys.exit(FaultRun(options).run())
    engines = ["sqlite", "postgresql"] if options.engine == "both" else [options.engine]
    failures = 0
    for engine in engines:
        with tempfile.TemporaryDirectory() as workdir:
            env = child_env(engine, Path(workdir))
            command = [sys.executable, "-m", "impactinkoop.cli", "migrate", "-v0"]
            subprocess.run(command, env=env, check=True, cwd=ROOT)
            args = ["--lines", str(options.lines), "--kills", str(options.kills)]
            args += ["--seed", str(options.seed)]
            print(f"\n== {engine}: {options.kills} kills during a {options.lines:,}-line import")
            result = subprocess.run(
                [sys.executable, __file__, "--child", *args], env=env, cwd=ROOT, check=False
            )
            failures += result.returncode != 0
    sys.exit(1 if failures else 0)


class FaultRun:
    def __init__(self, options):
        self.options = options
        self.random = random.Random(options.seed)
        self.broken: list[str] = []

    def run(self) -> int:
        import django

        django.setup()
        from impactinkoop.accounts.models import Organisation, User
        from impactinkoop.spend.generator import generate_ledger

        self.organisation = Organisation.objects.create(slug="faults", name="Faults")
        self.actor = User.objects.create_user("faults@example.org", "not-used-" + "x" * 20)
        self.data = generate_ledger(self.options.lines, suppliers=2500, year=2025, seed=7)
        started = time.perf_counter()
        baseline = self.one_import(kill_after=None)
        duration = time.perf_counter() - started
        print(
            f"baseline without a kill: {duration:.1f} s from queued to imported and linked, "
            f"import {baseline['import_seconds']:.1f} s, total {baseline['total']}"
        )
        self.expected, self.expected_lines = baseline["total"], baseline["lines"]
        print(
            f"{'kill':>4} {'after s':>8} {'phase at kill':<18} {'lines then':>10} "
            f"{'state after lease':<18} {'stuck jobs':>10} {'retry total':>14} ok"
        )
        for number in range(1, self.options.kills + 1):
            kill_after = self.random.uniform(0.05, duration * 1.1)
            row = self.one_import(kill_after=kill_after)
            ok = not row["problems"]
            print(
                f"{number:>4} {kill_after:>8.2f} {row['phase']:<18} {row['lines_at_kill']:>10,} "
                f"{row['after_lease']:<18} {row['stuck']:>10} {row['total']!s:>14} "
                f"{'yes' if ok else 'NO: ' + '; '.join(row['problems'])}"
            )
        print("all invariants held" if not self.broken else f"BROKEN: {len(self.broken)} runs")
        return 1 if self.broken else 0

    # -- one import, with or without a kill ------------------------------------------------------

    def one_import(self, kill_after: float | None) -> dict:
        from django.core.files.uploadedfile import SimpleUploadedFile

        from impactinkoop.core.background import execute_job, reap_expired_jobs, retry_job
        from impactinkoop.core.imports import ImportState
        from impactinkoop.core.models import Job
        from impactinkoop.spend.models import LedgerImport
        from impactinkoop.spend.services import (
            create_import,
            delete_import,
            start_check,
            start_import,
        )

        ledger_import = create_import(
            actor=self.actor,
            organisation=self.organisation,
            upload=SimpleUploadedFile("grootboek.csv", self.data, content_type="text/csv"),
            options={"decimal": "auto", "date_format": "auto", "amounts_include_vat": False},
        )
        check = start_check(
            actor=self.actor,
            ledger_import=ledger_import,
            mapping=ledger_import.mapping,
            options=ledger_import.options,
        )
        execute_job(check.pk)  # the check runs here; the kills are for the import
        ledger_import.refresh_from_db()
        job = start_import(actor=self.actor, ledger_import=ledger_import)
        row = {"problems": [], "phase": "-", "lines_at_kill": 0, "after_lease": "-", "stuck": 0}
        worker = self.start_worker()
        queued_at = time.perf_counter()
        if kill_after is not None:
            time.sleep(kill_after)
            row["phase"] = self.phase(ledger_import.pk, job.pk)
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait()
            row["lines_at_kill"] = self.lines(ledger_import.pk)
            self.check_whole(ledger_import.pk, row)
            time.sleep(LEASE_SECONDS + 1)
            reap_expired_jobs()
            state = LedgerImport.objects.get(pk=ledger_import.pk).state
            row["after_lease"] = state
            job.refresh_from_db()
            if job.state in (Job.State.RUNNING,):
                row["problems"].append(f"job still running after its lease ({job.pk})")
            if state == ImportState.FAILED:
                retried = retry_job(job, actor=self.actor)
                if retried is None:
                    row["problems"].append("the failed import could not be retried")
            worker = self.start_worker()
        import_seconds = self.wait_until_done(ledger_import.pk, worker, queued_at)
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait()
        row["import_seconds"] = import_seconds
        row["stuck"] = Job.objects.filter(
            organisation=self.organisation, state__in=[Job.State.QUEUED, Job.State.RUNNING]
        ).count()
        if row["stuck"]:
            row["problems"].append(f"{row['stuck']} jobs left waiting or running")
        final = LedgerImport.objects.get(pk=ledger_import.pk)
        row["total"] = Decimal(self.cents(ledger_import.pk)) / 100
        row["lines"] = final.rows_imported
        if final.state != ImportState.COMMITTED:
            row["problems"].append(f"import ended {final.state}")
        if self.lines(ledger_import.pk) != final.rows_imported or final.total_cents != int(
            row["total"] * 100
        ):
            row["problems"].append("the import's own figures differ from its lines")
        if kill_after is not None and row["total"] != self.expected:
            row["problems"].append(f"total {row['total']} is not {self.expected}")
        if row["problems"]:
            self.broken.append(str(row["problems"]))
        delete_import(actor=self.actor, ledger_import=final)
        return row

    def start_worker(self) -> subprocess.Popen:
        return subprocess.Popen(
            [
                sys.executable,
                "-m",
                "impactinkoop.cli",
                "db_worker",
                "--interval",
                "0.1",
                "--no-startup-delay",
            ],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # its own process group: the kill takes all of it
        )

    def wait_until_done(self, import_pk: int, worker, queued_at: float) -> float:
        from impactinkoop.core.imports import ImportState
        from impactinkoop.core.models import Job
        from impactinkoop.spend.models import LedgerImport

        imported_at = None
        deadline = time.perf_counter() + 600
        while time.perf_counter() < deadline:
            state = LedgerImport.objects.filter(pk=import_pk).values_list("state", flat=True)[0]
            if state == ImportState.COMMITTED and imported_at is None:
                imported_at = time.perf_counter()
            busy = Job.objects.filter(
                organisation=self.organisation, state__in=[Job.State.QUEUED, Job.State.RUNNING]
            ).exists()
            if imported_at is not None and not busy:
                return imported_at - queued_at
            if state == ImportState.FAILED:
                return time.perf_counter() - queued_at
            time.sleep(0.1)
        return float("nan")

    def phase(self, import_pk: int, job_pk: int) -> str:
        from impactinkoop.core.models import Job
        from impactinkoop.spend.models import LedgerImport

        state = LedgerImport.objects.filter(pk=import_pk).values_list("state", flat=True)[0]
        job_state = Job.objects.filter(pk=job_pk).values_list("state", flat=True)[0]
        if state == "committed":
            return "after the commit"
        return f"import {state}" if job_state == "running" else f"job {job_state}"

    def lines(self, import_pk: int) -> int:
        from impactinkoop.spend.models import LedgerLine

        return LedgerLine.objects.filter(ledger_import_id=import_pk).count()

    def cents(self, import_pk: int) -> int:
        from django.db.models import Sum

        from impactinkoop.spend.models import LedgerLine

        lines = LedgerLine.objects.filter(ledger_import_id=import_pk)
        return lines.aggregate(total=Sum("amount_cents"))["total"] or 0

    def check_whole(self, import_pk: int, row: dict) -> None:
        from impactinkoop.spend.models import LedgerImport

        state = LedgerImport.objects.filter(pk=import_pk).values_list("state", flat=True)[0]
        lines = row["lines_at_kill"]
        if lines not in (0, self.expected_lines):
            row["problems"].append(f"half-written: {lines} lines")
        if (state == "committed") != (lines == self.expected_lines):
            row["problems"].append(f"state {state} with {lines} lines")


if __name__ == "__main__":
    main()
