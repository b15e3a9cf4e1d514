"""The social-return monitoring page and its exports for the council (CSV, XLSX, PDF).

The SROI officer (who may see the realisations, `Permission.VIEW_REALISATIONS`) sees exact
counts and may switch to the council view; everyone else who may see social return, an
administrator too, sees the council view only, in which counts of people from 1 to 4 are "< 5"
and cannot be found back (`core.suppression`). The exports always show the council view."""

from urllib.parse import urlencode

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from impactinkoop.accounts.roles import Permission
from impactinkoop.accounts.tenancy import organisation_view
from impactinkoop.core.exports import csv_bytes, xlsx_bytes
from impactinkoop.core.pdf import ascii_name, pdf_response
from impactinkoop.core.suppression import HIDDEN

from .monitoring import export_rows, monitoring, sections

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _choices(request):
    """The year and contractor asked for; a value that is not offered is ignored."""
    found = monitoring(request.organisation, today=timezone.localdate())
    year = request.GET.get("year", "")
    year = int(year) if year.isdigit() and int(year) in found.years else None
    contractor = request.GET.get("contractor", "")
    contractor = contractor if contractor in found.contractors else ""
    if year is None and not contractor:
        return found
    return monitoring(
        request.organisation, today=timezone.localdate(), year=year, contractor=contractor
    )


def _query(m, **extra) -> str:
    params = {"year": m.year or "", "contractor": m.contractor, **extra}
    return urlencode({key: value for key, value in params.items() if value})


@organisation_view(Permission.VIEW_SROI)
@require_GET
def monitoring_page(request):
    m = _choices(request)
    exact_allowed = request.membership.has_permission(Permission.VIEW_REALISATIONS)
    council = not exact_allowed or request.GET.get("view") == "council"
    context = {
        "m": m,
        "sections": sections(m, council=council),
        "council": council,
        "exact_allowed": exact_allowed,
        "query": _query(m),
        "council_query": _query(m, view="council"),
        "hidden": HIDDEN,
    }
    return render(request, "sroi/monitoring.html", context)


def _name(request, m) -> str:
    parts = ["social-return", request.organisation.slug, str(m.year or "")]
    return ascii_name("-".join(part for part in parts if part))


@organisation_view(Permission.VIEW_SROI)
@require_GET
def monitoring_export(request, fmt: str):
    m = _choices(request)
    if fmt == "pdf":

        def context():
            # Computed again inside the PDF's language: the labels are made in the reader's.
            chosen = _choices(request)
            return {
                "m": chosen,
                "sections": sections(chosen, council=True),
                "organisation": request.organisation,
                "hidden": HIDDEN,
            }

        return pdf_response(request, "sroi/monitoring_pdf.html", context, _name(request, m))
    if fmt not in CONTENT_TYPES:
        raise Http404(_("No such file format."))
    header, rows = export_rows(m, request.organisation)
    data = (xlsx_bytes if fmt == "xlsx" else csv_bytes)(header, rows)
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{_name(request, m)}.{fmt}"'
    return response
