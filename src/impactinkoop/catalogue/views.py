"""The catalogue as requesters and the public see it: "Wat zoek je?", categories with the
organisation's short list first, search, enterprise and offer pages.

Every page exists twice: public (no login) and inside an organisation, where it adds the
organisation's short lists, its own categories and the quote-request button. One view function
serves both; `request.organisation` is None on the public pages.
"""

from functools import lru_cache

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from impactinkoop.accounts.models import Organisation
from impactinkoop.accounts.roles import Permission
from impactinkoop.accounts.tenancy import organisation_view
from impactinkoop.registry.models import Qualification
from impactinkoop.registry.policy import accepted_keys, counting_among, counting_qualifications

from . import search
from .forms import SearchForm
from .models import Category, Enterprise, Offer, ShortlistEntry
from .sections import enterprise_sections

PER_PAGE = 20
# Search shows ten at a time: enough to choose from without overload (seed 003).
SEARCH_PER_PAGE = 10
# What an enterprise card shows (includes/enterprise_card.html).
CARD_FIELDS = [
    "slug",
    "name",
    "summary",
    "contact_email",
    "contact_phone",
    "region_served",
    "logo_id",
    "company_id",
]


def _organisation(request):
    return getattr(request, "organisation", None)


def both(view):
    """The public view and the organisation's view of the same page."""
    public = require_GET(view)
    inside = organisation_view(Permission.VIEW_CATALOGUE)(require_GET(view))
    return public, inside


def decorate(enterprises: list[Enterprise], organisation, keys=None) -> list[Enterprise]:
    """Give each enterprise its valid public qualifications (`badges`) and, inside an
    organisation, whether it counts as a social enterprise under that organisation's policy.
    One query for both, by company alone: with the visibility condition in SQL, SQLite walks
    every public qualification instead of using the company index."""
    today = timezone.localdate()
    qualifications = list(
        Qualification.objects.filter(company_id__in=[e.company_id for e in enterprises])
    )
    badges: dict[int, list[Qualification]] = {}
    for qualification in qualifications:
        if qualification.organisation_id is None and qualification.is_valid_on(today):
            badges.setdefault(qualification.company_id, []).append(qualification)
    counting = (
        counting_among(qualifications, organisation, today, keys)
        if organisation is not None
        else set()
    )
    for enterprise in enterprises:
        enterprise.badges = badges.get(enterprise.company_id, [])
        enterprise.counts_for_us = enterprise.company_id in counting
    return enterprises


def _category(request, slug: str) -> Category:
    return get_object_or_404(
        Category.objects.visible_to(_organisation(request)).select_related("parent"), slug=slug
    )


def _shortlist(organisation, category: Category) -> list[Enterprise]:
    if organisation is None:
        return []
    entries = ShortlistEntry.objects.filter(
        organisation=organisation, category=category, enterprise__is_published=True
    ).select_related("enterprise")
    return [entry.enterprise for entry in entries]


def _home(request):
    organisation = _organisation(request)
    published = Offer.objects.published()
    counts = dict(
        published.values("category__parent_id")
        .annotate(n=Count("enterprise", distinct=True))
        .values_list("category__parent_id", "n")
    )
    for category_id, n in (
        published.filter(category__parent__isnull=True)
        .values("category_id")
        .annotate(n=Count("enterprise", distinct=True))
        .values_list("category_id", "n")
    ):
        counts[category_id] = max(counts.get(category_id, 0), n)
    categories = list(Category.objects.platform().top_level().prefetch_related("children"))
    for category in categories:
        category.enterprise_count = counts.get(category.pk, 0)
    own = (
        Category.objects.for_organisation(organisation).select_related("parent")
        if organisation
        else []
    )
    recommended = (
        set(
            ShortlistEntry.objects.for_organisation(organisation).values_list(
                "category_id", flat=True
            )
        )
        if organisation
        else set()
    )
    return render(
        request,
        "catalogue/home.html",
        {
            "form": SearchForm(organisation=organisation),
            "categories": categories,
            "own_categories": own,
            "recommended": recommended,
        },
    )


public_home, home = both(_home)


def _category_page(request, slug: str):
    organisation = _organisation(request)
    category = _category(request, slug)
    shortlisted = _shortlist(organisation, category)
    form = SearchForm(request.GET or None, organisation=organisation)
    form.is_valid()
    region = form.cleaned_data.get("region", "") if form.is_bound else ""
    source = form.cleaned_data.get("source", "") if form.is_bound else ""
    others = Enterprise.objects.published().exclude(pk__in=[e.pk for e in shortlisted])
    if category.is_own and category.search_words:
        query = search.understand(category.search_words)
        filters = search.Filters(
            category_ids=_category_ids(category.parent), region=region, source=source
        )
        hits, _total, _operator = search.ranked_enterprises(query, filters, limit=1000, offset=0)
        order = {hit.enterprise_id: position for position, hit in enumerate(hits)}
        candidates = sorted(others.filter(pk__in=order), key=lambda e: order[e.pk])
        page = Paginator(candidates, PER_PAGE).get_page(request.GET.get("page"))
    else:
        offers = Offer.objects.published().in_category(category)
        others = others.filter(pk__in=offers.values("enterprise_id"))
        if region:
            others = others.filter(Q(region_served=region) | Q(region_served=""))
        if source:
            today = timezone.localdate()
            others = others.filter(
                company__qualifications__in=Qualification.objects.public()
                .valid_on(today)
                .filter(source=source)
            ).distinct()
        page = Paginator(others.order_by("name"), PER_PAGE).get_page(request.GET.get("page"))
    decorate(shortlisted + list(page.object_list), organisation)
    return render(
        request,
        "catalogue/category.html",
        {
            "category": category,
            "children": category.children.filter(
                Q(organisation__isnull=True) | Q(organisation=organisation)
            ),
            "shortlisted": shortlisted,
            "page": page,
            "form": form,
            "filtered": bool(region or source),
            "query": _without_page(request),
        },
    )


public_category, category = both(_category_page)


def _without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _category_ids(category: Category) -> list[int]:
    return [
        category.pk,
        *category.children.filter(organisation__isnull=True).values_list("pk", flat=True),
    ]


def search_preference(organisation, category: Category | None) -> search.Preference:
    """Inside an organisation, search puts its short list first (of the chosen category, or of
    any category), then the enterprises that count under its policy (decision 0007)."""
    if organisation is None:
        return search.Preference()
    entries = ShortlistEntry.objects.for_organisation(organisation)
    if category is not None:
        entries = entries.filter(category=category)
    keys = accepted_keys(organisation)
    sql, params = _counting_sql(organisation.pk, keys, timezone.localdate())
    # No order: the short list is a set here, and an ordered subquery costs a sort.
    recommended_sql, recommended_params = (
        entries.values("enterprise_id").order_by().query.sql_with_params()
    )
    return search.Preference(
        recommended_sql=recommended_sql,
        recommended_params=recommended_params,
        counting_sql=sql,
        counting_params=params,
        policy_keys=keys,
    )


@lru_cache(maxsize=256)
def _counting_sql(organisation_id: int, keys: frozenset[str], day) -> tuple[str, tuple]:
    """The SQL of "companies that count under this policy on this day", from the policy's own
    queryset. Building that queryset costs more than running it, and its SQL only depends on
    these three values, so each process keeps it (issue 15, item 19). Companies, not
    enterprises: the search documents carry their company, so ranking joins no enterprise."""
    organisation = Organisation(pk=organisation_id)
    # No order: an ordered subquery made SQLite sort the set on every search.
    counting = counting_qualifications(organisation, day, keys).values("company_id").order_by()
    try:
        return counting.query.sql_with_params()
    except EmptyResultSet:  # a policy that accepts nothing
        return "", ()


def _search_page(request):
    organisation = _organisation(request)
    form = SearchForm(request.GET or None, organisation=organisation)
    context = {"form": form, "searched": False}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        category = None
        if data["category"]:
            category = _category(request, data["category"])
        if not data["q"].strip() and category is not None:
            return redirect(_category_url(request, category) + _filter_query(data))
        query = search.understand(data["q"])
        filters = search.Filters(region=data["region"], source=data["source"])
        if category is not None:
            if category.is_own:
                filters.category_ids = _category_ids(category.parent)
                filters.extra_words = search.understand(category.search_words).words
            else:
                filters.category_ids = _category_ids(category)
        page_number = _page_number(request)
        if query.words or filters.extra_words:
            preference = search_preference(organisation, category)
            hits, total, operator = search.ranked_enterprises(
                query,
                filters,
                limit=SEARCH_PER_PAGE,
                offset=(page_number - 1) * SEARCH_PER_PAGE,
                preference=preference,
            )
        else:
            preference = search.Preference()
            hits, total, operator = [], 0, "AND"
        enterprises = Enterprise.objects.only(*CARD_FIELDS).in_bulk(
            [hit.enterprise_id for hit in hits]
        )
        results = [
            enterprises[hit.enterprise_id] for hit in hits if hit.enterprise_id in enterprises
        ]
        offers = search.matching_offers(query, filters, list(enterprises), operator)
        for enterprise in results:
            enterprise.matching_offers = offers.get(enterprise.pk, [])[:3]
        decorate(results, organisation, preference.policy_keys)
        recommended = {hit.enterprise_id for hit in hits if hit.is_recommended}
        for enterprise in results:
            enterprise.is_recommended = enterprise.pk in recommended
        context.update(
            searched=True,
            results=results,
            total=total,
            any_word=operator == "OR",
            corrections=query.corrections,
            page_number=page_number,
            has_next=page_number * SEARCH_PER_PAGE < total,
            has_previous=page_number > 1,
            query_string=_filter_query(data, keep_q=True),
        )
    return render(request, "catalogue/search.html", context)


public_search_page, search_page = both(_search_page)


def _page_number(request) -> int:
    try:
        return max(1, min(int(request.GET.get("page", 1)), 500))
    except ValueError:
        return 1


def _filter_query(data, keep_q: bool = False) -> str:
    from urllib.parse import urlencode

    keys = ["q", "category", "region", "source"] if keep_q else ["region", "source"]
    pairs = [(key, data[key]) for key in keys if data.get(key)]
    return ("?" + urlencode(pairs)) if pairs else ""


def catalogue_url(request, name: str, *args) -> str:
    """The address of a catalogue page of the same kind as the request's: the organisation's,
    the public one in an organisation's house style, or the plain public one."""
    organisation = _organisation(request)
    if organisation is not None:
        return reverse(f"catalogue:{name}", args=[organisation.slug, *args])
    themed = getattr(request, "theme_organisation", None)
    if themed is not None:
        return reverse(f"catalogue:themed_{name}", args=[themed.slug, *args])
    return reverse(f"catalogue:public_{name}", args=list(args))


def _category_url(request, category: Category) -> str:
    return catalogue_url(request, "category", category.slug)


def _enterprise_page(request, slug: str):
    organisation = _organisation(request)
    enterprise = get_object_or_404(
        Enterprise.objects.published()
        .select_related("company")
        .prefetch_related(
            Prefetch(
                "offers",
                queryset=Offer.objects.published().select_related("category__parent"),
                to_attr="published_offers",
            )
        ),
        slug=slug,
    )
    decorate([enterprise], organisation)
    recommended_in = (
        Category.objects.filter(
            pk__in=ShortlistEntry.objects.filter(
                organisation=organisation, enterprise=enterprise
            ).values("category_id")
        )
        if organisation
        else []
    )
    return render(
        request,
        "catalogue/enterprise.html",
        {
            "enterprise": enterprise,
            "recommended_in": recommended_in,
            "sections": enterprise_sections(request, enterprise),
        },
    )


public_enterprise, enterprise = both(_enterprise_page)


def _offer_page(request, pk: int):
    organisation = _organisation(request)
    offer = get_object_or_404(
        Offer.objects.published().select_related("enterprise__company", "category__parent"),
        pk=pk,
    )
    decorate([offer.enterprise], organisation)
    return render(request, "catalogue/offer.html", {"offer": offer, "enterprise": offer.enterprise})


public_offer, offer = both(_offer_page)


@require_GET
def logo(request, slug: str, file_id: int):
    """A published enterprise's logo; the file id in the address changes with the logo, so
    browsers may keep it for a long time."""
    enterprise = get_object_or_404(
        # logo__pk, not logo_id: only the former turns an id too large for the database into
        # "no such row" instead of an overflow error on SQLite.
        Enterprise.objects.published().select_related("logo"),
        slug=slug,
        logo__pk=file_id,
    )
    if enterprise.logo is None:
        raise Http404
    return image_response(enterprise.logo, cache="public, max-age=31536000, immutable")


def image_response(stored, *, cache: str) -> HttpResponse:
    """An uploaded image as its own document: nothing in it may run or load anything."""
    response = HttpResponse(bytes(stored.data), content_type=stored.content_type)
    response["Cache-Control"] = cache
    response["Content-Security-Policy"] = "default-src 'none'"
    return response
