"""Quality of the name matching on a labelled set built from real names.

Real variants: ../shared/data/names/patent_holders_reference.csv (rows with the same leuven_id are
the same company). Each company's most used spelling goes into the register (with an invented KvK
number), as a register holds the official name; the other spellings are the queries; a fifth of
the companies is held out of the register, so their spellings must find nothing.

Noisy variants: each register name, and four times each of the 80-odd real Dutch sheltered-work
companies (../shared/data/regions/socialewerkvoorziening.csv), distorted the way finance systems
do (upper case, cut at 20 or 35 characters, legal form added or written differently, "Stg." in
front, "&" as "en", hyphens dropped, a typo, words swapped, a town added).

Prints precision of the `auto` band, recall of `auto` + `review`, how often a review proposal is
the right company, and how many names of companies outside the register were proposed at all.
Targets (issue 5): precision(auto) >= 0.99, recall(auto + review) >= 0.95.
Usage: .venv/bin/python benchmarks/matching_quality.py"""

import csv
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from impactinkoop.matching.engine import AUTO, NONE, REVIEW, Register  # noqa: E402

NAMES = ROOT.parent / "shared" / "data" / "names" / "patent_holders_reference.csv"
SW = ROOT.parent / "shared" / "data" / "regions" / "socialewerkvoorziening.csv"


def clean(name: str) -> str:
    return name.lstrip("* ").strip()


DISTORTIONS = 7


def distort(name: str, rng: random.Random, choice: int | None = None) -> str:
    """One distortion a finance system makes, chosen at random unless `choice` is given."""
    choice = rng.randrange(DISTORTIONS) if choice is None else choice
    if choice == 0:
        return name.upper()[:35] if len(name) > 35 else name.upper()[:20]
    if choice == 1:
        for form, other in ((" N.V.", " NV"), (" B.V.", " BV"), (" NV", " N.V."), (" BV", " B.V.")):
            if name.endswith(form):
                return name[: -len(form)] + other
        return name + rng.choice([" B.V.", " BV", " Stichting", ", Stg."])
    if choice == 2:
        return name.replace(" & ", " en ").replace(" AND ", " EN ").replace("-", " ")
    if choice == 3 and len(name) > 8:
        position = rng.randrange(2, len(name) - 2)
        return name[:position] + name[position + 1] + name[position] + name[position + 2 :]
    if choice == 4:
        words = name.split()
        if len(words) >= 2:
            words[0], words[1] = words[1], words[0]
        return " ".join(words)
    if choice == 5:
        return "STG. " + name.upper()
    return name.upper().replace(" ", "  ") + ", " + rng.choice(["AMSTERDAM", "NL", "UTRECHT"])


def sw_companies() -> list[str]:
    """The real names of the Dutch sheltered-work companies (one per municipality)."""
    with SW.open(encoding="utf-8-sig") as handle:
        return sorted(
            {row["Sociale Werkvoorziening"] for row in csv.DictReader(handle, delimiter=";")}
        )


def main() -> None:
    if not NAMES.exists():
        sys.exit(f"{NAMES} is missing (../shared is needed)")
    groups: dict[str, list[str]] = defaultdict(list)
    with NAMES.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            groups[row["leuven_id"]].append(clean(row["person_name"]))
    rng = random.Random(5)
    register_entries, queries = [], []
    for number, (_group, names) in enumerate(sorted(groups.items())):
        kvk = f"{number + 1:08d}"
        held_out = rng.random() < 0.2
        # A register holds the official name, not a typo: the spelling most often used.
        official = Counter(names).most_common(1)[0][0]
        if not held_out:
            register_entries.append((kvk, official))
        for variant in dict.fromkeys(names):
            if variant != official:
                queries.append((variant, "" if held_out else kvk, "real"))
        if not held_out:
            queries.append((distort(official, rng), kvk, "noisy"))
    for number, name in enumerate(sw_companies(), start=90_000_000):
        register_entries.append((str(number), name))
        for choice in rng.sample(range(DISTORTIONS), 4):
            queries.append((distort(name, rng, choice), str(number), "noisy"))
    register = Register(register_entries)
    counts = defaultdict(int)
    wrong_auto = []
    held_out_proposed = 0
    for name, expected, kind in queries:
        match = register.match(name)
        correct = bool(expected) and match.match_kvk == expected
        counts[(kind, match.decision, correct)] += 1
        held_out_proposed += not expected and match.decision != NONE
        if match.decision == AUTO and not correct:
            wrong_auto.append((name, match.match_name, expected, match.reason))
    for kind in ("real", "noisy", "all"):

        def count(decision, correct=None, kind=kind):
            return sum(
                v
                for (k, d, c), v in counts.items()
                if (kind == "all" or k == kind)
                and d == decision
                and (correct is None or c == correct)
            )

        auto, auto_ok = count(AUTO), count(AUTO, True)
        matchable = sum(1 for _n, e, k in queries if e and (kind == "all" or k == kind))
        found = count(AUTO, True) + count(REVIEW, True)
        print(
            f"{kind:5}: queries {sum(1 for q in queries if kind == 'all' or q[2] == kind):5}  "
            f"auto {auto:5} precision {auto_ok / auto if auto else 1:.3f}  "
            f"recall auto+review {found / matchable if matchable else 1:.3f}  "
            f"none {count(NONE)}"
        )
    review = sum(v for (_k, d, _c), v in counts.items() if d == REVIEW)
    review_ok = sum(v for (_k, d, c), v in counts.items() if d == REVIEW and c)
    print(
        f"review: {review} proposals, {review_ok} of them the right company "
        f"({review_ok / review if review else 1:.3f}); names of companies not in the register "
        f"proposed for review: {held_out_proposed} of {sum(1 for q in queries if not q[1])}"
    )
    for name, matched, _expected, reason in wrong_auto[:15]:
        print(f"  wrong auto: {name!r} -> {matched!r} ({reason})")


if __name__ == "__main__":
    main()
