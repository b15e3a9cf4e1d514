"""Pages of the contract register: list with filters and totals, detail with the ledger's spend
for the supplier in the contract period, entry by hand, the extension decision, and a tender
started from an ending contract."""

from decimal import Decimal

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from impactinkoop.accounts.roles import Permission
from impactinkoop.accounts.tenancy import get_for_organisation, organisation_view
from impactinkoop.core.reference.ocds import package_json
from impactinkoop.core.reference.views import extension_url
from impactinkoop.spend import queries as spend_queries

from ..codes import cpv_labels
from ..columns import extra_columns, extra_totals
from ..forms import ContractFilterForm, ContractForm
from ..models import Contract
from ..ocds import export_package
from ..reminders import DEFAULT_HORIZON_DAYS, reminders
from ..services import decide_extension, save_contract, tender_from_contract
from ..themes import theme_labels

PER_PAGE = 50


def _filtered(request, form):
    contracts = Contract.objects.for_organisation(request.organisation)
    if not form.is_valid():
        return contracts
    data = form.cleaned_data
    if data["q"]:
        contracts = contracts.filter(
            Q(title__icontains=data["q"])
            | Q(reference__icontains=data["q"])
            | Q(supplier_name__icontains=data["q"])
        )
    if data["department"]:
        contracts = contracts.filter(department=data["department"])
    if data["category"]:
        contracts = contracts.filter(category=data["category"])
    if data["social_return"]:
        contracts = contracts.filter(social_return=data["social_return"] == "yes")
    if data["ending"]:
        contracts = contracts.ending_within(timezone.localdate(), data["ending"])
    return contracts


def totals_of(contracts) -> dict:
    """Number and summed values of the contracts the filters leave, to the cent."""
    sums = contracts.aggregate(
        count=Count("pk"),
        awarded=Sum("awarded_value"),
        estimated=Sum("estimated_value"),
        estimate_only=Sum("estimated_value", filter=Q(awarded_value__isnull=True)),
    )
    zero = Decimal("0.00")
    return {
        "count": sums["count"],
        "awarded": sums["awarded"] or zero,
        "estimated": sums["estimated"] or zero,
        # What the contracts are worth: the awarded value, else the estimate.
        "value": (sums["awarded"] or zero) + (sums["estimate_only"] or zero),
    }


@organisation_view(Permission.VIEW_CONTRACTS)
@require_GET
def contract_list(request):
    form = ContractFilterForm(request.GET or None, organisation=request.organisation)
    contracts = _filtered(request, form)
    totals = totals_of(contracts)
    page = Paginator(
        contracts.select_related("department", "category").order_by("end_date", "title", "pk"),
        PER_PAGE,
    ).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    # Columns of apps above contracts (social return's balance), one query each per page.
    rows = list(page.object_list)
    columns = extra_columns(request.organisation, rows)
    for contract in rows:
        contract.extra_cells = [values.get(contract.pk, "—") for _column, values in columns]
    context = {
        "extra_headers": [column.label for column, _values in columns],
        # Under each extra column its total for the contracts shown (or an empty cell).
        "extra_totals": extra_totals(request.organisation, rows),
        "form": form,
        "page": page,
        "contracts": rows,
        "totals": totals,
        "query": query.urlencode(),
        "reminders": reminders(request.organisation, timezone.localdate()),
        "horizon": DEFAULT_HORIZON_DAYS,
    }
    return render(request, "contracts/contract_list.html", context)


@organisation_view(Permission.VIEW_CONTRACTS)
@require_GET
def contract_detail(request, pk: int):
    contract = get_for_organisation(
        request,
        Contract.objects.select_related("department", "category", "supplier", "company", "tender"),
        pk=pk,
    )
    spend = lines = None
    if contract.supplier_id and request.membership.has_permission(Permission.VIEW_SPEND):
        spend, lines = spend_queries.supplier_spend(
            request.organisation, contract.supplier_id, contract.start_date, contract.last_day
        )
    labels = theme_labels(request.organisation)
    context = {
        "contract": contract,
        "spend": spend,
        "spend_lines": lines,
        "cpv": cpv_labels(contract.cpv_codes),
        "themes": [labels.get(key, key) for key in contract.mvi_themes],
        "follow_ups": contract.follow_ups.all(),
    }
    return render(request, "contracts/contract_detail.html", context)


@organisation_view(Permission.MANAGE_CONTRACTS)
@require_http_methods(["GET", "POST"])
def contract_edit(request, pk: int | None = None):
    contract = (
        get_for_organisation(request, Contract, pk=pk)
        if pk
        else Contract(organisation=request.organisation, source=Contract.Source.HAND)
    )
    form = ContractForm(request.POST or None, instance=contract, organisation=request.organisation)
    if request.method == "POST" and form.is_valid():
        contract = save_contract(
            form.save(commit=False),
            actor=request.user,
            changed={name: form.cleaned_data[name] for name in form.changed_data},
        )
        messages.success(request, _("The contract was saved."))
        return redirect("contracts:contract", org_slug=request.organisation.slug, pk=contract.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "contracts/contract_form.html", {"form": form, "contract": contract}, status=status
    )


@organisation_view(Permission.MANAGE_CONTRACTS)
@require_POST
def contract_extension(request, pk: int):
    contract = get_for_organisation(request, Contract, pk=pk)
    decide_extension(contract, actor=request.user, extended=request.POST.get("extend") == "yes")
    messages.success(request, _("The extension decision was recorded."))
    return redirect("contracts:contract", org_slug=request.organisation.slug, pk=pk)


@organisation_view(Permission.MANAGE_CONTRACTS)
@require_POST
def contract_tender(request, pk: int):
    contract = get_for_organisation(request, Contract, pk=pk)
    tender = tender_from_contract(contract, actor=request.user)
    messages.success(request, _("A tender was started to follow up this contract."))
    return redirect("contracts:tender", org_slug=request.organisation.slug, pk=tender.pk)


@organisation_view(Permission.VIEW_CONTRACTS)
@require_GET
def ocds_export(request):
    """The organisation's tenders and contracts as an OCDS release package (open data)."""
    package = export_package(
        request.organisation,
        uri=request.build_absolute_uri(),
        extension_url=extension_url(request),
    )
    response = HttpResponse(package_json(package), content_type="application/json")
    name = f"{request.organisation.slug}-ocds-{timezone.localdate():%Y%m%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
