"""What other apps may ask of spend, as typed figures. Plans and catalogue (and the apps that come
after them) read spend through these functions, never through its tables: spend may change how it
keeps lines and summaries without them noticing.

The figures come from what spend keeps per data version (`baseline.figures.figures_for`), which
the job that changed the data has computed, so asking is cheap. A computation that asks several
times (a goal's progress over the years) reads the register policy once
(`registry.policy.policy_of`) and the data version once (`version`), and passes both."""

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, F, QuerySet, Sum
from django.db.models.functions import ExtractYear

from impactinkoop.registry.policy import Policy

from .baseline.figures import as_json, data_version, figures_for
from .baseline.periods import Period
from .linking.reasons import translate_reason
from .models import (
    Baseline,
    Category,
    LedgerImport,
    LedgerLine,
    MonthlySpend,
    Supplier,
    SupplierMatch,
)

__all__ = [
    "FrozenBaseline",
    "InvoiceLine",
    "LedgerSupplier",
    "SupplierLink",
    "SupplierSpend",
    "YearSpend",
    "categories",
    "Period",
    "SpendFigures",
    "SpendBreakdown",
    "PartSpend",
    "SourceSpend",
    "LocalSpend",
    "spend_breakdown",
    "existing_lines",
    "invoice_lines",
    "latest_invoiced_line",
    "official_baseline",
    "spend_figures",
    "supplier_links",
    "supplier_spend",
    "suppliers",
    "suppliers_with_spend",
    "recent_year",
    "version",
    "yearly_spend",
]


@dataclass(frozen=True)
class SpendFigures:
    """A period's spend and the part of it at social enterprises (under the organisation's
    policy on the period's last day), in euros."""

    period: Period
    total: Decimal
    social: Decimal
    social_share: Decimal | None  # a fraction (0.1234); None when nothing was spent
    months: tuple[date, ...]  # the first day of every month with spend, in order

    @property
    def has_spend(self) -> bool:
        return bool(self.months)

    @property
    def last_day(self) -> date | None:
        """The last day of the last month with spend: the day the figures reach."""
        if not self.months:
            return None
        last = self.months[-1]
        return last.replace(day=calendar.monthrange(last.year, last.month)[1])


@dataclass(frozen=True)
class FrozenBaseline:
    """A baseline (nulmeting) as it was frozen: its figures never change."""

    id: int
    name: str
    period: Period
    total: Decimal
    social: Decimal
    social_share: Decimal | None


@dataclass(frozen=True)
class InvoiceLine:
    """A ledger line as a recorded purchase is matched to it. `amount_cents` is in the
    currency of the line's import."""

    id: int
    company_id: int
    invoice_number: str
    amount_cents: int
    date: date


def version(organisation, policy: Policy | None = None) -> str:
    """The data version the figures are kept under; pass it to `spend_figures` when asking
    for several periods in one computation."""
    return data_version(organisation, policy)


def dashboard_figures(organisation, period: Period) -> dict:
    """Every figure of the dashboard for the period, as `impactinkoop baseline --json` prints
    them (amounts as decimal text, dates as ISO text, shares as fractions), read from what is
    kept per data version: for the API, which gives them to BI tools as they are."""
    figures = figures_for(organisation, period)
    kept_out = {"breakdowns"}  # the drill-down's pages, not figures of the period
    return as_json({key: value for key, value in figures.items() if key not in kept_out})


def spend_figures(
    organisation, period: Period, *, policy: Policy | None = None, version: str | None = None
) -> SpendFigures:
    """The period's spend. A period no import reaches has none (and is not computed)."""
    if not _imported_in(organisation, period):
        return SpendFigures(period, Decimal("0.00"), Decimal("0.00"), None, ())
    figures = figures_for(organisation, period, version, policy)
    share = figures["social_share"]
    return SpendFigures(
        period=period,
        total=Decimal(str(figures["total_spend"])),
        social=Decimal(str(figures["social_spend"])),
        social_share=None if share is None else Decimal(str(share)),
        months=tuple(row["month"] for row in figures["monthly"]),
    )


def _imported_in(organisation, period: Period) -> bool:
    return LedgerImport.objects.filter(
        organisation=organisation,
        state=LedgerImport.State.COMMITTED,
        rows_imported__gt=0,
        period_start__lte=period.end,
        period_end__gte=period.start,
    ).exists()


def official_baseline(organisation) -> FrozenBaseline | None:
    """The organisation's official baseline, the one goals are measured from, if any."""
    baseline = Baseline.objects.filter(organisation=organisation, is_official=True).first()
    if baseline is None:
        return None
    figures = baseline.figures
    share = figures.get("social_share")
    return FrozenBaseline(
        id=baseline.pk,
        name=baseline.name,
        period=Period(baseline.period_start, baseline.period_end),
        total=Decimal(str(figures.get("total_spend") or 0)),
        social=Decimal(str(figures.get("social_spend") or 0)),
        social_share=None if share is None else Decimal(str(share)),
    )


def invoice_lines(organisation, company_ids: Iterable[int] | QuerySet) -> list[InvoiceLine]:
    """Every ledger line of the suppliers linked to these companies, oldest first."""
    suppliers = Supplier.objects.filter(organisation=organisation, company_id__in=company_ids)
    rows = (
        LedgerLine.objects.filter(organisation=organisation, supplier_id__in=suppliers.values("pk"))
        .order_by("date", "pk")
        .values_list("pk", "supplier__company_id", "invoice_number", "amount_cents", "date")
    )
    return [InvoiceLine(*row) for row in rows]


def latest_invoiced_line(organisation, company_ids: Iterable[int] | QuerySet) -> InvoiceLine | None:
    """The newest line with an invoice number and an amount above zero of a supplier linked to
    one of these companies (the demo records a purchase that the ledger already has)."""
    row = (
        LedgerLine.objects.filter(
            organisation=organisation, supplier__company_id__in=company_ids, amount_cents__gt=0
        )
        .exclude(invoice_number="")
        .order_by("-date", "pk")
        .values_list("pk", "supplier__company_id", "invoice_number", "amount_cents", "date")
        .first()
    )
    return InvoiceLine(*row) if row else None


def existing_lines(organisation, ids: Iterable[int]) -> set[int]:
    """Which of these ledger lines still exist (a deleted import takes its lines along)."""
    ids = list(ids)
    if not ids:
        return set()
    return set(
        LedgerLine.objects.filter(organisation=organisation, pk__in=ids).values_list(
            "pk", flat=True
        )
    )


@dataclass(frozen=True)
class LedgerSupplier:
    """A supplier as the ledger knows it, for other apps to link to."""

    id: int
    name: str
    kvk_number: str
    company_id: int | None


@dataclass(frozen=True)
class SupplierSpend:
    supplier: LedgerSupplier
    total: Decimal  # euros
    lines: int


def suppliers(organisation, ids: Iterable[int] | None = None) -> list[LedgerSupplier]:
    """The organisation's ledger suppliers (those with these ids), by name."""
    rows = Supplier.objects.filter(organisation=organisation)
    if ids is not None:
        rows = rows.filter(pk__in=list(ids))
    return [
        LedgerSupplier(*row)
        for row in rows.order_by("name", "pk").values_list("pk", "name", "kvk_number", "company_id")
    ]


def _euro_cents(rows) -> int:
    """Sum rows of (currency, rate, cents) in euro cents: the euro as it is, another currency
    at its import's rate (euros for one unit), left out while that rate is unknown, as the
    baseline does."""
    total = Decimal(0)
    for currency, rate, cents in rows:
        if currency == "EUR":
            total += cents
        elif rate is not None:
            total += (Decimal(cents) * rate).quantize(Decimal(1))
    return int(total)


def supplier_spend(organisation, supplier_id: int, start: date | None, end: date | None):
    """(euros, lines) booked on one ledger supplier between two days (either may be open)."""
    lines = LedgerLine.objects.filter(organisation=organisation, supplier_id=supplier_id)
    if start is not None:
        lines = lines.filter(date__gte=start)
    if end is not None:
        lines = lines.filter(date__lte=end)
    rows = list(
        lines.values("ledger_import__currency", "ledger_import__exchange_rate")
        .annotate(cents=Sum("amount_cents"), count=Count("pk"))
        .values_list("ledger_import__currency", "ledger_import__exchange_rate", "cents", "count")
    )
    cents = _euro_cents((currency, rate, total) for currency, rate, total, _count in rows)
    return Decimal(cents).scaleb(-2), sum(count for *_rest, count in rows)


def recent_year(organisation) -> Period | None:
    """The twelve months up to the last month with spend in the ledger (None: no spend)."""
    last = (
        MonthlySpend.objects.filter(organisation=organisation)
        .order_by("-month")
        .values_list("month", flat=True)
        .first()
    )
    if last is None:
        return None
    first = date(last.year - 1, last.month + 1, 1) if last.month < 12 else date(last.year, 1, 1)
    end = last.replace(day=calendar.monthrange(last.year, last.month)[1])
    return Period(first, end)


def suppliers_with_spend(
    organisation, period: Period, *, at_least: Decimal, exclude_ids: Iterable[int] = ()
) -> list[SupplierSpend]:
    """Suppliers whose spend in the period reaches `at_least` euros, largest first, from the
    monthly summary (every month the period touches counts whole)."""
    months = MonthlySpend.objects.filter(
        organisation=organisation,
        month__gte=period.start.replace(day=1),
        month__lte=period.end,
    ).exclude(supplier_id__in=list(exclude_ids))
    rows = months.values(
        "supplier_id", currency=F("ledger_import__currency"), rate=F("ledger_import__exchange_rate")
    ).annotate(cents=Sum("amount_cents"), count=Sum("lines"))
    totals: dict[int, list[int]] = {}
    for row in rows:
        cents = _euro_cents([(row["currency"], row["rate"], row["cents"])])
        entry = totals.setdefault(row["supplier_id"], [0, 0])
        entry[0] += cents
        entry[1] += row["count"]
    threshold = int(at_least * 100)
    chosen = {pk: value for pk, value in totals.items() if value[0] >= threshold}
    by_id = {supplier.id: supplier for supplier in suppliers(organisation, chosen)}
    found = [
        SupplierSpend(by_id[pk], Decimal(cents).scaleb(-2), count)
        for pk, (cents, count) in chosen.items()
        if pk in by_id
    ]
    return sorted(found, key=lambda item: (-item.total, item.supplier.name))


def categories(organisation) -> dict[str, int]:
    """The organisation's purchase categories: the name without regard to case, and the id."""
    return {
        name.casefold(): pk
        for pk, name in Category.objects.filter(organisation=organisation).values_list("pk", "name")
    }


@dataclass(frozen=True)
class PartSpend:
    """One department's spend in a period, as the dashboard's table by department shows it.
    `id` is None for lines without a department."""

    id: int | None
    name: str
    total: Decimal
    social: Decimal
    social_share: Decimal | None


@dataclass(frozen=True)
class SourceSpend:
    """Social spend under one qualification source (`registry.sources.Source`); a company
    with several sources counts once, under the first, so the parts add up to the social
    total."""

    source: str
    social: Decimal


@dataclass(frozen=True)
class LocalSpend:
    """Spend at suppliers linked to a company in the organisation's own municipality and in
    its labour-market region: the dashboard's local spend. None where the place is not set."""

    municipality: str
    municipality_spend: Decimal | None
    municipality_share: Decimal | None
    region: str
    region_spend: Decimal | None
    region_share: Decimal | None


@dataclass(frozen=True)
class SpendBreakdown:
    period: Period
    by_department: tuple[PartSpend, ...]
    by_source: tuple[SourceSpend, ...]
    local: LocalSpend


def _decimal(value) -> Decimal | None:
    return None if value is None or value == "" else Decimal(str(value))


def spend_breakdown(
    organisation, period: Period, *, policy: Policy | None = None, version: str | None = None
) -> SpendBreakdown:
    """The dashboard's breakdowns of a period (by department, by qualification source, local
    spend), from the same kept figures the dashboard reads, so they are its numbers."""
    empty_local = LocalSpend(
        organisation.municipality or "",
        None,
        None,
        organisation.labour_market_region or "",
        None,
        None,
    )
    if not _imported_in(organisation, period):
        return SpendBreakdown(period, (), (), empty_local)
    figures = figures_for(organisation, period, version, policy)
    local = figures["local"]
    return SpendBreakdown(
        period=period,
        by_department=tuple(
            PartSpend(
                row["id"],
                row["name"],
                _decimal(row["total"]),
                _decimal(row["social"]),
                _decimal(row["social_share"]),
            )
            for row in figures["by_department"]
        ),
        by_source=tuple(
            SourceSpend(row["source"], _decimal(row["social"])) for row in figures["by_source"]
        ),
        local=LocalSpend(
            local["municipality"] or "",
            _decimal(local["municipality_spend"]) if local["municipality"] else None,
            _decimal(local["municipality_share"]) if local["municipality"] else None,
            local["region"] or "",
            _decimal(local["region_spend"]) if local["region"] else None,
            _decimal(local["region_share"]) if local["region"] else None,
        ),
    )


@dataclass(frozen=True)
class YearSpend:
    """A supplier's spend in one calendar year, in euros, from the monthly summary."""

    year: int
    total: Decimal
    lines: int


def yearly_spend(organisation, supplier_ids: Iterable[int]) -> dict[int, tuple[YearSpend, ...]]:
    """Each of these suppliers' spend per calendar year, oldest first (a supplier without spend
    is left out): one grouped pass over the monthly summary, in euros as the baseline counts."""
    rows = (
        MonthlySpend.objects.filter(organisation=organisation, supplier_id__in=list(supplier_ids))
        .values(
            "supplier_id",
            year=ExtractYear("month"),
            currency=F("ledger_import__currency"),
            rate=F("ledger_import__exchange_rate"),
        )
        .annotate(cents=Sum("amount_cents"), count=Sum("lines"))
        .order_by()
    )
    totals: dict[int, dict[int, list[int]]] = {}
    for row in rows:
        entry = totals.setdefault(row["supplier_id"], {}).setdefault(row["year"], [0, 0])
        entry[0] += _euro_cents([(row["currency"], row["rate"], row["cents"])])
        entry[1] += row["count"]
    return {
        supplier_id: tuple(
            YearSpend(year, Decimal(cents).scaleb(-2), count)
            for year, (cents, count) in sorted(years.items())
        )
        for supplier_id, years in totals.items()
    }


@dataclass(frozen=True)
class SupplierLink:
    """A link of a ledger supplier to a register company, or a proposal of one. `how`: "kvk"
    (the import found the KvK number in the register), "engine" (the matching engine linked it
    at once) or "person" (someone accepted or picked it); None for an open proposal."""

    supplier_id: int
    company_id: int
    state: str  # SupplierMatch.State: proposed, accepted or rejected
    how: str | None
    score: float | None
    reason: str  # in the reader's language
    asked_again: bool


def supplier_links(organisation, supplier_ids: Iterable[int]) -> list[SupplierLink]:
    """The current link and the open proposals of these suppliers. A link the import made by KvK
    number has no decision row; it is reported as such."""
    ids = list(supplier_ids)
    found = []
    linked = dict(
        Supplier.objects.filter(organisation=organisation, pk__in=ids)
        .exclude(company=None)
        .values_list("pk", "company_id")
    )
    matches = SupplierMatch.objects.filter(
        organisation=organisation,
        supplier_id__in=ids,
        state__in=[SupplierMatch.State.PROPOSED, SupplierMatch.State.ACCEPTED],
    ).order_by("supplier_id", "-score", "pk")
    decided = set()
    for match in matches:
        is_link = match.state == SupplierMatch.State.ACCEPTED
        if is_link and linked.get(match.supplier_id) != match.company_id:
            continue  # an earlier link the supplier no longer has
        if is_link:
            decided.add(match.supplier_id)
        found.append(
            SupplierLink(
                supplier_id=match.supplier_id,
                company_id=match.company_id,
                state=match.state,
                how=("person" if match.decided_by_id else "engine") if is_link else None,
                score=match.score,
                reason=translate_reason(match.reason),
                asked_again=match.recheck,
            )
        )
    for supplier_id, company_id in linked.items():
        if supplier_id not in decided:
            found.append(
                SupplierLink(
                    supplier_id, company_id, SupplierMatch.State.ACCEPTED, "kvk", None, "", False
                )
            )
    return found
