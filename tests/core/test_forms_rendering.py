"""Every form field in the NL Design System's class conventions (decision 0017): label,
description and error message linked to the control, and the control's component class."""

from django import forms
from django.template import Context, Template


class ExampleForm(forms.Form):
    name = forms.CharField(help_text="Zoals op de factuur.")
    kind = forms.ChoiceField(choices=[("a", "A"), ("b", "B")])
    agree = forms.BooleanField(required=False)
    trap = forms.CharField(required=False, widget=forms.TextInput(attrs={"class": "trap"}))


def render(form) -> str:
    return Template('{% include "includes/form.html" %}').render(Context({"form": form}))


def test_a_field_with_an_error_is_described_by_its_description_and_its_error():
    html = render(ExampleForm(data={}))
    assert '<label class="utrecht-form-label" for="id_name">' in html
    assert (
        'class="utrecht-form-field-description utrecht-form-field__description" '
        'id="id_name_helptext"' in html
    )
    assert (
        'class="utrecht-form-field-error-message utrecht-form-field__error-message" '
        'id="id_name_error"' in html
    )
    assert (
        'aria-invalid="true" aria-describedby="id_name_helptext id_name_error" id="id_name"' in html
    )
    assert "utrecht-form-field utrecht-form-field--text utrecht-form-field--invalid" in html


def test_each_control_gets_its_component_class_before_its_own():
    html = render(ExampleForm())
    assert 'id="id_name" class="utrecht-textbox utrecht-textbox--html-input"' in html
    assert 'id="id_kind" class="utrecht-select utrecht-select--html-select"' in html
    assert 'id="id_agree" class="utrecht-checkbox utrecht-checkbox--html-input"' in html
    assert 'class="utrecht-textbox utrecht-textbox--html-input trap"' in html
    # A checkbox comes before its label, as the component lays it out.
    assert html.index('id="id_agree"') < html.index('for="id_agree"')
