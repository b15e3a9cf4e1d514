"""Benchmark: the baseline dashboard and a drill-down page with 1,000,000 ledger lines in the
organisation, on SQLite and PostgreSQL. Prints the server time (median and 95th percentile over
repeated requests through Django's test client, `percentiles.p95`) and the query count per page,
next to the same key figures computed straight from the ledger lines (what the dashboard would cost
without the monthly summary), in the same run. The dashboard keeps its figures per data version, so
the job that made a change (an import, a deleted import, link decisions) computes them, and the
first view after it reads them as later views do (printed apart).

Usage: .venv/bin/python benchmarks/baseline_dashboard.py [--lines N] [--no-postgres]
PostgreSQL: BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/impactinkoop_bench);
the database is dropped and created again.

Targets (issue 6): dashboard <= 300 ms and drill-down <= 200 ms at the 95th percentile. Issue 15
adds the drill-down's breakdown, search, order and page numbers, and the review list."""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

from ledger_import import ENV, compile_tree, fresh_database  # noqa: E402
from percentiles import median, p95  # noqa: E402

REQUESTS = int(os.environ.get("BENCH_REQUESTS", 30))


def measure(database_url: str, lines: int) -> None:
    """Runs inside a process whose settings point at `database_url`."""
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.db.models import Count, Q, Subquery, Sum
    from django.db.models.functions import TruncMonth
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from impactinkoop.accounts.models import Membership, Organisation, User
    from impactinkoop.registry.models import Company, Qualification
    from impactinkoop.spend.baseline.figures import social_suppliers
    from impactinkoop.spend.baseline.periods import Period
    from impactinkoop.spend.demo import DEMO_YEAR
    from impactinkoop.spend.generator import generate_ledger
    from impactinkoop.spend.models import LedgerLine, Supplier

    settings.ALLOWED_HOSTS = ["testserver"]
    # Production settings without `collectstatic`: plain static storage, no manifest needed.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # This process serves the pages as a web worker would, and a worker warms up when it starts
    # (`impactinkoop.wsgi`): its views imported and its templates compiled before any request.
    from impactinkoop.core.warmup import warm_up

    started = time.perf_counter()
    templates = warm_up()
    print(f"  worker warm-up: {templates} templates in {time.perf_counter() - started:.1f} s")
    organisation = Organisation.objects.get(slug="bench")
    organisation.municipality = "Voorbeeldstad"
    organisation.save()
    companies = [
        Company.objects.create(
            kvk_number=f"{50000000 + n}", name=f"Sociaal Bedrijf {n}", municipality="Voorbeeldstad"
        )
        for n in range(300)
    ]
    for company in companies[::3]:
        Qualification.objects.create(
            company=company, source="pso", level="pso_2", valid_from="2020-01-01"
        )
    started = time.perf_counter()
    data = generate_ledger(
        lines,
        suppliers=20000,
        year=DEMO_YEAR,
        seed=6,
        known=[(c.kvk_number, c.name) for c in companies],
    )
    print(f"  generated in {time.perf_counter() - started:.0f} s")
    path = Path(tempfile.gettempdir()) / "baseline-bench.csv"
    path.write_bytes(data)
    from django.core.management import call_command

    with open(os.devnull, "w") as quiet:
        call_command("import_ledger", str(path), org="bench", json=True, stdout=quiet)
    print(
        f"  imported {LedgerLine.objects.count():,} lines in {time.perf_counter() - started:.0f} s"
    )
    # What follows the import in the worker (`spend.changes`): the figures of every year are
    # computed and kept for the new data version, so no page has to. Run here as a worker
    # would run the queued job.
    from impactinkoop.core.background import execute_job
    from impactinkoop.core.models import Job

    began = time.perf_counter()
    for job_id in Job.objects.filter(state=Job.State.QUEUED).values_list("pk", flat=True):
        execute_job(job_id)
    print(f"  the worker's follow-up (figures kept): {time.perf_counter() - began:.1f} s")
    print(
        f"  {Supplier.objects.count():,} suppliers, "
        f"{Supplier.objects.exclude(company=None).count():,} linked"
    )

    user = User.objects.create_user("bench@example.org", "benchmark-password-1")
    Membership.objects.create(user=user, organisation=organisation, role="coordinator")
    client = Client()
    client.force_login(user)
    department = (
        LedgerLine.objects.filter(organisation=organisation)
        .values_list("department_id", flat=True)
        .first()
    )
    supplier = (
        LedgerLine.objects.filter(organisation=organisation, department_id=department)
        .values_list("supplier_id", flat=True)
        .first()
    )
    pages = {
        "dashboard": f"/o/bench/spend/baseline/?year={DEMO_YEAR}",
        "drill-down (department)": f"/o/bench/spend/baseline/lines/?year={DEMO_YEAR}"
        f"&department={department}",
        "drill-down (social, page 5)": f"/o/bench/spend/baseline/lines/?year={DEMO_YEAR}"
        "&social=yes&page=5",
        # Issue 15, item 15: inside a drill-down, its breakdown, search, order and page numbers.
        "department, page 40": f"/o/bench/spend/baseline/lines/?year={DEMO_YEAR}"
        f"&department={department}&page=40",
        "department, by amount": f"/o/bench/spend/baseline/lines/?year={DEMO_YEAR}"
        f"&department={department}&sort=-amount",
        "department, oldest, p. 3": f"/o/bench/spend/baseline/lines/?year={DEMO_YEAR}"
        f"&department={department}&sort=date&page=3",
        "department, search": f"/o/bench/spend/baseline/lines/?year={DEMO_YEAR}"
        f"&department={department}&q=catering",
        "department + supplier": f"/o/bench/spend/baseline/lines/?year={DEMO_YEAR}"
        f"&department={department}&supplier={supplier}",
        "year, by amount, p. 2": f"/o/bench/spend/baseline/lines/?year={DEMO_YEAR}"
        "&sort=-amount&page=2",
        "year, search": f"/o/bench/spend/baseline/lines/?year={DEMO_YEAR}&q=catering",
        # Issue 15, item 8: the review list, largest spend first.
        "review list": "/o/bench/spend/matches/list/",
        "review queue": "/o/bench/spend/matches/",
    }
    began = time.perf_counter()
    assert client.get(pages["dashboard"], secure=True).status_code == 200
    print(
        f"  dashboard, first view after the import (and its job): "
        f"{(time.perf_counter() - began) * 1000:6.0f} ms"
    )
    for label, url in pages.items():
        times, queries = [], 0
        # The drill-down keeps its breakdown per selection and data version: the first view of
        # a selection sums it, later pages and orders read it. Printed apart, as for the
        # dashboard.
        began = time.perf_counter()
        assert client.get(url, secure=True).status_code == 200
        first = (time.perf_counter() - began) * 1000
        for _ in range(REQUESTS):
            with CaptureQueriesContext(connection) as captured:
                began = time.perf_counter()
                response = client.get(url, secure=True)  # production settings: HTTPS only
                times.append((time.perf_counter() - began) * 1000)
            assert response.status_code == 200, response.status_code
            queries = len(captured)
        if os.environ.get("BENCH_SLOWEST"):
            for query in sorted(captured.captured_queries, key=lambda q: -float(q["time"]))[:8]:
                print(f"    {float(query['time']) * 1000:6.1f} ms  {query['sql'][:150]}")
        print(
            f"  {label:28} median {median(times):6.1f} ms, "
            f"p95 {p95(times):6.1f} ms, {queries} queries; first view {first:6.0f} ms"
        )

    # A change while the web process runs: another register policy. The job it queues computes
    # the figures again; the first dashboard view after it draws the new figures but computes
    # nothing (the view right after the import above also paid for a cold process).
    from impactinkoop.registry.services import set_policy

    set_policy(actor=user, organisation=organisation, accepted=["pso:pso_2", "code_so:"])
    began = time.perf_counter()
    for job_id in Job.objects.filter(state=Job.State.QUEUED).values_list("pk", flat=True):
        execute_job(job_id)
    print(f"  another policy: the worker's refresh {time.perf_counter() - began:.1f} s")
    began = time.perf_counter()
    assert client.get(pages["dashboard"], secure=True).status_code == 200
    print(
        f"  dashboard, first view after that change: {(time.perf_counter() - began) * 1000:6.0f} ms"
    )

    # The yardstick: the key figures straight from the ledger lines, no summary.
    period = Period.year(DEMO_YEAR)
    social = Q(supplier_id__in=Subquery(social_suppliers(organisation, period.end)))
    lines_in_period = LedgerLine.objects.filter(
        organisation=organisation, date__gte=period.start, date__lte=period.end
    )
    sums = {"total": Sum("amount_cents"), "social": Sum("amount_cents", filter=social)}
    began = time.perf_counter()
    lines_in_period.aggregate(**sums, suppliers=Count("supplier_id", distinct=True))
    for field in ("department_id", "cost_centre_id", "category_id"):
        list(lines_in_period.values(field).annotate(**sums))
    list(lines_in_period.annotate(m=TruncMonth("date")).values("m").annotate(**sums))
    list(lines_in_period.values("supplier_id").annotate(**sums).order_by("-total")[:10])
    naive = (time.perf_counter() - began) * 1000
    print(f"  the same key figures from the lines themselves: {naive:6.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--measure", metavar="DATABASE_URL")
    options = parser.parse_args()
    if options.measure:
        measure(options.measure, options.lines)
        return
    kinds = ["sqlite"] if options.no_postgres else ["sqlite", "postgresql"]
    compile_tree()
    with tempfile.TemporaryDirectory() as workdir:
        for kind in kinds:
            url = fresh_database(kind, Path(workdir))
            print(f"{kind}, {options.lines:,} lines")
            subprocess.run(
                [sys.executable, __file__, "--measure", url, "--lines", str(options.lines)],
                env={**ENV, "DATABASE_URL": url},
                cwd=ROOT,
                check=True,
            )


if __name__ == "__main__":
    main()
