"""Social return of one organisation: the obligations with their balance (the numbers of the
browser's obligation pages, from `sroi.queries`), the realisations of one obligation for the
SROI officers, and the officer's entry of realisations in a batch, through the browser's form.

Realisations carry participant codes: reading them needs `sroi.realisations`, as the browser's
pages (decision 0022); everyone with `sroi.view` sees obligations and balances, which are sums.

`realisation_batch` is shared with the contractor's endpoint (`views/contractor.py`): a batch
is checked completely, item by item with the browser's form, before anything is written."""

from collections.abc import Callable
from datetime import date

from django.db import transaction
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, generics, serializers, status
from rest_framework.response import Response

from impactinkoop.accounts.roles import Permission
from impactinkoop.core.audit import log_action
from impactinkoop.sroi import queries
from impactinkoop.sroi.forms import RealisationForm
from impactinkoop.sroi.models import Obligation, Realisation
from impactinkoop.sroi.monitoring import overdue_deadlines
from impactinkoop.sroi.services import report_deadlines

from ..base import OrganisationListView, OrganisationView, actor_of
from ..pagination import Pages
from ..scopes import Scope
from ..serializers_sroi import (
    STATES,
    STATUSES,
    ObligationSerializer,
    OfficerRealisationInputSerializer,
    OfficerRealisationSerializer,
    RecordedSerializer,
)

# More than a contractor reports in a year for one contract; a bigger batch is a mistake.
MAX_BATCH = 500


# --- what obligations and realisations carry besides their own fields ----------------------


def state_of(obligation, today: date) -> str:
    if today < obligation.start_date:
        return "not_started"
    return "running" if today <= obligation.end_date else "ended"


def deadlines_of(obligation, reported: list[date], today: date) -> list[dict]:
    """Every report deadline, overdue as monitoring counts it: passed with nothing reported
    since the deadline before it."""
    overdue = set(overdue_deadlines(obligation, reported, today))
    return [
        {"date": day, "final": final, "overdue": day in overdue}
        for day, final in report_deadlines(obligation)
    ]


def reported_dates(realisations) -> dict[int, list[date]]:
    """Per obligation: the days something was reported (submitted, or entered or imported)."""
    found: dict[int, list[date]] = {}
    for row in realisations:
        moment = row.submitted_at or row.created_at
        found.setdefault(row.obligation_id, []).append(timezone.localdate(moment))
    return found


def with_figures(obligations: list, today: date, reported: dict[int, list[date]]) -> list:
    """The obligations with `api_balance`, `api_state` and `api_deadlines` set, the balances
    in one call of `queries.balances` (the browser's numbers)."""
    found = queries.balances(obligations, today)
    for obligation in obligations:
        obligation.api_balance = found[obligation.pk]
        obligation.api_state = state_of(obligation, today)
        obligation.api_deadlines = deadlines_of(obligation, reported.get(obligation.pk, []), today)
    return obligations


def valued_realisations(obligation, allowed_ids=None, status_filter: str = "") -> list:
    """The obligation's realisations valued as the browser values them (double counts
    included), each with `api_value`; only `allowed_ids` when given (a contractor's own)."""
    rows = []
    for realisation, valuation in queries.valued(obligation):
        if allowed_ids is not None and realisation.pk not in allowed_ids:
            continue
        if status_filter and realisation.status != status_filter:
            continue
        realisation.api_value = valuation
        rows.append(realisation)
    prefetch_related_objects(rows, "events", "evidence")
    return rows


# --- one batch of realisations --------------------------------------------------------------


def form_data(values: dict) -> dict:
    """Typed values as the browser's form reads a post: decimals with a dot (the form's
    number parser reads a single dot as the decimal mark), ISO dates, ids."""
    data = {}
    for name, value in values.items():
        if value is None:
            data[name] = ""
        elif name == "bonuses":
            data[name] = [str(pk) for pk in value]
        elif isinstance(value, bool):
            data[name] = value
        elif isinstance(value, date):
            data[name] = value.isoformat()
        else:
            data[name] = str(value)
    return data


def form_errors(form) -> dict:
    return {
        ("non_field_errors" if name == "__all__" else name): [str(message) for message in messages]
        for name, messages in form.errors.items()
    }


def realisation_batch(data, input_class, make_form: Callable) -> list:
    """Every item checked (types, then the browser's form) before anything is written: the
    valid forms, or a ValidationError naming each wrong item's index and field (`3.hours`)."""
    if not isinstance(data, list):
        raise serializers.ValidationError(_("Send a JSON list of realisations."))
    if not data:
        raise serializers.ValidationError(_("Send at least one realisation."))
    if len(data) > MAX_BATCH:
        raise serializers.ValidationError(
            _("Send at most %(count)s realisations at a time.") % {"count": MAX_BATCH}
        )
    forms, errors = [], []
    for item in data:
        typed = input_class(data=item)
        if not typed.is_valid():
            errors.append(typed.errors)
            continue
        values = typed.validated_data
        form = make_form(form_data(values))
        found = {} if form.is_valid() else form_errors(form)
        if values.get("bonuses") and "bonuses" not in form.fields:
            # The browser offers no bonuses here; refused rather than silently dropped.
            found["bonuses"] = [_("The obligation's table adds no bonuses: leave them out.")]
        errors.append(found)
        forms.append(form)
    if any(errors):
        raise serializers.ValidationError(errors)
    return forms


class PagedReadsWholeBatches:
    """Mixed into a view that lists realisations and records a batch: a GET answers in pages,
    a POST with the whole list it made. A property, so that the schema (made with a request of
    each method) describes the same."""

    @property
    def pagination_class(self):
        return None if self.request.method == "POST" else Pages


# --- the endpoints --------------------------------------------------------------------------


def _obligations(request):
    return (
        Obligation.objects.for_organisation(request.organisation)
        .select_related("contract__company", "rule_set")
        .prefetch_related("rule_set__blocks")
        .order_by("end_date", "pk")
    )


def _reported(obligations) -> dict[int, list[date]]:
    return reported_dates(
        Realisation.objects.filter(obligation__in=obligations).only(
            "obligation_id", "submitted_at", "created_at"
        )
    )


class ObligationQuery(serializers.Serializer):
    state = serializers.ChoiceField(choices=STATES, required=False)
    contract = serializers.IntegerField(required=False, min_value=1)


class ObligationListView(OrganisationListView):
    permission = Permission.VIEW_SROI
    scope = Scope.READ_FIGURES
    serializer_class = ObligationSerializer
    queryset = Obligation.objects.none()  # for the schema; the request's is `get_queryset`

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        query = ObligationQuery(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        found = _obligations(self.request)
        today = timezone.localdate()
        wanted = query.validated_data
        if "contract" in wanted:
            # __pk: an id too large for SQLite is "no such row", not an error.
            found = found.filter(contract__pk=wanted["contract"])
        state = wanted.get("state")
        if state == "not_started":
            found = found.filter(start_date__gt=today)
        elif state == "running":
            found = found.filter(start_date__lte=today, end_date__gte=today)
        elif state == "ended":
            found = found.filter(end_date__lt=today)
        return found

    @extend_schema(
        operation_id="sroi_obligations",
        parameters=[
            OpenApiParameter("state", str, enum=list(STATES), description="Where in its period"),
            OpenApiParameter("contract", int, description="Only this contract's obligation"),
        ],
        description="The organisation's social-return obligations, each with its contract, "
        "the contractor, the required value, the balance (accepted, waiting for review, still "
        "to do; decimal strings, the numbers of the browser's social-return pages), the report "
        "deadlines and where it is in its period.",
    )
    def get(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        today = timezone.localdate()
        obligations = with_figures(list(page), today, _reported(page))
        return self.get_paginated_response(self.get_serializer(obligations, many=True).data)


class ObligationDetailView(OrganisationView, generics.GenericAPIView):
    permission = Permission.VIEW_SROI
    scope = Scope.READ_FIGURES
    serializer_class = ObligationSerializer
    queryset = Obligation.objects.none()  # for the schema; the object is looked up in `get`

    @extend_schema(
        operation_id="sroi_obligation",
        description="One obligation with its balance and report deadlines, as in the list.",
    )
    def get(self, request, org_slug: str, pk: int):
        obligation = _obligations(request).filter(pk=pk).first()
        if obligation is None:
            raise Http404
        today = timezone.localdate()
        with_figures([obligation], today, _reported([obligation]))
        return Response(self.get_serializer(obligation).data)


class RealisationQuery(serializers.Serializer):
    status = serializers.ChoiceField(choices=STATUSES, required=False)


class ObligationRealisationsView(PagedReadsWholeBatches, OrganisationView, generics.GenericAPIView):
    """Reading needs `sroi.realisations` (the browser's realisation pages); recording needs
    `sroi.manage`, and the participant codes it sends and gets back need `sroi.realisations`
    too, as the browser's entry page: an administrator manages accounts, not participants."""

    scope = Scope.REPORT_SROI
    needs_a_person = True
    serializer_class = OfficerRealisationSerializer
    queryset = Realisation.objects.none()  # for the schema; the rows come from `queries`

    def required_permission(self, request) -> str:
        if request.method == "POST":
            return Permission.MANAGE_SROI
        return Permission.VIEW_REALISATIONS

    def check_token(self, request, token) -> None:
        super().check_token(request, token)
        membership = request.membership
        if membership is not None and not membership.has_permission(Permission.VIEW_REALISATIONS):
            raise exceptions.PermissionDenied(
                _("Your role does not allow this (%(permission)s).")
                % {"permission": Permission.VIEW_REALISATIONS}
            )

    def obligation(self, pk: int) -> Obligation:
        found = (
            Obligation.objects.for_organisation(self.request.organisation)
            .select_related("contract", "rule_set", "organisation")
            .filter(pk=pk)
            .first()
        )
        if found is None:
            raise Http404
        return found

    @extend_schema(
        operation_id="sroi_obligation_realisations",
        responses={200: OfficerRealisationSerializer(many=True)},
        parameters=[
            OpenApiParameter("status", str, enum=list(STATUSES), description="Only this state")
        ],
        description="The obligation's realisations with participant codes, their review "
        "state (submitted: waiting for review; accepted; rejected), the review history and "
        "their value under the obligation's table, as the officer's obligation page values "
        "them (a participant counted under another obligation counts 0).",
    )
    def get(self, request, org_slug: str, pk: int):
        query = RealisationQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        obligation = self.obligation(pk)
        rows = valued_realisations(obligation, status_filter=query.validated_data.get("status"))
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        operation_id="sroi_record_realisations",
        request=OfficerRealisationInputSerializer(many=True),
        responses={201: RecordedSerializer(many=True)},
        description="The officer records a batch of realisations (a JSON list), each checked "
        "as the browser's form checks it. Nothing is written unless every item is valid; "
        "errors name the item's index and field (`3.hours_per_week`). A realisation the "
        "officer enters counts at once, except a purchase at a KvK number not in the register, "
        "which waits for review (see `entry_warning`).",
    )
    def post(self, request, org_slug: str, pk: int):
        obligation = self.obligation(pk)
        forms = realisation_batch(
            request.data,
            OfficerRealisationInputSerializer,
            lambda data: RealisationForm(data, obligation=obligation),
        )
        actor = actor_of(request.api_token)
        warnings = {}
        with transaction.atomic():
            for form in forms:
                realisation = form.save()
                # What the browser's entry page writes for each realisation.
                log_action(
                    "sroi.realisation_added",
                    actor=actor,
                    organisation=request.organisation,
                    obj=obligation,
                    after={"kind": realisation.kind, "block": realisation.block.name},
                )
                warnings[realisation.pk] = str(form.warning)
        rows = valued_realisations(obligation, allowed_ids=set(warnings))
        for realisation in rows:
            realisation.api_warning = warnings[realisation.pk]
        return Response(RecordedSerializer(rows, many=True).data, status=status.HTTP_201_CREATED)


urlpatterns = [
    path("sroi/obligations/", ObligationListView.as_view(), name="sroi_obligations"),
    path("sroi/obligations/<int:pk>/", ObligationDetailView.as_view(), name="sroi_obligation"),
    path(
        "sroi/obligations/<int:pk>/realisations/",
        ObligationRealisationsView.as_view(),
        name="sroi_obligation_realisations",
    ),
]
