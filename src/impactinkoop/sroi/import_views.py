"""The social-return import wizard: upload -> map columns -> check (a job) -> review -> commit
(a job), on the shared import lifecycle and the same ImportKind as `import_sroi`, so the
wizard and the command refuse the same files and rows."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from impactinkoop.accounts.roles import Permission
from impactinkoop.accounts.tenancy import organisation_view, scoped
from impactinkoop.core.background import reap_expired_jobs
from impactinkoop.core.imports import EDITABLE, ImportState, lifecycle
from impactinkoop.core.imports.forms import ColumnMappingForm, ImportUploadForm
from impactinkoop.core.imports.lifecycle import ImportBusy
from impactinkoop.core.mapping import MappingError
from impactinkoop.core.tabular import Table, TableError

from .importing import FIELDS, SROI_IMPORTS, check_sroi_mapping
from .models import SroiImport


class SroiUploadForm(ImportUploadForm):
    limits = "sroi"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].label = _("File")
        self.fields["file"].help_text = _("CSV or a spreadsheet (.xlsx, .xls, .ods).")


class SroiMappingForm(ColumnMappingForm):
    import_fields = FIELDS


def _imports(request):
    return scoped(request, SroiImport.objects.select_related("job"))


def _stay(request, pk: int, error: ImportBusy):
    messages.error(request, str(error))
    return redirect("sroi:import_review", org_slug=request.organisation.slug, pk=pk)


@organisation_view(Permission.VIEW_REALISATIONS)
@require_http_methods(["GET", "POST"])
def import_start(request):
    form = SroiUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            batch = lifecycle.create_from_upload(
                SROI_IMPORTS,
                form.cleaned_data["file"],
                actor=request.user,
                sheet=form.cleaned_data["sheet"],
                file_organisation=request.organisation,
                organisation=request.organisation,
            )
        except TableError as error:
            form.add_error("file", str(error))
        else:
            return redirect("sroi:import_mapping", org_slug=request.organisation.slug, pk=batch.pk)
    status = 400 if request.method == "POST" else 200
    recent = _imports(request).defer("preview", "summary")[:10]
    return render(
        request, "sroi/import_start.html", {"form": form, "recent": recent}, status=status
    )


@organisation_view(Permission.VIEW_REALISATIONS)
@require_http_methods(["GET", "POST"])
def import_mapping(request, pk: int):
    batch = get_object_or_404(_imports(request), pk=pk)
    if batch.state not in EDITABLE or not batch.preview:
        return redirect("sroi:import_review", org_slug=request.organisation.slug, pk=pk)
    table = Table.from_json(batch.preview)
    initial = SroiMappingForm.initial_for(batch.mapping, table.columns)
    form = SroiMappingForm(request.POST or None, columns=table.columns, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            check_sroi_mapping(form.mapping(), table.columns)
        except MappingError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            try:
                job = lifecycle.start_check(
                    SROI_IMPORTS, batch, actor=request.user, mapping=form.mapping()
                )
            except ImportBusy as error:
                return _stay(request, pk, error)
            return redirect("portal:job", org_slug=request.organisation.slug, pk=job.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "sroi/import_mapping.html",
        {"batch": batch, "form": form, "table": table},
        status=status,
    )


@organisation_view(Permission.VIEW_REALISATIONS)
@require_GET
def import_review(request, pk: int):
    reap_expired_jobs(request.organisation)
    batch = get_object_or_404(_imports(request), pk=pk)
    if batch.state in (ImportState.UPLOADED, ImportState.CHECKED) and batch.summary is None:
        return redirect("sroi:import_mapping", org_slug=request.organisation.slug, pk=pk)
    return render(request, "sroi/import_review.html", {"batch": batch, "summary": batch.summary})


@organisation_view(Permission.VIEW_REALISATIONS)
@require_POST
def import_commit(request, pk: int):
    batch = get_object_or_404(_imports(request), pk=pk)
    if batch.state == ImportState.CHECKED and (batch.summary or {}).get("blocked"):
        # One rejected row and nothing is written (as with import_sroi): fix the file first.
        messages.error(request, _("Rows were rejected: fix the file and upload it again."))
        return redirect("sroi:import_review", org_slug=request.organisation.slug, pk=pk)
    try:
        job = lifecycle.start_commit(SROI_IMPORTS, batch, actor=request.user)
    except ImportBusy as error:
        return _stay(request, pk, error)
    return redirect("portal:job", org_slug=request.organisation.slug, pk=job.pk)


@organisation_view(Permission.VIEW_REALISATIONS)
@require_POST
def import_cancel(request, pk: int):
    batch = get_object_or_404(_imports(request), pk=pk)
    try:
        lifecycle.cancel(SROI_IMPORTS, batch, actor=request.user)
    except ImportBusy as error:
        return _stay(request, pk, error)
    messages.success(request, _("The import was cancelled; nothing was changed."))
    return redirect("sroi:import_start", org_slug=request.organisation.slug)
