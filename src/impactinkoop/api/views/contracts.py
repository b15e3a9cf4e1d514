"""The contract register and the tender pipeline (decision 0018): read them with their filters,
and enter or change a contract and start a tender as the browser does, through the same forms
(the rules) and services (the save and its audit entry)."""

from django import forms
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q
from django.db.models.functions import Coalesce, TruncDate
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response

from impactinkoop.accounts.roles import Permission
from impactinkoop.contracts.forms import ContractForm, TenderForm
from impactinkoop.contracts.models import Contract, Tender
from impactinkoop.contracts.services import create_tender, rules_in_force, save_contract
from impactinkoop.contracts.themes import theme_labels
from impactinkoop.core.reference import cpv

from ..base import OrganisationDetailView, OrganisationListView, actor_of
from ..scopes import Scope
from ..serializers_contracts import (
    ContractInput,
    ContractSerializer,
    TenderInput,
    TenderSerializer,
    form_data,
    form_errors,
    service_errors,
)


class ViewOrManageContracts:
    """Reading needs the figures scope and the permission to see contracts; writing, the
    contracts scope and the permission to manage them, as the browser's pages ask."""

    permission = Permission.VIEW_CONTRACTS
    scope = Scope.READ_FIGURES

    def writes(self, request) -> bool:
        return request.method in ("POST", "PATCH")

    def required_permission(self, request) -> str:
        return Permission.MANAGE_CONTRACTS if self.writes(request) else self.permission

    def required_scope(self, request) -> str:
        return Scope.MANAGE_CONTRACTS if self.writes(request) else self.scope

    def get_serializer_context(self):
        context = super().get_serializer_context()
        organisation = _organisation_of(self.request)
        context["theme_labels"] = theme_labels(organisation) if organisation else {}
        return context


def _organisation_of(request):
    """The request's organisation; none while drf-spectacular draws the schema."""
    return getattr(request, "organisation", None)


# -- contracts ---------------------------------------------------------------------------------


def _contracts(organisation):
    if organisation is None:  # drawing the schema: the model is all it needs
        return Contract.objects.none()
    return Contract.objects.for_organisation(organisation).select_related(
        "department", "category", "company"
    )


class IdFilter(filters.NumberFilter):
    """An object's id: a whole number the database can hold (a larger one would fail there)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, min_value=1, max_value=2**63 - 1, **kwargs)


class YearFilter(filters.NumberFilter):
    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, min_value=1, max_value=9999, **kwargs)


class CpvFilter(filters.CharFilter):
    """Contracts with a code at or below this one in the CPV tree: 45000000-7 (construction
    work) also finds 45210000-2 (building construction)."""

    def filter(self, queryset, value):
        if not value:
            return queryset
        entry = cpv.parse(value)
        prefix = entry.code[: entry.level + 1]
        # The codes are kept as a JSON list; each code's opening quote marks where it starts.
        return queryset.filter(cpv_codes__icontains=f'"{prefix}')


class ContractFilter(filters.FilterSet):
    active_on = filters.DateFilter(
        method="filter_active_on",
        label=_("Running on this day (ISO 8601), extension options included"),
    )
    supplier = IdFilter(field_name="supplier_id", label=_("The id of the supplier in the ledger"))
    kvk = filters.CharFilter(
        method="filter_kvk",
        label=_("The supplier's KvK number, as entered or of the register company"),
    )
    social_return = filters.ChoiceFilter(
        method="filter_social_return",
        choices=[("yes", _("yes")), ("no", _("no"))],
        label=_("With a social-return clause (yes) or without (no)"),
    )
    cpv = CpvFilter(
        validators=[cpv.validate_cpv],
        label=_("A CPV code: the contracts with it or a code below it"),
    )
    department = IdFilter(field_name="department_id", label=_("A department's id"))
    category = IdFilter(field_name="category_id", label=_("A category's id"))
    q = filters.CharFilter(method="filter_text", label=_("Title, number or supplier"))

    class Meta:
        model = Contract
        fields = []

    def filter_active_on(self, queryset, name, day):
        return queryset.running_on(day)

    def filter_kvk(self, queryset, name, kvk):
        kvk = kvk.replace(" ", "")
        return queryset.filter(Q(supplier_kvk=kvk) | Q(company__kvk_number=kvk))

    def filter_social_return(self, queryset, name, answer):
        return queryset.filter(social_return=answer == "yes")

    def filter_text(self, queryset, name, text):
        return queryset.filter(
            Q(title__icontains=text)
            | Q(reference__icontains=text)
            | Q(supplier_name__icontains=text)
        )


def write_contract(request, contract: Contract, *, partial: bool) -> Contract:
    """The browser's entry by hand: the contract form checks, `save_contract` saves and writes
    the audit entry with what changed."""
    given = ContractInput(data=request.data, partial=partial)
    given.is_valid(raise_exception=True)
    names = ContractInput.form_names
    organisation = request.organisation
    shown = ContractForm(instance=contract, organisation=organisation)
    form = ContractForm(
        form_data(shown, given.validated_data, names),
        instance=contract,
        organisation=organisation,
    )
    if not form.is_valid():
        raise form_errors(form.errors, names)
    try:
        return save_contract(
            form.save(commit=False),
            actor=actor_of(request.api_token),
            changed={name: form.cleaned_data[name] for name in form.changed_data},
        )
    except DjangoValidationError as error:
        raise service_errors(error, names) from error


class ContractList(ViewOrManageContracts, OrganisationListView):
    serializer_class = ContractSerializer
    filterset_class = ContractFilter

    def get_queryset(self):
        return _contracts(_organisation_of(self.request)).order_by("end_date", "title", "pk")

    @extend_schema(
        operation_id="contracts_list",
        description="The contract register, by end date, in pages. Amounts are decimal "
        "strings in euros; `value` is the awarded value, else the estimate. Scope "
        "figures:read.",
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        operation_id="contracts_create",
        request=ContractInput,
        responses={201: ContractSerializer},
        description="Enter a contract by hand, checked as the contract form checks it and "
        "recorded in the audit log as the browser records it. Scope contracts:manage.",
    )
    def post(self, request, org_slug: str):
        contract = write_contract(
            request,
            Contract(organisation=request.organisation, source=Contract.Source.HAND),
            partial=False,
        )
        body = self.get_serializer(_contracts(request.organisation).get(pk=contract.pk)).data
        location = request.build_absolute_uri(
            reverse("api:contract", kwargs={"org_slug": org_slug, "pk": contract.pk})
        )
        return Response(body, status=status.HTTP_201_CREATED, headers={"Location": location})


class ContractDetail(ViewOrManageContracts, OrganisationDetailView):
    serializer_class = ContractSerializer

    def get_queryset(self):
        return _contracts(_organisation_of(self.request))

    @extend_schema(operation_id="contracts_retrieve", description="One contract.")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        operation_id="contracts_partial_update",
        request=ContractInput(partial=True),
        responses={200: ContractSerializer},
        description="Change a contract: the fields sent change, the others keep their value. "
        "Checked and recorded as the browser's edit page does. Scope contracts:manage.",
    )
    def patch(self, request, org_slug: str, pk: int):
        contract = write_contract(request, self.get_object(), partial=True)
        return Response(
            self.get_serializer(_contracts(request.organisation).get(pk=contract.pk)).data
        )


# -- tenders -----------------------------------------------------------------------------------


def _tenders(organisation):
    if organisation is None:
        return Tender.objects.none()
    return (
        Tender.objects.for_organisation(organisation)
        .select_related("rules", "category", "department", "budget_holder", "awarded_contract")
        .prefetch_related("themes")
    )


class TenderFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=Tender.Status.choices)
    origin = filters.ChoiceFilter(choices=Tender.Origin.choices)
    year = YearFilter(
        method="filter_year",
        label=_(
            "The year of its planned publication, or without one the year it was entered "
            "(as the plan's goals count tenders)"
        ),
    )
    department = IdFilter(field_name="department_id", label=_("A department's id"))
    category = IdFilter(field_name="category_id", label=_("A category's id"))

    class Meta:
        model = Tender
        fields = []

    def filter_year(self, queryset, name, year):
        return queryset.annotate(
            counted_on=Coalesce("planned_publication", TruncDate("created_at"))
        ).filter(counted_on__year=year)


class TenderList(ViewOrManageContracts, OrganisationListView):
    serializer_class = TenderSerializer
    filterset_class = TenderFilter

    def get_queryset(self):
        return _tenders(_organisation_of(self.request)).order_by(
            "planned_publication", "title", "pk"
        )

    @extend_schema(
        operation_id="tenders_list",
        description="The tender pipeline by planned publication, in pages, each tender with "
        "its status, what its rule version requires of it, and its decision per MVI theme "
        "(applied or explained; null while open). Scope figures:read.",
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        operation_id="tenders_create",
        request=TenderInput,
        responses={201: TenderSerializer},
        description="Start a tender by hand, under the rules in force now and with the "
        "themes of the matrix to decide, checked by the tender form and recorded in the "
        "audit log as in the browser. Scope contracts:manage.",
    )
    def post(self, request, org_slug: str):
        given = TenderInput(data=request.data)
        given.is_valid(raise_exception=True)
        names = TenderInput.form_names
        organisation = request.organisation
        # As the page: the new tender's form knows the rules it will be judged by.
        blank = Tender(organisation=organisation, rules=rules_in_force(organisation))
        shown = TenderForm(instance=blank, organisation=organisation)
        form = TenderForm(
            form_data(shown, given.validated_data, names),
            instance=blank,
            organisation=organisation,
        )
        if not form.is_valid():
            raise form_errors(form.errors, names)
        fields = {
            name: form.cleaned_data[name] for name in form.Meta.fields if name in form.cleaned_data
        }
        try:
            tender = create_tender(organisation, actor=actor_of(request.api_token), **fields)
        except DjangoValidationError as error:
            raise service_errors(error, names) from error
        body = self.get_serializer(_tenders(organisation).get(pk=tender.pk)).data
        location = request.build_absolute_uri(
            reverse("api:tender", kwargs={"org_slug": org_slug, "pk": tender.pk})
        )
        return Response(body, status=status.HTTP_201_CREATED, headers={"Location": location})


class TenderDetail(ViewOrManageContracts, OrganisationDetailView):
    serializer_class = TenderSerializer

    def get_queryset(self):
        return _tenders(_organisation_of(self.request))

    @extend_schema(operation_id="tenders_retrieve", description="One tender with its themes.")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


urlpatterns = [
    path("contracts/", ContractList.as_view(), name="contracts"),
    path("contracts/<int:pk>/", ContractDetail.as_view(), name="contract"),
    path("tenders/", TenderList.as_view(), name="tenders"),
    path("tenders/<int:pk>/", TenderDetail.as_view(), name="tender"),
]
