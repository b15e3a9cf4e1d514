"""The register's index is built once, kept on disk and reused until the register changes."""

import json

import pytest
from django.core.management import call_command

from impactinkoop.matching.engine import AUTO, Register
from impactinkoop.matching.index import RegisterIndex

ENTRIES = [
    ("01234567", "De Werkplaats B.V.", 11),
    ("07654321", "Randstad Nederland B.V.", 12),
    ("", "Sociaal Werkbedrijf De Poort", 13),
]
NAMES = ["STG. DE WERKPLAATS", "RANDSTAD NEDERLAND BV", "Rdstad Nederland", "Onbekend"]


def test_a_kept_index_matches_exactly_as_the_one_built(tmp_path):
    built = Register(ENTRIES)
    first = Register.kept(tmp_path, "register", "v1", ENTRIES)
    assert first.index.meta["kept"] is False
    again = Register.kept(tmp_path, "register", "v1", lambda: pytest.fail("built again"))
    assert again.index.meta["kept"] is True
    rows = [(name, "") for name in NAMES]
    assert again.match_many(rows) == first.match_many(rows) == built.match_many(rows)
    assert again.match("De Werkplaats").ref == 11  # the caller's refs survive the disk


def test_another_register_builds_a_new_index_and_removes_the_old(tmp_path):
    Register.kept(tmp_path, "register", "v1", ENTRIES)
    changed = [*ENTRIES, ("11112222", "Otis B.V.", 14)]
    register = Register.kept(tmp_path, "register", "v2", changed)
    assert register.index.meta["kept"] is False
    assert register.match("OTIS BV").ref == 14
    assert len(list(tmp_path.glob("register-*"))) == 1


def test_a_damaged_index_is_built_again(tmp_path):
    Register.kept(tmp_path, "register", "v1", ENTRIES)
    (meta,) = tmp_path.glob("register-*/meta.json")
    meta.write_text(json.dumps({"format": -1}))
    register = Register.kept(tmp_path, "register", "v1", ENTRIES)
    assert register.index.meta["kept"] is False
    assert register.match("De Werkplaats").decision == AUTO


def test_only_integer_refs_can_be_kept(tmp_path):
    with pytest.raises(ValueError):
        RegisterIndex.build([("", "Naam", "a-text-ref")]).save(tmp_path / "x", "v1")


def test_match_names_keeps_the_register_index_until_the_file_changes(tmp_path, settings, capsys):
    settings.MATCHING_INDEX_DIR = str(tmp_path / "index")
    register = tmp_path / "register.csv"
    register.write_text("kvk,name\n1234567,De Werkplaats B.V.\n")
    names = tmp_path / "names.csv"
    names.write_text("name\nDE WERKPLAATS\n")

    def run():
        call_command("match_names", str(register), str(names), "--json")
        return json.loads(capsys.readouterr().out)

    assert (run()["index"], run()["index"]) == ("built", "kept")
    register.write_text("kvk,name\n1234567,De Werkplaats B.V.\n7654321,Groen & Zo\n")
    summary = run()
    assert (summary["index"], summary["register"]) == ("built", 2)
    call_command("match_names", str(register), str(names), "--json", "--no-keep")
    assert json.loads(capsys.readouterr().out)["index"] == "built"


def test_a_national_register_reads_its_strings_one_by_one_with_the_same_result(
    tmp_path, monkeypatch
):
    rows = [(name, "") for name in NAMES]
    expected = Register.kept(tmp_path, "register", "v1", ENTRIES).match_many(rows)
    monkeypatch.setattr("impactinkoop.matching.index.LIST_UP_TO", 1)
    register = Register.kept(tmp_path, "register", "v1", ENTRIES)
    assert register.index.keys._list is None  # not made into a list
    assert register.match_many(rows) == expected
