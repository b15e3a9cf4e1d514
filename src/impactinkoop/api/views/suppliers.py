"""The organisation's ledger suppliers: their spend per year, whether they count as a social
enterprise under the organisation's policy, their link to the register and open proposals. Read
through `spend.queries`, as every app above spend reads it."""

from datetime import date
from decimal import Decimal

from django.http import Http404
from django.urls import path
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from impactinkoop.accounts.roles import Permission
from impactinkoop.registry.models import Company
from impactinkoop.registry.policy import policy_of
from impactinkoop.spend import queries as spend

from ..base import OrganisationAPIView, OrganisationListView
from ..scopes import Scope
from ..serializers_reads import (
    SupplierDetailQuery,
    SupplierDetailSerializer,
    SupplierQuery,
    SupplierSerializer,
)

LARGEST_ID = 2**63 - 1


def _matches(supplier: spend.LedgerSupplier, text: str) -> bool:
    return text.casefold() in supplier.name.casefold() or text == supplier.kvk_number


def _rows(organisation, suppliers: list[spend.LedgerSupplier], social: set[int], year, details):
    """The suppliers of one page as the serializers write them: spend, link, and (`details`)
    open proposals, each read once for the whole page."""
    ids = [supplier.id for supplier in suppliers]
    spend_by_supplier = spend.yearly_spend(organisation, ids)
    links: dict[int, list[spend.SupplierLink]] = {}
    for link in spend.supplier_links(organisation, ids):
        links.setdefault(link.supplier_id, []).append(link)
    companies = Company.objects.in_bulk(
        {link.company_id for found in links.values() for link in found}
    )
    rows = []
    for supplier in suppliers:
        years = spend_by_supplier.get(supplier.id, ())
        if year is not None:
            years = [entry for entry in years if entry.year == year] or [
                spend.YearSpend(year, Decimal("0.00"), 0)
            ]
        own = links.get(supplier.id, [])
        current = next((link for link in own if link.state == "accepted"), None)
        row = {
            "id": supplier.id,
            "name": supplier.name,
            "kvk_number": supplier.kvk_number,
            "link": _link(current, companies) if current else None,
            "social_enterprise": supplier.company_id in social,
            "spend": years,
        }
        if details:
            row["proposals"] = [_link(link, companies) for link in own if link.state == "proposed"]
        rows.append(row)
    return rows


def _link(link: spend.SupplierLink, companies: dict) -> dict:
    company = companies.get(link.company_id)
    return {
        "kvk_number": company.kvk_number if company else None,
        "company_name": company.name if company else "",
        "how": link.how,
        "score": link.score,
        "reason": link.reason,
        "asked_again": link.asked_again,
    }


def _social_ids(organisation, day: date | None) -> set[int]:
    return policy_of(organisation).company_ids(day or timezone.localdate())


class SupplierListView(OrganisationListView):
    permission = Permission.VIEW_SPEND
    scope = Scope.READ_FIGURES
    serializer_class = SupplierSerializer
    filter_backends = []  # the query serializer filters

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema, not a request
            return []
        query = SupplierQuery(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        self.query = query.validated_data
        self.social = _social_ids(self.request.organisation, self.query.get("on"))
        found = spend.suppliers(self.request.organisation)
        text = self.query.get("q", "").strip()
        if text:
            found = [supplier for supplier in found if _matches(supplier, text)]
        if self.query["linked"] is not None:
            found = [s for s in found if (s.company_id is not None) == self.query["linked"]]
        if self.query["social"] is not None:
            found = [s for s in found if (s.company_id in self.social) == self.query["social"]]
        return found

    @extend_schema(
        operation_id="suppliers_list",
        parameters=[SupplierQuery],
        description="The organisation's ledger suppliers by name, with their spend per "
        "calendar year (or for `year`) in euros as decimal strings, their link to the register "
        "(KvK number, company name, how it was linked) and whether they count as a social "
        "enterprise under the organisation's policy today (or on `on`).",
    )
    def get(self, request, *args, **kwargs):
        suppliers = self.get_queryset()
        page = self.paginate_queryset(suppliers)
        rows = _rows(request.organisation, page, self.social, self.query.get("year"), False)
        return self.get_paginated_response(SupplierSerializer(rows, many=True).data)


class SupplierDetailView(OrganisationAPIView):
    permission = Permission.VIEW_SPEND
    scope = Scope.READ_FIGURES

    @extend_schema(
        operation_id="suppliers_read",
        parameters=[SupplierDetailQuery],
        responses={200: SupplierDetailSerializer},
        description="One ledger supplier: its spend per year, its link to the register and the "
        "open proposals of the matching engine waiting for a person.",
    )
    def get(self, request, org_slug: str, pk: int):
        query = SupplierDetailQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        # An id no row can have is not asked for: SQLite refuses integers past 64 bits.
        found = spend.suppliers(request.organisation, ids=[pk]) if pk <= LARGEST_ID else []
        if not found:
            raise Http404  # another organisation's supplier is as unknown as a missing one
        social = _social_ids(request.organisation, query.validated_data.get("on"))
        rows = _rows(request.organisation, found, social, query.validated_data.get("year"), True)
        return Response(SupplierDetailSerializer(rows[0]).data)


urlpatterns = [
    path("suppliers/", SupplierListView.as_view(), name="suppliers"),
    path("suppliers/<int:pk>/", SupplierDetailView.as_view(), name="supplier"),
]
