"""Writes around ledger imports: upload, mapping, the check and import jobs, deletion."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from impactinkoop.core.audit import log_action
from impactinkoop.core.background import start_job
from impactinkoop.core.imports import CANCELLABLE, DELETABLE, EDITABLE, ImportState, move
from impactinkoop.core.locks import lock_organisation
from impactinkoop.core.mapping import guess_mapping
from impactinkoop.core.models import Job, StoredFile
from impactinkoop.core.tabular import Table

from .changes import refresh_later
from .columns import FIELDS
from .currency import EURO
from .models import Baseline, LedgerImport, LedgerLine, LedgerMapping, MonthlySpend
from .summary import rebuild_summary

CHECK = "spend.check"
IMPORT = "spend.import"
AFTER_IMPORT = "spend.after_import"
MATCH = "spend.match"


class ImportBusy(Exception):
    """The import is not in a state that allows this (another click or process got there
    first); the message says what it is doing."""


def create_import(
    *,
    actor,
    organisation,
    data: bytes,
    name: str,
    content_type: str,
    preview: Table,
    options: dict,
) -> LedgerImport:
    with transaction.atomic():
        stored = StoredFile.from_bytes(
            data, name=name, content_type=content_type, organisation=organisation, uploaded_by=actor
        )
        return LedgerImport.objects.create(
            organisation=organisation,
            file=stored,
            file_name=name,
            file_sha256=stored.sha256,
            file_size=stored.size,
            sheet=preview.sheet,
            preview=preview.as_json(),
            mapping=guess_mapping(preview.columns, FIELDS),
            options=options,
            created_by=actor,
        )


def _detail_url(ledger_import: LedgerImport) -> str:
    return reverse(
        "spend:import", kwargs={"org_slug": ledger_import.organisation.slug, "pk": ledger_import.pk}
    )


def _busy(ledger_import: LedgerImport) -> ImportBusy:
    state = LedgerImport.objects.filter(pk=ledger_import.pk).values_list("state", flat=True).first()
    messages = {
        ImportState.CHECKING: _("This file is being checked; wait until the check is done."),
        ImportState.QUEUED: _("This file is already being imported."),
        ImportState.IMPORTING: _("This file is already being imported."),
        ImportState.COMMITTED: _("This file is already imported."),
        ImportState.CANCELLED: _("This import was cancelled; upload the file again."),
        ImportState.DELETED: _("This import was deleted."),
    }
    return ImportBusy(messages.get(state, _("This import cannot do that in its present state.")))


def start_check(
    *, actor, ledger_import: LedgerImport, mapping: dict, options: dict, save_as: str = ""
):
    """Store the mapping (and save it by name) and check every row in the background."""
    with transaction.atomic():
        job = start_job(
            organisation=ledger_import.organisation,
            kind=CHECK,
            actor=actor,
            title=_("Check %(name)s") % {"name": ledger_import.file_name},
            params={"ledger_import": ledger_import.pk},
            next_url=_detail_url(ledger_import),
        )
        moved = move(
            LedgerImport.objects.all(),
            ledger_import.pk,
            EDITABLE,
            ImportState.CHECKING,
            mapping=mapping,
            options=options,
            summary=None,
            job=job,
        )
        if not moved:
            raise _busy(ledger_import)
        if save_as:
            LedgerMapping.objects.update_or_create(
                organisation=ledger_import.organisation,
                name=save_as,
                defaults={"mapping": mapping, "options": options},
            )
    return job


def _refuse_same_file_on_its_way(organisation, file_sha256: str, exclude_pk=None) -> None:
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


def start_command_import(*, organisation, **fields) -> LedgerImport:
    """The `import_ledger` command's import row, in the state a worker's import has while it
    runs, so that the wizard and other processes see the file is on its way."""
    with transaction.atomic():
        _refuse_same_file_on_its_way(organisation, fields["file_sha256"])
        return LedgerImport.objects.create(
            organisation=organisation, state=ImportState.IMPORTING, **fields
        )


def fail_command_import(ledger_import: LedgerImport) -> None:
    move(LedgerImport.objects.all(), ledger_import.pk, [ImportState.IMPORTING], ImportState.FAILED)


def start_import(*, actor, ledger_import: LedgerImport, currency: str = EURO, exchange_rate=None):
    """Queue the import of a checked file in the currency the person confirmed (with the rate
    to count it at, if known), once: a second click, a second process or the same file in
    another import that is on its way gets a clear "already being imported"."""
    with transaction.atomic():
        _refuse_same_file_on_its_way(
            ledger_import.organisation, ledger_import.file_sha256, exclude_pk=ledger_import.pk
        )
        job = start_job(
            organisation=ledger_import.organisation,
            kind=IMPORT,
            actor=actor,
            title=_("Import %(name)s") % {"name": ledger_import.file_name},
            params={"ledger_import": ledger_import.pk},
            next_url=_detail_url(ledger_import),
        )
        if not move(
            LedgerImport.objects.all(),
            ledger_import.pk,
            [ImportState.CHECKED],
            ImportState.QUEUED,
            job=job,
            currency=currency,
            exchange_rate=exchange_rate,
        ):
            raise _busy(ledger_import)
        log_action(
            "spend.import_queued",
            actor=actor,
            organisation=ledger_import.organisation,
            obj=ledger_import,
            after={"currency": currency, "exchange_rate": exchange_rate},
        )
    return job


def set_exchange_rate(*, actor, ledger_import: LedgerImport, rate) -> None:
    """Enter (or correct) the rate an import in another currency counts at: its monthly
    summary is summed again in euros, so the baseline counts it from now on (the data version
    moves, so kept figures are computed again; frozen baselines keep theirs)."""
    with transaction.atomic():
        lock_organisation(ledger_import.organisation_id, "ledger-import")
        current = LedgerImport.objects.select_for_update().get(pk=ledger_import.pk)
        if current.state != ImportState.COMMITTED or current.currency == EURO:
            raise ImportBusy(
                _("Only an imported file in another currency than the euro takes a rate.")
            )
        before = current.exchange_rate
        current.exchange_rate, current.rate_set_at = rate, timezone.now()
        current.save(update_fields=["exchange_rate", "rate_set_at"])
        rebuild_summary(current)
        refresh_later(current.organisation, actor=actor)
        log_action(
            "spend.exchange_rate_set",
            actor=actor,
            organisation=current.organisation,
            obj=current,
            before={"exchange_rate": before},
            after={"currency": current.currency, "exchange_rate": rate},
        )


def cancel_import(*, actor, ledger_import: LedgerImport) -> None:
    with transaction.atomic():
        if not move(
            LedgerImport.objects.all(), ledger_import.pk, CANCELLABLE, ImportState.CANCELLED
        ):
            raise _busy(ledger_import)
        _stop_jobs(ledger_import)


def _stop_jobs(ledger_import: LedgerImport) -> None:
    """The import's waiting jobs end with it, so no page lists them as running."""
    Job.objects.filter(
        organisation=ledger_import.organisation,
        kind__in=[CHECK, IMPORT, AFTER_IMPORT],
        state=Job.State.QUEUED,
        params__ledger_import=ledger_import.pk,
    ).update(state=Job.State.CANCELLED, finished_at=timezone.now())


def delete_import(*, actor, ledger_import: LedgerImport) -> int:
    """Delete an import's lines and file; the row stays, marked deleted, so jobs and the audit
    log still point at something. The suppliers stay (other imports may use them)."""
    with transaction.atomic():
        lock_organisation(ledger_import.organisation_id, "ledger-import")
        if not move(LedgerImport.objects.all(), ledger_import.pk, DELETABLE, ImportState.DELETED):
            raise _busy(ledger_import)
        lines = LedgerLine.objects.filter(ledger_import=ledger_import)
        count = lines.count()
        lines._raw_delete(lines.db)  # one DELETE statement: no per-row collection
        monthly = MonthlySpend.objects.filter(ledger_import=ledger_import)
        monthly._raw_delete(monthly.db)
        log_action(
            "spend.import_deleted",
            actor=actor,
            organisation=ledger_import.organisation,
            obj=ledger_import,
            before={
                "file": ledger_import.file_name,
                "lines": count,
                "total_cents": ledger_import.total_cents,
            },
        )
        stored = ledger_import.file
        LedgerImport.objects.filter(pk=ledger_import.pk).update(
            file=None, preview=None, rows_imported=0, total_cents=0
        )
        if stored is not None:
            stored.delete()
        _stop_jobs(ledger_import)
        refresh_later(ledger_import.organisation, actor=actor)
    return count


def start_matching(*, actor, organisation):
    return start_job(
        organisation=organisation,
        kind=MATCH,
        actor=actor,
        title=_("Link suppliers to the register"),
        next_url=reverse("spend:matches", kwargs={"org_slug": organisation.slug}),
    )


def freeze_baseline(*, actor, organisation, period, name: str, official: bool) -> Baseline:
    """Store a period's figures as they are now; an official baseline replaces the previous
    official one (which stays, no longer official), so goals always compare against one."""
    from .baseline import as_json, data_version, figures_for

    with transaction.atomic():
        replaced = _clear_official(organisation) if official else []
        # Stored as JSON would give them back: amounts as "1234.56", dates as ISO text. The
        # drill-down's kept breakdowns are for the live pages, not part of the baseline.
        figures = as_json(figures_for(organisation, period))
        figures.pop("breakdowns", None)
        baseline = Baseline.objects.create(
            organisation=organisation,
            name=name,
            period_start=period.start,
            period_end=period.end,
            figures=figures,
            data_version=data_version(organisation),
            # A person, or nobody for "cli" and "demo".
            frozen_by=actor if getattr(actor, "is_authenticated", False) else None,
            is_official=official,
        )
        log_action(
            "spend.baseline_frozen",
            actor=actor,
            organisation=organisation,
            obj=baseline,
            after={
                "period": f"{period.start} – {period.end}",
                "official": official,
                "replaces": replaced,
                "partial": bool(baseline.figures.get("partial")),
                "total_spend": str(baseline.figures["total_spend"]),
                "social_spend": str(baseline.figures["social_spend"]),
                "data_version": baseline.data_version,
            },
        )
    return baseline


def make_official(*, actor, baseline: Baseline) -> None:
    with transaction.atomic():
        replaced = _clear_official(baseline.organisation)
        baseline.is_official = True
        baseline.save(update_fields=["is_official"])
        log_action(
            "spend.baseline_made_official",
            actor=actor,
            organisation=baseline.organisation,
            obj=baseline,
            after={"replaces": replaced},
        )


def _clear_official(organisation) -> list[str]:
    """Only one baseline is official: the one before keeps its figures, not the mark. Returns
    the names of the baselines that lost it (for the audit log)."""
    official = Baseline.objects.select_for_update().filter(
        organisation=organisation, is_official=True
    )
    names = list(official.values_list("name", flat=True))
    official.update(is_official=False)
    return names
