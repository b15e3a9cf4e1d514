"""Spend's query module (issue 16, item 3): the typed figures other apps read, and the rule that
no app outside spend reads spend's tables for figures."""

import ast
import dataclasses
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from impactinkoop.registry.models import Company, Qualification
from impactinkoop.spend import queries
from impactinkoop.spend.models import Supplier
from impactinkoop.spend.queries import Period
from impactinkoop.spend.services import freeze_baseline

from .test_baseline import LEDGER
from .test_importing import import_text

SOURCE = Path(__file__).resolve().parents[2] / "src" / "impactinkoop"
# What other apps may take from spend: this module, the hook registry, and the models that
# their foreign keys and form choices point at (plans' exceptions per category, departments).
ALLOWED = {
    "impactinkoop.spend.queries": None,
    "impactinkoop.spend.changes": {"after_lines_changed"},
    "impactinkoop.spend.models": {"Category", "Department"},
    "impactinkoop.spend.demo": {"build_demo_ledger"},  # the demo command builds every app
    # A contract register names purchase categories as the ledger does; spend creates them.
    "impactinkoop.spend.services": {"ensure_categories"},
}


@pytest.fixture
def ledger(org):
    werkplaats = Company.objects.create(kvk_number="01234567", name="De Werkplaats B.V.")
    Qualification.objects.create(company=werkplaats, source="code_so", valid_from="2020-01-01")
    import_text(org, LEDGER)
    return org


def test_the_figures_of_a_year_are_typed_and_frozen(ledger):
    figures = queries.spend_figures(ledger, Period.year(2025))
    assert figures == queries.SpendFigures(
        period=Period.year(2025),
        total=Decimal("2484.59"),
        social=Decimal("1134.55"),
        social_share=Decimal("0.4566"),
        months=(date(2025, 1, 1), date(2025, 2, 1), date(2025, 3, 1), date(2025, 6, 1))
        + (date(2025, 12, 1),),
    )
    assert figures.last_day == date(2025, 12, 31)
    with pytest.raises(dataclasses.FrozenInstanceError):
        figures.total = Decimal(0)


def test_a_year_without_imports_has_no_spend_and_keeps_nothing(ledger):
    from impactinkoop.spend.models import BaselineFigures

    figures = queries.spend_figures(ledger, Period.year(2020))
    assert (figures.has_spend, figures.total, figures.social_share) == (False, 0, None)
    assert not BaselineFigures.objects.filter(period_start=date(2020, 1, 1)).exists()


def test_the_official_baseline_as_frozen(ledger, alice):
    assert queries.official_baseline(ledger) is None
    baseline = freeze_baseline(
        actor=alice, organisation=ledger, period=Period.year(2025), name="Nulmeting", official=True
    )
    assert queries.official_baseline(ledger) == queries.FrozenBaseline(
        id=baseline.pk,
        name="Nulmeting",
        period=Period.year(2025),
        total=Decimal("2484.59"),
        social=Decimal("1134.55"),
        social_share=Decimal("0.4566"),
    )


def test_invoice_lines_of_linked_companies_only(ledger):
    werkplaats = Company.objects.get(kvk_number="01234567")
    lines = queries.invoice_lines(ledger, [werkplaats.pk])
    assert [(line.invoice_number, line.amount_cents) for line in lines] == [
        ("F1", 123456),
        ("F2", -10001),
    ]
    assert {line.company_id for line in lines} == {werkplaats.pk}
    assert queries.latest_invoiced_line(ledger, [werkplaats.pk]).invoice_number == "F1"
    assert queries.existing_lines(ledger, [lines[0].id, 10**9]) == {lines[0].id}
    Supplier.objects.filter(company=werkplaats).update(company=None)
    assert queries.invoice_lines(ledger, [werkplaats.pk]) == []


def _imports_of(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module, {alias.name for alias in node.names}
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, set()


# The API's ledger push drives spend's import the way spend's own wizard and `import_ledger`
# command do (decision 0026): these two modules alone may use the import's parts.
LEDGER_PUSH = {"api/views/ledgers.py", "api/serializers_ledgers.py"}
LEDGER_PUSH_ALLOWED = {
    "impactinkoop.spend.forms": {"CommitForm"},
    "impactinkoop.spend.jobs": {"LEDGER_IMPORTS", "refuse_same_file_on_its_way"},
    "impactinkoop.spend.models": {"LedgerImport", "LedgerMapping"},
    "impactinkoop.spend.services": {"AFTER_IMPORT", "start_import"},
    "impactinkoop.spend.imports.columns": {"FIELDS"},
    "impactinkoop.spend.imports.currency": {"CURRENCIES", "EURO", "parse_rate"},
    "impactinkoop.spend.imports.importing": {"check_ledger_mapping"},
}


def test_no_app_outside_spend_reads_its_tables():
    wrong = []
    for path in SOURCE.rglob("*.py"):
        relative = path.relative_to(SOURCE)
        if relative.parts[0] == "spend" or "migrations" in relative.parts:
            continue
        if str(relative) in LEDGER_PUSH:
            for module, names in _imports_of(path):
                inside = module.startswith("impactinkoop.spend.")
                allowed = LEDGER_PUSH_ALLOWED.get(module, set())
                if inside and module != "impactinkoop.spend.queries" and not names <= allowed:
                    wrong.append((str(relative), module, sorted(names)))
            continue
        for module, names in _imports_of(path):
            if module == "impactinkoop.spend":  # from impactinkoop.spend import queries
                names = {f"impactinkoop.spend.{name}" for name in names}
                wrong += [(str(relative), name) for name in names if name not in ALLOWED]
            elif module.startswith("impactinkoop.spend."):
                allowed = ALLOWED.get(module, set())
                if module not in ALLOWED or (allowed is not None and not names <= allowed):
                    wrong.append((str(relative), module, sorted(names)))
    assert wrong == []


def test_the_breakdown_is_the_dashboards(ledger):
    from impactinkoop.spend.baseline.figures import compute

    org = ledger
    org.municipality = "Voorbeeldstad"
    org.save()
    found = queries.spend_breakdown(org, Period.year(2025))
    figures = compute(org, Period.year(2025))
    assert [(p.name, p.total, p.social) for p in found.by_department] == [
        (row["name"], row["total"], row["social"]) for row in figures["by_department"]
    ]
    assert sum(p.total for p in found.by_department) == figures["total_spend"]
    assert [(s.source, s.social) for s in found.by_source] == [
        (row["source"], row["social"]) for row in figures["by_source"]
    ]
    assert found.local.municipality == "Voorbeeldstad"
    assert found.local.municipality_spend == figures["local"]["municipality_spend"]
    assert found.local.region_spend is None  # no region set: nothing to count
    empty = queries.spend_breakdown(org, Period.year(2020))
    assert (empty.by_department, empty.by_source, empty.local.municipality_spend) == ((), (), None)
