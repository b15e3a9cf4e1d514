"""Web addresses: http and https only, checked in one place for every form and import, and shown
as a link only when they still pass that check (old rows may hold anything)."""

import importlib
from datetime import date

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse

from impactinkoop.core.fields import WebAddressField
from impactinkoop.core.validators import (
    WEB_ADDRESS_MAX_LENGTH,
    normalise_web_address,
    validate_web_address,
)
from impactinkoop.registry.models import Company, Qualification

from ..catalogue.helpers import published_enterprise

NOT_HTTP = "is geen webadres: alleen adressen die beginnen met http:// of https:// zijn toegestaan."


@pytest.mark.parametrize(
    "typed,stored",
    [
        ("example.nl", "https://example.nl"),
        ("  www.example.nl/over-ons?a=b@c  ", "https://www.example.nl/over-ons?a=b@c"),
        ("example.nl:8080/x", "https://example.nl:8080/x"),
        ("//cdn.example.nl/x", "https://cdn.example.nl/x"),
        ("http://example.nl", "http://example.nl"),
        ("javascript:alert(1)", "javascript:alert(1)"),
        ("", ""),
    ],
)
def test_an_address_without_scheme_means_https(typed, stored):
    assert normalise_web_address(typed) == stored


@pytest.mark.parametrize(
    "value,message",
    [
        ("javascript:alert(1)", f"“javascript:alert(1)” {NOT_HTTP}"),
        (" JavaScript:alert(1)", f"“ JavaScript:alert(1)” {NOT_HTTP}"),
        ("data:text/html,<b>x</b>", f"“data:text/html,<b>x</b>” {NOT_HTTP}"),
        ("vbscript:x", f"“vbscript:x” {NOT_HTTP}"),
        ("mailto:info@example.nl", f"“mailto:info@example.nl” {NOT_HTTP}"),
        ("ftp://example.nl/a", f"“ftp://example.nl/a” {NOT_HTTP}"),
        (
            "https://",
            "“https://” is geen geldig webadres; een voorbeeld is https://www.voorbeeld.nl.",
        ),
        (
            "https://exa mple.nl",
            "“https://exa mple.nl” is geen geldig webadres; een voorbeeld is "
            "https://www.voorbeeld.nl.",
        ),
        (
            "https://mijngemeente.nl@elders.example/login",
            "“https://mijngemeente.nl@elders.example/login” is geen geldig webadres; een "
            "voorbeeld is https://www.voorbeeld.nl.",
        ),
        (
            "https://example.nl/" + "a" * WEB_ADDRESS_MAX_LENGTH,
            "Een webadres mag hoogstens 500 tekens lang zijn; dit heeft er 519.",
        ),
    ],
)
def test_only_http_and_https_addresses_with_a_host_pass(value, message):
    with pytest.raises(ValidationError) as refused:
        validate_web_address(value)
    assert refused.value.messages == [message]


@pytest.mark.parametrize(
    "value", ["https://example.nl", "http://localhost:8000/x", "https://[::1]/", "HTTPS://A.NL"]
)
def test_real_web_addresses_pass(value):
    validate_web_address(value)


def every_form_class():
    for module in ("registry", "catalogue", "plans", "accounts", "spend"):
        forms_module = importlib.import_module(f"impactinkoop.{module}.forms")
        for value in vars(forms_module).values():
            if (
                isinstance(value, type)
                and issubclass(value, forms.BaseForm)
                and value.__module__ == forms_module.__name__
            ):
                yield value


def test_every_web_address_in_a_form_uses_the_one_field():
    url_fields = {
        f"{form.__name__}.{name}": type(field).__name__
        for form in every_form_class()
        for name, field in form.base_fields.items()
        if isinstance(field, forms.URLField)
    }
    assert url_fields == {
        "CompanyForm.website": "WebAddressField",
        "QualificationForm.evidence_url": "WebAddressField",
        "QualificationChangeForm.evidence_url": "WebAddressField",
        "ProfileForm.website": "WebAddressField",
        "ProgressEntryForm.link": "WebAddressField",
        "PolicyDocumentForm.link": "WebAddressField",
    }


def test_the_form_field_assumes_https_and_refuses_other_schemes():
    field = WebAddressField(required=False)
    assert field.clean("voorbeeld.nl") == "https://voorbeeld.nl"
    assert field.clean("") == ""
    with pytest.raises(ValidationError) as refused:
        field.clean("ftp://voorbeeld.nl")
    assert refused.value.messages == [f"“ftp://voorbeeld.nl” {NOT_HTTP}"]


@pytest.fixture
def old_rows(db):
    """Rows stored before addresses were checked."""
    company = Company.objects.create(
        kvk_number="12345678", name="Oud B.V.", website="javascript:alert('site')"
    )
    Qualification.objects.create(
        company=company,
        source="code_so",
        valid_from=date(2024, 1, 1),
        evidence_url="data:text/html,<script>alert('bewijs')</script>",
    )
    enterprise = published_enterprise("12345679", "Oude Onderneming")
    enterprise.website = "javascript:alert('onderneming')"
    enterprise.save()
    return company, enterprise


def test_a_stored_address_that_is_not_http_is_shown_as_text(old_rows, org, alice, client_for):
    company, enterprise = old_rows
    client = client_for(alice)
    page = client.get(reverse("registry:company", args=[org.slug, company.pk])).content.decode()
    assert 'href="javascript' not in page and 'href="data' not in page
    assert "<dd>javascript:alert(&#x27;site&#x27;)</dd>" in page
    assert (
        '<td class="utrecht-table__cell">'
        "data:text/html,&lt;script&gt;alert(&#x27;bewijs&#x27;)&lt;/script&gt;" in page
    )
    profile = client.get(f"/catalogue/enterprise/{enterprise.slug}/").content.decode()
    assert "<dd>javascript:alert(&#x27;onderneming&#x27;)</dd>" in profile


def test_a_good_stored_address_is_a_link(old_rows, org, alice, client_for):
    company, _enterprise = old_rows
    Company.objects.filter(pk=company.pk).update(website="https://oud.example/?a=1&b=2")
    page = client_for(alice).get(reverse("registry:company", args=[org.slug, company.pk]))
    assert (
        '<dd><a href="https://oud.example/?a=1&amp;b=2" rel="noopener noreferrer nofollow">'
        "https://oud.example/?a=1&amp;b=2</a></dd>" in page.content.decode()
    )
