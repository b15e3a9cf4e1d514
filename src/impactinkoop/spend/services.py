"""Writes around ledger imports: upload, mapping, the check and import jobs, deletion."""

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from impactinkoop.core.audit import log_action
from impactinkoop.core.background import start_job
from impactinkoop.core.models import StoredFile

from .models import Baseline, LedgerImport, LedgerLine, LedgerMapping, MonthlySpend

CHECK = "spend.check"
IMPORT = "spend.import"
MATCH = "spend.match"


def create_import(
    *,
    actor,
    organisation,
    data: bytes,
    name: str,
    content_type: str,
    sheet: str,
    mapping: dict,
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
            sheet=sheet,
            mapping=mapping,
            options=options,
            created_by=actor,
        )


def _detail_url(ledger_import: LedgerImport) -> str:
    return reverse(
        "spend:import", kwargs={"org_slug": ledger_import.organisation.slug, "pk": ledger_import.pk}
    )


def start_check(
    *, actor, ledger_import: LedgerImport, mapping: dict, options: dict, save_as: str = ""
):
    """Store the mapping (and save it by name) and check every row in the background."""
    with transaction.atomic():
        ledger_import.mapping = mapping
        ledger_import.options = options
        ledger_import.state = LedgerImport.State.CHECKING
        ledger_import.summary = None
        if save_as:
            LedgerMapping.objects.update_or_create(
                organisation=ledger_import.organisation,
                name=save_as,
                defaults={"mapping": mapping, "options": options},
            )
        job = start_job(
            organisation=ledger_import.organisation,
            kind=CHECK,
            actor=actor,
            title=_("Check %(name)s") % {"name": ledger_import.file_name},
            params={"ledger_import": ledger_import.pk},
            next_url=_detail_url(ledger_import),
        )
        ledger_import.job = job
        ledger_import.save()
    return job


def start_import(*, actor, ledger_import: LedgerImport):
    with transaction.atomic():
        ledger_import.state = LedgerImport.State.IMPORTING
        job = start_job(
            organisation=ledger_import.organisation,
            kind=IMPORT,
            actor=actor,
            title=_("Import %(name)s") % {"name": ledger_import.file_name},
            params={"ledger_import": ledger_import.pk},
            next_url=_detail_url(ledger_import),
        )
        ledger_import.job = job
        ledger_import.save(update_fields=["state", "job"])
    return job


def cancel_import(*, actor, ledger_import: LedgerImport) -> None:
    ledger_import.state = LedgerImport.State.CANCELLED
    ledger_import.save(update_fields=["state"])


def delete_import(*, actor, ledger_import: LedgerImport) -> int:
    """Delete an import and all its lines; the suppliers stay (other imports may use them)."""
    with transaction.atomic():
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
        ledger_import.delete()
        if stored is not None:
            stored.delete()
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
        if official:
            _clear_official(organisation)
        baseline = Baseline.objects.create(
            organisation=organisation,
            name=name,
            period_start=period.start,
            period_end=period.end,
            # Stored as JSON would give them back: amounts as "1234.56", dates as ISO text.
            figures=as_json(figures_for(organisation, period)),
            data_version=data_version(organisation),
            frozen_by=actor,
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
                "total_spend": str(baseline.figures["total_spend"]),
                "social_spend": str(baseline.figures["social_spend"]),
                "data_version": baseline.data_version,
            },
        )
    return baseline


def make_official(*, actor, baseline: Baseline) -> None:
    with transaction.atomic():
        _clear_official(baseline.organisation)
        baseline.is_official = True
        baseline.save(update_fields=["is_official"])
        log_action(
            "spend.baseline_made_official",
            actor=actor,
            organisation=baseline.organisation,
            obj=baseline,
        )


def _clear_official(organisation) -> None:
    """Only one baseline is official: the one before keeps its figures, not the mark."""
    Baseline.objects.filter(organisation=organisation, is_official=True).update(is_official=False)
