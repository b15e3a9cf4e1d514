"""Job handler of the register: committing a checked import."""

from django.utils import timezone

from impactinkoop.accounts.roles import Permission
from impactinkoop.core.background import JobProgress, job_handler
from impactinkoop.core.models import Job

from .models import RegisterImport
from .wizard import options_for, table_for

REGISTER_IMPORT = "register.import"


@job_handler(REGISTER_IMPORT, permission=Permission.IMPORT_REGISTER)
def commit_register_import(job: Job, progress: JobProgress) -> dict:
    from .importing import run_register_import

    register_import = RegisterImport.objects.select_related("file").get(
        pk=job.params["register_import"]
    )
    table = table_for(register_import)
    progress.update(0, len(table.rows))
    result = run_register_import(
        table,
        options_for(register_import),
        actor=job.created_by or "system",
        dry_run=False,
        register_import=register_import,
    )
    progress.update(len(table.rows), len(table.rows))
    summary = result.as_dict()
    register_import.summary = summary
    if result.committed:
        register_import.state = RegisterImport.State.COMMITTED
        register_import.committed_at = timezone.now()
    register_import.save(update_fields=["summary", "state", "committed_at"])
    if result.blocked:
        raise ValueError(f"{result.rejected} rows rejected: nothing was imported")
    return {
        key: summary[key]
        for key in ("rows", "new", "updated", "unchanged", "duplicates", "rejected", "ended")
    }
