"""The shipped Dutch place names, and `load_reference_data --places` that rebuilds them."""

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from impactinkoop.core.reference import build, places
from impactinkoop.core.reference.mergers import MERGERS


def rows(path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_list_knows_cities_everyday_names_and_municipalities_formed_since_2016():
    names = places.place_names()
    for name in ("Rotterdam", "'s-Hertogenbosch", "Den Haag", "Den Bosch", "Land van Cuijk"):
        assert name in names
    assert "Voorne aan Zee" in places.place_names_of("municipality")
    assert "Heerhugowaard" in places.place_names_of("former_municipality")
    assert "Hengelo" in places.place_names_of("alias")  # the plain name of "Hengelo (O)"
    assert {"'t Harde", "Het Harde"} <= set(names)
    assert "Ouderkerk aan de Amstel" in places.place_names_of("residence")


def test_names_are_sorted_once_each_and_ordinary_words_are_left_out():
    names = places.place_names()
    assert list(names) == sorted(set(names), key=lambda name: (name.casefold(), name))
    assert len({name.casefold() for name in names}) == len(names)
    assert "Dam" not in names and "Park" not in names


def test_today_there_are_342_municipalities_and_every_merged_one_is_a_former():
    assert len(places.place_names_of("municipality")) == 342
    former = set(places.place_names_of("former_municipality"))
    assert former == {old for _, _, olds in MERGERS for old in olds}


def test_the_shipped_file_is_what_the_builder_writes_from_its_residences(tmp_path):
    shipped = rows(build.DATA_DIR / build.PLACES_FILE)
    source = tmp_path / "residences.txt"
    residences = [row["name"] for row in shipped if row["kind"] == "residence"]
    source.write_text("\n".join(residences), encoding="utf-8")
    label = shipped[[row["kind"] for row in shipped].index("residence")]["source"]
    call_command("load_reference_data", places=source, places_source=label, target=tmp_path)
    assert (tmp_path / build.PLACES_FILE).read_bytes() == (
        build.DATA_DIR / build.PLACES_FILE
    ).read_bytes()


def test_a_csv_of_woonplaatsen_in_title_case_gives_dutch_names(tmp_path, capsys):
    source = tmp_path / "woonplaatsen.csv"
    body = [f'"Plaats {number} Aan Den Rijn";"{number}"' for number in range(1200)]
    extra = ['"\'S-Heerenberg";"1"', '"Afferden (Gld)";"2"', '"Afferden (Li)";"3"', '"Dam";"4"']
    source.write_text("Woonplaats;Code\n" + "\n".join(body + extra), encoding="utf-8")
    call_command("load_reference_data", places=source, target=tmp_path, as_json=True)
    counts = json.loads(capsys.readouterr().out)["places"]
    assert counts["residence"] == 1202
    written = {row["name"]: row for row in rows(tmp_path / build.PLACES_FILE)}
    assert written["Plaats 7 aan den Rijn"]["source"] == "woonplaatsen.csv"
    assert written["'s-Heerenberg"]["kind"] == "residence"
    assert "Afferden" in written and "Dam" not in written
    assert written["Rotterdam"]["kind"] == "municipality"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("woonplaatsen.txt", "Rotterdam\nUtrecht\n", "only 2 residences"),
        ("woonplaatsen.csv", "Gemeente;CBS\nUtrecht;0344\n", "needs a column name, naam"),
    ],
)
def test_a_wrong_list_is_refused_and_our_file_is_left_as_it_was(tmp_path, name, content, message):
    source = tmp_path / name
    source.write_text(content, encoding="utf-8")
    (tmp_path / build.PLACES_FILE).write_text("the old edition", encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        call_command("load_reference_data", places=source, target=tmp_path)
    assert (tmp_path / build.PLACES_FILE).read_text(encoding="utf-8") == "the old edition"


def test_the_loader_needs_no_django_so_the_matching_engine_can_use_it():
    code = (
        "import sys; from impactinkoop.core.reference.places import place_names; "
        "assert place_names() and 'django' not in sys.modules"
    )
    source = str(Path(places.__file__).parents[3])  # the folder that holds impactinkoop/
    env = {**os.environ, "PYTHONPATH": source}
    subprocess.run([sys.executable, "-c", code], check=True, env=env)
