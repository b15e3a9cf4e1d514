"""Benchmark: download a year of 200,000 ledger lines as CSV and XLSX through the background job
(`spend.lines_export`, run by `execute_job` as the worker runs it, file kept in the job row), next
to the old way in the same run: the whole file built in memory in the web request (model objects,
a StringIO of the CSV, xlsxwriter's in-memory workbook). Each way runs in its own process, so its
peak memory (ru_maxrss) is its own; the growth over the process before the export is printed too.
Checks that each file's total equals the page's total (from the kept figures) to the cent.

Usage: .venv/bin/python benchmarks/lines_export.py [--lines N] [--no-postgres]
PostgreSQL: BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/impactinkoop_bench);
the database is dropped and created again.

Target (issue 14): the export no longer runs in the request, and the job's memory stays flat
(it does not grow with the number of lines beyond the finished file itself)."""

import argparse
import io
import json
import resource
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ledger_import import ENV, cli, fresh_database, run  # noqa: E402

WAYS = [("job", "csv"), ("job", "xlsx"), ("old", "csv"), ("old", "xlsx")]


def peak_kb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def old_csv_bytes(header, rows) -> bytes:
    """The CSV writer as it was: the whole text in a StringIO, then encoded."""
    import csv

    from impactinkoop.core.exports import safe_cell

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([safe_cell(cell) for cell in header])
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def old_xlsx_bytes(header, rows) -> bytes:
    """The XLSX writer as it was: every cell in xlsxwriter's in-memory workbook."""
    import xlsxwriter

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    worksheet = workbook.add_worksheet("Export")
    money = workbook.add_format({"num_format": "#,##0.00"})
    for column, title in enumerate(header):
        worksheet.write_string(0, column, str(title))
    for number, row in enumerate(rows, start=1):
        for column, value in enumerate(row):
            if isinstance(value, Decimal):
                worksheet.write_number(number, column, value, money)
            else:
                worksheet.write_string(number, column, "" if value is None else str(value))
    workbook.close()
    return buffer.getvalue()


def old_way(selection, fmt: str) -> bytes:
    """What `lines(?format=...)` did in the request before: model objects, whole file in memory."""
    from impactinkoop.spend.baseline.line_exports import header

    found = selection.lines().select_related("supplier", "department", "cost_centre", "category")
    rows = (
        [
            line.date.isoformat(),
            line.supplier.name,
            line.invoice_number,
            Decimal(line.amount_cents) / 100,
            line.department.name if line.department else "",
            line.cost_centre.name if line.cost_centre else "",
            line.category.name if line.category else "",
            line.description,
        ]
        for line in found.iterator(chunk_size=5000)
    )
    return (old_xlsx_bytes if fmt == "xlsx" else old_csv_bytes)(header(), rows)


def file_total_cents(data: bytes, fmt: str) -> tuple[int, int]:
    """Lines and total of a written file, read back independently of the writers."""
    if fmt == "csv":
        import csv

        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))[1:]
        return len(rows), sum(int(Decimal(row[3]) * 100) for row in rows)
    from python_calamine import CalamineWorkbook

    rows = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()[1:]
    return len(rows), sum(int(Decimal(repr(row[3])) * 100) for row in rows)


def measure(way: str, fmt: str) -> None:
    """Runs in its own process (settings from the environment); prints one JSON line."""
    import django

    django.setup()
    import xlsxwriter  # noqa: F401  (loaded before the start figure, for both ways alike)
    from django.utils import translation

    from impactinkoop.accounts.models import Organisation
    from impactinkoop.core.background import execute_job
    from impactinkoop.core.models import Job
    from impactinkoop.spend.baseline.line_exports import LINES_EXPORT, select_lines

    translation.activate("nl")
    organisation = Organisation.objects.get(slug="bench")
    selection = select_lines(organisation, {})  # the latest year, every line
    page_total = selection.summary()  # what the lines page shows (kept figures)
    start_kb = peak_kb()
    started = time.perf_counter()
    if way == "job":
        job = Job.objects.create(
            organisation=organisation,
            kind=LINES_EXPORT,
            title="benchmark",
            params={"filters": selection.params(), "format": fmt},
        )
        execute_job(job.pk)
        seconds = time.perf_counter() - started
        peak = peak_kb()
        job.refresh_from_db()
        if job.state != Job.State.SUCCEEDED:
            sys.exit(f"job failed: {job.message}")
        data = bytes(job.output)
    else:
        data = old_way(selection, fmt)
        seconds = time.perf_counter() - started
        peak = peak_kb()
    lines, total = file_total_cents(data, fmt)
    print(
        json.dumps(
            {
                "seconds": seconds,
                "start_kb": start_kb,
                "peak_kb": peak,
                "bytes": len(data),
                "lines": lines,
                "total_ok": (lines, total) == (page_total["count"], page_total["total"]),
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=200_000)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--measure", nargs=2, metavar=("WAY", "FORMAT"))
    options = parser.parse_args()
    if options.measure:
        measure(*options.measure)
        return
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from impactinkoop.spend.generator import generate_ledger  # noqa: PLC0415

    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        path = workdir / "ledger.csv"
        path.write_bytes(generate_ledger(options.lines, suppliers=8000, seed=14))
        print(f"{options.lines:,} ledger lines, one year")
        print(
            f"{'database':<11} {'way':<5} {'format':<6} {'seconds':>8} {'peak MB':>8} "
            f"{'growth MB':>10} {'file MB':>8} {'total ok':>8}"
        )
        for kind in ("sqlite", *(() if options.no_postgres else ("postgresql",))):
            url = fresh_database(kind, workdir)
            run(cli("import_ledger", str(path), "--org", "bench"), url)
            for way, fmt in WAYS:
                result = subprocess.run(
                    [sys.executable, __file__, "--measure", way, fmt],
                    env={**ENV, "DATABASE_URL": url},
                    capture_output=True,
                    text=True,
                    check=False,
                )
                if result.returncode != 0:
                    sys.exit(f"{way} {fmt} failed:\n{result.stdout}\n{result.stderr}")
                figures = json.loads(result.stdout.strip().splitlines()[-1])
                print(
                    f"{kind:<11} {way:<5} {fmt:<6} {figures['seconds']:8.1f} "
                    f"{figures['peak_kb'] / 1024:8.0f} "
                    f"{(figures['peak_kb'] - figures['start_kb']) / 1024:10.0f} "
                    f"{figures['bytes'] / 1e6:8.1f} {str(figures['total_ok']):>8}"
                )


if __name__ == "__main__":
    main()
