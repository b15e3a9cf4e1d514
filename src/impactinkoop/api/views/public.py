"""What anyone may read without a token: the public catalogue of an organisation that chose to
publish it in its house style, and an organisation's public impact figures. Each answers exactly
what the public pages show, from the same functions (`accounts.tenancy.public_theme_view`,
`catalogue.search`, `reports.public.published_content`); an organisation that did not publish
is the same 404 as one that does not exist."""

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response

from impactinkoop.accounts.models import Organisation
from impactinkoop.accounts.tenancy import public_theme_view
from impactinkoop.catalogue import search
from impactinkoop.catalogue.models import Category, Enterprise, Offer
from impactinkoop.catalogue.views import decorate
from impactinkoop.reports import public as public_page

from ..base import PublicAPIView
from ..serializers_reads import CatalogueQuery, EnterpriseSerializer


@public_theme_view
def _publishing_organisation(request):
    """The organisation whose house-style catalogue this is; the decorator answers 404 for any
    organisation that did not choose to publish it, as the browser's pages do."""
    return request.theme_organisation


class SearchResults:
    """The enterprises a search finds, best first, read a page at a time: the paginator asks
    for the count and then one slice, and each is one ranked query."""

    def __init__(self, query: search.Query, filters: search.Filters):
        self.query, self.filters = query, filters
        self._total: int | None = None

    def count(self) -> int:
        if self._total is None:
            _hits, self._total, _operator = search.ranked_enterprises(
                self.query, self.filters, limit=1, offset=0
            )
        return self._total

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, page: slice) -> list[int]:
        hits, _total, _operator = search.ranked_enterprises(
            self.query, self.filters, limit=page.stop - page.start, offset=page.start
        )
        return [hit.enterprise_id for hit in hits]


def _category_ids(category: Category) -> list[int]:
    """A platform category and its platform sub-categories, as the catalogue searches them."""
    return [
        category.pk,
        *category.children.filter(organisation__isnull=True).values_list("pk", flat=True),
    ]


class PublicCatalogueView(PublicAPIView, generics.ListAPIView):
    serializer_class = EnterpriseSerializer
    filter_backends = []  # the query serializer filters

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema, not a request
            return Enterprise.objects.none()
        query = CatalogueQuery(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        words = query.validated_data.get("q", "").strip()
        self.category = None
        if query.validated_data.get("category"):
            # Platform categories only: an organisation's own categories are its own pages.
            self.category = (
                Category.objects.platform().filter(slug=query.validated_data["category"]).first()
            )
            if self.category is None:
                raise serializers.ValidationError({"category": [_("No such category.")]})
        if words:
            filters = search.Filters(
                category_ids=_category_ids(self.category) if self.category else None
            )
            understood = search.understand(words)
            if not understood.words:
                return []  # only punctuation: nothing to search for, as on the search page
            return SearchResults(understood, filters)
        enterprises = Enterprise.objects.published().order_by("name", "pk")
        if self.category is not None:
            offers = Offer.objects.published().in_category(self.category)
            enterprises = enterprises.filter(pk__in=offers.values("enterprise_id"))
        return enterprises.values_list("pk", flat=True)

    @extend_schema(
        operation_id="public_catalogue",
        parameters=[CatalogueQuery],
        description="The public catalogue of an organisation that publishes it in its house "
        "style: the published enterprises (by name, or best match first with `q`) with their "
        "published offers (those in `category` when it is given) and valid public "
        "qualifications. No token needed.",
    )
    def get(self, request, theme_slug: str):
        _publishing_organisation(request, theme_slug)
        ids = self.paginate_queryset(self.get_queryset())
        offers = Offer.objects.published().select_related("category")
        if self.category is not None:
            offers = offers.in_category(self.category)
        found = (
            Enterprise.objects.published()
            .select_related("company")
            .prefetch_related(Prefetch("offers", queryset=offers, to_attr="shown_offers"))
            .in_bulk(list(ids))
        )
        enterprises = decorate([found[pk] for pk in ids if pk in found], None)
        return self.get_paginated_response(EnterpriseSerializer(enterprises, many=True).data)


class PublicImpactView(PublicAPIView):
    @extend_schema(
        operation_id="public_impact",
        responses={200: OpenApiTypes.OBJECT},
        description="An organisation's public impact figures: exactly the open data of its "
        "public impact page (the figures and tables chosen from the latest published edition, "
        "small counts of people hidden, and the stories it shows), as its data.json gives them. "
        "No token needed; 404 while the page is off.",
    )
    def get(self, request, slug: str):
        organisation = get_object_or_404(Organisation, slug=slug)
        content = public_page.published_content(organisation)
        if content is None:
            raise Http404
        response = Response(public_page.open_data_json(content))
        response["Access-Control-Allow-Origin"] = "*"  # open data, as the page's data.json
        return response


urlpatterns = [
    path("catalogue/<slug:theme_slug>/", PublicCatalogueView.as_view(), name="public_catalogue"),
    path("impact/<slug:slug>/", PublicImpactView.as_view(), name="public_impact"),
]
