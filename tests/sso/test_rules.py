"""The provider's rules: no password for its members (but the local administrator), each
organisation through its own provider, the session's maximum length, and signing out at the
provider."""

from datetime import timedelta
from unittest import mock
from urllib.parse import parse_qs, urlsplit

from django.contrib.auth import SESSION_KEY
from django.utils import timezone

from impactinkoop.accounts.roles import Role
from impactinkoop.signin.sessions import PROVIDER_SIGN_IN
from impactinkoop.sso.signing_in import ID_TOKEN_KEY

from ..factories import PASSWORD, make_member
from .helpers import connect, register_client, set_provider_user, sign_in


def password_login(client, email):
    return client.post("/login/", {"username": email, "password": PASSWORD})


def test_a_member_of_an_sso_organisation_cannot_use_a_password(english, provider, bob):
    response = password_login(english, bob.email)

    assert response.status_code == 200
    assert SESSION_KEY not in english.session
    assert (
        "Gemeente Voorbeeldstad signs in with its own organisation account. Sign in at "
        "/sign-in/voorbeeldstad/ instead."
    ) in response.content.decode()


def test_a_wrong_password_says_nothing_about_the_provider(english, provider, bob):
    response = english.post("/login/", {"username": bob.email, "password": "wrong-password"})

    assert "its own organisation account" not in response.content.decode()


def test_the_local_administrator_may_still_use_a_password(client, provider, alice):
    response = password_login(client, alice.email)

    assert response.status_code == 302
    assert int(client.session[SESSION_KEY]) == alice.pk
    # And opens the organisation's pages without being sent to the provider.
    assert client.get("/o/voorbeeldstad/").status_code == 200


def test_the_local_administrator_who_is_no_admin_any_more_is_refused(client, provider, alice, org):
    make_member(org, "zoe@voorbeeldstad.example", Role.ADMIN)
    alice.memberships.update(role=Role.VIEWER)

    password_login(client, alice.email)

    assert SESSION_KEY not in client.session


def test_without_sso_the_password_works_as_before(client, bob):
    password_login(client, bob.email)
    assert int(client.session[SESSION_KEY]) == bob.pk


def test_another_organisations_pages_go_through_its_own_provider(
    client, provider, issuer, org, other_org
):
    connect(
        other_org,
        issuer,
        register_client(issuer, "http://testserver/sso/callback/"),
        domains=["anderdorp.example"],
    )
    person = make_member(org, "nina@voorbeeldstad.example", Role.BUYER)
    make_member(other_org, person.email, Role.VIEWER)
    set_provider_user(issuer, "nina-1", email=person.email, groups=["inkoop"])
    sign_in(client, "voorbeeldstad", "nina-1")
    assert client.get("/o/voorbeeldstad/").status_code == 200

    response = client.get("/o/anderdorp/members/")

    assert response.status_code == 302
    assert response["Location"] == "/sign-in/anderdorp/?next=%2Fo%2Fanderdorp%2Fmembers%2F"
    assert client.session[PROVIDER_SIGN_IN]["organisation"] == org.pk


def test_signing_in_at_the_other_provider_opens_the_other_organisation(
    client, provider, issuer, org, other_org
):
    connect(
        other_org,
        issuer,
        register_client(issuer, "http://testserver/sso/callback/"),
        domains=["anderdorp.example"],
    )
    person = make_member(other_org, "olaf@anderdorp.example", Role.VIEWER)
    make_member(org, person.email, Role.VIEWER)
    set_provider_user(issuer, "olaf-1", email=person.email)
    # A password session (from before SSO, say) is sent to the provider too.
    client.force_login(person, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get("/o/anderdorp/")["Location"].startswith("/sign-in/anderdorp/")

    response = sign_in(client, "anderdorp", "olaf-1", next_url="/o/anderdorp/")

    assert response["Location"] == "/o/anderdorp/"
    assert client.get("/o/anderdorp/").status_code == 200
    person.refresh_from_db()
    assert person.last_organisation == other_org
    # Voorbeeldstad's provider is another: its pages ask for it again.
    assert client.get("/o/voorbeeldstad/")["Location"].startswith("/sign-in/voorbeeldstad/")


def test_an_outsider_is_not_sent_to_a_provider_but_gets_404(client_for, provider, charlie):
    assert client_for(charlie).get("/o/voorbeeldstad/").status_code == 404


def test_the_session_ends_after_the_maximum_hours(client, provider, issuer):
    provider.max_session_hours = 2
    provider.save()
    set_provider_user(issuer, "piet-1", email="piet@voorbeeldstad.example")
    sign_in(client, "voorbeeldstad", "piet-1")
    ends_at = client.session[PROVIDER_SIGN_IN]["ends_at"]
    later = timezone.now() + timedelta(hours=2)
    assert abs((timezone.datetime.fromisoformat(ends_at) - later).total_seconds()) < 60

    with mock.patch("django.utils.timezone.now", return_value=later - timedelta(minutes=5)):
        assert client.get("/o/voorbeeldstad/").status_code == 200
    with mock.patch("django.utils.timezone.now", return_value=later + timedelta(minutes=1)):
        response = client.get("/o/voorbeeldstad/")

    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
    assert SESSION_KEY not in client.session


def test_signing_out_ends_the_session_at_the_provider_too(client, provider, issuer):
    set_provider_user(issuer, "roos-1", email="roos@voorbeeldstad.example")
    sign_in(client, "voorbeeldstad", "roos-1")
    id_token = client.session[ID_TOKEN_KEY]
    assert id_token

    response = client.post("/logout/")

    assert SESSION_KEY not in client.session
    location = urlsplit(response["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == (
        f"{issuer}/oauth2/end_session"
    )
    query = parse_qs(location.query)
    assert query["id_token_hint"] == [id_token]
    assert query["post_logout_redirect_uri"] == ["http://testserver/login/"]


def test_a_password_session_signs_out_here_only(client, provider, alice):
    password_login(client, alice.email)
    response = client.post("/logout/")
    assert response["Location"] == "/login/"


def test_pages_of_a_provider_session_may_send_forms_to_the_provider(client, provider, issuer):
    """Signing out and switching organisation end at the provider: the page's form-action
    names it, or the browser would stop the redirect."""
    set_provider_user(issuer, "sem-1", email="sem@voorbeeldstad.example")
    sign_in(client, "voorbeeldstad", "sem-1")

    policy = client.get("/o/voorbeeldstad/")["Content-Security-Policy"]

    form_action = next(part for part in policy.split(";") if "form-action" in part)
    assert "'self'" in form_action and issuer in form_action
