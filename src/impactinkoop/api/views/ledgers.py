"""Ledger imports through the API: push a ledger export, follow its import, list the imports.

A push goes through the one import lifecycle (`core.imports.lifecycle`), as the wizard's pages and
`impactinkoop import_ledger` do: the file and its mapping are checked in the request before
anything is stored; then the batch is created as the wizard's upload creates it, and one job of
the API's own, `api.ledger_push`, does in the worker what the person does in the wizard: check
every row (`lifecycle.check_here`, the states and audit entry of the check) and queue the import
(`spend.services.start_import`, the wizard's import button), which then runs as the wizard's
import job, with its follow-up (suppliers linked, figures computed). So a pushed file gives the
same batch, lines, figures and audit entries as the same file in the wizard."""

import hashlib

from django.db import transaction
from django.http import Http404
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from impactinkoop.accounts.roles import Permission
from impactinkoop.core.background import JobProgress, JobStopped, job_handler, start_job
from impactinkoop.core.imports import EDITABLE, ImportState, lifecycle
from impactinkoop.core.imports.lifecycle import ImportBusy
from impactinkoop.core.models import Job
from impactinkoop.spend.forms import CommitForm
from impactinkoop.spend.jobs import LEDGER_IMPORTS, refuse_same_file_on_its_way
from impactinkoop.spend.models import LedgerImport
from impactinkoop.spend.services import AFTER_IMPORT, start_import

from ..base import OrganisationAPIView, OrganisationListView, actor_of
from ..scopes import Scope
from ..serializers_ledgers import (
    FileRefused,
    LedgerImportDetail,
    LedgerImportRow,
    LedgerPush,
)

PUSH = "api.ledger_push"
PUSH_TITLE = gettext_noop("Check and import %(name)s")
# The jobs that work on one ledger import, in the order they run.
IMPORT_JOBS = (PUSH, "spend.check", "spend.import", AFTER_IMPORT)
# Room for the form's other fields and the multipart boundaries around the file.
FORM_OVERHEAD = 1_000_000

# -- the push's work in the worker -----------------------------------------------------------


def _failed(job: Job) -> dict | None:
    """A push that failed (a file the worker could not read whole, or a worker that stopped):
    the import is failed, so its mapping can be changed and checked again in the wizard; a
    push that had queued the import did its work."""
    ledger_import = LedgerImport.objects.filter(pk=job.params["ledger_import"]).first()
    if ledger_import is None:
        return None
    if ledger_import.state in (ImportState.QUEUED, ImportState.IMPORTING, ImportState.COMMITTED):
        return LEDGER_IMPORTS.counts(ledger_import.summary or {}) if ledger_import.summary else {}
    lifecycle.move(
        LedgerImport.objects.all(),
        ledger_import.pk,
        [ImportState.UPLOADED, ImportState.CHECKING],
        ImportState.FAILED,
    )
    return None


@job_handler(PUSH, permission=Permission.IMPORT_SPEND, on_failure=_failed)
def push_ledger(job: Job, progress: JobProgress) -> dict:
    """Check every row, then queue the import in the currency given (or the file's), as the
    wizard's person does; a check the import cannot follow ends the job with the reason and
    leaves the checked file for the wizard."""
    ledger_import = LedgerImport.objects.filter(pk=job.params["ledger_import"]).first()
    if ledger_import is None or ledger_import.state not in EDITABLE or not ledger_import.file_id:
        raise JobStopped(_("The import was changed, cancelled or deleted before it was checked."))
    # The token's person, or the token's name for an organisation token (kept in the job).
    actor = job.created_by or job.params.get("actor") or "system"
    try:
        ledger = LEDGER_IMPORTS.read(ledger_import)
        summary = lifecycle.check_here(
            LEDGER_IMPORTS, ledger_import, ledger, actor=actor, progress=progress
        )
    except ImportBusy as error:
        raise JobStopped(str(error)) from error
    del ledger  # a year's export is large; the import job reads the file again
    # The check page's question, answered by the push: the currency, and a rate for another.
    choice = CommitForm(
        {
            "currency": job.params.get("currency") or "",
            "exchange_rate": job.params.get("exchange_rate") or "",
        },
        summary=summary,
    )
    if not choice.is_valid():
        raise JobStopped(
            " ".join(message for errors in choice.errors.values() for message in errors)
        )
    try:
        start_import(
            actor=actor,
            ledger_import=ledger_import,
            currency=choice.cleaned_data["currency"],
            exchange_rate=choice.cleaned_data["exchange_rate"],
        )
    except ImportBusy as error:
        raise JobStopped(str(error)) from error
    progress.finish(
        LEDGER_IMPORTS.check_sentence(summary) + " " + _("The import of the new lines is queued.")
    )
    return LEDGER_IMPORTS.counts(summary)


# -- the push in the request ----------------------------------------------------------------


def refuse_same_file(organisation, file_sha256: str) -> None:
    """As the wizard refuses to import a file that is imported or on its way, and a push of the
    same file that is waiting for its check or being checked (it is on its way too)."""
    refuse_same_file_on_its_way(organisation, file_sha256)
    pushing = Job.objects.filter(
        organisation=organisation, kind=PUSH, state__in=[Job.State.QUEUED, Job.State.RUNNING]
    ).values_list("params__ledger_import", flat=True)
    if LedgerImport.objects.filter(
        organisation=organisation,
        file_sha256=file_sha256,
        pk__in=list(pushing),
        state__in=[ImportState.UPLOADED, ImportState.CHECKING, ImportState.CHECKED],
    ).exists():
        raise ImportBusy(_("This file is already being imported."))


def push(*, organisation, actor, pushed: dict) -> tuple[LedgerImport, Job]:
    """Store the file as the wizard's upload does and start its push job."""
    upload, data = pushed["upload"], pushed["data"]
    with transaction.atomic():
        refuse_same_file(organisation, hashlib.sha256(data).hexdigest())
        ledger_import = lifecycle.create(
            LEDGER_IMPORTS,
            actor=actor,
            data=data,
            name=upload.name,
            content_type=(getattr(upload, "content_type", "") or "")[:100],  # as stored
            preview=pushed["preview"],
            file_organisation=organisation,
            organisation=organisation,
            mapping=pushed["mapping"],
            options=pushed["options"],
        )
        rate = pushed["exchange_rate"]
        job = start_job(
            organisation=organisation,
            kind=PUSH,
            actor=actor,
            title=_(PUSH_TITLE) % {"name": ledger_import.file_name},
            params={
                "ledger_import": ledger_import.pk,
                "currency": pushed["currency"],
                "exchange_rate": str(rate) if rate is not None else "",
                **({} if getattr(actor, "is_authenticated", False) else {"actor": str(actor)}),
            },
            next_url=LEDGER_IMPORTS.detail_url(ledger_import),
        )
    return ledger_import, job


# -- the endpoints -----------------------------------------------------------------------------


def refuse_oversized_body(request) -> None:
    """A body far over the ledger's limit is refused before it is read and spooled to disk (the
    file's own check follows once it is read)."""
    limit = LEDGER_IMPORTS.get_limits().max_bytes
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return
    if length > limit + FORM_OVERHEAD:
        raise FileRefused(
            status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
            _("The upload is %(size)s MB; the limit is %(limit)s MB.")
            % {"size": f"{length / 1_000_000:.1f}", "limit": f"{limit / 1_000_000:.0f}"},
        )


def _imports(request):
    # As the wizard's list: a deleted import is gone from the pages, its row kept for the log.
    return LedgerImport.objects.filter(organisation=request.organisation).exclude(
        state=ImportState.DELETED
    )


class LedgerImportsView(OrganisationListView):
    permission = Permission.IMPORT_SPEND
    scope = Scope.IMPORT_LEDGERS
    serializer_class = LedgerImportRow
    parser_classes = [MultiPartParser]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema's look at the view
            return LedgerImport.objects.none()
        return _imports(self.request).defer("preview").order_by("-created_at", "-pk")

    @extend_schema(
        operation_id="ledger_imports_list",
        description="The organisation's ledger imports, newest first: file, state, when it was "
        "uploaded and imported, the lines written and their total (a decimal string in the "
        "import's currency), what the check found, and how many lines had a problem.",
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        operation_id="ledger_import_push",
        request={"multipart/form-data": LedgerPush},
        responses={
            202: OpenApiResponse(LedgerImportDetail, description="Stored; its job is queued"),
        },
        description="Upload a ledger export (CSV or spreadsheet) to import it, as the import "
        "wizard and `impactinkoop import_ledger` do. The file and the mapping are checked "
        "before anything is stored (400 names the field; 413 a file over the limit; 415 a file "
        "that is no table; 409 a file that is already imported or on its way). Then a job "
        "checks every line and queues the import, which links the suppliers and computes the "
        "figures afterwards: follow it at the import's `url` until `state` is `committed` "
        "(or `failed`, or its `job` ends with a message). Lines with a problem are left out "
        "and listed with their line and column.",
    )
    def post(self, request, org_slug: str):
        refuse_oversized_body(request)
        pushed = LedgerPush(data=request.data, context={"organisation": request.organisation})
        pushed.is_valid(raise_exception=True)
        try:
            ledger_import, _job = push(
                organisation=request.organisation,
                actor=actor_of(request.api_token),
                pushed=pushed.validated_data,
            )
        except ImportBusy as error:
            raise FileRefused(status.HTTP_409_CONFLICT, str(error)) from error
        body = _detail(request, ledger_import)
        return Response(body, status=status.HTTP_202_ACCEPTED, headers={"Location": body["url"]})


class LedgerImportView(OrganisationAPIView):
    permission = Permission.IMPORT_SPEND
    scope = Scope.IMPORT_LEDGERS

    @extend_schema(
        operation_id="ledger_import_detail",
        responses={200: LedgerImportDetail},
        description="One ledger import: its state, what the check found or the import wrote, "
        "its problems with the line and column in the file, and the progress of the jobs "
        "that work on it (the push's check, the import, the suppliers' linking).",
    )
    def get(self, request, org_slug: str, pk: int):
        ledger_import = _imports(request).filter(pk=pk).first()
        if ledger_import is None:
            raise Http404
        return Response(_detail(request, ledger_import))


def _detail(request, ledger_import: LedgerImport) -> dict:
    jobs = Job.objects.filter(
        organisation=request.organisation,
        kind__in=IMPORT_JOBS,
        params__ledger_import=ledger_import.pk,
    ).order_by("created_at", "pk")
    return LedgerImportDetail(
        ledger_import, context={"request": request, "jobs": list(jobs.defer("output", "log"))}
    ).data


urlpatterns = [
    path("ledger-imports/", LedgerImportsView.as_view(), name="ledger_imports"),
    path("ledger-imports/<int:pk>/", LedgerImportView.as_view(), name="ledger_import"),
]
