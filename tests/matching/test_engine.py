"""Name normalisation, candidate search and bands of the matching engine (plain Python)."""

import pytest

from impactinkoop.matching.engine import (
    AUTO,
    CUT_SHORT,
    INITIALS,
    NONE,
    ONE_LETTER,
    REVIEW,
    Register,
)
from impactinkoop.matching.normalise import comparison_key, initials, name_key


@pytest.mark.parametrize(
    "name,key",
    [
        ("STG. DE WERKPLAATS", "werkplaats"),
        ("De Werkplaats B.V.", "werkplaats"),
        ("WERKPLAATS (DE) BV", "werkplaats"),
        ("Stichting de Werkplaats", "werkplaats"),
        ("Coöperatie Ons Dorp U.A.", "ons dorp"),
        ("Jansen & Zn. V.O.F.", "jansen en zn"),
        ("HONEYWELL B. V.", "honeywell"),
        ("HONEYWELL B.V., AMSTERDAM, NL", "honeywell"),
        ("GIST-BROCADES N.V.", "gistbrocades"),
        ("Groen &amp; Zo GmbH", "groen en zo"),
        ("Acme Ltd", "acme"),
        ("D.S.M. N.V.", "dsm"),
        ("DSM N,V.", "dsm"),
        ("DSM N.V. TE HEERLEN.", "dsm"),
        ("ELF ATOCHEM S. A.", "elf atochem"),
        ("N.V, PHILIPS' GLOEILAMPENFABRIEKEN", "philips gloeilampenfabrieken"),
        ("Jan B A Smit", "jan b a smit"),  # initials of a person are not a legal form
        ("Bakkerij te Boekhorst", "bakkerij te boekhorst"),  # a surname, not a seat
    ],
)
def test_name_keys(name, key):
    assert name_key(name) == key


REGISTER = Register(
    [
        ("01234567", "De Werkplaats B.V."),
        ("07654321", "Groen & Zo"),
        ("11223344", "Stichting Het Groene Hart Catering"),
        ("22334455", "Bakkerij Jansen"),
        ("22334466", "Bakkerij Janssen"),
        ("", "Sociaal Werkbedrijf De Poort"),
    ]
)


def test_kvk_comes_first():
    match = REGISTER.match("Heel Andere Naam BV", "01234567")
    assert (match.decision, match.match_kvk) == (REVIEW, "01234567")
    assert "names differ" in match.reason
    match = REGISTER.match("WERKPLAATS BV", "01234567")
    assert (match.decision, match.reason) == (AUTO, "same KvK")


def test_same_name_after_normalisation_is_auto():
    match = REGISTER.match("GROEN EN ZO BV")
    assert (match.decision, match.match_kvk) == (AUTO, "07654321")
    assert "legal form" in match.reason


def test_truncated_names_and_word_order():
    match = REGISTER.match("HET GROENE HART CATERING STICHTIN")
    assert (match.decision, match.match_kvk) == (AUTO, "11223344")
    assert "cut short" in match.reason
    # "Jansen & Dekker" may be another firm than "Dekker & Jansen": only proposed.
    match = REGISTER.match("Catering Het Groene Hart")
    assert (match.decision, match.reason) == (REVIEW, "same words in another order")


def test_a_close_rival_sends_the_match_to_review():
    match = REGISTER.match("Bakkerij Jansens")
    assert match.decision == REVIEW
    assert "almost as high" in match.reason


def test_a_kvk_that_contradicts_a_strong_name_match_is_reviewed():
    match = REGISTER.match("De Werkplaats BV", "99999999")
    assert (match.decision, match.match_kvk) == (REVIEW, "01234567")
    assert "KvK numbers differ" in match.reason


def test_candidates_without_kvk_can_be_found_by_name():
    match = REGISTER.match("SOCIAAL WERKBEDRIJF DE POORT")
    assert (match.decision, match.match_name) == (AUTO, "Sociaal Werkbedrijf De Poort")


def test_unknown_names_find_nothing():
    assert REGISTER.match("Totaal Onbekend Installatiebedrijf").decision == NONE
    assert REGISTER.match("").decision == NONE


def test_candidate_search_does_not_compare_every_entry():
    register = Register((f"{n:08d}", f"Bedrijf {n} Techniek") for n in range(5000))
    candidates = register.candidates(name_key("Bedrijf 4711 Techniek"))
    assert 0 < len(candidates) <= 60
    assert register.match("BEDRIJF 4711 TECHNIEK B.V.").match_kvk == "00004711"


def test_comparison_key_drops_generic_and_repeated_words():
    assert comparison_key("The Singer Company N.V.") == comparison_key("SINGER CO.") == "singer"
    assert comparison_key("UNILEVER PLC; UNILEVER NV") == "unilever"
    assert initials("international business machines") == "ibm"
    assert initials("groen zo") == ""


def test_run_together_words_initials_and_typos_are_found():
    register = Register(
        [
            ("10000001", "GIST-BROCADES B.V."),
            ("10000002", "ST Microelectronics N.V."),
            ("10000003", "IBM Corp."),
            ("10000004", "Wabco B.V."),
            ("10000005", "Meerder Bakkerij B.V."),
            *((f"2{n:07d}", f"Bedrijf{n} Bakkerij") for n in range(200)),
        ]
    )
    match = register.match("GIST BROCADES NV")
    assert (match.match_kvk, match.decision) == ("10000001", AUTO)
    assert register.match("STMICROELECTRONICS").match_kvk == "10000002"
    match = register.match("INTERNATIONAL BUSINESS MACHINES CORPORATION")
    assert (match.match_kvk, match.decision, match.reason) == ("10000003", REVIEW, INITIALS)
    match = register.match("WACBO BV")  # two letters swapped in a short name
    assert (match.match_kvk, match.decision) == ("10000004", REVIEW)
    # Two letters swapped in a word of seven that the register does not know: a typo, linked.
    match = register.match("Meeredr Bakkerij BV")
    assert (match.match_kvk, match.decision, match.reason) == ("10000005", AUTO, ONE_LETTER)


def test_a_renamed_company_sharing_its_rare_word_is_only_proposed():
    register = Register(
        [("10000001", "Koninklijke Philips Electronics N.V."), ("10000002", "Akzo Nobel N.V.")]
    )
    match = register.match("N.V. Philips' Gloeilampenfabrieken")
    assert (match.match_kvk, match.decision) == ("10000001", REVIEW)
    assert match.reason == "both names have the rare word “philips”"


def test_cut_off_names_and_legal_forms():
    register = Register(
        [("10000001", "Concern voor Werk N.V."), ("10000002", "Lander Werk & Integratie")]
    )
    match = register.match("CONCERN VOOR WERK N.")  # cut at 20 characters, inside the legal form
    assert (match.match_kvk, match.decision, match.reason) == ("10000001", AUTO, CUT_SHORT)
    match = register.match("LANDER WERK & INTEGR")
    assert (match.match_kvk, match.decision, match.reason) == ("10000002", AUTO, CUT_SHORT)
    # A name that merely begins like a register name is not cut short when it is complete words.
    assert register.match("Concern").decision != AUTO
