"""Usable on a phone (issue 15, item 17): at 390 px no page scrolls sideways, the header stays
compact with "Uitloggen" in view, badges are readable and the search box is wide enough."""

import importlib

import pytest
from django.apps import apps
from django.core.management import call_command

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


@pytest.fixture
def phone(browser, csp_violations):
    context = browser.new_context(viewport={"width": WIDTH, "height": 844})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.mark.parametrize("role", list(PAGES))
def test_no_page_scrolls_sideways_at_390_px(role, demo, phone, live_server):
    log_in(phone, live_server, f"{role}@voorbeeldstad.example")
    too_wide = {}
    for path in PAGES[role]:
        response = phone.goto(f"{live_server.url}/o/voorbeeldstad/{path}")
        # 200 and no redirect on the way (goto answers with the last response of a redirect).
        assert (response.status, response.request.redirected_from) == (200, None), path
        width = phone.evaluate("document.documentElement.scrollWidth")
        if width > WIDTH:
            too_wide[path] = width
        log_out = phone.get_by_role("button", name="Uitloggen")
        assert log_out.is_visible()
        box = log_out.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= WIDTH, path
        header = phone.evaluate("document.querySelector('.site-header').offsetHeight")
        assert header < 844 / 3, (path, header)
    assert too_wide == {}


def test_badges_and_the_search_box_are_readable_on_a_phone(demo, phone, live_server):
    log_in(phone, live_server, "requester@voorbeeldstad.example")
    phone.goto(f"{live_server.url}/o/voorbeeldstad/catalogue/search/?q=lunch")
    sizes = phone.eval_on_selector_all(
        ".badge", "nodes => nodes.map(n => parseFloat(getComputedStyle(n).fontSize))"
    )
    assert sizes and min(sizes) >= 12
    phone.goto(f"{live_server.url}/o/voorbeeldstad/")
    search = phone.locator("#home-search").bounding_box()
    assert search["width"] >= 0.6 * WIDTH
    select_height = phone.locator("#switch-organisation").bounding_box()["height"]
    assert select_height >= 28
