"""The Dutch municipalities with their CBS code and labour-market region (data/municipalities.csv,
built by `load_reference_data --municipalities`; its source and licence in data/NOTICE.md).
Names are matched without regard to case or surrounding spaces; the two common names of
municipalities whose official name differs ("Den Haag", "Den Bosch") are understood too."""

import csv
from dataclasses import dataclass
from functools import cache

from .build import DATA_DIR, MUNICIPALITIES_FILE

# Everyday names of municipalities whose official name is another.
ALIASES = {"den haag": "'s-Gravenhage", "den bosch": "'s-Hertogenbosch"}


@dataclass(frozen=True)
class Municipality:
    name: str
    cbs_code: str
    labour_market_region: str


def _key(name: str) -> str:
    return " ".join((name or "").split()).casefold()


@cache
def _by_key() -> dict[str, Municipality]:
    with open(DATA_DIR / MUNICIPALITIES_FILE, encoding="utf-8", newline="") as file:
        found = {
            _key(row["name"]): Municipality(
                row["name"], row["cbs_code"], row["labour_market_region"]
            )
            for row in csv.DictReader(file)
        }
    for alias, name in ALIASES.items():
        found.setdefault(alias, found[_key(name)])
    return found


def municipality_names() -> list[str]:
    """The official names, in alphabetical order."""
    return sorted({found.name for found in _by_key().values()}, key=str.casefold)


def find(name: str) -> Municipality | None:
    return _by_key().get(_key(name))


def official_name(name: str) -> str | None:
    """The name as the list spells it, for whatever case or alias was typed; None if unknown."""
    found = find(name)
    return found.name if found else None


def region_of(name: str) -> str | None:
    """The labour-market region a municipality belongs to; None for a name not in the list."""
    found = find(name)
    return found.labour_market_region if found else None


OWN_MUNICIPALITY = "municipality"
OWN_REGION = "region"
ELSEWHERE = "elsewhere"
UNKNOWN = "unknown"
RESIDENCE_CLASSES = (OWN_MUNICIPALITY, OWN_REGION, ELSEWHERE, UNKNOWN)


def classify(residence: str, municipality: str, region: str = "") -> str:
    """Where someone lives, seen from an organisation in `municipality` (and labour-market
    `region`, else the region of its municipality): its own municipality, elsewhere in its
    labour-market region, elsewhere, or unknown (nothing entered, or a name not in the list)."""
    if not _key(residence):
        return UNKNOWN
    own = official_name(municipality) or municipality
    if _key(own) and _key(official_name(residence) or residence) == _key(own):
        return OWN_MUNICIPALITY
    lives_in = region_of(residence)
    if lives_in is None:
        return UNKNOWN
    own_region = region or region_of(municipality) or ""
    return OWN_REGION if own_region and lives_in == own_region else ELSEWHERE
