"""Signing in through the organisation's own provider in a browser: a real OpenID Connect
provider on loopback (oidc-provider-mock), from the shared login page to the organisation."""

import pytest
from playwright.sync_api import expect

from impactinkoop.accounts.models import Membership
from impactinkoop.accounts.roles import Role

from ..sso.helpers import connect, provider_server, register_client, set_provider_user
from .test_axe import axe_source, run_axe  # noqa: F401 - a fixture
from .test_browser import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def issuer():
    with provider_server() as url:
        yield url


@pytest.fixture
def provider(org, alice, issuer, live_server):
    client = register_client(issuer, f"{live_server.url}/sso/callback/")
    return connect(
        org,
        issuer,
        client,
        domains=["voorbeeldstad.example"],
        local_admin=alice,
        group_roles="inkoop-team = buyer",
        required_group="impactinkoop",
    )


def sign_in_through_provider(page, live_server, email: str, sub: str):
    # English for the pages before signing in: the messages read as written.
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page.goto(f"{live_server.url}/login/")
    page.get_by_role("link", name="Sign in with your organisation account").click()
    page.get_by_label("Your work e-mail address").fill(email)
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("link", name="Continue to the sign-in page of Gemeente Voorbeeldstad").click()
    # The provider's own page: who signs in.
    page.locator("input[name=sub]").fill(sub)
    page.get_by_role("button", name="Authorize").click()


def test_a_person_signs_in_through_the_provider_with_the_mapped_role(
    page, live_server, org, provider, issuer
):
    set_provider_user(
        issuer,
        "dana-e2e",
        email="dana@voorbeeldstad.example",
        groups=["impactinkoop", "inkoop-team"],
    )

    sign_in_through_provider(page, live_server, "dana@voorbeeldstad.example", "dana-e2e")

    page.wait_for_url(f"{live_server.url}/o/{org.slug}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Gemeente Voorbeeldstad")
    membership = Membership.objects.get(user__email="dana@voorbeeldstad.example")
    assert membership.organisation == org and membership.role == Role.BUYER


def test_a_person_without_the_group_is_refused_with_a_clear_message(
    page, live_server, org, provider, issuer
):
    set_provider_user(issuer, "eva-e2e", email="eva@voorbeeldstad.example", groups=["inkoop-team"])

    sign_in_through_provider(page, live_server, "eva@voorbeeldstad.example", "eva-e2e")

    page.wait_for_url(f"{live_server.url}/login/")
    expect(
        page.get_by_text(
            "You are not in the group “impactinkoop”, which Gemeente Voorbeeldstad requires for "
            "Impactinkoop. Ask your administrator for access."
        )
    ).to_be_visible()
    assert not Membership.objects.filter(user__email="eva@voorbeeldstad.example").exists()


def test_the_administrators_pages_pass_axe_in_dutch(
    page,
    live_server,
    org,
    alice,
    bob,
    provider,
    csp_violations,
    axe_source,  # noqa: F811
):
    """The sign-in settings, the shared page that finds the organisation by address, and the
    members page with a deactivated member: as the administrator sees them, in Dutch."""
    from impactinkoop.accounts.services import deactivate_member

    deactivate_member(actor=alice, membership=Membership.objects.get(user=bob))
    page.context.add_init_script(axe_source)
    page.goto(f"{live_server.url}/login/")
    page.get_by_role("link", name="Inloggen met je organisatieaccount").click()
    expect(page.get_by_label("Je zakelijke e-mailadres")).to_be_visible()
    assert run_axe(page) == []
    page.screenshot(path="/tmp/sso-find-organisation.png", full_page=True)

    log_in(page, live_server, alice.email)  # the local administrator keeps the password
    page.goto(f"{live_server.url}/o/{org.slug}/settings/sign-in/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_text(f"{live_server.url}/sso/callback/")).to_be_visible()
    assert run_axe(page) == []
    page.screenshot(path="/tmp/sso-settings.png", full_page=True)

    page.goto(f"{live_server.url}/o/{org.slug}/members/")
    expect(page.get_by_role("heading", name="Gedeactiveerde leden")).to_be_visible()
    assert run_axe(page) == []
    page.screenshot(path="/tmp/members-deactivated.png", full_page=True)
    assert csp_violations == []
