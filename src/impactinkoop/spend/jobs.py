"""Job handlers of spend: checking every row of an upload, importing it, and the work that
follows an import (linking its suppliers to the register, refreshing planner statistics).

The import's own state moves with conditional updates (`core.imports.move`), so a job only works
on an import that is in the state it expects; a deleted or cancelled import stops its job."""

import logging

from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

from impactinkoop.accounts.roles import Permission
from impactinkoop.core.background import JobProgress, JobStopped, job_handler, start_job
from impactinkoop.core.imports import ImportState, move
from impactinkoop.core.models import Job
from impactinkoop.core.tabular import Limits

from .changes import lines_changed
from .frame import read_ledger
from .importing import LedgerOptions, run_ledger_import
from .line_exports import LINES_EXPORT, export_lines
from .models import LedgerImport
from .services import AFTER_IMPORT, CHECK, IMPORT, MATCH

logger = logging.getLogger(__name__)


def _ledger(ledger_import: LedgerImport):
    return read_ledger(
        bytes(ledger_import.file.data),
        ledger_import.file_name,
        ledger_import.sheet or None,
        Limits.for_import("ledger"),
    )


def _run(job: Job, progress: JobProgress, ledger_import: LedgerImport, *, dry_run: bool):
    progress.update(0, 100)
    if ledger_import.file is None:
        raise JobStopped(_("The file of this import was deleted."))
    # The check finds the currency; the import uses the one the person confirmed.
    options = LedgerOptions(
        mapping=ledger_import.mapping,
        **ledger_import.options,
        currency="" if dry_run else ledger_import.currency,
        exchange_rate=None if dry_run else ledger_import.exchange_rate,
    )
    return run_ledger_import(
        _ledger(ledger_import),
        options,
        organisation=ledger_import.organisation,
        actor=job.created_by or "system",
        dry_run=dry_run,
        ledger_import=ledger_import,
        progress=progress,
    )


def _import_of(job: Job) -> LedgerImport:
    return LedgerImport.objects.select_related("organisation", "file").get(
        pk=job.params["ledger_import"]
    )


def _counts(summary: dict) -> dict:
    return {key: summary[key] for key in ("rows", "imported", "duplicates", "rejected", "total")}


# -- check ---------------------------------------------------------------------------------------


def _check_failed(job: Job) -> None:
    move(
        LedgerImport.objects.filter(job=job),
        job.params["ledger_import"],
        [ImportState.CHECKING],
        ImportState.FAILED,
    )


def _retry_check(job: Job, again: Job) -> bool:
    return move(
        LedgerImport.objects.filter(job=job),
        job.params["ledger_import"],
        [ImportState.FAILED],
        ImportState.CHECKING,
        job=again,
        summary=None,
    )


@job_handler(
    CHECK, permission=Permission.IMPORT_SPEND, on_failure=_check_failed, before_retry=_retry_check
)
def check_ledger(job: Job, progress: JobProgress) -> dict:
    ledger_import = _import_of(job)
    if ledger_import.state != ImportState.CHECKING or ledger_import.job_id != job.pk:
        raise JobStopped(_("The import was changed or deleted before it was checked."))
    result = _run(job, progress, ledger_import, dry_run=True)
    summary = result.as_dict()
    checked = move(
        LedgerImport.objects.filter(job=job),
        ledger_import.pk,
        [ImportState.CHECKING],
        ImportState.CHECKED,
        summary=summary,
    )
    if not checked:
        raise JobStopped(_("The import was changed or deleted while it was checked."))
    progress.finish(
        _(
            "%(rows)d lines checked: %(new)d can be imported, %(duplicates)d were imported "
            "before, %(rejected)d have errors."
        )
        % {
            "rows": summary["rows"],
            "new": summary["imported"],
            "duplicates": summary["duplicates"],
            "rejected": summary["rejected"],
        }
    )
    return _counts(summary)


# -- import --------------------------------------------------------------------------------------


def _import_failed(job: Job) -> dict | None:
    """A failed import job wrote nothing (one transaction), so the import can be tried again,
    unless its lines were committed before the worker stopped: then the import is done, and
    only the follow-up work may be missing."""
    ledger_import = LedgerImport.objects.filter(pk=job.params["ledger_import"]).first()
    if ledger_import is None:
        return None
    if ledger_import.state == ImportState.COMMITTED and ledger_import.job_id == job.pk:
        try:
            start_follow_up(ledger_import, actor=job.created_by)
        except DatabaseError:
            # The import stands; the suppliers page links them with one button.
            logger.exception("Could not queue the follow-up of import %s", ledger_import.pk)
        return _counts(ledger_import.summary)
    move(
        LedgerImport.objects.filter(job=job),
        ledger_import.pk,
        [ImportState.QUEUED, ImportState.IMPORTING],
        ImportState.FAILED,
    )
    return None


def _retry_import(job: Job, again: Job) -> bool:
    return move(
        LedgerImport.objects.filter(job=job),
        job.params["ledger_import"],
        [ImportState.FAILED],
        ImportState.QUEUED,
        job=again,
    )


@job_handler(
    IMPORT,
    permission=Permission.IMPORT_SPEND,
    on_failure=_import_failed,
    before_retry=_retry_import,
)
def import_ledger(job: Job, progress: JobProgress) -> dict:
    """Import, then queue the follow-up work as a job of its own, so that a problem there (a
    busy database, the matching) never reports a committed import as failed."""
    started = move(
        LedgerImport.objects.filter(job=job),
        job.params["ledger_import"],
        [ImportState.QUEUED],
        ImportState.IMPORTING,
    )
    if not started:
        raise JobStopped(_("The import was cancelled or deleted before it started."))
    ledger_import = _import_of(job)
    result = _run(job, progress, ledger_import, dry_run=False)
    start_follow_up(ledger_import, actor=job.created_by)
    progress.finish(
        _(
            "%(new)d new lines imported, %(duplicates)d left out as imported before, "
            "%(rejected)d with errors. The suppliers are linked next."
        )
        % {
            "new": result.imported,
            "duplicates": result.duplicates,
            "rejected": result.rejected,
        }
    )
    return _counts(result.as_dict())


def start_follow_up(ledger_import: LedgerImport, *, actor) -> Job:
    with transaction.atomic():
        return start_job(
            organisation=ledger_import.organisation,
            kind=AFTER_IMPORT,
            actor=actor,
            title=_("Link the suppliers of %(name)s") % {"name": ledger_import.file_name},
            params={"ledger_import": ledger_import.pk},
        )


@job_handler(AFTER_IMPORT, permission=Permission.IMPORT_SPEND, auto_retries=3)
def after_import(job: Job, progress: JobProgress) -> dict:
    """Link the organisation's new suppliers (the baseline needs the links, the review queue
    the proposals), refresh the planner's statistics and compute the dashboard's figures for the
    data as it now is, so no page has to. Safe to run twice."""
    from .linking import link_after_import
    from .summary import refresh_statistics

    ledger_import = LedgerImport.objects.select_related("organisation").get(
        pk=job.params["ledger_import"]
    )
    if ledger_import.state != ImportState.COMMITTED:
        raise JobStopped(_("The import was deleted; its suppliers need no linking."))
    progress.update(0, 3, _("Linking suppliers to the register"))
    counts = link_after_import(ledger_import=ledger_import, actor=job.created_by or "system")
    progress.update(1, 3, _("Refreshing statistics"))
    refresh_statistics()
    progress.update(2, 3, _("Computing the baseline figures"))
    lines_changed(ledger_import.organisation)
    progress.finish(
        _("%(linked)d suppliers linked, %(review)d to review; figures up to date")
        % {"linked": counts["auto"], "review": counts["review"]}
    )
    return {"linked": counts["auto"], "to_review": counts["review"]}


@job_handler(MATCH, permission=Permission.IMPORT_SPEND)
def match_ledger_suppliers(job: Job, progress: JobProgress) -> dict:
    """Match the unlinked suppliers; the job's page says what changed: links made at once, new
    proposals, and what was left as it was."""
    from .linking import match_suppliers
    from .models import SupplierMatch

    progress.update(0, 1, _("Matching the unlinked suppliers to the register"))
    waiting = SupplierMatch.objects.filter(
        organisation=job.organisation, state=SupplierMatch.State.PROPOSED
    ).count()
    counts = match_suppliers(organisation=job.organisation, actor=job.created_by or "system")
    counts["waiting"] = waiting
    lines_changed(job.organisation)
    progress.finish(match_summary(counts))
    return counts


def match_summary(counts: dict) -> str:
    """What a matching run changed, as one sentence for its job page."""
    return _(
        "%(suppliers)d unlinked suppliers matched: %(auto)d linked automatically, "
        "%(review)d new proposals to review, %(none)d unchanged (no candidate). "
        "%(waiting)d proposals already waiting were left as they were."
    ) % {
        "suppliers": counts["suppliers"],
        "auto": counts["auto"],
        "review": counts["review"],
        "none": counts["none"],
        "waiting": counts.get("waiting", 0),
    }


@job_handler(LINES_EXPORT, permission=Permission.VIEW_SPEND)
def export_ledger_lines(job: Job, progress: JobProgress) -> dict:
    """Write a large download of the drill-down's ledger lines (`line_exports`)."""
    return export_lines(job, progress)
