"""Pages of social return: the building-block tables (load, copy, edit), the obligations with
their balance, one obligation with its realisations valued and its history, and entry."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from impactinkoop.accounts.roles import Permission
from impactinkoop.accounts.tenancy import get_for_organisation, organisation_view
from impactinkoop.contracts.models import Contract
from impactinkoop.core.audit import log_action
from impactinkoop.spend.queries import official_baseline

from . import queries
from .forms import BlockForm, CopyForm, ObligationForm, RealisationForm, RuleSetForm
from .models import Block, Obligation, RuleSet
from .rules import copy_rule_set, load_shipped
from .services import change_obligation, create_obligation, percentage_for, report_deadlines


def _may_manage(request) -> bool:
    return request.membership.has_permission(Permission.MANAGE_SROI)


@organisation_view(Permission.VIEW_SROI)
@require_GET
def obligation_list(request):
    obligations = list(
        Obligation.objects.for_organisation(request.organisation)
        .select_related("contract", "rule_set")
        .order_by("end_date", "pk")
    )
    found = queries.balances(obligations, timezone.localdate())
    rows = [(obligation, found[obligation.pk]) for obligation in obligations]
    open_contracts = (
        Contract.objects.for_organisation(request.organisation)
        .filter(social_return=True, sroi_obligation__isnull=True)
        .order_by("title")
    )
    bought = queries.purchases(obligations)
    context = {
        "rows": rows,
        "total": queries.total_balance(found),
        # Purchases at social enterprises beside the baseline's social spend: never added up.
        "purchases": sum(bought.values(), queries.ZERO),
        "baseline": official_baseline(request.organisation),
        "open_contracts": open_contracts,
        "may_manage": _may_manage(request),
    }
    return render(request, "sroi/obligation_list.html", context)


@organisation_view(Permission.VIEW_SROI)
@require_GET
def rule_sets(request):
    tables = RuleSet.objects.for_organisation(request.organisation)
    return render(
        request,
        "sroi/rule_sets.html",
        {"tables": tables, "may_manage": _may_manage(request)},
    )


@organisation_view(Permission.MANAGE_SROI)
@require_POST
def rule_sets_load(request):
    created = load_shipped(request.organisation, actor=request.user)
    messages.success(
        request,
        _("%(count)s building-block tables were loaded.") % {"count": len(created)},
    )
    return redirect("sroi:rule_sets", org_slug=request.organisation.slug)


@organisation_view(Permission.VIEW_SROI)
@require_GET
def rule_set_detail(request, pk: int):
    table = get_for_organisation(request, RuleSet, pk=pk)
    context = {
        "table": table,
        "blocks": table.blocks.all(),
        "in_use": table.in_use,
        "may_manage": _may_manage(request),
        "copy_form": CopyForm(organisation=request.organisation),
    }
    return render(request, "sroi/rule_set_detail.html", context)


def _refuse_in_use(request, table):
    if table.in_use:
        messages.error(
            request,
            _(
                "Obligations were agreed under this table, so it cannot change: copy it to a new "
                "edition and edit that."
            ),
        )
        return redirect("sroi:rule_set", org_slug=request.organisation.slug, pk=table.pk)
    return None


@organisation_view(Permission.MANAGE_SROI)
@require_http_methods(["GET", "POST"])
def rule_set_edit(request, pk: int):
    table = get_for_organisation(request, RuleSet, pk=pk)
    refused = _refuse_in_use(request, table)
    if refused:
        return refused
    form = RuleSetForm(request.POST or None, instance=table)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The table was saved."))
        return redirect("sroi:rule_set", org_slug=request.organisation.slug, pk=table.pk)
    return render(
        request,
        "sroi/form.html",
        {"form": form, "title": table.name, "back": table},
        status=400 if request.method == "POST" else 200,
    )


@organisation_view(Permission.MANAGE_SROI)
@require_POST
def rule_set_copy(request, pk: int):
    table = get_for_organisation(request, RuleSet, pk=pk)
    form = CopyForm(request.POST, organisation=request.organisation)
    if not form.is_valid():
        context = {
            "table": table,
            "blocks": table.blocks.all(),
            "in_use": table.in_use,
            "may_manage": True,
            "copy_form": form,
        }
        return render(request, "sroi/rule_set_detail.html", context, status=400)
    copy = copy_rule_set(table, actor=request.user, **form.cleaned_data)
    messages.success(request, _("The table was copied to a new edition."))
    return redirect("sroi:rule_set", org_slug=request.organisation.slug, pk=copy.pk)


@organisation_view(Permission.MANAGE_SROI)
@require_http_methods(["GET", "POST"])
def block_edit(request, pk: int, block: int | None = None):
    table = get_for_organisation(request, RuleSet, pk=pk)
    instance = (
        get_for_organisation(request, Block, "rule_set__organisation", pk=block, rule_set=table)
        if block
        else Block(rule_set=table, position=table.blocks.count())
    )
    refused = _refuse_in_use(request, table)
    if refused:
        return refused
    form = BlockForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The block was saved."))
        return redirect("sroi:rule_set", org_slug=request.organisation.slug, pk=table.pk)
    return render(
        request,
        "sroi/form.html",
        {"form": form, "title": instance.name or _("New block"), "back": table},
        status=400 if request.method == "POST" else 200,
    )


@organisation_view(Permission.MANAGE_SROI)
@require_http_methods(["GET", "POST"])
def obligation_new(request, contract: int):
    contract = get_for_organisation(request, Contract.objects.select_related("tender"), pk=contract)
    if hasattr(contract, "sroi_obligation"):
        return redirect(
            "sroi:obligation", org_slug=request.organisation.slug, pk=contract.sroi_obligation.pk
        )
    initial = {
        "percentage": percentage_for(contract),
        "start_date": contract.start_date,
        "end_date": contract.end_date,
    }
    if contract.tender_id and contract.tender.social_return_reason:
        initial["reason"] = contract.tender.social_return_reason
        initial["explanation"] = contract.tender.social_return_explanation
    form = ObligationForm(request.POST or None, initial=initial, organisation=request.organisation)
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        rule_set = fields.pop("rule_set")
        try:
            obligation = create_obligation(
                contract, actor=request.user, rule_set=rule_set, **fields
            )
        except ValidationError as error:  # the rules' check of the reason, shown at its field
            form.add_error(None, error)
        else:
            messages.success(request, _("The obligation was recorded."))
            return redirect("sroi:obligation", org_slug=request.organisation.slug, pk=obligation.pk)
    return render(
        request,
        "sroi/form.html",
        {
            "form": form,
            "title": _("Social return for %(contract)s") % {"contract": contract},
            "contract": contract,
        },
        status=400 if request.method == "POST" else 200,
    )


@organisation_view(Permission.VIEW_SROI)
@require_GET
def obligation_detail(request, pk: int):
    obligation = get_for_organisation(
        request, Obligation.objects.select_related("contract", "rule_set"), pk=pk
    )
    return render(request, "sroi/obligation_detail.html", obligation_context(request, obligation))


def obligation_context(request, obligation) -> dict:
    """The obligation page's context; `contractor_views.contractor_invite` renders the page with
    it too, with its bound invitation form, so that an error shows at the field."""
    # Realisations carry participant codes: only the SROI officers see the rows; everyone else
    # sees the balance (decision 0022).
    may_see = request.membership.has_permission(Permission.VIEW_REALISATIONS)
    valued = queries.valued(obligation) if may_see else []
    balance = queries.balances([obligation], timezone.localdate())[obligation.pk]
    return {
        "obligation": obligation,
        "valued": valued,
        "may_see_realisations": may_see,
        # Double counts still to decide: a split one is settled.
        "flagged": sum(
            1
            for _realisation, valuation in valued
            if valuation.double and not valuation.double.split
        ),
        "purchases": queries.purchases([obligation])[obligation.pk],
        "balance": balance,
        "deadlines": report_deadlines(obligation),
        "changes": obligation.changes.all(),
        "may_manage": _may_manage(request),
    }


@organisation_view(Permission.MANAGE_SROI)
@require_http_methods(["GET", "POST"])
def obligation_edit(request, pk: int):
    obligation = get_for_organisation(request, Obligation.objects.select_related("contract"), pk=pk)
    form = ObligationForm(
        request.POST or None,
        instance=Obligation.objects.get(pk=obligation.pk),
        organisation=request.organisation,
    )
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in form.changed_data if name != "rule_set"}
        try:
            change_obligation(obligation, actor=request.user, **values)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The obligation was saved; its history keeps the change."))
            return redirect("sroi:obligation", org_slug=request.organisation.slug, pk=pk)
    return render(
        request,
        "sroi/form.html",
        {"form": form, "title": str(obligation), "obligation": obligation},
        status=400 if request.method == "POST" else 200,
    )


@organisation_view(Permission.VIEW_REALISATIONS)
@require_http_methods(["GET", "POST"])
def realisation_new(request, pk: int):
    obligation = get_for_organisation(
        request, Obligation.objects.select_related("contract", "rule_set"), pk=pk
    )
    form = RealisationForm(request.POST or None, obligation=obligation)
    if request.method == "POST" and form.is_valid():
        realisation = form.save()
        log_action(
            "sroi.realisation_added",
            actor=request.user,
            organisation=request.organisation,
            obj=obligation,
            after={"kind": realisation.kind, "block": realisation.block.name},
        )
        if form.warning:
            messages.warning(request, form.warning)
        messages.success(request, _("The realisation was recorded."))
        return redirect("sroi:obligation", org_slug=request.organisation.slug, pk=pk)
    return render(
        request,
        "sroi/form.html",
        {"form": form, "title": _("New realisation"), "obligation": obligation},
        status=400 if request.method == "POST" else 200,
    )
