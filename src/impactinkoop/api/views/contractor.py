"""The contractor's own social return (`contractor/`, a contractor token): its obligations with
their balance, its own realisations, and a batch of realisations submitted as the contractor
portal submits one (decision 0022).

Every object is looked up within `sroi.queries.contractor_obligations` and
`contractor_realisations` for the token's access, as on the portal: another company's or
organisation's obligation is a 404, and the realisations the organisation entered itself stay
with its officers (the contractor reads only their number and sum)."""

from django.db import transaction
from django.http import Http404
from django.urls import path
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.response import Response

from impactinkoop.sroi import queries, review
from impactinkoop.sroi.contractor_forms import ContractorRealisationForm
from impactinkoop.sroi.models import Obligation, Realisation

from ..base import ContractorView, actor_of
from ..serializers_sroi import (
    STATUSES,
    ContractorObligationSerializer,
    RealisationInputSerializer,
    RealisationSerializer,
)
from .sroi import (
    PagedReadsWholeBatches,
    realisation_batch,
    reported_dates,
    valued_realisations,
    with_figures,
)


def _obligations(request):
    return (
        queries.contractor_obligations(request.contractor_accesses)
        .select_related("contract", "rule_set", "organisation")
        .prefetch_related("rule_set__blocks")
        .order_by("organisation__name", "end_date", "pk")
    )


def _own(request):
    return queries.contractor_realisations(request.contractor_accesses)


def _own_obligation(request, pk: int):
    found = _obligations(request).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


class ContractorObligationsView(ContractorView, generics.ListAPIView):
    serializer_class = ContractorObligationSerializer
    queryset = Obligation.objects.none()  # for the schema; the request's is `get_queryset`

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        return _obligations(self.request)

    @extend_schema(
        operation_id="contractor_obligations",
        description="The obligations the token's company reports for at the organisation that "
        "invited it, each with the balance of the contractor portal (decimal strings), the "
        "report deadlines (overdue: passed with nothing submitted since the one before), the "
        "table with the block ids a realisation names, and the number and sum of what the "
        "organisation entered itself.",
    )
    def get(self, request, *args, **kwargs):
        page = list(self.paginate_queryset(self.get_queryset()))
        own = list(
            _own(request)
            .filter(obligation__in=page)
            .only("pk", "obligation_id", "submitted_at", "created_at")
        )
        # Overdue as the portal sees it: measured by the contractor's own submissions.
        with_figures(page, timezone.localdate(), reported_dates(r for r in own if r.submitted_at))
        for obligation in page:
            obligation.api_by_organisation = queries.counted_by_organisation(
                obligation, [r for r in own if r.obligation_id == obligation.pk]
            )
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class RealisationQuery(serializers.Serializer):
    status = serializers.ChoiceField(choices=STATUSES, required=False)


class ContractorRealisationsView(PagedReadsWholeBatches, ContractorView, generics.GenericAPIView):
    serializer_class = RealisationSerializer
    queryset = Realisation.objects.none()  # for the schema; the rows come from `queries`

    @extend_schema(
        operation_id="contractor_realisations",
        responses={200: RealisationSerializer(many=True)},
        parameters=[
            OpenApiParameter("status", str, enum=list(STATUSES), description="Only this state")
        ],
        description="The realisations the token's company reported for this obligation, with "
        "their review state (submitted: waiting for review; accepted; rejected), the officer's "
        "messages and their value. A realisation that counts 0 because its participant already "
        "counts under another obligation says so (`counted_out`).",
    )
    def get(self, request, pk: int):
        query = RealisationQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        obligation = _own_obligation(request, pk)
        own = set(_own(request).filter(obligation=obligation).values_list("pk", flat=True))
        rows = valued_realisations(
            obligation, allowed_ids=own, status_filter=query.validated_data.get("status")
        )
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        operation_id="contractor_submit_realisations",
        request=RealisationInputSerializer(many=True),
        responses={201: RealisationSerializer(many=True)},
        description="A batch of realisations (a JSON list), each checked as the contractor "
        "portal's form checks it and submitted for the officer's review, as on the portal. "
        "Nothing is written unless every item is valid; errors name the item's index and "
        "field (`3.hours_per_week`). Evidence files are sent on the portal.",
    )
    def post(self, request, pk: int):
        obligation = _own_obligation(request, pk)
        forms = realisation_batch(
            request.data,
            RealisationInputSerializer,
            lambda data: ContractorRealisationForm(
                {**data, "obligation": str(obligation.pk)}, obligations=[obligation]
            ),
        )
        actor = actor_of(request.api_token)
        created = []
        with transaction.atomic():
            for form in forms:
                # The portal's steps, without evidence files (those are sent on the portal).
                realisation = review.submit_from_contractor(form, actor=actor)
                created.append(realisation.pk)
        rows = valued_realisations(obligation, allowed_ids=set(created))
        return Response(self.get_serializer(rows, many=True).data, status=status.HTTP_201_CREATED)


urlpatterns = [
    path("obligations/", ContractorObligationsView.as_view(), name="contractor_obligations"),
    path(
        "obligations/<int:pk>/realisations/",
        ContractorRealisationsView.as_view(),
        name="contractor_realisations",
    ),
]
