"""Baseline figures for a period: the numbers the dashboard and `impactinkoop baseline --json`
give, read from what spend keeps per data version (so asking every hour is cheap)."""

from django.conf import settings
from django.core.cache import cache
from django.urls import path
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from impactinkoop.accounts.roles import Permission
from impactinkoop.spend.queries import Period, dashboard_figures

from ..base import OrganisationAPIView


class PeriodQuery(serializers.Serializer):
    year = serializers.IntegerField(required=False, min_value=1900, max_value=2199)
    start = serializers.DateField(required=False, help_text=_("A day in the first month"))
    end = serializers.DateField(required=False, help_text=_("A day in the last month"))

    def validate(self, data):
        if "year" in data:
            if "start" in data or "end" in data:
                raise serializers.ValidationError(_("Give a year, or a start and an end."))
            return {"period": Period.year(data["year"])}
        if "start" not in data or "end" not in data:
            raise serializers.ValidationError(_("Give a year, or a start and an end."))
        start, end = data["start"], data["end"]
        if start > end:
            raise serializers.ValidationError({"end": _("The end is before the start.")})
        return {"period": Period.months(start, end)}


def fresh_figures(organisation, period: Period) -> dict:
    """The figures as spend keeps them, read again at most once a second per process and
    language: checking that the kept figures are current costs five aggregate queries, which
    at 200 calls a second (a BI tool's refresh, many users at once) was half of each call's
    time. A change shows in the API within a second (decision 0026)."""
    fresh_seconds = settings.API_FIGURES_FRESH_SECONDS
    if fresh_seconds <= 0:
        return dashboard_figures(organisation, period)
    key = f"api:figures:{organisation.pk}:{period.start}:{period.end}:{get_language()}"
    figures = cache.get(key)
    if figures is None:
        figures = dashboard_figures(organisation, period)
        cache.set(key, figures, fresh_seconds)
    return figures


class BaselineView(OrganisationAPIView):
    permission = Permission.VIEW_SPEND

    @extend_schema(
        operation_id="baseline_figures",
        parameters=[
            OpenApiParameter("year", int, description="A calendar year"),
            OpenApiParameter(
                "start", OpenApiTypes.DATE, description="A day in the first month (ISO 8601)"
            ),
            OpenApiParameter(
                "end", OpenApiTypes.DATE, description="A day in the last month (ISO 8601)"
            ),
        ],
        responses={200: OpenApiTypes.OBJECT},
        description="The baseline's figures for a year or a range of months: total and social "
        "spend (decimal strings, euros), the share as a fraction, counts of suppliers and "
        "lines, and the breakdowns by month, department, category and source, as "
        "`impactinkoop baseline --json` prints them.",
    )
    def get(self, request, org_slug: str):
        query = PeriodQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        period: Period = query.validated_data["period"]
        return Response(fresh_figures(request.organisation, period))


urlpatterns = [path("baseline/", BaselineView.as_view(), name="baseline")]
