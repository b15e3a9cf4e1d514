"""The baseline pages: dashboard for a year or any run of months, drill-down to the lines, exports
of every table (CSV and XLSX), frozen baselines and the board PDF."""

import hashlib
import json
from datetime import date
from decimal import Decimal

from django.contrib import messages
from django.core.cache import cache
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q, Subquery, Sum
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from impactinkoop.accounts.roles import Permission
from impactinkoop.accounts.tenancy import get_for_organisation, organisation_view, scoped
from impactinkoop.core import charts
from impactinkoop.core.exports import csv_bytes, xlsx_bytes
from impactinkoop.core.pdf import ascii_name, pdf_response

from .baseline import (
    Period,
    data_version,
    figures_for,
    revive,
    social_suppliers,
    years_with_spend,
)
from .models import Baseline, Category, CostCentre, Department, LedgerLine, MonthlySpend, Supplier
from .services import freeze_baseline, make_official

LINES_PER_PAGE = 50
RENDERED_FIGURES_SECONDS = 24 * 60 * 60
DIMENSIONS = {"department": Department, "cost_centre": CostCentre, "category": Category}


def period_from(request) -> Period:
    """?year=2025, or ?from=2025-01&until=2025-06; by default the latest year with spend."""
    start, end = request.GET.get("from", ""), request.GET.get("until", "")
    if start or end:
        try:
            first = date.fromisoformat((start or end) + "-01")
            last = date.fromisoformat((end or start) + "-01")
            return Period.months(first, last)
        except ValueError as error:
            raise Http404(_("Not a period: use months as YYYY-MM.")) from error
    year = request.GET.get("year", "")
    if year:
        if not year.isdigit() or not 1900 < int(year) < 2200:
            raise Http404(_("Not a year."))
        return Period.year(int(year))
    years = years_with_spend(request.organisation)
    return Period.year(years[-1] if years else date.today().year)


def period_query(period: Period) -> str:
    if period.is_year:
        return f"year={period.start.year}"
    return f"from={period.start:%Y-%m}&until={period.end:%Y-%m}"


def chart_context(figures: dict) -> dict:
    """The dashboard's charts, from the figures alone (so a frozen baseline draws the same)."""
    social, other = _("social enterprises"), _("other suppliers")

    def bars(rows, title):
        return charts.stacked_bars(
            [charts.Bar(row["name"], row["social"], row["total"]) for row in rows[:12]],
            title,
            social,
            other,
        )

    return {
        "department_chart": bars(figures["by_department"], _("Spend by department")),
        "category_chart": bars(figures["by_category"], _("Spend by category")),
        "monthly_chart": charts.lines(
            [(f"{row['month']:%m}", row["total"], row["social"]) for row in figures["monthly"]],
            _("Spend per month"),
            (_("total spend"), _("at social enterprises")),
        ),
    }


def rendered_figures(organisation, figures: dict, period: Period) -> SafeString:
    """The dashboard's figures with their charts and links, rendered once per web process for
    the same figures: rendering them is most of the page's cost. The key is everything the HTML
    depends on (the figures themselves, the organisation's address, the period and the
    language), so changed figures are a new key and a stale page cannot be served."""
    query = period_query(period)
    inputs = json.dumps(
        [figures, organisation.slug, query, get_language()], cls=DjangoJSONEncoder, sort_keys=True
    )
    key = "spend.dashboard_figures:" + hashlib.sha256(inputs.encode()).hexdigest()
    html = cache.get(key)
    if html is None:
        context = {
            "figures": figures,
            "links": True,
            "current_organisation": organisation,
            "period_query": query,
            **chart_context(figures),
        }
        html = render_to_string("spend/includes/baseline_figures.html", context)
        cache.set(key, html, RENDERED_FIGURES_SECONDS)
    # Our own template's output, escaped when it was rendered.
    return mark_safe(html)  # noqa: S308


@organisation_view(Permission.VIEW_SPEND)
@require_GET
def dashboard(request):
    period = period_from(request)
    version = data_version(request.organisation)
    figures = figures_for(request.organisation, period, version)
    baselines = scoped(request, Baseline).select_related("frozen_by")
    context = {
        "figures": figures,
        "figures_html": rendered_figures(request.organisation, figures, period),
        "period": period,
        "period_query": period_query(period),
        "years": years_with_spend(request.organisation),
        "baselines": baselines,
        "official": next((b for b in baselines if b.is_official), None),
        "can_freeze": request.membership.has_permission(Permission.FREEZE_BASELINE),
        "data_version": version,
    }
    return render(request, "spend/baseline.html", context)


@organisation_view(Permission.VIEW_SPEND)
@require_GET
def frozen_baseline(request, pk: int):
    baseline = get_for_organisation(request, Baseline, pk=pk)
    figures = baseline.figures
    context = {
        "figures": figures,
        "baseline": baseline,
        "can_freeze": request.membership.has_permission(Permission.FREEZE_BASELINE),
        **chart_context(revive(figures)),
    }
    return render(request, "spend/baseline_frozen.html", context)


@organisation_view(Permission.FREEZE_BASELINE)
@require_POST
def freeze(request):
    period = period_from(request)
    name = request.POST.get("name", "").strip()[:100] or _("Baseline %(period)s") % {
        "period": period.label()
    }
    baseline = freeze_baseline(
        actor=request.user,
        organisation=request.organisation,
        period=period,
        name=name,
        official=request.POST.get("official") == "on",
    )
    messages.success(
        request, _("The figures of %(period)s are frozen.") % {"period": period.label()}
    )
    return redirect("spend:baseline_frozen", org_slug=request.organisation.slug, pk=baseline.pk)


@organisation_view(Permission.FREEZE_BASELINE)
@require_POST
def official(request, pk: int):
    baseline = get_for_organisation(request, Baseline, pk=pk)
    make_official(actor=request.user, baseline=baseline)
    messages.success(
        request, _("“%(name)s” is now the official baseline.") % {"name": baseline.name}
    )
    return redirect("spend:baseline_frozen", org_slug=request.organisation.slug, pk=baseline.pk)


@organisation_view(Permission.VIEW_SPEND)
@require_GET
def pdf(request, pk: int | None = None):
    """The dashboard (or a frozen baseline) as a PDF for the board, in Dutch or English."""
    baseline = None if pk is None else get_for_organisation(request, Baseline, pk=pk)
    period = period_from(request) if pk is None else None

    def context():
        figures = (
            revive(baseline.figures) if baseline else figures_for(request.organisation, period)
        )
        return {
            "figures": figures,
            "baseline": baseline,
            "organisation": request.organisation,
            **chart_context(figures),
        }

    label = baseline.figures.get("period_label", "") if baseline else period.label()
    name = f"baseline-{request.organisation.slug}-{label}".replace(" ", "")
    return pdf_response(request, "spend/baseline_pdf.html", context, name)


# -- exports of the dashboard's tables --------------------------------------------------------

TABLES = {
    "departments": ("by_department", "dimension"),
    "cost_centres": ("by_cost_centre", "dimension"),
    "categories": ("by_category", "dimension"),
    "suppliers": ("top_suppliers", "supplier"),
    "social_suppliers": ("top_social_suppliers", "supplier"),
    "months": ("monthly", "month"),
    "years": ("yearly", "year"),
    "sources": ("by_source", "source"),
}


def table_rows(figures: dict, table: str) -> tuple[list[str], list[list]]:
    """One table of the figures as header and rows; amounts and shares as Decimal, so the
    XLSX cells are numbers a spreadsheet can sum."""
    key, shape = TABLES[table]
    rows = figures[key]
    if shape == "dimension":
        header = [_("Name"), _("Total"), _("At social enterprises"), _("Social share")]
        body = [[r["name"], *_numbers(r["total"], r["social"], r["social_share"])] for r in rows]
    elif shape == "supplier":
        header = [_("Supplier"), _("Company in the register"), _("Total"), _("Lines")]
        body = [[r["name"], r["company"], *_numbers(r["total"]), r["lines"]] for r in rows]
    elif shape == "month":
        header = [_("Month"), _("Total"), _("At social enterprises")]
        body = [[f"{r['month']:%Y-%m}", *_numbers(r["total"], r["social"])] for r in rows]
    elif shape == "year":
        header = [_("Year"), _("Total"), _("At social enterprises"), _("Social share")]
        body = [[r["year"], *_numbers(r["total"], r["social"], r["social_share"])] for r in rows]
    else:
        header = [_("Source"), _("At social enterprises")]
        body = [[r["label"], *_numbers(r["social"])] for r in rows]
    return header, body


def _numbers(*values) -> list:
    return [None if value is None else Decimal(value) for value in values]


@organisation_view(Permission.VIEW_SPEND)
@require_GET
def export_table(request, table: str):
    if table not in TABLES:
        raise Http404(_("No such table."))
    period = period_from(request)
    header, rows = table_rows(figures_for(request.organisation, period), table)
    name = f"{table}-{request.organisation.slug}-{period.label()}".replace(" ", "")
    return _download(request, header, rows, ascii_name(name))


# -- drill-down: the lines behind a figure -----------------------------------------------------


class _KnownCount:
    """Lines with their count taken from the monthly summary (exact, and far cheaper than a
    COUNT over a million lines), so the paginator does not count them again. With the line
    count of each month (newest first), a page reads only the months it falls in instead of
    scanning every newer line to skip them."""

    def __init__(self, queryset, count: int, months: list[tuple[date, int]] | None = None):
        self.queryset, self._count, self.months = queryset, count, months

    def count(self) -> int:
        return self._count

    def __getitem__(self, item):
        if not isinstance(item, slice) or not self.months:
            return self.queryset[item]
        start, stop = item.start or 0, item.stop
        skipped, first, last = 0, None, None
        for month, lines in self.months:
            if first is None:
                if skipped + lines <= start:
                    skipped += lines
                    continue
                first = month
            last = month
            if skipped + sum(n for m, n in self.months if last <= m <= first) >= stop:
                break
        if first is None:
            return self.queryset.none()
        end = Period.months(first, first).end
        window = self.queryset.filter(date__gte=last, date__lte=end)
        return window[start - skipped : stop - skipped]


@organisation_view(Permission.VIEW_SPEND)
@require_GET
def lines(request):
    period = period_from(request)
    organisation = request.organisation
    filters, chosen = Q(), {}
    for field, model in DIMENSIONS.items():
        if value := request.GET.get(field):
            chosen[field] = get_for_organisation(request, model, pk=_id(value))
            filters &= Q(**{f"{field}_id": chosen[field].pk})
    if value := request.GET.get("supplier"):
        chosen["supplier"] = get_for_organisation(request, Supplier, pk=_id(value))
        filters &= Q(supplier_id=chosen["supplier"].pk)
    social = request.GET.get("social", "")
    social_ids = Subquery(social_suppliers(organisation, period.end))
    if social == "yes":
        filters &= Q(supplier_id__in=social_ids)
    elif social == "no":
        filters &= ~Q(supplier_id__in=social_ids)

    kept = figures_for(organisation, period)
    summary = _kept_total(kept, chosen, social) or MonthlySpend.objects.filter(
        filters, organisation=organisation, month__gte=period.start, month__lte=period.end
    ).aggregate(total=Sum("amount_cents"), count=Sum("lines"))
    found = (
        LedgerLine.objects.filter(
            filters, organisation=organisation, date__gte=period.start, date__lte=period.end
        )
        .select_related("supplier", "department", "cost_centre", "category")
        .order_by("-date", "-id")
    )
    if request.GET.get("format") in ("csv", "xlsx"):
        header = [
            _("Date"),
            _("Supplier"),
            _("Invoice number"),
            _("Amount"),
            _("Department"),
            _("Cost centre"),
            _("Category"),
            _("Description"),
        ]
        rows = (
            [
                line.date.isoformat(),
                line.supplier.name,
                line.invoice_number,
                Decimal(line.amount_cents) / 100,
                line.department.name if line.department else "",
                line.cost_centre.name if line.cost_centre else "",
                line.category.name if line.category else "",
                line.description,
            ]
            for line in found.iterator(chunk_size=5000)
        )
        return _download(request, header, rows, ascii_name(f"lines-{organisation.slug}"))
    months = _month_counts(kept, chosen, social)
    page = Paginator(_KnownCount(found, summary["count"] or 0, months), LINES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "spend/baseline_lines.html",
        {
            "period": period,
            "page": page,
            "total_cents": summary["total"] or 0,
            "chosen": chosen,
            "social": social,
            "query": params.urlencode(),
            "period_query": period_query(period),
        },
    )


def _kept_total(figures: dict, chosen: dict, social: str) -> dict | None:
    """The drill-down's total and line count from the kept figures when they hold it (the
    whole period, its social part, or one department, cost centre or category), which spares
    a pass over the monthly summary."""
    if not chosen:
        if social == "yes":
            return {
                "total": _cents(figures["social_spend"]),
                "count": figures["social_line_count"],
            }
        if not social:
            return {"total": _cents(figures["total_spend"]), "count": figures["line_count"]}
    if len(chosen) == 1 and not social and "supplier" not in chosen:
        field, picked = next(iter(chosen.items()))
        for row in figures[f"by_{field}"]:
            if row["id"] == picked.pk:
                return {"total": _cents(row["total"]), "count": row["lines"]}
    return None


def _month_counts(figures: dict, chosen: dict, social: str):
    """Lines per month, newest first, from the kept figures when no name is chosen."""
    if chosen:
        return None
    rows = figures["monthly"]
    key = {"": "lines", "yes": "social_lines"}.get(social)
    counts = [
        (row["month"], row[key] if key else row["lines"] - row["social_lines"]) for row in rows
    ]
    return sorted(counts, reverse=True)


def _cents(amount) -> int:
    return int(Decimal(amount) * 100)


def _download(request, header, rows, name: str) -> HttpResponse:
    if request.GET.get("format") == "xlsx":
        data = xlsx_bytes(header, rows)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        extension = "xlsx"
    else:
        data, content_type, extension = csv_bytes(header, rows), "text/csv; charset=utf-8", "csv"
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{extension}"'
    return response


def _id(value: str) -> int:
    if not value.isdigit():
        raise Http404(_("Not an id."))
    return int(value)
