"""Job handlers of spend: the ledger import on the one import lifecycle (`core.imports.lifecycle`
runs its check and commit as the jobs `spend.check` and `spend.import`), the work that follows
an import (linking its suppliers to the register, refreshing planner statistics), matching and
large downloads."""

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from impactinkoop.accounts.roles import Permission
from impactinkoop.core.background import JobProgress, JobStopped, job_handler, start_job
from impactinkoop.core.imports import ImportState
from impactinkoop.core.imports.lifecycle import ImportBusy, ImportKind, register
from impactinkoop.core.imports.reader import read_frame
from impactinkoop.core.models import Job

from .baseline.line_exports import LINES_EXPORT, export_lines
from .changes import lines_changed
from .imports.columns import FIELDS
from .imports.importing import LedgerOptions, run_ledger_import
from .models import LedgerImport, LedgerLine, MonthlySpend
from .services import AFTER_IMPORT, MATCH


class LedgerImportKind(ImportKind):
    """The ledger import on the one import lifecycle: its checks and writes are
    `imports.importing.run_ledger_import`, on a polars frame of the whole file."""

    prefix = "spend"
    limits = "ledger"
    model = LedgerImport
    fields = FIELDS
    permission = Permission.IMPORT_SPEND
    param = "ledger_import"
    lock_purpose = "ledger-import"
    check_title = gettext_noop("Check %(name)s")
    commit_title = gettext_noop("Import %(name)s")
    follow_up_jobs = (AFTER_IMPORT,)

    def read(self, batch):
        return read_frame(
            bytes(batch.file.data), batch.file_name, batch.sheet or None, self.get_limits()
        )

    def file_name(self, batch) -> str:
        return batch.file_name

    def file_fields(self, stored) -> dict:
        return {"file_name": stored.name, "file_sha256": stored.sha256, "file_size": stored.size}

    def detail_url(self, batch) -> str:
        return reverse("spend:import", kwargs={"org_slug": batch.organisation.slug, "pk": batch.pk})

    def _run(self, batch, ledger, actor, progress, *, dry_run: bool):
        progress.update(0, 100)
        # The check finds the currency; the import uses the one the person confirmed (or the
        # command was given: empty detects it).
        options = LedgerOptions(
            mapping=batch.mapping,
            **batch.options,
            currency="" if dry_run else batch.currency,
            exchange_rate=None if dry_run else batch.exchange_rate,
        )
        return run_ledger_import(
            ledger,
            options,
            organisation=batch.organisation,
            actor=actor,
            dry_run=dry_run,
            ledger_import=batch,
            progress=progress,
        )

    def check(self, batch, data, *, actor, progress) -> dict:
        return self._run(batch, data, actor, progress, dry_run=True).as_dict()

    def commit(self, batch, data, *, actor, progress) -> dict:
        return self._run(batch, data, actor, progress, dry_run=False).as_dict() | {
            "committed": True
        }

    def counts(self, summary: dict) -> dict:
        return {
            key: summary[key] for key in ("rows", "imported", "duplicates", "rejected", "total")
        }

    def check_sentence(self, summary: dict) -> str:
        return _(
            "%(rows)d lines checked: %(new)d can be imported, %(duplicates)d were imported "
            "before, %(rejected)d have errors."
        ) % {
            "rows": summary["rows"],
            "new": summary["imported"],
            "duplicates": summary["duplicates"],
            "rejected": summary["rejected"],
        }

    def commit_sentence(self, summary: dict) -> str:
        return _(
            "%(new)d new lines imported, %(duplicates)d left out as imported before, "
            "%(rejected)d with errors. The suppliers are linked next."
        ) % {
            "new": summary["imported"],
            "duplicates": summary["duplicates"],
            "rejected": summary["rejected"],
        }

    def refuse_commit(self, batch) -> None:
        refuse_same_file_on_its_way(batch.organisation, batch.file_sha256, exclude_pk=batch.pk)

    def after_commit(self, batch, *, actor) -> None:
        start_follow_up(batch, actor=actor)

    def remove(self, batch) -> dict:
        lines = LedgerLine.objects.filter(ledger_import=batch)
        count = lines.count()
        lines._raw_delete(lines.db)  # one DELETE statement: no per-row collection
        monthly = MonthlySpend.objects.filter(ledger_import=batch)
        monthly._raw_delete(monthly.db)
        LedgerImport.objects.filter(pk=batch.pk).update(rows_imported=0, total_cents=0)
        return {"file": batch.file_name, "lines": count, "total_cents": batch.total_cents}


LEDGER_IMPORTS = register(LedgerImportKind())


def refuse_same_file_on_its_way(organisation, file_sha256: str, exclude_pk=None) -> None:
    """The same file in another import that is queued, importing or committed: refused, so a
    file is never imported twice at once (its lines would count twice)."""
    other = (
        LedgerImport.objects.filter(
            organisation=organisation,
            file_sha256=file_sha256,
            state__in=[ImportState.QUEUED, ImportState.IMPORTING, ImportState.COMMITTED],
        )
        .exclude(pk=exclude_pk)
        .first()
    )
    if other is not None:
        raise ImportBusy(
            _("This file is already imported.")
            if other.state == ImportState.COMMITTED
            else _("This file is already being imported.")
        )


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
    from .imports.summary import refresh_statistics
    from .linking.links import link_after_import

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
        + recheck_sentence(counts)
    )
    return {"linked": counts["auto"], "to_review": counts["review"]}


@job_handler(MATCH, permission=Permission.IMPORT_SPEND)
def match_ledger_suppliers(job: Job, progress: JobProgress) -> dict:
    """Match the unlinked suppliers; the job's page says what changed: links made at once, new
    proposals, and what was left as it was."""
    from .linking.links import match_suppliers
    from .linking.review import proposals

    progress.update(0, 1, _("Matching the unlinked suppliers to the register"))
    waiting = proposals(job.organisation).count()
    counts = match_suppliers(organisation=job.organisation, actor=job.created_by or "system")
    counts["waiting"] = waiting
    lines_changed(job.organisation)
    progress.finish(match_summary(counts))
    return counts


def match_summary(counts: dict) -> str:
    """What a matching run changed, as one sentence for its job page (and one more when it
    checked automatic links of an earlier engine again)."""
    summary = _(
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
    return summary + recheck_sentence(counts)


def recheck_sentence(counts: dict) -> str:
    """What a matching run did with the automatic links of an earlier engine, after a space;
    nothing when there were none."""
    if not counts.get("rechecked"):
        return ""
    return " " + _(
        "%(rechecked)d automatic links of an earlier matching engine checked again: "
        "%(questioned)d asked again in the review queue (the link holds until someone "
        "decides), the others confirmed."
    ) % {"rechecked": counts["rechecked"], "questioned": counts.get("questioned", 0)}


@job_handler(LINES_EXPORT, permission=Permission.VIEW_SPEND)
def export_ledger_lines(job: Job, progress: JobProgress) -> dict:
    """Write a large download of the drill-down's ledger lines (`line_exports`)."""
    return export_lines(job, progress)
