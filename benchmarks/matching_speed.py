"""Benchmark: 20,000 ledger names against a register of 100,000 companies (and, with --register
3000000, the size of the full Dutch company register), timed as a user runs it: the whole
`impactinkoop match_names REGISTER.csv NAMES.csv --out OUT.csv` command as a fresh process
(start-up, reading both files, building the index, matching, writing), next to brute force in the
same run: rapidfuzz's `process.cdist` with `token_sort_ratio` on all cores (`workers=-1`) over
every pair of the same normalised keys (`name_key`). The register and names come from the
evaluation generator of the tests (tests/matching/evaluation.py, seeded), written as CSV to a
temporary folder; the quality figures per failure kind are computed from OUT.csv.

Prints the times and ratios, the command's peak memory (its own `ru_maxrss`, from `wait4`) and
the quality table. The command runs twice: the first run builds the register's index and keeps
it, the second opens the kept index. With --register 1000000 or more brute force is timed on a
sample of names and scaled up; --cache DIR keeps the generated files for the next run.

Generating the 3,000,000-company register takes about ten minutes and 3 GB (not timed).

The command is the venv's `impactinkoop` (beside this Python), run on this checkout's `src`
(PYTHONPATH), compiled to bytecode first as an installed package is, with DATA_DIR in a
temporary folder.

Targets (issue 23): 100,000 companies: the command >= 10x faster than cdist; 3,000,000: with a
kept index <= 30 s and <= 2 GB; automatic links precision >= 0.995, auto recall >= 0.85,
found >= 0.97.
Usage: .venv/bin/python benchmarks/matching_speed.py [--register N] [--names N] [--sample N]
  [--seed N]"""

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

import numpy  # noqa: E402
from ledger_import import ENV, compile_tree  # noqa: E402
from rapidfuzz import fuzz, process  # noqa: E402

from impactinkoop.matching.normalise import name_key  # noqa: E402
from tests.matching.evaluation import evaluate, make_evaluation, report  # noqa: E402

COMMAND = Path(sys.executable).with_name("impactinkoop")
NATIONAL = 1_000_000  # from this register size on: two runs, brute force on a sample
CDIST_CHUNK = 1_000  # names per cdist call: 1,000 x 100,000 scores are 100 MB of uint8
TARGET_RATIO = 10
TARGET_KEPT_SECONDS = 30
TARGET_KEPT_MB = 2_000


def write_files(folder: Path, entries, rows) -> tuple[Path, Path]:
    register, names = folder / "register.csv", folder / "names.csv"
    with register.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["kvk", "name"])
        writer.writerows(entries)
    with names.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["name", "kvk"])
        writer.writerows((name, kvk) for name, kvk, _truth, _kind in rows)
    return register, names


def run_command(register: Path, names: Path, out: Path, data_dir: Path) -> tuple[float, float]:
    """Wall seconds and peak memory (MB) of one `match_names` process."""
    env = {**ENV, "DATA_DIR": str(data_dir), "PYTHONPATH": str(ROOT / "src")}
    args = [str(COMMAND), "match_names", str(register), str(names), "--out", str(out)]
    with (data_dir / "command.log").open("w") as log:
        started = time.perf_counter()
        child = subprocess.Popen(args, env=env, cwd=data_dir, stdout=log, stderr=log)
        # wait4 gives this child's own resource use: RUSAGE_CHILDREN's peak only ever grows.
        _pid, status, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        sys.exit(
            f"match_names failed ({child.returncode}):\n{(data_dir / 'command.log').read_text()}"
        )
    return elapsed, usage.ru_maxrss / 1024


def matches_from(out: Path, entries) -> list:
    """OUT.csv's rows, in the names' order, as matches with a decision and the register index of
    the proposed company (found by its KvK and name)."""
    index_of = {}
    for index, (kvk, name) in enumerate(entries):
        index_of.setdefault((kvk, name), index)
    with out.open(encoding="utf-8", newline="") as handle:
        return [
            SimpleNamespace(
                decision=row["decision"],
                ref=index_of.get((row["match_kvk"], row["match_name"])),
            )
            for row in csv.DictReader(handle)
        ]


def brute_force(names: list[str], entries, sample: int) -> tuple[float, int]:
    """Seconds cdist takes for all names (measured on `sample` of them and scaled up)."""
    register_keys = [name_key(name) for _kvk, name in entries]
    name_keys = [name_key(name) for name in names[:sample]]
    started = time.perf_counter()
    for start in range(0, len(name_keys), CDIST_CHUNK):
        process.cdist(
            name_keys[start : start + CDIST_CHUNK],
            register_keys,
            scorer=fuzz.token_sort_ratio,
            workers=-1,
            dtype=numpy.uint8,
        )
    return (time.perf_counter() - started) * len(names) / len(name_keys), len(name_keys)


def evaluation(options):
    """The generated register and names, from --cache when it holds them for these options."""
    cached = None
    if options.cache:
        cached = (
            options.cache / f"evaluation-{options.register}-{options.names}-{options.seed}.json"
        )
        if cached.exists():
            data = json.loads(cached.read_text())
            return [tuple(e) for e in data["entries"]], [tuple(r) for r in data["rows"]]
    entries, rows = make_evaluation(options.register, options.names, seed=options.seed)
    if cached:
        cached.parent.mkdir(parents=True, exist_ok=True)
        cached.write_text(json.dumps({"entries": entries, "rows": rows}))
    return entries, rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--register", type=int, default=100_000)
    parser.add_argument("--names", type=int, default=20_000)
    parser.add_argument(
        "--sample",
        type=int,
        help="time cdist on this many names and scale up (default: all names; 500 from "
        f"{NATIONAL:,} companies on)",
    )
    parser.add_argument("--seed", type=int, default=23)
    parser.add_argument(
        "--cache",
        type=Path,
        help="keep the generated register and names in this folder and reuse them next time "
        "(generating 3,000,000 companies takes about ten minutes)",
    )
    options = parser.parse_args()
    national = options.register >= NATIONAL
    sample = options.sample or (500 if national else options.names)
    if not COMMAND.exists():
        sys.exit(f"{COMMAND} not found: run this with the Python of Impactinkoop's venv")

    began = time.perf_counter()
    entries, rows = evaluation(options)
    print(
        f"register {len(entries):,}, names {len(rows):,} (seed {options.seed}), "
        f"ready in {time.perf_counter() - began:.0f} s"
    )
    compile_tree()
    with tempfile.TemporaryDirectory(prefix="matching_speed_") as folder:
        folder = Path(folder)
        register, names = write_files(folder, entries, rows)
        out = folder / "out.csv"
        # The first run builds the register's index and keeps it; the second opens it.
        runs = [run_command(register, names, out, folder) for _run in range(2)]
        matches = matches_from(out, entries)
    for label, (seconds, peak) in zip(["builds the index", "a kept index"], runs, strict=True):
        print(f"match_names, {label}: {seconds:.1f} s, peak {peak:,.0f} MB")
    if national:
        seconds, peak = runs[-1]
        print(
            f"  with a kept index: {seconds:.1f} s (target <= {TARGET_KEPT_SECONDS} s), "
            f"peak {peak:,.0f} MB (target <= {TARGET_KEPT_MB:,} MB)"
        )

    brute, timed_names = brute_force([row[0] for row in rows], entries, sample)
    how = "all names" if timed_names == len(rows) else f"{timed_names:,} names, scaled up"
    print(f"rapidfuzz cdist token_sort_ratio, workers=-1 ({how}): {brute:.1f} s")
    print(
        f"the command is {brute / runs[0][0]:.1f}x faster than cdist when it builds the index, "
        f"{brute / runs[1][0]:.1f}x with a kept index (target >= {TARGET_RATIO}x)"
    )
    print()
    print(report(evaluate(entries, rows, matches)))
    print("targets: precision >= 0.995, auto recall >= 0.85, found >= 0.97")


if __name__ == "__main__":
    main()
