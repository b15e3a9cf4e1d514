"""The shipped municipality list: names, regions, and where someone lives seen from an
organisation."""

import pytest
from django.core.management import CommandError, call_command

from impactinkoop.core.reference import build
from impactinkoop.core.reference import municipalities as m
from tests.shared_data import SHARED, needs_shared


def test_the_list_holds_every_municipality_with_its_region():
    names = m.municipality_names()
    assert len(names) == 390
    assert "Utrecht" in names and "'s-Gravenhage" in names
    assert m.find("utrecht").cbs_code == "0344"


def test_region_of_ignores_case_and_spaces_and_knows_the_everyday_names():
    assert m.region_of("  HOUTEN ") == "Midden-Utrecht"
    assert m.region_of("den haag") == "Haaglanden"
    assert m.official_name("den bosch") == "'s-Hertogenbosch"
    assert m.region_of("Voorbeeldstad") is None


def test_classify_residence_from_the_organisation():
    assert m.classify("utrecht", "Utrecht", "Midden-Utrecht") == m.OWN_MUNICIPALITY
    assert m.classify("Houten", "Utrecht", "Midden-Utrecht") == m.OWN_REGION
    # without a region of its own, the organisation's municipality's region is used
    assert m.classify("Houten", "Utrecht", "") == m.OWN_REGION
    assert m.classify("Amsterdam", "Utrecht", "") == m.ELSEWHERE
    assert m.classify("", "Utrecht", "") == m.UNKNOWN
    assert m.classify("Nergenshuizen", "Utrecht", "") == m.UNKNOWN
    # a fictional own municipality (the demo's) is still its own
    assert m.classify("voorbeeldstad", "Voorbeeldstad", "Midden-Utrecht") == m.OWN_MUNICIPALITY
    assert m.classify("Bunnik", "Voorbeeldstad", "Midden-Utrecht") == m.OWN_REGION
    assert m.classify("Den Haag", "'s-Gravenhage", "") == m.OWN_MUNICIPALITY


MUNICIPALITIES_SOURCE = SHARED / "regions" / "arbeidsmarktregios.csv"


@needs_shared(MUNICIPALITIES_SOURCE)
def test_the_shared_source_gives_exactly_the_file_we_ship(tmp_path):
    call_command("load_reference_data", municipalities=MUNICIPALITIES_SOURCE, target=tmp_path)
    shipped = build.MUNICIPALITIES_FILE
    assert (tmp_path / shipped).read_bytes() == (build.DATA_DIR / shipped).read_bytes()


def test_a_list_with_an_unknown_region_is_refused_and_nothing_written(tmp_path):
    source = tmp_path / "gemeenten.csv"
    source.write_text('"Gemeente";"CBS";"Arbeidsmarktregio\'s"\n"Utrecht";"0344";"Atlantis"\n')
    with pytest.raises(CommandError, match="Utrecht"):
        call_command("load_reference_data", municipalities=source, target=tmp_path)
    assert not (tmp_path / build.MUNICIPALITIES_FILE).exists()
