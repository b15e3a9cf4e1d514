"""The organisation's sign-in settings page (admins only, outsiders 404, the secret never shown)
and the shared page that finds an organisation by e-mail address."""

from django.core.cache import cache

from impactinkoop.accounts.roles import Role
from impactinkoop.core.models import AuditEntry
from impactinkoop.sso.models import IdentityProvider, SignInDomain

from ..factories import make_member
from .helpers import connect, register_client

SETTINGS_URL = "/o/voorbeeldstad/settings/sign-in/"


def settings_data(issuer, **changes):
    data = {
        "enabled": "on",
        "issuer": issuer,
        "client_id": "impactinkoop",
        "client_secret": "s3cret-from-the-provider",
        "scopes": "openid email profile",
        "email_claim": "email",
        "groups_claim": "groups",
        "default_role": Role.VIEWER,
        "group_roles": "inkoop = buyer",
        "required_group": "",
        "email_domains": "voorbeeldstad.example\n@Voorbeeldstad.nl",
        "max_session_hours": "8",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_outsiders_get_404_on_the_settings_page(client_for, org, charlie):
    client = client_for(charlie)
    assert client.get(SETTINGS_URL).status_code == 404
    assert client.post(SETTINGS_URL, {"issuer": "https://evil.example"}).status_code == 404
    assert not IdentityProvider.objects.exists()


def test_members_who_are_no_admin_get_403(client_for, bob):
    assert client_for(bob).get(SETTINGS_URL).status_code == 403


def test_the_organisation_settings_page_links_to_it(client_for, alice):
    assert SETTINGS_URL in client_for(alice).get("/o/voorbeeldstad/settings/").content.decode()


def test_an_admin_connects_the_provider(client_for, alice, issuer):
    client = client_for(alice)
    response = client.post(SETTINGS_URL, settings_data(issuer, local_admin=str(alice.pk)))

    assert response.status_code == 302, response.content.decode()[:3000]
    provider = IdentityProvider.objects.get()
    assert provider.enabled and provider.local_admin == alice
    assert provider.client_secret == "s3cret-from-the-provider"
    assert sorted(provider.domains.values_list("domain", flat=True)) == [
        "voorbeeldstad.example",
        "voorbeeldstad.nl",
    ]
    entry = AuditEntry.objects.get(action="sso.settings_changed")
    assert entry.after["client_secret"] == "changed"
    assert "s3cret" not in str(entry.before) + str(entry.after)
    # The page never shows the secret, only that one is stored.
    page = client.get(SETTINGS_URL).content.decode()
    assert "s3cret-from-the-provider" not in page
    assert "http://testserver/sso/callback/" in page


def test_an_empty_secret_keeps_the_stored_one(client_for, alice, issuer, provider):
    before = provider.client_secret
    response = client_for(alice).post(
        SETTINGS_URL, settings_data(issuer, client_secret="", local_admin=str(alice.pk))
    )

    assert response.status_code == 302
    provider.refresh_from_db()
    assert provider.client_secret == before


def test_every_wrong_input_is_said(client_for, alice, issuer, other_org):
    other = connect(other_org, issuer, register_client(issuer, "http://testserver/x/"))
    SignInDomain.objects.create(provider=other, domain="taken.example")
    client = client_for(alice)
    client.cookies["django_language"] = "en"
    alice.language = "en"
    alice.save()

    response = client.post(
        SETTINGS_URL,
        settings_data(
            issuer,
            client_secret="",
            scopes="email profile",
            group_roles="inkoop = king\njust-a-group",
            email_domains="taken.example not_a_domain",
            max_session_hours="48",
        ),
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "The scopes must include openid." in page
    assert "Line 1: “king” is no role" in page
    assert "Line 2: write “group = role”" in page
    assert "not_a_domain is not an e-mail domain" in page
    assert "Ensure this value is less than or equal to 24." in page
    assert "The issuer address must start with https://." not in page
    assert not IdentityProvider.objects.filter(organisation__slug="voorbeeldstad").exists()

    response = client.post(SETTINGS_URL, settings_data(issuer, email_domains="taken.example"))
    assert "taken.example already signs in through another organisation." in (
        response.content.decode()
    )


def test_enabling_needs_secret_domain_local_admin_and_a_reachable_issuer(client_for, alice):
    client = client_for(alice)
    alice.language = "en"
    alice.save()
    cache.clear()

    response = client.post(
        SETTINGS_URL,
        settings_data("http://localhost:9", client_secret="", email_domains=""),
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "Type the client secret the provider gave you." in page
    assert "Name at least one e-mail domain." in page
    assert "Choose the administrator who can still sign in with a password" in page
    assert (
        "The provider&#x27;s configuration could not be read from "
        "http://localhost:9/.well-known/openid-configuration."
    ) in page


def test_the_issuer_must_use_https(client_for, alice):
    alice.language = "en"
    alice.save()
    response = client_for(alice).post(
        SETTINGS_URL, settings_data("http://login.voorbeeldstad.example", enabled=None)
    )
    assert "The issuer address must start with https://." in response.content.decode()


def test_only_admins_can_be_the_local_administrator(client_for, alice, bob, issuer):
    response = client_for(alice).post(SETTINGS_URL, settings_data(issuer, local_admin=str(bob.pk)))
    assert response.status_code == 400
    assert not IdentityProvider.objects.exists()


def test_the_login_page_links_to_the_organisation_sign_in(client):
    assert "/sso/" in client.get("/login/").content.decode()


def test_an_address_finds_its_organisations_sign_in(english, provider):
    response = english.post(
        "/sso/", {"email": "Someone@Voorbeeldstad.example", "next": "/o/voorbeeldstad/"}
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "You sign in through Gemeente Voorbeeldstad." in page
    assert 'href="/sign-in/voorbeeldstad/?next=%2Fo%2Fvoorbeeldstad%2F"' in page


def test_an_unknown_domain_is_said_plainly(english, provider):
    response = english.post("/sso/", {"email": "someone@elsewhere.example"})

    assert response.status_code == 400
    assert (
        "No organisation signs in with its own account for elsewhere.example."
    ) in response.content.decode()


def test_a_disabled_provider_is_not_found_by_address(english, provider):
    provider.enabled = False
    provider.save()
    assert english.post("/sso/", {"email": "a@voorbeeldstad.example"}).status_code == 400


def test_a_foreign_next_address_is_dropped(english, provider):
    response = english.post(
        "/sso/", {"email": "a@voorbeeldstad.example", "next": "https://evil.example/"}
    )
    assert 'href="/sign-in/voorbeeldstad/"' in response.content.decode()


def test_a_new_admin_can_be_chosen_as_local_administrator(client_for, alice, org, issuer):
    second = make_member(org, "pim@voorbeeldstad.example", Role.ADMIN)
    response = client_for(alice).post(
        SETTINGS_URL, settings_data(issuer, local_admin=str(second.pk))
    )
    assert response.status_code == 302
    assert IdentityProvider.objects.get().local_admin == second
