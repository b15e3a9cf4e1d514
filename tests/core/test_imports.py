"""The one import framework (issue 16, item 1): the commands record their batch with its states
and audit entries as the wizard does, every import's problems have one shape and one cap, and an
import without limits of its own gets the shared ones."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django.urls import reverse

from impactinkoop.core.imports import ImportState
from impactinkoop.core.imports.problems import ProblemList, RowProblem
from impactinkoop.core.imports.reader import is_formula
from impactinkoop.core.models import AuditEntry
from impactinkoop.core.stored_text import stored
from impactinkoop.core.tabular import Limits
from impactinkoop.registry.models import Company, RegisterImport
from impactinkoop.spend.models import LedgerImport, LedgerLine

PSO = "KvK-nummer;Bedrijfsnaam;Plaats;Trede\n01234567;De Werkplaats B.V.;Utrecht;Trede 2\n"
LEDGER = (
    "Crediteurnummer;Crediteur;Factuurnummer;Factuurdatum;Bedrag\n"
    "1001;DE WERKPLAATS B.V.;F1;15-01-2025;1.234,56\n"
    "1002;Jansen & Zn;F3;20-02-2025;50,00\n"
)


def actions(model) -> list[str]:
    return list(
        AuditEntry.objects.filter(object_type=model._meta.label_lower)
        .order_by("id")
        .values_list("action", flat=True)
    )


def test_the_register_command_records_its_batch_like_the_wizard(org, tmp_path, capsys):
    path = tmp_path / "pso.csv"
    path.write_text(PSO, encoding="utf-8")
    call_command("import_register", str(path), "--source", "pso", "--org", org.slug, "--json")
    batch = RegisterImport.objects.get()
    assert (batch.state, batch.organisation, batch.started_in) == (ImportState.COMMITTED, org, org)
    assert bytes(batch.file.data) == PSO.encode()
    assert batch.mapping["kvk_number"] == "KvK-nummer"
    assert batch.summary["new"] == 1 and batch.committed_at is not None
    assert actions(RegisterImport) == [
        "register.import_uploaded",
        "register.import_check_started",
        "register.import_queued",
    ]
    assert json.loads(capsys.readouterr().out)["committed"] is True


def test_public_register_data_from_the_command_belongs_to_no_organisation(db, tmp_path):
    path = tmp_path / "pso.csv"
    path.write_text(PSO, encoding="utf-8")
    call_command("import_register", str(path), "--source", "pso")
    batch = RegisterImport.objects.get()
    assert (batch.state, batch.organisation, batch.started_in) == (
        ImportState.COMMITTED,
        None,
        None,
    )


def test_rejected_rows_leave_the_commands_batch_checked_and_write_nothing(org, tmp_path):
    path = tmp_path / "pso.csv"
    path.write_text("KvK;Naam;Trede\n1234abcd;X;trede 1\n=1+1;Y;trede 1\n", encoding="utf-8")
    with pytest.raises(CommandError, match="2 rows rejected"):
        call_command("import_register", str(path), "--source", "pso", "--org", org.slug)
    batch = RegisterImport.objects.get()
    assert batch.state == ImportState.CHECKED and batch.summary["blocked"]
    assert [
        (row["line"], row["column"], row["code"]) for row in batch.summary["rejected_rows"]
    ] == [
        (2, "KvK", "kvk_number"),
        (3, "KvK", "kvk_number"),
    ]
    assert not Company.objects.exists()


def test_a_formula_in_a_register_file_is_rejected_with_its_column(org, tmp_path):
    path = tmp_path / "pso.csv"
    path.write_text("KvK;Naam;Trede\n01234567;=HYPERLINK(1);trede 1\n", encoding="utf-8")
    with pytest.raises(CommandError, match="1 rows rejected"):
        call_command("import_register", str(path), "--source", "pso", "--dry-run")
    assert not RegisterImport.objects.exists()  # a dry run records nothing


def test_the_ledger_command_records_its_batch_and_the_same_file_is_refused(org, tmp_path):
    path = tmp_path / "grootboek.csv"
    path.write_text(LEDGER, encoding="utf-8")
    call_command("import_ledger", str(path), "--org", org.slug)
    batch = LedgerImport.objects.get()
    assert (batch.state, batch.rows_imported, batch.file) == (ImportState.COMMITTED, 2, None)
    assert batch.file_sha256 and batch.file_name == "grootboek.csv"
    assert actions(LedgerImport) == [
        "spend.import_uploaded",
        "spend.import_queued",
        "spend.ledger_imported",
    ]
    with pytest.raises(CommandError, match="grootboek.csv"):
        call_command("import_ledger", str(path), "--org", org.slug)
    assert LedgerLine.objects.count() == 2


def test_a_command_that_cannot_start_records_nothing(org, tmp_path):
    path = tmp_path / "grootboek.csv"
    path.write_text(LEDGER, encoding="utf-8")
    with pytest.raises(CommandError, match="grootboek.csv"):
        call_command("import_ledger", str(path), "--org", org.slug, "--map", "amount=")
    call_command("import_ledger", str(path), "--org", org.slug, "--dry-run")
    assert not LedgerImport.objects.exists()  # a dry run records nothing either


def test_a_command_import_that_fails_while_writing_leaves_its_batch_failed(
    org, tmp_path, monkeypatch
):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("impactinkoop.spend.imports.importing.write_lines", broken)
    path = tmp_path / "grootboek.csv"
    path.write_text(LEDGER, encoding="utf-8")
    with pytest.raises(RuntimeError, match="disk full"):
        call_command("import_ledger", str(path), "--org", org.slug)
    assert LedgerImport.objects.get().state == ImportState.FAILED
    assert not LedgerLine.objects.exists()


def test_the_wizard_logs_every_step_of_the_lifecycle(client_for, org, alice):
    client = client_for(alice)
    client.post(
        reverse("registry:import_start", args=[org.slug]),
        {"file": SimpleUploadedFile("pso.csv", PSO.encode()), "source": "pso"},
    )
    batch = RegisterImport.objects.get()
    client.post(reverse("registry:import_cancel", args=[org.slug, batch.pk]))
    batch.refresh_from_db()
    assert batch.state == ImportState.CANCELLED
    assert actions(RegisterImport) == ["register.import_uploaded", "register.import_cancelled"]
    entry = AuditEntry.objects.get(action="register.import_cancelled")
    assert (entry.actor, entry.organisation, entry.object_repr) == (alice, org, "pso.csv")


def test_problems_are_all_counted_and_the_first_are_kept():
    problems = ProblemList(cap=2)
    for line in (2, 3, 4):
        problems.add(line, "Bedrag", "amount", stored("“%(value)s” is no amount", value="x"))
    assert (problems.count, problems.full) == (3, True)
    assert problems.as_dicts()[0] == {
        "line": 2,
        "column": "Bedrag",
        "code": "amount",
        "text": "“%(value)s” is no amount",
        "values": {"value": "x"},
        "message": "“x” is no amount",
    }
    problems.add_error(9, RowProblem("name", "no name", column="Naam"))
    assert problems.count == 4 and len(problems.listed) == 2


def test_formula_cells():
    assert [is_formula(text) for text in ("=1+1", "@SUM(A1)", "-12,50", "", None)] == [
        True,
        True,
        False,
        False,
        False,
    ]


@override_settings(IMPORT_MAX_BYTES=1234, IMPORT_MAX_UNPACKED_BYTES=5678)
def test_an_import_without_limits_of_its_own_gets_the_shared_ones(settings):
    limits = Limits.for_import("contract")
    assert (limits.max_bytes, limits.max_unpacked_bytes) == (1234, 5678)
    assert Limits.for_import("ledger").max_bytes == settings.LEDGER_IMPORT_MAX_BYTES
