"""The contract-register import: Dutch headers, exact totals, re-import that changes nothing,
and bad input refused with its line and column, nothing half-written."""

import io
import json
import random
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from impactinkoop.contracts.models import Contract, ContractImport
from impactinkoop.core.imports import ImportState
from impactinkoop.core.models import AuditEntry
from impactinkoop.spend.models import Category, Supplier

DUTCH = (
    "Contractnummer;Omschrijving;Leverancier;KvK-nummer;Afdeling;Inkoopcategorie;CPV;"
    "Contractwaarde;Startdatum;Einddatum;Verlengen tot;Procedure;Social return;SROI percentage\n"
    "C-001;Schoonmaak stadhuis;Schoon B.V.;12345678;Facilitair;Schoonmaak;90910000-9;"
    "€ 480.000,00;01-01-2024;31-12-2026;31-12-2027;Europees openbaar;ja;5\n"
    "C-002;Koffie en thee;Bonen & Co;;Facilitair;Catering;15860000, 39711300;"
    "36.250,50;1-3-2025;28-2-2027;;meervoudig onderhands;nee;\n"
    "C-003;Groenonderhoud;Groen BV;87654321;Openbare ruimte;Groen;77310000-6;"
    "1.250.000;2023-04-01;2027-03-31;;open;ja;7,5\n"
)


def run(path, *args, refused: bool = False) -> dict:
    """The command's JSON summary; `refused`: the command must also end with an error."""
    out = io.StringIO()
    arguments = [str(path), "--org", "voorbeeldstad", "--json", *args]
    if refused:
        with pytest.raises(CommandError):
            call_command("import_contracts", *arguments, stdout=out)
    else:
        call_command("import_contracts", *arguments, stdout=out)
    return json.loads(out.getvalue())


def write(tmp_path, text: str, name: str = "contracten.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.django_db
def test_dutch_headers_are_recognised_and_every_field_lands(org, tmp_path):
    Supplier.objects.create(
        organisation=org, key="k:12345678", name="Schoon", kvk_number="12345678"
    )
    summary = run(write(tmp_path, DUTCH))
    assert summary["rows"] == 3
    assert summary["imported"] == 3
    assert summary["rejected"] == 0
    assert summary["total"] == "1766250.50"
    assert summary["errors"] == []
    cleaning = Contract.objects.get(organisation=org, reference="C-001")
    assert cleaning.awarded_value == Decimal("480000.00")
    assert (cleaning.start_date, cleaning.end_date) == (date(2024, 1, 1), date(2026, 12, 31))
    assert cleaning.extension_until == date(2027, 12, 31)
    assert cleaning.procedure == "open"
    assert cleaning.social_return and cleaning.social_return_percentage == Decimal("5.00")
    assert cleaning.cpv_codes == ["90910000-9"]
    assert cleaning.supplier.name == "Schoon"  # linked to the ledger supplier by KvK number
    assert cleaning.department.name == "Facilitair"
    assert cleaning.category.name == "Schoonmaak"
    coffee = Contract.objects.get(organisation=org, reference="C-002")
    assert coffee.cpv_codes == ["15860000-4", "39711300-2"]
    assert coffee.procedure == "multiple" and not coffee.social_return
    assert Category.objects.filter(organisation=org).count() == 3
    batch = ContractImport.objects.get(organisation=org)
    assert batch.state == ImportState.COMMITTED


@pytest.mark.django_db
def test_reimporting_the_same_file_changes_nothing(org, tmp_path):
    path = write(tmp_path, DUTCH)
    run(path)
    before = list(Contract.objects.order_by("pk").values())
    again = run(path)
    assert (again["imported"], again["unchanged"], again["new"]) == (0, 3, 0)
    assert again["total"] == "1766250.50"
    assert list(Contract.objects.order_by("pk").values()) == before


@pytest.mark.django_db
def test_rows_without_a_number_are_known_by_their_content(org, tmp_path):
    text = "Omschrijving;Leverancier;Waarde\nPrinters;Druk BV;10000\nPrinters;Druk BV;10000\n"
    path = write(tmp_path, text)
    first = run(path)
    assert (first["new"], first["duplicates"]) == (1, 1)
    assert first["total"] == "10000.00"
    assert run(path)["unchanged"] == 1
    assert Contract.objects.filter(organisation=org).count() == 1


@pytest.mark.django_db
def test_a_changed_row_updates_its_contract(org, tmp_path):
    run(write(tmp_path, DUTCH))
    changed = DUTCH.replace("€ 480.000,00", "€ 500.000,00")
    summary = run(write(tmp_path, changed, "nieuw.csv"))
    assert (summary["updated"], summary["unchanged"]) == (1, 2)
    assert Contract.objects.get(reference="C-001").awarded_value == Decimal("500000.00")


@pytest.mark.django_db
def test_bad_rows_are_refused_with_line_and_column_and_nothing_is_written(org, tmp_path):
    text = (
        "Contractnummer;Omschrijving;Contractwaarde;Startdatum;Einddatum;CPV\n"
        "A;Goed;1000;2025-01-01;2025-12-31;45000000-7\n"
        "B;Waarde in woorden;duizend euro;2025-01-01;2025-12-31;\n"
        "C;Omgekeerd;1000;2025-12-31;2025-01-01;\n"
        "D;Verkeerde CPV;1000;2025-01-01;2025-12-31;99999999\n"
        "E;;1000;2025-01-01;2025-12-31;\n"
        "F;Formule;=1+1;2025-01-01;2025-12-31;\n"
    )
    summary = run(write(tmp_path, text), refused=True)
    assert not Contract.objects.exists()
    assert ContractImport.objects.get().state == ImportState.CHECKED
    assert summary == run(write(tmp_path, text), "--dry-run", refused=True) | {
        "mapping": summary["mapping"]
    }
    assert summary["rejected"] == 5 and summary["blocked"]
    problems = {(e["line"], e["column"], e["code"]) for e in summary["errors"]}
    assert problems == {
        (3, "Contractwaarde", "value"),
        (4, "Einddatum", "end"),
        (5, "CPV", "cpv"),
        (6, "Omschrijving", "title"),
        (7, "Contractwaarde", "value"),
    }
    unknown = next(e for e in summary["errors"] if e["line"] == 5)
    assert "99999999" in unknown["message"]
    words = next(e for e in summary["errors"] if e["line"] == 3)
    assert "duizend euro" in words["message"] and "not an amount" in words["message"]


@pytest.mark.django_db
def test_allow_rejected_imports_the_valid_rows(org, tmp_path):
    text = "Omschrijving;Waarde\nGoed;100\nFout;veel\n"
    summary = run(write(tmp_path, text), "--allow-rejected")
    assert (summary["imported"], summary["rejected"], summary["total"]) == (1, 1, "100.00")
    assert Contract.objects.count() == 1


@pytest.mark.django_db
def test_a_dry_run_records_nothing(org, tmp_path):
    summary = run(write(tmp_path, DUTCH), "--dry-run")
    assert summary["imported"] == 3 and not summary["committed"]
    assert not Contract.objects.exists()
    assert not ContractImport.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="contracts.").exists()


@pytest.mark.django_db
def test_map_option_chooses_a_column(org, tmp_path):
    text = "Nr;Wat;Bedrag\n1;Printers;100\n"
    summary = run(
        write(tmp_path, text),
        "--map",
        "title=Wat",
        "--map",
        "value=Bedrag",
        "--map",
        "reference=Nr",
    )
    assert summary["total"] == "100.00"
    assert Contract.objects.get().reference == "1"


@pytest.mark.django_db
def test_ten_thousand_contracts_with_the_exact_total(org, tmp_path):
    generator = random.Random(19)
    lines = ["Contractnummer;Omschrijving;Leverancier;Contractwaarde;Startdatum;Einddatum"]
    total = Decimal("0.00")
    start = date(2024, 1, 1)
    for number in range(10_000):
        cents = generator.randint(100, 500_000_000)
        value = Decimal(cents).scaleb(-2)
        total += value
        dutch = f"{value:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")
        begin = start + timedelta(days=number % 700)
        end = begin + timedelta(days=365 * (1 + number % 4))
        lines.append(
            f"K-{number:05d};Opdracht {number};Leverancier {number % 900};{dutch};"
            f"{begin:%d-%m-%Y};{end:%d-%m-%Y}"
        )
    path = write(tmp_path, "\n".join(lines) + "\n", "groot.csv")
    summary = run(path)
    assert (summary["rows"], summary["imported"], summary["rejected"]) == (10_000, 10_000, 0)
    assert summary["total"] == str(total)
    stored = sum(Contract.objects.values_list("awarded_value", flat=True), Decimal("0.00"))
    assert stored == total
    again = run(path)
    assert (again["imported"], again["unchanged"], again["total"]) == (0, 10_000, str(total))


@pytest.mark.django_db
def test_a_contract_entered_by_hand_is_found_again_by_its_number(org, alice, tmp_path):
    from impactinkoop.contracts.services import save_contract

    save_contract(Contract(organisation=org, reference="C-001", title="Met de hand"), actor=alice)
    summary = run(write(tmp_path, DUTCH))
    assert (summary["new"], summary["updated"]) == (2, 1)
    assert Contract.objects.get(reference="C-001").title == "Schoonmaak stadhuis"
