"""The baseline pages: dashboard for a year or any run of months, drill-down to the lines, exports
of every table (CSV and XLSX), frozen baselines and the board PDF."""

import hashlib
import io
import json
from datetime import date
from decimal import Decimal
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from impactinkoop.accounts.roles import Permission
from impactinkoop.accounts.tenancy import get_for_organisation, organisation_view, scoped
from impactinkoop.core import charts
from impactinkoop.core.exports import csv_bytes, xlsx_bytes
from impactinkoop.core.models import Job
from impactinkoop.core.pdf import ascii_name, pdf_response
from impactinkoop.registry.policy import policy_of

from .baseline import Period, data_version, figures_for, frozen_figures, years_with_spend
from .drilldown import kept_breakdown
from .line_exports import (
    DEFAULT_SORT,
    FORMATS,
    LINES_EXPORT,
    LineSelection,
    SelectionError,
    TooManyExports,
    content_type,
    in_euros,
    period_from_params,
    select_lines,
    start_lines_export,
    write_lines,
)
from .models import Baseline, version_date
from .services import freeze_baseline, make_official

LINES_PER_PAGE = 50
MY_EXPORTS = 3  # the member's latest downloads of lines, listed on the lines page
RENDERED_FIGURES_SECONDS = 24 * 60 * 60


def period_from(request) -> Period:
    """?year=2025, or ?from=2025-01&until=2025-06; by default the latest year with spend."""
    try:
        return period_from_params(request.GET, request.organisation)
    except SelectionError as error:
        raise Http404(str(error)) from error


def period_query(period: Period) -> str:
    if period.is_year:
        return f"year={period.start.year}"
    return f"from={period.start:%Y-%m}&until={period.end:%Y-%m}"


def monthly_points(figures: dict) -> list[tuple[str, Decimal, Decimal]]:
    """One point per month of the period, zero where it had no spend: leaving such a month out
    would draw March straight into December. Months are named in the reader's language."""
    rows = {(row["month"].year, row["month"].month): row for row in figures["monthly"]}
    start, end = figures.get("period_start"), figures.get("period_end")
    if start is None or end is None:
        months = sorted(rows)
    else:
        months, year, month = [], start.year, start.month
        while (year, month) <= (end.year, end.month):
            months.append((year, month))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    one_year = len({year for year, _month in months}) <= 1
    zero = Decimal("0")
    return [
        (
            date_format(date(year, month, 1), "M" if one_year else "M y"),
            rows[year, month]["total"] if (year, month) in rows else zero,
            rows[year, month]["social"] if (year, month) in rows else zero,
        )
        for year, month in months
    ]


CHART_ROWS = 12  # departments or categories in a chart; the table below it lists them all


def _fraction(value) -> Decimal | None:
    """A share as kept in the figures (a Decimal, or its text in a frozen baseline)."""
    return None if value is None or value == "" else Decimal(value)


def chart_context(figures: dict) -> dict:
    """The dashboard's charts, from the figures alone (so a frozen baseline draws the same).
    Each chart has its own id: their patterns share one page."""
    social, other = _("social enterprises"), _("other suppliers")

    def bars(rows, title, chart_id):
        return charts.stacked_bars(
            [charts.Bar(row["name"], row["social"], row["total"]) for row in rows[:CHART_ROWS]],
            title,
            social,
            other,
            chart_id=chart_id,
        )

    return {
        "department_chart": bars(figures["by_department"], _("Spend by department"), "departments"),
        # The same departments as the amounts beside it, by their own share: the social part of
        # a department's spend is a sliver of its bar there, and a readable bar here.
        "department_share_chart": charts.share_bars(
            [
                charts.ShareBar(row["name"], _fraction(row["social_share"]))
                for row in figures["by_department"][:CHART_ROWS]
            ],
            _("Share at social enterprises by department"),
            overall=_fraction(figures.get("social_share")),
            overall_label=_("whole organisation"),
            chart_id="department-shares",
        ),
        "category_chart": bars(figures["by_category"], _("Spend by category"), "categories"),
        "monthly_chart": charts.lines(
            monthly_points(figures),
            _("Spend per month"),
            (_("total spend"), _("at social enterprises")),
            chart_id="months",
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
    # The cache keeps render_to_string's SafeString as it is (it pickles the value), so what
    # comes back is our own template's escaped output.
    return html


@organisation_view(Permission.VIEW_SPEND)
@require_GET
def dashboard(request):
    period = period_from(request)
    policy = policy_of(request.organisation)
    version = data_version(request.organisation, policy)
    figures = figures_for(request.organisation, period, version, policy)
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
        "data_as_of": version_date(version),
    }
    return render(request, "spend/baseline.html", context)


@organisation_view(Permission.VIEW_SPEND)
@require_GET
def frozen_baseline(request, pk: int):
    baseline = get_for_organisation(request, Baseline.objects.select_related("frozen_by"), pk=pk)
    figures = frozen_figures(baseline)
    context = {
        "figures": figures,
        "baseline": baseline,
        "can_freeze": request.membership.has_permission(Permission.FREEZE_BASELINE),
        **chart_context(figures),
    }
    return render(request, "spend/baseline_frozen.html", context)


def _official_to_replace(request, keep: Baseline | None = None) -> Baseline | None:
    """The official baseline a new official one would replace, unless the person confirmed it
    (goals are measured against the official baseline: replacing it is never one click)."""
    if request.POST.get("confirm") == "replace":
        return None
    official = scoped(request, Baseline).filter(is_official=True)
    if keep is not None:
        official = official.exclude(pk=keep.pk)
    return official.first()


@organisation_view(Permission.FREEZE_BASELINE)
@require_POST
def freeze(request):
    period = period_from(request)
    name = request.POST.get("name", "").strip()[:100] or _("Baseline %(period)s") % {
        "period": period.label()
    }
    official = request.POST.get("official") == "on"
    replaces = _official_to_replace(request) if official else None
    if replaces is not None:
        context = {
            "replaces": replaces,
            "name": name,
            "period": period,
            "figures": figures_for(request.organisation, period),
            "action": reverse("spend:baseline_freeze", args=[request.organisation.slug])
            + f"?{period_query(period)}",
        }
        return render(request, "spend/baseline_confirm.html", context)
    baseline = freeze_baseline(
        actor=request.user,
        organisation=request.organisation,
        period=period,
        name=name,
        official=official,
    )
    messages.success(
        request, _("The figures of %(period)s are frozen.") % {"period": period.label()}
    )
    return redirect("spend:baseline_frozen", org_slug=request.organisation.slug, pk=baseline.pk)


@organisation_view(Permission.FREEZE_BASELINE)
@require_POST
def official(request, pk: int):
    baseline = get_for_organisation(request, Baseline, pk=pk)
    replaces = _official_to_replace(request, keep=baseline)
    if replaces is not None:
        context = {
            "replaces": replaces,
            "baseline": baseline,
            "figures": frozen_figures(baseline),
            "action": reverse("spend:baseline_official", args=[request.organisation.slug, pk]),
        }
        return render(request, "spend/baseline_confirm.html", context)
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
            frozen_figures(baseline) if baseline else figures_for(request.organisation, period)
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
        if not isinstance(item, slice):
            return self.queryset[item]
        if not self.months:
            # The page's ids first, sorted on the lines alone; then those lines with their
            # supplier and dimensions. Joined first, a sort by amount over a year of lines
            # would join every line before it could keep fifty.
            ids = list(self.queryset.values_list("pk", flat=True)[item])
            return self.queryset.filter(pk__in=ids)
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
    """The lines behind a figure, with their breakdown by supplier and by category, a search,
    a choice of order and numbered pages."""
    selection = _selection(request, request.GET)
    policy = policy_of(request.organisation)
    version = data_version(request.organisation, policy)
    kept = figures_for(request.organisation, selection.period, version, policy)
    split = kept_breakdown(selection, version, kept)
    found = selection.lines().select_related("supplier", "department", "cost_centre", "category")
    # Newest first without a search, a page reads only the months it falls in.
    months = None
    if selection.sort == DEFAULT_SORT and not selection.text:
        months = _month_counts(kept, selection.chosen, selection.social)
    page = Paginator(_KnownCount(found, split.count, months), LINES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    page.object_list = in_euros(page.object_list, request.organisation)
    params = request.GET.copy()
    params.pop("page", None)
    sorted_params = params.copy()
    sorted_params.pop("sort", None)
    narrow = selection.params()
    narrow.pop("sort", None)
    unsearched = params.copy()
    unsearched.pop("q", None)
    return render(
        request,
        "spend/baseline_lines.html",
        {
            "period": selection.period,
            "page": page,
            "page_range": list(page.paginator.get_elided_page_range(page.number)),
            "total_cents": split.total,
            "breakdown": split,
            "selection": selection,
            "chosen": selection.chosen,
            "social": selection.social,
            "query": params.urlencode(),
            "sort_query": sorted_params.urlencode(),
            "narrow_query": urlencode(narrow),
            "unsearched_query": unsearched.urlencode(),
            "period_query": period_query(selection.period),
            "export_params": selection.params(),
            "export_in_background": split.count > settings.EXPORT_DIRECT_MAX_LINES,
            "my_exports": Job.objects.for_organisation(request.organisation)
            .filter(kind=LINES_EXPORT, created_by=request.user)
            .defer("output", "log")[:MY_EXPORTS],
        },
    )


@organisation_view(Permission.VIEW_SPEND)
@require_POST
def lines_export(request):
    """The lines of the drill-down's filters as CSV or XLSX: a few thousand at once, more as a
    background job (a full year in the request held a web worker for many seconds)."""
    fmt = request.POST.get("format", "")
    if fmt not in FORMATS:
        raise Http404(_("No such file format."))
    selection = _selection(request, request.POST)
    if selection.summary()["count"] <= settings.EXPORT_DIRECT_MAX_LINES:
        buffer = io.BytesIO()
        write_lines(selection, fmt, buffer)
        response = HttpResponse(buffer.getvalue(), content_type=content_type(fmt))
        response["Content-Disposition"] = f'attachment; filename="{selection.file_name(fmt)}"'
        return response
    try:
        job = start_lines_export(selection, fmt, actor=request.user)
    except TooManyExports as error:
        messages.error(request, str(error))
        url = reverse("spend:baseline_lines", args=[request.organisation.slug])
        return redirect(f"{url}?{urlencode(selection.params())}")
    return redirect("portal:job", org_slug=request.organisation.slug, pk=job.pk)


def _selection(request, params) -> LineSelection:
    try:
        return select_lines(request.organisation, params)
    except SelectionError as error:
        raise Http404(str(error)) from error


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


def _download(request, header, rows, name: str) -> HttpResponse:
    fmt = "xlsx" if request.GET.get("format") == "xlsx" else "csv"
    data = (xlsx_bytes if fmt == "xlsx" else csv_bytes)(header, rows)
    response = HttpResponse(data, content_type=content_type(fmt))
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
