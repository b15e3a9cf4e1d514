"""Writes around ledger imports: upload, mapping, the check and import jobs, deletion."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from impactinkoop.core.audit import log_action
from impactinkoop.core.background import start_job
from impactinkoop.core.imports import ImportState, lifecycle
from impactinkoop.core.imports.lifecycle import ImportBusy
from impactinkoop.core.locks import lock_organisation

from .changes import refresh_later
from .imports.currency import EURO
from .imports.summary import rebuild_summary
from .models import Baseline, LedgerImport, LedgerMapping

AFTER_IMPORT = "spend.after_import"
MATCH = "spend.match"


def _ledger_imports():
    from .jobs import LEDGER_IMPORTS  # the kind registers its jobs when jobs.py loads

    return LEDGER_IMPORTS


def create_import(*, actor, organisation, upload, sheet: str = "", options: dict) -> LedgerImport:
    """A ledger export uploaded in the wizard. Raises `TableError` for a file that cannot be
    read."""
    return lifecycle.create_from_upload(
        _ledger_imports(),
        upload,
        actor=actor,
        sheet=sheet,
        file_organisation=organisation,
        organisation=organisation,
        options=options,
    )


def start_check(
    *, actor, ledger_import: LedgerImport, mapping: dict, options: dict, save_as: str = ""
):
    """Store the mapping (and save it by name) and check every row in the background."""
    with transaction.atomic():
        job = lifecycle.start_check(
            _ledger_imports(), ledger_import, actor=actor, mapping=mapping, options=options
        )
        if save_as:
            LedgerMapping.objects.update_or_create(
                organisation=ledger_import.organisation,
                name=save_as,
                defaults={"mapping": mapping, "options": options},
            )
    return job


def start_import(*, actor, ledger_import: LedgerImport, currency: str = EURO, exchange_rate=None):
    """Queue the import of a checked file in the currency the person confirmed (with the rate
    to count it at, if known), once: a second click, a second process or the same file in
    another import that is on its way gets a clear "already being imported"."""
    return lifecycle.start_commit(
        _ledger_imports(),
        ledger_import,
        actor=actor,
        currency=currency,
        exchange_rate=exchange_rate,
    )


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
    lifecycle.cancel(_ledger_imports(), ledger_import, actor=actor)


def delete_import(*, actor, ledger_import: LedgerImport) -> int:
    """Delete an import's lines and file; the row stays, marked deleted, so jobs and the audit
    log still point at something. The suppliers stay (other imports may use them). Returns
    how many lines were deleted."""
    count = lifecycle.delete(_ledger_imports(), ledger_import, actor=actor)["lines"]
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
    from .baseline.figures import as_json, data_version, figures_for

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


def ensure_categories(organisation, names) -> dict[str, int]:
    """The ids of the organisation's purchase categories with these names (matched without
    regard to case), creating those it lacks: other apps' imports name categories as the
    ledger does. Call inside the import's transaction."""
    from .models import Category

    wanted = {name.strip().casefold(): name.strip() for name in names if name and name.strip()}
    found = {
        name.casefold(): pk
        for pk, name in Category.objects.filter(organisation=organisation).values_list("pk", "name")
    }
    missing = [
        Category(organisation=organisation, name=name[:200])
        for key, name in wanted.items()
        if key not in found
    ]
    if missing:
        Category.objects.bulk_create(missing, ignore_conflicts=True)
        found = {
            name.casefold(): pk
            for pk, name in Category.objects.filter(organisation=organisation).values_list(
                "pk", "name"
            )
        }
    return {key: found[key] for key in wanted if key in found}
