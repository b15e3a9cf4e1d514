"""A person in a browser: log in, find the way, switch organisation and language, invite."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from impactinkoop.accounts.models import User
from impactinkoop.accounts.roles import Role

from ..factories import PASSWORD, make_member
from ..signin.helpers import app_code

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, email):
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(lambda url: "/login/" not in url or "/login/second-factor/" in url)
    if "/login/second-factor/" in page.url:  # the demo's administrators have an app
        page.get_by_label("Code").fill(app_code(User.objects.get(email=email)))
        page.get_by_role("button", name="Inloggen").click()
        page.wait_for_url(lambda url: "/login/" not in url)
    page.wait_for_load_state()


def test_coordinator_logs_in_and_walks_the_steps(page, live_server, org, alice):
    coordinator = make_member(org, "coordinator@voorbeeldstad.example", Role.COORDINATOR)
    log_in(page, live_server, coordinator.email)

    assert page.url == f"{live_server.url}/o/{org.slug}/"
    expect(page.get_by_role("heading", name="Waar we staan")).to_be_visible()
    page.get_by_role("navigation", name="Stappen van de aanpak").get_by_role(
        "link", name="1 Inventarisatie"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inventarisatie")
    assert page.locator("a[aria-current=page]").inner_text().endswith("Inventarisatie")


def test_the_skip_link_is_the_first_stop_for_keyboard_users(page, live_server, org, alice):
    log_in(page, live_server, alice.email)
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Naar de inhoud"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_switching_organisation_and_language(page, live_server, org, other_org, alice):
    make_member(other_org, alice.email, Role.VIEWER)
    log_in(page, live_server, alice.email)

    page.get_by_label("Organisatie").select_option(other_org.slug)
    page.get_by_role("button", name="Wisselen").click()
    page.wait_for_url(f"{live_server.url}/o/{other_org.slug}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Waterschap Anderdorp")

    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", name="Where we stand")).to_be_visible()
    page.goto(f"{live_server.url}/o/{other_org.slug}/steps/inventory/")
    assert page.get_by_role("heading", level=1).inner_text() == "Inventory"


def test_admin_invites_a_member_who_joins(page, live_server, org, alice, browser):
    log_in(page, live_server, alice.email)
    page.goto(f"{live_server.url}/o/{org.slug}/members/")
    page.get_by_label("E-mailadres").fill("nieuw@voorbeeldstad.example")
    page.get_by_label("Rol (verplicht)").select_option(Role.BUYER)
    page.get_by_role("button", name="Uitnodiging versturen").click()
    expect(
        page.get_by_text("Uitnodiging verstuurd naar nieuw@voorbeeldstad.example")
    ).to_be_visible()

    link = next(line for line in mail.outbox[-1].body.splitlines() if "/invitations/" in line)
    path = link.strip().split("8000", 1)[1]
    newcomer = browser.new_context().new_page()
    newcomer.goto(f"{live_server.url}{path}")
    newcomer.get_by_label("Je naam").fill("Nieuwe Inkoper")
    newcomer.get_by_label("Wachtwoord (verplicht)", exact=True).fill("een-goed-wachtwoord-9")
    newcomer.get_by_label("Wachtwoord nogmaals (verplicht)").fill("een-goed-wachtwoord-9")
    newcomer.get_by_role("button", name="Account aanmaken en meedoen").click()
    newcomer.wait_for_url(f"{live_server.url}/o/{org.slug}/")
    expect(newcomer.get_by_text("Welkom bij Gemeente Voorbeeldstad.")).to_be_visible()


def test_audit_export_shows_progress_then_a_download(page, live_server, org, alice):
    log_in(page, live_server, alice.email)
    page.goto(f"{live_server.url}/o/{org.slug}/audit/")
    page.get_by_role("button", name="Deze regels exporteren als CSV").click()
    download_link = page.get_by_role("link", name="downloaden")
    download_link.wait_for()
    with page.expect_download() as info:
        download_link.click()
    assert info.value.suggested_filename.startswith("audit-voorbeeldstad-")
