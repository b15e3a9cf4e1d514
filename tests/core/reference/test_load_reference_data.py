"""`load_reference_data`: a newer edition from the upstream formats into our data files."""

import csv
import json

import pytest
from django.core.management import CommandError, call_command

from impactinkoop.core.reference import build
from tests.shared_data import SHARED, needs_shared

CPV_SOURCE = SHARED / "cpv" / "cpv-2008-nl.json"
EFORMS_SOURCE = SHARED / "tenders" / "eforms-codelists"
SCHEMA_SOURCE = SHARED / "tenders" / "ocds-schema"


def rows(path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@needs_shared(CPV_SOURCE)
@needs_shared(EFORMS_SOURCE)
@needs_shared(SCHEMA_SOURCE)
def test_the_shared_sources_give_exactly_the_files_we_ship(tmp_path, capsys):
    call_command(
        "load_reference_data",
        cpv=CPV_SOURCE,
        eforms=EFORMS_SOURCE,
        ocds_schema=SCHEMA_SOURCE,
        target=tmp_path,
        as_json=True,
    )
    counts = json.loads(capsys.readouterr().out)
    assert counts["cpv"] == 9454
    assert counts["eforms"] == {
        "social-objective": 7,
        "strategic-procurement": 4,
        "reserved-procurement": 3,
        "accessibility": 3,
    }
    shipped = [
        build.CPV_FILE,
        *(f"eforms-{name}.csv" for name in build.EFORMS_LISTS),
        *(f"ocds/{name}" for name in build.OCDS_SCHEMAS),
        "ocds/LICENSE",
    ]
    for name in shipped:
        assert (tmp_path / name).read_bytes() == (build.DATA_DIR / name).read_bytes(), name


def test_a_cpv_csv_gives_english_labels_and_types(tmp_path):
    source = tmp_path / "cpv.csv"
    codes = range(45000000, 45001100)
    body = [f"{code:08d}-{code % 10};Label {code};Omschrijving {code}" for code in codes]
    source.write_text("CODE;EN;NL\n" + "\n".join(body), encoding="utf-8")
    call_command("load_reference_data", cpv=source, target=tmp_path)
    written = rows(tmp_path / build.CPV_FILE)
    assert len(written) == 1100
    assert written[0] == {
        "code": "45000000",
        "code_with_check_digit": "45000000-0",
        "label_nl": "Omschrijving 45000000",
        "label_en": "Label 45000000",
        "type": "works",
    }


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[]", "only 0 CPV codes"),
        ("{not json", "not JSON"),
        ('[{"CPV CODE": "4500-7", "Omschrijving": "Bouw"}]', "is not a CPV code with a label"),
    ],
)
def test_a_wrong_cpv_source_is_refused_and_our_file_is_left_as_it_was(tmp_path, content, message):
    source = tmp_path / "cpv.json"
    source.write_text(content, encoding="utf-8")
    (tmp_path / build.CPV_FILE).write_text("the old edition", encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        call_command("load_reference_data", cpv=source, target=tmp_path)
    assert (tmp_path / build.CPV_FILE).read_text(encoding="utf-8") == "the old edition"


def test_an_eforms_folder_missing_a_list_writes_nothing(tmp_path):
    (tmp_path / "social-objective.gc").write_text("<x/>", encoding="utf-8")
    with pytest.raises(CommandError, match="social-objective.gc: not a genericode code list"):
        call_command("load_reference_data", eforms=tmp_path, target=tmp_path / "out")
    (tmp_path / "social-objective.gc").unlink()
    with pytest.raises(CommandError, match="social-objective.gc is missing"):
        call_command("load_reference_data", eforms=tmp_path, target=tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_without_a_source_the_command_says_what_it_needs():
    with pytest.raises(CommandError, match="name at least one of --cpv, --eforms.*--places"):
        call_command("load_reference_data")
