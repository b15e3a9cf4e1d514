"""The Common Procurement Vocabulary (CPV 2008, EU Regulation 213/2008): look a code up, check it,
search by code or words, and walk up its tree. Read once from the product's own data file
(data/cpv-2008.csv, decision 0019) and kept for the life of the process.

A code is written with its check digit: "45000000-7". The Regulation publishes each code with
its check digit and no rule to compute it, so the check digit is checked against the list:
a code whose check digit differs from the list's is refused (a typo in the first eight digits
that lands on another real code is caught that way too)."""

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .build import CPV_FILE, DATA_DIR

TYPES = {
    "supplies": _("Supplies"),
    "services": _("Services"),
    "works": _("Works"),
}

# "45000000-7", "45000000", "45 00 00 00 - 7" and "45000000.0" (a code read as a number by a
# spreadsheet, as in the OCDS worked example): eight digits, optionally a check digit.
_SHAPE = re.compile(r"^(\d{8})(?:\.0+)?(?:-(\d))?$")


@dataclass(frozen=True)
class CpvCode:
    code: str  # eight digits, "45000000"
    code_with_check_digit: str  # "45000000-7"
    label_nl: str
    label_en: str
    type: str  # supplies, services or works

    @property
    def label(self) -> str:
        """The label in the current language; Dutch where we have no English label."""
        if (get_language() or "nl").startswith("en") and self.label_en:
            return self.label_en
        return self.label_nl

    @property
    def type_label(self) -> str:
        return str(TYPES[self.type])

    @property
    def level(self) -> int:
        """1 for a division (45000000), 2 for a group (45200000) ... up to 7."""
        significant = self.code.rstrip("0")
        return max(1, len(significant) - 1)

    def __str__(self) -> str:
        return f"{self.code_with_check_digit} {self.label}"


class CpvError(ValueError):
    """`reason` is "shape" (not eight digits), "unknown" (not in CPV 2008) or "check_digit"."""

    def __init__(self, value: str, reason: str):
        self.value, self.reason = value, reason
        super().__init__(f"{value!r}: {reason}")


@dataclass(frozen=True)
class _Table:
    by_code: dict[str, CpvCode]
    ordered: tuple[CpvCode, ...]
    folded: tuple[str, ...]  # per code in `ordered`: its Dutch and English labels, folded


@cache
def _table() -> _Table:
    with open(DATA_DIR / CPV_FILE, encoding="utf-8", newline="") as handle:
        codes = tuple(CpvCode(**row) for row in csv.DictReader(handle))
    return _Table(
        by_code={entry.code: entry for entry in codes},
        ordered=codes,
        folded=tuple(fold(f"{entry.label_nl}\n{entry.label_en}") for entry in codes),
    )


def fold(text: str) -> str:
    """Lower case without accents, so "Reinigingsdiensten" and "reinigings" meet, and "é" is "e"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def all_codes() -> tuple[CpvCode, ...]:
    return _table().ordered


def parse(value) -> CpvCode:
    """The CPV code `value` names, or CpvError. Accepts the code with or without its check digit
    (the check digit, when given, must be the right one), spaces, and a trailing ".0"."""
    text = re.sub(r"\s+", "", str(value if value is not None else ""))
    match = _SHAPE.match(text)
    if not match:
        raise CpvError(str(value), "shape")
    entry = _table().by_code.get(match[1])
    if entry is None:
        raise CpvError(str(value), "unknown")
    if match[2] is not None and entry.code_with_check_digit[-1] != match[2]:
        raise CpvError(str(value), "check_digit")
    return entry


def lookup(value) -> CpvCode | None:
    """The code, or None when `value` is not a valid CPV code."""
    try:
        return parse(value)
    except CpvError:
        return None


def normalise(value) -> str:
    """`value` as "45000000-7", or CpvError."""
    return parse(value).code_with_check_digit


ERRORS = {
    "shape": _(
        "“%(code)s” is not a CPV code: write eight digits and the check digit, like 45000000-7."
    ),
    "unknown": _("“%(code)s” is not a code of the CPV 2008."),
    "check_digit": _("“%(code)s” has the wrong check digit: the CPV code is %(right)s."),
}


def error_message(error: CpvError) -> str:
    """The reader's-language sentence for a refused code, naming it."""
    right = ""
    if error.reason == "check_digit":
        right = lookup(re.sub(r"\D", "", error.value)[:8]).code_with_check_digit
    return ERRORS[error.reason] % {"code": error.value, "right": right}


def validate_cpv(value) -> None:
    """A Django validator: refuses anything `parse` refuses, with a translated message."""
    try:
        parse(value)
    except CpvError as error:
        raise ValidationError(error_message(error), code=f"cpv_{error.reason}") from error


def ancestors(value) -> list[CpvCode]:
    """The codes above `value` in the CPV tree, the division first, without `value` itself.
    A level that the vocabulary skips is skipped here too."""
    entry = parse(value)
    by_code = _table().by_code
    found = []
    significant = entry.code.rstrip("0")
    for length in range(2, len(significant)):
        parent = by_code.get(significant[:length].ljust(8, "0"))
        if parent is not None and parent.code != entry.code:
            found.append(parent)
    return found


def children(value) -> list[CpvCode]:
    """The codes directly below `value` (one level down)."""
    entry = parse(value)
    prefix = entry.code[: entry.level + 1]
    return [
        other
        for other in _table().ordered
        if other.code.startswith(prefix) and other.level == entry.level + 1
    ]


def search(query: str, *, limit: int = 20) -> list[CpvCode]:
    """Codes that start with the digits of `query`, or whose label (Dutch or English) holds every
    word of it; the most general codes first, then in code order."""
    query = (query or "").strip()
    if not query:
        return []
    table = _table()
    digits = re.sub(r"[\s-]", "", query)
    if digits.isdigit():
        prefix = digits[:8]
        hits = [entry for entry in table.ordered if entry.code.startswith(prefix)]
    else:
        words = fold(query).split()
        hits = [
            entry
            for entry, labels in zip(table.ordered, table.folded, strict=True)
            if all(word in labels for word in words)
        ]
    hits.sort(key=lambda entry: (entry.level, entry.code))
    return hits[:limit]
