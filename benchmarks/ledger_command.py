"""Benchmark: the `import_ledger` command against polars alone on the same generated 1,000,000-line
ledger, both measured from outside (each a fresh process, wall time from start to exit, so the
interpreter, Django's start and the database are counted for the command, the interpreter and
polars' import for the floor). The floor reads the CSV and sums its amounts (Dutch "1.234,56"
parsed to cents): no import can be faster than reading its file once. Prints both times and
the ratio; the target (issue 16) is a ratio under 10.

Usage: .venv/bin/python benchmarks/ledger_command.py [--lines N] [--runs N] [--postgres]
PostgreSQL: BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/impactinkoop_bench);
the database is dropped and created again before every command run."""

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ledger_import import PYTHON, ROOT, cli, file_total, fresh_database, run, stored_total

# The floor: polars reads the file and sums the amounts in cents, as the import must at least.
POLARS_SUM = """
import sys
import polars as pl
frame = pl.read_csv(sys.argv[1], separator=";", infer_schema=False)
cents = (
    frame["Bedrag"].str.replace_all(".", "", literal=True).str.replace(",", "", literal=True)
    .cast(pl.Int64)
)
print(cents.sum())
"""


def timed(args) -> tuple[float, str]:
    started = time.perf_counter()
    result = subprocess.run(args, capture_output=True, text=True, cwd=ROOT, check=False)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"failed: {' '.join(args)}\n{result.stdout}\n{result.stderr}")
    return elapsed, result.stdout


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL instead of SQLite")
    options = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    from impactinkoop.spend.generator import generate_ledger  # noqa: PLC0415

    kind = "postgresql" if options.postgres else "sqlite"
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        data = generate_ledger(options.lines, suppliers=8000, kvk_share=0.7, compact=True)
        path = workdir / "ledger.csv"
        path.write_bytes(data)
        expected = file_total(data)
        print(f"file: {options.lines:,} lines, {len(data) / 1e6:.0f} MB, total {expected}")
        floors, commands = [], []
        for attempt in range(1, options.runs + 1):
            # Interleaved, so a busy minute on a shared machine hits both alike.
            floor, out = timed([PYTHON, "-c", POLARS_SUM, str(path)])
            if int(out.strip()) != int(expected * 100):
                sys.exit(f"polars summed {out.strip()} cents, the file holds {expected}")
            url = fresh_database(kind, workdir)
            _out, command, _peak = run(cli("import_ledger", str(path), "--org", "bench"), url)
            if stored_total(url) != expected:
                sys.exit("the stored total differs from the file's")
            floors.append(floor)
            commands.append(command)
            print(
                f"run {attempt}: polars {floor:6.2f} s, import_ledger ({kind}) {command:6.2f} s, "
                f"ratio {command / floor:5.1f}"
            )
        floor, command = statistics.median(floors), statistics.median(commands)
        print(
            f"median of {options.runs}: polars {floor:.2f} s, import_ledger ({kind}) "
            f"{command:.2f} s, ratio {command / floor:.1f} (target < 10)"
        )


if __name__ == "__main__":
    main()
