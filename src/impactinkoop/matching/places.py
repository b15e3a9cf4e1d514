"""Dutch place names as the engine compares them: finance systems glue a seat or an address to
a name ("Deus B.V. - Rotterdam", "Xelion BV AMSTERDAM", "Ipsos te Utrecht"). The engine cuts a
place off the end of a name and keeps it apart as a weak feature.

The names are the product's reference data (core/reference/data/places.csv, with sources and
licences in its NOTICE.md). Municipalities, former municipalities and everyday names are cut
wherever they end a name; a residence (thousands, among them words such as "Well" or "Bus") only
after a legal form or "te" ("Bakker B.V. Well", "Ipsos te Oosterbeek")."""

import hashlib
from functools import cache

from impactinkoop.core.reference.places import place_names_of

from .normalise import simplify

MAX_PLACE_WORDS = 4  # "alphen aan den rijn"
STRONG_KINDS = ("municipality", "former_municipality", "alias")


@cache
def municipality_keys() -> frozenset[str]:
    """Municipalities old and new and their everyday names, simplified the way names are
    ("'s-Hertogenbosch" -> "shertogenbosch", "Den Haag" -> "den haag")."""
    return _keys(name for kind in STRONG_KINDS for name in place_names_of(kind))


@cache
def residence_keys() -> frozenset[str]:
    return _keys(place_names_of("residence")) - municipality_keys()


@cache
def place_keys() -> frozenset[str]:
    return municipality_keys() | residence_keys()


def _keys(names) -> frozenset[str]:
    keys = (simplify(name) for name in names)
    return frozenset(key for key in keys if key and len(key.split()) <= MAX_PLACE_WORDS)


@cache
def places_digest() -> str:
    """Changes when the place list does: an index built with other places is built again."""
    return hashlib.sha256("\n".join(sorted(place_keys())).encode()).hexdigest()[:16]
