"""The contract-register import wizard: upload -> map columns -> check (a job) -> review ->
commit (a job), on the shared import lifecycle."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from impactinkoop.accounts.roles import Permission
from impactinkoop.accounts.tenancy import organisation_view, scoped
from impactinkoop.core.background import reap_expired_jobs
from impactinkoop.core.imports import EDITABLE, ImportState, lifecycle
from impactinkoop.core.imports.lifecycle import ImportBusy
from impactinkoop.core.mapping import MappingError
from impactinkoop.core.tabular import Table, TableError

from ..forms import ContractMappingForm, ContractUploadForm
from ..importing import ImportOptions, check_options
from ..jobs import CONTRACT_IMPORTS
from ..models import ContractImport, is_ocds_name


def _imports(request):
    return scoped(request, ContractImport.objects.select_related("job"))


@organisation_view(Permission.IMPORT_CONTRACTS)
@require_http_methods(["GET", "POST"])
def import_start(request):
    form = ContractUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        if is_ocds_name(form.cleaned_data["file"].name):
            return _start_ocds(request, form.cleaned_data["file"])
        try:
            batch = lifecycle.create_from_upload(
                CONTRACT_IMPORTS,
                form.cleaned_data["file"],
                actor=request.user,
                sheet=form.cleaned_data["sheet"],
                file_organisation=request.organisation,
                organisation=request.organisation,
            )
        except TableError as error:
            form.add_error("file", str(error))
        else:
            return redirect(
                "contracts:import_mapping", org_slug=request.organisation.slug, pk=batch.pk
            )
    status = 400 if request.method == "POST" else 200
    recent = _imports(request).defer("preview", "summary")[:10]
    return render(
        request, "contracts/import_start.html", {"form": form, "recent": recent}, status=status
    )


def _start_ocds(request, upload):
    """An OCDS file has no columns to map: stored, then checked at once by the job, which
    reads it with the command's reader (a file that is not OCDS fails there, with the reason
    on the review page)."""
    batch = lifecycle.create(
        CONTRACT_IMPORTS,
        actor=request.user,
        data=upload.read(),
        name=upload.name,
        content_type=getattr(upload, "content_type", "") or "",
        preview=None,
        file_organisation=request.organisation,
        organisation=request.organisation,
    )
    job = lifecycle.start_check(CONTRACT_IMPORTS, batch, actor=request.user, mapping={})
    return redirect("portal:job", org_slug=request.organisation.slug, pk=job.pk)


def _stay(request, pk: int, error: ImportBusy):
    messages.error(request, str(error))
    return redirect("contracts:import_review", org_slug=request.organisation.slug, pk=pk)


@organisation_view(Permission.IMPORT_CONTRACTS)
@require_http_methods(["GET", "POST"])
def import_mapping(request, pk: int):
    batch = get_object_or_404(_imports(request), pk=pk)
    if batch.state not in EDITABLE or not batch.preview:
        return redirect("contracts:import_review", org_slug=request.organisation.slug, pk=pk)
    table = Table.from_json(batch.preview)
    initial = ContractMappingForm.initial_for(batch.mapping, table.columns)
    initial["allow_rejected"] = batch.allow_rejected
    form = ContractMappingForm(request.POST or None, columns=table.columns, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            check_options(ImportOptions(request.organisation, form.mapping()), table)
        except MappingError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            try:
                job = lifecycle.start_check(
                    CONTRACT_IMPORTS,
                    batch,
                    actor=request.user,
                    mapping=form.mapping(),
                    allow_rejected=form.cleaned_data["allow_rejected"],
                )
            except ImportBusy as error:
                return _stay(request, pk, error)
            return redirect("portal:job", org_slug=request.organisation.slug, pk=job.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "contracts/import_mapping.html",
        {"batch": batch, "form": form, "table": table},
        status=status,
    )


@organisation_view(Permission.IMPORT_CONTRACTS)
@require_GET
def import_review(request, pk: int):
    reap_expired_jobs(request.organisation)
    batch = get_object_or_404(_imports(request), pk=pk)
    if (
        batch.state in (ImportState.UPLOADED, ImportState.CHECKED)
        and batch.summary is None
        and not batch.is_ocds
    ):
        return redirect("contracts:import_mapping", org_slug=request.organisation.slug, pk=pk)
    return render(
        request, "contracts/import_review.html", {"batch": batch, "summary": batch.summary}
    )


@organisation_view(Permission.IMPORT_CONTRACTS)
@require_POST
def import_commit(request, pk: int):
    batch = get_object_or_404(_imports(request), pk=pk)
    if batch.state == ImportState.CHECKED and (batch.summary or {}).get("blocked"):
        messages.error(
            request, _("Rows were rejected: fix the file or choose to import the valid rows only.")
        )
        return redirect("contracts:import_mapping", org_slug=request.organisation.slug, pk=pk)
    try:
        job = lifecycle.start_commit(CONTRACT_IMPORTS, batch, actor=request.user)
    except ImportBusy as error:
        return _stay(request, pk, error)
    return redirect("portal:job", org_slug=request.organisation.slug, pk=job.pk)


@organisation_view(Permission.IMPORT_CONTRACTS)
@require_POST
def import_cancel(request, pk: int):
    batch = get_object_or_404(_imports(request), pk=pk)
    try:
        lifecycle.cancel(CONTRACT_IMPORTS, batch, actor=request.user)
    except ImportBusy as error:
        return _stay(request, pk, error)
    messages.success(request, _("The import was cancelled; nothing was changed."))
    return redirect("contracts:import_start", org_slug=request.organisation.slug)
