"""The ledger import wizard in a real browser: upload, map, check, import, see the suppliers."""

import pytest
from playwright.sync_api import expect

from impactinkoop.spend.models import LedgerLine

from ..spend.test_importing import LEDGER
from .test_browser import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_coordinator_imports_a_ledger_export(page, live_server, org, alice, tmp_path):
    export = tmp_path / "crediteuren-2025.csv"
    export.write_bytes(LEDGER.replace("Koffie", "Café").encode("cp1252"))
    log_in(page, live_server, alice.email)
    page.goto(f"{live_server.url}/o/{org.slug}/steps/inventory/")
    page.get_by_role("link", name="Grootboekimports").click()

    page.get_by_label("Grootboekexport").set_input_files(str(export))
    page.get_by_role("button", name="Uploaden en verder").click()
    expect(page.get_by_role("heading", name="Kolommen koppelen")).to_be_visible()
    assert page.get_by_label("Bedrag", exact=True).input_value() == "Bedrag"
    expect(page.get_by_text("Gelezen als windows-1252")).to_be_visible()

    page.get_by_role("button", name="Alle regels controleren").click()
    page.get_by_role("link", name="Bekijk het resultaat").click()
    expect(page.get_by_role("heading", name="Wat de import gaat doen")).to_be_visible()
    assert not LedgerLine.objects.exists()

    page.get_by_role("button", name="4 regels importeren").click()
    page.get_by_role("link", name="Bekijk het resultaat").click()
    expect(page.get_by_role("heading", name="Wat de import deed")).to_be_visible()
    assert LedgerLine.objects.count() == 4

    page.goto(f"{live_server.url}/o/{org.slug}/spend/suppliers/")
    expect(page.get_by_role("cell", name="DE WERKPLAATS B.V.")).to_be_visible()


def test_an_import_whose_worker_died_is_started_again_with_one_button(
    page, live_server, org, alice, tmp_path
):
    from datetime import timedelta

    from django.utils import timezone

    from impactinkoop.core.models import Job
    from impactinkoop.spend.models import LedgerImport

    export = tmp_path / "crediteuren-2025.csv"
    export.write_bytes(LEDGER.encode())
    log_in(page, live_server, alice.email)
    page.goto(f"{live_server.url}/o/{org.slug}/spend/imports/")
    page.get_by_label("Grootboekexport").set_input_files(str(export))
    page.get_by_role("button", name="Uploaden en verder").click()
    page.get_by_role("button", name="Alle regels controleren").click()
    page.get_by_role("link", name="Bekijk het resultaat").click()
    # The worker picks the import up and is killed halfway: its lease runs out.
    ledger_import = LedgerImport.objects.get()
    job = Job.objects.create(
        organisation=org,
        kind="spend.import",
        title="Import crediteuren-2025.csv",
        params={
            "ledger_import": ledger_import.pk,
            "next_url": f"/o/{org.slug}/spend/imports/{ledger_import.pk}/",
        },
        state=Job.State.RUNNING,
        done=50,
        total=100,
        lease_expires_at=timezone.now() - timedelta(seconds=1),
    )
    LedgerImport.objects.filter(pk=ledger_import.pk).update(state="importing", job=job)

    page.reload()
    expect(
        page.get_by_role("alert").get_by_text("is gestopt voordat de taak klaar was")
    ).to_be_visible()
    page.get_by_role("button", name="Opnieuw proberen").click()
    page.get_by_role("link", name="Bekijk het resultaat").click()
    expect(page.get_by_role("heading", name="Wat de import deed")).to_be_visible()
    assert LedgerLine.objects.count() == 4
