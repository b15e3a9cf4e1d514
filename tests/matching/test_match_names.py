"""`impactinkoop match_names`: CSV in, CSV or JSON out, clear errors for bad files."""

import csv
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError


@pytest.fixture
def files(tmp_path):
    register = tmp_path / "register.csv"
    register.write_text("kvk,name\n1234567,De Werkplaats B.V.\n07654321,Groen & Zo\n")
    names = tmp_path / "names.csv"
    names.write_text("name;kvk\nSTG. DE WERKPLAATS;\nOnbekend;\nGroen en Zo;7654321\n")
    return register, names


def test_csv_output_has_one_row_per_name(files, tmp_path, capsys):
    register, names = files
    out = tmp_path / "matches.csv"
    call_command("match_names", str(register), str(names), "--out", str(out))
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [r["decision"] for r in rows] == ["auto", "none", "auto"]
    assert rows[0]["match_kvk"] == "01234567"  # leading zero restored
    assert rows[1]["match_name"] == ""
    assert list(rows[0]) == ["name", "kvk", "match_kvk", "match_name", "score", "decision"]


def test_json_summary(files, capsys):
    call_command("match_names", str(files[0]), str(files[1]), "--json")
    summary = json.loads(capsys.readouterr().out)
    assert (summary["names"], summary["auto"], summary["none"]) == (3, 2, 1)
    assert summary["matches"][2]["kvk"] == "07654321"


def test_stdout_csv(files, capsys):
    call_command("match_names", str(files[0]), str(files[1]))
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == 4


@pytest.mark.parametrize(
    "content,message",
    [
        (b"", "leeg"),
        (b"naam,nummer\nX,1\n", "needs the column"),
        (b"kvk,name\x00\x00\x01", "binaire"),
    ],
)
def test_bad_register_files(content, message, files, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        call_command("match_names", str(bad), str(files[1]))


def test_missing_file(files):
    with pytest.raises(CommandError, match="no such file"):
        call_command("match_names", "/nonexistent.csv", str(files[1]))
