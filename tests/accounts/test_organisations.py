"""Belonging to several organisations and switching between them."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from impactinkoop.accounts.models import Invitation, Organisation
from impactinkoop.accounts.roles import Role
from impactinkoop.core.models import AuditEntry

from ..factories import make_member


def test_switching_remembers_the_organisation_for_next_time(client_for, org, other_org, alice):
    make_member(other_org, alice.email, Role.VIEWER)
    client = client_for(alice)

    response = client.post(reverse("accounts:switch"), {"organisation": other_org.slug})

    assert response.url == f"/o/{other_org.slug}/"
    alice.refresh_from_db()
    assert alice.last_organisation == other_org
    assert client.get("/").url == f"/o/{other_org.slug}/"


def test_switching_to_an_organisation_one_is_not_in_is_404(client_for, org, other_org, alice):
    response = client_for(alice).post(reverse("accounts:switch"), {"organisation": other_org.slug})
    assert response.status_code == 404
    alice.refresh_from_db()
    assert alice.last_organisation is None


def test_the_switcher_lists_only_own_organisations(client_for, org, other_org, alice, charlie):
    page = client_for(alice).get(reverse("portal:home", args=[org.slug])).content.decode()
    assert "Gemeente Voorbeeldstad" in page
    assert "Waterschap Anderdorp" not in page


def test_the_switcher_lists_every_own_organisation_by_name(client_for, org, other_org, alice):
    """The switcher's list comes with the membership lookup: both organisations, in name order,
    the current one selected, and no query of its own."""
    make_member(other_org, alice.email, Role.VIEWER)
    page = client_for(alice).get(reverse("portal:home", args=[other_org.slug])).content.decode()
    switcher = page[page.index('id="switch-organisation"') :]
    switcher = switcher[: switcher.index("</select>")]
    assert switcher.index("Gemeente Voorbeeldstad") < switcher.index("Waterschap Anderdorp")
    assert f'value="{other_org.slug}" selected' in switcher


def test_chooser_lists_memberships_with_roles(client_for, org, other_org, alice):
    make_member(other_org, alice.email, Role.VIEWER)
    page = client_for(alice).get(reverse("accounts:organisations")).content.decode()
    assert "Gemeente Voorbeeldstad" in page and "Waterschap Anderdorp" in page
    assert "Kijker" in page and "Beheerder" in page


def test_admin_edits_the_organisation_with_an_audit_entry(client_for, org, alice):
    response = client_for(alice).post(
        reverse("accounts:settings", args=[org.slug]),
        {
            "name": "Gemeente Voorbeeldstad",
            "kind": "gemeente",
            "kvk_number": "1234 5678",
            "municipality": "Voorbeeldstad",
            "labour_market_region": "Twente",
        },
    )
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.kvk_number == "12345678"
    entry = AuditEntry.objects.get(action="organisation.updated")
    assert entry.before == {"kvk_number": "", "municipality": "", "labour_market_region": ""}
    assert entry.after == {
        "kvk_number": "12345678",
        "municipality": "Voorbeeldstad",
        "labour_market_region": "Twente",
    }


def test_invalid_kvk_number_is_refused_with_a_reason(client_for, org, alice):
    response = client_for(alice).post(
        reverse("accounts:settings", args=[org.slug]),
        {"name": "X", "kind": "gemeente", "kvk_number": "12ab"},
    )
    assert response.status_code == 400
    assert "precies 8 cijfers" in response.content.decode()
    org.refresh_from_db()
    assert org.name == "Gemeente Voorbeeldstad"


def test_create_organisation_command(db):
    call_command(
        "create_organisation",
        slug="groningen",
        name="Gemeente Groningen",
        kind="gemeente",
        admin="beheer@groningen.example",
    )
    organisation = Organisation.objects.get(slug="groningen")
    assert organisation.kind == "gemeente"
    assert Invitation.objects.get(organisation=organisation).role == Role.ADMIN
    assert AuditEntry.objects.filter(action="organisation.created").count() == 1


def test_create_organisation_command_refuses_a_duplicate_slug(org):
    with pytest.raises(CommandError, match="already exists"):
        call_command("create_organisation", slug=org.slug, name="Dubbel")
    assert Organisation.objects.count() == 1
