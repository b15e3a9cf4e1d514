"""`impactinkoop match_names`: CSV in, CSV or JSON out, clear errors for bad files."""

import csv
import io
import json
import os
import subprocess
import sys

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


def _cli(tmp_path, *args, **settings) -> subprocess.CompletedProcess:
    """The console command in a fresh process, as a user runs it; prints whether the apps were
    loaded once it is done."""
    script = (
        "import sys\n"
        "from impactinkoop.cli import main\n"
        "try:\n"
        "    main(sys.argv[1:])\n"
        "finally:\n"
        "    from django.apps import apps\n"
        "    print('apps loaded:', apps.ready)\n"
    )
    env = {**os.environ, "DATA_DIR": str(tmp_path / "data"), **settings}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [sys.executable, "-c", script, "match_names", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_the_console_command_matches_without_loading_the_apps(files, tmp_path):
    register, names = files
    out = tmp_path / "matches.csv"
    done = _cli(tmp_path, str(register), str(names), "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert "apps loaded: False" in done.stdout
    expected = tmp_path / "expected.csv"
    call_command("match_names", str(register), str(names), "--out", str(expected))
    assert out.read_text(encoding="utf-8") == expected.read_text(encoding="utf-8")


def test_a_bad_file_from_the_console_gets_the_translated_message(files, tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    done = _cli(tmp_path, str(empty), str(files[1]))
    assert done.returncode == 1
    # The message is Dutch, so the command ran again with the apps (and their catalogues).
    assert "empty.csv is leeg" in done.stderr
    assert "apps loaded: True" in done.stdout
    assert "Traceback" not in done.stderr


def test_a_bad_setting_from_the_console_is_one_line_without_a_traceback(files, tmp_path):
    done = _cli(tmp_path, str(files[0]), str(files[1]), SECURE_SSL_REDIRECT="ture")
    assert done.returncode == 1
    assert "impactinkoop: SECURE_SSL_REDIRECT='ture' is not a yes/no value" in done.stderr
    assert "Traceback" not in done.stderr
