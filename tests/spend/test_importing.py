"""The ledger import: exact totals, nothing twice, suppliers linked by KvK, rejected lines with
line, column and reason, and the command's JSON."""

import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Sum

from impactinkoop.core.imports import ImportState
from impactinkoop.core.imports.reader import read_frame
from impactinkoop.core.mapping import guess_mapping
from impactinkoop.core.stored_text import shown
from impactinkoop.core.tabular import Limits
from impactinkoop.registry.models import Company
from impactinkoop.spend.imports.columns import FIELDS
from impactinkoop.spend.imports.importing import AlreadyImported, LedgerOptions, run_ledger_import
from impactinkoop.spend.models import (
    Category,
    CostCentre,
    Department,
    LedgerImport,
    LedgerLine,
    Supplier,
)
from impactinkoop.spend.services import delete_import

from ..shared_data import SHARED, needs_shared

BRADFORD = SHARED / "ledgers" / "bradford_2019-12.csv"

LEDGER = (
    "Crediteurnummer;Crediteur;KvK-nummer;Factuurnummer;Factuurdatum;Bedrag;Kostenplaats;Afdeling;"
    "Omschrijving;Inkooppakket\n"
    "1001;DE WERKPLAATS B.V.;01234567;F1;15-01-2025;1.234,56;4000;Ruimte;Onderhoud;Groen\n"
    "1001;DE WERKPLAATS B.V.;01234567;F2;16-01-2025;-100,00;4000;Ruimte;Creditnota;Groen\n"
    "1002;Jansen & Zn;;F3;20-02-2025;50,00;4010;Bedrijfsvoering;Koffie;Catering\n"
    "1002;Jansen & Zn;;F3;20-02-2025;50,00;4010;Bedrijfsvoering;Koffie;Catering\n"
)


def import_text(org, text: str, name="grootboek.csv", dry_run=False, **options):
    ledger = read_frame(text.encode("utf-8"), name, None, Limits.for_import("ledger"))
    ledger_import = None
    if not dry_run:
        ledger_import = LedgerImport.objects.create(
            organisation=org, file_name=name, file_sha256=name
        )
    ledger_options = LedgerOptions(mapping=guess_mapping(ledger.columns, FIELDS), **options)
    return run_ledger_import(
        ledger,
        ledger_options,
        organisation=org,
        actor="test",
        dry_run=dry_run,
        ledger_import=ledger_import,
    )


def stored_total(org) -> Decimal:
    cents = LedgerLine.objects.filter(organisation=org).aggregate(s=Sum("amount_cents"))["s"]
    return Decimal(cents or 0) / 100


def test_lines_totals_suppliers_and_dimensions(org):
    Company.objects.create(kvk_number="01234567", name="De Werkplaats B.V.")
    result = import_text(org, LEDGER)
    assert (result.rows, result.imported, result.duplicates, result.rejected) == (4, 4, 0, 0)
    assert result.total == Decimal("1234.56") - 100 + 50 + 50
    assert stored_total(org) == result.total
    werkplaats = Supplier.objects.get(organisation=org, ledger_number="1001")
    assert (werkplaats.name, werkplaats.kvk_number) == ("DE WERKPLAATS B.V.", "01234567")
    assert werkplaats.company.name == "De Werkplaats B.V."  # linked at once by KvK
    assert result.linked_suppliers == 1
    assert sorted(Department.objects.values_list("name", flat=True)) == [
        "Bedrijfsvoering",
        "Ruimte",
    ]
    assert CostCentre.objects.count() == 2 and Category.objects.count() == 2
    credit = LedgerLine.objects.get(invoice_number="F2")
    assert credit.amount_cents == -10000  # credit notes are kept


def test_the_same_file_again_is_refused_and_adds_nothing(org):
    import_text(org, LEDGER)
    with pytest.raises(AlreadyImported, match="Precies dit bestand is al geïmporteerd"):
        import_text(org, LEDGER)
    assert LedgerLine.objects.count() == 4
    assert LedgerImport.objects.filter(state=ImportState.COMMITTED).count() == 1


def test_a_copy_of_the_file_under_another_name_adds_nothing_and_says_so(org):
    import_text(org, LEDGER)
    again = import_text(org, LEDGER, name="kopie.csv")
    assert (again.imported, again.duplicates) == (0, 4)
    assert LedgerLine.objects.count() == 4
    assert again.overlapping[0]["file"] == "grootboek.csv"


def test_the_same_lines_in_another_file_add_nothing_but_new_lines_do(org):
    import_text(org, LEDGER)
    more = LEDGER + "1003;Nieuw BV;;F9;01-03-2025;10,00;4000;Ruimte;Iets;Groen\n"
    result = import_text(org, more, name="grootboek-maart.csv")
    assert (result.imported, result.duplicates) == (1, 4)
    assert stored_total(org) == Decimal("1244.56")


def test_identical_lines_in_one_file_both_count_and_a_third_is_new(org):
    import_text(org, LEDGER)
    three = LEDGER + "1002;Jansen & Zn;;F3;20-02-2025;50,00;4010;Bedrijfsvoering;Koffie;Catering\n"
    result = import_text(org, three, name="met-derde.csv")
    assert (result.imported, result.duplicates) == (1, 4)


def test_dry_run_writes_nothing(org):
    result = import_text(org, LEDGER, dry_run=True)
    assert result.imported == 4 and not result.committed
    assert not LedgerLine.objects.exists() and not Supplier.objects.exists()


def test_bad_lines_are_rejected_with_line_column_and_reason_the_rest_imports(org):
    text = (
        "Crediteur;KvK;Factuurdatum;Bedrag;Omschrijving\n"
        "Goed BV;12345678;01-01-2025;10,00;ok\n"
        "Geen Bedrag;;02-01-2025;;x\n"
        "Fout Bedrag;;02-01-2025;tien euro;x\n"
        "Fout Datum;;31-02-2025;1,00;x\n"
        ";;03-01-2025;1,00;geen leverancier\n"
        '=HYPERLINK("http://evil.example","klik");;04-01-2025;1,00;x\n'
        "Formule In Omschrijving;;04-01-2025;1,00;@SUM(A1:A9)\n"
        "Rare KvK;12ab;05-01-2025;2,00;x\n"
    )
    result = import_text(org, text)
    assert (result.rows, result.imported, result.rejected) == (8, 2, 6)
    errors = {(e["line"], e["column"]) for e in result.errors}
    assert errors == {
        (3, "Bedrag"),
        (4, "Bedrag"),
        (5, "Factuurdatum"),
        (6, "Crediteur"),
        (7, "Crediteur"),
        (8, "Omschrijving"),
    }
    by_line = {e["line"]: shown(e) for e in result.errors}
    assert "spreadsheetformule" in by_line[7]
    assert "tien euro" in by_line[4]
    assert result.warnings[0]["line"] == 9 and "12ab" in shown(result.warnings[0])
    assert stored_total(org) == Decimal("12.00")
    assert not Supplier.objects.filter(name__startswith="=").exists()


def test_mapping_problems_are_named(org):
    with pytest.raises(ValueError) as error:
        import_text(org, "Factuur;Omschrijving\n1;x\n")
    message = str(error.value)
    assert "bedrag" in message and "datum" in message and "leverancier" in message


def test_deleting_an_import_removes_its_lines_only(org):
    import_text(org, LEDGER)
    import_text(org, LEDGER.replace("F1;", "F7;"), name="tweede.csv")
    first = LedgerImport.objects.get(file_name="grootboek.csv")
    assert delete_import(actor="test", ledger_import=first) == 4
    assert LedgerLine.objects.count() == 1
    assert Supplier.objects.count() == 2


@needs_shared(BRADFORD)
def test_a_real_council_ledger_imports_with_its_exact_total(org, capsys):
    call_command("import_ledger", str(BRADFORD), "--org", org.slug, "--json")
    summary = json.loads(capsys.readouterr().out)
    assert (summary["rows"], summary["imported"], summary["rejected"]) == (10187, 10187, 0)
    assert summary["total"] == "44168698.41"
    assert stored_total(org) == Decimal("44168698.41")
    assert summary["mapping"]["amount"] == "Net Amount"
    assert summary["mapping"]["supplier_name"] == "Supplier Name"
    with pytest.raises(CommandError, match="Dit bestand is al geïmporteerd"):
        call_command("import_ledger", str(BRADFORD), "--org", org.slug, "--json")
    call_command("import_ledger", str(BRADFORD), "--org", org.slug, "--json", "--dry-run")
    again = json.loads(capsys.readouterr().out)
    assert (again["imported"], again["duplicates"]) == (0, 10187)
    assert stored_total(org) == Decimal("44168698.41")
    assert LedgerImport.objects.filter(organisation=org).count() == 1


def test_command_json_and_errors(org, tmp_path, capsys):
    path = tmp_path / "grootboek.csv"
    path.write_text(LEDGER + "X;Y;;F;01-01-2025;abc;1;2;3;4\n", encoding="utf-8")
    call_command("import_ledger", str(path), "--org", org.slug, "--json", "--dry-run")
    summary = json.loads(capsys.readouterr().out)
    for key in ("rows", "imported", "duplicates", "rejected", "total", "errors"):
        assert key in summary
    # Stored in English with its values, so each reader sees it in their own language.
    assert summary["errors"] == [
        {
            "line": 6,
            "column": "Bedrag",
            "code": "amount",
            "message": "“abc” is not an amount with at most two decimals",
            "text": "“%(value)s” is not an amount with at most two decimals",
            "values": {"value": "abc"},
        }
    ]
    assert not LedgerLine.objects.exists()
    empty = tmp_path / "leeg.csv"
    empty.write_bytes(b"")
    with pytest.raises(CommandError, match="leeg"):
        call_command("import_ledger", str(empty), "--org", org.slug)
    with pytest.raises(CommandError, match="no organisation"):
        call_command("import_ledger", str(path), "--org", "onbekend")
    with pytest.raises(CommandError, match="onbekend veld bedrag"):
        call_command("import_ledger", str(path), "--org", org.slug, "--map", "bedrag=Bedrag")
    assert not LedgerImport.objects.exists()
