"""The demo municipality's ledger: a year of invented invoice lines, some from companies in the
demo register, imported through the same pipeline as any upload. Runs once per organisation."""

import hashlib
from datetime import date

from django.conf import settings
from django.utils import timezone

from impactinkoop.core.imports import ImportState
from impactinkoop.core.imports.reader import read_frame
from impactinkoop.core.mapping import guess_mapping
from impactinkoop.core.tabular import Limits
from impactinkoop.matching.engine import SHARED_WORD
from impactinkoop.registry.models import Company

from .baseline.periods import Period
from .generator import generate_ledger
from .imports.columns import FIELDS
from .imports.importing import LedgerOptions, run_ledger_import
from .imports.summary import refresh_statistics
from .linking.links import link_after_import, match_suppliers
from .models import LedgerImport, Supplier, SupplierMatch
from .services import freeze_baseline

DEMO_YEAR = 2025


def build_demo_ledger(organisation, lines: int | None = None) -> int:
    lines = lines or settings.DEMO_LEDGER_LINES
    if LedgerImport.objects.filter(organisation=organisation).exists():
        return 0
    # A year before the baseline year, smaller, so the dashboard has a year-on-year comparison.
    _import_year(organisation, lines // 2, DEMO_YEAR - 1, seed=2024)
    imported = _import_year(organisation, lines, DEMO_YEAR, seed=2025)
    _linked_by_an_earlier_engine(organisation)
    # The year after the baseline up to the end of last month, so goals show live progress; its
    # matching run asks the earlier engine's links again.
    this_month = timezone.localdate().replace(day=1)
    if this_month.year > DEMO_YEAR:
        current = min(this_month, date(DEMO_YEAR + 2, 1, 1))
        days = (current - date(DEMO_YEAR + 1, 1, 1)).days
        if days:
            imported += _import_year(
                organisation, lines * days // 365, DEMO_YEAR + 1, seed=2026, days=days
            )
    # One more matching run, as the button would: it asks the earlier engine's links again if
    # no import did, and links by KvK the suppliers whose number a later import brought.
    match_suppliers(organisation=organisation, actor="demo")
    coordinator = organisation.memberships.filter(role="coordinator").first()
    freeze_baseline(
        actor=coordinator.user if coordinator else None,
        organisation=organisation,
        period=Period.year(DEMO_YEAR),
        name=f"Nulmeting {DEMO_YEAR}",
        official=True,
    )
    return imported


def _linked_by_an_earlier_engine(organisation) -> None:
    """Two links as an earlier matching engine made them: it counted a shared "rare" word such
    as "Midden" as enough. The next matching run (the current year's import, or else the one
    below) asks them again (decision 0023), so the review queue shows links "asked again"."""
    company = Company.objects.filter(name="Werkbedrijf Midden").first()
    if company is None:
        return
    suppliers = Supplier.objects.filter(
        organisation=organisation, company=None, kvk_number="", name__istartswith="midden "
    ).order_by("name")[:2]
    for supplier in suppliers:
        SupplierMatch.objects.update_or_create(
            supplier=supplier,
            company=company,
            defaults={
                "organisation": organisation,
                "state": SupplierMatch.State.ACCEPTED,
                "score": 82.0,
                "reason": SHARED_WORD.format(word="midden"),
                "engine_version": 1,
                "decided_at": timezone.now(),
            },
        )
        Supplier.objects.filter(pk=supplier.pk).update(company=company)


def _import_year(organisation, lines: int, year: int, seed: int, days: int = 365) -> int:
    # Companies of the demo register appear as suppliers, most with their KvK number, so the
    # baseline has social spend; the SW companies have none and are found by name.
    known = list(
        Company.objects.exclude(kvk_number=None)
        .order_by("kvk_number")
        .values_list("kvk_number", "name")[:120]
    ) + [("", name) for name in Company.objects.candidates().values_list("name", flat=True)]
    data = generate_ledger(
        lines, suppliers=2500, year=year, seed=seed, known=known, days=days, one_off=True
    )
    name = f"grootboek-{year}.csv"
    ledger = read_frame(data, name, None, Limits.for_import("ledger"))
    ledger_import = LedgerImport.objects.create(
        organisation=organisation,
        file_name=name,
        file_size=len(data),
        file_sha256=hashlib.sha256(data).hexdigest(),
        state=ImportState.IMPORTING,
        options={"decimal": ",", "date_format": "%d-%m-%Y", "amounts_include_vat": True},
    )
    options = LedgerOptions(
        mapping=guess_mapping(ledger.columns, FIELDS),
        decimal=",",
        date_format="%d-%m-%Y",
        amounts_include_vat=True,
    )
    ledger_import.mapping = options.mapping
    result = run_ledger_import(
        ledger,
        options,
        organisation=organisation,
        actor="demo",
        dry_run=False,
        ledger_import=ledger_import,
    )
    # As after every import: link by name, so the demo has links and a review queue.
    link_after_import(ledger_import=ledger_import, actor="demo")
    refresh_statistics()
    return result.imported
