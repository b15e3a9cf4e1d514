"""Job handlers of the register: checking an import's every row, and committing it.

Both move the import's state with conditional updates (`core.imports.move`), so a job only works
on an import in the state it expects, and a cancelled import stops its job."""

from django.utils.translation import gettext as _

from impactinkoop.accounts.roles import Permission
from impactinkoop.core.background import JobProgress, JobStopped, job_handler
from impactinkoop.core.imports import ImportState, move
from impactinkoop.core.models import Job

from .models import RegisterImport
from .wizard import options_for, table_for

REGISTER_CHECK = "register.check"
REGISTER_IMPORT = "register.import"
COUNTS = ("rows", "new", "updated", "unchanged", "duplicates", "rejected", "ended")


def _imports(job: Job):
    return RegisterImport.objects.filter(job=job)


def _import_of(job: Job) -> RegisterImport:
    return RegisterImport.objects.select_related("file").get(pk=job.params["register_import"])


def _run(job: Job, progress: JobProgress, register_import: RegisterImport, *, dry_run: bool):
    from .importing import run_register_import

    table = table_for(register_import)
    progress.update(0, len(table.rows), _("Checking %(rows)d rows") % {"rows": len(table.rows)})
    result = run_register_import(
        table,
        options_for(register_import),
        actor=job.created_by or "system",
        dry_run=dry_run,
        register_import=register_import,
    )
    progress.update(len(table.rows), len(table.rows))
    return result


def _check_failed(job: Job) -> None:
    pk = job.params["register_import"]
    move(_imports(job), pk, [ImportState.CHECKING], ImportState.FAILED)


def _retry_check(job: Job, again: Job) -> bool:
    pk = job.params["register_import"]
    return move(_imports(job), pk, [ImportState.FAILED], ImportState.CHECKING, job=again)


@job_handler(
    REGISTER_CHECK,
    permission=Permission.IMPORT_REGISTER,
    on_failure=_check_failed,
    before_retry=_retry_check,
)
def check_register_import(job: Job, progress: JobProgress) -> dict:
    register_import = _import_of(job)
    if register_import.state != ImportState.CHECKING or register_import.job_id != job.pk:
        raise JobStopped(_("The import was changed or cancelled before it was checked."))
    summary = _run(job, progress, register_import, dry_run=True).as_dict()
    if not move(
        _imports(job),
        register_import.pk,
        [ImportState.CHECKING],
        ImportState.CHECKED,
        summary=summary,
    ):
        raise JobStopped(_("The import was changed or cancelled while it was checked."))
    progress.finish(
        _(
            "%(rows)d rows checked: %(new)d new, %(updated)d changed, %(unchanged)d unchanged, "
            "%(rejected)d with errors."
        )
        % {key: summary[key] for key in COUNTS}
    )
    return {key: summary[key] for key in COUNTS}


def _import_failed(job: Job) -> dict | None:
    register_import = RegisterImport.objects.filter(pk=job.params["register_import"]).first()
    if register_import is None:
        return None
    if register_import.state == ImportState.COMMITTED and register_import.job_id == job.pk:
        return {key: register_import.summary[key] for key in COUNTS}
    move(
        _imports(job),
        register_import.pk,
        [ImportState.QUEUED, ImportState.IMPORTING],
        ImportState.FAILED,
    )
    return None


def _retry_import(job: Job, again: Job) -> bool:
    pk = job.params["register_import"]
    return move(_imports(job), pk, [ImportState.FAILED], ImportState.QUEUED, job=again)


@job_handler(
    REGISTER_IMPORT,
    permission=Permission.IMPORT_REGISTER,
    on_failure=_import_failed,
    before_retry=_retry_import,
)
def commit_register_import(job: Job, progress: JobProgress) -> dict:
    pk = job.params["register_import"]
    if not move(_imports(job), pk, [ImportState.QUEUED], ImportState.IMPORTING):
        raise JobStopped(_("The import was cancelled before it started."))
    register_import = _import_of(job)
    result = _run(job, progress, register_import, dry_run=False)
    if result.blocked:
        raise ValueError(
            _("%(count)d rows were rejected: nothing was imported.") % {"count": result.rejected}
        )
    summary = result.as_dict()
    progress.finish(
        _(
            "%(rows)d rows imported: %(new)d new companies, %(updated)d changed, "
            "%(unchanged)d unchanged, %(ended)d qualifications ended."
        )
        % {key: summary[key] for key in COUNTS}
    )
    return {key: summary[key] for key in COUNTS}
