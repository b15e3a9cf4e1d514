"""The drill-down pages: the lines behind a figure (with their breakdown, a search, an order and
pages) and their download, and downloads of the dashboard's tables (CSV and XLSX)."""

import io
from datetime import date
from decimal import Decimal
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from impactinkoop.accounts.roles import Permission
from impactinkoop.accounts.tenancy import organisation_view
from impactinkoop.core.exports import csv_bytes, xlsx_bytes
from impactinkoop.core.models import Job
from impactinkoop.core.pdf import ascii_name
from impactinkoop.registry.policy import policy_of

from ..baseline.drilldown import kept_breakdown
from ..baseline.figures import data_version, figures_for
from ..baseline.line_exports import (
    DEFAULT_SORT,
    FORMATS,
    LINES_EXPORT,
    LineSelection,
    SelectionError,
    TooManyExports,
    content_type,
    in_euros,
    select_lines,
    start_lines_export,
    write_lines,
)
from ..baseline.periods import Period
from .baseline import period_from, period_query

LINES_PER_PAGE = 50
MY_EXPORTS = 3  # the member's latest downloads of lines, listed on the lines page

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
