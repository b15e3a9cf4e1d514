"""Attacks in a real browser: markup an enterprise typed must not run on a curator's screen."""

import importlib

import pytest
from django.apps import apps

from impactinkoop.catalogue.models import Revision
from impactinkoop.catalogue.services.revisions import propose_offer

from ..catalogue.helpers import published_enterprise
from ..factories import make_user
from .test_browser import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

APPROVE_ITSELF = "<img src=x onerror=\"document.querySelector('button[value=approve]').click()\">"


def test_an_offer_title_cannot_approve_itself_when_the_curator_opens_it(page, live_server):
    # Transactional tests empty the tables between tests: load the category tree again.
    importlib.import_module("impactinkoop.catalogue.migrations.0003_platform_categories").load(
        apps, None
    )
    curator = make_user("curator@example.org", is_staff=True)
    editor = make_user("ondernemer@example.org")
    enterprise = published_enterprise(
        "20000001", "Zeeperij Zuiver", [("bedankjes", "Zeep met logo", "Handgemaakte zeep")]
    )
    offer = enterprise.offers.get()
    revision = propose_offer(
        enterprise,
        offer=offer,
        data={
            "category": offer.category_id,
            "kind": "product",
            "title": APPROVE_ITSELF,
            "description": "Zeep",
            "price_indication": APPROVE_ITSELF,
        },
        actor=editor,
    )

    log_in(page, live_server, curator.email)
    page.goto(f"{live_server.url}/curation/catalogue/changes/{revision.pk}/")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)  # time for an image error handler to fire

    assert page.url == f"{live_server.url}/curation/catalogue/changes/{revision.pk}/"
    assert page.locator("img[src=x]").count() == 0
    assert page.get_by_role("cell", name=APPROVE_ITSELF).count() == 2
    revision.refresh_from_db()
    assert revision.state == Revision.State.PENDING


def test_the_browser_refuses_an_inline_event_handler_and_the_test_sees_it(
    page, live_server, csp_violations
):
    page.goto(f"{live_server.url}/login/")
    page.evaluate(
        """document.body.insertAdjacentHTML(
            "beforeend", '<img src="/static/missing.png" onerror="window.ran = true">')"""
    )
    page.wait_for_function("() => document.querySelector('img').complete")
    page.wait_for_timeout(200)

    assert page.evaluate("window.ran === undefined")
    assert f"script-src-attr blocked inline on {live_server.url}/login/" in csp_violations
    assert any("inline event handler" in text for text in csp_violations)
    csp_violations.clear()  # provoked on purpose
