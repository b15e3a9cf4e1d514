"""The CPV picker: a field that names every bad code, an input that works without script."""

import pytest
from django import forms
from django.utils import translation

from impactinkoop.core.reference.fields import CpvCodesField, describe, split_codes


class TenderForm(forms.Form):
    cpv_codes = CpvCodesField(max_codes=3)


class OptionalForm(forms.Form):
    cpv_codes = CpvCodesField(required=False)


def test_several_codes_in_any_separator_come_back_checked_and_once():
    form = TenderForm({"cpv_codes": "77310000-6, 77313000 ;77310000-6\n90911200-8"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["cpv_codes"] == ("77310000-6", "77313000-7", "90911200-8")


def test_each_bad_code_is_named_in_its_own_translated_error():
    form = TenderForm({"cpv_codes": "77310000-6, 12345678-1, 77310000-5, bouw"})
    with translation.override("nl"):
        assert not form.is_valid()
        assert form.errors["cpv_codes"] == [
            "“12345678-1” is geen code van de CPV 2008.",
            "“77310000-5” heeft een verkeerd controlecijfer: de CPV-code is 77310000-6.",
            "“bouw” is geen CPV-code: schrijf acht cijfers en het controlecijfer, "
            "zoals 45000000-7.",
        ]


def test_too_many_codes_and_none_at_all_are_refused():
    form = TenderForm({"cpv_codes": "03000000-1, 09000000-3, 14000000-1, 15000000-8"})
    with translation.override("en"):
        assert not form.is_valid()
        assert form.errors["cpv_codes"] == ["Enter at most 3 CPV codes."]
    assert not TenderForm({"cpv_codes": " , "}).is_valid()
    optional = OptionalForm({"cpv_codes": ""})
    assert optional.is_valid() and optional.cleaned_data["cpv_codes"] == ()


def test_the_input_has_a_datalist_of_divisions_and_groups_and_no_inline_script():
    form = TenderForm(initial={"cpv_codes": ("45000000-7", "45233130-9")})
    html = str(form["cpv_codes"])
    assert 'value="45000000-7, 45233130-9"' in html
    assert 'list="id_cpv_codes-cpv"' in html
    assert 'data-cpv-search="/reference/cpv/"' in html
    assert '<datalist id="id_cpv_codes-cpv">' in html
    assert html.count("<option") == 317  # 45 divisions and 272 groups
    assert '<option value="45200000-9">' in html
    assert '<option value="45230000-8">' not in html  # a class: found by typing or by script
    assert "<script" not in html
    assert str(form.media) == '<script src="/static/impactinkoop/cpv-picker.js"></script>'


def test_a_refused_value_is_shown_again_as_typed():
    form = TenderForm({"cpv_codes": "45000000-7, 9999"})
    assert not form.is_valid()
    assert 'value="45000000-7, 9999"' in str(form["cpv_codes"])


def test_split_and_describe():
    assert split_codes(" 45000000-7,,45200000-9 ") == ["45000000-7", "45200000-9"]
    with translation.override("nl"):
        assert describe(["45000000-7", "nonsense"]) == "45000000-7 Bouwwerkzaamheden"


@pytest.mark.django_db
def test_the_search_finds_codes_by_digits_and_words_for_anyone(client):
    response = client.get("/reference/cpv/", {"q": "909"}, HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 200
    results = response.json()["results"]
    assert results[0] == {
        "code": "90900000-6",
        "label": "Schoonmaak- en afvalverwijderingsdiensten",
        "type": "services",
    }
    assert len(results) == 20
    words = client.get("/reference/cpv/", {"q": "glazenwassers"}).json()["results"]
    assert [result["code"] for result in words] == ["90911000-6"]
    assert client.get("/reference/cpv/").json() == {"results": []}
    assert client.post("/reference/cpv/", {"q": "909"}).status_code == 405


@pytest.mark.django_db
def test_our_ocds_extension_is_served_and_nothing_else(client):
    response = client.get("/ocds-extension/extension.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    extension = b"".join(response.streaming_content)
    assert b'"schemas"' in extension and b"release-schema.json" in extension
    assert client.get("/ocds-extension/release-schema.json").status_code == 200
    assert client.get("/ocds-extension/NOTICE.md").status_code == 404
    assert client.get("/ocds-extension/..%2Fcpv-2008.csv").status_code == 404
