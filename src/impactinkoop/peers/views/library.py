"""The case library (`peers.library`): the published case stories of every organisation, to
search and filter, and one story's page. A story that is not published is not found."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from impactinkoop.accounts.roles import Permission
from impactinkoop.accounts.tenancy import organisation_view
from impactinkoop.core.urls import ORG

from .. import library

CASES = ORG + "peers/cases/"
PER_PAGE = 10


@organisation_view(Permission.VIEW_PEERS)
@require_GET
def case_list(request):
    case_filter = library.CaseFilter(request.GET or None, queryset=library.cases())
    page = Paginator(case_filter.qs, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "peers/library.html",
        {
            "filter": case_filter,
            "page": page,
            "cases": library.library_cases(page.object_list),
            "query": query.urlencode(),
            "filtered": any(value for key, value in query.items()),
        },
    )


@organisation_view(Permission.VIEW_PEERS)
@require_GET
def case_page(request, pk: int):
    case = library.library_case(pk)
    if case is None:
        raise Http404
    return render(request, "peers/library_case.html", {"case": case})


urlpatterns = [
    path(CASES, case_list, name="cases"),
    path(CASES + "<int:pk>/", case_page, name="case"),
]
