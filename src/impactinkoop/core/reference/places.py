"""Dutch place names (data/places.csv, built by `load_reference_data --places`; its sources and
licences in data/NOTICE.md): today's municipalities, those of 2016 merged since, everyday names
("Den Haag") and residences (woonplaatsen). The matching engine strips a place that a finance
system glued to a supplier's name ("Deus B.V. - Rotterdam"); it normalises the names itself, so
they are given here as written."""

import csv
from functools import cache

from .build import DATA_DIR, PLACES_FILE


@cache
def _rows() -> tuple[dict, ...]:
    with open(DATA_DIR / PLACES_FILE, encoding="utf-8", newline="") as file:
        return tuple(csv.DictReader(file))


@cache
def place_names() -> tuple[str, ...]:
    """Every name once, in alphabetical order (ignoring case)."""
    names = {row["name"] for row in _rows()}
    return tuple(sorted(names, key=lambda name: (name.casefold(), name)))


@cache
def place_names_of(kind: str) -> tuple[str, ...]:
    """The names of one kind: municipality, former_municipality, alias or residence."""
    return tuple(name for name in place_names() if _kind_by_name()[name] == kind)


@cache
def _kind_by_name() -> dict[str, str]:
    return {row["name"]: row["kind"] for row in _rows()}
