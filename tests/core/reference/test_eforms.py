"""The eForms code lists shipped with the product, in Dutch and English."""

import pytest
from django.utils import translation

from impactinkoop.core.reference import eforms


def test_social_objective_codes_have_dutch_and_english_labels():
    codes = eforms.codes(eforms.SOCIAL_OBJECTIVE)
    assert list(codes) == ["acc-all", "et-eq", "gen-eq", "hum-right", "opp", "other", "work-cond"]
    with translation.override("nl"):
        assert eforms.label(eforms.SOCIAL_OBJECTIVE, "work-cond") == "Billijke arbeidsvoorwaarden"
    with translation.override("en"):
        assert eforms.label(eforms.SOCIAL_OBJECTIVE, "work-cond") == "Fair working conditions"


def test_reserved_procurement_for_sheltered_workshops():
    entry = eforms.lookup(eforms.RESERVED_PROCUREMENT, "res-ws")
    assert entry.label_en.startswith("Participation is reserved to sheltered workshops")
    assert entry.label_nl.startswith("Deelname is voorbehouden aan beschutte werkplaatsen")


def test_choices_leave_out_none_where_asked():
    with translation.override("en"):
        assert [code for code, _ in eforms.reserved_procurement_choices()] == [
            "res-pub-ser",
            "res-ws",
        ]
        assert [code for code, _ in eforms.strategic_procurement_choices()] == [
            "env-imp",
            "inn-pur",
            "soc-obj",
        ]
        assert ("none", "Participation is not reserved.") in eforms.choices(
            eforms.RESERVED_PROCUREMENT
        )


def test_accessibility_has_not_included_with_justification():
    with translation.override("en"):
        assert eforms.label(eforms.ACCESSIBILITY, "n-inc-just").endswith(
            "not included with the following justification"
        )


def test_an_unknown_code_shows_as_itself_and_an_unknown_list_is_an_error():
    assert eforms.label(eforms.SOCIAL_OBJECTIVE, "new-2030") == "new-2030"
    with pytest.raises(KeyError):
        eforms.codes("no-such-list")
