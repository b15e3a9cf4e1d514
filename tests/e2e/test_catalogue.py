"""A requester finds a social caterer from the home page and contacts it, with the keyboard
only, in Dutch and in English, in well under a minute."""

import importlib
import time

import pytest
from django.apps import apps
from playwright.sync_api import expect

from impactinkoop.accounts.roles import Role
from impactinkoop.catalogue.models import Category, QuoteRequest, ShortlistEntry

from ..catalogue.helpers import published_enterprise
from ..factories import PASSWORD, make_member

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LABELS = {
    "nl": {
        "email": "E-mailadres",
        "password": "Wachtwoord",
        "search": "Wat zoek je?",
        "quote": "Offerte aanvragen",
        "need": "Wat heb je nodig?",
        "sent": "Je aanvraag is naar",
    },
    "en": {
        "email": "E-mail address",
        "password": "Password",
        "search": "What are you looking for?",
        "quote": "Request a quote",
        "need": "What do you need?",
        "sent": "Your request was sent to",
    },
}


@pytest.fixture
def caterer(org):
    # Transactional tests empty the tables between tests: load the category tree again.
    importlib.import_module("impactinkoop.catalogue.migrations.0003_platform_categories").load(
        apps, None
    )
    for number in range(1, 4):
        published_enterprise(
            f"1100000{number}",
            f"Andere Cateraar {number}",
            [("lunch-en-broodjes", "Broodjes", "Broodjes")],
        )
    caterer = published_enterprise(
        "11000009",
        "Keuken van Kansen",
        [("lunch-en-broodjes", "Lunch voor vergaderingen", "Broodjes, soep en fruit")],
        source="code_so",
    )
    ShortlistEntry.objects.create(
        organisation=org, category=Category.objects.get(slug="catering"), enterprise=caterer
    )
    return caterer


def tab_to(page, selector: str, limit: int = 80) -> None:
    """Press Tab until the element matching `selector` has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement.matches({selector!r})"):
            return
    raise AssertionError(f"could not reach {selector} with the keyboard")


@pytest.mark.parametrize("language", ["nl", "en"])
def test_requester_finds_and_contacts_a_social_caterer_by_keyboard(
    page, live_server, org, caterer, language
):
    text = LABELS[language]
    requester = make_member(
        org, f"sem-{language}@voorbeeldstad.example", Role.REQUESTER, language=language
    )
    page.goto(f"{live_server.url}/login/")
    started = time.monotonic()
    tab_to(page, "input[name=username]")
    page.keyboard.type(requester.email)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/o/{org.slug}/")

    # Home → "Wat zoek je?" → the category → the short list first.
    tab_to(page, "#buy-heading a")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/o/{org.slug}/catalogue/")
    assert page.get_by_role("heading", level=1).inner_text() == text["search"]
    tab_to(page, "a[href$='/category/catering/']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/category/catering/")
    first_card = page.locator("article.enterprise-card").first
    assert "Keuken van Kansen" in first_card.inner_text()
    tab_to(page, "article.recommended h3 a")
    page.keyboard.press("Enter")
    page.wait_for_url("**/enterprise/**")
    expect(page.get_by_role("link", name=caterer.contact_email)).to_be_visible()
    found = time.monotonic() - started
    assert found < 60, f"it took {found:.0f} s to reach the contact details"

    # Contact: the offer, then a quote request typed and sent from the keyboard.
    tab_to(page, "a[href*='/offer/']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/offer/**")
    tab_to(page, "a.utrecht-button-link")
    assert page.evaluate("document.activeElement.textContent.trim()") == text["quote"]
    page.keyboard.press("Enter")
    page.wait_for_url("**/request/")
    tab_to(page, "textarea[name=message]")
    assert page.get_by_label(text["need"]).evaluate("e => e === document.activeElement")
    page.keyboard.type("Lunch voor 12 personen op dinsdag")
    page.wait_for_timeout(2100)  # a person takes longer than the spam check's two seconds
    tab_to(page, "button[type=submit]:not(.utrecht-link-button)")
    page.keyboard.press("Enter")
    page.wait_for_url("**/requests/*/")
    assert text["sent"] in page.locator(".messages").inner_text()
    quote = QuoteRequest.objects.get(requester=requester)
    assert quote.enterprise == caterer and quote.message == "Lunch voor 12 personen op dinsdag"
