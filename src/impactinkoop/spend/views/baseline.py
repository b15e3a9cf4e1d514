"""The baseline pages: dashboard for a year or any run of months, frozen baselines and the board
PDF."""

import hashlib
import json
from datetime import date
from decimal import Decimal

from django.contrib import messages
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404
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
from impactinkoop.core.pdf import pdf_response
from impactinkoop.registry.policy import policy_of

from ..baseline.figures import data_version, figures_for, frozen_figures
from ..baseline.line_exports import SelectionError, period_from_params
from ..baseline.periods import Period, years_with_spend
from ..models import Baseline, version_date
from ..services import freeze_baseline, make_official

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
