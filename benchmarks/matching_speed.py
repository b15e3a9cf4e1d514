"""Benchmark: 20,000 ledger names against a register of 100,000 (and, with --register 3000000,
the size of the full Dutch company register) with the matching engine, next to brute force in
the same run: rapidfuzz's `process.cdist` over every register entry on a sample of names.
Prints seconds, names per second, peak memory, how many of the names taken (distorted) from the
register are found again, and the ratio to brute force.

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

import numpy  # noqa: E402
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
    """A made-up name; two to four syllables give some 350,000 family names, a vocabulary as
    varied as a real register's."""
    family = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()
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
    parser.add_argument("--sample", type=int, default=20)
    options = parser.parse_args()
    rng = random.Random(7)
    entries = [(f"{n:08d}", company_name(rng)) for n in range(options.register)]
    # 70% of the names come from the register, distorted; the rest are other companies.
    sources = [
        rng.randrange(len(entries)) if rng.random() < 0.7 else None for _ in range(options.names)
    ]
    names = [
        distort(entries[source][1], rng) if source is not None else company_name(rng)
        for source in sources
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

    found = sum(
        1
        for match, source in zip(matches, sources, strict=True)
        if source is not None
        and match.decision != "none"
        and match.ref is not None
        and register.keys[match.ref] == register.keys[source]
    )
    taken = sum(source is not None for source in sources)
    print(f"names taken from the register found again: {found / taken:.3f}")

    # Brute force: rapidfuzz's cdist scores a sample of names against every register entry,
    # on all cores; the estimate for all names is the sample's time scaled up.
    sample = [name_key(name) for name in names[: options.sample]]
    began = time.perf_counter()
    process.cdist(sample, register.keys, scorer=fuzz.ratio, dtype=numpy.uint8, workers=-1)
    brute = (time.perf_counter() - began) / len(sample) * options.names
    print(
        f"brute force (rapidfuzz.process.cdist over every entry, {options.sample} names): "
        f"{brute:.0f} s estimated for all names; the engine is {brute / total:.0f}x faster"
    )


if __name__ == "__main__":
    main()
