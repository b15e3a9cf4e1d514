"""The EU eForms code lists the product uses to tag tenders: social objective, strategic
procurement, reserved procurement and accessibility, with their Dutch and English labels, read
once from the product's own data files (data/eforms-*.csv, decision 0019).

`choices(LIST)` gives (code, label) pairs in the current language for a form or a model field's
`choices`; the labels are the Publications Office's own, so they are not in our catalogue."""

import csv
from dataclasses import dataclass
from functools import cache

from django.utils.translation import get_language

from .build import DATA_DIR, EFORMS_LISTS

SOCIAL_OBJECTIVE = "social-objective"
STRATEGIC_PROCUREMENT = "strategic-procurement"
RESERVED_PROCUREMENT = "reserved-procurement"
ACCESSIBILITY = "accessibility"

# Codes that mean "nothing of this kind": a tender tagged with one of them is not tagged.
NONE_CODES = {RESERVED_PROCUREMENT: "none", STRATEGIC_PROCUREMENT: "none"}


@dataclass(frozen=True)
class EformsCode:
    list: str
    code: str
    label_nl: str
    label_en: str

    @property
    def label(self) -> str:
        if (get_language() or "nl").startswith("en"):
            return self.label_en or self.label_nl
        return self.label_nl or self.label_en

    def __str__(self) -> str:
        return self.label


@cache
def codes(code_list: str) -> dict[str, EformsCode]:
    """Every code of `code_list` (one of EFORMS_LISTS) in the list's order."""
    if code_list not in EFORMS_LISTS:
        raise KeyError(code_list)
    with open(DATA_DIR / f"eforms-{code_list}.csv", encoding="utf-8", newline="") as handle:
        return {
            row["code"]: EformsCode(code_list, row["code"], row["label_nl"], row["label_en"])
            for row in csv.DictReader(handle)
        }


def lookup(code_list: str, code: str) -> EformsCode | None:
    return codes(code_list).get(code)


def label(code_list: str, code: str) -> str:
    """The label of `code` in the current language, or the code itself when the list lacks it
    (a code of a newer edition read from someone else's file)."""
    entry = lookup(code_list, code)
    return entry.label if entry else code


def choices(code_list: str, *, include_none: bool = True) -> list[tuple[str, str]]:
    """(code, label) pairs in the current language. Call it per request (labels follow the
    language), or pass the callable itself to a Django field's `choices`."""
    leave_out = None if include_none else NONE_CODES.get(code_list)
    return [
        (entry.code, entry.label) for entry in codes(code_list).values() if entry.code != leave_out
    ]


def social_objective_choices() -> list[tuple[str, str]]:
    return choices(SOCIAL_OBJECTIVE)


def strategic_procurement_choices() -> list[tuple[str, str]]:
    return choices(STRATEGIC_PROCUREMENT, include_none=False)


def reserved_procurement_choices() -> list[tuple[str, str]]:
    return choices(RESERVED_PROCUREMENT, include_none=False)
