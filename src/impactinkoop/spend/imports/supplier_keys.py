"""Which supplier each ledger row belongs to.

A row's *lines key* is what its lines have in common in the source: the ledger's supplier number,
else the KvK number, else the normalised name. The duplicate check compares lines by it, so it
never changes (`Supplier.lines_key` gives it for the lines already stored).

The *supplier key* identifies the supplier. For a row without a supplier number it is the lines
key. A supplier number alone does not identify a supplier: finance systems reuse one number for
every one-off payee ("ONETIME", "DIVERSEN", "0"), and a ledger of another finance system numbers
its own suppliers. So the names under one number are compared with the matching app's scoring:
spelling variants of one name share the number's key, a clearly different name becomes a
supplier of its own (`n:<number>|<name key>`). A generic number, or one shared by many names,
never keys a supplier alone: every name under it is a supplier of its own."""

from collections import defaultdict
from dataclasses import dataclass, field

import polars as pl

from impactinkoop.core.imports.reader import LINE
from impactinkoop.matching.engine import REVIEW_SCORE, Register
from impactinkoop.matching.normalise import comparison_key

from ..models import Supplier

# Numbers finance systems give to payees they do not keep as suppliers.
GENERIC_NUMBERS = {
    "ONETIME",
    "ONE TIME",
    "ONE-TIME",
    "ONEOFF",
    "ONE-OFF",
    "SUNDRY",
    "SUNDRIES",
    "VARIOUS",
    "MISC",
    "UNKNOWN",
    "EENMALIG",
    "EENMALIGE",
    "DIVERSEN",
    "DIVERSE",
    "DIV",
    "ONBEKEND",
    "NVT",
    "N.V.T.",
    "N/A",
}
MANY_NAMES = 5  # a number under this many clearly different names is generic too
NO_NAME = "\x00"  # stands for "no name" in joins (polars joins never match nulls)
NAME_KEY_LENGTH = 150  # of the name in a key: number (64) + name stays under the 220 allowed
MAX_LISTED = 1000


def is_generic_number(number: str) -> bool:
    text = number.strip().upper()
    return text in GENERIC_NUMBERS or not text.strip("0") or not any(c.isalnum() for c in text)


def lines_key_expression() -> pl.Expr:
    return (
        pl.when(pl.col("raw_supplier_number").is_not_null())
        .then(pl.lit("n:") + pl.col("raw_supplier_number"))
        .when(pl.col("supplier_kvk").is_not_null())
        .then(pl.lit("k:") + pl.col("supplier_kvk"))
        .otherwise(pl.lit("m:") + pl.col("name_key"))
    )


@dataclass(eq=True)
class SupplierPlan:
    keys: dict[tuple[str, str], str] = field(default_factory=dict)  # (number, name key) -> key
    conflicts: list[dict] = field(default_factory=list)  # one number, two clearly different names
    generic: list[dict] = field(default_factory=list)  # numbers that key no supplier

    def apply(self, frame: pl.DataFrame) -> pl.DataFrame:
        """The frame with each row's `supplier_key`."""
        plan = pl.DataFrame(
            {
                "raw_supplier_number": [number for number, _name in self.keys],
                "plan_name_key": [name for _number, name in self.keys],
                "supplier_key": list(self.keys.values()),
            },
            schema={
                "raw_supplier_number": pl.String,
                "plan_name_key": pl.String,
                "supplier_key": pl.String,
            },
        )
        joined = frame.with_columns(
            pl.col("name_key").fill_null(NO_NAME).alias("plan_name_key")
        ).join(plan, on=["raw_supplier_number", "plan_name_key"], how="left")
        return (
            joined.with_columns(pl.coalesce("supplier_key", "lines_key").alias("supplier_key"))
            .drop("plan_name_key")
            .sort(LINE)
        )


def plan_suppliers(frame: pl.DataFrame, organisation) -> SupplierPlan:
    """Decide the supplier of every (supplier number, name) in the frame, against the
    organisation's suppliers under the same numbers."""
    plan = SupplierPlan()
    if frame.height == 0:
        return plan
    pairs = (
        frame.filter(pl.col("raw_supplier_number").is_not_null())
        .group_by("raw_supplier_number", "name_key")
        .agg(
            pl.col("raw_supplier_name").drop_nulls().first().alias("name"),
            pl.len().alias("lines"),
            pl.col(LINE).min().alias("first_line"),
        )
        .sort("lines", "first_line", descending=[True, False])
    )
    by_number: dict[str, list[tuple]] = defaultdict(list)
    for number, key, name, lines, _first in pairs.iter_rows():
        by_number[number].append((key, name, lines))
    known: dict[str, list[tuple[str, str]]] = defaultdict(list)
    # All of them, not `ledger_number__in`: a file may hold more numbers than SQLite takes
    # parameters.
    for key, name, number in Supplier.objects.filter(
        organisation=organisation, key__startswith="n:"
    ).values_list("key", "name", "ledger_number"):
        if number in by_number:
            known[number].append((key, name))
    for number, names in by_number.items():
        _plan_number(plan, number, names, known.get(number, []))
    plan.conflicts = plan.conflicts[:MAX_LISTED]
    plan.generic = plan.generic[:MAX_LISTED]
    return plan


class _Clusters:
    """The suppliers under one number so far, each with its name; a name finds the one it is a
    spelling variant of (the same comparison key, or for a number that is not generic a score
    at which the matching app would propose the pair)."""

    def __init__(self, known: list[tuple[str, str]], fuzzy: bool):
        self.fuzzy = fuzzy
        self.entries: list[tuple[str, str]] = []
        self.by_comparison: dict[str, str] = {}
        for key, name in sorted(known, key=lambda item: "|" in item[0]):
            self.add(key, name)

    def add(self, key: str, name: str) -> None:
        self.entries.append((key, name))
        self.by_comparison.setdefault(comparison_key(name), key)

    def find(self, name: str) -> str | None:
        key = self.by_comparison.get(comparison_key(name))
        if key is not None or not self.fuzzy or not self.entries:
            return key
        best = Register([("", known, key) for key, known in self.entries]).match(name)
        return best.ref if best.score >= REVIEW_SCORE else None

    def first_name(self) -> str:
        return self.entries[0][1] if self.entries else ""


def _plan_number(plan: SupplierPlan, number: str, names: list[tuple], known) -> None:
    if len(names) == 1 and not known and not is_generic_number(number):
        # Most numbers: one name, never seen before (no scoring needed).
        plan.keys[(number, names[0][0] if names[0][0] is not None else NO_NAME)] = f"n:{number}"
        return
    distinct = {comparison_key(name) for key, name, _lines in names if key is not None}
    generic = is_generic_number(number) or len(distinct) >= MANY_NAMES or len(known) >= MANY_NAMES
    clusters = _Clusters(known, fuzzy=not generic)
    plain = f"n:{number}"
    plain_taken = any(key == plain for key, _name in known)
    for name_key, name, lines in names:
        if name_key is None:  # a number without a name: nothing to tell payees apart by
            plan.keys[(number, NO_NAME)] = plain
            continue
        key = clusters.find(name)
        if key is None:
            if generic or plain_taken:
                key = f"{plain}|{name_key[:NAME_KEY_LENGTH]}"
            else:
                key, plain_taken = plain, True
            if clusters.entries and not generic:
                plan.conflicts.append(
                    {"number": number, "name": name, "other": clusters.first_name(), "lines": lines}
                )
            clusters.add(key, name)
        plan.keys[(number, name_key)] = key
    if generic:
        plan.generic.append({"number": number, "names": len(distinct)})
