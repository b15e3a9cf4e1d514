"""The register: a company by its KvK number, and the policy's verdict "is this a social
enterprise for this organisation on this day, and why", from `registry.policy`, the one answer
the browser's company page gives too."""

from django.http import Http404
from django.urls import path
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from impactinkoop.accounts.roles import Permission
from impactinkoop.registry.models import Company, Qualification
from impactinkoop.registry.policy import policy_of, verdict

from ..base import OrganisationAPIView, OrganisationListView
from ..scopes import Scope
from ..serializers_reads import CompanySerializer, KvkQuery, VerdictQuery, VerdictSerializer


def _company(company: Company, organisation, counting: set[int]) -> dict:
    # Only the qualifications this organisation may see: public ones and its own.
    qualifications = Qualification.objects.visible_to(organisation).filter(company=company)
    return {
        "kvk_number": company.kvk_number,
        "name": company.name,
        "trade_names": [name.strip() for name in company.trade_names.splitlines() if name.strip()],
        "legal_form": company.legal_form,
        "city": company.city,
        "municipality": company.municipality,
        "labour_market_region": company.labour_market_region,
        "sbi_code": company.sbi_code,
        "website": company.website,
        "social_enterprise_today": company.pk in counting,
        "qualifications": list(qualifications),
    }


class CompanyLookupView(OrganisationListView):
    permission = Permission.VIEW_REGISTER
    scope = Scope.READ_FIGURES
    serializer_class = CompanySerializer
    filter_backends = []  # the query serializer filters

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema, not a request
            return Company.objects.none()
        query = KvkQuery(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return Company.objects.filter(kvk_number=query.validated_data["kvk"]).order_by("pk")

    @extend_schema(
        operation_id="register_companies",
        parameters=[KvkQuery],
        description="Look a company up in the register by its KvK number (8 digits): its "
        "details, every qualification the organisation may see and whether it counts as a "
        "social enterprise under the organisation's policy today. An unknown number gives an "
        "empty list.",
    )
    def get(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        organisation = request.organisation
        counting = policy_of(organisation).counting_among(
            Qualification.objects.filter(company__in=[company.pk for company in page]),
            timezone.localdate(),
        )
        rows = [_company(company, organisation, counting) for company in page]
        return self.get_paginated_response(CompanySerializer(rows, many=True).data)


class VerdictView(OrganisationAPIView):
    permission = Permission.VIEW_REGISTER
    scope = Scope.READ_FIGURES

    @extend_schema(
        operation_id="register_verdict",
        parameters=[VerdictQuery],
        responses={200: VerdictSerializer},
        description="Whether the company counts as a social enterprise for the organisation on "
        "a day (today if `on` is left out), and why: the qualifications that count and those "
        "that do not, each with its reason, as the register's company page gives it.",
    )
    def get(self, request, org_slug: str, kvk: str):
        query = VerdictQuery(data={**request.query_params.dict(), "kvk": kvk})
        query.is_valid(raise_exception=True)
        day = query.validated_data.get("on") or timezone.localdate()
        company = Company.objects.filter(kvk_number=query.validated_data["kvk"]).first()
        if company is None:
            raise Http404
        found = verdict(company, request.organisation, day)
        body = {
            "kvk_number": company.kvk_number,
            "company_name": company.name,
            "on": day,
            "social_enterprise": found.is_social_enterprise,
            "explanation": found.explanation(),
            "counted": found.counted,
            "not_counted": [_with_why(q, why) for q, why in found.not_counted],
        }
        return Response(VerdictSerializer(body).data)


def _with_why(qualification: Qualification, why: str) -> Qualification:
    qualification.why = why
    return qualification


urlpatterns = [
    path("register/companies/", CompanyLookupView.as_view(), name="register_companies"),
    path(
        "register/companies/<str:kvk>/verdict/",
        VerdictView.as_view(),
        name="register_verdict",
    ),
]
