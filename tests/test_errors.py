"""Clear error pages in both languages, without stack traces when DEBUG is off."""

import pytest
from django.test import Client
from django.urls import reverse


@pytest.mark.parametrize(
    "language,text", [("nl", "Pagina niet gevonden"), ("en", "Page not found")]
)
def test_404_page_in_both_languages(language, text, client, db):
    client.cookies["django_language"] = language
    response = client.get("/bestaat/niet/")
    assert response.status_code == 404
    assert text in response.content.decode()
    assert f'<html lang="{language}">' in response.content.decode()


@pytest.mark.parametrize(
    "language,text", [("nl", "Er ging iets mis"), ("en", "Something went wrong")]
)
def test_500_page_in_both_languages_without_trace(language, text, settings, db):
    settings.ROOT_URLCONF = "tests.urls_with_error"
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    client.cookies["django_language"] = language
    response = client.get("/kapot/")
    assert response.status_code == 500
    body = response.content.decode()
    assert text in body
    assert "Traceback" not in body and "boom" not in body


@pytest.mark.parametrize("language,text", [("nl", "Formulier verlopen"), ("en", "Form expired")])
def test_csrf_failure_page_in_both_languages(language, text, db):
    client = Client(enforce_csrf_checks=True)
    client.cookies["django_language"] = language
    response = client.post(reverse("accounts:login"), {"username": "a@b.nl", "password": "x"})
    assert response.status_code == 403
    assert text in response.content.decode()


def test_unknown_organisation_gets_the_404_page(client_for, alice):
    response = client_for(alice).get("/o/onbekend/")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()


def test_health_check_reports_the_database(client, db):
    response = client.get("/health/")
    assert response.json() == {"status": "ok", "database": "ok"}
