"""Signing in through the organisation's own provider, a real one on loopback: discovery, the
account and membership it makes, roles by group, and every refusal (group, domain, state, nonce,
client secret)."""

from unittest import mock

import pytest
import requests
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache

from impactinkoop.accounts.models import Membership, User
from impactinkoop.accounts.roles import Role
from impactinkoop.core.models import AuditEntry
from impactinkoop.signin.models import SignInSession
from impactinkoop.signin.sessions import PROVIDER_SIGN_IN
from impactinkoop.sso.discovery import DiscoveryError, endpoints_for
from impactinkoop.sso.models import IdentityProvider

from ..factories import make_member
from .helpers import local_path, replace_query, set_provider_user, sign_in


def test_discovery_reads_the_issuers_endpoints_once(provider, issuer):
    cache.clear()
    with mock.patch("impactinkoop.sso.discovery.requests.get", wraps=requests.get) as fetch:
        endpoints = endpoints_for(provider)
        assert endpoints_for(provider) == endpoints

    assert fetch.call_count == 1
    assert fetch.call_args.args[0] == f"{issuer}/.well-known/openid-configuration"
    assert endpoints.authorization_endpoint == f"{issuer}/oauth2/authorize"
    assert endpoints.token_endpoint == f"{issuer}/oauth2/token"
    assert endpoints.jwks_uri == f"{issuer}/jwks"
    assert endpoints.end_session_endpoint == f"{issuer}/oauth2/end_session"
    assert endpoints.signing_algorithm == "RS256"


def test_discovery_of_another_issuer_is_refused(provider, issuer):
    provider.issuer = issuer + "/"  # the same document, whose issuer has no slash: fine
    assert endpoints_for(provider, refresh=True).token_endpoint == f"{issuer}/oauth2/token"
    provider.issuer = "http://localhost:9/nothing-here"
    with pytest.raises(DiscoveryError):
        endpoints_for(provider, refresh=True)


def test_a_stored_endpoint_wins_over_discovery(provider, issuer):
    provider.authorization_endpoint = "https://login.example/authorize"
    assert endpoints_for(provider).authorization_endpoint == "https://login.example/authorize"
    assert endpoints_for(provider).token_endpoint == f"{issuer}/oauth2/token"


def test_first_sign_in_makes_account_and_membership_with_default_role(client, provider, issuer):
    set_provider_user(issuer, "dana-1", email="Dana@Voorbeeldstad.example", name="Dana de Vries")

    response = sign_in(client, "voorbeeldstad", "dana-1")

    assert response.status_code == 302
    assert response["Location"] == "/o/voorbeeldstad/"
    dana = User.objects.get(email="dana@voorbeeldstad.example")
    assert dana.full_name == "Dana de Vries"
    assert not dana.has_usable_password()
    assert Membership.objects.get(user=dana, organisation=provider.organisation).role == Role.VIEWER
    assert dana.last_organisation == provider.organisation
    assert int(client.session[SESSION_KEY]) == dana.pk
    assert client.session[PROVIDER_SIGN_IN]["organisation"] == provider.organisation_id
    assert SignInSession.objects.get(user=dana).method == SignInSession.Method.PROVIDER
    assert AuditEntry.objects.filter(action="members.added", object_repr=dana.email).exists()
    assert client.get("/o/voorbeeldstad/").status_code == 200


def test_the_group_claim_gives_the_mapped_role_and_changes_it_later(client, provider, issuer):
    set_provider_user(issuer, "erik-1", email="erik@voorbeeldstad.example", groups=["inkoop"])
    sign_in(client, "voorbeeldstad", "erik-1")
    membership = Membership.objects.get(user__email="erik@voorbeeldstad.example")
    assert membership.role == Role.BUYER

    set_provider_user(issuer, "erik-1", email="erik@voorbeeldstad.example", groups=["x", "mvi"])
    client.logout()
    sign_in(client, "voorbeeldstad", "erik-1")

    membership.refresh_from_db()
    assert membership.role == Role.COORDINATOR
    change = AuditEntry.objects.get(
        action="members.role_changed", object_repr=membership.user.email
    )
    assert change.before == {"role": Role.BUYER} and change.after == {"role": Role.COORDINATOR}


def test_without_roles_by_group_an_existing_member_keeps_the_role(client, provider, issuer, org):
    provider.group_roles = ""
    provider.save()
    make_member(org, "fleur@voorbeeldstad.example", Role.SROI_OFFICER)
    set_provider_user(issuer, "fleur-1", email="fleur@voorbeeldstad.example", groups=["inkoop"])

    sign_in(client, "voorbeeldstad", "fleur-1")

    assert Membership.objects.get(user__email="fleur@voorbeeldstad.example").role == (
        Role.SROI_OFFICER
    )


def test_without_the_required_group_the_person_is_refused_with_a_clear_message(
    english, provider, issuer
):
    provider.required_group = "impactinkoop-users"
    provider.save()
    set_provider_user(issuer, "gijs-1", email="gijs@voorbeeldstad.example", groups=["inkoop"])

    response = sign_in(english, "voorbeeldstad", "gijs-1")

    assert response["Location"] == "/login/"
    assert SESSION_KEY not in english.session
    assert not User.objects.filter(email="gijs@voorbeeldstad.example").exists()
    page = english.get("/login/").content.decode()
    assert (
        "You are not in the group “impactinkoop-users”, which Gemeente Voorbeeldstad requires "
        "for Impactinkoop. Ask your administrator for access."
    ) in page


def test_with_the_required_group_the_person_enters(client, provider, issuer):
    provider.required_group = "impactinkoop-users"
    provider.save()
    set_provider_user(
        issuer, "hans-1", email="hans@voorbeeldstad.example", groups=["impactinkoop-users"]
    )

    assert sign_in(client, "voorbeeldstad", "hans-1")["Location"] == "/o/voorbeeldstad/"


def test_an_address_outside_the_organisations_domains_is_refused(
    english, provider, issuer, charlie
):
    """A provider signs in only its own people: never charlie of another organisation."""
    set_provider_user(issuer, "mallory", email=charlie.email)

    response = sign_in(english, "voorbeeldstad", "mallory")

    assert SESSION_KEY not in english.session
    assert not Membership.objects.filter(user=charlie, organisation=provider.organisation).exists()
    assert (
        "is not of a domain of Gemeente Voorbeeldstad"
        in english.get(response["Location"]).content.decode()
    )


def test_a_deactivated_membership_stays_shut(english, provider, issuer, bob):
    Membership.objects.filter(user=bob).update(deactivated_at="2026-01-01T00:00:00Z")
    set_provider_user(issuer, "bob-1", email=bob.email)

    response = sign_in(english, "voorbeeldstad", "bob-1")

    assert SESSION_KEY not in english.session
    assert (
        "Your access to Gemeente Voorbeeldstad has been deactivated"
        in english.get(response["Location"]).content.decode()
    )


def test_a_tampered_state_is_refused(english, provider, issuer):
    set_provider_user(issuer, "ivo-1", email="ivo@voorbeeldstad.example")

    def other_state(authorize_url, callback_url):
        return authorize_url, callback_url and replace_query(callback_url, state="forged")

    response = sign_in(english, "voorbeeldstad", "ivo-1", tamper=other_state)

    assert response["Location"] == "/login/"
    assert SESSION_KEY not in english.session
    assert not User.objects.filter(email="ivo@voorbeeldstad.example").exists()
    assert (
        "This sign-in could not be completed. Please start again."
        in english.get("/login/").content.decode()
    )


def test_a_tampered_nonce_is_refused(english, provider, issuer, caplog):
    """The provider puts the nonce it was sent into the ID token; one changed on the way does
    not match the one this browser's session holds."""
    set_provider_user(issuer, "jan-1", email="jan@voorbeeldstad.example")

    def other_nonce(authorize_url, callback_url):
        return authorize_url and replace_query(authorize_url, nonce="replayed"), callback_url

    response = sign_in(english, "voorbeeldstad", "jan-1", tamper=other_nonce)

    assert response["Location"] == "/login/"
    assert "JWT Nonce verification failed" in caplog.text
    assert SESSION_KEY not in english.session
    assert not User.objects.filter(email="jan@voorbeeldstad.example").exists()


def test_a_callback_is_used_once(client, provider, issuer):
    set_provider_user(issuer, "kees-1", email="kees@voorbeeldstad.example")
    first = {}

    def keep(authorize_url, callback_url):
        if callback_url:
            first["callback"] = callback_url
        return authorize_url, callback_url

    sign_in(client, "voorbeeldstad", "kees-1", tamper=keep)
    client.logout()

    replay = client.get(local_path(first["callback"]))

    assert replay["Location"] == "/login/"
    assert SESSION_KEY not in client.session


def test_a_wrong_client_secret_is_refused_by_the_provider(english, provider, issuer):
    provider.set_client_secret("not-the-secret")
    provider.save()
    set_provider_user(issuer, "lies-1", email="lies@voorbeeldstad.example")

    response = sign_in(english, "voorbeeldstad", "lies-1")

    assert SESSION_KEY not in english.session
    assert "refused this sign-in" in english.get(response["Location"]).content.decode()
    assert not User.objects.filter(email="lies@voorbeeldstad.example").exists()


def test_sign_in_goes_back_to_the_page_asked_for(client, provider, issuer):
    set_provider_user(issuer, "mo-1", email="mo@voorbeeldstad.example")

    response = sign_in(client, "voorbeeldstad", "mo-1", next_url="/o/voorbeeldstad/members/")

    assert response["Location"] == "/o/voorbeeldstad/members/"


def test_an_organisation_without_an_enabled_provider_has_no_sign_in_address(client, provider):
    IdentityProvider.objects.update(enabled=False)
    assert client.get("/sign-in/voorbeeldstad/").status_code == 404
    assert client.get("/sign-in/does-not-exist/").status_code == 404


def test_an_unreachable_provider_is_said_plainly(english, provider):
    provider.issuer = "http://localhost:9"
    provider.save()
    cache.clear()

    response = english.get("/sign-in/voorbeeldstad/")

    assert response.status_code == 503
    assert "cannot be reached at the moment" in response.content.decode()


def test_a_person_the_provider_refuses_gets_no_session(english, provider, issuer, bob):
    """Removed or blocked at the provider: it answers access_denied, and nothing opens here, not
    for an existing member either."""
    start = english.get("/sign-in/voorbeeldstad/")
    refused = requests.post(
        start["Location"], data={"action": "deny"}, allow_redirects=False, timeout=5
    )
    assert "error=access_denied" in refused.headers["Location"]

    response = english.get(local_path(refused.headers["Location"]))

    assert SESSION_KEY not in english.session
    assert "did not sign you in" in english.get(response["Location"]).content.decode()
    assert english.get("/o/voorbeeldstad/").status_code == 302
