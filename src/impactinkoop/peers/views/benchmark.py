"""The benchmark pages: the administrator's choice of what the organisation shares with peers
(`peers.share`), and the benchmark of a yearly snapshot with its CSV (`peers.benchmark`). What
the page and the CSV may show is decided in `benchmark_page`, once for both."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from impactinkoop.accounts.roles import Permission
from impactinkoop.accounts.tenancy import organisation_view
from impactinkoop.core.exports import csv_bytes
from impactinkoop.core.urls import ORG

from ..benchmark import MEDIAN_FROM, MIN_GROUP, next_snapshot_day
from ..benchmark_forms import SharingForm
from ..benchmark_page import CSV_HEADER, benchmark_view, csv_rows
from ..benchmark_sharing import save_sharing, sharing_of
from ..models import BenchmarkSnapshot, Figure

PEERS = ORG + "peers/"


@organisation_view(Permission.SHARE_FIGURES)
@require_http_methods(["GET", "POST"])
def sharing(request):
    organisation = request.organisation
    current = sharing_of(organisation)
    form = SharingForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        save_sharing(organisation, actor=request.user, values=form.cleaned_data)
        messages.success(request, _("Saved."))
        return redirect("peers:sharing", organisation.slug)
    return render(
        request,
        "peers/sharing.html",
        {
            "form": form,
            "sharing": sharing_of(organisation),
            "figures": Figure.choices,
            "min_group": MIN_GROUP,
            "median_from": MEDIAN_FROM,
            "next_day": next_snapshot_day(timezone.localdate()),
        },
        status=400 if request.method == "POST" else 200,
    )


def _snapshot(request) -> tuple[BenchmarkSnapshot | None, list[int]]:
    """The snapshot of the year asked for (404 for a year without one), else the latest."""
    years = list(BenchmarkSnapshot.objects.values_list("year", flat=True))
    asked = request.GET.get("year", "")
    if asked:
        if not asked.isdigit() or int(asked) not in years:
            raise Http404
        return BenchmarkSnapshot.objects.get(year=int(asked)), years
    return BenchmarkSnapshot.objects.first(), years


@organisation_view(Permission.VIEW_BENCHMARK)
@require_GET
def benchmark(request):
    organisation = request.organisation
    snapshot, years = _snapshot(request)
    view = benchmark_view(organisation, snapshot) if snapshot else None
    return render(
        request,
        "peers/benchmark.html",
        {
            "view": view,
            "snapshot": snapshot,
            "years": years,
            "sharing": sharing_of(organisation),
            "may_share": request.membership.has_permission(Permission.SHARE_FIGURES),
            "min_group": MIN_GROUP,
            "median_from": MEDIAN_FROM,
            "next_day": next_snapshot_day(timezone.localdate()),
        },
    )


@organisation_view(Permission.VIEW_BENCHMARK)
@require_GET
def benchmark_csv(request):
    organisation = request.organisation
    snapshot, _years = _snapshot(request)
    if snapshot is None:
        raise Http404
    view = benchmark_view(organisation, snapshot)
    response = HttpResponse(csv_bytes(CSV_HEADER, csv_rows(view)), content_type="text/csv")
    name = f"benchmark-{organisation.slug}-{snapshot.year}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


urlpatterns = [
    path(PEERS + "sharing/", sharing, name="sharing"),
    path(PEERS + "benchmark/", benchmark, name="benchmark"),
    path(PEERS + "benchmark/csv/", benchmark_csv, name="benchmark_csv"),
]
