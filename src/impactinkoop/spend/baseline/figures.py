"""The baseline (nulmeting): how much of a period's spend went to social enterprises, where and to
whom. Every figure is summed in integer cents from the monthly summary of the ledger lines and
only then turned into Decimal euros, so totals equal the lines to the cent.

A supplier counts as social when it is linked to a register company that qualifies under the
organisation's policy on the last day of the period. Periods are whole months."""

import hashlib
import json
from copy import deepcopy
from datetime import date
from decimal import Decimal

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Count, Max, Q, Subquery, Sum
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from impactinkoop.core.locks import lock_organisation
from impactinkoop.registry.models import Company, Qualification
from impactinkoop.registry.policy import Policy, policy_of
from impactinkoop.registry.sources import Source

from ..imports.currency import EURO
from ..models import BaselineFigures, LedgerImport, MonthlySpend, Supplier, SupplierMatch
from .explain import social_note
from .periods import Period, partial, years_with_spend

TOP = 10  # suppliers in each of the two lists
SHARE_PLACES = Decimal("0.0001")


def euros(cents: int | None) -> Decimal:
    return (Decimal(cents or 0) / 100).quantize(Decimal("0.01"))


def share(part: int | None, whole: int | None) -> Decimal | None:
    """part / whole as a fraction, or None when there is nothing (or less than nothing) spent."""
    if not whole or whole <= 0:
        return None
    return (Decimal(part or 0) / Decimal(whole)).quantize(SHARE_PLACES)


def social_suppliers(organisation, day: date, policy: Policy | None = None):
    """The organisation's suppliers that count as social enterprises on `day` (a subquery).
    `policy`: the organisation's policy when the computation has read it already."""
    policy = policy or policy_of(organisation)
    companies = policy.qualifications(day).values("company_id")
    return Supplier.objects.filter(organisation=organisation, company_id__in=companies).values("pk")


def data_version(organisation, policy: Policy | None = None) -> str:
    """A fingerprint of everything the figures depend on: imports, links, the register (its
    qualifications and companies' places) and the policy. Equal fingerprints give equal figures;
    a frozen baseline keeps the one it was made from. Every part is an indexed aggregate."""
    policy = policy or policy_of(organisation)
    imports = LedgerImport.objects.filter(
        organisation=organisation, state=LedgerImport.State.COMMITTED
    ).aggregate(
        count=Count("pk"),
        last=Max("pk"),
        lines=Sum("rows_imported"),
        rates=Count("exchange_rate"),
        rate_set=Max("rate_set_at"),
        committed=Max("committed_at"),
    )
    links = Supplier.objects.filter(organisation=organisation).aggregate(
        count=Count("company_id"),
        companies=Sum("company_id"),
        suppliers=Count("pk"),
        last_supplier=Max("pk"),
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
            imports["rates"],
            imports["rate_set"],
            links["count"],
            links["companies"],
            links["suppliers"],
            links["last_supplier"],
            decided["last"],
            qualifications["count"],
            qualifications["last"],
            companies["last"],
            ",".join(sorted(policy.keys)),
        )
    )
    digest = hashlib.sha256(text.encode()).hexdigest()[:12]
    # The moment of the last change in the data leads the fingerprint, so a page can show it
    # as "data of 27 November 2026" (`Baseline.data_as_of`, `version_date`) instead of the hash.
    changes = [
        imports["committed"],
        imports["rate_set"],
        decided["last"],
        qualifications["last"],
        companies["last"],
    ]
    latest = max((moment for moment in changes if moment is not None), default=None)
    return f"{latest.isoformat() if latest else '-'} · {digest}"


def figures_for(
    organisation, period: Period, version: str | None = None, policy: Policy | None = None
) -> dict:
    """The period's figures, computed once per data version and language and kept; the same
    shape a frozen baseline stores (JSON: amounts as text), with dates as dates again. The job
    that changed the data has normally computed them already (`warm_figures`)."""
    if version is None:
        policy = policy or policy_of(organisation)
        version = data_version(organisation, policy)
    language = get_language() or ""
    kept = _kept(organisation, period, language)
    if kept is not None and kept.data_version == version:
        return _with_partial(kept.figures)
    # One process computes; the others that arrive at the same moment (every web worker right
    # after an import) wait for it and read its figures instead of computing them too.
    with transaction.atomic():
        lock_organisation(organisation.pk, "baseline-figures")
        kept = _kept(organisation, period, language)
        if kept is not None and kept.data_version == version:
            return _with_partial(kept.figures)
        figures = as_json(compute(organisation, period, policy))
        _keep(organisation, period, language, version, figures)
    return _with_partial(figures)


def _kept(organisation, period: Period, language: str) -> BaselineFigures | None:
    return BaselineFigures.objects.filter(
        organisation=organisation,
        period_start=period.start,
        period_end=period.end,
        language=language,
    ).first()


def _keep(organisation, period: Period, language: str, version: str, figures: dict) -> None:
    BaselineFigures.objects.update_or_create(
        organisation=organisation,
        period_start=period.start,
        period_end=period.end,
        language=language,
        defaults={"data_version": version, "figures": figures},
    )


def warm_figures(organisation) -> int:
    """Compute the figures of every year with spend for the data as it is now, and keep them in
    every language: the job that changed the data does it (`changes.lines_changed`), so the
    first dashboard after it only reads them. The figures are computed once; the other
    languages get their words (source names, "(not given)") the way a frozen baseline does.
    Returns how many it kept."""
    from django.conf import settings
    from django.utils import translation

    from .drilldown import period_breakdowns  # the drill-down reads the figures: no cycle

    policy = policy_of(organisation)
    version = data_version(organisation, policy)
    languages = [language for language, _name in settings.LANGUAGES]
    count = 0
    for year in years_with_spend(organisation):
        period = Period.year(year)
        with transaction.atomic():
            lock_organisation(organisation.pk, "baseline-figures")
            missing = [
                language
                for language in languages
                if getattr(_kept(organisation, period, language), "data_version", None) != version
            ]
            if not missing:
                continue
            with translation.override(missing[0]):
                figures = as_json(compute(organisation, period, policy))
            # The drill-down of the whole period and of its social part, kept with them.
            figures["breakdowns"] = period_breakdowns(organisation, period)
            for language in missing:
                with translation.override(language):
                    _keep(organisation, period, language, version, relabelled(deepcopy(figures)))
                count += 1
    return count


def _with_partial(stored: dict) -> dict:
    figures = revive(stored)
    # Not kept: whether the period is over changes with the calendar, not with the data.
    figures["partial"] = partial(figures, timezone.localdate())
    return figures


def frozen_figures(baseline) -> dict:
    """A frozen baseline's figures as the page and the PDF show them. Baselines frozen before
    the partial mark was stored are judged on the day they were frozen."""
    figures = revive(baseline.figures)
    if "partial" not in figures:
        figures["partial"] = partial(figures, timezone.localdate(baseline.frozen_at))
    return relabelled(figures)


def relabelled(figures: dict) -> dict:
    """Frozen figures keep the words of the language they were frozen in; the register's source
    names and "(not given)" are put in the reader's language again (the English PDF of a
    baseline frozen in Dutch says "Own judgement", not "Eigen oordeel")."""
    sources = {source.value: source.label for source in Source}
    for row in figures.get("by_source") or []:
        if isinstance(row, dict) and row.get("source") in sources:
            row["label"] = str(sources[row["source"]])
    for rows in figures.values():
        if not isinstance(rows, list):
            continue
        for row in rows:
            if isinstance(row, dict) and "name" in row and "id" in row and row["id"] is None:
                row["name"] = _("(not given)")
    return figures


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
    if revived.get("partial"):
        revived["partial"] = {
            key: date.fromisoformat(value) if isinstance(value, str) else value
            for key, value in revived["partial"].items()
        }
    revived["monthly"] = [
        {**row, "month": date.fromisoformat(row["month"])} if isinstance(row["month"], str) else row
        for row in figures.get("monthly", [])
    ]
    return revived


def compute(organisation, period: Period, policy: Policy | None = None) -> dict:
    """Every figure of the dashboard for one period, JSON-ready (amounts as Decimal euros)."""
    policy = policy or policy_of(organisation)
    rows = MonthlySpend.objects.filter(
        organisation=organisation, month__gte=period.start, month__lte=period.end
    )
    social_ids = Subquery(social_suppliers(organisation, period.end, policy))
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
        "by_source": _by_source(policy, rows.filter(social), period.end),
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
        "yearly": _yearly(organisation, policy),
        "policy": sorted(policy.keys),
        **other_currencies(organisation, period),
        # 0 % social needs a reason, or it reads as a finding.
        "social_note": (
            social_note(organisation, period.end, policy)
            if overall["line_count"] and not suppliers["social"]
            else None
        ),
    }
    return figures


def other_currencies(organisation, period: Period) -> dict:
    """The period's imports in another currency than the euro: those converted at their rate
    (named with the figures), and those left out until their rate is entered."""
    imports = (
        LedgerImport.objects.filter(
            organisation=organisation,
            state=LedgerImport.State.COMMITTED,
            rows_imported__gt=0,
            period_start__lte=period.end,
            period_end__gte=period.start,
        )
        .exclude(currency=EURO)
        .order_by("period_start", "pk")
    )
    converted, left_out = [], []
    for item in imports:
        row = {
            "id": item.pk,
            "file": item.file_name,
            "currency": item.currency,
            "lines": item.rows_imported,
            "total": euros(item.total_cents),  # in the import's own currency
        }
        if item.exchange_rate is None:
            left_out.append(row)
        else:
            converted.append({**row, "rate": item.exchange_rate})
    return {"converted_imports": converted, "left_out_imports": left_out}


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


def _by_source(policy: Policy, social_rows, day: date) -> list[dict]:
    """Social spend per qualification source. A company with several sources counts once, under
    the first in the register's order, so the parts add up to the social total."""
    order = {source.value: index for index, source in enumerate(Source)}
    first_source: dict[int, str] = {}
    qualifications = policy.qualifications(day).values_list("company_id", "source")
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


def _yearly(organisation, policy: Policy) -> list[dict]:
    """Every year with spend, each with the social enterprises of its own last day."""
    result = []
    for year in years_with_spend(organisation):
        period = Period.year(year)
        social = Q(supplier_id__in=Subquery(social_suppliers(organisation, period.end, policy)))
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
