"""Usable on a phone (issue 15, item 17; issue 18, item 5): at 390 and 320 px no page scrolls
sideways (WCAG 1.4.10), the header stays compact with its menu behind a button ("Uitloggen" in
view once it is open, and without script the menu is simply open), tables scroll inside their own
labelled box, badges are readable and the search box is wide enough."""

import importlib

import pytest
from django.apps import apps
from django.core.management import call_command
from playwright.sync_api import expect

from ..factories import PASSWORD
from .test_browser import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WIDTH = 390
PAGES = {
    "coordinator": [
        "",
        "catalogue/",
        "catalogue/search/?q=lunch",
        "spend/baseline/?year=2025",
        "spend/imports/",
        "spend/suppliers/",
        "audit/",
        "plan/",
        "plan/goals/",
        "catalogue/requests/",
    ],
    "requester": ["", "catalogue/", "catalogue/search/?q=lunch", "catalogue/requests/", "plan/"],
    "viewer": ["", "spend/baseline/?year=2025", "plan/goals/"],
}


@pytest.fixture
def demo(db):
    # Transactional tests empty the tables between tests: load the migrations' data again.
    for migration in (
        "impactinkoop.catalogue.migrations.0003_platform_categories",
        "impactinkoop.plans.migrations.0002_national_themes",
    ):
        importlib.import_module(migration).load(apps, None)
    call_command("demo", no_serve=True, password=PASSWORD)


def open_phone(browser, width, **options):
    context = browser.new_context(viewport={"width": width, "height": 844}, **options)
    page = context.new_page()
    page.set_default_timeout(10_000)
    return context, page


@pytest.fixture
def phone(browser, csp_violations):
    context, page = open_phone(browser, WIDTH)
    yield page
    context.close()


def open_menu(page):
    page.get_by_role("button", name="Menu").click()
    assert page.get_by_role("button", name="Menu").get_attribute("aria-expanded") == "true"


@pytest.mark.parametrize("width", [390, 320])
@pytest.mark.parametrize("role", list(PAGES))
def test_no_page_scrolls_sideways_on_a_phone(
    role, width, demo, browser, csp_violations, live_server
):
    context, phone = open_phone(browser, width)
    log_in(phone, live_server, f"{role}@voorbeeldstad.example")
    too_wide = {}
    for path in PAGES[role]:
        response = phone.goto(f"{live_server.url}/o/voorbeeldstad/{path}")
        # 200 and no redirect on the way (goto answers with the last response of a redirect).
        assert (response.status, response.request.redirected_from) == (200, None), path
        width_now = phone.evaluate("document.documentElement.scrollWidth")
        if width_now > width:
            too_wide[path] = width_now
        # The menu is closed behind its button: the header stays small.
        log_out = phone.get_by_role("button", name="Uitloggen")
        assert not log_out.is_visible(), path
        header = phone.evaluate("document.querySelector('.site-header').offsetHeight")
        assert header < 844 / 3, (path, header)
        open_menu(phone)
        expect(log_out).to_be_visible()
        box = log_out.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, path
        assert phone.evaluate("document.documentElement.scrollWidth") <= width, path
    context.close()
    assert too_wide == {}


def test_without_script_the_menu_is_open(demo, browser, live_server):
    context, phone = open_phone(browser, 320, java_script_enabled=False)
    log_in(phone, live_server, "coordinator@voorbeeldstad.example")
    phone.goto(f"{live_server.url}/o/voorbeeldstad/plan/")
    expect(phone.get_by_role("button", name="Menu")).not_to_be_visible()
    expect(phone.get_by_role("button", name="Uitloggen")).to_be_visible()
    expect(phone.get_by_role("link", name="Mijn account")).to_be_visible()
    context.close()


def test_a_wide_table_scrolls_inside_its_own_labelled_box(
    demo, browser, csp_violations, live_server
):
    context, phone = open_phone(browser, 320)
    log_in(phone, live_server, "coordinator@voorbeeldstad.example")
    phone.goto(f"{live_server.url}/o/voorbeeldstad/spend/suppliers/")
    box = phone.locator(".table-scroll").first
    assert box.get_attribute("role") == "region"
    assert box.get_attribute("tabindex") == "0"
    assert box.get_attribute("aria-label")
    sizes = box.evaluate("b => [b.scrollWidth, b.clientWidth]")
    assert sizes[0] > sizes[1]  # the table is wider than the screen ...
    assert phone.evaluate("document.documentElement.scrollWidth") <= 320  # ... the page is not
    # A keyboard reaches the box and scrolls it.
    box.focus()
    phone.keyboard.press("ArrowRight")
    phone.wait_for_function("() => document.querySelector('.table-scroll').scrollLeft > 0")
    context.close()


def test_badges_and_the_search_box_are_readable_on_a_phone(demo, phone, live_server):
    log_in(phone, live_server, "requester@voorbeeldstad.example")
    phone.goto(f"{live_server.url}/o/voorbeeldstad/catalogue/search/?q=lunch")
    sizes = phone.eval_on_selector_all(
        ".utrecht-data-badge", "nodes => nodes.map(n => parseFloat(getComputedStyle(n).fontSize))"
    )
    assert sizes and min(sizes) >= 12
    phone.goto(f"{live_server.url}/o/voorbeeldstad/")
    search = phone.locator("#home-search").bounding_box()
    assert search["width"] >= 0.6 * WIDTH
    open_menu(phone)
    select_height = phone.locator("#switch-organisation").bounding_box()["height"]
    assert select_height >= 28
