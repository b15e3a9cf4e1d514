"""A supplier number alone does not make a supplier: a clearly different name under a known number
is a supplier of its own (and the check lists it), generic numbers key no supplier, spelling
variants stay one supplier, and installations whose suppliers were merged keep working: an
earlier file imported again adds nothing, and the repair command splits them by name."""

import hashlib
import json
import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from impactinkoop.core.models import AuditEntry
from impactinkoop.registry.models import Company, Qualification
from impactinkoop.spend.baseline.figures import compute, data_version
from impactinkoop.spend.baseline.periods import Period
from impactinkoop.spend.imports import importing
from impactinkoop.spend.imports.supplier_keys import SupplierPlan, is_generic_number
from impactinkoop.spend.models import Baseline, LedgerLine, MonthlySpend, Supplier
from impactinkoop.spend.services import freeze_baseline

from ..shared_data import needs_shared
from .test_importing import BRADFORD, import_text

HEADER = "Crediteurnummer;Crediteur;KvK-nummer;Factuurnummer;Factuurdatum;Bedrag\n"
DUTCH = HEADER + (
    "117996;Bakker Bouw B.V.;;F1;15-01-2025;1.000,00\n"
    "117996;BAKKER BOUW BV;;F2;15-02-2025;500,00\n"  # the same supplier, spelt differently
)
ONE_OFF = HEADER + (
    "ONETIME;Girlington Windows Uk Ltd;;T1;10-03-2025;10,00\n"
    "ONETIME;CP MEDICAL REPORTS;;T2;11-03-2025;20,00\n"
    "ONETIME;Ascot Signs Ltd;;T3;12-03-2025;30,00\n"
    "ONETIME;Girlington Windows UK Limited;;T4;13-03-2025;40,00\n"
)
FOREIGN = HEADER + (
    "117996;PREPAID FINANCIAL SERVICES LIMITED;;B1;10-04-2025;1.866,84\n"
    "117996;PREPAID FINANCIAL SERVICES LIMITED;;B2;10-04-2025;1.958,84\n"
)

BRADFORD_LIKE = FOREIGN + ONE_OFF[len(HEADER) :]


def suppliers(org) -> dict[str, tuple[str, int]]:
    """Name -> (key, number of lines)."""
    return {
        s.name: (s.key, LedgerLine.objects.filter(supplier=s).count())
        for s in Supplier.objects.filter(organisation=org)
    }


def test_spelling_variants_under_one_number_stay_one_supplier(org):
    result = import_text(org, DUTCH)
    assert suppliers(org) == {"Bakker Bouw B.V.": ("n:117996", 2)}
    assert result.supplier_conflicts == []


def test_a_clearly_different_name_under_a_known_number_is_a_supplier_of_its_own(org):
    import_text(org, DUTCH)
    check = import_text(org, FOREIGN, name="bradford.csv", dry_run=True)
    assert check.supplier_conflicts == [
        {
            "number": "117996",
            "name": "PREPAID FINANCIAL SERVICES LIMITED",
            "other": "Bakker Bouw B.V.",
            "lines": 2,
        }
    ]
    import_text(org, FOREIGN, name="bradford.csv")
    assert suppliers(org) == {
        "Bakker Bouw B.V.": ("n:117996", 2),
        "PREPAID FINANCIAL SERVICES LIMITED": ("n:117996|prepaid financial services", 2),
    }


def test_one_off_payees_under_a_generic_number_are_suppliers_each(org):
    result = import_text(org, ONE_OFF)
    assert suppliers(org) == {
        "Girlington Windows Uk Ltd": ("n:ONETIME|girlington windows uk", 2),
        "CP MEDICAL REPORTS": ("n:ONETIME|cp medical reports", 1),
        "Ascot Signs Ltd": ("n:ONETIME|ascot signs", 1),
    }
    assert result.generic_numbers == [{"number": "ONETIME", "names": 3}]
    assert result.supplier_conflicts == []  # a generic number is listed once, not per name


@pytest.mark.parametrize(
    "number,generic",
    [
        ("ONETIME", True),
        ("diversen", True),
        ("0", True),
        ("000", True),
        ("-", True),
        (" N/A ", True),
        ("117996", False),
        ("B55323", False),
    ],
)
def test_generic_numbers(number, generic):
    assert is_generic_number(number) is generic


def test_a_number_shared_by_many_names_keys_no_supplier(org):
    many = HEADER + "".join(
        f"9999;{name};;M{n};01-05-2025;1,00\n"
        for n, name in enumerate(["Appel", "Peer", "Kers", "Pruim", "Druif", "Meloen"])
    )
    result = import_text(org, many)
    assert sorted(key for key, _lines in suppliers(org).values()) == [
        "n:9999|appel",
        "n:9999|druif",
        "n:9999|kers",
        "n:9999|meloen",
        "n:9999|peer",
        "n:9999|pruim",
    ]
    assert result.generic_numbers == [{"number": "9999", "names": 6}]


def test_the_check_page_lists_the_conflicts_with_both_names(
    org, client_for, alice, django_capture_on_commit_callbacks
):
    from impactinkoop.spend.models import LedgerImport

    from .test_views import upload

    import_text(org, DUTCH)
    client = client_for(alice)
    upload(client, org, data=BRADFORD_LIKE.encode(), name="bradford.csv")
    ledger_import = LedgerImport.objects.get(file_name="bradford.csv")
    detail = reverse("spend:import", args=[org.slug, ledger_import.pk])
    form = {f"map_{k}": v for k, v in ledger_import.mapping.items()}
    form.update({"decimal": "auto", "date_format": "auto"})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(detail, form)
    page = re.sub(r' class="utrecht-table__(?:row|cell)"', "", client.get(detail).content.decode())
    text = " ".join(page.split())
    assert (
        "<td>117996</td><td>Bakker Bouw B.V.</td><td>PREPAID FINANCIAL SERVICES LIMITED</td>"
    ) in text.replace("> <", "><")
    assert "ONETIME" in text and "3 namen" in text


# -- installations whose suppliers were merged before ------------------------------------------


def merged_import(org, monkeypatch, text, name):
    """Import as earlier versions did: the supplier number alone keys the supplier."""
    with monkeypatch.context() as patched:
        patched.setattr(importing, "plan_suppliers", lambda frame, organisation: SupplierPlan())
        return import_text(org, text, name=name)


@pytest.fixture
def merged(org, monkeypatch):
    merged_import(org, monkeypatch, DUTCH, "grootboek.csv")
    merged_import(org, monkeypatch, BRADFORD_LIKE, "bradford.csv")
    assert suppliers(org) == {
        "Bakker Bouw B.V.": ("n:117996", 4),
        "Girlington Windows Uk Ltd": ("n:ONETIME", 4),
    }
    return org


def test_an_earlier_file_imported_again_adds_nothing_before_and_after_the_repair(merged):
    lines = LedgerLine.objects.count()
    again = import_text(merged, BRADFORD_LIKE, name="bradford-kopie.csv")
    assert (again.imported, again.duplicates) == (0, 6)
    call_command("split_suppliers", org=merged.slug, file=[])  # files are not stored here
    assert LedgerLine.objects.count() == lines


def test_the_repair_splits_merged_suppliers_by_name_with_an_audit_entry(merged, tmp_path, capsys):
    Company.objects.create(kvk_number="01234567", name="Bakker Bouw B.V.")
    Qualification.objects.create(
        company=Company.objects.get(), source="sw_company", valid_from="2020-01-01"
    )
    Supplier.objects.filter(name="Bakker Bouw B.V.").update(company=Company.objects.get())
    frozen = freeze_baseline(
        actor="test", organisation=merged, period=Period.year(2025), name="Voor", official=True
    )
    before_figures = dict(frozen.figures)
    assert compute(merged, Period.year(2025))["social_spend"] == Decimal("5325.68")
    version = data_version(merged)

    files = []
    for ledger_import in merged.ledger_imports.order_by("pk"):
        path = tmp_path / ledger_import.file_name
        text = DUTCH if ledger_import.file_name == "grootboek.csv" else BRADFORD_LIKE
        path.write_bytes(text.encode("utf-8"))
        files.append(f"{ledger_import.pk}={path}")
    # The test imports stored a fake checksum; the command checks the file against it.
    for name, text in (("grootboek.csv", DUTCH), ("bradford.csv", BRADFORD_LIKE)):
        merged.ledger_imports.filter(file_name=name).update(
            file_sha256=hashlib.sha256(text.encode()).hexdigest()
        )
    call_command("split_suppliers", org=merged.slug, file=files, dry_run=True)
    assert "(dry run: nothing changed)" in capsys.readouterr().out
    assert Supplier.objects.count() == 2

    call_command("split_suppliers", org=merged.slug, file=files)
    out = capsys.readouterr().out
    assert "4 lines of 2 imports moved to 3 suppliers" in out
    assert suppliers(merged) == {
        "Bakker Bouw B.V.": ("n:117996", 2),
        "PREPAID FINANCIAL SERVICES LIMITED": ("n:117996|prepaid financial services", 2),
        "Girlington Windows Uk Ltd": ("n:ONETIME", 2),
        "CP MEDICAL REPORTS": ("n:ONETIME|cp medical reports", 1),
        "Ascot Signs Ltd": ("n:ONETIME|ascot signs", 1),
    }
    # The figures follow: only Bakker Bouw's own lines are social now.
    assert data_version(merged) != version
    assert compute(merged, Period.year(2025))["social_spend"] == Decimal("1500.00")
    assert MonthlySpend.objects.filter(organisation=merged).count() == 6
    # The frozen baseline keeps its figures.
    frozen.refresh_from_db()
    assert frozen.figures == before_figures
    assert AuditEntry.objects.filter(action="spend.supplier_split").count() == 3
    entry = AuditEntry.objects.get(
        action="spend.supplier_split", object_repr="PREPAID FINANCIAL SERVICES LIMITED"
    )
    assert entry.before == {"supplier": "Bakker Bouw B.V.", "number": "117996"}
    assert entry.after == {
        "supplier": "PREPAID FINANCIAL SERVICES LIMITED",
        "lines": 2,
        "file": "bradford.csv",
    }
    # Once is enough: a second run moves nothing, and the earlier file still adds nothing.
    call_command("split_suppliers", org=merged.slug, file=files)
    assert "0 lines of 2 imports moved to 0 suppliers" in capsys.readouterr().out
    again = import_text(merged, BRADFORD_LIKE, name="bradford-kopie.csv")
    assert (again.imported, again.duplicates) == (0, 6)
    assert Baseline.objects.get().figures == before_figures


@needs_shared(BRADFORD)
def test_the_bradford_ledger_beside_a_dutch_supplier_with_the_same_number(org, capsys):
    import_text(org, DUTCH.replace("117996", "123620"))
    call_command("import_ledger", str(BRADFORD), "--org", org.slug, "--json", "--dry-run")
    summary = json.loads(capsys.readouterr().out)
    assert summary["generic_numbers"] == [{"number": "ONETIME", "names": 15}]
    assert [c["other"] for c in summary["supplier_conflicts"]] == ["Bakker Bouw B.V."]
    call_command("import_ledger", str(BRADFORD), "--org", org.slug, "--json")
    onetime = Supplier.objects.filter(organisation=org, ledger_number="ONETIME")
    assert onetime.count() == 15
    dutch = Supplier.objects.get(organisation=org, key="n:123620")
    assert (dutch.name, LedgerLine.objects.filter(supplier=dutch).count()) == (
        "Bakker Bouw B.V.",
        2,
    )
