"""Inside any drill-down (a department, cost centre, category, supplier, the social part or the
whole period, with or without a search): its spend broken down by supplier and by category.

The totals are the lines' own sum to the cent: without a search they come from the monthly
summary (the lines summed per month and dimension when imported, in euros), with a search from
the lines themselves, grouped in the database; lines of an import in another currency are each
converted on their own, as the summary converts them."""

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Count, Sum
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ..imports.currency import euro_cents
from ..models import Category, MonthlySpend, Supplier
from .line_exports import LineSelection, rates

SHOWN = 15  # rows per breakdown; the rest is one row "all others", so the table adds up
KEPT_SECONDS = 60 * 60
# The selections whose breakdown is kept with the period's figures (`period_breakdowns`): the
# whole period and its social part, the dashboard's two "see the lines".
KEPT_SOCIAL = ("", "yes")
FIELDS = {"supplier": "supplier_id", "category": "category_id"}


@dataclass
class Row:
    id: int | None  # None: no category; "others" rows have no id either
    name: str
    cents: int
    lines: int
    others: bool = False
    others_count: int = 0  # of an "all others" row: how many it holds

    @property
    def amount(self) -> Decimal:
        return Decimal(self.cents).scaleb(-2)


@dataclass
class Breakdown:
    total: int = 0  # cents
    count: int = 0
    suppliers: list[Row] = field(default_factory=list)
    categories: list[Row] = field(default_factory=list)


def breakdown(selection: LineSelection, shown: int = SHOWN) -> Breakdown:
    """The selection's total, line count and its largest suppliers and categories."""
    groups = _from_lines(selection) if selection.text else _from_summary(selection)
    total = sum(cents for cents, _lines in groups.values())
    count = sum(lines for _cents, lines in groups.values())
    return Breakdown(
        total=total,
        count=count,
        suppliers=_rows(groups, 0, Supplier, selection, shown),
        categories=_rows(groups, 1, Category, selection, shown),
    )


def kept_breakdown(
    selection: LineSelection, version: str, figures: dict | None = None
) -> Breakdown:
    """The breakdown, computed once per selection, data version and language and kept: the
    whole period and its social part with the period's kept `figures` (computed by the job
    that changed the data, `period_breakdowns`), any other selection in the cache, so paging
    through a drill-down, or sorting it, does not sum it again. The data version moves with
    every import, exchange rate, supplier, link, register and policy change, so a kept
    breakdown is never stale."""
    stored = (figures or {}).get("breakdowns") or {}
    if not selection.chosen and not selection.text and selection.social in stored:
        return _from_json(stored[selection.social])
    params = selection.params()
    params.pop("sort", None)  # the order of the lines changes no total
    inputs = json.dumps(
        [selection.organisation.pk, params, version, get_language()], sort_keys=True
    )
    key = "spend.breakdown:" + hashlib.sha256(inputs.encode()).hexdigest()
    found = cache.get(key)
    if found is None:
        found = breakdown(selection)
        cache.set(key, found, KEPT_SECONDS)
    return found


def period_breakdowns(organisation, period) -> dict:
    """The breakdowns of the whole period and of its social part, JSON-ready and in no
    language, to keep with the period's figures."""
    return {
        social: _as_json(breakdown(LineSelection(organisation, period, {}, social)))
        for social in KEPT_SOCIAL
    }


def _as_json(found: Breakdown) -> dict:
    """Rows as [id, name, cents, lines, others]; the words of "none" and "all N others" are
    left out (others: how many), so one copy serves every language."""

    def rows(items: list[Row]) -> list:
        return [
            [row.id, "" if row.id is None else row.name, row.cents, row.lines, row.others_count]
            for row in items
        ]

    return {
        "total": found.total,
        "count": found.count,
        "suppliers": rows(found.suppliers),
        "categories": rows(found.categories),
    }


def _from_json(data: dict) -> Breakdown:
    def row(pk, name, cents, lines, others) -> Row:
        if others:
            return Row(None, _others(others), cents, lines, others=True, others_count=others)
        return Row(pk, name if pk is not None else _("none"), cents, lines)

    return Breakdown(
        total=data["total"],
        count=data["count"],
        suppliers=[row(*item) for item in data["suppliers"]],
        categories=[row(*item) for item in data["categories"]],
    )


def _others(count: int) -> str:
    return _("all %(count)d others") % {"count": count}


def _from_summary(selection: LineSelection) -> dict[tuple, tuple[int, int]]:
    """(supplier, category) -> (cents, lines) from the monthly summary: one grouped query."""
    rows = (
        MonthlySpend.objects.filter(
            selection.filters(),
            organisation=selection.organisation,
            month__gte=selection.period.start,
            month__lte=selection.period.end,
        )
        .values_list("supplier_id", "category_id")
        .annotate(total=Sum("amount_cents"), count=Sum("lines"))
        .order_by()
    )
    return {(supplier, category): (total, count) for supplier, category, total, count in rows}


def _from_lines(selection: LineSelection) -> dict[tuple, tuple[int, int]]:
    """The same from the lines that match the search: summed in the database per import, and
    per line only for imports in another currency (each line is converted and rounded alone)."""
    known = rates(selection.organisation)
    lines = selection.lines().order_by()
    groups: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
    in_euros = lines.exclude(ledger_import_id__in=list(known)) if known else lines
    for supplier, category, total, count in (
        in_euros.values_list("supplier_id", "category_id")
        .annotate(total=Sum("amount_cents"), count=Count("id"))
        .order_by()
    ):
        groups[(supplier, category)][0] += total
        groups[(supplier, category)][1] += count
    if known:
        for supplier, category, cents, source in (
            lines.filter(ledger_import_id__in=list(known))
            .values_list("supplier_id", "category_id", "amount_cents", "ledger_import_id")
            .iterator(chunk_size=2000)
        ):
            groups[(supplier, category)][0] += euro_cents(cents, known[source][1])
            groups[(supplier, category)][1] += 1
    return {key: (cents, count) for key, (cents, count) in groups.items()}


def _rows(groups, position: int, model, selection: LineSelection, shown: int) -> list[Row]:
    """One breakdown, largest first: the first `shown` by name, the rest as one row."""
    sums: dict[int | None, list[int]] = defaultdict(lambda: [0, 0])
    for key, (cents, lines) in groups.items():
        sums[key[position]][0] += cents
        sums[key[position]][1] += lines
    order = sorted(sums, key=lambda pk: (-sums[pk][0], pk is None, pk or 0))
    names = dict(
        model.objects.filter(
            organisation=selection.organisation, pk__in=[pk for pk in order[:shown] if pk]
        ).values_list("pk", "name")
    )
    rows = [Row(pk, names.get(pk, "") if pk else _("none"), *sums[pk]) for pk in order[:shown]]
    rest = order[shown:]
    if rest:
        rows.append(
            Row(
                None,
                _others(len(rest)),
                sum(sums[pk][0] for pk in rest),
                sum(sums[pk][1] for pk in rest),
                others=True,
                others_count=len(rest),
            )
        )
    return rows
