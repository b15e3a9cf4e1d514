"""Job handlers of spend: checking every row of an upload, and importing it."""

from impactinkoop.accounts.roles import Permission
from impactinkoop.core.background import JobProgress, job_handler
from impactinkoop.core.models import Job
from impactinkoop.core.tabular import TableError

from .frame import read_ledger
from .importing import LedgerOptions, run_ledger_import
from .line_exports import LINES_EXPORT, export_lines
from .models import LedgerImport
from .services import CHECK, IMPORT, MATCH


def _run(job: Job, progress: JobProgress, *, dry_run: bool) -> dict:
    ledger_import = LedgerImport.objects.select_related("organisation", "file").get(
        pk=job.params["ledger_import"]
    )
    progress.update(0, 100)
    try:
        ledger = read_ledger(
            bytes(ledger_import.file.data), ledger_import.file_name, ledger_import.sheet or None
        )
        options = LedgerOptions(mapping=ledger_import.mapping, **ledger_import.options)
        result = run_ledger_import(
            ledger,
            options,
            organisation=ledger_import.organisation,
            actor=job.created_by or "system",
            dry_run=dry_run,
            ledger_import=ledger_import,
            progress=progress,
        )
    except (TableError, ValueError) as error:
        LedgerImport.objects.filter(pk=ledger_import.pk).update(state=LedgerImport.State.FAILED)
        raise ValueError(str(error)) from error
    if dry_run:
        ledger_import.summary = result.as_dict()
        ledger_import.state = LedgerImport.State.CHECKED
        ledger_import.save(update_fields=["summary", "state"])
    summary = result.as_dict()
    return {key: summary[key] for key in ("rows", "imported", "duplicates", "rejected", "total")}


@job_handler(CHECK, permission=Permission.IMPORT_SPEND)
def check_ledger(job: Job, progress: JobProgress) -> dict:
    return _run(job, progress, dry_run=True)


@job_handler(IMPORT, permission=Permission.IMPORT_SPEND)
def import_ledger(job: Job, progress: JobProgress) -> dict:
    """Import, then link the new suppliers to the register at once: the baseline needs the
    links, and the review queue should show the new proposals without a second step."""
    from .linking import link_after_import

    result = _run(job, progress, dry_run=False)
    counts = link_after_import(
        ledger_import=LedgerImport.objects.select_related("organisation").get(
            pk=job.params["ledger_import"]
        ),
        actor=job.created_by or "system",
    )
    return {**result, "linked": counts["auto"], "to_review": counts["review"]}


@job_handler(MATCH, permission=Permission.IMPORT_SPEND)
def match_ledger_suppliers(job: Job, progress: JobProgress) -> dict:
    from .linking import match_suppliers

    progress.update(0, 1)
    counts = match_suppliers(organisation=job.organisation, actor=job.created_by or "system")
    progress.update(1, 1)
    return counts


@job_handler(LINES_EXPORT, permission=Permission.VIEW_SPEND)
def export_ledger_lines(job: Job, progress: JobProgress) -> dict:
    """Write a large download of the drill-down's ledger lines (`line_exports`)."""
    return export_lines(job, progress)
