"""Pages of the ledger import: upload, map, check, import, exchange rate, cancel, delete."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Sum
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from impactinkoop.accounts.roles import Permission
from impactinkoop.accounts.tenancy import get_for_organisation, organisation_view, scoped
from impactinkoop.core import numbers
from impactinkoop.core.background import reap_expired_jobs
from impactinkoop.core.imports import EDITABLE, ImportState
from impactinkoop.core.tabular import Table, TableError

from ..forms import CommitForm, LedgerMappingForm, RateForm, UploadForm
from ..imports.currency import EURO, format_rate
from ..models import (
    LedgerImport,
    LedgerMapping,
    MonthlySpend,
)
from ..services import (
    ImportBusy,
    cancel_import,
    create_import,
    delete_import,
    set_exchange_rate,
    start_check,
    start_import,
)
from .base import id_or_zero


def _imports(request):
    return scoped(request, LedgerImport).exclude(state=ImportState.DELETED)


@organisation_view(Permission.IMPORT_SPEND)
@require_http_methods(["GET", "POST"])
def import_list(request):
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            ledger_import = create_import(
                actor=request.user,
                organisation=request.organisation,
                upload=form.cleaned_data["file"],
                sheet=form.cleaned_data["sheet"],
                options={"decimal": "auto", "date_format": "auto", "amounts_include_vat": False},
            )
        except TableError as error:
            form.add_error("file", str(error))
        else:
            return redirect("spend:import", org_slug=request.organisation.slug, pk=ledger_import.pk)
    imports = _imports(request).defer("summary", "preview")
    page = Paginator(imports, 25).get_page(request.GET.get("page"))
    status = 400 if request.method == "POST" else 200
    return render(request, "spend/import_list.html", {"form": form, "page": page}, status=status)


@organisation_view(Permission.IMPORT_SPEND)
@require_http_methods(["GET", "POST"])
def import_detail(request, pk: int):
    reap_expired_jobs(request.organisation)  # a job whose worker died shows as failed
    ledger_import = get_for_organisation(request, _imports(request).select_related("job"), pk=pk)
    context = {
        "ledger_import": ledger_import,
        "summary": ledger_import.summary,
        **_currency_context(ledger_import),
    }
    if ledger_import.state in EDITABLE and ledger_import.preview:
        preview = Table.from_json(ledger_import.preview)
        saved = LedgerMapping.objects.filter(organisation=request.organisation)
        chosen = saved.filter(pk=id_or_zero(request.GET.get("mapping"))).first()
        mapping = chosen.mapping if chosen else ledger_import.mapping
        options = chosen.options if chosen else ledger_import.options
        initial = {**LedgerMappingForm.initial_for(mapping, preview.columns), **options}
        form = LedgerMappingForm(request.POST or None, columns=preview.columns, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                job = start_check(
                    actor=request.user,
                    ledger_import=ledger_import,
                    mapping=form.mapping(),
                    options=form.options(),
                    save_as=form.cleaned_data["save_as"],
                )
            except ImportBusy as error:
                messages.error(request, str(error))
                return redirect("spend:import", org_slug=request.organisation.slug, pk=pk)
            return redirect("portal:job", org_slug=request.organisation.slug, pk=job.pk)
        context.update(
            {
                "form": form,
                "saved_mappings": saved,
                "ledger": preview,
            }
        )
    elif request.method == "POST":
        messages.error(request, _busy_message(ledger_import))
        return redirect("spend:import", org_slug=request.organisation.slug, pk=pk)
    return render(request, "spend/import_detail.html", context)


def _currency_context(ledger_import) -> dict:
    """The check page's question about the currency, or an imported file's rate and its total
    in euros (the sum of its monthly summary: every line converted and rounded on its own)."""
    summary = ledger_import.summary or {}
    if ledger_import.state == ImportState.CHECKED:
        return {
            "currency": summary.get("currency") or EURO,
            "commit_form": CommitForm(summary=summary),
        }
    if ledger_import.state != ImportState.COMMITTED or ledger_import.currency == EURO:
        return {"currency": ledger_import.currency}
    euro_cents = None
    if ledger_import.exchange_rate is not None:
        euro_cents = (
            MonthlySpend.objects.filter(ledger_import=ledger_import).aggregate(
                total=Sum("amount_cents")
            )["total"]
            or 0
        )
    return {
        "currency": ledger_import.currency,
        "rate_form": RateForm(
            initial={
                "exchange_rate": format_rate(ledger_import.exchange_rate)
                if ledger_import.exchange_rate is not None
                else ""
            }
        ),
        "euro_cents": euro_cents,
    }


def _busy_message(ledger_import) -> str:
    return _("The mapping cannot be changed while the import is %(state)s.") % {
        "state": ledger_import.get_state_display().lower()
    }


def _import_action(request, pk: int, action, success: str):
    ledger_import = get_for_organisation(request, _imports(request), pk=pk)
    try:
        result = action(actor=request.user, ledger_import=ledger_import)
    except ImportBusy as error:
        messages.error(request, str(error))
        return redirect("spend:import", org_slug=request.organisation.slug, pk=pk), None
    if success:
        messages.success(request, success)
    return None, result


@organisation_view(Permission.IMPORT_SPEND)
@require_POST
def import_commit(request, pk: int):
    """Import a checked file, in the currency the person confirmed on the check page."""
    ledger_import = get_for_organisation(request, _imports(request), pk=pk)
    form = CommitForm(request.POST, summary=ledger_import.summary or {})
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("spend:import", org_slug=request.organisation.slug, pk=pk)
    try:
        job = start_import(
            actor=request.user,
            ledger_import=ledger_import,
            currency=form.cleaned_data["currency"],
            exchange_rate=form.cleaned_data["exchange_rate"],
        )
    except ImportBusy as error:
        messages.error(request, str(error))
        return redirect("spend:import", org_slug=request.organisation.slug, pk=pk)
    return redirect("portal:job", org_slug=request.organisation.slug, pk=job.pk)


@organisation_view(Permission.IMPORT_SPEND)
@require_POST
def import_rate(request, pk: int):
    """Enter or correct the exchange rate of an import in another currency."""
    ledger_import = get_for_organisation(request, _imports(request), pk=pk)
    form = RateForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["exchange_rate"][0])
        return redirect("spend:import", org_slug=request.organisation.slug, pk=pk)
    try:
        set_exchange_rate(
            actor=request.user, ledger_import=ledger_import, rate=form.cleaned_data["exchange_rate"]
        )
    except ImportBusy as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("The exchange rate is stored; the lines of this import count in the baseline."),
        )
    return redirect("spend:import", org_slug=request.organisation.slug, pk=pk)


@organisation_view(Permission.IMPORT_SPEND)
@require_POST
def import_cancel(request, pk: int):
    refused, _result = _import_action(
        request, pk, cancel_import, _("The import was cancelled; nothing was changed.")
    )
    return refused or redirect("spend:imports", org_slug=request.organisation.slug)


@organisation_view(Permission.IMPORT_SPEND)
@require_POST
def import_delete(request, pk: int):
    refused, count = _import_action(request, pk, delete_import, "")
    if refused:
        return refused
    messages.success(
        request,
        _("The import and its %(count)s lines were deleted.") % {"count": numbers.count(count)},
    )
    return redirect("spend:imports", org_slug=request.organisation.slug)
