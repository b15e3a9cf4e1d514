"""Benchmark: 20,000 ledger names against a register of 100,000 (and, with --register 3000000,
the size of the full Dutch company register) with the matching engine, next to brute force in
the same run: rapidfuzz's `process.extractOne` over every register entry (what `cdist` does, without
needing numpy) on a sample. Prints seconds, names per second, peak memory and the ratio.

Targets (issue 5): 100,000 companies in <= 10 s, 3,000,000 in <= 120 s, peak memory <= 4 GB.
Usage: .venv/bin/python benchmarks/matching_speed.py [--register N] [--names N]"""

import argparse
import random
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from rapidfuzz import fuzz, process  # noqa: E402

from impactinkoop.matching.engine import Register  # noqa: E402
from impactinkoop.matching.normalise import name_key  # noqa: E402

SYLLABLES = [
    "ber",
    "gen",
    "hol",
    "land",
    "van",
    "der",
    "zon",
    "mar",
    "kel",
    "dam",
    "wijk",
    "veld",
    "bos",
    "berg",
    "stra",
    "ten",
    "ha",
    "ver",
    "meer",
    "lin",
    "de",
    "ro",
    "sa",
    "ka",
]
WORDS = [
    "Techniek",
    "Advies",
    "Groep",
    "Service",
    "Bouw",
    "Zorg",
    "Installatie",
    "Logistiek",
    "Catering",
    "Drukkerij",
    "Schoonmaak",
    "Bakkerij",
    "Transport",
    "Media",
    "Consult",
]
FORMS = ["B.V.", "BV", "N.V.", "Stichting", "V.O.F.", "", "Holding B.V."]


def company_name(rng: random.Random) -> str:
    family = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
    return f"{family} {rng.choice(WORDS)} {rng.choice(FORMS)}".strip()


def distort(name: str, rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.3:
        return name.upper()[:35]
    if roll < 0.5 and len(name) > 8:
        i = rng.randrange(1, len(name) - 2)
        return name[:i] + name[i + 1] + name[i] + name[i + 2 :]
    if roll < 0.7:
        return name.replace("B.V.", "BV").replace("Stichting ", "STG. ")
    return name


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--register", type=int, default=100_000)
    parser.add_argument("--names", type=int, default=20_000)
    parser.add_argument("--sample", type=int, default=50)
    options = parser.parse_args()
    rng = random.Random(7)
    entries = [(f"{n:08d}", company_name(rng)) for n in range(options.register)]
    names = [
        distort(rng.choice(entries)[1], rng) if rng.random() < 0.7 else company_name(rng)
        for _ in range(options.names)
    ]

    started = time.perf_counter()
    register = Register(entries)
    indexed = time.perf_counter()
    matches = [register.match(name) for name in names]
    finished = time.perf_counter()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    bands = {b: sum(m.decision == b for m in matches) for b in ("auto", "review", "none")}
    total = finished - started
    print(f"register {options.register:,}, names {options.names:,}")
    print(
        f"engine: index {indexed - started:.1f} s, match {finished - indexed:.1f} s, "
        f"total {total:.1f} s, {options.names / (finished - indexed):,.0f} names/s, "
        f"peak {peak:,.0f} MB, bands {bands}"
    )

    sample = names[: options.sample]
    keys = register.keys
    began = time.perf_counter()
    for name in sample:
        process.extractOne(name_key(name), keys, scorer=fuzz.ratio)
    brute = (time.perf_counter() - began) / len(sample) * options.names
    print(
        f"brute force (rapidfuzz over every entry): {brute:.0f} s estimated for all names "
        f"(measured on {len(sample)}); engine is {brute / total:.0f}x faster"
    )


if __name__ == "__main__":
    main()
