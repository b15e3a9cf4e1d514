"""The baseline (nulmeting): how much of a period's spend went to social enterprises, where and to
whom. Every figure is summed in integer cents from the monthly summary of the ledger lines and
only then turned into Decimal euros, so totals equal the lines to the cent.

A supplier counts as social when it is linked to a register company that qualifies under the
organisation's policy on the last day of the period. Periods are whole months."""

import calendar
import hashlib
import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Count, Max, Q, Subquery, Sum
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from impactinkoop.core.locks import lock_organisation
from impactinkoop.registry.models import Company, Qualification
from impactinkoop.registry.policy import accepted_keys, counting_qualifications
from impactinkoop.registry.sources import Source

from .models import BaselineFigures, LedgerImport, MonthlySpend, Supplier, SupplierMatch

TOP = 10  # suppliers in each of the two lists
SHARE_PLACES = Decimal("0.0001")


@dataclass(frozen=True)
class Period:
    start: date  # the first day of a month
    end: date  # the last day of a month

    @classmethod
    def year(cls, year: int) -> "Period":
        return cls(date(year, 1, 1), date(year, 12, 31))

    @classmethod
    def months(cls, first: date, last: date) -> "Period":
        """From the month of `first` up to and including the month of `last`."""
        if last < first:
            raise ValueError(_("The end of the period lies before its start."))
        end_day = calendar.monthrange(last.year, last.month)[1]
        return cls(first.replace(day=1), last.replace(day=end_day))

    @property
    def is_year(self) -> bool:
        return (self.start.month, self.start.day, self.end.month, self.end.day) == (
            1,
            1,
            12,
            31,
        ) and (self.start.year == self.end.year)

    def label(self) -> str:
        if self.is_year:
            return str(self.start.year)
        return f"{self.start:%m-%Y} – {self.end:%m-%Y}"


def euros(cents: int | None) -> Decimal:
    return (Decimal(cents or 0) / 100).quantize(Decimal("0.01"))


def share(part: int | None, whole: int | None) -> Decimal | None:
    """part / whole as a fraction, or None when there is nothing (or less than nothing) spent."""
    if not whole or whole <= 0:
        return None
    return (Decimal(part or 0) / Decimal(whole)).quantize(SHARE_PLACES)


def social_suppliers(organisation, day: date):
    """The organisation's suppliers that count as social enterprises on `day` (a subquery)."""
    companies = counting_qualifications(organisation, day).values("company_id")
    return Supplier.objects.filter(organisation=organisation, company_id__in=companies).values("pk")


def years_with_spend(organisation) -> list[int]:
    """Years that imported lines fall in, from the imports' periods (a few rows, not the lines)."""
    years: set[int] = set()
    periods = LedgerImport.objects.filter(
        organisation=organisation, state=LedgerImport.State.COMMITTED, rows_imported__gt=0
    ).values_list("period_start", "period_end")
    for start, end in periods:
        if start and end:
            years.update(range(start.year, end.year + 1))
    return sorted(years)


def data_version(organisation) -> str:
    """A fingerprint of everything the figures depend on: imports, links, the register (its
    qualifications and companies' places) and the policy. Equal fingerprints give equal figures;
    a frozen baseline keeps the one it was made from. Every part is an indexed aggregate."""
    imports = LedgerImport.objects.filter(
        organisation=organisation, state=LedgerImport.State.COMMITTED
    ).aggregate(count=Count("pk"), last=Max("pk"), lines=Sum("rows_imported"))
    links = Supplier.objects.filter(organisation=organisation).aggregate(
        count=Count("company_id"), companies=Sum("company_id")
    )
    decided = SupplierMatch.objects.filter(organisation=organisation).aggregate(
        last=Max("decided_at")
    )
    qualifications = Qualification.objects.visible_to(organisation).aggregate(
        count=Count("pk"), last=Max("updated_at")
    )
    companies = Company.objects.aggregate(last=Max("updated_at"))
    text = "|".join(
        str(part)
        for part in (
            imports["count"],
            imports["last"],
            imports["lines"],
            links["count"],
            links["companies"],
            decided["last"],
            qualifications["count"],
            qualifications["last"],
            companies["last"],
            ",".join(sorted(accepted_keys(organisation))),
        )
    )
    digest = hashlib.sha256(text.encode()).hexdigest()[:12]
    return (
        f"{imports['count']} imports, {imports['lines'] or 0} lines, "
        f"{links['count']} links · {digest}"
    )


def figures_for(organisation, period: Period, version: str | None = None) -> dict:
    """The period's figures, computed once per data version and language and kept; the same
    shape a frozen baseline stores (JSON: amounts as text), with dates as dates again."""
    version = version or data_version(organisation)
    language = get_language() or ""
    kept = BaselineFigures.objects.filter(
        organisation=organisation,
        period_start=period.start,
        period_end=period.end,
        language=language,
    ).first()
    if kept is not None and kept.data_version == version:
        return revive(kept.figures)
    # One process computes; the others that arrive at the same moment (every web worker right
    # after an import) wait for it and read its figures instead of computing them too.
    with transaction.atomic():
        lock_organisation(organisation.pk, "baseline-figures")
        kept = BaselineFigures.objects.filter(
            organisation=organisation,
            period_start=period.start,
            period_end=period.end,
            language=language,
        ).first()
        if kept is not None and kept.data_version == version:
            return revive(kept.figures)
        figures = as_json(compute(organisation, period))
        BaselineFigures.objects.update_or_create(
            organisation=organisation,
            period_start=period.start,
            period_end=period.end,
            language=language,
            defaults={"data_version": version, "figures": figures},
        )
    return revive(figures)


def warm_figures(organisation) -> int:
    """Compute the figures of every year with spend, in every language, for the data as it is
    now: the worker does it after an import, so the first dashboard after it is quick."""
    from django.conf import settings
    from django.utils import translation

    version = data_version(organisation)
    count = 0
    for year in years_with_spend(organisation):
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                figures_for(organisation, Period.year(year), version)
            count += 1
    return count


def as_json(figures: dict) -> dict:
    """Figures as JSON gives them back: amounts as "1234.56", dates as ISO text."""
    return json.loads(json.dumps(figures, cls=DjangoJSONEncoder))


def revive(figures: dict) -> dict:
    """Stored figures with their dates as dates again (templates format them); amounts stay
    exact decimal text, which the money filters and charts read as Decimal."""
    revived = dict(figures)
    for key in ("period_start", "period_end", "social_day"):
        if isinstance(revived.get(key), str):
            revived[key] = date.fromisoformat(revived[key])
    revived["monthly"] = [
        {**row, "month": date.fromisoformat(row["month"])} if isinstance(row["month"], str) else row
        for row in figures.get("monthly", [])
    ]
    return revived


def compute(organisation, period: Period) -> dict:
    """Every figure of the dashboard for one period, JSON-ready (amounts as Decimal euros)."""
    rows = MonthlySpend.objects.filter(
        organisation=organisation, month__gte=period.start, month__lte=period.end
    )
    social_ids = Subquery(social_suppliers(organisation, period.end))
    social = Q(supplier_id__in=social_ids)
    sums = {"total": Sum("amount_cents"), "social": Sum("amount_cents", filter=social)}

    overall = rows.aggregate(
        **sums, line_count=Sum("lines"), social_lines=Sum("lines", filter=social)
    )
    suppliers = rows.aggregate(
        count=Count("supplier_id", distinct=True),
        social=Count("supplier_id", distinct=True, filter=social),
        linked=Sum("amount_cents", filter=~Q(supplier__company=None)),
    )
    total = overall["total"] or 0
    figures = {
        "organisation": organisation.name,
        "period_start": period.start,
        "period_end": period.end,
        "period_label": period.label(),
        "social_day": period.end,
        "total_spend": euros(total),
        "social_spend": euros(overall["social"]),
        "social_share": share(overall["social"], total),
        "line_count": overall["line_count"] or 0,
        "social_line_count": overall["social_lines"] or 0,
        "supplier_count": suppliers["count"],
        "social_supplier_count": suppliers["social"],
        "linked_spend": euros(suppliers["linked"]),
        "linked_share": share(suppliers["linked"], total),
        "local": _local(organisation, rows, total),
        "by_source": _by_source(organisation, rows.filter(social), period.end),
        "by_department": _by_dimension(rows, "department", sums, total),
        "by_cost_centre": _by_dimension(rows, "cost_centre", sums, total),
        "by_category": _by_dimension(rows, "category", sums, total),
        "top_suppliers": _top(rows.exclude(social)),
        "top_social_suppliers": _top(rows.filter(social)),
        "monthly": [
            {
                "month": row["month"],
                "total": euros(row["total"]),
                "social": euros(row["social"]),
                "lines": row["line_count"],
                "social_lines": row["social_lines"] or 0,
            }
            for row in rows.values("month")
            .annotate(**sums, line_count=Sum("lines"), social_lines=Sum("lines", filter=social))
            .order_by("month")
        ],
        "yearly": _yearly(organisation),
        "policy": sorted(accepted_keys(organisation)),
    }
    return figures


def _by_dimension(rows, field: str, sums: dict, total: int) -> list[dict]:
    result = []
    grouped = (
        rows.values(f"{field}_id", f"{field}__name")
        .annotate(**sums, line_count=Sum("lines"))
        .order_by("-total")
    )
    for row in grouped:
        result.append(
            {
                "id": row[f"{field}_id"],
                "name": row[f"{field}__name"] or _("(not given)"),
                "total": euros(row["total"]),
                "social": euros(row["social"]),
                "social_share": share(row["social"], row["total"]),
                "share_of_total": share(row["total"], total),
                "lines": row["line_count"],
            }
        )
    return result


def _top(rows) -> list[dict]:
    grouped = (
        rows.values("supplier_id", "supplier__name", "supplier__company__name")
        .annotate(total=Sum("amount_cents"), lines=Sum("lines"))
        .order_by("-total", "supplier_id")[:TOP]
    )
    return [
        {
            "id": row["supplier_id"],
            "name": row["supplier__name"],
            "company": row["supplier__company__name"] or "",
            "total": euros(row["total"]),
            "lines": row["lines"],
        }
        for row in grouped
    ]


def _local(organisation, rows, total: int) -> dict:
    """Spend at suppliers linked to a company in the organisation's own municipality and region
    (unlinked suppliers have no known address, so they never count as local)."""
    municipality = organisation.municipality
    region = organisation.labour_market_region
    in_municipality = rows.filter(supplier__company__municipality__iexact=municipality)
    in_region = rows.filter(supplier__company__labour_market_region=region)
    local = in_municipality.aggregate(total=Sum("amount_cents"))["total"] if municipality else None
    regional = in_region.aggregate(total=Sum("amount_cents"))["total"] if region else None
    return {
        "municipality": municipality,
        "municipality_spend": euros(local),
        "municipality_share": share(local, total),
        "region": region,
        "region_spend": euros(regional),
        "region_share": share(regional, total),
    }


def _by_source(organisation, social_rows, day: date) -> list[dict]:
    """Social spend per qualification source. A company with several sources counts once, under
    the first in the register's order, so the parts add up to the social total."""
    order = {source.value: index for index, source in enumerate(Source)}
    first_source: dict[int, str] = {}
    qualifications = counting_qualifications(organisation, day).values_list("company_id", "source")
    for company_id, source in qualifications:
        current = first_source.get(company_id)
        if current is None or order[source] < order[current]:
            first_source[company_id] = source
    per_source: dict[str, int] = {}
    for row in social_rows.values("supplier__company_id").annotate(total=Sum("amount_cents")):
        source = first_source.get(row["supplier__company_id"], Source.OWN_JUDGEMENT.value)
        per_source[source] = per_source.get(source, 0) + (row["total"] or 0)
    return [
        {"source": source.value, "label": str(source.label), "social": euros(per_source[source])}
        for source in Source
        if source.value in per_source
    ]


def _yearly(organisation) -> list[dict]:
    """Every year with spend, each with the social enterprises of its own last day."""
    result = []
    for year in years_with_spend(organisation):
        period = Period.year(year)
        social = Q(supplier_id__in=Subquery(social_suppliers(organisation, period.end)))
        sums = MonthlySpend.objects.filter(
            organisation=organisation, month__gte=period.start, month__lte=period.end
        ).aggregate(total=Sum("amount_cents"), social=Sum("amount_cents", filter=social))
        result.append(
            {
                "year": year,
                "total": euros(sums["total"]),
                "social": euros(sums["social"]),
                "social_share": share(sums["social"], sums["total"]),
            }
        )
    return result
