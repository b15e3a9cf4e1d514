"""Benchmark: import a generated 1,000,000-line Dutch ledger with `impactinkoop import_ledger`
into SQLite and PostgreSQL, next to a plain Django bulk_create loader on the same file in the
same run. Prints lines per second, peak memory, the speed-up, and checks the stored total
against the file's own sum to the cent.

Usage: .venv/bin/python benchmarks/ledger_import.py [--lines N] [--no-postgres] [--no-baseline]
PostgreSQL: BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/impactinkoop_bench);
the database is dropped and created again.

Targets (issue 4): >= 100,000 lines/s on SQLite, PostgreSQL in the same range, peak memory
<= 1.5 GB, >= 10x the baseline, stored total == file total."""

import argparse
import csv
import io
import os
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
# The measured processes run as an installed Impactinkoop does: with its bytecode compiled (pip
# compiles a package when it installs it). A shell that sets PYTHONDONTWRITEBYTECODE would make
# every command compile the whole project again (0.3 s of Django's start on every run).
ENV = {
    **{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
    "DEBUG": "0",
    "SECRET_KEY": "benchmark-only-" + "x" * 40,
    "DJANGO_SETTINGS_MODULE": "impactinkoop.settings",
}


def compile_tree(src: Path | str = ROOT / "src") -> None:
    """Bytecode for a source tree, as `pip install` leaves it (its `__pycache__` is ignored by
    git)."""
    import compileall

    compileall.compile_dir(str(src), quiet=1)


def run(args, database_url, capture=True):
    env = {**ENV, "DATABASE_URL": database_url}
    started = time.perf_counter()
    result = subprocess.run(args, env=env, capture_output=capture, text=True, cwd=ROOT, check=False)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"failed: {' '.join(args)}\n{result.stdout}\n{result.stderr}")
    peaks = [line.split()[1] for line in result.stderr.splitlines() if line.startswith("PEAK_KB")]
    return result.stdout, elapsed, int(peaks[-1]) if peaks else None


# Runs the command and prints its own peak memory (KB) last on stderr, so each run is measured
# on its own (ru_maxrss of all children would only ever grow).
_MEASURED = (
    "import atexit, resource, sys, runpy;"
    "atexit.register(lambda: print('PEAK_KB', resource.getrusage(resource.RUSAGE_SELF)"
    ".ru_maxrss, file=sys.stderr));"
    "sys.argv = ['impactinkoop', *sys.argv[1:]];"
    "runpy.run_module('impactinkoop.cli', run_name='__main__')"
)


def cli(*args):
    return [PYTHON, "-c", _MEASURED, *args]


def fresh_database(kind: str, workdir: Path) -> str:
    if kind == "sqlite":
        path = workdir / "bench.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        url = f"sqlite:///{path}"
    else:
        url = os.environ.get(
            "BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/impactinkoop_bench"
        )
        import psycopg

        admin_url, name = url.rsplit("/", 1)
        with psycopg.connect(f"{admin_url}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
            connection.execute(f'CREATE DATABASE "{name}"')
    run(cli("migrate", "-v0"), url)
    run(cli("create_organisation", "--slug", "bench", "--name", "Benchmark"), url)
    return url


def stored_total(url: str) -> Decimal:
    code = (
        "from django.db.models import Sum; from impactinkoop.spend.models import LedgerLine;"
        "print(LedgerLine.objects.aggregate(s=Sum('amount_cents'))['s'])"
    )
    out, _elapsed, _peak = run(cli("shell", "-c", code), url)
    return Decimal(int(out.strip().splitlines()[-1])) / 100


def file_total(data: bytes) -> Decimal:
    """The file's own sum, computed independently of the importer (csv module and Decimal)."""
    reader = csv.DictReader(io.StringIO(data.decode("utf-8")), delimiter=";")
    return sum(
        (Decimal(row["Bedrag"].replace(".", "").replace(",", ".")) for row in reader), Decimal("0")
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--no-baseline", action="store_true")
    options = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    from impactinkoop.spend.generator import generate_ledger  # noqa: PLC0415

    compile_tree()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        data = generate_ledger(options.lines, suppliers=8000, kvk_share=0.7, compact=True)
        path = workdir / "ledger.csv"
        path.write_bytes(data)
        expected = file_total(data)
        print(f"file: {options.lines:,} lines, {len(data) / 1e6:.0f} MB, total {expected}")
        print(
            f"{'database':<11} {'loader':<10} {'seconds':>8} {'lines/s':>10} {'peak MB':>8} "
            f"{'total ok':>8}"
        )
        for kind in ("sqlite", *(() if options.no_postgres else ("postgresql",))):
            url = fresh_database(kind, workdir)
            _out, ours, peak = run(cli("import_ledger", str(path), "--org", "bench", "--json"), url)
            ok = stored_total(url) == expected
            peak_text = f"{peak / 1024:.0f}" if peak else "?"
            print(
                f"{kind:<11} {'ours':<10} {ours:8.2f} {options.lines / ours:10,.0f} "
                f"{peak_text:>8} {str(ok):>8}"
            )
            if options.no_baseline:
                continue
            url = fresh_database(kind, workdir)
            out, _wall, _peak = run(
                [PYTHON, "benchmarks/baseline_ledger_loader.py", str(path), "bench"], url
            )
            count, baseline = out.split()
            baseline = float(baseline)
            print(
                f"{kind:<11} {'baseline':<10} {baseline:8.2f} "
                f"{int(count) / baseline:10,.0f} {'':>8} {'':>8}"
            )
            print(f"{kind:<11} speed-up {baseline / ours:.1f}x")


if __name__ == "__main__":
    main()
