"""Importing obligations and realisations: a good file, a bad one (nothing written), and the
same file again (nothing changes)."""

import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from impactinkoop.sroi.models import Obligation, Realisation, SroiImport

pytestmark = pytest.mark.django_db
FILES = Path(__file__).parent / "files"


def run(org, name, *extra, capsys):
    call_command("import_sroi", str(FILES / name), "--org", org.slug, "--json", *extra)
    return json.loads(capsys.readouterr().out)


def test_good_file_then_again_changes_nothing(org, contracts, capsys):
    dry = run(org, "sroi_good.csv", "--dry-run", capsys=capsys)
    assert (dry["obligations_new"], dry["new"], dry["warnings"]) == (2, 3, 1)
    assert not Obligation.objects.exists()
    summary = run(org, "sroi_good.csv", capsys=capsys)
    assert summary["committed"]
    assert Obligation.objects.count() == 2
    assert Realisation.objects.count() == 3
    assert SroiImport.objects.get().state == "committed"
    placement = Realisation.objects.get(kind="placement")
    assert [bonus.name for bonus in placement.bonuses.all()] == ["Ouder dan 50 jaar"]
    assert Realisation.objects.get(kvk_number="87654321").status == "submitted"
    assert Obligation.objects.get(contract__reference="SR-1").amount == Decimal("10000.00")
    again = run(org, "sroi_good.csv", capsys=capsys)
    assert (again["obligations_new"], again["new"], again["unchanged"]) == (0, 0, 3)
    assert Realisation.objects.count() == 3


def test_bad_file_writes_nothing_and_names_every_line(org, contracts, capsys):
    with pytest.raises(CommandError):
        run(org, "sroi_bad.csv", capsys=capsys)
    summary = json.loads(capsys.readouterr().out)
    assert summary["rejected"] == 6
    assert [error["line"] for error in summary["errors"]] == [2, 3, 4, 5, 6, 7]
    assert not Obligation.objects.exists()
    assert not Realisation.objects.exists()
    # The BSN-like code is not repeated in the report.
    assert "123456782" not in json.dumps(summary)


def test_load_sroi_rules_command_loads_once(org, capsys):
    call_command("load_sroi_rules", "--org", org.slug)
    assert "loaded haaglanden-2023: 14 blocks" in capsys.readouterr().out
    call_command("load_sroi_rules", "--org", org.slug)
    assert "nothing to load" in capsys.readouterr().out
    with pytest.raises(CommandError):
        call_command("load_sroi_rules", "--org", "nobody")
