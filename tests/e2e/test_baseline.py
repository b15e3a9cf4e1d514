"""From the home page to a frozen official baseline and its board PDF, in Dutch and English."""

import pytest
from playwright.sync_api import expect

from impactinkoop.registry.models import Company, Qualification
from impactinkoop.spend.models import Baseline

from ..spend.test_baseline import LEDGER
from ..spend.test_importing import import_text
from .test_browser import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_coordinator_freezes_the_baseline_and_downloads_the_pdf(page, live_server, org, alice):
    werkplaats = Company.objects.create(kvk_number="01234567", name="De Werkplaats B.V.")
    Qualification.objects.create(company=werkplaats, source="sw_company", valid_from="2020-01-01")
    import_text(org, LEDGER)

    log_in(page, live_server, alice.email)
    page.goto(f"{live_server.url}/o/{org.slug}/")
    page.get_by_role("navigation", name="Stappen van de aanpak").get_by_role(
        "link", name="Inventarisatie"
    ).click()
    page.get_by_role("link", name="Nulmeting", exact=True).click()
    expect(page.get_by_role("heading", name="Nulmeting 2025")).to_be_visible()
    expect(page.get_by_text("€ 2.484,59").first).to_be_visible()
    expect(
        page.get_by_text("€ 1.134,55").first
    ).to_be_visible()  # De Werkplaats, credit note included

    # Drill down from a department to its lines, and back.
    page.get_by_role("link", name="Ruimte").first.click()
    expect(page.get_by_role("heading", name="Grootboekregels")).to_be_visible()
    expect(page.get_by_text("3 regels, samen € 1.434,55")).to_be_visible()
    page.go_back()

    page.get_by_label("Naam").fill("Nulmeting 2025 (raad)")
    # Official is a deliberate choice: not ticked until the coordinator ticks it.
    official = page.get_by_label("Maak dit de officiële nulmeting")
    assert not official.is_checked()
    official.check()
    with page.expect_navigation():
        page.get_by_role("button", name="Leg de cijfers van 2025 vast").click()
    expect(page.get_by_role("heading", name="Nulmeting 2025 (raad)")).to_be_visible()
    assert Baseline.objects.get().is_official

    with page.expect_download() as download:
        page.get_by_role("link", name="PDF voor het bestuur (Nederlands)").click()
    assert download.value.suggested_filename.endswith(".pdf")
    with open(download.value.path(), "rb") as handle:
        assert handle.read(4) == b"%PDF"

    # The same in English.
    page.get_by_role("button", name="English").or_(
        page.get_by_role("link", name="English")
    ).first.click()
    page.wait_for_load_state()
    expect(page.get_by_text("Later imports do not change them")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="PDF for the board (English)").click()
    with open(download.value.path(), "rb") as handle:
        assert handle.read(4) == b"%PDF"


def test_a_viewer_downloads_few_lines_at_once_and_many_through_a_job(
    page, live_server, org, bob, settings
):
    import_text(org, LEDGER)
    log_in(page, live_server, bob.email)
    page.goto(f"{live_server.url}/o/{org.slug}/spend/baseline/lines/?year=2025")
    expect(page.get_by_text("5 regels, samen € 2.484,59")).to_be_visible()

    with page.expect_download() as download:
        page.get_by_role("button", name="CSV").click()
    assert download.value.suggested_filename == "lines-voorbeeldstad-2025.csv"
    with open(download.value.path(), encoding="utf-8-sig") as handle:
        assert len(handle.read().splitlines()) == 1 + 5

    # Above the threshold the file is written by a job; its page offers the download.
    settings.EXPORT_DIRECT_MAX_LINES = 4
    page.reload()
    expect(page.get_by_text("op de achtergrond klaargemaakt")).to_be_visible()
    with page.expect_navigation():
        page.get_by_role("button", name="XLSX").click()
    expect(page.get_by_role("heading", name="Grootboekregels 2025 (XLSX)")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="lines-voorbeeldstad-2025.xlsx downloaden").click()
    assert download.value.suggested_filename == "lines-voorbeeldstad-2025.xlsx"
    with open(download.value.path(), "rb") as handle:
        assert handle.read(2) == b"PK"  # a zip, as every XLSX is
