"""The contract-register import wizard: the shared wizard (`core.imports.wizard`), plus the
contracts' own turns: an OCDS file needs no mapping, and a check with rejected rows may import
the valid rows only."""

from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from impactinkoop.accounts.roles import Permission
from impactinkoop.accounts.tenancy import organisation_view
from impactinkoop.core.imports import lifecycle
from impactinkoop.core.imports.wizard import ImportWizard

from ..forms import ContractMappingForm, ContractUploadForm
from ..importing import ImportOptions, check_options
from ..jobs import CONTRACT_IMPORTS
from ..models import ContractImport, is_ocds_name


def _start_ocds(request, upload):
    """An OCDS file has no columns to map: stored, then checked at once by the job, which
    reads it with the command's reader (a file that is not OCDS fails there, with the reason
    on the review page)."""
    if not is_ocds_name(upload.name):
        return None
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


def _initial(batch, initial):
    initial["allow_rejected"] = batch.allow_rejected
    return initial


WIZARD = ImportWizard(
    kind=CONTRACT_IMPORTS,
    model=ContractImport,
    guard=organisation_view(Permission.IMPORT_CONTRACTS),
    namespace="contracts",
    templates="contracts",
    upload_form=ContractUploadForm,
    mapping_form=ContractMappingForm,
    check_mapping=lambda request, mapping, table: check_options(
        ImportOptions(request.organisation, mapping), table
    ),
    check_options=lambda form: {"allow_rejected": form.cleaned_data["allow_rejected"]},
    mapping_initial=_initial,
    upload_shortcut=_start_ocds,
    maps_columns=lambda batch: not batch.is_ocds,
    blocked_step="import_mapping",
    blocked_message=_("Rows were rejected: fix the file or choose to import the valid rows only."),
)
_views = WIZARD.views()
import_start = _views["import_start"]
import_mapping = _views["import_mapping"]
import_review = _views["import_review"]
import_commit = _views["import_commit"]
import_cancel = _views["import_cancel"]
