"""Dutch place names as the engine compares them: finance systems glue a seat or an address to
a name ("Deus B.V. - Rotterdam", "Xelion BV AMSTERDAM", "Ipsos te Utrecht"). The engine cuts a
place off the end of a name and keeps it apart as a weak feature.

The names come from the product's reference data (core/reference/data, with source and licence
in its NOTICE.md); they are read as plain CSV so the engine stays free of Django."""

import csv
from functools import cache
from pathlib import Path

from .normalise import simplify

DATA_DIR = Path(__file__).resolve().parents[1] / "core" / "reference" / "data"
SOURCES = ("places.csv", "municipalities.csv")  # the place list, else the municipalities
MAX_PLACE_WORDS = 4  # "alphen aan den rijn"


@cache
def place_keys() -> frozenset[str]:
    """Every known place, simplified the way names are ("'s-Hertogenbosch" -> "shertogenbosch",
    "Den Haag" -> "den haag")."""
    keys = set()
    for source in SOURCES:
        path = DATA_DIR / source
        if not path.is_file():
            continue
        with path.open(encoding="utf-8", newline="") as file:
            keys.update(simplify(row["name"]) for row in csv.DictReader(file))
    keys.update(EVERYDAY_NAMES)
    keys.discard("")
    return frozenset(key for key in keys if len(key.split()) <= MAX_PLACE_WORDS)


# How addresses write some places besides their official name.
EVERYDAY_NAMES = {"den haag", "den bosch", "the hague"}
