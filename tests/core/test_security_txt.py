"""/.well-known/security.txt (RFC 9116): whom to tell of a vulnerability, served by the product."""

from datetime import UTC, datetime, timedelta

import pytest


def fields(response) -> list[tuple[str, str]]:
    return [tuple(line.split(": ", 1)) for line in response.content.decode().splitlines()]


@pytest.mark.django_db
def test_security_txt_names_the_contact_languages_policy_and_its_own_address(client, settings):
    settings.SITE_URL = "https://impactinkoop.voorbeeldstad.nl"
    settings.SECURITY_CONTACTS = ["mailto:security@voorbeeldstad.nl", "https://example.org/meld"]
    settings.SECURITY_POLICY_URL = "https://example.org/SECURITY.md"
    response = client.get("/.well-known/security.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    expires = (datetime.now(UTC).date() + timedelta(days=180)).isoformat() + "T00:00:00Z"
    assert fields(response) == [
        ("Contact", "mailto:security@voorbeeldstad.nl"),
        ("Contact", "https://example.org/meld"),
        ("Expires", expires),
        ("Preferred-Languages", "nl, en"),
        ("Canonical", "https://impactinkoop.voorbeeldstad.nl/.well-known/security.txt"),
        ("Policy", "https://example.org/SECURITY.md"),
    ]


@pytest.mark.django_db
def test_security_txt_always_expires_in_the_future_and_within_a_year(client):
    expires = dict(fields(client.get("/.well-known/security.txt")))["Expires"]
    moment = datetime.strptime(expires, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    now = datetime.now(UTC)
    assert now + timedelta(days=150) < moment < now + timedelta(days=365)


@pytest.mark.django_db
def test_by_default_the_projects_advisories_and_security_policy(client, settings):
    values = fields(client.get("/.well-known/security.txt"))
    assert ("Contact", f"{settings.PROJECT_URL}/security/advisories/new") in values
    assert ("Policy", f"{settings.PROJECT_URL}/blob/main/SECURITY.md") in values


@pytest.mark.django_db
def test_security_txt_only_answers_get(client):
    assert client.post("/.well-known/security.txt").status_code == 405
