"""The CPV list shipped with the product: lookup, the check digit, search and the tree."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from impactinkoop.core.reference import cpv


def test_the_list_holds_every_cpv_2008_code():
    codes = cpv.all_codes()
    assert len(codes) == 9454
    assert {code.type for code in codes} == {"supplies", "services", "works"}
    assert sum(code.type == "works" for code in codes) == 822


def test_a_code_with_its_check_digit_is_found():
    entry = cpv.parse("45000000-7")
    assert entry.code == "45000000"
    assert entry.label_nl == "Bouwwerkzaamheden"
    assert entry.type == "works"
    assert entry.level == 1


@pytest.mark.parametrize(
    "written", ["45233130-9", "45233130", "45233130.0", " 4523 3130 - 9 ", 45233130]
)
def test_the_forms_a_code_is_written_in_give_one_code(written):
    assert cpv.normalise(written) == "45233130-9"


def test_a_wrong_check_digit_is_refused_and_the_message_gives_the_right_code():
    with pytest.raises(cpv.CpvError) as refused:
        cpv.parse("45000000-8")
    assert refused.value.reason == "check_digit"
    with translation.override("en"):
        assert cpv.error_message(refused.value) == (
            "“45000000-8” has the wrong check digit: the CPV code is 45000000-7."
        )


@pytest.mark.parametrize(
    ("written", "reason"),
    [("12345678-1", "unknown"), ("4500000", "shape"), ("bouw", "shape"), ("", "shape")],
)
def test_what_is_not_a_cpv_code_says_why(written, reason):
    with pytest.raises(cpv.CpvError) as refused:
        cpv.parse(written)
    assert refused.value.reason == reason
    assert cpv.lookup(written) is None


def test_the_validator_names_the_bad_code_in_dutch():
    with translation.override("nl"), pytest.raises(ValidationError) as refused:
        cpv.validate_cpv("12345678-1")
    assert refused.value.messages == ["“12345678-1” is geen code van de CPV 2008."]
    assert refused.value.code == "cpv_unknown"


def test_ancestors_run_from_the_division_down_and_skip_missing_levels():
    found = [entry.code_with_check_digit for entry in cpv.ancestors("45233130-9")]
    assert found == ["45000000-7", "45200000-9", "45230000-8", "45233000-9", "45233100-0"]
    assert cpv.ancestors("45000000-7") == []


def test_children_are_one_level_down():
    found = [entry.code for entry in cpv.children("90900000-6")]
    assert "90910000" in found and "90911000" not in found
    assert all(entry.startswith("909") for entry in found)


def test_search_by_code_prefix_puts_the_most_general_first():
    found = cpv.search("909")
    assert found[0].code_with_check_digit == "90900000-6"
    assert all(entry.code.startswith("909") for entry in found)
    assert len(cpv.search("909", limit=5)) == 5


def test_search_by_words_needs_every_word_and_ignores_case_and_accents():
    found = cpv.search("Reiniging GEBOUWEN")
    assert found
    assert all("reiniging" in entry.label_nl.lower() for entry in found)
    assert all("gebouwen" in entry.label_nl.lower() for entry in found)
    assert "90911000-6" in [entry.code_with_check_digit for entry in found]
    assert cpv.search("   ") == []
    assert cpv.search("xyzzy-no-such-word") == []


def test_a_search_is_fast_once_loaded():
    import time

    cpv.search("bouw")
    started = time.perf_counter()
    for _ in range(20):
        cpv.search("schoonmaak diensten")
    assert (time.perf_counter() - started) / 20 < 0.05


def test_labels_fall_back_to_dutch_in_english_when_the_list_has_no_english():
    entry = cpv.parse("45000000-7")
    with translation.override("en"):
        assert entry.label_en == ""
        assert entry.label == "Bouwwerkzaamheden"
        assert entry.type_label == "Works"
    with translation.override("nl"):
        assert entry.type_label == "Werken"
