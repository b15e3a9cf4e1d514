"""Register imports: editions, idempotent re-imports, candidates without KvK, and bad files that
get a clear error and write nothing."""

import io
import json
from datetime import date

import pytest
import xlsxwriter
from django.core.management import call_command
from django.core.management.base import CommandError

from impactinkoop.core.mapping import MappingError, guess_mapping
from impactinkoop.core.models import AuditEntry
from impactinkoop.core.tabular import Limits, TableError, check_upload, read_table
from impactinkoop.registry.importing import FIELDS, ImportOptions, run_register_import
from impactinkoop.registry.models import Company, Qualification
from impactinkoop.registry.sources import Level, Source

from ..shared_data import SHARED, needs_shared

SW_FILE = SHARED / "regions" / "socialewerkvoorziening.csv"

PSO_EDITION_1 = (
    "KvK-nummer;Bedrijfsnaam;Plaats;Trede\n"
    "01234567;De Werkplaats B.V.;Utrecht;Trede 2\n"
    "7654321;Groen & Zo;Zeist;PSO 30+\n"
    "11223344;Koffie Samen;Houten;aspirant\n"
)


def table(text: str, name: str = "pso.csv", encoding: str = "utf-8"):
    return read_table(text.encode(encoding), name, None, Limits.for_import("register"))


def run(text, *, dry_run=False, valid_from=date(2026, 1, 1), source=Source.PSO, **options):
    data = table(text)
    import_options = ImportOptions(
        source=source,
        mapping=guess_mapping(data.columns, FIELDS),
        valid_from=valid_from,
        **options,
    )
    return run_register_import(data, import_options, actor="test", dry_run=dry_run)


def register_state():
    return (
        sorted(Company.objects.values_list("kvk_number", "name", "city")),
        sorted(
            Qualification.objects.values_list(
                "company__kvk_number", "level", "valid_from", "valid_until"
            )
        ),
    )


def test_first_edition_creates_companies_and_qualifications(db):
    result = run(PSO_EDITION_1)
    assert (result.rows, result.new, result.rejected) == (3, 3, 0)
    company = Company.objects.get(kvk_number="07654321")  # leading zero restored
    assert company.name == "Groen & Zo"
    assert company.qualifications.get().level == Level.PSO_30
    assert AuditEntry.objects.filter(action="register.company_created").count() == 3


def test_a_dry_run_writes_nothing_and_reports_the_same(db):
    dry = run(PSO_EDITION_1, dry_run=True)
    assert register_state() == ([], [])
    assert not AuditEntry.objects.exists()
    real = run(PSO_EDITION_1)
    assert (dry.new, dry.updated, dry.unchanged) == (real.new, real.updated, real.unchanged)


def test_reimporting_the_same_file_changes_nothing(db):
    run(PSO_EDITION_1)
    before, audit = register_state(), AuditEntry.objects.count()
    result = run(PSO_EDITION_1, valid_from=date(2026, 2, 1))
    assert (result.new, result.updated, result.unchanged) == (0, 0, 3)
    assert register_state() == before
    assert AuditEntry.objects.count() == audit


def test_a_new_edition_ends_missing_companies_and_changes_levels(db):
    run(PSO_EDITION_1)
    edition_2 = (
        "KvK-nummer;Bedrijfsnaam;Plaats;Trede\n"
        "01234567;De Werkplaats B.V.;Utrecht;Trede 3\n"
        "07654321;Groen & Zo;Zeist;PSO 30+\n"
    )
    result = run(edition_2, valid_from=date(2027, 1, 1))
    assert (result.updated, result.unchanged, result.ended) == (1, 1, 1)
    assert result.ended_companies == ["Koffie Samen"]
    history = list(
        Qualification.objects.filter(company__kvk_number="01234567")
        .order_by("valid_from")
        .values_list("level", "valid_from", "valid_until")
    )
    assert history == [
        (Level.PSO_2, date(2026, 1, 1), date(2026, 12, 31)),
        (Level.PSO_3, date(2027, 1, 1), None),
    ]
    ended = Qualification.objects.get(company__kvk_number="11223344")
    assert ended.valid_until == date(2026, 12, 31)  # ended, not deleted
    assert Company.objects.filter(kvk_number="11223344").exists()


def test_changed_company_details_are_updated_with_before_and_after(db):
    run(PSO_EDITION_1)
    result = run(PSO_EDITION_1.replace("Utrecht", "Amersfoort"))
    assert (result.updated, result.unchanged) == (1, 2)
    entry = AuditEntry.objects.get(action="register.company_updated")
    assert (entry.before, entry.after) == ({"city": "Utrecht"}, {"city": "Amersfoort"})


@needs_shared(SW_FILE)
def test_sw_companies_without_kvk_become_candidates_not_inventions(db):
    data = read_table(SW_FILE.read_bytes(), SW_FILE.name, None, Limits.for_import("register"))
    options = ImportOptions(source=Source.SW_COMPANY, mapping={"name": "Sociale Werkvoorziening"})
    result = run_register_import(data, options, actor="test", dry_run=False)
    assert (result.rows, result.new, result.candidates, result.rejected) == (392, 87, 87, 0)
    assert result.duplicates == 305
    assert Company.objects.count() == 87
    assert not Company.objects.exclude(kvk_number=None).exists()  # no invented KvK numbers
    assert Qualification.objects.filter(source=Source.SW_COMPANY).count() == 87

    again = run_register_import(data, options, actor="test", dry_run=False)
    assert (again.new, again.unchanged) == (0, 87)
    assert Company.objects.count() == 87


def test_a_repeated_company_with_contradicting_details_keeps_neither_value(db):
    text = "Naam;Gemeente\nWerkbedrijf;Aa en Hunze\nWerkbedrijf;Assen\nAnder;Emmen\n"
    result = run(text, source=Source.SW_COMPANY)
    assert (result.new, result.duplicates) == (2, 1)
    assert Company.objects.get(name="Werkbedrijf").municipality == ""
    assert Company.objects.get(name="Ander").municipality == "Emmen"


def test_rejected_rows_block_the_import_with_line_numbers(db):
    text = (
        "KvK;Naam;Trede\n"
        "01234567;Goed;trede 1\n"
        "1234abcd;Fout KvK;trede 1\n"
        "22334455;;trede 2\n"
        "33445566;Onbekend niveau;goud\n"
    )
    result = run(text)
    assert result.blocked and not result.committed
    assert [(o.line, o.action) for o in result.outcomes if o.action == "rejected"] == [
        (3, "rejected"),
        (4, "rejected"),
        (5, "rejected"),
    ]
    reasons = [o.reason for o in result.outcomes if o.action == "rejected"]
    assert [str(reason) for reason in reasons] == [
        "KvK-nummer “1234abcd” is geen 8 cijfers",
        "geen naam bij KvK-nummer 22334455",
        "niveau “goud” is onbekend bij deze bron",
    ]
    assert register_state() == ([], [])


def test_allow_rejected_imports_the_valid_rows(db):
    text = "KvK;Naam;Trede\n01234567;Goed;trede 1\n1234abcd;Fout;trede 1\n"
    result = run(text, allow_rejected=True)
    assert (result.new, result.rejected, result.committed) == (1, 1, True)


def test_ragged_rows_are_rejected_and_nothing_is_written(db):
    text = "KvK;Naam;Trede\n01234567;Goed;trede 1\n76543210;Jansen; Zn.;trede 2\n"
    result = run(text)
    assert result.blocked
    rejected = [o for o in result.outcomes if o.action == "rejected"]
    assert rejected[0].line == 3
    assert "4" in rejected[0].reason and "3" in rejected[0].reason
    assert register_state() == ([], [])


def test_wrong_columns_are_a_clear_mapping_error(db):
    data = table("Factuurnummer;Bedrag\n1;2\n")
    with pytest.raises(MappingError) as error:
        run_register_import(
            data, ImportOptions(source=Source.CODE_SO, mapping={}), actor="test", dry_run=True
        )
    assert "naam" in str(error.value).lower()
    with pytest.raises(MappingError):
        run_register_import(
            data,
            ImportOptions(source=Source.CODE_SO, mapping={"name": "Bedrijfsnaam"}),
            actor="test",
            dry_run=True,
        )


@pytest.mark.parametrize(
    "data,message",
    [
        (b"", "leeg"),
        (b"   \n\n", "leeg"),
        (b"naam;kvk\x00\x01\x02\x00", "binaire"),
        (b"naam\n\x81\x8d\x8f\x90\x9d\n", "tekenset"),
    ],
)
def test_unreadable_files_get_a_clear_error(data, message, db):
    with pytest.raises(TableError) as error:
        read_table(data, "register.csv", None, Limits.for_import("register"))
    assert message in str(error.value).lower()


def test_not_a_spreadsheet_despite_its_name(db):
    with pytest.raises(TableError) as error:
        read_table(
            b"PK\x03\x04 kapot zip-bestand", "register.xlsx", None, Limits.for_import("register")
        )
    assert "geen leesbaar spreadsheet" in str(error.value)


def test_oversized_and_wrong_type_uploads_are_refused_before_reading():
    with pytest.raises(TableError, match="limiet is 20 MB"):
        check_upload("groot.csv", 25_000_000, 20_000_000)
    with pytest.raises(TableError, match="geen CSV"):
        check_upload("virus.exe", 100, 20_000_000)


def test_windows_1252_and_comma_delimited_files_are_read(db):
    text = "KvK,Naam,Plaats\n01234567,Café De Hoek,’s-Hertogenbosch\n"
    data = read_table(text.encode("cp1252"), "r.csv", None, Limits.for_import("register"))
    assert (data.encoding, data.delimiter) == ("windows-1252", ",")
    assert data.rows[0][1] == ["01234567", "Café De Hoek", "’s-Hertogenbosch"]


def test_xlsx_with_numeric_kvk_and_dates(db):
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = workbook.add_worksheet("Register")
    sheet.write_row(0, 0, ["KvK-nummer", "Naam", "Geldig tot"])
    sheet.write_number(1, 0, 1234567)  # Excel dropped the leading zero
    sheet.write_string(1, 1, "Werkplaats")
    sheet.write_datetime(
        1,
        2,
        __import__("datetime").datetime(2027, 6, 30),
        workbook.add_format({"num_format": "dd-mm-yyyy"}),
    )
    workbook.close()
    data = read_table(buffer.getvalue(), "register.xlsx", None, Limits.for_import("register"))
    result = run_register_import(
        data,
        ImportOptions(
            source=Source.CODE_SO,
            mapping=guess_mapping(data.columns, FIELDS),
            valid_from=date(2026, 1, 1),
        ),
        actor="test",
        dry_run=False,
    )
    assert result.new == 1
    qualification = Qualification.objects.get()
    assert qualification.company.kvk_number == "01234567"
    assert qualification.valid_until == date(2027, 6, 30)


def test_command_with_json_summary(db, tmp_path, capsys):
    path = tmp_path / "pso.csv"
    path.write_text(PSO_EDITION_1, encoding="utf-8")
    call_command(
        "import_register", str(path), "--source", "pso", "--valid-from", "01-01-2026", "--json"
    )
    summary = json.loads(capsys.readouterr().out)
    assert (summary["rows"], summary["new"], summary["committed"]) == (3, 3, True)
    assert summary["mapping"]["kvk_number"] == "KvK-nummer"
    call_command(
        "import_register", str(path), "--source", "pso", "--valid-from", "01-01-2026", "--json"
    )
    assert json.loads(capsys.readouterr().out)["unchanged"] == 3


def test_command_dry_run_and_map_options(db, tmp_path, capsys):
    path = tmp_path / "lijst.csv"
    path.write_text("Org;Nummer\nDe Brug;01234567\n", encoding="utf-8")
    call_command(
        "import_register",
        str(path),
        "--source",
        "se_nl",
        "--map",
        "name=Org",
        "--map",
        "kvk_number=Nummer",
        "--dry-run",
    )
    assert "Dry run" in capsys.readouterr().out
    assert not Company.objects.exists()


def test_command_errors_are_clear(db, tmp_path):
    empty = tmp_path / "leeg.csv"
    empty.write_bytes(b"")
    with pytest.raises(CommandError, match="leeg.csv"):
        call_command("import_register", str(empty), "--source", "pso")
    path = tmp_path / "pso.csv"
    path.write_text("KvK;Naam;Trede\n1234abcd;X;trede 1\n", encoding="utf-8")
    with pytest.raises(CommandError, match="1 rows rejected"):
        call_command("import_register", str(path), "--source", "pso")
    assert not Company.objects.exists()
    with pytest.raises(CommandError, match="does not exist"):
        call_command("import_register", str(path), "--source", "pso", "--level", "goud")


def test_links_that_are_not_http_or_https_are_rejected_with_line_and_column(db):
    text = (
        "KvK;Naam;Trede;Bewijs;Website\n"
        "01234567;Goed;trede 1;https://register.example/01234567;werkplaats.nl\n"
        "11223344;Script;trede 1;javascript:alert(document.cookie);\n"
        "22334455;Data;trede 1;data:text/html,<script>alert(1)</script>;\n"
        "33445566;Site;trede 1;;JavaScript:alert(1)\n"
        "44556677;Ftp;trede 1;ftp://register.example/x;\n"
    )
    result = run(text, allow_rejected=True)
    assert [(o.line, o.reason) for o in result.outcomes if o.action == "rejected"] == [
        (
            3,
            "kolom “Bewijs”: “javascript:alert(document.cookie)” is geen webadres: alleen "
            "adressen die beginnen met http:// of https:// zijn toegestaan.",
        ),
        (
            4,
            "kolom “Bewijs”: “data:text/html,<script>alert(1)</script>” is geen webadres: "
            "alleen adressen die beginnen met http:// of https:// zijn toegestaan.",
        ),
        (
            5,
            "kolom “Website”: “JavaScript:alert(1)” is geen webadres: alleen adressen die "
            "beginnen met http:// of https:// zijn toegestaan.",
        ),
        (
            6,
            "kolom “Bewijs”: “ftp://register.example/x” is geen webadres: alleen adressen die "
            "beginnen met http:// of https:// zijn toegestaan.",
        ),
    ]
    company = Company.objects.get()
    assert (company.kvk_number, company.website) == ("01234567", "https://werkplaats.nl")
    assert company.qualifications.get().evidence_url == "https://register.example/01234567"
