"""An administrator's first sign-in: the password, then setting up the authenticator app from
the page's own key, the recovery codes once, and the next sign-in with a code and a remembered
browser; every page of it passes axe-core and the Content-Security-Policy."""

import base64

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import expect

from impactinkoop.signin.models import TrustedBrowser

from ..factories import PASSWORD
from ..signin.helpers import app_code
from .test_axe import axe_source, run_axe  # noqa: F401 - a fixture

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def password_step(page, live_server, email):
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()


def test_an_administrator_sets_up_the_app_and_signs_in_with_it(
    page,
    live_server,
    org,
    alice,
    settings,
    csp_violations,
    axe_source,  # noqa: F811
):
    settings.TWO_FACTOR_FOR_ADMINS = True
    page.context.add_init_script(axe_source)
    password_step(page, live_server, alice.email)

    expect(page.get_by_role("heading", name="Een authenticator-app instellen")).to_be_visible()
    expect(page.get_by_role("img", name="QR-code voor de authenticator-app")).to_be_visible()
    # Half signed in: the header offers signing out, no organisation and no account page.
    expect(page.get_by_role("link", name="Mijn account")).to_have_count(0)
    assert run_axe(page) == []
    page.screenshot(path="/tmp/two-factor-setup.png", full_page=True)
    page.goto(f"{live_server.url}/o/{org.slug}/members/")  # no way round it
    expect(page.get_by_role("heading", name="Een authenticator-app instellen")).to_be_visible()

    key = page.locator("code.secret-key").inner_text().replace(" ", "")
    code = TOTP(base64.b32decode(key + "=" * (-len(key) % 8))).token()  # what the phone shows
    page.get_by_label("Code uit de app").fill(f"{code:06d}")
    page.get_by_role("button", name="De app bevestigen").click()

    expect(page.get_by_role("heading", name="Je herstelcodes")).to_be_visible()
    expect(page.get_by_role("list", name="Herstelcodes").get_by_role("listitem")).to_have_count(10)
    assert run_axe(page) == []
    page.screenshot(path="/tmp/two-factor-recovery-codes.png", full_page=True)
    page.get_by_role("link", name="Ik heb ze bewaard: verder").click()
    expect(page.get_by_role("heading", name="Leden en rollen")).to_be_visible()

    # The next sign-in asks the code; this browser is remembered for the one after.
    page.get_by_role("button", name="Uitloggen").click()
    password_step(page, live_server, alice.email)
    expect(page.get_by_role("heading", name="Tweede stap: de code")).to_be_visible()
    assert run_axe(page) == []
    page.screenshot(path="/tmp/two-factor-verify.png", full_page=True)
    page.get_by_label("Code (verplicht)").fill("000000")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_text("Deze code klopt niet")).to_be_visible()
    page.wait_for_timeout(1100)  # django-otp's pause after a wrong code
    page.get_by_label("Code (verplicht)").fill(app_code(alice))
    page.get_by_label("Onthoud deze browser 30 dagen").check()
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", name="Waar we staan")).to_be_visible()
    assert TrustedBrowser.objects.filter(user=alice).count() == 1

    page.get_by_role("button", name="Uitloggen").click()
    password_step(page, live_server, alice.email)
    expect(page.get_by_role("heading", name="Waar we staan")).to_be_visible()

    page.goto(f"{live_server.url}/account/security/")
    expect(page.get_by_role("heading", name="Waar je bent ingelogd")).to_be_visible()
    expect(page.get_by_text("(deze browser)")).to_be_visible()
    assert run_axe(page) == []
    page.screenshot(path="/tmp/two-factor-security.png", full_page=True)
    assert csp_violations == []
