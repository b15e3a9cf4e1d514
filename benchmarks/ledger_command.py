"""Benchmark: the `import_ledger` command against polars alone on the same generated 1,000,000-line
ledger, both measured from outside (each a fresh process, wall time from start to exit, so the
interpreter, Django's start and the database are counted for the command, the interpreter and
polars' import for the floor). The floor reads the CSV and sums its amounts (Dutch "1.234,56"
parsed to cents): no import can be faster than reading its file once. Prints both times and
the ratio; the target (issue 16) is a ratio under 10.

Usage: .venv/bin/python benchmarks/ledger_command.py [--lines N] [--runs N] [--postgres]
  [--before SRC]
`--before SRC` also runs the command from another source tree (an older checkout's `src`),
interleaved with this one, so a busy shared machine slows both alike. Both trees are compiled
to bytecode first and run with it, as an installed package is (`ledger_import.ENV`). Besides wall
time it prints the CPU time of each process (user + system), which other work on the machine
disturbs less. PostgreSQL: BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/impactinkoop_bench);
the database is dropped and created again before every command run."""

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ledger_import import (
    ENV,
    PYTHON,
    ROOT,
    cli,
    compile_tree,
    file_total,
    fresh_database,
    stored_total,
)

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


def timed(args, env=None) -> tuple[float, float, str]:
    """Wall and CPU seconds of one process, and what it printed."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run(
        args, capture_output=True, text=True, cwd=ROOT, check=False, env=env or os.environ
    )
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    if result.returncode != 0:
        sys.exit(f"failed: {' '.join(args)}\n{result.stdout}\n{result.stderr}")
    return elapsed, cpu, result.stdout


def command(path: Path, url: str, src: str) -> tuple[float, float]:
    env = {**ENV, "DATABASE_URL": url, "PYTHONPATH": src}
    elapsed, cpu, _out = timed(cli("import_ledger", str(path), "--org", "bench"), env)
    return elapsed, cpu


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL instead of SQLite")
    parser.add_argument("--before", metavar="SRC", help="also run the command from this src")
    options = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    from impactinkoop.spend.generator import generate_ledger  # noqa: PLC0415

    kind = "postgresql" if options.postgres else "sqlite"
    trees = {"this": os.environ.get("PYTHONPATH") or str(ROOT / "src")}
    if options.before:
        trees = {"before": options.before, **trees}
    for src in trees.values():
        compile_tree(src)
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        data = generate_ledger(options.lines, suppliers=8000, kvk_share=0.7, compact=True)
        path = workdir / "ledger.csv"
        path.write_bytes(data)
        expected = file_total(data)
        print(f"file: {options.lines:,} lines, {len(data) / 1e6:.0f} MB, total {expected}")
        times: dict[str, list[tuple[float, float]]] = {"polars": [], **{t: [] for t in trees}}
        for attempt in range(1, options.runs + 1):
            # Interleaved, so a busy minute on a shared machine hits all alike.
            floor, floor_cpu, out = timed([PYTHON, "-c", POLARS_SUM, str(path)])
            if int(out.strip()) != int(expected * 100):
                sys.exit(f"polars summed {out.strip()} cents, the file holds {expected}")
            times["polars"].append((floor, floor_cpu))
            line = f"run {attempt}: polars {floor:5.2f} s (cpu {floor_cpu:5.2f})"
            for name, src in trees.items():
                url = fresh_database(kind, workdir)
                elapsed, cpu = command(path, url, src)
                if stored_total(url) != expected:
                    sys.exit("the stored total differs from the file's")
                times[name].append((elapsed, cpu))
                line += f", {name} {elapsed:5.2f} s (cpu {cpu:5.2f}) ratio {elapsed / floor:4.1f}"
            print(line, flush=True)
        floor = statistics.median(t[0] for t in times["polars"])
        floor_cpu = statistics.median(t[1] for t in times["polars"])
        print(f"median of {options.runs} ({kind}): polars {floor:.2f} s (cpu {floor_cpu:.2f})")
        for name in trees:
            wall = statistics.median(t[0] for t in times[name])
            cpu = statistics.median(t[1] for t in times[name])
            print(
                f"  import_ledger {name}: {wall:.2f} s (cpu {cpu:.2f}), ratio {wall / floor:.1f} "
                f"(cpu ratio {cpu / floor_cpu:.1f}); target: ratio < 10"
            )


if __name__ == "__main__":
    main()
