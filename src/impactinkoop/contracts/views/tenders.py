"""Pages of the tender pipeline (PIANOo step 4) and of MVI in each tender (step 5): the list
and its timeline by quarter, spend that no contract covers, a tender by hand, the tender with
its themes (comply or explain), codes, social return and market, the award, and the rules."""

from collections import OrderedDict

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.forms import modelformset_factory
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from impactinkoop.accounts.roles import Permission
from impactinkoop.accounts.tenancy import get_for_organisation, organisation_view
from impactinkoop.core.reference import eforms
from impactinkoop.spend import queries as spend_queries

from ..codes import cpv_labels
from ..figures import contract_figures, tender_figures
from ..forms import AwardForm, RulesForm, TenderForm, TenderThemeForm
from ..market import market_for
from ..models import Contract, RuleVersion, Tender, TenderTheme
from ..services import (
    award,
    change_rules,
    create_tender,
    decide_themes,
    rules_in_force,
    set_status,
    tender_from_spend,
    update_tender,
)
from ..themes import theme_labels


def _tenders(request):
    return Tender.objects.for_organisation(request.organisation).select_related(
        "rules", "category", "department", "budget_holder"
    )


def quarter_of(day) -> str:
    return f"{day.year} Q{(day.month - 1) // 3 + 1}"


@organisation_view(Permission.VIEW_CONTRACTS)
@require_GET
def pipeline(request):
    status = request.GET.get("status", "")
    tenders = _tenders(request)
    if status in Tender.Status.values:
        tenders = tenders.filter(status=status)
    tenders = list(tenders.order_by("planned_publication", "title", "pk"))
    timeline: OrderedDict[str, list[Tender]] = OrderedDict()
    undated = []
    for tender in tenders:
        if tender.status == Tender.Status.CANCELLED:
            continue
        if tender.planned_publication is None:
            undated.append(tender)
        else:
            timeline.setdefault(quarter_of(tender.planned_publication), []).append(tender)
    # ?year=2025: the figures of the tenders planned in that year (as a plan goal and the
    # impact report count them); the list stays whole.
    year = request.GET.get("year", "")
    year = int(year) if year.isdigit() and 2000 <= int(year) <= 2100 else None
    context = {
        "tenders": tenders,
        "timeline": timeline,
        "figures_year": year,
        "undated": undated,
        "status": status,
        "statuses": Tender.Status.choices,
        "figures": tender_figures(request.organisation, year),
        "contract_figures": contract_figures(request.organisation),
        "rules": rules_in_force(request.organisation),
    }
    return render(request, "contracts/pipeline.html", context)


def _uncovered(organisation):
    """Suppliers with a year's ledger spend at or above the MVOI threshold that no contract
    running in that year and no open tender covers."""
    period = spend_queries.recent_year(organisation)
    rules = rules_in_force(organisation)
    if period is None:
        return None, rules, []
    covered = set(
        Contract.objects.for_organisation(organisation)
        .filter(supplier__isnull=False)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=period.start))
        .filter(Q(start_date__isnull=True) | Q(start_date__lte=period.end))
        .values_list("supplier_id", flat=True)
    )
    covered |= set(
        Tender.objects.for_organisation(organisation)
        .exclude(status=Tender.Status.CANCELLED)
        .filter(origin_supplier__isnull=False)
        .values_list("origin_supplier_id", flat=True)
    )
    found = spend_queries.suppliers_with_spend(
        organisation, period, at_least=rules.mvoi_threshold, exclude_ids=covered
    )
    return period, rules, found


@organisation_view(Permission.VIEW_CONTRACTS)
@require_http_methods(["GET", "POST"])
def uncovered(request):
    period, rules, found = _uncovered(request.organisation)
    if request.method == "POST":
        if not request.membership.has_permission(Permission.MANAGE_CONTRACTS):
            raise PermissionDenied
        try:
            wanted = int(request.POST.get("supplier", ""))
        except ValueError:
            wanted = None
        chosen = next((item for item in found if item.supplier.id == wanted), None)
        if chosen is None:
            messages.error(request, _("This supplier is no longer uncovered spend."))
            return redirect("contracts:uncovered", org_slug=request.organisation.slug)
        tender = tender_from_spend(
            request.organisation, actor=request.user, supplier=chosen.supplier, yearly=chosen.total
        )
        messages.success(request, _("A tender was started for this spend."))
        return redirect("contracts:tender", org_slug=request.organisation.slug, pk=tender.pk)
    context = {"period": period, "rules": rules, "found": found}
    return render(request, "contracts/uncovered.html", context)


@organisation_view(Permission.MANAGE_CONTRACTS)
@require_http_methods(["GET", "POST"])
def tender_new(request):
    rules = rules_in_force(request.organisation)
    form = TenderForm(
        request.POST or None,
        instance=Tender(organisation=request.organisation, rules=rules),
        organisation=request.organisation,
    )
    if request.method == "POST" and form.is_valid():
        fields = {
            name: form.cleaned_data[name] for name in form.Meta.fields if name in form.cleaned_data
        }
        try:
            tender = create_tender(request.organisation, actor=request.user, **fields)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("contracts:tender", org_slug=request.organisation.slug, pk=tender.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "contracts/tender_form.html", {"form": form, "tender": None}, status=status
    )


@organisation_view(Permission.MANAGE_CONTRACTS)
@require_http_methods(["GET", "POST"])
def tender_edit(request, pk: int):
    tender = get_for_organisation(request, _tenders(request), pk=pk)
    form = TenderForm(request.POST or None, instance=tender, organisation=request.organisation)
    if request.method == "POST" and form.is_valid():
        try:
            update_tender(
                form.save(commit=False),
                actor=request.user,
                changed={name: form.cleaned_data[name] for name in form.changed_data},
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The tender was saved."))
            return redirect("contracts:tender", org_slug=request.organisation.slug, pk=pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "contracts/tender_form.html", {"form": form, "tender": tender}, status=status
    )


ThemeFormSet = modelformset_factory(TenderTheme, form=TenderThemeForm, extra=0)


@organisation_view(Permission.VIEW_CONTRACTS)
@require_http_methods(["GET", "POST"])
def tender_detail(request, pk: int):
    tender = get_for_organisation(
        request, _tenders(request).select_related("previous_contract", "market_category"), pk=pk
    )
    may_edit = request.membership.has_permission(Permission.MANAGE_CONTRACTS)
    themes = tender.themes.all()
    formset = ThemeFormSet(
        request.POST if request.method == "POST" else None, queryset=themes, prefix="theme"
    )
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        if formset.is_valid():
            decide_themes(
                tender, [form.save(commit=False) for form in formset.forms], actor=request.user
            )
            messages.success(request, _("The decisions on the themes were saved."))
            return redirect("contracts:tender", org_slug=request.organisation.slug, pk=pk)
    labels = theme_labels(request.organisation)
    rows = [
        (form, labels.get(form.instance.theme_key, form.instance.theme_name)) for form in formset
    ]
    context = {
        "tender": tender,
        "formset": formset,
        "theme_rows": rows,
        "may_edit": may_edit and tender.status != Tender.Status.AWARDED,
        "cpv": cpv_labels(tender.cpv_codes),
        "social_objectives": [
            eforms.label(eforms.SOCIAL_OBJECTIVE, code) for code in tender.social_objectives
        ],
        "reserved": (
            eforms.label(eforms.RESERVED_PROCUREMENT, tender.reserved_procurement)
            if tender.reserved_procurement not in ("", "none")
            else ""
        ),
        "market": market_for(tender),
        "contract": getattr(tender, "awarded_contract", None),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "contracts/tender_detail.html", context, status=status)


@organisation_view(Permission.MANAGE_CONTRACTS)
@require_POST
def tender_status(request, pk: int):
    tender = get_for_organisation(request, _tenders(request), pk=pk)
    status = request.POST.get("status", "")
    if status not in Tender.Status.values or status == Tender.Status.AWARDED:
        messages.error(request, _("Choose a status."))
    elif tender.status == Tender.Status.AWARDED:
        messages.error(request, _("This tender is already awarded."))
    else:
        set_status(tender, actor=request.user, status=status)
    return redirect("contracts:tender", org_slug=request.organisation.slug, pk=pk)


@organisation_view(Permission.MANAGE_CONTRACTS)
@require_http_methods(["GET", "POST"])
def tender_award(request, pk: int):
    tender = get_for_organisation(request, _tenders(request), pk=pk)
    if tender.status in (Tender.Status.AWARDED, Tender.Status.CANCELLED):
        messages.error(request, _("This tender is already awarded or cancelled."))
        return redirect("contracts:tender", org_slug=request.organisation.slug, pk=pk)
    suppliers = spend_queries.suppliers(request.organisation)
    form = AwardForm(
        request.POST or None,
        suppliers=suppliers,
        initial={"awarded_value": tender.estimated_value},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            contract = award(
                tender,
                actor=request.user,
                supplier=data["ledger_supplier"],
                supplier_name=data["supplier_name"].strip(),
                awarded_value=data["awarded_value"],
                start_date=data["start_date"],
                end_date=data["end_date"],
                reference=data["reference"].strip(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The tender was awarded; its contract is in the register."))
            return redirect(
                "contracts:contract", org_slug=request.organisation.slug, pk=contract.pk
            )
    undecided = tender.themes.filter(decision="").count()
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "contracts/tender_award.html",
        {"tender": tender, "form": form, "undecided": undecided},
        status=status,
    )


@organisation_view(Permission.VIEW_CONTRACTS)
@require_http_methods(["GET", "POST"])
def rules(request):
    current = rules_in_force(request.organisation)
    may_edit = request.membership.has_permission(Permission.EDIT_TENDER_RULES)
    form = RulesForm(
        request.POST or None,
        instance=RuleVersion(**{name: getattr(current, name) for name in RulesForm.Meta.fields}),
    )
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        if form.is_valid():
            change_rules(
                request.organisation,
                actor=request.user,
                **{name: form.cleaned_data[name] for name in RulesForm.Meta.fields},
            )
            messages.success(request, _("The rules were saved as a new version."))
            return redirect("contracts:rules", org_slug=request.organisation.slug)
    context = {
        "form": form,
        "current": current,
        "may_edit": may_edit,
        "versions": RuleVersion.objects.for_organisation(request.organisation),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "contracts/rules.html", context, status=status)
