"""The organisation's side of the catalogue: quote requests and purchases of requesters, and the
short lists and own categories the coordinator keeps."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from impactinkoop.accounts.roles import Permission
from impactinkoop.accounts.tenancy import get_for_organisation, organisation_view

from . import purchases as purchase_service
from .forms import OwnCategoryForm, PurchaseForm, QuoteRequestForm, ShortlistForm, ShortlistSizeForm
from .models import Category, Enterprise, Offer, Purchase, QuoteRequest, ShortlistEntry
from .services.quotes import close_quote_request, send_quote_request
from .services.shortlists import (
    create_own_category,
    delete_own_category,
    set_shortlist,
    set_shortlist_size,
    shortlist_size,
)
from .views import decorate


def _may_manage(request) -> bool:
    return request.membership.has_permission(Permission.MANAGE_CATALOGUE)


def _requests_of(request):
    """Managers see every request of the organisation, requesters their own."""
    quotes = QuoteRequest.objects.for_organisation(request.organisation).select_related(
        "enterprise", "offer", "requester"
    )
    return quotes if _may_manage(request) else quotes.filter(requester=request.user)


@organisation_view(Permission.REQUEST_QUOTE)
@require_http_methods(["GET", "POST"])
def quote_request(request, pk: int):
    offer = get_object_or_404(
        Offer.objects.published().select_related("enterprise", "category"), pk=pk
    )
    form = QuoteRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            quote = send_quote_request(
                offer,
                data=form.cleaned_data,
                actor=request.user,
                organisation=request.organisation,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Your request was sent to %(enterprise)s. They reply by e-mail and here.")
                % {"enterprise": offer.enterprise},
            )
            return redirect("catalogue:request", request.organisation.slug, quote.pk)
    decorate([offer.enterprise], request.organisation)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "catalogue/quote_request.html", {"offer": offer, "form": form}, status=status
    )


@organisation_view(Permission.REQUEST_QUOTE)
@require_GET
def request_list(request):
    quotes = _requests_of(request)
    status = request.GET.get("status", "")
    if status in QuoteRequest.Status.values:
        quotes = quotes.filter(status=status)
    page = Paginator(quotes, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "catalogue/request_list.html",
        {
            "page": page,
            "status": status,
            "statuses": QuoteRequest.Status.choices,
            "everyone": _may_manage(request),
        },
    )


@organisation_view(Permission.REQUEST_QUOTE)
@require_http_methods(["GET", "POST"])
def request_detail(request, pk: int):
    quote = get_object_or_404(_requests_of(request), pk=pk)
    form = PurchaseForm(request.POST or None, quote_request=quote)
    may_record = quote.requester_id == request.user.pk or _may_manage(request)
    if request.method == "POST" and may_record:
        if request.POST.get("action") == "close" and quote.status not in (
            QuoteRequest.Status.ORDERED,
            QuoteRequest.Status.CLOSED,
        ):
            close_quote_request(quote, actor=request.user, organisation=request.organisation)
            messages.success(request, _("The request is closed."))
            return redirect("catalogue:request", request.organisation.slug, quote.pk)
        if hasattr(quote, "purchase"):
            messages.error(request, _("A purchase is already recorded for this request."))
            return redirect("catalogue:request", request.organisation.slug, quote.pk)
        if form.is_valid():
            purchase_service.record_purchase(
                request.organisation,
                data=form.cleaned_data,
                quote_request=quote,
                actor=request.user,
            )
            messages.success(request, _("The purchase is recorded and counts in your figures."))
            return redirect("catalogue:purchases", request.organisation.slug)
    return render(
        request,
        "catalogue/request_detail.html",
        {
            "quote": quote,
            "form": form,
            "may_record": may_record and not hasattr(quote, "purchase"),
            "purchase": getattr(quote, "purchase", None),
        },
        status=400 if request.method == "POST" else 200,
    )


@organisation_view(Permission.REQUEST_QUOTE)
@require_http_methods(["GET", "POST"])
def purchase_list(request):
    organisation = request.organisation
    form = PurchaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        purchase_service.record_purchase(organisation, data=form.cleaned_data, actor=request.user)
        messages.success(request, _("The purchase is recorded and counts in your figures."))
        return redirect("catalogue:purchases", organisation.slug)
    rows = Purchase.objects.for_organisation(organisation).select_related(
        "enterprise", "recorded_by"
    )
    if not _may_manage(request):
        rows = rows.filter(recorded_by=request.user)
    year = _year(request)
    figures = purchase_service.figures(organisation, date(year, 1, 1), date(year, 12, 31))
    page = Paginator(rows, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "catalogue/purchase_list.html",
        {"page": page, "form": form, "figures": figures, "year": year},
        status=400 if request.method == "POST" else 200,
    )


def _year(request) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = timezone.localdate().year
    return min(max(year, 2000), 2100)


@organisation_view(Permission.MANAGE_CATALOGUE)
@require_http_methods(["GET", "POST"])
def shortlists(request):
    organisation = request.organisation
    size_form = ShortlistSizeForm(
        request.POST if request.POST.get("action") == "size" else None,
        initial={"shortlist_size": shortlist_size(organisation)},
    )
    category_form = OwnCategoryForm(
        request.POST if request.POST.get("action") == "category" else None
    )
    if request.method == "POST":
        if size_form.is_bound and size_form.is_valid():
            set_shortlist_size(
                size=size_form.cleaned_data["shortlist_size"],
                actor=request.user,
                organisation=organisation,
            )
            messages.success(request, _("The number of recommendations is saved."))
            return redirect("catalogue:shortlists", organisation.slug)
        if category_form.is_bound and category_form.is_valid():
            category = create_own_category(
                actor=request.user, organisation=organisation, **category_form.cleaned_data
            )
            messages.success(request, _("The category is added. Now choose its recommendations."))
            return redirect("catalogue:shortlist", organisation.slug, category.slug)
    entries: dict[int, list] = {}
    for entry in ShortlistEntry.objects.for_organisation(organisation).select_related("enterprise"):
        entries.setdefault(entry.category_id, []).append(entry.enterprise)
    categories = list(
        Category.objects.visible_to(organisation).select_related("parent").order_by("position")
    )
    tree = []
    for top in [c for c in categories if c.parent_id is None]:
        tree.append((top, entries.get(top.pk, [])))
        for child in [c for c in categories if c.parent_id == top.pk]:
            tree.append((child, entries.get(child.pk, [])))
    return render(
        request,
        "catalogue/shortlists.html",
        {
            "tree": tree,
            "size_form": size_form,
            "category_form": category_form,
            "size": shortlist_size(organisation),
        },
        status=400 if request.method == "POST" else 200,
    )


@organisation_view(Permission.MANAGE_CATALOGUE)
@require_http_methods(["GET", "POST"])
def shortlist_edit(request, slug: str):
    organisation = request.organisation
    category = get_object_or_404(
        Category.objects.visible_to(organisation).select_related("parent"), slug=slug
    )
    offers = Offer.objects.published().in_category(category)
    candidates = Enterprise.objects.published().filter(pk__in=offers.values("enterprise_id"))
    current = [
        entry.enterprise
        for entry in ShortlistEntry.objects.for_organisation(organisation)
        .filter(category=category)
        .select_related("enterprise")
    ]
    size = shortlist_size(organisation)
    form = ShortlistForm(
        request.POST or None, enterprises=candidates.order_by("name"), size=size, current=current
    )
    if request.method == "POST" and form.is_valid():
        try:
            set_shortlist(
                category,
                enterprises=form.chosen(),
                actor=request.user,
                organisation=organisation,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The recommendations for %(category)s are saved.") % {"category": category},
            )
            return redirect("catalogue:shortlists", organisation.slug)
    candidate_list = decorate(list(candidates.select_related("company")[:200]), organisation)
    return render(
        request,
        "catalogue/shortlist_edit.html",
        {"category": category, "form": form, "candidates": candidate_list, "size": size},
        status=400 if request.method == "POST" else 200,
    )


@organisation_view(Permission.MANAGE_CATALOGUE)
@require_POST
def own_category_delete(request, slug: str):
    category = get_for_organisation(request, Category, slug=slug)
    delete_own_category(category, actor=request.user, organisation=request.organisation)
    messages.success(request, _("The category is removed."))
    return redirect("catalogue:shortlists", request.organisation.slug)
