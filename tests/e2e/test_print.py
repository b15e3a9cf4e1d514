"""Printing from the browser (issue 18, item 6): print.css leaves out the navigation and the
controls, keeps the charts, and prints no addresses of our own links."""

import pytest
from playwright.sync_api import expect

from ..spend.test_baseline import LEDGER
from ..spend.test_importing import import_text
from .test_browser import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_dashboard_prints_without_navigation_and_with_its_charts(page, live_server, org, alice):
    import_text(org, LEDGER)
    log_in(page, live_server, alice.email)
    page.goto(f"{live_server.url}/o/{org.slug}/spend/baseline/?year=2025")
    steps = page.get_by_role("navigation", name="Stappen van de aanpak")
    log_out = page.get_by_role("button", name="Uitloggen")
    csv = page.get_by_role("link", name="CSV").first
    assert steps.is_visible() and log_out.is_visible() and csv.is_visible()

    page.emulate_media(media="print")
    assert steps.is_hidden()
    assert log_out.is_hidden()
    assert csv.is_hidden()
    expect(page.locator("svg.ii-chart--shares")).to_be_visible()
    expect(page.locator("svg.ii-chart--bars").first).to_be_visible()
    expect(page.get_by_role("heading", name="Nulmeting 2025")).to_be_visible()
    department = page.get_by_role("link", name="Ruimte").first
    assert department.evaluate("a => getComputedStyle(a, '::after').content") == "none"
    assert page.locator("figure").first.evaluate("f => getComputedStyle(f).breakInside") == (
        "avoid"
    )
    assert page.pdf(format="A4")[:4] == b"%PDF"

    page.emulate_media(media="screen")
    expect(steps).to_be_visible()
