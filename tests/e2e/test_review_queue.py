"""The supplier review queue in a real browser, decided with the keyboard."""

import pytest
from playwright.sync_api import expect

from impactinkoop.registry.models import Company
from impactinkoop.spend.linking.links import match_suppliers
from impactinkoop.spend.models import Supplier, SupplierMatch

from .test_browser import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_coordinator_reviews_proposals_with_the_keyboard(page, live_server, org, alice):
    Company.objects.create(kvk_number="22334455", name="Bakkerij Jansen")
    janssen = Company.objects.create(kvk_number="22334466", name="Bakkerij Janssen")
    Company.objects.create(kvk_number="01234567", name="De Werkplaats B.V.")
    Supplier.objects.create(organisation=org, key="n:1", name="BAKKERIJ JANSENS")
    Supplier.objects.create(
        organisation=org, key="n:2", name="De Werkplaats", kvk_number="99999999"
    )
    match_suppliers(organisation=org, actor="test")
    assert SupplierMatch.objects.filter(state="proposed").count() == 2

    log_in(page, live_server, alice.email)
    page.goto(f"{live_server.url}/o/{org.slug}/spend/matches/")
    expect(page.get_by_role("heading", name="Voorstel 1 van 2")).to_be_visible()
    first = page.locator("#proposal dd strong").first.inner_text()

    with page.expect_navigation():
        page.keyboard.press("r")  # reject the first proposal
    expect(page.get_by_role("heading", name="Voorstel 1 van 1")).to_be_visible()
    assert page.locator("#proposal dd strong").first.inner_text() != first

    if page.get_by_role("radio").count():
        page.keyboard.press("1")  # choose the first other company, Enter links it
        chosen = page.get_by_role("radio").first.get_attribute("value")
        with page.expect_navigation():
            page.keyboard.press("Enter")
    else:
        with page.expect_navigation():
            page.keyboard.press("a")
        chosen = None
    expect(page.get_by_text("Niets te beoordelen.")).to_be_visible()
    decided = SupplierMatch.objects.filter(state="accepted").get()
    if chosen:
        assert decided.company_id == int(chosen)
    assert Supplier.objects.exclude(company=None).count() == 1
    assert janssen.pk  # both bakeries stayed in the register


def test_coordinator_ticks_a_whole_page_and_rejects_it_at_once(page, live_server, org, alice):
    """Issue 15, item 8: the list view's "tick all" box (a script of its own, no inline code)
    and one decision for many proposals."""
    werkbedrijf = Company.objects.create(kvk_number="11112222", name="Werkbedrijf Midden")
    for n in range(4):
        supplier = Supplier.objects.create(organisation=org, key=f"n:{n}", name=f"Midden {n}")
        SupplierMatch.objects.create(
            organisation=org, supplier=supplier, company=werkbedrijf, score=82, reason="x"
        )
    log_in(page, live_server, alice.email)
    page.goto(f"{live_server.url}/o/{org.slug}/spend/matches/list/")
    boxes = page.locator("input[name=proposal]")
    assert boxes.count() == 4
    page.get_by_label("Alles op deze pagina aanvinken").check()
    assert all(boxes.nth(n).is_checked() for n in range(4))
    boxes.nth(0).uncheck()  # two stay
    boxes.nth(1).uncheck()
    with page.expect_navigation():
        page.get_by_role("button", name="De aangevinkte voorstellen afwijzen").click()
    expect(page.get_by_text("2 voorstellen afgewezen")).to_be_visible()
    assert SupplierMatch.objects.filter(state="rejected").count() == 2
    with page.expect_navigation():
        page.get_by_role(
            "button", name="Alle 2 voorstellen voor Werkbedrijf Midden afwijzen"
        ).click()
    assert not SupplierMatch.objects.filter(state="proposed").exists()
